//! Usage logs of an organization, a repository or the caller (listOrgLogs, listRepoLogs,
//! listUserLogs), their daily counts by kind (getAggregate*Logs) and queued exports
//! (export*Logs), over a time window read from the fake's clock.

use super::common::{Req, ok};
use super::views::{avatar, entity_avatar, natural_avatar};
use crate::access::{require_admin, require_org_admin};
use crate::http::errors::{invalid_request, message, not_found, server_error, werkzeug_400};
use crate::http::paging::log_page;
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, LogEntry, State};
use crate::util::{parse_mdy, rfc2822, uuid4};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Kinds the user listing leaves out (Quay's `SERVICE_LEVEL_LOG_KINDS`).
const SERVICE_LEVEL_KINDS: [&str; 6] =
    ["service_key_create", "service_key_approve", "service_key_delete", "service_key_modify", "service_key_extend", "service_key_rotate"];

const DAY: i64 = 86_400;

/// One entry as Quay shows it; the namespace only when the listing spans namespaces.
pub(crate) fn log_view(s: &State, l: &LogEntry, include_namespace: bool) -> Value {
    let ip = if l.from_request { json!("127.0.0.1") } else { Value::Null };
    let mut v = json!({"kind": l.kind, "metadata": l.metadata, "ip": ip, "datetime": rfc2822(l.datetime)});
    if let Some(p) = l.performer {
        let (name, kind) = s.label_of(p);
        let av = s.entity(p).map(natural_avatar).unwrap_or_else(|| avatar(&name, &name, "user"));
        v["performer"] = json!({"kind": "user", "name": name, "is_robot": kind == Kind::Robot, "avatar": av});
    }
    if let (Some(n), true) = (l.namespace, include_namespace) {
        let (name, kind) = s.label_of(n);
        let label = if kind == Kind::Org { "org" } else { "user" };
        let av = s.entity(n).map(|e| entity_avatar(e, label)).unwrap_or_else(|| avatar(&name, &name, label));
        v["namespace"] = json!({"kind": label, "name": name, "avatar": av});
    }
    v
}

/// The window `starttime`..`endtime` (`%m/%d/%Y`, the end day included; an unparseable date
/// is ignored): by default one day before now to one day after.
pub(crate) fn window(s: &State, req: &Req) -> (i64, i64) {
    let now = s.now();
    let start = req.q("starttime").and_then(parse_mdy).unwrap_or(now - DAY);
    let end = req.q("endtime").and_then(parse_mdy).unwrap_or(now) + DAY;
    (start, end)
}

/// Which entries a listing covers.
struct Scope {
    namespace: u64,
    repo: Option<String>,
    performer: Option<u64>,
    skip_service_kinds: bool,
}

impl Scope {
    fn covers(&self, l: &LogEntry, (start, end): (i64, i64)) -> bool {
        l.namespace == Some(self.namespace)
            && self.repo.as_deref().is_none_or(|r| l.repository.as_deref() == Some(r))
            && self.performer.is_none_or(|p| l.performer == Some(p))
            && !(self.skip_service_kinds && SERVICE_LEVEL_KINDS.contains(&l.kind.as_str()))
            && l.datetime >= start
            && l.datetime < end
    }
}

/// The `performer` filter: an unknown user is Quay's 500.
fn performer(s: &State, req: &Req) -> Result<Option<u64>, Reply> {
    match req.q("performer").filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(name) => s.find(name).filter(|e| e.kind != Kind::Org).map(|e| Some(e.id)).ok_or_else(server_error),
    }
}

/// An organization's scope, once the caller may administer it (400 for an unknown one).
fn org_scope(s: &State, req: &Req) -> Result<Scope, Reply> {
    let org = req.p("orgname");
    require_org_admin(s, &req.ident, org)?;
    let namespace = s.find(org).filter(|e| e.kind == Kind::Org).ok_or_else(|| message(400, format!("Invalid namespace requested: {org}")))?.id;
    Ok(Scope { namespace, repo: None, performer: performer(s, req)?, skip_service_kinds: false })
}

