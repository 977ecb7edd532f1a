//! The SDK's one error type, and the normalisation of Quay's many error-body shapes.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::generated::types;

/// The result of every SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which call an error came from: the operationId, the HTTP method and the request's path
/// (never the token, the query string or the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInfo {
    /// Quay's nickname of the operation (the spec's operationId), e.g. `getRepo`.
    pub operation: &'static str,
    /// The HTTP method, e.g. `GET`.
    pub method: &'static str,
    /// The path requested, e.g. `/api/v1/repository/acme/web` (the spec's template when the
    /// request was never built).
    pub path: String,
}

impl std::fmt::Display for CallInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} {})", self.operation, self.method, self.path)
    }
}

fn prefix(call: &Option<CallInfo>) -> String {
    call.as_ref().map(|c| format!("{c}: ")).unwrap_or_default()
}

fn attempts_note(attempts: &u32) -> String {
    if *attempts > 1 { format!(" (after {attempts} attempts)") } else { String::new() }
}

/// Everything that can go wrong in a call. The token never appears in any of these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Quay answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The input was refused before anything was sent (bad name, digest, enum value, missing
    /// or unknown argument, bad configuration). The message names the call, the argument, the
    /// rule and the value.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The request or its response timed out.
    #[error("{}timed out: {message}{}", prefix(call), attempts_note(attempts))]
    Timeout {
        /// What timed out.
        message: String,
        /// The call, when one was being made.
        call: Option<CallInfo>,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The connection failed or broke.
    #[error("{}transport error: {message}{}", prefix(call), attempts_note(attempts))]
    Transport {
        /// What failed.
        message: String,
        /// The call, when one was being made.
        call: Option<CallInfo>,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// Quay answered with a success status but a body that does not match the spec.
    #[error("{}could not decode Quay's response: {message}; body starts with: {excerpt:?}", prefix(call))]
    Decode {
        /// What did not match.
        message: String,
        /// The first bytes of the body.
        excerpt: String,
        /// The call whose answer this was.
        call: Option<CallInfo>,
    },
    /// A registry (`/v2`) operation could not get its registry token from `/v2/auth`: no token
    /// is configured, or the login was refused (its status and Quay's message in `reason`).
    #[error("{}cannot get a registry token: {reason}", prefix(call))]
    RegistryAuth {
        /// Why, and what to change.
        reason: String,
        /// The status `/v2/auth` answered, when it answered.
        status: Option<u16>,
        /// The call that needed the token.
        call: Option<CallInfo>,
    },
    /// Quay answered with a status the spec does not declare for this operation.
    #[error("{}unexpected HTTP status {status} from Quay", prefix(call))]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The call whose answer this was.
        call: Option<CallInfo>,
    },
}

/// The broad class of an API error, derived from its status and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// A create operation found the object already there (a robot, team member, organization,
    /// user, repository, quota, mirror, ...): recognised from Quay's message for that operation
    /// (the spec's `x-quay-already-exists`). Scripts can treat it as success to be idempotent.
    AlreadyExists,
    /// 400: Quay refused the request (bad input, or a missing object Quay reports as 400).
    BadRequest,
    /// 401: a read without a valid token.
    Unauthorized,
    /// 403 for a write without a valid token (Quay's CSRF check).
    Csrf,
    /// 403: the token lacks the scope, or the user lacks the permission.
    Forbidden,
    /// 404.
    NotFound,
    /// 405: the operation is off on this Quay (e.g. team syncing).
    MethodNotAllowed,
    /// 409: a conflict (an immutable tag, ...).
    Conflict,
    /// 429: rate limited.
    RateLimited,
    /// 503 in read-only or mirror mode (permanent until an administrator changes the mode).
    ReadOnly,
    /// Any other 5xx.
    Server,
    /// Any other status.
    Other,
}

/// An error answer from Quay, normalised from whichever body shape Quay sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// Quay's machine-readable error type (e.g. `insufficient_scope`), when it sent one.
    pub error_type: Option<String>,
    /// Quay's short title, when it sent one.
    pub title: Option<String>,
    /// The explanation Quay gave (or a summary of a non-JSON body).
    pub detail: String,
    /// Seconds to wait, from a `Retry-After` header.
    pub retry_after: Option<Duration>,
    /// The call that was answered.
    pub call: Option<CallInfo>,
}

