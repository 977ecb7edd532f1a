//! App-specific tokens: the caller's registry passwords (listed without their codes), and the
//! superuser's listing of everyone's.

use super::common::{Req, ok};
use crate::access::require_superuser;
use crate::http::errors::not_found;
use crate::http::{ApiResult, Reply};
use crate::model::{AppToken, State};
use crate::util::rfc2822;
use serde_json::{Value, json};

/// How soon an expiring token must expire to be listed with `expiring` (10 % of Quay's default
/// four-week window, rounded up).
const EXPIRING_WINDOW: i64 = 241_920;

fn view(t: &AppToken, with_code: bool) -> Value {
    let mut v = json!({
        "uuid": t.uuid,
        "title": t.title,
        "last_accessed": t.last_accessed.map(rfc2822),
        "created": rfc2822(t.created),
        "expiration": t.expiration.map(rfc2822),
    });
    if with_code {
        v["token_code"] = json!(t.code);
    }
    v
}

fn user_admin(s: &State, req: &Req) -> Result<u64, Reply> {
    match req.ident.user {
        Some(u) if req.ident.user_admin() => Ok(u),
        _ => Err(req.unauthorized(s)),
    }
}

/// The tokens `owner` (or everyone) has, expiring soon only when asked.
fn listing(s: &State, req: &Req, owner: Option<u64>) -> Value {
    let expiring = req.q("expiring").map(|_| req.q_bool("expiring", false));
    let now = s.now();
    let tokens: Vec<Value> = s
        .chapters
        .app_tokens
        .iter()
        .filter(|t| owner.is_none_or(|o| t.owner == o))
        .filter(|t| expiring != Some(true) || t.expiration.is_some_and(|e| e <= now + EXPIRING_WINDOW))
        .map(|t| view(t, false))
        .collect();
    json!({"tokens": tokens, "only_expiring": expiring})
}

/// listAppTokens: the caller's own tokens, superusers included.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    let me = user_admin(s, req)?;
    ok(200, listing(s, req, Some(me)))
}

/// createAppToken: 200 with the token and its code.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let me = user_admin(s, req)?;
    let body = req.json("NewAppToken")?;
    let title = body.get("title").and_then(Value::as_str).unwrap_or_default();
    let t = s.create_app_token(me, title);
    let meta = json!({"app_specific_token_title": t.title, "app_specific_token": t.uuid});
    req.log(s, "create_app_specific_token", Some(me), meta);
    ok(200, json!({"token": view(&t, true)}))
}

/// getAppToken: one of the caller's tokens, with its code; 404 for anyone else's.
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let me = user_admin(s, req)?;
    let t = s.chapters.app_tokens.iter().find(|t| t.uuid == req.p("token_uuid") && t.owner == me).ok_or_else(not_found)?;
    ok(200, json!({"token": view(t, true)}))
}

/// revokeAppToken: 204; 404 for an unknown, revoked or foreign token.
pub(crate) fn revoke(s: &mut State, req: &Req) -> ApiResult {
    let me = user_admin(s, req)?;
    let at = s.chapters.app_tokens.iter().position(|t| t.uuid == req.p("token_uuid") && t.owner == me).ok_or_else(not_found)?;
    let t = s.chapters.app_tokens.remove(at);
    let meta = json!({"app_specific_token_title": t.title, "app_specific_token": t.uuid});
    req.log(s, "revoke_app_specific_token", Some(me), meta);
    Ok(Reply::empty(204))
}

/// listAllAppTokens: every user's tokens, without codes (superusers only).
pub(crate) fn list_all(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    ok(200, listing(s, req, None))
}
