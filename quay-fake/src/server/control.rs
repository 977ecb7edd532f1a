//! The control API under `/__fake/` (JSON, for tests in any language). Its seeding operations
//! are the model's (`model::seed`), shared with `FakeQuay`'s methods.
//!
//! | route | body | answer |
//! | --- | --- | --- |
//! | `POST /__fake/reset` | – | `{"ok": true}` |
//! | `POST /__fake/users` | `{"username", "email"?, "password"?, "superuser"?}` | `{"username", "token", "password"}` |
//! | `POST /__fake/tokens` | `{"username", "scopes": [..]}` | `{"token"}` |
//! | `POST /__fake/manifests` | `{"namespace", "repository", "tag"?}` | `{"digest"}` |
//! | `POST /__fake/referrers` | `{"namespace", "repository", "subject", "artifact_type", "annotations"?}` | `{"digest"}` |
//! | `POST /__fake/notifications/deliver` | – | `{"delivered": n, "failed": n}` |
//! | `POST /__fake/triggers` | `{"namespace", "repository", "service"?, "username"?}` | `{"uuid"}` (an inactive build trigger; `custom-git` and `quayadmin` by default) |
//! | `GET`/`PUT /__fake/smtp` | `{"reachable": bool}` | `{"reachable": bool}` (Quay's SMTP server up or down) |
//! | `GET`/`PUT /__fake/page-sizes` | `{"repos"?, "logs"?, "tags_default"?, "tags_max"?, "superuser_max_limit"?}` | the sizes |
//! | `POST /__fake/faults` | `{"method"?, "path_prefix"?, "operation_id"?, "times"?, "status"?, "headers"?, "body"?, "delay_ms"?}` | `{"ok": true}` |
//! | `DELETE /__fake/faults` | – | `{"ok": true}` |
//! | `GET /__fake/coverage` | – | `{"operations": [sorted operationIds]}` |
//! | `GET /__fake/requests` | – | `{"count": n, "registry_logins": n}` |
//! | `GET /__fake/info` | – | `{"url", "superuser_token"}` |
//! | `GET /__fake/bootstrap-token` | – | `{"token"}` (null unless `programmatic_bootstrap` is on) |
//! | `GET /__fake/clock` | – | `{"now": unix_seconds, "pinned": bool}` |
//! | `PUT /__fake/clock` | `{"now": unix_seconds}` (pin), `{"advance": seconds}` or `{"system": true}` | the clock |

use super::{App, Fault};
use crate::http::Reply;
use crate::model::{PageSizes, SUPERUSER};
use axum::response::Response;
use serde_json::{Value, json};

fn page_sizes_json(p: &PageSizes) -> Value {
    json!({"repos": p.repos, "logs": p.logs, "tags_default": p.tags_default, "tags_max": p.tags_max, "superuser_max_limit": p.superuser_max_limit})
}

fn clock_json(app: &App) -> Value {
    json!({"now": app.clock.now(), "pinned": app.clock.is_pinned()})
}

/// `PUT /__fake/clock`: exactly one of `now` (an integer Unix time, >= 0, pins the clock),
/// `advance` (an integer count of seconds, >= 0) or `system: true` (follow the system clock).
fn set_clock(app: &App, v: &Value) -> Result<Value, String> {
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
            let created = app.state().seed_user(name, text("email"), text("password"), su);
            match created {
                Ok((token, password)) => Reply::json(200, json!({"username": name, "token": token, "password": password})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/tokens") => {
            let Some(name) = text("username") else { return bad("username is required") };
            let scopes: Vec<&str> = v.get("scopes").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            let minted = app.state().seed_token(name, &scopes);
            match minted {
                Ok(t) => Reply::json(200, json!({"token": t})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/manifests") => {
            let (Some(ns), Some(repo)) = (text("namespace"), text("repository")) else {
                return bad("namespace and repository are required");
            };
            let pushed = app.state().seed_manifest(ns, repo, text("tag").as_slice(), &[]);
            match pushed {
                Ok(d) => Reply::json(200, json!({"digest": d})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/referrers") => {
            let (Some(ns), Some(repo), Some(subject), Some(kind)) =
                (text("namespace"), text("repository"), text("subject"), text("artifact_type"))
            else {
                return bad("namespace, repository, subject and artifact_type are required");
            };
            let mut annotations = std::collections::BTreeMap::new();
            match v.get("annotations") {
                None | Some(Value::Null) => {}
                Some(Value::Object(m)) => {
                    for (k, val) in m {
                        let Some(val) = val.as_str() else { return bad(format!("annotation {k} must be a string")) };
                        annotations.insert(k.clone(), val.to_string());
                    }
                }
                Some(other) => return bad(format!("annotations must be an object of strings (got {other})")),
            }
            let pushed = app.state().seed_referrer(ns, repo, subject, kind, annotations);
            match pushed {
                Ok(d) => Reply::json(200, json!({"digest": d})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/bulk-tags") => {
            let (Some(ns), Some(repo)) = (text("namespace"), text("repository")) else {
                return bad("namespace and repository are required");
            };
            let count = v.get("count").and_then(Value::as_u64).unwrap_or(0) as usize;
            let pushed = app.state().seed_tags(ns, repo, count, text("prefix").unwrap_or("t"));
            match pushed {
                Ok(d) => Reply::json(200, json!({"digest": d, "count": count})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/triggers") => {
            let (Some(ns), Some(repo)) = (text("namespace"), text("repository")) else {
                return bad("namespace and repository are required");
            };
            let service = text("service").unwrap_or("custom-git");
            let created = app.state().seed_trigger(ns, repo, service, text("username").unwrap_or(SUPERUSER));
            match created {
                Ok(uuid) => Reply::json(200, json!({"uuid": uuid})),
                Err(e) => bad(e),
            }
        }
        ("POST", "/__fake/notifications/deliver") => {
            let done = app.state().deliver_notifications();
            Reply::json(200, json!({"delivered": done.delivered, "failed": done.failed}))
        }
        ("GET", "/__fake/smtp") => Reply::json(200, json!({"reachable": app.state().smtp_reachable})),
        ("PUT", "/__fake/smtp") => {
            let Some(reachable) = v.get("reachable").and_then(Value::as_bool) else {
                return bad("reachable (true or false) is required");
            };
            app.state().smtp_reachable = reachable;
            Reply::json(200, json!({"reachable": reachable}))
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
        ("GET", "/__fake/requests") => {
            let c = app.control();
            Reply::json(200, json!({"count": c.requests, "registry_logins": c.registry_logins}))
        }
        ("GET", "/__fake/clock") => Reply::json(200, clock_json(app)),
        ("PUT", "/__fake/clock") => match set_clock(app, &v) {
            Ok(c) => Reply::json(200, c),
            Err(e) => bad(e),
        },
        ("GET", "/__fake/bootstrap-token") => Reply::json(200, json!({"token": app.state().chapters.bootstrap_token})),
        ("GET", "/__fake/info") => Reply::json(200, json!({"url": app.base_url, "superuser_token": app.superuser_token})),
        _ => Reply::json(404, json!({"error": format!("no control route {method} {path}")})),
    }
}

/// Handles a `/__fake/` request.
pub(crate) fn handle(app: &App, method: &str, path: &str, body: &[u8]) -> Response {
    route(app, method, path, body).render(&app.base_url)
}