/// Whether a 503's explanation is Quay's read-only (or mirror) mode.
pub(crate) fn is_read_only(detail: &str) -> bool {
    let lower = detail.to_ascii_lowercase();
    lower.contains("read only") || lower.contains("read-only") || lower.contains("readonly")
}

impl ApiError {
    /// The class of this error.
    pub fn kind(&self) -> ApiErrorKind {
        let lower = self.detail.to_ascii_lowercase();
        let exists = self.call.as_ref().and_then(|c| crate::ops::operation(c.operation)).is_some_and(|op| {
            op.already_exists.iter().any(|pattern| lower.contains(&pattern.to_ascii_lowercase()))
        });
        match self.status {
            400 | 409 if exists => ApiErrorKind::AlreadyExists,
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            403 if lower.contains("csrf") => ApiErrorKind::Csrf,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            405 => ApiErrorKind::MethodNotAllowed,
            409 => ApiErrorKind::Conflict,
            429 => ApiErrorKind::RateLimited,
            503 if is_read_only(&self.detail) => ApiErrorKind::ReadOnly,
            500..=599 => ApiErrorKind::Server,
            _ => ApiErrorKind::Other,
        }
    }

    /// The stable dotted code of this answer (see [`Error::code`]).
    pub fn code(&self) -> &'static str {
        match self.kind() {
            ApiErrorKind::AlreadyExists => "api.already_exists",
            ApiErrorKind::BadRequest => "api.bad_request",
            ApiErrorKind::Unauthorized => "api.unauthorized",
            ApiErrorKind::Csrf => "api.csrf",
            ApiErrorKind::Forbidden if self.error_type.as_deref() == Some("insufficient_scope") => "api.insufficient_scope",
            ApiErrorKind::Forbidden => "api.forbidden",
            ApiErrorKind::NotFound => "api.not_found",
            ApiErrorKind::MethodNotAllowed => "api.method_not_allowed",
            ApiErrorKind::Conflict => "api.conflict",
            ApiErrorKind::RateLimited => "api.rate_limited",
            ApiErrorKind::ReadOnly => "api.read_only",
            ApiErrorKind::Server => "api.server",
            ApiErrorKind::Other => "api",
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self.kind() {
            ApiErrorKind::Csrf => {
                "Quay refuses writes without a valid OAuth token: the token is missing or invalid"
            }
            ApiErrorKind::Unauthorized => "the token is missing, invalid or expired",
            ApiErrorKind::Forbidden => {
                "the token lacks the OAuth scope for this call, or its user lacks the permission"
            }
            ApiErrorKind::RateLimited => "Quay is rate limiting; retry later",
            ApiErrorKind::ReadOnly => "the repository or registry is in read-only or mirror mode",
            ApiErrorKind::MethodNotAllowed => "this feature is turned off on this Quay",
            ApiErrorKind::AlreadyExists => "it already exists",
            _ => return None,
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(c) = &self.call {
            write!(f, "{c}: ")?;
        }
        write!(f, "Quay answered {}", self.status)?;
        if let Some(t) = &self.error_type {
            write!(f, " ({t})")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        if let Some(h) = self.hint() {
            write!(f, " [{h}]")?;
        }
        Ok(())
    }
}

impl Error {
    /// An invalid-input error with a message naming what was wrong.
    pub fn invalid_input(message: impl Into<String>) -> Error {
        Error::InvalidInput(message.into())
    }

    /// A transport error outside any call (e.g. building the HTTP client).
    pub fn transport(message: impl Into<String>) -> Error {
        Error::Transport { message: message.into(), call: None, attempts: 0 }
    }

    /// A decode error outside any call.
    pub fn decode(message: impl Into<String>) -> Error {
        Error::Decode { message: message.into(), excerpt: String::new(), call: None }
    }

    /// The API error, if Quay answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, if Quay answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::RegistryAuth { status, .. } => *status,
            _ => None,
        }
    }

    /// The class of the API error, if Quay answered with one.
    pub fn kind(&self) -> Option<ApiErrorKind> {
        self.api().map(ApiError::kind)
    }

    /// Whether Quay answered that the object already exists (see [`ApiErrorKind::AlreadyExists`]).
    pub fn is_already_exists(&self) -> bool {
        self.kind() == Some(ApiErrorKind::AlreadyExists)
    }

