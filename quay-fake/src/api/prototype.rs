//! Default-permission prototypes of an organization (duplicates allowed, as in Quay).

use super::common::{Req, ok};
use super::views::{member_view, team_avatar};
use crate::access::require_org_admin;
use crate::http::errors::{invalid_request, message, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, Prototype, State};
use crate::util::uuid4;
use serde_json::{Value, json};

fn view(s: &State, org: u64, p: &Prototype) -> Value {
    let user = |id: u64| s.entity(id).map(|e| member_view(s, org, e)).unwrap_or(Value::Null);
    let delegate = match (p.delegate_user, p.delegate_team) {
        (Some(u), _) => user(u),
        (None, Some(t)) => s
            .team_by_id(t)
            .map(|(_, t)| json!({"name": t.name, "kind": "team", "avatar": team_avatar(t)}))
            .unwrap_or(Value::Null),
        _ => Value::Null,
    };
    json!({
        "activating_user": p.activating_user.map(user).unwrap_or(Value::Null),
        "delegate": delegate,
        "role": p.role,
        "id": p.id,
    })
}

fn log_meta(s: &State, p: &Prototype) -> Value {
    json!({
        "role": p.role,
        "id": p.id,
        "delegate_user": p.delegate_user.map(|u| s.name_of(u)),
        "delegate_team": p.delegate_team.and_then(|t| s.team_by_id(t).map(|(_, t)| t.name.clone())),
        "activating_user": p.activating_user.map(|u| s.name_of(u)),
    })
}

fn admin_org(s: &State, req: &Req) -> Result<u64, Reply> {
    let name = req.p("orgname");
    require_org_admin(s, &req.ident, name)?;
    s.org_id(name).ok_or_else(not_found)
}

/// getOrganizationPrototypePermissions.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let e = s.entity(org).expect("org");
    let list: Vec<Value> = e.prototypes.iter().map(|p| view(s, org, p)).collect();
    ok(200, json!({"prototypes": list}))
}

/// createOrganizationPrototypePermission.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewPrototype")?;
    let org = admin_org(s, req)?;
    let orgname = req.p("orgname").to_string();
    let activating = body
        .get("activating_user")
        .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
        .and_then(|v| v.get("name"))
        .and_then(Value::as_str);
    let kind = body["delegate"]["kind"].as_str().unwrap_or_default();
    let dname = body["delegate"]["name"].as_str().unwrap_or_default();
    let user_of = |name: &str| s.find(name).filter(|e| e.kind != Kind::Org).map(|e| e.id);
    let delegate_user = if kind == "user" { user_of(dname) } else { None };
    let delegate_team = if kind == "team" {
        match s.team(org, dname) {
            Some(t) => Some(t.id),
            None => return Err(message(400, format!("('Team does not exist: %s/%s', '{orgname}', '{dname}')"))),
        }
    } else {
        None
    };
    let activating_user = activating.and_then(user_of);
    if activating.is_some() && activating_user.is_none() {
        return Err(invalid_request("Unknown activating user"));
    }
    if delegate_user.is_none() && delegate_team.is_none() {
        return Err(invalid_request("Missing delegate user or team"));
    }
    let p = Prototype {
        id: uuid4(),
        activating_user,
        delegate_user,
        delegate_team,
        role: body["role"].as_str().unwrap_or("read").to_string(),
    };
    let v = view(s, org, &p);
    let meta = log_meta(s, &p);
    s.entities.get_mut(&org).expect("org").prototypes.push(p);
    req.log(s, "create_prototype_permission", Some(org), meta);
    ok(200, v)
}

/// updateOrganizationPrototypePermission.
pub(crate) fn update(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("PrototypeUpdate")?;
    let org = admin_org(s, req)?;
    let id = req.p("prototypeid");
    let e = s.entities.get_mut(&org).expect("org");
    let p = e.prototypes.iter_mut().find(|p| p.id == id).ok_or_else(not_found)?;
    let original = p.role.clone();
    p.role = body["role"].as_str().unwrap_or("read").to_string();
    let p = p.clone();
    let mut meta = log_meta(s, &p);
    meta["original_role"] = json!(original);
    req.log(s, "modify_prototype_permission", Some(org), meta);
    ok(200, view(s, org, &p))
}

/// deleteOrganizationPrototypePermission.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let id = req.p("prototypeid");
    let e = s.entities.get_mut(&org).expect("org");
    let idx = e.prototypes.iter().position(|p| p.id == id).ok_or_else(not_found)?;
    let p = e.prototypes.remove(idx);
    let meta = log_meta(s, &p);
    req.log(s, "delete_prototype_permission", Some(org), meta);
    Ok(Reply::empty(204))
}
