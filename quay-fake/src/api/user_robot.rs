//! Robot accounts of the caller's own namespace, and the federation configuration of
//! organization robots (external OIDC identities that may act as the robot).

use super::common::{Req, ok};
use super::views::team_avatar;
use crate::access::require_org_admin;
use crate::http::errors::{self, invalid_request};
use crate::http::{ApiResult, Reply};
use crate::model::{Entity, State, namespace_error};
use crate::util::rfc2822;
use serde_json::{Value, json};

const NO_ROBOT: &str = "Could not find robot with specified username";

fn base_view(e: &Entity) -> Value {
    let ri = e.robot.as_ref().expect("robot");
    json!({"name": e.name, "created": rfc2822(e.created), "last_accessed": null, "description": ri.description})
}

fn full_view(e: &Entity) -> Value {
    let mut v = base_view(e);
    let ri = e.robot.as_ref().expect("robot");
    v["token"] = json!(ri.token);
    v["unstructured_metadata"] = ri.metadata.clone();
    v
}

/// The caller (with `user:admin`) and their name.
fn caller(s: &State, req: &Req) -> Result<(u64, String), Reply> {
    match req.ident.user {
        Some(u) if req.ident.user_admin() => Ok((u, s.name_of(u))),
        _ => Err(req.unauthorized(s)),
    }
}

fn own_robot(s: &State, req: &Req) -> Result<(u64, u64), Reply> {
    let (me, name) = caller(s, req)?;
    let id = s.robot(&name, req.p("robot_shortname")).ok_or_else(|| errors::message(400, NO_ROBOT))?;
    Ok((me, id))
}

/// getUserRobots: the caller's robots in creation order (tokens unless `token=false`).
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    let token = req.q_bool("token", true);
    let permissions = req.q_bool("permissions", false);
    let limit = req.q_int("limit", "If specified, the number of robots to return.")?;
    let (me, _) = caller(s, req)?;
    let mut robots: Vec<&Entity> = s.entities.values().filter(|e| e.robot.as_ref().is_some_and(|r| r.parent == me)).collect();
    if let Some(l) = limit {
        robots.truncate(l.max(0) as usize);
    }
    let list: Vec<Value> = robots
        .iter()
        .map(|e| {
            let mut v = base_view(e);
            if permissions {
                let teams: Vec<Value> = s
                    .entities
                    .values()
                    .flat_map(|o| o.teams.iter())
                    .filter(|t| t.members.contains(&e.id))
                    .map(|t| json!({"name": t.name, "avatar": team_avatar(t)}))
                    .collect();
                let repos: Vec<Value> =
                    s.repos.values().filter(|r| r.user_perms.iter().any(|(u, _)| *u == e.id)).map(|r| json!(r.name)).collect();
                v["teams"] = json!(teams);
                v["repositories"] = json!(repos);
            }
            if token {
                v["token"] = json!(e.robot.as_ref().expect("robot").token);
            }
            v
        })
        .collect();
    ok(200, json!({"robots": list}))
}

/// getUserRobot (bare 400 message for a missing robot).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let (_, id) = own_robot(s, req)?;
    ok(200, full_view(s.entity(id).expect("robot")))
}

/// createUserRobot (201; body optional; a second PUT gives 400).
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json_optional("CreateRobot")?.unwrap_or_else(|| json!({}));
    let (me, name) = caller(s, req)?;
    let short = req.p("robot_shortname");
    if let Some(msg) = namespace_error(short) {
        return Err(invalid_request(format!("The name for the robot '{short}' is invalid: {msg}")));
    }
    if s.robot(&name, short).is_some() {
        return Err(invalid_request(format!("Existing robot with name: {name}+{short}")));
    }
    let description = body.get("description").and_then(Value::as_str).unwrap_or_default();
    let metadata = body.get("unstructured_metadata").cloned().unwrap_or(Value::Null);
    let id = s.create_robot(me, short, description, metadata);
    let meta = json!({"robot": short, "description": body.get("description"), "unstructured_metadata": body.get("unstructured_metadata")});
    req.log(s, "create_robot", Some(me), meta);
    ok(201, full_view(s.entity(id).expect("robot")))
}