    /// The error's stable dotted code (`api.not_found`, `api.csrf`, `api.read_only`,
    /// `api.insufficient_scope`, `invalid_input`, `timeout`, `transport`, `decode`, ...): one of
    /// `quay_spec::errors::ERROR_CODES`, the table every language's error classes come from.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Api(e) => e.code(),
            Error::InvalidInput(_) => "invalid_input",
            Error::Timeout { .. } => "timeout",
            Error::Transport { .. } => "transport",
            Error::Decode { .. } => "decode",
            Error::UnexpectedStatus { .. } => "api.unexpected_status",
            Error::RegistryAuth { .. } => "registry_auth",
        }
    }

    /// The call the error came from (operationId, method, path), when a call was made.
    pub fn call(&self) -> Option<&CallInfo> {
        match self {
            Error::Api(e) => e.call.as_ref(),
            Error::Timeout { call, .. }
            | Error::Transport { call, .. }
            | Error::Decode { call, .. }
            | Error::UnexpectedStatus { call, .. }
            | Error::RegistryAuth { call, .. } => call.as_ref(),
            Error::InvalidInput(_) => None,
        }
    }

    /// Records the call the error came from (kept if one is already recorded), and for
    /// transport errors and timeouts how many times the request was sent.
    pub(crate) fn in_call(mut self, info: CallInfo, sent: u32) -> Error {
        match &mut self {
            Error::Api(e) => {
                e.call.get_or_insert(info);
            }
            Error::Timeout { call, attempts, .. } | Error::Transport { call, attempts, .. } => {
                call.get_or_insert(info);
                *attempts = (*attempts).max(sent);
            }
            Error::Decode { call, .. } | Error::UnexpectedStatus { call, .. } | Error::RegistryAuth { call, .. } => {
                call.get_or_insert(info);
            }
            Error::InvalidInput(_) => {}
        }
        self
    }
}

/// Turns progenitor's "conversion to `Type` for name failed" into a sentence citing the rule.
fn explain(msg: String) -> String {
    // A body refused by its JSON conversion already says what is wrong.
    if let Some((_, detail)) = msg.split_once("` for body failed: ") {
        return detail.to_string();
    }
    let parsed = msg
        .strip_prefix("conversion to `")
        .and_then(|rest| rest.split_once("` for "))
        .and_then(|(ty, rest)| rest.strip_suffix(" failed").map(|name| (ty, name)));
    let Some((ty, name)) = parsed else { return msg };
    match crate::generated::CONSTRAINTS.iter().find(|(schema, _)| *schema == ty) {
        Some((_, rule)) => format!("`{name}` is not a valid {ty}: {rule}"),
        None => msg,
    }
}

