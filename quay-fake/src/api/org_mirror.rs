//! Organization mirroring: an empty organization mirrors a namespace of another registry,
//! discovering its repositories and syncing them. The fake has no network and no workers: a
//! source registry is reachable only when it is the fake itself (its own URL), discovery
//! happens at sync-now (listing the source namespace's repositories through the filters), and
//! a cancel moves the pending repositories to CANCEL at once, as the worker would.

use super::common::{Req, ok};
use super::proxy_cache::forbidden_host;
use crate::access::require_org_admin;
use crate::http::errors::{invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, OrgMirror, OrgMirrorRepo, State};
use crate::util::{iso_z, parse_iso_z};
use serde_json::{Value, json};

/// Every repository sync status, in Quay's order.
const STATUSES: [&str; 7] = ["CANCEL", "FAIL", "NEVER_RUN", "SUCCESS", "SYNCING", "SYNC_NOW", "SKIP"];

fn admin_org(s: &State, req: &Req) -> Result<u64, Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    s.org_id(req.p("orgname")).ok_or_else(not_found)
}

fn mirror_of(s: &State, req: &Req) -> Result<u64, Reply> {
    let org = admin_org(s, req)?;
    if s.chapters.org_mirrors.contains_key(&org) { Ok(org) } else { Err(not_found()) }
}

/// The robot `name` if it is one of `org`'s.
fn check_robot(s: &State, org: u64, name: &str) -> Result<u64, Reply> {
    let e = s.find(name).filter(|e| e.kind == Kind::Robot).ok_or_else(|| invalid_request(format!("Invalid robot account: {name}")))?;
    if e.robot.as_ref().is_some_and(|r| r.parent == org) {
        Ok(e.id)
    } else {
        Err(invalid_request("Robot account must belong to the organization"))
    }
}

fn check_url(url: &str) -> Result<(), Reply> {
    let (scheme, rest) = url.split_once("://").unwrap_or_else(|| (url.split(':').next().unwrap_or(url), ""));
    if scheme != "http" && scheme != "https" {
        return Err(invalid_request(format!("Invalid URL scheme '{scheme}': only HTTP and HTTPS are allowed")));
    }
    let host = rest.split(['/', '?']).next().unwrap_or("").split(':').next().unwrap_or("");
    if forbidden_host(host) {
        return Err(invalid_request("The provided registry URL is not allowed"));
    }
    Ok(())
}

fn check_date(text: &str) -> Result<i64, Reply> {
    parse_iso_z(text).ok_or_else(|| invalid_request("Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ"))
}

/// Applies the fields of a create or update body.
fn apply(s: &State, org: u64, m: &mut OrgMirror, body: &Value) -> Result<(), Reply> {
    let text = |k: &str| body.get(k).and_then(Value::as_str);
    if let Some(r) = text("robot_username") {
        m.robot = check_robot(s, org, r)?;
    }
    if let Some(d) = text("sync_start_date") {
        m.sync_start_date = check_date(d)?;
    }
    if let Some(u) = text("external_registry_url") {
        check_url(u)?;
        m.url = u.to_string();
    }
    if let Some(t) = text("external_registry_type") {
        m.registry_type = t.to_string();
    }
    if let Some(n) = text("external_namespace") {
        m.namespace = n.to_string();
    }
    if let Some(v) = text("visibility") {
        m.visibility = v.to_string();
    }
    if let Some(b) = body.get("is_enabled").and_then(Value::as_bool) {
        m.is_enabled = b;
    }
    if let Some(i) = body.get("sync_interval").and_then(Value::as_i64) {
        m.sync_interval = i;
    }
    if let Some(i) = body.get("skopeo_timeout").and_then(Value::as_i64) {
        m.skopeo_timeout = i;
    }
    if let Some(u) = body.get("external_registry_username") {
        m.username = u.as_str().filter(|x| !x.is_empty()).map(str::to_string);
    }
    if let Some(p) = body.get("external_registry_password") {
        m.password = p.as_str().filter(|x| !x.is_empty()).map(str::to_string);
    }
    if let Some(c) = body.get("external_registry_config") {
        m.registry_config = c.clone();
    }
    if let Some(f) = body.get("repository_filters").and_then(Value::as_array) {
        m.repository_filters = f.iter().filter_map(Value::as_str).map(str::to_string).collect();
    }
    Ok(())
}

