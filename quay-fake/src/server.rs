//! The HTTP front: routing of /api/v1, /csrf_token and /__fake/, faults, auth, CSRF, coverage.

use crate::api::{self, Req, Resolved};
use crate::auth::Identity;
use crate::errors::{self, Reply};
use crate::faults::Fault;
use crate::clock::Clock;
use crate::state::{Features, PageSizes, State};
use crate::util::{self, parse_query};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;

/// Bookkeeping that is not registry state: coverage, request count, pending faults.
#[derive(Debug, Default)]
pub struct Control {
    /// operationIds answered with a 2xx status.
    pub coverage: BTreeSet<String>,
    /// Number of /api/v1 requests received.
    pub requests: u64,
    /// Pending faults, first match wins.
    pub faults: Vec<Fault>,
}

/// Everything the server shares between requests.
pub struct App {
    /// Base URL (no trailing slash).
    pub base_url: String,
    /// The superuser's token (re-registered on reset).
    pub superuser_token: String,
    /// Features in force.
    pub features: Features,
    /// The clock (shared with the registry state; kept across resets).
    pub clock: Clock,
    /// The registry.
    pub state: Mutex<State>,
    /// Coverage, counter and faults.
    pub control: Mutex<Control>,
    /// Flips to true when the server shuts down (ends injected delays).
    pub shutdown: watch::Receiver<bool>,
}

impl App {
    /// Locks the registry.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Locks the control data.
    pub fn control(&self) -> MutexGuard<'_, Control> {
        self.control.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Replaces the registry with a fresh one (keeping page sizes, the clock, coverage and the counter).
    pub fn reset(&self) {
        let mut st = self.state();
        let pages: PageSizes = st.pages;
        *st = State::new(&self.base_url, &self.superuser_token, pages, self.features, self.clock.clone());
        self.control().faults.clear();
    }
}

/// Renders a reply as an HTTP response.
pub fn render(reply: &Reply, base: &str) -> Response {
    let mut resp = Response::new(Body::from(reply.body_bytes(base)));
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    if let Some(ct) = &reply.content_type
        && let Ok(v) = HeaderValue::from_str(ct) {
            h.insert("content-type", v);
        }
    for (k, v) in &reply.headers {
        if let (Ok(k), Ok(v)) = (axum::http::HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
            h.append(k, v);
        }
    }
    resp
}

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
pub async fn handle(app: Arc<App>, req: Request) -> Response {
    let mut response = answer(app.clone(), req).await;
    if let Ok(date) = HeaderValue::from_str(&util::http_date(app.clock.now())) {
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
        return crate::control::handle(&app, &method, &path, query.as_deref(), &bytes);
    }
    if path == "/csrf_token" {
        return csrf_token(&app, &parts.headers);
    }
    if !path.starts_with("/api/") {
        return render(&errors::html_404(), &app.base_url);
    }
    if path.starts_with("/api/v1") {
        app.control().requests += 1;
    }
    let resolved = api::resolve(&app.features, &method, &path);
    let op = match &resolved {
        Resolved::Found(r, _) => Some(r.op),
        _ => None,
    };
    let fault = {
        let mut c = app.control();
        let pos = c.faults.iter().position(|f| f.matches(&method, &path, op));
        pos.map(|i| {
            let f = c.faults[i].clone();
            c.faults[i].times -= 1;
            if c.faults[i].times == 0 {
                c.faults.remove(i);
            }
            f
        })
    };
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
            return render(&reply, &app.base_url);
        }
    }
    let reply = dispatch(&app, resolved, &method, &parts.headers, query.as_deref(), bytes);
    render(&reply, &app.base_url)
}

fn options(_: &mut State, req: &Req) -> crate::errors::ApiResult {
    Ok(Reply::json(200, serde_json::Value::Null).with_header("Allow", req.p("allow")))
}

/// Quay's resources answer OPTIONS with `null` (after the CSRF check, like any non-GET).
static OPTIONS_ROUTE: api::Route = api::Route { method: "OPTIONS", pattern: "", op: "options", handler: options, gate: None };

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
    if ident.token.is_none() && method != "GET" && method != "HEAD" {
        let expected = session.as_ref().and_then(|s| st.sessions.get(s)).and_then(|s| s.csrf.clone());
        let given = header(headers, "x-csrf-token");
        if expected.is_none() || expected != given {
            let mut msg = "CSRF token was invalid or missing.".to_string();
            if let Some(u) = ident.user {
                msg = format!("{msg} (authorized: user {})", st.name_of(u));
            }
            return errors::csrf(&msg);
        }
    }
    let req = Req {
        method: method.to_string(),
        params,
        query: parse_query(query),
        body,
        content_type: header(headers, "content-type"),
        user_agent: header(headers, "user-agent").unwrap_or_default(),
        ident,
        session,
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

fn csrf_token(app: &App, headers: &HeaderMap) -> Response {
    let mut st = app.state();
    let existing = cookie(headers, "session").filter(|s| st.sessions.contains_key(s));
    let id = existing.clone().unwrap_or_else(|| util::rand_string(32, util::ALNUM));
    let sess = st.sessions.entry(id.clone()).or_default();
    let token = sess.csrf.get_or_insert_with(|| util::base64(&util::rand_bytes(48))).clone();
    let mut reply = Reply::json(200, serde_json::json!({"csrf_token": token}));
    if existing.is_none() {
        reply = reply.with_header("Set-Cookie", &format!("session={id}; Path=/; HttpOnly"));
    }
    render(&reply, &app.base_url)
}