pub(crate) fn from_reqwest(e: reqwest::Error) -> Error {
    // reqwest's messages hold the URL but never the headers, so the token cannot leak here.
    let mut text = error_chain(&e);
    let https = e.url().is_some_and(|u| u.scheme() == "https");
    if https && (text.contains("InvalidContentType") || text.contains("corrupt message")) {
        text.push_str(
            " (the server answered TLS with something else: it may speak plain HTTP; \
             if so, give the registry as `http://host:port`)",
        );
    }
    if e.is_timeout() {
        Error::Timeout { message: text, call: None, attempts: 0 }
    } else {
        Error::Transport { message: text, call: None, attempts: 0 }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// At most this many characters of a body go into an error.
const EXCERPT: usize = 200;

fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(EXCERPT).collect();
    if text.chars().count() > EXCERPT {
        out.push('…');
    }
    out
}

impl From<progenitor_client::Error<types::ApiError>> for Error {
    fn from(e: progenitor_client::Error<types::ApiError>) -> Error {
        use progenitor_client::Error as P;
        match e {
            P::InvalidRequest(msg) => Error::InvalidInput(explain(msg)),
            P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => from_reqwest(e),
            P::ErrorResponse(rv) => {
                let status = rv.status().as_u16();
                let retry_after = crate::retry::retry_after(rv.headers());
                let body = rv.into_inner();
                Error::Api(Box::new(ApiError {
                    status,
                    error_type: body.error_type,
                    title: body.title,
                    detail: body.detail.unwrap_or_default(),
                    retry_after,
                    call: None,
                }))
            }
            P::InvalidResponsePayload(bytes, e) => {
                Error::Decode { message: e.to_string(), excerpt: excerpt(&bytes), call: None }
            }
            P::UnexpectedResponse(r) => Error::UnexpectedStatus { status: r.status().as_u16(), call: None },
            P::Custom(msg) => Error::transport(msg),
        }
    }
}

/// Rewrites an error answer (status >= 400) into the one JSON `ApiError` shape, whatever Quay
/// sent: problem details, `{"message": text}`, `{"message": {field: text}}`, `{"detail": text}`,
/// the CSRF `{"error": text}` (sent as text/html), the read-only `{"message", "is_readonly"}`,
/// the registry's (`/v2`) `{"errors": [{"code", "message", "detail"}]}`, HTML pages, plain text
/// and empty bodies.
pub(crate) async fn normalize(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    if response.status().as_u16() < 400 {
        return Ok(response);
    }
    let (mut head, bytes) = crate::response::take(response).await?;
    let body = canonical_body(head.status().as_u16(), &bytes);
    head.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    head.headers_mut().remove(http::header::CONTENT_LENGTH);
    Ok(head.rebuild(body.to_string()))
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) if !m.is_empty() => Some(
            m.iter()
                .map(|(k, v)| format!("{k}: {}", v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The code and the explanation of the registry's error list (`/v2`: `{"errors": [{"code",
/// "message", "detail"}]}`): the first error's code, and every error's message (with its
/// detail when it says more), joined.
fn registry_errors(m: &Map<String, Value>) -> Option<(String, String)> {
    let errors = m.get("errors")?.as_array().filter(|e| !e.is_empty())?;
    let code = errors[0].get("code").and_then(Value::as_str).unwrap_or_default().to_string();
    let texts: Vec<String> = errors
        .iter()
        .map(|e| {
            let message = e.get("message").and_then(text_of).unwrap_or_default();
            match e.get("detail").and_then(text_of).filter(|d| !d.is_empty() && d != "{}" && *d != message) {
                Some(d) if !message.is_empty() => format!("{message} ({d})"),
                Some(d) => d,
                None => message,
            }
        })
        .filter(|t| !t.is_empty())
        .collect();
    Some((code, texts.join("; ")))
}

/// The canonical JSON error body for a status and whatever bytes Quay sent.
pub(crate) fn canonical_body(status: u16, bytes: &[u8]) -> Value {
    let parsed: Option<Value> = serde_json::from_slice(bytes).ok();
    let mut out = Map::new();
    out.insert("status".into(), Value::from(status));
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    let detail = match &parsed {
        Some(Value::Object(m)) if registry_errors(m).is_some() => {
            let (code, text) = registry_errors(m).unwrap_or_default();
            if !code.is_empty() {
                out.insert("error_type".into(), Value::String(code.clone()));
                out.insert("title".into(), Value::String(code));
            }
            if text.is_empty() { reason.to_string() } else { text }
        }
        Some(Value::Object(m)) => {
            for key in ["type", "title", "error_type", "error_message"] {
                if let Some(Value::String(s)) = m.get(key) {
                    out.insert(key.into(), Value::String(s.clone()));
                }
            }
            ["detail", "error_message", "message", "error"]
                .iter()
                .find_map(|k| m.get(*k).and_then(text_of))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| reason.to_string())
        }
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ if bytes.iter().all(u8::is_ascii_whitespace) => reason.to_string(),
        _ => {
            let text = String::from_utf8_lossy(bytes);
            if text.trim_start().starts_with('<') {
                format!("{reason} (HTML page: {})", excerpt(bytes))
            } else {
                excerpt(bytes)
            }
        }
    };
    out.insert("detail".into(), Value::String(detail));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(status: u16, body: &str) -> String {
        canonical_body(status, body.as_bytes())["detail"].as_str().unwrap().to_string()
    }

    #[test]
    fn every_quay_error_shape_becomes_a_detail() {
        assert_eq!(
            detail(403, r#"{"detail": "Unauthorized", "error_message": "Unauthorized", "error_type": "insufficient_scope", "title": "insufficient_scope", "type": "x", "status": 403}"#),
            "Unauthorized"
        );
        assert_eq!(detail(400, r#"{"message": "Could not find robot"}"#), "Could not find robot");
        assert_eq!(detail(400, r#"{"message": {"limit": "Max 100."}}"#), "limit: Max 100.");
        assert_eq!(detail(409, r#"{"detail": "Mirror configuration already exits"}"#), "Mirror configuration already exits");
        assert_eq!(detail(403, r#"{"error": "CSRF token was invalid or missing."}"#), "CSRF token was invalid or missing.");
        assert_eq!(detail(503, r#"{"message": "Repository is in read only or mirror mode: 1", "is_readonly": true}"#), "Repository is in read only or mirror mode: 1");
        assert!(detail(500, "<html><body>Internal Server Error</body></html>").starts_with("Internal Server Error (HTML page"));
        assert_eq!(detail(415, ""), "Unsupported Media Type");
        assert_eq!(detail(429, "slow down"), "slow down");
        assert_eq!(detail(400, r#"{"message": ""}"#), "Bad Request");
        let registry = r#"{"errors": [{"code": "MANIFEST_INVALID", "detail": "", "message": "manifest invalid"}]}"#;
        assert_eq!(detail(400, registry), "manifest invalid");
        assert_eq!(canonical_body(400, registry.as_bytes())["error_type"], "MANIFEST_INVALID");
        let unauthorized = r#"{"errors": [{"code": "UNAUTHORIZED", "detail": {}, "message": "access to the requested resource is not authorized"}]}"#;
        assert_eq!(detail(401, unauthorized), "access to the requested resource is not authorized");
        assert_eq!(detail(401, r#"{"error": "Invalid bearer token format"}"#), "Invalid bearer token format");
    }

    #[test]
    fn refused_values_cite_the_rule() {
        let text = explain("conversion to `Namespace` for orgname failed".to_string());
        assert!(text.starts_with("`orgname` is not a valid Namespace: "), "{text}");
        assert!(text.contains("pattern"), "{text}");
        assert_eq!(explain("orgname was not initialized".into()), "orgname was not initialized");
    }

    #[test]
    fn every_code_is_in_the_shared_table() {
        let api = |status, error_type: Option<&str>, detail: &str| {
            Error::Api(Box::new(ApiError {
                status,
                error_type: error_type.map(str::to_string),
                title: None,
                detail: detail.into(),
                retry_after: None,
                call: None,
            }))
        };
        let errors = [
            api(400, None, "bad"),
            api(401, None, ""),
            api(403, None, "CSRF token was invalid or missing."),
            api(403, Some("insufficient_scope"), "Unauthorized"),
            api(403, None, "Unauthorized"),
            api(404, None, ""),
            api(405, None, ""),
            api(409, None, ""),
            api(429, None, ""),
            api(500, None, ""),
            api(503, None, "Repository is in read only or mirror mode: 1"),
            api(418, None, ""),
            Error::invalid_input("x"),
            Error::transport("x"),
            Error::Timeout { message: "x".into(), call: None, attempts: 1 },
            Error::decode("x"),
            Error::UnexpectedStatus { status: 302, call: None },
            Error::RegistryAuth { reason: "x".into(), status: Some(401), call: None },
        ];
        let codes: Vec<&str> = errors.iter().map(Error::code).collect();
        for c in &codes {
            assert!(quay_spec::errors::error_code(c).is_some(), "{c} is not in ERROR_CODES");
        }
        assert_eq!(codes[2], "api.csrf");
        assert_eq!(codes[3], "api.insufficient_scope");
        assert_eq!(codes[10], "api.read_only");
    }

    #[test]
    fn kinds_and_hints() {
        let e = |status, detail: &str| ApiError {
            status,
            error_type: None,
            title: None,
            detail: detail.into(),
            retry_after: None,
            call: None,
        };
        assert_eq!(e(403, "CSRF token was invalid or missing.").kind(), ApiErrorKind::Csrf);
        assert!(e(403, "CSRF token was invalid or missing.").to_string().contains("token is missing or invalid"));
        assert_eq!(e(403, "Unauthorized").kind(), ApiErrorKind::Forbidden);
        assert_eq!(e(503, "Repository is in read only or mirror mode: 2").kind(), ApiErrorKind::ReadOnly);
        assert_eq!(e(502, "").kind(), ApiErrorKind::Server);
    }
}
