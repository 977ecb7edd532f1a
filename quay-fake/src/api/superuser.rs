//! Superuser panel: users, organizations, ownership, logs, service keys, registry size, config.

use super::views::{entity_avatar, natural_avatar, superuser_org_view, superuser_user_view};
use super::{Req, ok};
use crate::errors::{self, ApiResult, Reply, invalid_request, not_found};
use crate::paging;
use crate::state::{Kind, KeyApproval, ServiceKey, State, Team};
use crate::util::{self, base64, base64url, http_date, parse_mdy, rand_bytes, rfc2822};
use serde_json::{Map, Value, json};

fn su(s: &State, req: &Req) -> Result<(), Reply> {
    if req.ident.superuser(s) { Ok(()) } else { Err(req.unauthorized(s)) }
}

fn page_of(items: Vec<Value>, key: &str, kind: &str, limit: Option<usize>, token: Option<&str>) -> Value {
    let Some(limit) = limit else { return json!({key: items}) };
    let offset = paging::decode(kind, token);
    let page: Vec<Value> = items.iter().skip(offset).take(limit).cloned().collect();
    let mut out = json!({key: page});
    if items.len() > offset + limit {
        out["next_page"] = json!(paging::encode(kind, offset + limit));
    }
    out
}

/// getConfigDump (403 even for superusers while the config-dump feature is off).
pub fn config_dump(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
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
pub fn list_users(s: &mut State, req: &Req) -> ApiResult {
    let limit = req.q_int("limit", "Limit to the number of results to return per page. Max 100.")?;
    let include_disabled = req.q_bool("disabled", true);
    su(s, req)?;
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
    util::rand_string(32, util::ALNUM)
}

/// createInstallUser (200 with the generated password; e-mail format is not checked).
pub fn create_user(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("CreateInstallUser")?;
    su(s, req)?;
    let name = body["username"].as_str().unwrap_or_default().to_string();
    let email = body.get("email").and_then(Value::as_str).map(str::to_string);
    if let Some(msg) = super::organization::namespace_error(&name) {
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
    ok(200, json!({"username": name, "email": email, "password": password, "encrypted_password": format!("$2b$12${}", util::rand_string(53, util::ALNUM))}))
}

/// changeInstallUser (the answer shows the account as it was before the change, except e-mail).
pub fn change_user(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateUser")?;
    su(s, req)?;
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
        view["encrypted_password"] = json!(format!("$2b$12${}", util::rand_string(53, util::ALNUM)));
    }
    ok(200, view)
}

/// deleteInstallUser (204).
pub fn delete_user(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
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
pub fn logs(s: &mut State, req: &Req) -> ApiResult {
    req.q_int("page", "The page number for the logs")?;
    su(s, req)?;
    let t = s.now();
    let start = req.q("starttime").and_then(parse_mdy).unwrap_or(t - 86_400);
    let end = req.q("endtime").and_then(parse_mdy).map(|e| e + 86_400).unwrap_or(t + 86_400);
    let entries: Vec<Value> = s
        .logs
        .iter()
        .rev()
        .filter(|l| l.datetime >= start && l.datetime < end)
        .map(|l| {
            let mut v = json!({"kind": l.kind, "metadata": l.metadata, "ip": "127.0.0.1", "datetime": rfc2822(l.datetime)});
            if let Some(p) = l.performer {
                let (name, kind) = entity_label(s, p);
                let av = s.entity(p).map(natural_avatar).unwrap_or_else(|| util::avatar(&name, &name, "user"));
                v["performer"] = json!({"kind": "user", "name": name, "is_robot": kind == Kind::Robot, "avatar": av});
            }
            if let Some(n) = l.namespace {
                let (name, kind) = entity_label(s, n);
                let label = if kind == Kind::Org { "org" } else { "user" };
                let av = s.entity(n).map(|e| entity_avatar(e, label)).unwrap_or_else(|| util::avatar(&name, &name, label));
                v["namespace"] = json!({"kind": label, "name": name, "avatar": av});
            }
            v
        })
        .collect();
    let size = s.pages.logs.max(1);
    let mut out = page_of(entries, "logs", "logs", Some(size), req.q("next_page"));
    let m = out.as_object_mut().expect("object");
    m.insert("start_time".into(), json!(rfc2822(start)));
    m.insert("end_time".into(), json!(rfc2822(end)));
    ok(200, out)
}

fn entity_label(s: &State, id: u64) -> (String, Kind) {
    match s.entity(id) {
        Some(e) => (e.name.clone(), e.kind),
        None => s.tombstones.get(&id).cloned().unwrap_or((String::new(), Kind::User)),
    }
}

/// listAllOrganizations (pages only when `limit` is given).
pub fn list_orgs(s: &mut State, req: &Req) -> ApiResult {
    let limit = req.q_int("limit", "Limit to the number of results to return per page. Max 100.")?;
    su(s, req)?;
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
pub fn change_org(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("SuperUserUpdateOrg")?;
    su(s, req)?;
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
            rename(s, id, n);
        }
    ok(200, superuser_org_view(s, s.entity(id).expect("org")))
}

fn rename(s: &mut State, id: u64, new: &str) {
    let old = s.name_of(id);
    s.entities.get_mut(&id).expect("entity").name = new.to_string();
    for e in s.entities.values_mut() {
        if e.robot.as_ref().is_some_and(|r| r.parent == id)
            && let Some(short) = e.name.strip_prefix(&format!("{old}+")) {
                e.name = format!("{new}+{short}");
            }
    }
}

/// deleteOrganization (404 for a missing organization or a user namespace).
pub fn delete_org(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
    let name = req.p("name").to_string();
    let id = s.find_kind(&name, Kind::Org).ok_or_else(not_found)?;
    req.log(s, "org_delete", Some(id), json!({"namespace": name}));
    s.delete_entity(id);
    Ok(Reply::empty(204))
}

/// takeOwnership (a user namespace is converted into an organization).
pub fn take_ownership(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
    let ns = req.p("namespace").to_string();
    if s.find(&ns).is_some_and(|e| e.superuser) {
        return Err(invalid_request("Cannot take ownership of a superuser"));
    }
    let e = s.find(&ns).filter(|e| e.kind != Kind::Robot).ok_or_else(not_found)?;
    let (id, was_user) = (e.id, e.kind == Kind::User);
    let me = req.ident.user.expect("superuser");
    if was_user {
        let team = Team { id: s.alloc_id(), name: "owners".into(), description: String::new(), role: "admin".into(), members: vec![me], sync: None };
        let e = s.entities.get_mut(&id).expect("entity");
        e.kind = Kind::Org;
        e.password = None;
        e.email = String::new();
        e.teams = vec![team];
        s.tokens.retain(|_, t| t.user != id);
    } else {
        let e = s.entities.get_mut(&id).expect("entity");
        match e.teams.iter_mut().find(|t| t.role == "admin") {
            Some(t) if !t.members.contains(&me) => t.members.push(me),
            Some(_) => {}
            None => {}
        }
    }
    let meta = json!({"entity_id": id, "namespace": ns, "was_user": was_user, "superuser": s.name_of(me)});
    req.log(s, "take_ownership", Some(me), meta);
    ok(200, json!({"namespace": ns}))
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 128 {
        out.push(n as u8);
    } else if n < 256 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn pem(label: &str, data: &[u8]) -> String {
    let b = base64(data);
    let lines: Vec<&str> = b.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// A fresh service key record (RSA-shaped public key; approval and metadata left empty).
pub fn new_key(s: &mut State, name: &str, service: &str) -> ServiceKey {
    let mut n = rand_bytes(256);
    n[0] |= 0x80;
    let mut int_n = vec![0u8];
    int_n.extend_from_slice(&n);
    let rsa = der(0x30, &[der(0x02, &int_n), der(0x02, &[1, 0, 1])].concat());
    let mut bits = vec![0u8];
    bits.extend(rsa);
    let alg = der(0x30, &[der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]), vec![0x05, 0x00]].concat());
    let spki = der(0x30, &[alg, der(0x03, &bits)].concat());
    ServiceKey {
        kid: base64url(&rand_bytes(32)),
        name: name.to_string(),
        service: service.to_string(),
        metadata: Map::new(),
        created: s.now(),
        expiration: None,
        approval: None,
        jwk_n: base64url(&n),
        public_pem: pem("PUBLIC KEY", &spki),
    }
}

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

/// How long Quay keeps showing a service key after it expired (`EXPIRED_SERVICE_KEY_TTL_SEC`,
/// one week); after that its listings and lookups leave it out, as if collected.
pub const EXPIRED_SERVICE_KEY_TTL_S: i64 = 7 * 86_400;

/// Whether a key expired so long ago that Quay no longer shows it.
fn stale(k: &ServiceKey, now: i64) -> bool {
    k.expiration.is_some_and(|e| e <= now - EXPIRED_SERVICE_KEY_TTL_S)
}

/// listServiceKeys (expired keys show with their past expiration for a week, then vanish).
pub fn list_keys(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
    let now = s.now();
    let keys: Vec<Value> = s.keys.iter().filter(|k| !stale(k, now)).map(|k| key_view(s, k)).collect();
    ok(200, json!({"keys": keys}))
}

/// createServiceKey (200 with the key pair; auto-approved by the superuser).
pub fn create_key(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("CreateServiceKey")?;
    su(s, req)?;
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
    let mut key = new_key(s, &name, &service);
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
    s.keys.iter().position(|k| k.kid == req.p("kid") && !stale(k, now)).ok_or_else(not_found)
}

fn key_index_any(s: &State, req: &Req) -> Result<usize, Reply> {
    s.keys.iter().position(|k| k.kid == req.p("kid")).ok_or_else(not_found)
}

/// getServiceKey.
pub fn get_key(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
    let i = key_index(s, req)?;
    ok(200, key_view(s, &s.keys[i]))
}

/// updateServiceKey (`expiration: null` means never; metadata is merged).
pub fn update_key(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("PutServiceKey")?;
    su(s, req)?;
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
pub fn delete_key(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
    let i = key_index_any(s, req)?;
    let k = s.keys.remove(i);
    req.log(s, "service_key_delete", None, key_meta(&k));
    Ok(Reply::empty_html(204))
}

/// approveServiceKey (201, empty text/html, also when already approved).
pub fn approve_key(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("ApproveServiceKey")?;
    su(s, req)?;
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

/// getRegistrySize.
pub fn registry_size(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
    ok(200, json!({"size_bytes": 0, "last_ran": null, "running": false, "queued": s.registry_size_queued}))
}

/// queueRegistrySizeCalculation (201 "", or 202 "" when already queued).
pub fn queue_registry_size(s: &mut State, req: &Req) -> ApiResult {
    su(s, req)?;
    if s.registry_size_queued {
        return ok(202, json!(""));
    }
    s.registry_size_queued = true;
    ok(201, json!(""))
}
