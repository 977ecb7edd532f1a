//! The OCI referrers listing (`GET /v2/{namespace}/{repository}/referrers/{digest}`, the
//! registry API, behind REFERRERS_API), authenticated with a registry token from `/v2/auth`:
//! an OCI image index of the repository's manifests whose `subject` is the digest.

use super::common::Req;
use crate::http::{ApiResult, Reply, reply::HTML_UTF8};
use crate::model::{REFERRER_MEDIA_TYPE, State};
use serde_json::{Map, Value, json};

/// The media type of the answer.
const INDEX_MEDIA_TYPE: &str = "application/vnd.oci.image.index.v1+json";

/// A registry error (`{"errors": [{code, detail, message}]}`).
fn registry_error(status: u16, code: &str, message: &str, detail: Value) -> Reply {
    Reply::json(status, json!({"errors": [{"code": code, "detail": detail, "message": message}]}))
}

/// Flask's own 404 page (the route's digest pattern does not match).
fn flask_404() -> Reply {
    Reply::raw(
        404,
        HTML_UTF8,
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n",
    )
}

/// Quay's digest pattern: `algorithm:hex`.
fn valid_digest(d: &str) -> bool {
    d.split_once(':').is_some_and(|(alg, hex)| {
        !alg.is_empty()
            && alg.chars().all(|c| c.is_ascii_alphanumeric() || "_+.-".contains(c))
            && !hex.is_empty()
            && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// A bearer header holding something shaped like a JWT (Quay's registry token pattern).
fn jwt_shaped(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "+-_/".contains(c)))
}

/// getReferrers.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    let (ns, name) = req.repo();
    let digest = req.p("digest");
    if !valid_digest(digest) {
        return Err(flask_404());
    }
    let denied = || {
        let host = s.base_url.split("://").nth(1).unwrap_or_default().to_string();
        registry_error(401, "UNAUTHORIZED", "access to the requested resource is not authorized", json!({}))
            .with_header(
                "WWW-Authenticate",
                &format!("Bearer realm=\"{}/v2/auth\",service=\"{host}\",scope=\"repository:{ns}/{name}:pull\"", s.base_url),
            )
    };
    // The registry token: none (anonymous), or a JWT that /v2/auth handed out and that has not
    // expired; anything else is refused before the permission check.
    let pull = match req.authorization.as_deref() {
        None => vec![],
        Some(header) => {
            let token = header.strip_prefix("Bearer ").filter(|t| jwt_shaped(t));
            let Some(token) = token else {
                return Err(Reply::raw(401, HTML_UTF8, json!({"error": "Invalid bearer token format"}).to_string()));
            };
            match s.chapters.registry_tokens.get(token) {
                Some(g) if g.expires > s.now() => g.pull.clone(),
                Some(_) => {
                    return Err(Reply::raw(401, HTML_UTF8, json!({"error": "Invalid bearer token: Signature has expired"}).to_string()));
                }
                None => {
                    return Err(Reply::raw(401, HTML_UTF8, json!({"error": "Invalid bearer token: Signature verification failed"}).to_string()));
                }
            }
        }
    };
    let public = s.repo(ns, name).is_some_and(|r| r.public);
    if !public && !pull.iter().any(|r| *r == format!("{ns}/{name}")) {
        return Err(denied());
    }
    let Some(repo) = s.repo(ns, name) else {
        return Err(registry_error(404, "NAME_UNKNOWN", "repository name not known to registry", json!("repository not found")));
    };
    if !repo.manifests.contains_key(digest) {
        return Err(registry_error(400, "MANIFEST_INVALID", "manifest invalid", json!("")));
    }
    let filter = req.q("artifactType");
    let mut referrers: Vec<_> = repo
        .manifests
        .iter()
        .filter_map(|(d, m)| m.referrer.as_ref().map(|r| (d, m, r)))
        .filter(|(_, _, r)| r.subject == digest && filter.is_none_or(|f| r.artifact_type == f))
        .collect();
    referrers.sort_by_key(|(_, m, _)| m.pushed);
    let mut annotations = Map::new();
    let manifests: Vec<Value> = referrers
        .iter()
        .map(|(d, m, r)| {
            let mut entry = json!({"mediaType": REFERRER_MEDIA_TYPE, "digest": d, "size": m.payload.len(), "artifactType": r.artifact_type});
            if !r.annotations.is_empty() {
                entry["annotations"] = json!(r.annotations);
                annotations.extend(r.annotations.iter().map(|(k, v)| (k.clone(), json!(v))));
            }
            entry
        })
        .collect();
    let mut index = json!({"schemaVersion": 2, "mediaType": INDEX_MEDIA_TYPE, "manifests": manifests});
    if !annotations.is_empty() {
        index["annotations"] = Value::Object(annotations);
    }
    let mut reply = Reply::json(200, index);
    reply.content_type = Some(INDEX_MEDIA_TYPE.to_string());
    if filter.is_some() {
        reply = reply.with_header("OCI-Filters-Applied", "artifactType");
    }
    Ok(reply)
}
