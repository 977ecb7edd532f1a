//! Superuser panel: users, organizations, ownership, logs, registry size, config. (Its service
//! keys are in `service_key`, its quotas in `quota`, its builds in `build`.)

use super::common::{Req, ok};
use super::views::{superuser_org_view, superuser_user_view};
use crate::access::require_superuser;
use crate::http::errors::{self, invalid_request, not_found};
use crate::http::paging::{log_page, page_of};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, State, namespace_error};
use crate::util::{self, ALNUM, parse_mdy, rfc2822};
use serde_json::{Value, json};

/// getConfigDump (403 even for superusers while the config-dump feature is off).
pub(crate) fn config_dump(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    if !s.features.config_dump {
        return Err(errors::unauthorized(true));
    }
    ok(200, json!({
        "config": {"SERVER_HOSTNAME": s.base_url.split("://").nth(1), "FEATURE_SUPER_USERS": true},
        "warning": {},
        "env": {},
        "schema": {"type": "object"},
    }))
}

/// listAllUsers (pages only when `limit` is given).
pub(crate) fn list_users(s: &mut State, req: &Req) -> ApiResult {
    let limit = req.q_int("limit", "Limit to the number of results to return per page. Max 100.")?;
    let include_disabled = req.q_bool("disabled", true);
    require_superuser(s, &req.ident)?;
    let limit = match limit {
        Some(l) if l > s.pages.superuser_max_limit as i64 => return Err(invalid_request("Page limit cannot be above 100")),
        Some(l) => Some(l.max(1) as usize),
        None => None,
    };
    let users: Vec<Value> = s
        .entities
        .values()
        .filter(|e| e.kind == Kind::User && (include_disabled || e.enabled))
        .map(|e| superuser_user_view(s, e))
        .collect();
    ok(200, page_of(users, "users", &format!("users:{include_disabled}"), limit, req.q("next_page")))
}

fn random_password() -> String {
    util::rand_string(32, ALNUM)
}

/// createInstallUser (200 with the generated password; e-mail format is not checked). With
/// mailing on and the SMTP server down, the user is created and the answer is 400, as in Quay
/// (the generated password is lost).
pub(crate) fn create_user(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("CreateInstallUser")?;
    require_superuser(s, &req.ident)?;
    let name = body["username"].as_str().unwrap_or_default().to_string();
    let email = body.get("email").and_then(Value::as_str).map(str::to_string);
    if s.features.mailing && email.is_none() {
        // With mailing on, Quay requires an address to send the confirmation to.
        return Err(errors::message(400, "Invalid email address: None"));
    }
    if let Some(msg) = namespace_error(&name) {
        return Err(errors::message(400, format!("Invalid namespace {name}: {msg}")));
    }
    match s.find(&name).map(|e| e.kind) {
        Some(Kind::Org) => {
            return Err(errors::message(400, format!("Username has already been taken by an organization and cannot be reused: {name}")));
        }
        Some(_) => return Err(errors::message(400, format!("Username has already been taken by user cannot be reused: {name}"))),
        None => {}
    }
    if let Some(e) = &email
        && s.entities.values().any(|u| u.kind == Kind::User && u.email_given && &u.email == e) {
            return Err(errors::message(
                400,
                format!("duplicate key value violates unique constraint \"user_email_unique_non_org\"\nDETAIL:  Key (email)=({e}) already exists.\n"),
            ));
        }
    let password = random_password();
    let id = s.create_user(&name, email.as_deref(), Some(password.clone()), false);
    req.log(s, "user_create", Some(id), json!({"email": email, "username": name, "superuser": req.ident.user.map(|u| s.name_of(u))}));
    if s.features.mailing && !s.smtp_reachable {
        return Err(errors::message(400, crate::model::MAIL_FAILED));
    }
    ok(200, json!({"username": name, "email": email, "password": password, "encrypted_password": format!("$2b$12${}", util::rand_string(53, ALNUM))}))
}

/// getInstallUser (404 for an unknown user, an organization or a robot).
pub(crate) fn get_user(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let id = s.find_kind(req.p("username"), Kind::User).ok_or_else(not_found)?;
    let user = s.entity(id).expect("user");
    ok(200, superuser_user_view(s, user))
}

/// changeInstallUser (the answer shows the account as it was before the change, except e-mail).
pub(crate) fn change_user(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateUser")?;
    require_superuser(s, &req.ident)?;
    let name = req.p("username").to_string();
    let id = s.find_kind(&name, Kind::User).ok_or_else(not_found)?;
    let before = s.entity(id).expect("user").clone();
    if before.superuser {
        return Err(invalid_request("Cannot update a superuser"));
    }
    let mut view = superuser_user_view(s, &before);
    let performer = req.ident.user.map(|u| s.name_of(u));
    if let Some(p) = body.get("password").and_then(Value::as_str) {
        s.entities.get_mut(&id).expect("user").password = Some(p.to_string());
        req.log(s, "user_change_password", Some(id), json!({"username": name, "superuser": performer}));
    }
    if let Some(e) = body.get("email").and_then(Value::as_str) {
        let old = before.email.clone();
        let u = s.entities.get_mut(&id).expect("user");
        u.email = e.to_string();
        u.email_given = true;
        view["email"] = json!(e);
        req.log(s, "user_change_email", Some(id), json!({"old_email": old, "email": e, "superuser": performer}));
    }
    if let Some(en) = body.get("enabled").and_then(Value::as_bool) {
        s.entities.get_mut(&id).expect("user").enabled = en;
        let kind = if en { "user_enable" } else { "user_disable" };
        req.log(s, kind, Some(id), json!({"username": name, "superuser": performer}));
    }
    if body.get("password").is_some_and(|p| !p.is_null()) {
        view["encrypted_password"] = json!(format!("$2b$12${}", util::rand_string(53, ALNUM)));
    }
    ok(200, view)
}

