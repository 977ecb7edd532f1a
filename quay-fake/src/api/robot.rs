//! Organization robot accounts.

use super::common::{Req, ok};
use super::views::team_avatar;
use crate::access::{require_org_admin, require_org_member};
use crate::http::errors::{self, invalid_request};
use crate::http::{ApiResult, Reply};
use crate::model::{Entity, Kind, State, namespace_error};
use crate::util::rfc2822;
use serde_json::{Value, json};

const NO_ROBOT: &str = "Could not find robot with specified username";

fn base_view(e: &Entity) -> Value {
    let ri = e.robot.as_ref().expect("robot");
    json!({"name": e.name, "created": rfc2822(e.created), "last_accessed": null, "description": ri.description})
}

/// The robot view with its token and metadata, as get/create answer.
pub(crate) fn full_view(e: &Entity, with_token: bool) -> Value {
    let mut v = base_view(e);
    let ri = e.robot.as_ref().expect("robot");
    if with_token {
        v["token"] = json!(ri.token);
    }
    v["unstructured_metadata"] = ri.metadata.clone();
    v
}

fn admin_check(s: &State, req: &Req) -> Result<(), Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))
}

/// Repositories a robot has direct permissions on: `[{repository: {name, is_public}, role}]`.
fn robot_permissions(s: &State, robot: u64) -> Vec<Value> {
    s.repos
        .values()
        .filter_map(|r| {
            r.user_perms.iter().find(|(u, _)| *u == robot).map(|(_, role)| {
                json!({"repository": {"name": r.name, "is_public": r.public}, "role": role})
            })
        })
        .collect()
}

/// getOrgRobots (`{"robots": []}` for a missing organization).
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    let token = req.q_bool("token", true);
    let permissions = req.q_bool("permissions", false);
    let limit = req.q_int("limit", "If specified, the number of robots to return.")?;
    let org = req.p("orgname");
    require_org_member(s, &req.ident, org)?;
    let su = req.ident.superuser(s);
    let admin = req.ident.org_admin(s, org) || su;
    let Some(org_id) = s.find(org).map(|e| e.id) else { return ok(200, json!({"robots": []})) };
    let mut robots: Vec<&Entity> =
        s.entities.values().filter(|e| e.robot.as_ref().is_some_and(|r| r.parent == org_id)).collect();
    robots.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(l) = limit {
        robots.truncate(l.max(0) as usize);
    }
    let list: Vec<Value> = robots
        .iter()
        .map(|e| {
            let mut v = base_view(e);
            if admin && permissions {
                let teams: Vec<Value> = s
                    .entity(org_id)
                    .map(|o| o.teams.iter().filter(|t| t.members.contains(&e.id)).map(|t| json!({"name": t.name, "avatar": team_avatar(t)})).collect())
                    .unwrap_or_default();
                let repos: Vec<Value> = s.repos.values().filter(|r| r.user_perms.iter().any(|(u, _)| *u == e.id)).map(|r| json!(r.name)).collect();
                v["teams"] = json!(teams);
                v["repositories"] = json!(repos);
            }
            if admin && token {
                v["token"] = json!(e.robot.as_ref().expect("robot").token);
            }
            v
        })
        .collect();
    ok(200, json!({"robots": list}))
}

/// getOrgRobot (bare 400 message for a missing robot).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    admin_check(s, req)?;
    let id = s.robot(req.p("orgname"), req.p("robot_shortname")).ok_or_else(|| errors::message(400, NO_ROBOT))?;
    ok(200, full_view(s.entity(id).expect("robot"), true))
}

/// createOrgRobot (201; body optional).
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json_optional("CreateRobot")?.unwrap_or_else(|| json!({}));
    admin_check(s, req)?;
    let org = req.p("orgname");
    let short = req.p("robot_shortname");
    let Some(parent) = s.find(org).filter(|e| e.kind != Kind::Robot).map(|e| e.id) else {
        return Err(errors::message(400, format!("Organization does not exist: {org}")));
    };
    if let Some(msg) = namespace_error(short) {
        return Err(invalid_request(format!("The name for the robot '{short}' is invalid: {msg}")));
    }
    if s.robot(org, short).is_some() {
        return Err(invalid_request(format!("Existing robot with name: {org}+{short}")));
    }
    let description = body.get("description").and_then(Value::as_str).unwrap_or_default();
    let metadata = body.get("unstructured_metadata").cloned().unwrap_or(Value::Null);
    let id = s.create_robot(parent, short, description, metadata.clone());
    let meta = json!({"robot": short, "description": body.get("description"), "unstructured_metadata": body.get("unstructured_metadata")});
    req.log(s, "create_robot", Some(parent), meta);
    ok(201, full_view(s.entity(id).expect("robot"), true))
}

/// deleteOrgRobot (400 while a mirror uses it; bare 400 message when missing).
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    admin_check(s, req)?;
    let (org, short) = (req.p("orgname"), req.p("robot_shortname"));
    let id = s.robot(org, short);
    if let Some(id) = id
        && s.repos.values().any(|r| r.mirror.as_ref().is_some_and(|m| m.robot == id)) {
            return Err(invalid_request("Robot is being used by a mirror"));
        }
    let id = id.ok_or_else(|| errors::message(400, NO_ROBOT))?;
    let parent = s.entity(id).and_then(|e| e.robot.as_ref()).map(|r| r.parent);
    s.delete_entity(id);
    req.log(s, "delete_robot", parent, json!({"robot": short}));
    Ok(Reply::empty(204))
}

/// regenerateOrgRobotToken.
pub(crate) fn regenerate(s: &mut State, req: &Req) -> ApiResult {
    admin_check(s, req)?;
    let short = req.p("robot_shortname").to_string();
    let id = s.robot(req.p("orgname"), &short).ok_or_else(|| errors::message(400, NO_ROBOT))?;
    let (parent, token) = s.regenerate_robot_token(id);
    let mut v = base_view(s.entity(id).expect("robot"));
    v["token"] = json!(token);
    req.log(s, "regenerate_robot_token", Some(parent), json!({"robot": short}));
    ok(200, v)
}

/// getOrgRobotPermissions (werkzeug 403 body for non-admins).
pub(crate) fn permissions(s: &mut State, req: &Req) -> ApiResult {
    if !req.ident.user_admin() {
        return Err(req.unauthorized(s));
    }
    let org = req.p("orgname");
    if !(req.ident.org_admin(s, org) || req.ident.superuser(s)) {
        return Err(errors::werkzeug_403());
    }
    let id = s.robot(org, req.p("robot_shortname")).ok_or_else(|| errors::message(400, NO_ROBOT))?;
    ok(200, json!({"permissions": robot_permissions(s, id)}))
}
