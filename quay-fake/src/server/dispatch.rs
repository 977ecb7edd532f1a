//! The front of the server: every request goes through `handle`, which sends /__fake/ to the
//! control API, answers /csrf_token, counts API requests (/api/v1 and /v2 but its login), applies injected faults, routes,
//! resolves the caller, checks CSRF, calls the handler and records coverage.

use super::App;
use super::router::{Resolved, resolve};
use super::routes::Route;
use crate::access::{Identity, check_csrf};
use crate::api::common::Req;
use crate::http::{ApiResult, Reply, errors};
use crate::model::State;
use crate::util::{http_date, parse_query};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use std::sync::Arc;

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all("cookie").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The single entry point of the server. Every answer carries a `Date` header from the fake's
/// clock, as a real Quay's carries its own time.
pub(crate) async fn handle(app: Arc<App>, req: Request) -> Response {
    let mut response = answer(app.clone(), req).await;
    if let Ok(date) = HeaderValue::from_str(&http_date(app.clock.now())) {
        response.headers_mut().insert(axum::http::header::DATE, date);
    }
    response
}

async fn answer(app: Arc<App>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 << 20).await.map(|b| b.to_vec()).unwrap_or_default();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let method = parts.method.as_str().to_string();
    if path.starts_with("/__fake/") {
        return super::control::handle(&app, &method, &path, &bytes);
    }
    if path == "/csrf_token" {
        return csrf_token(&app, &parts.headers);
    }
    if path == "/v2/auth" && (method == "GET" || method == "HEAD") {
        app.control().registry_logins += 1;
        let authorization = header(&parts.headers, "authorization");
        let reply = crate::api::registry_login::v2_auth(&mut app.state(), authorization.as_deref(), query.as_deref());
        return reply.render(&app.base_url);
    }
    if !path.starts_with("/api/") && !path.starts_with("/v2/") {
        return errors::html_404().render(&app.base_url);
    }
    if path.starts_with("/api/v1") || path.starts_with("/v2/") {
        app.control().requests += 1;
    }
    let resolved = resolve(&app.features, &method, &path);
    let op = match &resolved {
        Resolved::Found(r, _) => Some(r.op),
        _ => None,
    };
    let fault = app.control().take_fault(&method, &path, op);
    if let Some(f) = &fault {
        if let Some(d) = f.delay {
            let mut rx = app.shutdown.clone();
            tokio::select! {
                _ = tokio::time::sleep(d) => {}
                _ = rx.wait_for(|v| *v) => {}
            }
        }
        if let Some(status) = f.status {
            let mut reply = Reply::raw(status, "", f.body.clone());
            reply.content_type = f.content_type();
            reply.headers = f.headers.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("content-type")).cloned().collect();
            return reply.render(&app.base_url);
        }
    }
    let reply = dispatch(&app, resolved, &method, &parts.headers, query.as_deref(), bytes);
    reply.render(&app.base_url)
}

fn options(_: &mut State, req: &Req) -> ApiResult {
    Ok(Reply::json(200, serde_json::Value::Null).with_header("Allow", req.p("allow")))
}

/// Quay's resources answer OPTIONS with `null` (after the CSRF check, like any non-GET).
static OPTIONS_ROUTE: Route = Route { method: "OPTIONS", pattern: "", op: "options", handler: options, gate: None };

/// Operations whose handler sees a call carrying any bearer token, valid or not, without the
/// CSRF check (Quay's bootstrap renewal answers an unknown bearer with its own 401).
const BEARER_CSRF_EXEMPT: &[&str] = &["renewBootstrapToken"];

fn dispatch(app: &App, resolved: Resolved, method: &str, headers: &HeaderMap, query: Option<&str>, body: Vec<u8>) -> Reply {
    let (route, params) = match resolved {
        Resolved::Redirect(p) => {
            let q = query.map(|q| format!("?{q}")).unwrap_or_default();
            return errors::redirect_308(&format!("{}{p}{q}", app.base_url));
        }
        Resolved::MethodNotAllowed(allow) => return errors::method_not_allowed(&allow),
        Resolved::NoRoute if method == "GET" || method == "HEAD" => return errors::html_404(),
        Resolved::NoRoute => return errors::method_not_allowed("GET, HEAD, OPTIONS"),
        Resolved::Found(r, p) => (r, p),
        Resolved::Options(allow) => (&OPTIONS_ROUTE, vec![("allow".to_string(), allow)]),
    };
    let mut st = app.state();
    let session = cookie(headers, "session");
    let ident = Identity::resolve(&st, header(headers, "authorization").as_deref(), session.as_deref());
    let authorization = header(headers, "authorization");
    let bearer_exempt = BEARER_CSRF_EXEMPT.contains(&route.op) && authorization.as_deref().is_some_and(|a| a.starts_with("Bearer "));
    if !bearer_exempt
        && let Err(reply) = check_csrf(&st, &ident, method, session.as_deref(), header(headers, "x-csrf-token").as_deref())
    {
        return reply;
    }
    let req = Req {
        params,
        query: parse_query(query),
        body,
        content_type: header(headers, "content-type"),
        user_agent: header(headers, "user-agent").unwrap_or_default(),
        ident,
        session,
        authorization,
    };
    let reply = match (route.handler)(&mut st, &req) {
        Ok(r) | Err(r) => r,
    };
    drop(st);
    if reply.is_success() && route.method != "OPTIONS" {
        app.control().coverage.insert(route.op.to_string());
    }
    reply
}

/// `GET /csrf_token`: the session's CSRF token, starting a session (cookie) when needed.
fn csrf_token(app: &App, headers: &HeaderMap) -> Response {
    let (token, new_session) = app.state().csrf_token(cookie(headers, "session"));
    let mut reply = Reply::json(200, serde_json::json!({"csrf_token": token}));
    if let Some(id) = new_session {
        reply = reply.with_header("Set-Cookie", &format!("session={id}; Path=/; HttpOnly"));
    }
    reply.render(&app.base_url)
}
