//! The error envelope: what every binding reports of an error, whatever its language, keyed by
//! the stable dotted code of `quay_sdk::Error::code` (`api.not_found`, `api.csrf`,
//! `invalid_input`, `timeout`, ...) plus `cancelled` and `closed` from this crate.

use serde::Serialize;

/// An error as every binding sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorEnvelope {
    /// The stable dotted code (one of `quay_spec::errors::ERROR_CODES`).
    pub code: &'static str,
    /// The full message (names the call; never the token).
    pub message: String,
    /// The HTTP status, when Quay answered.
    pub status: Option<u16>,
    /// Quay's error type (e.g. `insufficient_scope`), when it sent one.
    pub error_type: Option<String>,
    /// Quay's title, when it sent one.
    pub title: Option<String>,
    /// Quay's explanation, when it answered.
    pub detail: Option<String>,
    /// Seconds to wait, from a `Retry-After` header.
    pub retry_after: Option<f64>,
    /// The operationId of the call, when a call was made.
    pub operation: Option<&'static str>,
    /// The HTTP method of the call.
    pub method: Option<&'static str>,
    /// The path the call requested.
    pub path: Option<String>,
    /// How many times the request was sent (transport errors and timeouts).
    pub attempts: u32,
}

impl ErrorEnvelope {
    /// An envelope with only a code and a message.
    pub fn new(code: &'static str, message: impl Into<String>) -> ErrorEnvelope {
        ErrorEnvelope {
            code,
            message: message.into(),
            status: None,
            error_type: None,
            title: None,
            detail: None,
            retry_after: None,
            operation: None,
            method: None,
            path: None,
            attempts: 0,
        }
    }

    /// `invalid_input`: refused before anything was sent.
    pub fn invalid_input(message: impl std::fmt::Display) -> ErrorEnvelope {
        ErrorEnvelope::new("invalid_input", format!("invalid input: {message}"))
    }

    /// `closed`: the client was closed.
    pub fn closed() -> ErrorEnvelope {
        ErrorEnvelope::new("closed", "the client is closed")
    }

    /// `cancelled`: the call was cancelled.
    pub fn cancelled(operation: &str) -> ErrorEnvelope {
        ErrorEnvelope::new("cancelled", format!("{operation}: the call was cancelled"))
    }

    /// The envelope as JSON (for C, Go and other languages that read errors as JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| format!("{{\"code\":{:?},\"message\":{:?}}}", self.code, self.message))
    }
}

impl std::fmt::Display for ErrorEnvelope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ErrorEnvelope {}

impl From<quay_sdk::Error> for ErrorEnvelope {
    fn from(e: quay_sdk::Error) -> ErrorEnvelope {
        let mut out = ErrorEnvelope::new(e.code(), e.to_string());
        if let Some(call) = e.call() {
            out.operation = Some(call.operation);
            out.method = Some(call.method);
            out.path = Some(call.path.clone());
        }
        match &e {
            quay_sdk::Error::Api(api) => {
                out.status = Some(api.status);
                out.error_type = api.error_type.clone();
                out.title = api.title.clone();
                out.detail = Some(api.detail.clone());
                out.retry_after = api.retry_after.map(|d| d.as_secs_f64());
            }
            quay_sdk::Error::UnexpectedStatus { status, .. } => {
                out.status = Some(*status);
                out.detail = Some(out.message.clone());
            }
            quay_sdk::Error::Timeout { attempts, .. } | quay_sdk::Error::Transport { attempts, .. } => {
                out.attempts = *attempts;
            }
            _ => {}
        }
        out
    }
}