fn view(s: &State, m: &OrgMirror) -> Value {
    let mut counts = serde_json::Map::new();
    for st in STATUSES {
        counts.insert(st.into(), json!(m.repos.iter().filter(|r| r.status == st).count()));
    }
    json!({
        "is_enabled": m.is_enabled,
        "external_registry_type": m.registry_type,
        "external_registry_url": m.url,
        "external_namespace": m.namespace,
        "external_registry_username": m.username,
        "has_external_registry_password": m.password.is_some(),
        "external_registry_config": m.registry_config,
        "repository_filters": m.repository_filters,
        "robot_username": s.name_of(m.robot),
        "visibility": m.visibility,
        "sync_interval": m.sync_interval,
        "sync_start_date": iso_z(m.sync_start_date),
        "sync_expiration_date": m.sync_expiration_date.map(iso_z),
        "sync_status": m.sync_status,
        "sync_retries_remaining": m.sync_retries_remaining,
        "repo_sync_status_counts": counts,
        "skopeo_timeout": m.skopeo_timeout,
        "creation_date": iso_z(m.creation_date),
    })
}

/// createOrgMirrorConfig: 201 with the JSON string "" (an empty organization only).
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("CreateOrgMirrorConfig")?;
    let org = admin_org(s, req)?;
    if s.chapters.org_mirrors.contains_key(&org) {
        return Err(invalid_request("Mirror configuration already exists for this organization"));
    }
    if s.repos.values().any(|r| r.ns == org) {
        return Err(invalid_request(
            "Cannot create organization mirror: the organization already contains repositories. Organization mirroring requires an empty organization.",
        ));
    }
    let mut m = OrgMirror {
        is_enabled: true,
        registry_type: String::new(),
        url: String::new(),
        namespace: String::new(),
        username: None,
        password: None,
        registry_config: json!({}),
        repository_filters: vec![],
        robot: 0,
        visibility: "private".into(),
        sync_interval: 0,
        sync_start_date: 0,
        sync_expiration_date: None,
        sync_status: "NEVER_RUN".into(),
        sync_retries_remaining: 3,
        skopeo_timeout: 300,
        creation_date: s.now(),
        repos: vec![],
    };
    apply(s, org, &mut m, &body)?;
    let meta = json!({"external_registry_url": m.url, "external_namespace": m.namespace});
    s.chapters.org_mirrors.insert(org, m);
    req.log(s, "org_mirror_config_created", Some(org), meta);
    ok(201, json!(""))
}

/// getOrgMirrorConfig (404 when none).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let org = mirror_of(s, req)?;
    ok(200, view(s, &s.chapters.org_mirrors[&org]))
}

/// updateOrgMirrorConfig: 200 with the JSON string ""; unknown fields are ignored.
pub(crate) fn update(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateOrgMirrorConfig")?;
    let org = mirror_of(s, req)?;
    let mut m = s.chapters.org_mirrors[&org].clone();
    apply(s, org, &mut m, &body)?;
    s.chapters.org_mirrors.insert(org, m);
    req.log(s, "org_mirror_config_changed", Some(org), json!({}));
    ok(200, json!(""))
}

/// deleteOrgMirrorConfig.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    let org = mirror_of(s, req)?;
    s.chapters.org_mirrors.remove(&org);
    req.log(s, "org_mirror_config_deleted", Some(org), json!({}));
    Ok(Reply::empty(204))
}

/// The source namespace's repositories when the source registry is this fake, else None.
fn source_repos(s: &State, m: &OrgMirror) -> Option<Vec<String>> {
    let own = |u: &str| u.trim_end_matches('/') == s.base_url;
    if !own(&m.url) {
        return None;
    }
    let ns = s.find(&m.namespace).filter(|e| e.kind != Kind::Robot)?.id;
    let mut names: Vec<String> = s.repos.values().filter(|r| r.ns == ns).map(|r| r.name.clone()).collect();
    names.sort();
    Some(names)
}

/// verifyOrgMirrorConnection: 200 whether or not the check passes (`success` says).
pub(crate) fn verify(s: &mut State, req: &Req) -> ApiResult {
    let org = mirror_of(s, req)?;
    let m = &s.chapters.org_mirrors[&org];
    let reachable = m.url.trim_end_matches('/') == s.base_url;
    let (success, message) = if !reachable {
        (false, format!("Could not connect to registry at {}", m.url))
    } else if source_repos(s, m).is_none() {
        (false, format!("Namespace '{}' not found", m.namespace))
    } else {
        (true, "Connection successful".to_string())
    };
    ok(200, json!({"success": success, "message": message}))
}

