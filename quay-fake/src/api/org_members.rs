//! Organization members one by one, and outside collaborators (users with repository
//! permissions in the organization but on none of its teams).

use super::common::{Req, ok};
use super::views::{entity_avatar, team_avatar};
use crate::access::require_org_admin;
use crate::http::errors::not_found;
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, State};
use serde_json::{Value, json};

/// The organization named by the route, for its administrators (404 when missing).
fn admin_org(s: &State, req: &Req) -> Result<u64, Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    s.org_id(req.p("orgname")).ok_or_else(not_found)
}

/// Names of the organization's repositories `who` has a direct permission on.
fn repositories_of(s: &State, org: u64, who: u64) -> Vec<Value> {
    s.repos.values().filter(|r| r.ns == org && r.user_perms.iter().any(|(u, _)| *u == who)).map(|r| json!(r.name)).collect()
}

/// getOrganizationMember: a user on one of its teams, or one of its robots; 404 otherwise
/// (outside collaborators included).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let m = s.find(req.p("membername")).filter(|e| e.kind != Kind::Org).ok_or_else(not_found)?;
    let o = s.entity(org).expect("org");
    let teams: Vec<Value> = o.teams.iter().filter(|t| t.members.contains(&m.id)).map(|t| json!({"name": t.name, "avatar": team_avatar(t)})).collect();
    let own_robot = m.robot.as_ref().is_some_and(|r| r.parent == org);
    if teams.is_empty() && !own_robot {
        return Err(not_found());
    }
    let kind = if m.kind == Kind::Robot { "robot" } else { "user" };
    ok(200, json!({"name": m.name, "kind": kind, "avatar": entity_avatar(m, kind), "teams": teams, "repositories": repositories_of(s, org, m.id)}))
}

/// removeOrganizationMember: takes a user off every team and every repository of the
/// organization (204, also for a user who was neither); robots and unknown names give 404.
pub(crate) fn remove(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let m = s.find(req.p("membername")).filter(|e| e.kind == Kind::User).map(|e| e.id).ok_or_else(not_found)?;
    for t in s.entities.get_mut(&org).expect("org").teams.iter_mut() {
        t.members.retain(|x| *x != m);
    }
    for r in s.repos.values_mut().filter(|r| r.ns == org) {
        r.user_perms.retain(|(u, _)| *u != m);
    }
    req.log(s, "org_remove_member", Some(org), json!({"member": req.p("membername")}));
    Ok(Reply::empty(204))
}

/// getOrganizationCollaborators: users (never robots) with a permission on a repository of the
/// organization who are on none of its teams.
pub(crate) fn collaborators(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let mut seen: Vec<u64> = vec![];
    for r in s.repos.values().filter(|r| r.ns == org) {
        for (u, _) in &r.user_perms {
            let is_user = s.entity(*u).is_some_and(|e| e.kind == Kind::User);
            if is_user && !seen.contains(u) && !s.is_org_member(org, *u) {
                seen.push(*u);
            }
        }
    }
    let list: Vec<Value> = seen
        .iter()
        .filter_map(|u| s.entity(*u))
        .map(|e| json!({"kind": "user", "name": e.name, "avatar": entity_avatar(e, "user"), "repositories": repositories_of(s, org, e.id)}))
        .collect();
    ok(200, json!({"collaborators": list}))
}