/// deleteInstallUser (204).
pub(crate) fn delete_user(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let name = req.p("username").to_string();
    let id = s.find_kind(&name, Kind::User).ok_or_else(not_found)?;
    if s.entity(id).is_some_and(|e| e.superuser) {
        return Err(invalid_request("Cannot delete a superuser"));
    }
    s.delete_entity(id);
    req.log(s, "user_delete", Some(id), json!({"username": name}));
    Ok(Reply::empty(204))
}

/// listAllLogs (newest first, opaque paging, default window now-1d..now+1d).
pub(crate) fn logs(s: &mut State, req: &Req) -> ApiResult {
    req.q_int("page", "The page number for the logs")?;
    require_superuser(s, &req.ident)?;
    let t = s.now();
    let start = req.q("starttime").and_then(parse_mdy).unwrap_or(t - 86_400);
    let end = req.q("endtime").and_then(parse_mdy).map(|e| e + 86_400).unwrap_or(t + 86_400);
    let entries: Vec<Value> =
        s.logs.iter().rev().filter(|l| l.datetime >= start && l.datetime < end).map(|l| super::logs::log_view(s, l, true)).collect();
    let size = s.pages.logs.max(1);
    let mut out = log_page(entries, "logs", size, req.q("next_page"));
    let m = out.as_object_mut().expect("object");
    m.insert("start_time".into(), json!(rfc2822(start)));
    m.insert("end_time".into(), json!(rfc2822(end)));
    ok(200, out)
}

/// listAllOrganizations (pages only when `limit` is given).
pub(crate) fn list_orgs(s: &mut State, req: &Req) -> ApiResult {
    let limit = req.q_int("limit", "Limit to the number of results to return per page. Max 100.")?;
    require_superuser(s, &req.ident)?;
    let limit = match limit {
        Some(l) if l > s.pages.superuser_max_limit as i64 => return Err(invalid_request("Page limit cannot be above 100")),
        Some(l) => Some(l.max(1) as usize),
        None => None,
    };
    let orgs: Vec<Value> =
        s.entities.values().filter(|e| e.kind == Kind::Org).map(|e| superuser_org_view(s, e)).collect();
    ok(200, page_of(orgs, "organizations", "orgs", limit, req.q("next_page")))
}

/// changeOrganization (rename; 500 for a missing organization or a taken name, as Quay).
pub(crate) fn change_org(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("SuperUserUpdateOrg")?;
    require_superuser(s, &req.ident)?;
    let name = req.p("name").to_string();
    let id = s.find_kind(&name, Kind::Org).ok_or_else(errors::server_error)?;
    let new_name = body.get("name").and_then(Value::as_str).map(str::to_string);
    // Quay logs the rename before attempting it, so a failing rename is logged too.
    req.log(s, "org_change_name", Some(id), json!({"old_name": name, "new_name": new_name, "superuser": req.ident.user.map(|u| s.name_of(u))}));
    if let Some(n) = &new_name
        && n != &name {
            if s.find(n).is_some() {
                return Err(errors::server_error());
            }
            s.rename(id, n);
        }
    ok(200, superuser_org_view(s, s.entity(id).expect("org")))
}

/// deleteOrganization (404 for a missing organization or a user namespace).
pub(crate) fn delete_org(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let name = req.p("name").to_string();
    let id = s.find_kind(&name, Kind::Org).ok_or_else(not_found)?;
    req.log(s, "org_delete", Some(id), json!({"namespace": name}));
    s.delete_entity(id);
    Ok(Reply::empty(204))
}

/// takeOwnership (a user namespace is converted into an organization).
pub(crate) fn take_ownership(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let ns = req.p("namespace").to_string();
    if s.find(&ns).is_some_and(|e| e.superuser) {
        return Err(invalid_request("Cannot take ownership of a superuser"));
    }
    let e = s.find(&ns).filter(|e| e.kind != Kind::Robot).ok_or_else(not_found)?;
    let (id, was_user) = (e.id, e.kind == Kind::User);
    let me = req.ident.user.expect("superuser");
    s.take_ownership(id, me);
    let meta = json!({"entity_id": id, "namespace": ns, "was_user": was_user, "superuser": s.name_of(me)});
    req.log(s, "take_ownership", Some(me), meta);
    ok(200, json!({"namespace": ns}))
}

/// getRegistrySize.
pub(crate) fn registry_size(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    ok(200, json!({"size_bytes": 0, "last_ran": null, "running": false, "queued": s.registry_size_queued}))
}

/// queueRegistrySizeCalculation (201 "", or 202 "" when already queued).
pub(crate) fn queue_registry_size(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    if s.registry_size_queued {
        return ok(202, json!(""));
    }
    s.registry_size_queued = true;
    ok(201, json!(""))
}
