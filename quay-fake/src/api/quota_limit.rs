//! Quota limits (warning and rejection thresholds) through the organization route, which takes
//! user namespaces too, and the caller's own quotas and their limits.

use super::common::{Req, ok};
use super::views::{quota_full, quota_limits};
use crate::access::{require_org_member, require_superuser};
use crate::http::errors::{self, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, Quota, QuotaLimit, State};
use serde_json::{Value, json};

/// The namespace (an organization or a user) and its quota named by the route.
fn quota_of(s: &State, ns_name: &str, quota_id: &str) -> Result<(u64, Quota), Reply> {
    let ns = s.find(ns_name).filter(|e| e.kind != Kind::Robot).ok_or_else(not_found)?;
    let q = ns.quota.clone().filter(|q| quota_id.parse::<u64>().ok() == Some(q.id)).ok_or_else(not_found)?;
    Ok((ns.id, q))
}

/// The limit `limit_id` of `q`: 500 when not a number (as Quay), 404 when absent.
fn limit_index(q: &Quota, limit_id: &str) -> Result<usize, Reply> {
    let id: u64 = limit_id.parse().map_err(|_| errors::server_error())?;
    q.limits.iter().position(|l| l.id == id).ok_or_else(not_found)
}

fn set_quota(s: &mut State, ns: u64, q: Quota) {
    s.entities.get_mut(&ns).expect("namespace").quota = Some(q);
}

/// Checks a type and percent the way Quay's handler does (bare `message` bodies).
fn check_limit(kind: &str, percent: i64) -> Result<(), Reply> {
    if kind != "Warning" && kind != "Reject" {
        return Err(errors::message(400, "Quota type must be one of [Warning, Reject]"));
    }
    if !(1..=100).contains(&percent) {
        return Err(errors::message(400, "Quota limit threshold must be between 1 and 100"));
    }
    Ok(())
}

/// listOrganizationQuotaLimit (members may read).
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    require_org_member(s, &req.ident, req.p("orgname"))?;
    let (_, q) = quota_of(s, req.p("orgname"), req.p("quota_id"))?;
    ok(200, quota_limits(&q))
}

/// createOrganizationQuotaLimit: 201 "Created"; the same type and percent twice is refused.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewOrgQuotaLimit")?;
    require_superuser(s, &req.ident)?;
    let (ns, mut q) = quota_of(s, req.p("orgname"), req.p("quota_id"))?;
    let kind = body["type"].as_str().unwrap_or_default().to_string();
    let percent = body["threshold_percent"].as_i64().unwrap_or_default();
    check_limit(&kind, percent)?;
    if q.limits.iter().any(|l| l.kind == kind && l.percent == percent) {
        return Err(errors::invalid_request("Quota limit already exists"));
    }
    s.chapters.last_limit_id += 1;
    q.limits.push(QuotaLimit { id: s.chapters.last_limit_id, kind: kind.clone(), percent });
    let meta = json!({"namespace": req.p("orgname"), "type": kind, "threshold_percent": percent});
    set_quota(s, ns, q);
    req.log(s, "org_create_quota_limit", Some(ns), meta);
    ok(201, json!("Created"))
}

/// getOrganizationQuotaLimit (members may read; 500 for a non-numeric id, as Quay).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    require_org_member(s, &req.ident, req.p("orgname"))?;
    let (_, q) = quota_of(s, req.p("orgname"), req.p("quota_id"))?;
    let l = &q.limits[limit_index(&q, req.p("limit_id"))?];
    ok(200, json!({"id": l.id, "type": l.kind, "limit_percent": l.percent}))
}

/// changeOrganizationQuotaLimit: answers the whole quota.
pub(crate) fn change(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateOrgQuotaLimit")?;
    require_superuser(s, &req.ident)?;
    let (ns, mut q) = quota_of(s, req.p("orgname"), req.p("quota_id"))?;
    let at = limit_index(&q, req.p("limit_id"))?;
    let kind = body.get("type").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| q.limits[at].kind.clone());
    let percent = body.get("threshold_percent").and_then(Value::as_i64).unwrap_or(q.limits[at].percent);
    check_limit(&kind, percent)?;
    q.limits[at].kind = kind.clone();
    q.limits[at].percent = percent;
    let view = quota_full(&q);
    set_quota(s, ns, q);
    req.log(s, "org_change_quota_limit", Some(ns), json!({"namespace": req.p("orgname"), "type": kind, "threshold_percent": percent}));
    ok(200, view)
}

/// deleteOrganizationQuotaLimit.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let (ns, mut q) = quota_of(s, req.p("orgname"), req.p("quota_id"))?;
    let at = limit_index(&q, req.p("limit_id"))?;
    let gone = q.limits.remove(at);
    set_quota(s, ns, q);
    req.log(s, "org_delete_quota_limit", Some(ns), json!({"namespace": req.p("orgname"), "limit_id": gone.id}));
    Ok(Reply::empty(204))
}

/// The caller (with `user:admin`) and its own quota `quota_id` (404 for any other).
fn own_quota(s: &State, req: &Req) -> Result<Quota, Reply> {
    let me = match req.ident.user {
        Some(u) if req.ident.user_admin() => u,
        _ => return Err(req.unauthorized(s)),
    };
    quota_of(s, &s.name_of(me), req.p("quota_id")).map(|(_, q)| q)
}

/// listUserQuota: the caller's own quotas.
pub(crate) fn user_list(s: &mut State, req: &Req) -> ApiResult {
    let me = match req.ident.user {
        Some(u) if req.ident.user_admin() => u,
        _ => return Err(req.unauthorized(s)),
    };
    let list: Vec<Value> = s.entity(me).and_then(|e| e.quota.as_ref()).map(quota_full).into_iter().collect();
    ok(200, json!(list))
}

/// getUserQuota.
pub(crate) fn user_get(s: &mut State, req: &Req) -> ApiResult {
    ok(200, quota_full(&own_quota(s, req)?))
}

/// listUserQuotaLimit.
pub(crate) fn user_limits(s: &mut State, req: &Req) -> ApiResult {
    ok(200, quota_limits(&own_quota(s, req)?))
}

/// getUserQuotaLimit: the whole quota once the limit is found (a Quay quirk).
pub(crate) fn user_limit(s: &mut State, req: &Req) -> ApiResult {
    let q = own_quota(s, req)?;
    limit_index(&q, req.p("limit_id"))?;
    ok(200, quota_full(&q))
}
