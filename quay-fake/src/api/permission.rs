//! Repository permissions of users, robots and teams.

use super::common::{Req, ok};
use super::views::{natural_avatar, team_avatar};
use crate::access::require_admin;
use crate::http::errors::{self, invalid_request};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, State};
use serde_json::{Map, Value, json};

fn user_view(s: &State, ns: u64, user: u64, role: &str) -> Value {
    let e = s.entity(user).expect("entity");
    let mut v = json!({"role": role, "name": e.name, "is_robot": e.kind == Kind::Robot, "avatar": natural_avatar(e)});
    if s.entity(ns).is_some_and(|o| o.kind == Kind::Org) {
        v["is_org_member"] = json!(s.is_org_member(ns, user));
    }
    v
}

fn team_view(s: &State, team: u64, role: &str) -> Value {
    let (_, t) = s.team_by_id(team).expect("team");
    json!({"role": role, "name": t.name, "avatar": team_avatar(t)})
}

/// listRepoUserPermissions (an empty map for a missing repository).
pub(crate) fn list_users(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let mut m = Map::new();
    if let Some(r) = s.repo(ns, name) {
        for (u, role) in &r.user_perms {
            m.insert(s.name_of(*u), user_view(s, r.ns, *u, role));
        }
    }
    ok(200, json!({"permissions": m}))
}

/// getUserPermissions (bare 400 message when there is no direct grant).
pub(crate) fn get_user(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let username = req.p("username");
    let found = s.repo(ns, name).and_then(|r| {
        let uid = s.find(username)?.id;
        r.user_perms.iter().find(|(u, _)| *u == uid).map(|(u, role)| user_view(s, r.ns, *u, role))
    });
    found.map(|v| Reply::json(200, v)).ok_or_else(|| errors::message(400, "User does not have permission for repo."))
}

/// changeUserPermissions (500 for a missing repository, as Quay).
pub(crate) fn set_user(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("UserPermission")?;
    let (ns, name) = req.repo();
    let username = req.p("username").to_string();
    let role = body["role"].as_str().unwrap_or("read").to_string();
    let Some(user) = s.find(&username).filter(|e| e.kind != Kind::Org) else {
        return Err(invalid_request(format!("Invalid username: {username}")));
    };
    if let Some(robot) = &user.robot
        && s.name_of(robot.parent) != ns {
            return Err(invalid_request(format!("Cannot add robot {username} under namespace {ns}")));
        }
    let uid = user.id;
    let Some(id) = s.repo_id(ns, name) else { return Err(errors::server_error()) };
    s.repo_mut(id).grant_user(uid, &role);
    let ns_id = s.repos[&id].ns;
    req.log(s, "change_repo_permission", Some(ns_id), json!({"username": username, "repo": name, "namespace": ns, "role": role}));
    ok(200, user_view(s, ns_id, uid, &role))
}

/// deleteUserPermissions.
pub(crate) fn delete_user(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let username = req.p("username").to_string();
    let uid = s.find(&username).map(|e| e.id);
    let id = s.repo_id(ns, name);
    let (Some(uid), Some(id)) = (uid, id) else {
        return Err(invalid_request("User does not have permission for repo."));
    };
    let r = s.repo_mut(id);
    let before = r.user_perms.len();
    r.user_perms.retain(|(u, _)| *u != uid);
    if r.user_perms.len() == before {
        return Err(invalid_request("User does not have permission for repo."));
    }
    let ns_id = r.ns;
    req.log(s, "delete_repo_permission", Some(ns_id), json!({"username": username, "repo": name, "namespace": ns}));
    Ok(Reply::empty(204))
}

/// listRepoTeamPermissions (an empty map for a missing repository).
pub(crate) fn list_teams(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let mut m = Map::new();
    if let Some(r) = s.repo(ns, name) {
        for (t, role) in &r.team_perms {
            if let Some((_, team)) = s.team_by_id(*t) {
                m.insert(team.name.clone(), team_view(s, *t, role));
            }
        }
    }
    ok(200, json!({"permissions": m}))
}

fn team_grant(s: &State, req: &Req) -> Option<(u64, u64, String)> {
    let (ns, name) = req.repo();
    let r = s.repo(ns, name)?;
    let team = s.team(r.ns, req.p("teamname"))?;
    r.team_perms.iter().find(|(t, _)| *t == team.id).map(|(t, role)| (r.id, *t, role.clone()))
}

/// getTeamPermissions (only `{"role"}`; bare 400 message when there is no grant).
pub(crate) fn get_team(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    match team_grant(s, req) {
        Some((_, _, role)) => ok(200, json!({"role": role})),
        None => Err(errors::message(400, "Team does not have permission for repo.")),
    }
}

/// changeTeamPermissions (500 for a missing repository, as Quay).
pub(crate) fn set_team(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("TeamPermission")?;
    let (ns, name) = req.repo();
    let teamname = req.p("teamname").to_string();
    let role = body["role"].as_str().unwrap_or("read").to_string();
    let team = s.find(ns).and_then(|o| s.team(o.id, &teamname)).map(|t| t.id);
    let Some(team) = team else {
        return Err(invalid_request(format!("No team {teamname} in organization {ns}")));
    };
    let Some(id) = s.repo_id(ns, name) else { return Err(errors::server_error()) };
    s.repo_mut(id).grant_team(team, &role);
    let ns_id = s.repos[&id].ns;
    req.log(s, "change_repo_permission", Some(ns_id), json!({"team": teamname, "repo": name, "role": role}));
    ok(200, team_view(s, team, &role))
}

/// deleteTeamPermissions.
pub(crate) fn delete_team(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let Some((id, team, _)) = team_grant(s, req) else {
        return Err(invalid_request("Team does not have permission for repo."));
    };
    let r = s.repo_mut(id);
    r.team_perms.retain(|(t, _)| *t != team);
    let ns_id = r.ns;
    let (_, name) = req.repo();
    req.log(s, "delete_repo_permission", Some(ns_id), json!({"team": req.p("teamname"), "repo": name}));
    Ok(Reply::empty(204))
}

/// getUserTransitivePermission: the roles a user holds directly, through teams and as an owner
/// of the namespace; none (or an unknown user or repository) is 404.
pub(crate) fn transitive(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let r = s.repo(ns, name).ok_or_else(errors::not_found)?;
    let user = s.find(req.p("username")).filter(|e| e.kind != Kind::Org).ok_or_else(errors::not_found)?;
    let mut roles: Vec<String> = r.user_perms.iter().filter(|(u, _)| *u == user.id).map(|(_, role)| role.clone()).collect();
    for (t, role) in &r.team_perms {
        if s.team_by_id(*t).is_some_and(|(_, team)| team.members.contains(&user.id)) {
            roles.push(role.clone());
        }
    }
    let owner = r.ns == user.id
        || s.entity(r.ns).is_some_and(|o| o.teams.iter().any(|t| t.role == "admin" && t.members.contains(&user.id)));
    if owner {
        roles.push("admin".into());
    }
    if roles.is_empty() {
        return Err(errors::not_found());
    }
    ok(200, json!({"permissions": roles.iter().map(|r| json!({"role": r})).collect::<Vec<_>>()}))
}
