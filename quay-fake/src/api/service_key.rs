//! Service keys (superuser panel): list, create (auto-approved), view, update, delete, approve.
//! Keys expired for over a week are no longer listed or found, as in Quay.

use super::common::{Req, ok};
use super::views::superuser_user_view;
use crate::access::require_superuser;
use crate::http::errors::{self, invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{KeyApproval, ServiceKey, State, pem};
use crate::util::{http_date, rand_bytes};
use serde_json::{Value, json};

fn key_view(s: &State, k: &ServiceKey) -> Value {
    let approval = k.approval.as_ref().map(|a| {
        json!({
            "approval_type": a.kind,
            "approved_date": http_date(a.date),
            "approver": a.approver.and_then(|u| s.entity(u)).map(|u| superuser_user_view(s, u)),
            "notes": a.notes,
        })
    });
    json!({
        "approval": approval,
        "created_date": http_date(k.created),
        "expiration_date": k.expiration.map(http_date),
        "jwk": {"e": "AQAB", "kid": k.kid, "kty": "RSA", "n": k.jwk_n},
        "kid": k.kid,
        "metadata": k.metadata,
        "name": k.name,
        "rotation_duration": null,
        "service": k.service,
    })
}

fn valid_key_name(n: &str) -> bool {
    n.chars().all(|c| c.is_alphanumeric() || " -_.".contains(c))
}

fn valid_service(n: &str) -> bool {
    !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn key_meta(k: &ServiceKey) -> Value {
    json!({"kid": k.kid, "preshared": true, "service": k.service, "name": k.name, "expiration_date": k.expiration.map(http_date)})
}

/// listServiceKeys (expired keys show with their past expiration for a week, then vanish).
pub(crate) fn list_keys(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let now = s.now();
    let keys: Vec<Value> = s.keys.iter().filter(|k| !k.stale(now)).map(|k| key_view(s, k)).collect();
    ok(200, json!({"keys": keys}))
}

/// createServiceKey (200 with the key pair; auto-approved by the superuser).
pub(crate) fn create_key(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("CreateServiceKey")?;
    require_superuser(s, &req.ident)?;
    let expiration = body.get("expiration").and_then(Value::as_f64).map(|f| f as i64);
    if expiration.is_some_and(|e| e <= s.now()) {
        return Err(invalid_request("Expiration date cannot be in the past"));
    }
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
    if !valid_key_name(&name) {
        return Err(invalid_request(format!("Invalid service key friendly name: {name}")));
    }
    let service = body["service"].as_str().unwrap_or_default().to_string();
    if !valid_service(&service) {
        return Err(errors::message(400, ""));
    }
    let me = req.ident.user.expect("superuser");
    let mut key = s.new_key(&name, &service);
    let mut metadata = body.get("metadata").and_then(Value::as_object).cloned().unwrap_or_default();
    metadata.insert("created_by".into(), json!("Quay Superuser Panel"));
    metadata.insert("creator".into(), json!(s.name_of(me)));
    metadata.insert("ip".into(), json!("127.0.0.1"));
    key.metadata = metadata;
    key.expiration = expiration;
    key.approval = Some(KeyApproval {
        kind: "ServiceKeyApprovalType.SUPERUSER".into(),
        approver: Some(me),
        date: s.now(),
        notes: body.get("notes").and_then(Value::as_str).unwrap_or_default().to_string(),
    });
    let mut meta = key_meta(&key);
    meta["auto_approved"] = json!(true);
    let private = pem("RSA PRIVATE KEY", &rand_bytes(1190));
    let out = json!({"kid": key.kid, "name": name, "private_key": private, "public_key": key.public_pem, "service": service});
    s.keys.push(key);
    req.log(s, "service_key_create", None, meta.clone());
    req.log(s, "service_key_approve", None, meta);
    ok(200, out)
}

/// The key named by the `kid` parameter; keys expired for over a week are not found, as in
/// Quay's lookups (deletion and approval still reach them).
fn key_index(s: &State, req: &Req) -> Result<usize, Reply> {
    let now = s.now();
    s.keys.iter().position(|k| k.kid == req.p("kid") && !k.stale(now)).ok_or_else(not_found)
}

fn key_index_any(s: &State, req: &Req) -> Result<usize, Reply> {
    s.keys.iter().position(|k| k.kid == req.p("kid")).ok_or_else(not_found)
}

/// getServiceKey.
pub(crate) fn get_key(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let i = key_index(s, req)?;
    ok(200, key_view(s, &s.keys[i]))
}

/// updateServiceKey (`expiration: null` means never; metadata is merged).
pub(crate) fn update_key(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("PutServiceKey")?;
    require_superuser(s, &req.ident)?;
    let i = key_index(s, req)?;
    if let Some(exp) = body.get("expiration") {
        let e = exp.as_f64().map(|f| f as i64);
        if e.is_some_and(|e| e <= s.now()) {
            return Err(invalid_request("Cannot have an expiration date in the past"));
        }
        s.keys[i].expiration = e;
        let meta = key_meta(&s.keys[i]);
        req.log(s, "service_key_extend", None, meta);
    }
    if body.get("name").is_some() || body.get("metadata").is_some() {
        let name = body.get("name").and_then(Value::as_str);
        if name.is_some_and(|n| !valid_key_name(n)) {
            return Err(invalid_request(format!("Invalid service key friendly name: {}", name.unwrap_or_default())));
        }
        let k = &mut s.keys[i];
        if let Some(n) = name {
            k.name = n.to_string();
        }
        if let Some(m) = body.get("metadata").and_then(Value::as_object) {
            k.metadata.extend(m.clone());
        }
        let meta = key_meta(&s.keys[i]);
        req.log(s, "service_key_modify", None, meta);
    }
    ok(200, key_view(s, &s.keys[i]))
}

/// deleteServiceKey (204, empty text/html).
pub(crate) fn delete_key(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let i = key_index_any(s, req)?;
    let k = s.keys.remove(i);
    req.log(s, "service_key_delete", None, key_meta(&k));
    Ok(Reply::empty_html(204))
}

/// approveServiceKey (201, empty text/html, also when already approved).
pub(crate) fn approve_key(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("ApproveServiceKey")?;
    require_superuser(s, &req.ident)?;
    let i = key_index_any(s, req)?;
    let me = req.ident.user;
    if s.keys[i].approval.is_none() {
        s.keys[i].approval = Some(KeyApproval {
            kind: "ServiceKeyApprovalType.SUPERUSER".into(),
            approver: me,
            date: s.now(),
            notes: body.get("notes").and_then(Value::as_str).unwrap_or_default().to_string(),
        });
        let meta = key_meta(&s.keys[i]);
        req.log(s, "service_key_approve", None, meta);
    }
    Ok(Reply::empty_html(201))
}
