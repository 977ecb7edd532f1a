//! Namespace quotas: the organization endpoints and the superuser user/organization endpoints.

use super::common::{Req, ok};
use super::views::quota_full;
use crate::access::{require_org_member, require_superuser};
use crate::http::errors::{self, invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, Quota, State};
use crate::util::{human_size, parse_human_size};
use serde_json::{Value, json};

/// The limit a quota body asks for: (`limit_bytes` as Quay returns it, integer bytes).
fn requested_limit(body: &Value) -> Option<(Value, i64)> {
    if let Some(l) = body.get("limit").and_then(Value::as_str) {
        let f = parse_human_size(l)?;
        return Some((json!(f), f as i64));
    }
    body.get("limit_bytes").and_then(Value::as_i64).map(|b| (json!(b), b))
}

fn quota_log(kind: &str, ns: &str, q: &Quota, previous: Option<i64>) -> Value {
    let mut m = json!({"namespace": ns, "limit_bytes": q.limit_bytes, "limit": human_size(q.limit_bytes)});
    if let Some(p) = previous {
        m["previous_limit_bytes"] = json!(p);
        m["previous_limit"] = json!(human_size(p));
    }
    if kind == "org_delete_quota" {
        m["quota_id"] = json!(q.id);
    }
    m
}

fn create_quota(s: &mut State, req: &Req, ns: u64, body: &Value, dup_msg: String) -> ApiResult {
    if s.entity(ns).is_some_and(|e| e.quota.is_some()) {
        return Err(invalid_request(dup_msg));
    }
    let (shown, bytes) = requested_limit(body).unwrap_or((json!(0), 0));
    if bytes < 0 {
        return Err(invalid_request(format!("Invalid quota size limit value: '{bytes}'")));
    }
    let q = s.new_quota(bytes);
    let name = s.name_of(ns);
    let mut meta = quota_log("org_create_quota", &name, &q, None);
    meta["limit_bytes"] = shown;
    s.entities.get_mut(&ns).expect("namespace").quota = Some(q);
    req.log(s, "org_create_quota", Some(ns), meta);
    ok(201, json!("Created"))
}

fn quota_by_id(s: &State, ns: u64, id: &str) -> Option<Quota> {
    let id: u64 = id.parse().ok()?;
    s.entity(ns)?.quota.clone().filter(|q| q.id == id)
}

fn change_quota(s: &mut State, req: &Req, ns: u64, q: Quota, body: &Value, ignore_zero: bool) -> ApiResult {
    let mut view = quota_full(&q);
    let requested = requested_limit(body).filter(|(_, b)| !(ignore_zero && *b == 0 && body.get("limit").is_none()));
    if let Some((shown, bytes)) = requested {
        if bytes < 0 {
            return Err(invalid_request(format!("Invalid quota size limit value: '{bytes}'")));
        }
        let new = Quota { limit_bytes: bytes, ..q.clone() };
        view = quota_full(&new);
        view["limit_bytes"] = shown;
        let name = s.name_of(ns);
        let mut meta = quota_log("org_change_quota", &name, &new, Some(q.limit_bytes));
        meta["limit_bytes"] = view["limit_bytes"].clone();
        s.entities.get_mut(&ns).expect("namespace").quota = Some(new);
        req.log(s, "org_change_quota", Some(ns), meta);
    }
    ok(200, view)
}

fn delete_quota(s: &mut State, req: &Req, ns: u64, q: Quota) -> ApiResult {
    let name = s.name_of(ns);
    let meta = quota_log("org_delete_quota", &name, &q, None);
    s.entities.get_mut(&ns).expect("namespace").quota = None;
    req.log(s, "org_delete_quota", Some(ns), meta);
    Ok(Reply::empty(204))
}

fn org_reader(s: &State, req: &Req) -> Result<u64, Reply> {
    let org = req.p("orgname");
    require_org_member(s, &req.ident, org)?;
    s.find_kind(org, Kind::Org).ok_or_else(not_found)
}