/// A repository's scope, once the caller administers it (404 for an unknown one).
fn repo_scope(s: &State, req: &Req) -> Result<Scope, Reply> {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let r = s.repo(ns, name).ok_or_else(not_found)?;
    Ok(Scope { namespace: r.ns, repo: Some(name.to_string()), performer: None, skip_service_kinds: false })
}

/// The caller's own namespace (needs `user:admin`).
fn user_scope(s: &State, req: &Req) -> Result<Scope, Reply> {
    match req.ident.user {
        Some(u) if req.ident.user_admin() => Ok(Scope { namespace: u, repo: None, performer: performer(s, req)?, skip_service_kinds: true }),
        _ => Err(req.unauthorized(s)),
    }
}

/// A page of the scope's entries, newest first.
fn listing(s: &State, req: &Req, scope: Scope) -> ApiResult {
    let w = window(s, req);
    if w.1 < w.0 {
        return Err(werkzeug_400());
    }
    let entries: Vec<Value> = s.logs.iter().rev().filter(|l| scope.covers(l, w)).map(|l| log_view(s, l, false)).collect();
    let kind = format!("logs:{}:{}", scope.namespace, scope.repo.as_deref().unwrap_or(""));
    let mut out = log_page(entries, &kind, s.pages.logs.max(1), req.q("next_page"));
    let m = out.as_object_mut().expect("object");
    m.insert("start_time".into(), json!(rfc2822(w.0)));
    m.insert("end_time".into(), json!(rfc2822(w.1)));
    ok(200, out)
}

/// The scope's entries counted by kind and day (buckets at 00:00 UTC), by kind then day.
fn aggregate(s: &State, req: &Req, scope: Scope) -> ApiResult {
    let w = window(s, req);
    if w.1 < w.0 {
        return Err(werkzeug_400());
    }
    let mut counts: BTreeMap<(&str, i64), u64> = BTreeMap::new();
    for l in s.logs.iter().filter(|l| scope.covers(l, w)) {
        *counts.entry((l.kind.as_str(), l.datetime.div_euclid(DAY) * DAY)).or_default() += 1;
    }
    let out: Vec<Value> = counts.into_iter().map(|((kind, day), count)| json!({"kind": kind, "count": count, "datetime": rfc2822(day)})).collect();
    ok(200, json!({"aggregated": out}))
}

/// listOrgLogs.
pub(crate) fn list_org(s: &mut State, req: &Req) -> ApiResult {
    let scope = org_scope(s, req)?;
    listing(s, req, scope)
}

/// listRepoLogs.
pub(crate) fn list_repo(s: &mut State, req: &Req) -> ApiResult {
    let scope = repo_scope(s, req)?;
    listing(s, req, scope)
}

/// listUserLogs.
pub(crate) fn list_user(s: &mut State, req: &Req) -> ApiResult {
    let scope = user_scope(s, req)?;
    listing(s, req, scope)
}

/// getAggregateOrgLogs.
pub(crate) fn aggregate_org(s: &mut State, req: &Req) -> ApiResult {
    let scope = org_scope(s, req)?;
    aggregate(s, req, scope)
}

/// getAggregateRepoLogs.
pub(crate) fn aggregate_repo(s: &mut State, req: &Req) -> ApiResult {
    let scope = repo_scope(s, req)?;
    aggregate(s, req, scope)
}

/// getAggregateUserLogs.
pub(crate) fn aggregate_user(s: &mut State, req: &Req) -> ApiResult {
    let scope = user_scope(s, req)?;
    aggregate(s, req, scope)
}

/// Whether `host` is an IPv4 literal in a private or link-local range (Quay's SSRF guard on
/// export callbacks; the recorded Quay let loopback through).
fn private_ipv4(host: &str) -> bool {
    let Ok(ip) = host.parse::<std::net::Ipv4Addr>() else { return false };
    ip.is_private() || ip.is_link_local() || ip.is_unspecified()
}

