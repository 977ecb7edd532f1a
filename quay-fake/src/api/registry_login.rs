//! The registry's login (`GET /v2/auth`, outside /api/v1) as far as the API's credentials go:
//! a user's password, a robot's token, or an app-specific token with the username `$app`.
//! It answers a bearer token for the registry; a failed login puts its user under Quay's
//! back-off, so that the next failure for that user gets 429.

use crate::http::{Reply, reply::HTML_UTF8};
use crate::model::{Kind, State};
use crate::util::{base64_decode, rand_string, ALNUM};
use serde_json::json;

fn refused(message: &str) -> Reply {
    Reply::json(401, json!({"errors": [{"code": "UNAUTHORIZED", "detail": {}, "message": message}]}))
}

/// `GET /v2/auth` with HTTP basic credentials (or none: an anonymous registry token).
pub(crate) fn v2_auth(s: &mut State, authorization: Option<&str>) -> Reply {
    let granted = || Reply::json(200, json!({"token": rand_string(64, ALNUM)}));
    let Some(basic) = authorization.and_then(|a| a.strip_prefix("Basic ")) else { return granted() };
    let decoded = base64_decode(basic.trim()).and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
    let (user, secret) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
    if user == "$app" {
        if !s.features.app_specific_tokens {
            return refused("Invalid Username or Password");
        }
        let now = s.now();
        let owners_enabled = |s: &State, owner: u64| s.entity(owner).is_some_and(|e| e.enabled);
        let found = s.chapters.app_tokens.iter().position(|t| t.code == secret && t.expiration.is_none_or(|e| e > now));
        return match found {
            Some(i) if owners_enabled(s, s.chapters.app_tokens[i].owner) => {
                s.chapters.app_tokens[i].last_accessed = Some(now);
                granted()
            }
            _ => refused("Invalid token"),
        };
    }
    let valid = match s.find(user) {
        Some(e) if e.kind == Kind::Robot => e.robot.as_ref().is_some_and(|r| r.token == secret),
        Some(e) if e.kind == Kind::User => e.enabled && e.password.as_deref() == Some(secret),
        _ => false,
    };
    if valid {
        s.chapters.failed_logins.remove(user);
        return granted();
    }
    if !s.chapters.failed_logins.insert(user.to_string()) {
        return Reply::raw(429, HTML_UTF8, "Too many login attempts. \nPlease reset your Quay password and try again.")
            .with_header("Retry-After", "0");
    }
    refused("Invalid Username or Password")
}
