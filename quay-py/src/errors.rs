//! `quay_sdk::Error` -> the Python exception classes of `quay_sdk._errors`.
//!
//! The classes are plain Python (so that they subclass `ValueError` and friends naturally);
//! the factory `quay_sdk._errors._from_native` builds the right one from the error's parts.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn factory(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    FACTORY
        .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(py.import("quay_sdk._errors")?.getattr("_from_native")?.unbind())
        })
        .map(|f| f.bind(py))
}

/// The parts of an error the Python factory needs.
struct Parts {
    kind: &'static str,
    message: String,
    status: Option<u16>,
    error_type: Option<String>,
    title: Option<String>,
    detail: Option<String>,
    retry_after: Option<f64>,
    api_kind: Option<&'static str>,
    call: Option<quay_sdk::CallInfo>,
    attempts: u32,
}

impl Parts {
    fn simple(kind: &'static str, message: String) -> Parts {
        Parts {
            kind,
            message,
            status: None,
            error_type: None,
            title: None,
            detail: None,
            retry_after: None,
            api_kind: None,
            call: None,
            attempts: 0,
        }
    }

    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let (operation, method, path) = match &self.call {
            Some(c) => (Some(c.operation), Some(c.method), Some(c.path.as_str())),
            None => (None, None, None),
        };
        let made = factory(py).and_then(|f| {
            f.call1((
                self.kind,
                self.message.as_str(),
                self.status,
                self.error_type.as_deref(),
                self.title.as_deref(),
                self.detail.as_deref(),
                self.retry_after,
                self.api_kind,
                operation,
                method,
                path,
                self.attempts,
            ))
        });
        match made {
            Ok(exc) => PyErr::from_value(exc),
            Err(e) => PyRuntimeError::new_err(format!("{} (and quay_sdk._errors failed: {e})", self.message)),
        }
    }
}

/// Converts an SDK error into the matching Python exception.
pub fn to_pyerr(py: Python<'_>, e: quay_sdk::Error) -> PyErr {
    let message = e.to_string();
    let call = e.call().cloned();
    let parts = match e {
        quay_sdk::Error::Api(api) => Parts {
            kind: "api",
            status: Some(api.status),
            error_type: api.error_type.clone(),
            title: api.title.clone(),
            detail: Some(api.detail.clone()),
            retry_after: api.retry_after.map(|d| d.as_secs_f64()),
            api_kind: Some(api.kind().as_str()),
            call,
            ..Parts::simple("api", message)
        },
        quay_sdk::Error::UnexpectedStatus { status, .. } => Parts {
            detail: Some(message.clone()),
            status: Some(status),
            call,
            ..Parts::simple("api", message)
        },
        quay_sdk::Error::InvalidInput(_) => Parts::simple("invalid_input", message),
        quay_sdk::Error::Timeout { attempts, .. } => Parts { attempts, call, ..Parts::simple("timeout", message) },
        quay_sdk::Error::Transport { attempts, .. } => Parts { attempts, call, ..Parts::simple("transport", message) },
        quay_sdk::Error::Decode { .. } => Parts { call, ..Parts::simple("decode", message) },
        _ => Parts { call, ..Parts::simple("quay", message) },
    };
    parts.into_pyerr(py)
}

/// `quay_sdk.InvalidInput(message)`.
pub fn invalid_input(py: Python<'_>, message: String) -> PyErr {
    Parts::simple("invalid_input", format!("invalid input: {message}")).into_pyerr(py)
}

/// `quay_sdk.QuayError(message)`.
pub fn quay_error(py: Python<'_>, message: String) -> PyErr {
    Parts::simple("quay", message).into_pyerr(py)
}
