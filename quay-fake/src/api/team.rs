//! Organization teams: create/update, delete, members, repository permissions and syncing.

use super::common::{Req, ok};
use super::views::{natural_avatar, team_avatar};
use crate::access::require_org_admin;
use crate::http::errors::{self, invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, State, Team, TeamSync, namespace_error};
use crate::util::rfc2822;
use serde_json::{Value, json};

fn view(t: &Team, new_team: bool) -> Value {
    json!({
        "name": t.name,
        "description": t.description,
        "can_view": true,
        "role": t.role,
        "avatar": team_avatar(t),
        "new_team": new_team,
    })
}

fn admin_check(s: &State, req: &Req) -> Result<(), Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))
}

fn view_check(s: &State, req: &Req) -> Result<(), Reply> {
    let (org, team) = (req.p("orgname"), req.p("teamname"));
    let uid = req.ident.user.unwrap_or(0);
    let in_team = req.ident.org_member(s, org)
        && s.org_id(org).and_then(|o| s.team(o, team)).is_some_and(|t| t.members.contains(&uid));
    if in_team || req.ident.org_admin(s, org) || req.ident.superuser(s) { Ok(()) } else { Err(req.unauthorized(s)) }
}

/// Whether `user` keeps admin on `org` through an admin team other than `except`.
fn keeps_admin(s: &State, org: u64, user: u64, except: u64) -> bool {
    s.entity(org).is_some_and(|o| o.teams.iter().any(|t| t.id != except && t.role == "admin" && t.members.contains(&user)))
}

fn team_index(s: &State, org: u64, name: &str) -> Option<usize> {
    s.entity(org)?.teams.iter().position(|t| t.name == name)
}

/// updateOrganizationTeam (200 both when creating, `new_team: true`, and when updating).
pub(crate) fn update(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("TeamDescription")?;
    admin_check(s, req)?;
    let (orgname, teamname) = (req.p("orgname").to_string(), req.p("teamname").to_string());
    let Some(org) = s.org_id(&orgname) else {
        return Err(errors::message(400, format!("Organization does not exist: {orgname}")));
    };
    let description = body.get("description").and_then(Value::as_str);
    let role = body.get("role").and_then(Value::as_str);
    let Some(idx) = team_index(s, org, &teamname) else {
        if let Some(msg) = namespace_error(&teamname) {
            return Err(errors::message(400, format!("Invalid team name {teamname}: {msg}")));
        }
        let team = Team {
            id: s.alloc_id(),
            name: teamname.clone(),
            description: description.unwrap_or_default().to_string(),
            role: role.unwrap_or("member").to_string(),
            members: vec![],
            sync: None,
        };
        let v = view(&team, true);
        s.entities.get_mut(&org).expect("org").teams.push(team);
        req.log(s, "org_create_team", Some(org), json!({"team": teamname}));
        return ok(200, v);
    };
    if let Some(d) = description {
        let t = &mut s.entities.get_mut(&org).expect("org").teams[idx];
        if t.description != d {
            t.description = d.to_string();
            req.log(s, "org_set_team_description", Some(org), json!({"team": teamname, "description": d}));
        }
    }
    if let Some(r) = role {
        let (tid, current) = {
            let t = &s.entity(org).expect("org").teams[idx];
            (t.id, t.role.clone())
        };
        if current != r {
            let caller = req.ident.user.unwrap_or(0);
            if current == "admin" && !keeps_admin(s, org, caller, tid) {
                return Err(errors::message(
                    400,
                    format!("Cannot remove admin from team '{teamname}' because calling user would no longer have admin on org '{orgname}'"),
                ));
            }
            s.entities.get_mut(&org).expect("org").teams[idx].role = r.to_string();
            req.log(s, "org_set_team_role", Some(org), json!({"team": teamname, "role": r}));
        }
    }
    ok(200, view(&s.entity(org).expect("org").teams[idx], false))
}

/// deleteOrganizationTeam (bare 400 messages for missing teams and the last admin team).
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    admin_check(s, req)?;
    let (orgname, teamname) = (req.p("orgname").to_string(), req.p("teamname").to_string());
    let missing = || errors::message(400, format!("Team '{teamname}' is not a team in org '{orgname}'"));
    let org = s.org_id(&orgname).ok_or_else(missing)?;
    let idx = team_index(s, org, &teamname).ok_or_else(missing)?;
    let t = s.entity(org).expect("org").teams[idx].clone();
    let caller = req.ident.user.unwrap_or(0);
    if t.role == "admin" && t.members.contains(&caller) && !keeps_admin(s, org, caller, t.id) {
        return Err(errors::message(
            400,
            format!(
                "Deleting team '{teamname}' would remove admin ability for user '{}' in organization '{orgname}'",
                s.name_of(caller)
            ),
        ));
    }
    s.delete_team(org, idx);
    req.log(s, "org_delete_team", Some(org), json!({"team": teamname}));
    Ok(Reply::empty(204))
}

fn member_view(s: &State, id: u64) -> Value {
    let e = s.entity(id).expect("member");
    json!({"name": e.name, "kind": "user", "is_robot": e.kind == Kind::Robot, "avatar": natural_avatar(e), "invited": false})
}