/// listOrganizationQuota (a bare JSON array).
pub(crate) fn org_list(s: &mut State, req: &Req) -> ApiResult {
    let org = org_reader(s, req)?;
    let list: Vec<Value> = s.entity(org).and_then(|e| e.quota.as_ref()).map(quota_full).into_iter().collect();
    ok(200, json!(list))
}

/// createOrganizationQuota (201 "Created"; superusers only).
pub(crate) fn org_create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewOrgQuota")?;
    require_superuser(s, &req.ident)?;
    let name = req.p("orgname").to_string();
    let org = s.find_kind(&name, Kind::Org).ok_or_else(not_found)?;
    create_quota(s, req, org, &body, format!("Organization quota for '{name}' already exists"))
}

/// getOrganizationQuota (500 for a non-numeric id, as Quay).
pub(crate) fn org_get(s: &mut State, req: &Req) -> ApiResult {
    let org = org_reader(s, req)?;
    if req.p("quota_id").parse::<u64>().is_err() {
        return Err(errors::server_error());
    }
    let q = quota_by_id(s, org, req.p("quota_id")).ok_or_else(not_found)?;
    ok(200, quota_full(&q))
}

/// changeOrganizationQuota (`limit_bytes` comes back as a float when `limit` was used).
pub(crate) fn org_change(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateOrgQuota")?;
    require_superuser(s, &req.ident)?;
    let org = s.find_kind(req.p("orgname"), Kind::Org).ok_or_else(not_found)?;
    let q = quota_by_id(s, org, req.p("quota_id")).ok_or_else(not_found)?;
    change_quota(s, req, org, q, &body, false)
}

/// deleteOrganizationQuota.
pub(crate) fn org_delete(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let org = s.find_kind(req.p("orgname"), Kind::Org).ok_or_else(not_found)?;
    let q = quota_by_id(s, org, req.p("quota_id")).ok_or_else(not_found)?;
    delete_quota(s, req, org, q)
}

fn su_namespace(s: &State, req: &Req) -> Option<u64> {
    s.find(req.p("namespace")).filter(|e| e.kind != Kind::Robot).map(|e| e.id)
}

/// listUserQuotaSuperUser / listOrganizationQuotaSuperUser (either path serves any namespace).
pub(crate) fn su_list(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let ns = su_namespace(s, req).ok_or_else(not_found)?;
    let list: Vec<Value> = s.entity(ns).and_then(|e| e.quota.as_ref()).map(quota_full).into_iter().collect();
    ok(200, json!(list))
}

/// createUserQuotaSuperUser / createOrganizationQuotaSuperUser (500 for a missing namespace).
pub(crate) fn su_create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewNamespaceQuota")?;
    require_superuser(s, &req.ident)?;
    let ns = su_namespace(s, req).ok_or_else(errors::server_error)?;
    let name = req.p("namespace").to_string();
    create_quota(s, req, ns, &body, format!("Quota for '{name}' already exists"))
}

/// changeUserQuotaSuperUser / changeOrganizationQuotaSuperUser (`limit_bytes: 0` is ignored).
pub(crate) fn su_change(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateNamespaceQuota")?;
    require_superuser(s, &req.ident)?;
    let ns = su_namespace(s, req).ok_or_else(errors::server_error)?;
    let q = quota_by_id(s, ns, req.p("quota_id")).ok_or_else(not_found)?;
    change_quota(s, req, ns, q, &body, true)
}

/// deleteUserQuotaSuperUser / deleteOrganizationQuotaSuperUser (500 for a missing namespace).
pub(crate) fn su_delete(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let ns = su_namespace(s, req).ok_or_else(errors::server_error)?;
    let q = quota_by_id(s, ns, req.p("quota_id")).ok_or_else(not_found)?;
    delete_quota(s, req, ns, q)
}
