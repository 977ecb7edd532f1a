//! Replies and Quay's many error shapes (problem bodies, bare messages, werkzeug and HTML pages).

use serde_json::{Map, Value, json};

/// A response body before rendering.
#[derive(Clone, Debug)]
pub enum Body {
    /// No body at all (204s and some 201s).
    Empty,
    /// A JSON document.
    Json(Value),
    /// Quay's problem document; `type` is filled with the server's base URL when rendered.
    Problem {
        /// `error_type` / `title`, e.g. `not_found`.
        error_type: String,
        /// `detail` / `error_message`.
        detail: String,
        /// Extra members placed before the standard ones (e.g. `session_required`).
        extra: Map<String, Value>,
    },
    /// Raw bytes or text.
    Raw(Vec<u8>),
}

/// An HTTP reply as a handler produces it.
#[derive(Clone, Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Content-Type header, if any.
    pub content_type: Option<String>,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

/// What every handler returns: the success reply or an error reply.
pub type ApiResult = Result<Reply, Reply>;

const JSON: &str = "application/json";
const HTML_UTF8: &str = "text/html; charset=utf-8";

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, v: Value) -> Reply {
        Reply { status, content_type: Some(JSON.into()), headers: vec![], body: Body::Json(v) }
    }
    /// An empty reply carrying Quay's usual `application/json` content type (204s).
    pub fn empty(status: u16) -> Reply {
        Reply { status, content_type: Some(JSON.into()), headers: vec![], body: Body::Empty }
    }
    /// An empty `text/html` reply (service key approve/delete answer this way).
    pub fn empty_html(status: u16) -> Reply {
        Reply { status, content_type: Some(HTML_UTF8.into()), headers: vec![], body: Body::Empty }
    }
    /// A reply with a raw body and content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type: Some(content_type.into()),
            headers: vec![],
            body: Body::Raw(body.into()),
        }
    }
    /// Adds a header.
    pub fn with_header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    /// True for 2xx statuses.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// Serialises the body, filling `{base}` in problem documents.
    pub fn body_bytes(&self, base: &str) -> Vec<u8> {
        match &self.body {
            Body::Empty => vec![],
            Body::Json(v) => serde_json::to_vec(v).unwrap_or_default(),
            Body::Raw(b) => b.clone(),
            Body::Problem { error_type, detail, extra } => {
                let mut m = extra.clone();
                m.insert("detail".into(), json!(detail));
                m.insert("error_message".into(), json!(detail));
                m.insert("error_type".into(), json!(error_type));
                m.insert("title".into(), json!(error_type));
                m.insert("type".into(), json!(format!("{base}/api/v1/error/{error_type}")));
                m.insert("status".into(), json!(self.status));
                serde_json::to_vec(&Value::Object(m)).unwrap_or_default()
            }
        }
    }
}

/// Quay's problem document with the given status and error type.
pub fn problem(status: u16, error_type: &str, detail: impl Into<String>) -> Reply {
    Reply {
        status,
        content_type: Some(JSON.into()),
        headers: vec![],
        body: Body::Problem { error_type: error_type.into(), detail: detail.into(), extra: Map::new() },
    }
}

/// 404 `not_found` problem.
pub fn not_found() -> Reply {
    problem(404, "not_found", "Not Found")
}

/// 400 `invalid_request` problem (Quay's `InvalidRequest` / `request_error`).
pub fn invalid_request(msg: impl Into<String>) -> Reply {
    problem(400, "invalid_request", msg)
}

/// 400 `invalid_response` problem (Quay's `InvalidResponse`).
pub fn invalid_response(msg: impl Into<String>) -> Reply {
    problem(400, "invalid_response", msg)
}

/// Quay's `Unauthorized()`: 401 `invalid_token` for anonymous callers, else 403 `insufficient_scope`.
pub fn unauthorized(authenticated: bool) -> Reply {
    if authenticated {
        problem(403, "insufficient_scope", "Unauthorized")
    } else {
        problem(401, "invalid_token", "Requires authentication")
    }
}

/// The bare `{"message": ...}` body (uncaught model errors, flask-restful aborts).
pub fn message(status: u16, msg: impl Into<String>) -> Reply {
    Reply::json(status, json!({"message": msg.into()}))
}

/// The detail-only `{"detail": ...}` body of the mirror endpoints.
pub fn detail_only(status: u16, msg: impl Into<String>) -> Reply {
    Reply::json(status, json!({"detail": msg.into()}))
}

/// Werkzeug's default 400 (`abort(400)`, malformed JSON).
pub fn werkzeug_400() -> Reply {
    message(400, "The browser (or proxy) sent a request that this server could not understand.")
}

/// Werkzeug's default 403 (`abort(403)`).
pub fn werkzeug_403() -> Reply {
    message(
        403,
        "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
    )
}

/// Werkzeug's default 404 (`abort(404)`).
pub fn werkzeug_404() -> Reply {
    message(
        404,
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    )
}

/// Flask's 415 for a body that is not `application/json`.
pub fn unsupported_media() -> Reply {
    message(
        415,
        "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
    )
}

/// The reqparse 400 where `message` is an object keyed by the bad query parameter.
pub fn reqparse(param: &str, help: &str) -> Reply {
    Reply::json(400, json!({"message": {param: help}}))
}

/// The CSRF rejection: 403, JSON body, but `text/html` content type.
pub fn csrf(msg: &str) -> Reply {
    Reply::raw(403, HTML_UTF8, serde_json::to_vec(&json!({"error": msg})).unwrap_or_default())
}

/// Quay's HTML 500 page (its bugs answer this way).
pub fn server_error() -> Reply {
    Reply::raw(
        500,
        "text/html",
        "<html>\n  <head>\n    <title>Internal Server Error</title>\n  </head>\n  <body>\n    <h1><p>Internal Server Error</p></h1>\n    \n  </body>\n</html>\n",
    )
}

/// Werkzeug's HTML 405 page.
pub fn method_not_allowed(allow: &str) -> Reply {
    Reply::raw(
        405,
        HTML_UTF8,
        "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n",
    )
    .with_header("Allow", allow)
}

/// Werkzeug's HTML 308 redirect to the slash-terminated URL.
pub fn redirect_308(url: &str) -> Reply {
    let body = format!(
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{url}\">{url}</a>. If not, click the link.\n"
    );
    Reply::raw(308, HTML_UTF8, body).with_header("Location", url)
}

/// The web app's HTML page answered with 404 for unknown GET paths.
pub fn html_404() -> Reply {
    Reply::raw(
        404,
        HTML_UTF8,
        "<!DOCTYPE html>\n<html ng-app=\"quay\" class=\"onprem\">\n  <head>\n    <base href=\"/\">\n    <title>Quay</title>\n  </head>\n  <body>\n    <div ng-view></div>\n  </body>\n</html>\n",
    )
}
