//! Replies as handlers produce them, their bodies, and their rendering as HTTP responses.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

/// A response body before rendering.
#[derive(Clone, Debug)]
pub(crate) enum Body {
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
pub(crate) struct Reply {
    /// Status code.
    pub(crate) status: u16,
    /// Content-Type header, if any.
    pub(crate) content_type: Option<String>,
    /// Extra headers.
    pub(crate) headers: Vec<(String, String)>,
    /// The body.
    pub(crate) body: Body,
}

/// What every handler returns: the success reply or an error reply.
pub(crate) type ApiResult = Result<Reply, Reply>;

/// Quay's JSON content type.
pub(crate) const JSON: &str = "application/json";
/// The content type of Quay's (and werkzeug's) HTML pages.
pub(crate) const HTML_UTF8: &str = "text/html; charset=utf-8";

impl Reply {
    /// A JSON reply.
    pub(crate) fn json(status: u16, v: Value) -> Reply {
        Reply { status, content_type: Some(JSON.into()), headers: vec![], body: Body::Json(v) }
    }
    /// An empty reply carrying Quay's usual `application/json` content type (204s).
    pub(crate) fn empty(status: u16) -> Reply {
        Reply { status, content_type: Some(JSON.into()), headers: vec![], body: Body::Empty }
    }
    /// An empty `text/html` reply (service key approve/delete answer this way).
    pub(crate) fn empty_html(status: u16) -> Reply {
        Reply { status, content_type: Some(HTML_UTF8.into()), headers: vec![], body: Body::Empty }
    }
    /// A reply with a raw body and content type.
    pub(crate) fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type: Some(content_type.into()),
            headers: vec![],
            body: Body::Raw(body.into()),
        }
    }
    /// Adds a header.
    pub(crate) fn with_header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    /// True for 2xx statuses.
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// Serialises the body, filling `{base}` in problem documents.
    pub(crate) fn body_bytes(&self, base: &str) -> Vec<u8> {
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
    /// Renders the reply as an HTTP response (`base` is the server's URL, for problem documents).
    pub(crate) fn render(&self, base: &str) -> Response {
        let mut resp = Response::new(axum::body::Body::from(self.body_bytes(base)));
        *resp.status_mut() = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let h = resp.headers_mut();
        if let Some(ct) = &self.content_type
            && let Ok(v) = HeaderValue::from_str(ct) {
                h.insert("content-type", v);
            }
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
                h.append(k, v);
            }
        }
        resp
    }
}
