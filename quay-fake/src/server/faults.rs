//! Injected faults: answer matching requests N times with a canned reply and/or a delay.

use serde_json::Value;
use std::time::Duration;

/// A fault to inject. Matches by method and path prefix and/or operationId; answers `times` times
/// with `status` (plus headers and body), optionally after `delay`. Without a status the request
/// is only delayed and then served normally.
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// HTTP method to match (any when `None`).
    pub method: Option<String>,
    /// Path prefix to match, e.g. `/api/v1/repository` (any when `None`).
    pub path_prefix: Option<String>,
    /// Quay operationId to match (any when `None`).
    pub operation_id: Option<String>,
    /// How many matching requests the fault answers before it is used up.
    pub times: u32,
    /// Status to answer with; `None` only delays.
    pub status: Option<u16>,
    /// Headers of the faulty answer (e.g. `Retry-After`).
    pub headers: Vec<(String, String)>,
    /// Body bytes of the faulty answer (any bytes, e.g. malformed JSON).
    pub body: Vec<u8>,
    /// Delay before answering (simulates a slow or silent server).
    pub delay: Option<Duration>,
}

impl Fault {
    /// A fault answering once with `status` and an empty body.
    pub fn status(status: u16) -> Fault {
        Fault {
            method: None,
            path_prefix: None,
            operation_id: None,
            times: 1,
            status: Some(status),
            headers: vec![],
            body: vec![],
            delay: None,
        }
    }

    /// A fault that only delays matching requests once by `delay`.
    pub fn delay(delay: Duration) -> Fault {
        Fault { status: None, delay: Some(delay), ..Fault::status(0) }
    }

    /// Matches only `method` requests whose path starts with `path_prefix`.
    pub fn on(mut self, method: &str, path_prefix: &str) -> Fault {
        self.method = Some(method.to_ascii_uppercase());
        self.path_prefix = Some(path_prefix.to_string());
        self
    }

    /// Matches only the operation `operation_id`.
    pub fn on_operation(mut self, operation_id: &str) -> Fault {
        self.operation_id = Some(operation_id.to_string());
        self
    }

    /// Answers this many matching requests.
    pub fn times(mut self, n: u32) -> Fault {
        self.times = n;
        self
    }

    /// Adds a header to the faulty answer.
    pub fn header(mut self, name: &str, value: &str) -> Fault {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the body of the faulty answer.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Fault {
        self.body = body.into();
        self
    }

    /// Delays the faulty answer.
    pub fn after(mut self, delay: Duration) -> Fault {
        self.delay = Some(delay);
        self
    }

    /// Whether this fault applies to a request.
    pub(crate) fn matches(&self, method: &str, path: &str, op: Option<&str>) -> bool {
        self.times > 0
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path_prefix.as_deref().is_none_or(|p| path.starts_with(p))
            && self.operation_id.as_deref().is_none_or(|o| Some(o) == op)
    }

    /// Content type of the faulty answer: an explicit header, else JSON when the body parses.
    pub(crate) fn content_type(&self) -> Option<String> {
        if let Some((_, v)) = self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            return Some(v.clone());
        }
        if self.body.is_empty() {
            None
        } else if serde_json::from_slice::<Value>(&self.body).is_ok() {
            Some("application/json".into())
        } else {
            Some("text/plain; charset=utf-8".into())
        }
    }

    /// Builds a fault from the control API's JSON description.
    pub(crate) fn from_json(v: &Value) -> Result<Fault, String> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let mut f = Fault {
            method: s("method").map(|m| m.to_ascii_uppercase()),
            path_prefix: s("path_prefix"),
            operation_id: s("operation_id"),
            times: v.get("times").and_then(Value::as_u64).unwrap_or(1) as u32,
            status: v.get("status").and_then(Value::as_u64).map(|x| x as u16),
            headers: vec![],
            body: vec![],
            delay: v.get("delay_ms").and_then(Value::as_u64).map(Duration::from_millis),
        };
        if let Some(h) = v.get("headers").and_then(Value::as_object) {
            for (k, val) in h {
                let val = match val {
                    Value::String(x) => x.clone(),
                    other => other.to_string(),
                };
                f.headers.push((k.clone(), val));
            }
        }
        match v.get("body") {
            None | Some(Value::Null) => {}
            Some(Value::String(b)) => f.body = b.clone().into_bytes(),
            Some(other) => f.body = other.to_string().into_bytes(),
        }
        if f.status.is_none() && f.delay.is_none() {
            return Err("a fault needs a status or a delay_ms".into());
        }
        Ok(f)
    }
}
