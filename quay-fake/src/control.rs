//! The control API under `/__fake/` (JSON, for tests in any language) and the operations it
//! shares with the Rust library API.
//!
//! | route | body | answer |
//! | --- | --- | --- |
//! | `POST /__fake/reset` | – | `{"ok": true}` |
//! | `POST /__fake/users` | `{"username", "email"?, "password"?, "superuser"?}` | `{"username", "token", "password"}` |
//! | `POST /__fake/tokens` | `{"username", "scopes": [..]}` | `{"token"}` |
//! | `POST /__fake/manifests` | `{"namespace", "repository", "tag"?}` | `{"digest"}` |
//! | `GET`/`PUT /__fake/page-sizes` | `{"repos"?, "logs"?, "tags_default"?, "tags_max"?, "superuser_max_limit"?}` | the sizes |
//! | `POST /__fake/faults` | `{"method"?, "path_prefix"?, "operation_id"?, "times"?, "status"?, "headers"?, "body"?, "delay_ms"?}` | `{"ok": true}` |
//! | `DELETE /__fake/faults` | – | `{"ok": true}` |
//! | `GET /__fake/coverage` | – | `{"operations": [sorted operationIds]}` |
//! | `GET /__fake/requests` | – | `{"count": n}` |
//! | `GET /__fake/info` | – | `{"url", "superuser_token"}` |
//! | `GET /__fake/clock` | – | `{"now": unix_seconds, "pinned": bool}` |
//! | `PUT /__fake/clock` | `{"now": unix_seconds}` (pin), `{"advance": seconds}` or `{"system": true}` | the clock |

use crate::errors::Reply;
use crate::faults::Fault;
use crate::server::{App, render};
use crate::state::{ALL_SCOPES, Kind, PageSizes};
use axum::response::Response;
use serde_json::{Value, json};

/// Creates a user (full scopes token); returns (token, password).
pub fn create_user(app: &App, name: &str, email: Option<&str>, password: Option<&str>, superuser: bool) -> Result<(String, String), String> {
    let mut st = app.state();
    if st.find(name).is_some() {
        return Err(format!("namespace {name} already exists"));
    }
    let password = password.map(str::to_string).unwrap_or_else(|| crate::util::rand_string(24, crate::util::ALNUM));
    let email = email.map(str::to_string).unwrap_or_else(|| format!("{name}@example.com"));
    let id = st.create_user(name, Some(&email), Some(password.clone()), superuser);
    Ok((st.mint_token(id, &ALL_SCOPES), password))
}

/// Mints a token for an existing user or robot with the given scopes.
pub fn mint_token(app: &App, user: &str, scopes: &[&str]) -> Result<String, String> {
    let mut st = app.state();
    let id = st.find(user).filter(|e| e.kind != Kind::Org).map(|e| e.id).ok_or_else(|| format!("no user {user}"))?;
    if let Some(bad) = scopes.iter().find(|s| !ALL_SCOPES.contains(s)) {
        return Err(format!("unknown scope {bad}"));
    }
    Ok(st.mint_token(id, scopes))
}

/// Pushes a manifest (as /v2 would) into `namespace/repo`, creating the repository if needed;
/// optionally points `tag` at it. Returns the `sha256:` digest.
pub fn push_manifest(app: &App, namespace: &str, repo: &str, tag: Option<&str>) -> Result<String, String> {
    let mut st = app.state();
    let ns = st.find(namespace).filter(|e| e.kind != Kind::Robot).map(|e| e.id).ok_or_else(|| format!("no namespace {namespace}"))?;
    if tag.is_some_and(|t| !crate::util::valid_tag_name(t)) {
        return Err(format!("invalid tag name {}", tag.unwrap_or_default()));
    }
    let id = match st.repo_id(namespace, repo) {
        Some(id) => id,
        None => {
            if !crate::util::valid_repo_name(repo) {
                return Err(format!("invalid repository name {repo}"));
            }
            let creator = st.entity(ns).filter(|e| e.kind == Kind::User).map(|e| e.id);
            crate::api::repository::create_repository(&mut st, ns, repo, creator, "", false)
        }
    };
    Ok(st.push_manifest(id, tag))
}

/// Pushes one manifest into `namespace/repo` and points `count` new tags at it, named
/// `{prefix}{i}` (for large listings, e.g. benchmarks). The names must not exist yet. Returns
/// the digest.
pub fn push_tags(app: &App, namespace: &str, repo: &str, count: usize, prefix: &str) -> Result<String, String> {
    if !crate::util::valid_tag_name(&format!("{prefix}{count}")) {
        return Err(format!("invalid tag prefix {prefix}"));
    }
    let digest = push_manifest(app, namespace, repo, None)?;
    let mut st = app.state();
    let id = st.repo_id(namespace, repo).ok_or_else(|| format!("no repository {namespace}/{repo}"))?;
    let now = st.now();
    if st.repos[&id].tags.iter().any(|t| t.name.starts_with(prefix)) {
        return Err(format!("tags named {prefix}* already exist in {namespace}/{repo}"));
    }
    for i in 0..count {
        let row = st.alloc_id();
        st.repo_mut(id).tags.push(crate::state::TagRow {
            id: row,
            name: format!("{prefix}{i}"),
            digest: digest.clone(),
            start: now,
            end: None,
            reversion: false,
            immutable: false,
        });
    }
    Ok(digest)
}

