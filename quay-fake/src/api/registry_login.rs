//! The registry's login (`GET /v2/auth`, outside /api/v1) as far as the API's credentials go:
//! a user's password, a robot's token, or an app-specific token with the username `$app`.
//! An OAuth token works too, as the password of the username `$oauthtoken`. It answers a
//! registry bearer token (a JWT) granting `pull` on the repositories of its `scope`s that the
//! caller may read (or that are public); a failed login puts its user under Quay's back-off, so
//! that the next failure for that user gets 429.

use crate::access::Identity;
use crate::http::{Reply, reply::HTML_UTF8};
use crate::model::{Kind, State};
use crate::util::{base64_decode, parse_query};
use serde_json::json;

fn refused(message: &str) -> Reply {
    Reply::json(401, json!({"errors": [{"code": "UNAUTHORIZED", "detail": {}, "message": message}]}))
}

/// The repositories of the requested scopes (`repository:<namespace>/<name>:<actions>`, the
/// name optionally after the registry's host) whose `pull` the caller gets, or the 400 of a
/// scope Quay cannot read. Empty scopes ask for nothing.
fn pulls(s: &State, ident: &Identity, scopes: &[&str]) -> Result<Vec<String>, Reply> {
    let mut out = vec![];
    for scope in scopes.iter().filter(|s| !s.is_empty()) {
        let parsed = scope.strip_prefix("repository:").and_then(|rest| rest.rsplit_once(':'));
        let Some((name, actions)) = parsed.filter(|(n, a)| n.contains('/') && !a.is_empty()) else {
            return Err(Reply::json(
                400,
                json!({"errors": [{"code": "INVALID_REQUEST", "detail": {}, "message": format!("Unable to decode repository and actions: {scope}")}]}),
            ));
        };
        let segments: Vec<&str> = name.split('/').collect();
        let (ns, repo) = (segments[segments.len() - 2], segments[segments.len() - 1]);
        let public = s.repo(ns, repo).is_some_and(|r| r.public);
        if actions.split(',').any(|a| a == "pull") && (public || ident.can_read(s, ns, repo)) {
            out.push(format!("{ns}/{repo}"));
        }
    }
    Ok(out)
}

/// `GET /v2/auth` with HTTP basic credentials (or none: an anonymous registry token for the
/// scopes' public repositories; none at all without a scope).
pub(crate) fn v2_auth(s: &mut State, authorization: Option<&str>, query: Option<&str>) -> Reply {
    let query = parse_query(query);
    let service = query.iter().find(|(k, _)| k == "service").map(|(_, v)| v.clone()).unwrap_or_default();
    let scopes: Vec<&str> = query.iter().filter(|(k, _)| k == "scope").map(|(_, v)| v.as_str()).collect();
    let granted = |s: &mut State, ident: Identity| {
        let subject = ident.user.and_then(|u| s.entity(u)).map(|e| e.name.clone()).unwrap_or_default();
        match pulls(s, &ident, &scopes) {
            Ok(pull) => Reply::json(200, json!({"token": s.issue_registry_token(&service, &subject, pull)})),
            Err(reply) => reply,
        }
    };
    let Some(basic) = authorization.and_then(|a| a.strip_prefix("Basic ")) else {
        // Without credentials only an anonymous pull gets a token: a login (no scope, or an
        // empty one) is refused, as Quay does.
        if scopes.is_empty() || scopes.iter().any(|s| s.is_empty()) {
            return refused("access to the requested resource is not authorized");
        }
        return granted(s, Identity::default());
    };
    let decoded = base64_decode(basic.trim()).and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
    let (user, secret) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
    if user == "$oauthtoken" {
        let token = s.tokens.get(secret).filter(|t| s.entity(t.user).is_some_and(|u| u.enabled)).cloned();
        return match token {
            Some(t) => granted(s, Identity { user: Some(t.user), token: Some(t), direct: false }),
            None => refused("OAuth access token could not be validated"),
        };
    }
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
                let owner = s.chapters.app_tokens[i].owner;
                granted(s, Identity { user: Some(owner), token: None, direct: true })
            }
            _ => refused("Invalid token"),
        };
    }
    let valid = match s.find(user) {
        Some(e) if e.kind == Kind::Robot => e.robot.as_ref().is_some_and(|r| r.token == secret).then_some(e.id),
        Some(e) if e.kind == Kind::User => (e.enabled && e.password.as_deref() == Some(secret)).then_some(e.id),
        _ => None,
    };
    if let Some(id) = valid {
        s.chapters.failed_logins.remove(user);
        return granted(s, Identity { user: Some(id), token: None, direct: true });
    }
    if !s.chapters.failed_logins.insert(user.to_string()) {
        return Reply::raw(429, HTML_UTF8, "Too many login attempts. \nPlease reset your Quay password and try again.")
            .with_header("Retry-After", "0");
    }
    refused("Invalid Username or Password")
}
