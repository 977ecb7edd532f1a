//! The core's error envelope (`quay_sdk::Error` with its stable code) -> the Python exception
//! class of that code, in `quay_sdk._errors`.
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

/// Converts the core's error envelope into the Python exception of its code.
pub fn envelope_to_pyerr(py: Python<'_>, e: quay_bindings::ErrorEnvelope) -> PyErr {
    let made = factory(py).and_then(|f| {
        f.call1((
            e.code,
            e.message.as_str(),
            e.status,
            e.error_type.as_deref(),
            e.title.as_deref(),
            e.detail.as_deref(),
            e.retry_after,
            e.operation,
            e.method,
            e.path.as_deref(),
            e.attempts,
        ))
    });
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => PyRuntimeError::new_err(format!("{} (and quay_sdk._errors failed: {err})", e.message)),
    }
}

/// `quay_sdk.InvalidInput(message)`.
pub fn invalid_input(py: Python<'_>, message: String) -> PyErr {
    envelope_to_pyerr(py, quay_bindings::ErrorEnvelope::invalid_input(message))
}

/// `quay_sdk.QuayError(message)`.
pub fn quay_error(py: Python<'_>, message: String) -> PyErr {
    envelope_to_pyerr(py, quay_bindings::ErrorEnvelope::new("quay", message))
}