/// deleteUserRobot (bare 400 message when missing).
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    let (me, id) = own_robot(s, req)?;
    s.delete_entity(id);
    s.chapters.federations.remove(&id);
    req.log(s, "delete_robot", Some(me), json!({"robot": req.p("robot_shortname")}));
    Ok(Reply::empty(204))
}

/// regenerateUserRobotToken.
pub(crate) fn regenerate(s: &mut State, req: &Req) -> ApiResult {
    let (me, id) = own_robot(s, req)?;
    let (_, token) = s.regenerate_robot_token(id);
    let mut v = base_view(s.entity(id).expect("robot"));
    v["token"] = json!(token);
    req.log(s, "regenerate_robot_token", Some(me), json!({"robot": req.p("robot_shortname")}));
    ok(200, v)
}

/// getUserRobotPermissions.
pub(crate) fn permissions(s: &mut State, req: &Req) -> ApiResult {
    let (_, id) = own_robot(s, req)?;
    let perms: Vec<Value> = s
        .repos
        .values()
        .filter_map(|r| {
            r.user_perms.iter().find(|(u, _)| *u == id).map(|(_, role)| json!({"repository": {"name": r.name, "is_public": r.public}, "role": role}))
        })
        .collect();
    ok(200, json!({"permissions": perms}))
}

/// The organization robot a federation route names (org admins and superusers only).
fn org_robot(s: &State, req: &Req) -> Result<u64, Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    s.robot(req.p("orgname"), req.p("robot_shortname")).ok_or_else(|| errors::message(400, NO_ROBOT))
}

fn federation_view(s: &State, robot: u64) -> Value {
    let entries = s.chapters.federations.get(&robot).cloned().unwrap_or_default();
    Value::Array(entries.iter().map(|(i, sub)| json!({"issuer": i, "subject": sub})).collect())
}

/// getOrgRobotFederation (`[]` when none).
pub(crate) fn federation_get(s: &mut State, req: &Req) -> ApiResult {
    let robot = org_robot(s, req)?;
    ok(200, federation_view(s, robot))
}

/// createOrgRobotFederation: replaces the whole list after checking every entry.
pub(crate) fn federation_set(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("CreateRobotFederation")?;
    let robot = org_robot(s, req)?;
    let mut entries: Vec<(String, String)> = vec![];
    for item in body.as_array().into_iter().flatten() {
        let text = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let (issuer, subject) = (text("issuer"), text("subject"));
        if issuer.is_empty() || subject.is_empty() {
            return Err(invalid_request("Missing one or more required fields (issuer, subject)"));
        }
        if !(issuer.starts_with("http://") || issuer.starts_with("https://")) {
            return Err(invalid_request("Issuer must be a URL (http:// or https://)"));
        }
        if entries.contains(&(issuer.clone(), subject.clone())) {
            return Err(invalid_request("Duplicate federation config entry"));
        }
        entries.push((issuer, subject));
    }
    let meta = json!({"robot": req.p("robot_shortname"), "config": body});
    s.chapters.federations.insert(robot, entries);
    let org = s.org_id(req.p("orgname"));
    req.log(s, "create_robot_federation", org, meta);
    ok(200, federation_view(s, robot))
}

/// deleteOrgRobotFederation: 204 whether or not anything was configured.
pub(crate) fn federation_delete(s: &mut State, req: &Req) -> ApiResult {
    let robot = org_robot(s, req)?;
    s.chapters.federations.remove(&robot);
    let org = s.org_id(req.p("orgname"));
    req.log(s, "delete_robot_federation", org, json!({"robot": req.p("robot_shortname")}));
    Ok(Reply::empty(204))
}
