//! Repository mirroring: configuration, sync-now and sync-cancel.

use super::common::{Req, ok};
use crate::access::require_admin;
use crate::http::errors::{self, detail_only, invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, Mirror, State};
use crate::util::{iso_z, parse_iso_z};
use serde_json::{Value, json};

fn view(s: &State, m: &Mirror) -> Value {
    json!({
        "is_enabled": m.is_enabled,
        "mirror_type": "PULL",
        "external_reference": m.external_reference,
        "external_registry_username": m.username,
        "external_registry_config": m.registry_config,
        "sync_interval": m.sync_interval,
        "sync_start_date": iso_z(m.sync_start_date),
        "sync_expiration_date": m.sync_expiration_date.map(iso_z),
        "sync_retries_remaining": m.retries_remaining,
        "sync_status": m.sync_status,
        "root_rule": m.root_rule,
        "robot_username": s.name_of(m.robot),
        "skopeo_timeout_interval": m.skopeo_timeout,
        "architecture_filter": m.architecture_filter,
    })
}

fn repo_id(s: &State, req: &Req) -> Result<u64, Reply> {
    let (ns, name) = req.repo();
    s.repo_id(ns, name).ok_or_else(not_found)
}

fn host_blocked(s: &State, host: &str) -> bool {
    let own = s.base_url.split("://").nth(1).unwrap_or("");
    let bare = host.split(':').next().unwrap_or(host);
    let own_bare = own.split(':').next().unwrap_or(own);
    let octets: Vec<u8> = bare.split('.').filter_map(|p| p.parse().ok()).collect();
    let private_ip = octets.len() == 4
        && bare.split('.').count() == 4
        && (octets[0] == 127
            || octets[0] == 10
            || octets[0] == 0
            || (octets[0] == 172 && (16..32).contains(&octets[1]))
            || (octets[0] == 192 && octets[1] == 168)
            || (octets[0] == 169 && octets[1] == 254));
    host == own || bare == own_bare || bare == "localhost" || bare.starts_with('[') || private_ip
}

fn check_reference(s: &State, reference: &str) -> Result<(), Reply> {
    if reference.contains("://") {
        return Err(invalid_request("External registry reference must not include a URL scheme"));
    }
    let host = reference.split('/').next().unwrap_or("");
    if host_blocked(s, host) {
        return Err(invalid_request("The provided registry location is not allowed"));
    }
    Ok(())
}

fn robot_id(s: &State, name: &str) -> Result<u64, Reply> {
    s.find_kind(name, Kind::Robot).ok_or_else(|| errors::message(400, "Could not find robot with specified username"))
}

fn log_change(s: &mut State, req: &Req, repo: u64, changed: &str, to: Value) {
    let r = &s.repos[&repo];
    let (ns, name, ns_id) = (s.name_of(r.ns), r.name.clone(), r.ns);
    let meta = json!({
        "repo": name,
        "namespace": ns,
        "user-agent": req.user_agent,
        "changed": changed,
        "to": to,
        "username": req.ident.user.map(|u| s.name_of(u)),
        "resolved_ip": {"provider": "internet", "service": null, "sync_token": "0", "country_iso_code": null, "aws_region": null, "continent": null},
    });
    req.log(s, "repo_mirror_config_changed", Some(ns_id), meta);
}

/// getRepoMirrorConfig.
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let id = repo_id(s, req)?;
    let m = s.repos[&id].mirror.as_ref().ok_or_else(not_found)?;
    ok(200, view(s, m))
}

/// createRepoMirrorConfig (201 with an empty JSON string; the repository enters MIRROR state).
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("CreateMirrorConfig")?;
    let id = repo_id(s, req)?;
    if s.repos[&id].mirror.is_some() {
        let (ns, name) = req.repo();
        return Err(detail_only(409, format!("Mirror configuration already exits for repository {ns}/{name}")));
    }
    let start = parse_iso_z(body["sync_start_date"].as_str().unwrap_or_default())
        .ok_or_else(|| detail_only(400, "Incorrect DateTime format for sync_start_date."))?;
    let reference = body["external_reference"].as_str().unwrap_or_default().to_string();
    check_reference(s, &reference)?;
    let Some(robot_name) = body.get("robot_username").and_then(Value::as_str) else {
        return Err(errors::server_error());
    };
    let robot = robot_id(s, robot_name)?;
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let m = Mirror {
        is_enabled: body.get("is_enabled").and_then(Value::as_bool).unwrap_or(true),
        external_reference: reference.clone(),
        username: text("external_registry_username"),
        password: text("external_registry_password"),
        registry_config: body.get("external_registry_config").cloned().unwrap_or_else(|| json!({})),
        sync_interval: body["sync_interval"].as_i64().unwrap_or(0),
        sync_start_date: start,
        sync_expiration_date: None,
        retries_remaining: 3,
        sync_status: "NEVER_RUN".into(),
        root_rule: json!({"rule_kind": "tag_glob_csv", "rule_value": body["root_rule"]["rule_value"]}),
        robot,
        skopeo_timeout: body["skopeo_timeout_interval"].as_i64().unwrap_or(300),
        architecture_filter: body.get("architecture_filter").and_then(Value::as_array).cloned().unwrap_or_default(),
    };
    s.repo_mut(id).set_mirror(m);
    log_change(s, req, id, "external_reference", json!(reference));
    ok(201, json!(""))
}