/// The export's checks: callback URL scheme and host, e-mail, then the window. The error
/// text goes to the 400, and the logged failure names it ("invalid request" for the callbacks).
fn check_export(s: &State, req: &Req, body: &Value) -> Result<(), (String, &'static str)> {
    if let Some(url) = body["callback_url"].as_str().filter(|u| !u.is_empty()) {
        let scheme = url.split_once("://").map(|(sc, _)| sc.to_ascii_lowercase()).unwrap_or_default();
        if scheme != "http" && scheme != "https" {
            return Err((format!("Invalid URL scheme '{scheme}': only HTTP and HTTPS are allowed"), "invalid request"));
        }
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or_default();
        let netloc = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h).split(':').next().unwrap_or_default();
        if host.is_empty() || private_ipv4(host) {
            return Err(("Invalid callback URL".into(), "invalid request"));
        }
    }
    if body["callback_email"].as_str().is_some_and(|e| !e.is_empty() && !e.contains('@')) {
        return Err(("Invalid callback e-mail".into(), "invalid request"));
    }
    let (start, end) = window(s, req);
    if end < start {
        return Err(("Invalid time span selected".into(), ""));
    }
    Ok(())
}

/// Logs an export's outcome in namespace `ns` (`repo` for repository exports).
fn log_export(s: &mut State, req: &Req, ns: Option<u64>, repo: Option<&str>, body: &Value, outcome: Result<&str, &str>) {
    let mut meta = json!({"date/time": s.now()});
    match outcome {
        Ok(id) => {
            meta["export_id"] = json!(id);
            meta["message"] = json!("queued for export");
        }
        Err(e) => meta["error"] = json!(e),
    }
    meta["url"] = body.get("callback_url").cloned().filter(|v| v.as_str() != Some("")).unwrap_or(Value::Null);
    meta["email"] = body.get("callback_email").cloned().filter(|v| v.as_str() != Some("")).unwrap_or(Value::Null);
    if let Some(r) = repo {
        meta["repo"] = json!(r);
    }
    let kind = if outcome.is_ok() { "export_logs_success" } else { "export_logs_failure" };
    req.log(s, kind, ns, meta);
}

/// Queues an export of namespace `ns` (and `repo`): 200 `{"export_id"}`, or a logged 400.
fn export(s: &mut State, req: &Req, ns: u64, repo: Option<&str>, body: &Value) -> ApiResult {
    if let Err((msg, logged)) = check_export(s, req, body) {
        let logged = if logged.is_empty() { msg.as_str() } else { logged };
        log_export(s, req, Some(ns), repo, body, Err(logged));
        return Err(invalid_request(msg));
    }
    let id = uuid4();
    log_export(s, req, Some(ns), repo, body, Ok(&id));
    ok(200, json!({"export_id": id}))
}

/// exportOrgLogs: a caller who may not administer the organization is logged and refused.
pub(crate) fn export_org(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("ExportLogs")?;
    let org = req.p("orgname");
    let ns = s.find(org).map(|e| e.id);
    if let Err(refused) = require_org_admin(s, &req.ident, org) {
        log_export(s, req, ns, None, &body, Err("unauthorized"));
        return Err(refused);
    }
    let ns = ns.filter(|n| s.entity(*n).is_some_and(|e| e.kind == Kind::Org)).ok_or_else(|| invalid_request("Invalid export request"))?;
    export(s, req, ns, None, &body)
}

/// exportRepoLogs: an unknown repository is logged and answers 404.
pub(crate) fn export_repo(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("ExportLogs")?;
    let (ns, name) = req.repo();
    let ns_id = s.find(ns).map(|e| e.id);
    let Some(r) = s.repo(ns, name) else {
        log_export(s, req, ns_id, Some(name), &body, Err("non-existent repository"));
        return Err(not_found());
    };
    let ns_id = r.ns;
    export(s, req, ns_id, Some(name), &body)
}

/// exportUserLogs: the caller's own logs.
pub(crate) fn export_user(s: &mut State, req: &Req) -> ApiResult {
    let scope = user_scope(s, req)?;
    let body = req.json("ExportLogs")?;
    export(s, req, scope.namespace, None, &body)
}