/// getOrganizationTeamMembers.
pub(crate) fn members(s: &mut State, req: &Req) -> ApiResult {
    view_check(s, req)?;
    let (orgname, teamname) = (req.p("orgname"), req.p("teamname"));
    let org = s.org_id(orgname).ok_or_else(not_found)?;
    let t = s.team(org, teamname).ok_or_else(not_found)?;
    let mut members: Vec<Value> = t.members.iter().map(|m| member_view(s, *m)).collect();
    if req.q_bool("includePending", false) && (req.ident.org_admin(s, orgname) || req.ident.superuser(s)) {
        let pending = s.chapters.team_invites.iter().filter(|(team, _)| *team == t.id);
        members.extend(pending.map(|(_, email)| super::team_invite::invite_view(email)));
    }
    let mut out = json!({"name": teamname, "members": members, "can_edit": req.ident.org_admin(s, orgname)});
    if s.features.team_syncing {
        let superuser = req.ident.superuser(s);
        if superuser && req.ident.org_admin(s, orgname) {
            out["can_sync"] = json!({"service": SYNC_SERVICE});
        }
        if let Some(sync) = &t.sync {
            out["synced"] = json!({"service": SYNC_SERVICE});
            if superuser {
                out["synced"]["last_updated"] = json!(rfc2822(sync.last_updated));
                out["synced"]["config"] = sync.config.clone();
            }
        }
    }
    ok(200, out)
}

/// updateOrganizationTeamMember (adds directly; no invitations).
pub(crate) fn add_member(s: &mut State, req: &Req) -> ApiResult {
    admin_check(s, req)?;
    let (orgname, teamname, member) = (req.p("orgname"), req.p("teamname"), req.p("membername"));
    let org = s.org_id(orgname).ok_or_else(not_found)?;
    let idx = team_index(s, org, teamname).ok_or_else(not_found)?;
    let user = s.find(member).filter(|e| e.kind != Kind::Org).ok_or_else(|| invalid_request("Unknown user"))?;
    if let Some(ri) = &user.robot
        && ri.parent != org {
            return Err(errors::message(
                400,
                "Cannot add the specified robot to this team, as it is not a member of the organization",
            ));
        }
    let uid = user.id;
    let t = &mut s.entities.get_mut(&org).expect("org").teams[idx];
    if t.members.contains(&uid) {
        return Err(errors::message(400, format!("User {member} is already a member of team {teamname}")));
    }
    t.members.push(uid);
    req.log(s, "org_add_team_member", Some(org), json!({"member": member, "team": teamname}));
    ok(200, member_view(s, uid))
}

/// deleteOrganizationTeamMember.
pub(crate) fn remove_member(s: &mut State, req: &Req) -> ApiResult {
    admin_check(s, req)?;
    let (orgname, teamname, member) = (req.p("orgname"), req.p("teamname"), req.p("membername"));
    let org = s.org_id(orgname).ok_or_else(not_found)?;
    let idx = team_index(s, org, teamname).ok_or_else(not_found)?;
    let uid = s.find(member).filter(|e| e.kind != Kind::Org).map(|e| e.id).ok_or_else(not_found)?;
    let t = &s.entity(org).expect("org").teams[idx];
    if !t.members.contains(&uid) {
        return Err(errors::message(400, format!("User {member} does not belong to team {teamname}")));
    }
    if t.role == "admin" && Some(uid) == req.ident.user && !keeps_admin(s, org, uid, t.id) {
        return Err(errors::message(400, format!("User {member} cannot remove themselves from their only admin team.")));
    }
    s.entities.get_mut(&org).expect("org").teams[idx].members.retain(|m| *m != uid);
    req.log(s, "org_remove_team_member", Some(org), json!({"member": member, "team": teamname}));
    Ok(Reply::empty(204))
}

/// getOrganizationTeamPermissions.
pub(crate) fn permissions(s: &mut State, req: &Req) -> ApiResult {
    view_check(s, req)?;
    let org = s.org_id(req.p("orgname")).ok_or_else(not_found)?;
    let t = s.team(org, req.p("teamname")).ok_or_else(not_found)?;
    let list: Vec<Value> = s
        .repos
        .values()
        .filter_map(|r| {
            r.team_perms.iter().find(|(id, _)| *id == t.id).map(|(_, role)| {
                json!({"repository": {"name": r.name, "is_public": r.public}, "role": role})
            })
        })
        .collect();
    ok(200, json!({"permissions": list}))
}

/// The federated login service the fake pretends to sync teams from.
const SYNC_SERVICE: &str = "ldap";

/// Sets (`Some`) or removes (`None`) a team's sync config. Quay allows it only to superusers
/// who administer the organization (NONSUPERUSER_TEAM_SYNCING_SETUP is off by default).
fn sync_common(s: &mut State, req: &Req, config: Option<Value>) -> ApiResult {
    if !req.ident.superuser(s) {
        return Err(req.unauthorized(s));
    }
    let org = s.org_id(req.p("orgname")).ok_or_else(not_found)?;
    let idx = team_index(s, org, req.p("teamname")).ok_or_else(not_found)?;
    let synced = config.is_some();
    let now = s.now();
    s.entities.get_mut(&org).expect("org").teams[idx].sync =
        config.map(|config| TeamSync { config, last_updated: now });
    let t = &s.entity(org).expect("org").teams[idx];
    let mut v = view(t, false);
    v["is_synced"] = json!(synced);
    let kind = if synced { "team_sync_enable" } else { "team_sync_disable" };
    let team = t.name.clone();
    req.log(s, kind, Some(org), json!({"team": team}));
    ok(200, v)
}

/// enableOrganizationTeamSync (served only with the team-syncing feature on).
pub(crate) fn enable_sync(s: &mut State, req: &Req) -> ApiResult {
    let body = req.get_json()?;
    // LDAP's group lookup needs a group_dn (authentication.check_group_lookup_args).
    if !body.get("group_dn").is_some_and(Value::is_string) {
        return Err(invalid_request("Could not sync to group: Missing group_dn"));
    }
    sync_common(s, req, Some(body))
}

/// disableOrganizationTeamSync (served only with the team-syncing feature on).
pub(crate) fn disable_sync(s: &mut State, req: &Req) -> ApiResult {
    sync_common(s, req, None)
}