fn page_sizes_json(p: &PageSizes) -> Value {
    json!({"repos": p.repos, "logs": p.logs, "tags_default": p.tags_default, "tags_max": p.tags_max, "superuser_max_limit": p.superuser_max_limit})
}

fn clock_json(app: &App) -> Value {
    json!({"now": app.clock.now(), "pinned": app.clock.is_pinned()})
}

/// `PUT /__fake/clock`: exactly one of `now` (an integer Unix time, >= 0, pins the clock),
/// `advance` (an integer count of seconds, >= 0) or `system: true` (follow the system clock).
pub fn set_clock(app: &App, v: &Value) -> Result<Value, String> {
    let Some(m) = v.as_object() else { return Err("the clock body must be a JSON object".into()) };
    let given: Vec<&String> = m.keys().collect();
    if given.len() != 1 || !["now", "advance", "system"].contains(&given[0].as_str()) {
        return Err(format!("give exactly one of `now`, `advance` or `system` (got {v})"));
    }
    let int = |k: &str| -> Result<i64, String> {
        match m[k].as_i64() {
            Some(x) if x >= 0 => Ok(x),
            _ => Err(format!("`{k}` must be a whole number of seconds >= 0 (got {})", m[k])),
        }
    };
    match given[0].as_str() {
        "now" => app.clock.set(int("now")?),
        "advance" => {
            app.clock.advance(int("advance")?);
        }
        _ => match m["system"].as_bool() {
            Some(true) => app.clock.follow_system(),
            _ => return Err(format!("`system` must be true (got {})", m["system"])),
        },
    }
    Ok(clock_json(app))
}

fn bad(msg: impl Into<String>) -> Reply {
    Reply::json(400, json!({"error": msg.into()}))
}

fn route(app: &App, method: &str, path: &str, body: &[u8]) -> Reply {
    let v: Value = if body.is_empty() { json!({}) } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return bad(format!("invalid JSON: {e}")),
        }
    };
    let text = |k: &str| v.get(k).and_then(Value::as_str);
    match (method, path.trim_end_matches('/')) {
        ("POST", "/__fake/reset") => {
            app.reset();
            Reply::json(200, json!({"ok": true}))
        }
        ("POST", "/__fake/users") => {
            let Some(name) = text("username") else { return bad("username is required") };
            let su = v.get("superuser").and_then(Value::as_bool).unwrap_or(false);
            match create_user(app, name, text("email"), text("password"), su) {
                Ok((token, password)) => Reply::json(200, json!({"username": name, "token": token, "password": password})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/tokens") => {
            let Some(name) = text("username") else { return bad("username is required") };
            let scopes: Vec<&str> = v.get("scopes").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            match mint_token(app, name, &scopes) {
                Ok(t) => Reply::json(200, json!({"token": t})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/manifests") => {
            let (Some(ns), Some(repo)) = (text("namespace"), text("repository")) else {
                return bad("namespace and repository are required");
            };
            match push_manifest(app, ns, repo, text("tag")) {
                Ok(d) => Reply::json(200, json!({"digest": d})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/bulk-tags") => {
            let (Some(ns), Some(repo)) = (text("namespace"), text("repository")) else {
                return bad("namespace and repository are required");
            };
            let count = v.get("count").and_then(Value::as_u64).unwrap_or(0) as usize;
            match push_tags(app, ns, repo, count, text("prefix").unwrap_or("t")) {
                Ok(d) => Reply::json(200, json!({"digest": d, "count": count})),
                Err(e) => bad(e),
            }
        }
        ("GET", "/__fake/page-sizes") => Reply::json(200, page_sizes_json(&app.state().pages)),
        ("PUT", "/__fake/page-sizes") => {
            let mut st = app.state();
            let get = |k: &str, d: usize| v.get(k).and_then(Value::as_u64).map(|x| x.max(1) as usize).unwrap_or(d);
            let p = st.pages;
            st.pages = PageSizes {
                repos: get("repos", p.repos),
                logs: get("logs", p.logs),
                tags_default: get("tags_default", p.tags_default),
                tags_max: get("tags_max", p.tags_max),
                superuser_max_limit: get("superuser_max_limit", p.superuser_max_limit),
            };
            Reply::json(200, page_sizes_json(&st.pages))
        }
        ("POST", "/__fake/faults") => match Fault::from_json(&v) {
            Ok(f) => {
                app.control().faults.push(f);
                Reply::json(200, json!({"ok": true}))
            }
            Err(e) => bad(e),
        },
        ("DELETE", "/__fake/faults") => {
            app.control().faults.clear();
            Reply::json(200, json!({"ok": true}))
        }
        ("GET", "/__fake/coverage") => {
            let ops: Vec<String> = app.control().coverage.iter().cloned().collect();
            Reply::json(200, json!({"operations": ops}))
        }
        ("GET", "/__fake/requests") => Reply::json(200, json!({"count": app.control().requests})),
        ("GET", "/__fake/clock") => Reply::json(200, clock_json(app)),
        ("PUT", "/__fake/clock") => match set_clock(app, &v) {
            Ok(c) => Reply::json(200, c),
            Err(e) => bad(e),
        },
        ("GET", "/__fake/info") => Reply::json(200, json!({"url": app.base_url, "superuser_token": app.superuser_token})),
        _ => Reply::json(404, json!({"error": format!("no control route {method} {path}")})),
    }
}

/// Handles a `/__fake/` request.
pub fn handle(app: &App, method: &str, path: &str, _query: Option<&str>, body: &[u8]) -> Response {
    render(&route(app, method, path, body), &app.base_url)
}
