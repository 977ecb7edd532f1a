//! Organization proxy-cache configurations. The fake has no network: an upstream is reachable
//! only when it is the fake itself (its own host and port), where a login is checked against
//! its users', robots' and app tokens' credentials; any other upstream answers as Quay does
//! for an unreachable registry.

use super::common::{Req, ok};
use crate::access::require_org_admin;
use crate::http::errors::{invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, ProxyCache, State};
use serde_json::{Value, json};

const FAILED_LOGIN: &str = "Failed login to remote registry. Please verify entered details and try again.";

/// Whether an upstream's host is one Quay refuses to reach (private and link-local networks).
pub(crate) fn forbidden_host(host: &str) -> bool {
    let octets: Vec<u8> = host.split('.').filter_map(|x| x.parse().ok()).collect();
    if octets.len() != 4 {
        return false;
    }
    matches!((octets[0], octets[1]), (10, _) | (169, 254) | (192, 168)) || (octets[0] == 172 && (16..32).contains(&octets[1]))
}

/// The host (with port) of an upstream written as `host[:port][/namespace]`.
fn upstream_host(upstream: &str) -> &str {
    upstream.split('/').next().unwrap_or("")
}

/// Whether `user:password` logs in to the fake's registry.
fn login_ok(s: &State, user: &str, password: &str) -> bool {
    if user == "$app" {
        return s.chapters.app_tokens.iter().any(|t| t.code == password);
    }
    match s.find(user) {
        Some(e) if e.kind == Kind::Robot => e.robot.as_ref().is_some_and(|r| r.token == password),
        Some(e) if e.kind == Kind::User => e.enabled && e.password.as_deref() == Some(password),
        _ => false,
    }
}

fn admin_org(s: &State, req: &Req) -> Result<u64, Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    s.org_id(req.p("orgname")).ok_or_else(not_found)
}

fn config_of(body: &Value) -> ProxyCache {
    ProxyCache {
        upstream_registry: body["upstream_registry"].as_str().unwrap_or_default().to_string(),
        expiration_s: body.get("expiration_s").and_then(Value::as_i64).unwrap_or(86_400),
        insecure: body.get("insecure").and_then(Value::as_bool).unwrap_or(false),
        username: body.get("upstream_registry_username").and_then(Value::as_str).map(str::to_string),
    }
}

/// The checks creation and validation share: one configuration per organization, none on an
/// organization that organization mirroring manages, and no private upstream.
fn precheck(s: &State, org: u64, cfg: &ProxyCache) -> Result<(), Reply> {
    if s.chapters.proxy_caches.contains_key(&org) {
        return Err(invalid_request("Proxy Cache Configuration already exists"));
    }
    if s.chapters.org_mirrors.contains_key(&org) {
        return Err(invalid_request("Cannot create proxy cache: organization is managed by organization-level mirroring"));
    }
    if forbidden_host(upstream_host(&cfg.upstream_registry).split(':').next().unwrap_or("")) {
        return Err(invalid_request("The provided registry URL is not allowed"));
    }
    Ok(())
}

/// getProxyCacheConfig: the configuration, or empty strings when there is none (200 either way).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    match s.chapters.proxy_caches.get(&org) {
        Some(c) => ok(200, json!({"upstream_registry": c.upstream_registry, "expiration_s": c.expiration_s, "insecure": c.insecure})),
        None => ok(200, json!({"upstream_registry": "", "expiration_s": "", "insecure": ""})),
    }
}

/// createProxyCacheConfig: 201 "Created".
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewProxyCacheConfig")?;
    let org = admin_org(s, req)?;
    let cfg = config_of(&body);
    precheck(s, org, &cfg)?;
    let meta = json!({"upstream_registry": cfg.upstream_registry, "expiration_s": cfg.expiration_s, "insecure": cfg.insecure});
    s.chapters.proxy_caches.insert(org, cfg);
    req.log(s, "create_proxy_cache_config", Some(org), meta);
    ok(201, json!("Created"))
}

/// deleteProxyCacheConfig: 201 "Deleted" (sic); 404 when there is none.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    s.chapters.proxy_caches.remove(&org).ok_or_else(not_found)?;
    req.log(s, "delete_proxy_cache_config", Some(org), json!({}));
    ok(201, json!("Deleted"))
}

/// validateProxyCacheConfig: 202 "Valid" (a good login) or "Anonymous" (no credentials) against
/// a reachable upstream; a failed login, TLS against the fake's plain HTTP (`insecure` false) or
/// an unreachable upstream gives 400.
pub(crate) fn validate(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewProxyCacheConfig")?;
    let org = admin_org(s, req)?;
    let cfg = config_of(&body);
    precheck(s, org, &cfg)?;
    let own = s.base_url.split("://").nth(1).unwrap_or("").to_string();
    if upstream_host(&cfg.upstream_registry) != own || !cfg.insecure {
        return Err(invalid_request(FAILED_LOGIN));
    }
    let password = body.get("upstream_registry_password").and_then(Value::as_str);
    match (cfg.username.as_deref(), password) {
        (Some(u), Some(p)) if login_ok(s, u, p) => Ok(Reply::json(202, json!("Valid"))),
        (None, None) => Ok(Reply::json(202, json!("Anonymous"))),
        _ => Err(invalid_request(FAILED_LOGIN)),
    }
}