/// Shell-style match of `name` against `pattern` (`*` and `?`).
fn glob(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &n[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
}

/// syncOrgMirrorNow: discovers the source's repositories (through the filters) and marks
/// them SYNC_NOW; 400 while repositories are still pending.
pub(crate) fn sync_now(s: &mut State, req: &Req) -> ApiResult {
    let org = mirror_of(s, req)?;
    let now = s.now();
    let m = &s.chapters.org_mirrors[&org];
    if m.repos.iter().any(|r| r.status == "SYNC_NOW" || r.status == "SYNCING") {
        return Err(invalid_request(
            "Cannot trigger sync: repositories are still syncing. Cancel the current sync and wait for all repositories to reach a terminal state before triggering a new sync.",
        ));
    }
    let found = source_repos(s, m).unwrap_or_default();
    let m = s.chapters.org_mirrors.get_mut(&org).expect("mirror");
    let wanted: Vec<String> =
        found.into_iter().filter(|n| m.repository_filters.is_empty() || m.repository_filters.iter().any(|f| glob(f, n))).collect();
    for name in wanted {
        match m.repos.iter_mut().find(|r| r.name == name) {
            Some(r) => r.status = "SYNC_NOW".into(),
            None => m.repos.push(OrgMirrorRepo { name, status: "SYNC_NOW".into(), discovery_date: now }),
        }
    }
    m.repos.sort_by(|a, b| a.name.cmp(&b.name));
    m.sync_status = "SYNC_NOW".into();
    m.sync_start_date = now;
    m.sync_retries_remaining = 3;
    m.sync_expiration_date = None;
    req.log(s, "org_mirror_sync_now_requested", Some(org), json!({}));
    Ok(Reply::empty(204))
}

/// cancelOrgMirrorSync: 204; 400 when already cancelled.
pub(crate) fn cancel(s: &mut State, req: &Req) -> ApiResult {
    let org = mirror_of(s, req)?;
    let now = s.now();
    let m = s.chapters.org_mirrors.get_mut(&org).expect("mirror");
    if m.sync_status == "CANCEL" {
        return Err(invalid_request("Cannot cancel: mirror is already cancelled"));
    }
    m.sync_status = "CANCEL".into();
    m.sync_retries_remaining = 0;
    m.sync_expiration_date = Some(now);
    for r in m.repos.iter_mut().filter(|r| r.status == "SYNC_NOW" || r.status == "SYNCING") {
        r.status = "CANCEL".into();
    }
    req.log(s, "org_mirror_sync_cancelled", Some(org), json!({}));
    Ok(Reply::empty(204))
}

/// listOrgMirrorRepositories: `page`/`limit` (clamped: limit 1..500, default 100; page from
/// 1; non-integers fall back to the defaults), `total` and `has_next`; `status` filters
/// (any case).
pub(crate) fn repositories(s: &mut State, req: &Req) -> ApiResult {
    let org = mirror_of(s, req)?;
    let int = |k: &str| req.q(k).and_then(|v| v.trim().parse::<i64>().ok());
    let limit = match int("limit") {
        Some(l) if l < 1 => 100,
        Some(l) => l.min(500),
        None => 100,
    };
    let page = int("page").unwrap_or(1).max(1);
    let status = match req.q("status") {
        Some(st) => {
            let up = st.to_ascii_uppercase();
            if !STATUSES.contains(&up.as_str()) {
                return Err(invalid_request(format!("Invalid status filter '{st}'. Valid values: {}", STATUSES.join(", "))));
            }
            Some(up)
        }
        None => None,
    };
    let m = &s.chapters.org_mirrors[&org];
    let all: Vec<&OrgMirrorRepo> = m.repos.iter().filter(|r| status.as_ref().is_none_or(|st| r.status == *st)).collect();
    let total = all.len() as i64;
    let items: Vec<Value> = all
        .iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|r| {
            json!({"name": r.name, "sync_status": r.status, "discovery_date": iso_z(r.discovery_date), "last_sync_date": null, "status_message": null, "quay_repository": null})
        })
        .collect();
    ok(200, json!({"repositories": items, "page": page, "limit": limit, "total": total, "has_next": page * limit < total}))
}