/// changeRepoMirrorConfig (201 ""; `root_rule` is validated but, as in Quay, never applied).
pub(crate) fn change(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("UpdateMirrorConfig")?;
    let id = repo_id(s, req)?;
    if s.repos[&id].mirror.is_none() {
        return Err(not_found());
    }
    let has = |k: &str| body.get(k).is_some();
    if has("external_registry_password") && !has("external_registry_username") {
        return Err(detail_only(400, "Unable to set a new password without also specifying a username."));
    }
    if body.get("external_registry_username").is_some_and(Value::is_null)
        && body.get("external_registry_password").is_some_and(|p| !p.is_null())
    {
        return Err(detail_only(400, "Unable to delete username while setting a password."));
    }
    let start = match body.get("sync_start_date").and_then(Value::as_str) {
        Some(d) => Some(parse_iso_z(d).ok_or_else(|| detail_only(400, "Incorrect DateTime format for sync_start_date."))?),
        None => None,
    };
    if let Some(r) = body.get("external_reference").and_then(Value::as_str) {
        check_reference(s, r)?;
    }
    let robot = match body.get("robot_username").and_then(Value::as_str) {
        Some(n) => Some(robot_id(s, n)?),
        None => None,
    };
    let mut changes: Vec<(&str, Value)> = vec![];
    let m = s.repo_mut(id).mirror.as_mut().expect("mirror");
    if let Some(v) = body.get("is_enabled").and_then(Value::as_bool) {
        m.is_enabled = v;
        changes.push(("is_enabled", json!(v)));
    }
    if let Some(v) = body.get("external_reference").and_then(Value::as_str) {
        m.external_reference = v.to_string();
        changes.push(("external_reference", json!(v)));
    }
    if has("external_registry_username") {
        m.username = body["external_registry_username"].as_str().map(str::to_string);
        changes.push(("external_registry_username", body["external_registry_username"].clone()));
    }
    if has("external_registry_password") {
        m.password = body["external_registry_password"].as_str().map(str::to_string);
        changes.push(("external_registry_password", json!("*******")));
    }
    if let Some(v) = body.get("sync_interval").and_then(Value::as_i64) {
        m.sync_interval = v;
        changes.push(("sync_interval", json!(v)));
    }
    if let Some(v) = start {
        m.sync_start_date = v;
        changes.push(("sync_start_date", json!(iso_z(v))));
    }
    if let Some(rule) = body.get("root_rule") {
        changes.push(("mirror_rule", rule["rule_value"].clone()));
    }
    if let Some(v) = robot {
        m.robot = v;
        changes.push(("robot_username", body["robot_username"].clone()));
    }
    if let Some(v) = body.get("skopeo_timeout_interval").and_then(Value::as_i64) {
        m.skopeo_timeout = v;
        changes.push(("skopeo_timeout_interval", json!(v)));
    }
    if let Some(v) = body.get("external_registry_config") {
        m.registry_config = v.clone();
        changes.push(("external_registry_config", v.clone()));
    }
    if let Some(v) = body.get("architecture_filter") {
        m.architecture_filter = v.as_array().cloned().unwrap_or_default();
        changes.push(("architecture_filter", v.clone()));
    }
    for (k, v) in changes {
        log_change(s, req, id, k, v);
    }
    ok(201, json!(""))
}

/// syncNow (204; also on a disabled mirror or while already pending).
pub(crate) fn sync_now(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let id = repo_id(s, req)?;
    let m = s.repo_mut(id).mirror.as_mut().ok_or_else(not_found)?;
    if !m.sync_now() {
        return Err(not_found());
    }
    log_change(s, req, id, "sync_status", json!("SYNC_NOW"));
    Ok(Reply::empty(204))
}

/// syncCancel (404 when nothing is pending; afterwards status CANCEL and no retries left).
pub(crate) fn sync_cancel(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let id = repo_id(s, req)?;
    let m = s.repo_mut(id).mirror.as_mut().ok_or_else(not_found)?;
    if !m.cancel_sync() {
        return Err(not_found());
    }
    log_change(s, req, id, "sync_status", json!("SYNC_CANCEL"));
    Ok(Reply::empty(204))
}
