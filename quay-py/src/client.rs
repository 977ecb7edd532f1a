//! The native client under `quay_sdk.Client` and `quay_sdk.AsyncClient`: Python glue over the
//! foreign-language core (`quay-bindings`): one generic entry point that dispatches by
//! operationId (`call`), its awaitable twin (`call_async`), and lazy pagers over paged
//! operations. No per-operation code lives here.
//!
//! Sync calls run on a runtime of the calling thread with a pool of its own (the core's fast
//! path, which polls the pool's connections before each call so that those the server closed
//! while idle are dropped), awaitables and pagers on the core's shared runtime (which
//! `pyo3-async-runtimes` uses too). A sync call waits with the GIL released, waking every 100 ms
//! to let Python deliver signals (Ctrl-C interrupts a slow call).

use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use quay_bindings::handle::CallFailure;
use quay_bindings::{ClientConfig, ClientHandle, Pager, RetryConfig};
use serde_json::Value;

use crate::convert::{Json, dict_to_json, to_py};
use crate::errors::{envelope_to_pyerr, invalid_input};

/// Python's signal check, for the core's blocking waits.
fn check_signals() -> PyResult<()> {
    Python::attach(|py| py.check_signals())
}

/// A blocking call's failure as a Python exception.
fn failure(py: Python<'_>, f: CallFailure<PyErr>) -> PyErr {
    match f {
        CallFailure::Error(e) => envelope_to_pyerr(py, e),
        CallFailure::Interrupted(e) => e,
    }
}

/// A configured Quay client. Thread-safe: every method takes `&self`.
#[pyclass(module = "quay_sdk._native", frozen)]
pub struct NativeClient {
    handle: ClientHandle,
}

fn args_of(args: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    Ok(match args {
        Some(d) => Value::Object(dict_to_json(d)?),
        None => Value::Null,
    })
}

#[pymethods]
impl NativeClient {
    /// Builds a client with the Rust client's rules: explicit arguments win over the
    /// environment (read only when `from_env` is true).
    #[new]
    #[pyo3(signature = (
        registry=None, token=None, *, ca_bundle=None, verify_tls=true, timeout=None,
        connect_timeout=None, retries=None, retry_policy=None, user_agent=None, from_env=false,
        token_kind=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        registry: Option<String>,
        token: Option<String>,
        ca_bundle: Option<String>,
        verify_tls: bool,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        retries: Option<u32>,
        retry_policy: Option<(u32, f64, f64, f64)>,
        user_agent: Option<String>,
        from_env: bool,
        token_kind: Option<String>,
    ) -> PyResult<NativeClient> {
        let env_registry = ["QUAY_REGISTRY", "quay_registry"].iter().any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()));
        if registry.as_deref().is_none_or(str::is_empty) && !(from_env && env_registry) {
            let hint = if from_env {
                "pass registry=... or set QUAY_REGISTRY"
            } else {
                "pass registry=... (or use Client.from_env() with QUAY_REGISTRY set)"
            };
            return Err(invalid_input(py, format!("no registry given: {hint}")));
        }
        let config = ClientConfig {
            registry,
            token,
            token_kind,
            ca_bundle,
            verify_tls: Some(verify_tls),
            // The core checks the times (and every other value) of the configuration.
            timeout,
            connect_timeout,
            retries,
            retry_policy: retry_policy.map(|(max_retries, initial_delay, max_delay, max_elapsed)| RetryConfig {
                max_retries,
                initial_delay,
                max_delay,
                max_elapsed,
            }),
            user_agent,
            from_env: Some(from_env),
        };
        // Building reads the CA bundle and the system's roots: do it without the GIL.
        let handle = py.detach(|| ClientHandle::new(&config)).map_err(|e| envelope_to_pyerr(py, e))?;
        Ok(NativeClient { handle })
    }

    /// The base URL requests go to (never holds the token).
    #[getter]
    fn base_url(&self) -> &str {
        self.handle.base_url()
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.handle.closed()
    }

    /// Drops the connection pool (once calls in flight end); later calls raise `ClientClosed`.
    fn close(&self) {
        self.handle.close();
    }

    /// Calls an operation by operationId (or snake_case name), blocking with the GIL released.
    #[pyo3(signature = (operation, args=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        operation: &str,
        args: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let args = args_of(args)?;
        match py.detach(|| self.handle.call_blocking(operation, args, None, check_signals)) {
            Ok(v) => to_py(py, &v),
            Err(f) => Err(failure(py, f)),
        }
    }

    /// The same call as an awaitable running on the core's runtime.
    #[pyo3(signature = (operation, args=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        operation: String,
        args: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.handle.client().map_err(|e| envelope_to_pyerr(py, e))?;
        let args = args_of(args)?;
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match client.call(&operation, args).await {
                Ok(v) => Ok(Json(v)),
                Err(e) => Err(Python::attach(|py| envelope_to_pyerr(py, e.into()))),
            }
        })
    }

    /// A lazy pager over a paged operation's items. Arguments are validated now, so bad input
    /// raises before anything is sent.
    #[pyo3(signature = (operation, args=None))]
    fn paginate(&self, py: Python<'_>, operation: &str, args: Option<&Bound<'_, PyDict>>) -> PyResult<NativePager> {
        let args = args_of(args)?;
        let pager = self.handle.paginate(operation, args).map_err(|e| envelope_to_pyerr(py, e))?;
        Ok(NativePager { pager })
    }

    fn __repr__(&self) -> String {
        format!("NativeClient(base_url={:?})", self.handle.base_url())
    }
}

/// Items of a paged operation, fetched page by page as they are used. Both a sync and an
/// async iterator.
#[pyclass(module = "quay_sdk._native", frozen)]
pub struct NativePager {
    pager: Pager,
}

#[pymethods]
impl NativePager {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match py.detach(|| self.pager.next_blocking(None, check_signals)) {
            Ok(None) => Ok(None),
            Ok(Some(v)) => to_py(py, &v).map(Some),
            Err(f) => Err(failure(py, f)),
        }
    }

    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pager = self.pager.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match pager.next().await {
                None => Err(PyStopAsyncIteration::new_err(())),
                Some(Ok(v)) => Ok(Json(v)),
                Some(Err(e)) => Err(Python::attach(|py| envelope_to_pyerr(py, e))),
            }
        })
    }

    fn __repr__(&self) -> &'static str {
        "NativePager(...)"
    }
}
