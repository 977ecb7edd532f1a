//! The native client under `quay_sdk.Client` and `quay_sdk.AsyncClient`: one generic entry
//! point that dispatches by operationId (`call`), its awaitable twin (`call_async`), and lazy
//! pagers over paged operations. No per-operation code lives here.
//!
//! Every call, sync or awaitable, and every pager runs on the shared multi-threaded runtime of
//! `pyo3-async-runtimes`, with one connection pool per client. A sync call waits on the calling
//! thread with the GIL released; the runtime's workers keep polling the pool's connections
//! between calls, so connections the server closes while idle are noticed and dropped (a
//! per-thread runtime that sleeps between calls would hand the next call a dead connection).

use std::cell::Cell;
use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use futures::StreamExt;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use quay_sdk::paging::ItemStream;
use serde_json::Value;

use crate::convert::{Json, dict_to_json, to_py};
use crate::errors::{invalid_input, quay_error, to_pyerr};

/// The one tokio runtime every client, pager and awaitable runs on.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    pyo3_async_runtimes::tokio::get_runtime()
}

/// Awaits a future, waking every 100 ms to let Python deliver signals (Ctrl-C interrupts a
/// slow call).
async fn interruptible<F: Future>(fut: F) -> PyResult<F::Output> {
    let mut fut = std::pin::pin!(fut);
    loop {
        match tokio::time::timeout(Duration::from_millis(100), &mut fut).await {
            Ok(v) => return Ok(v),
            Err(_) => Python::attach(|py| py.check_signals())?,
        }
    }
}

/// Runs a future to completion on the shared runtime with the GIL released.
pub fn block_on<F, T>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = T> + Send,
    T: Send,
{
    py.detach(|| runtime().block_on(interruptible(fut)))
}

thread_local! {
    /// Whether this thread is inside a sync call (a signal handler run while it waits must not
    /// start another one: the runtime cannot be entered twice from one thread).
    static IN_SYNC_CALL: Cell<bool> = const { Cell::new(false) };
}

/// Why a sync call did not produce a result.
enum SyncFailure {
    Sdk(quay_sdk::Error),
    Python(PyErr),
    Reentrant,
}

/// Calls an operation on the shared runtime, waiting on the calling thread. The runtime's
/// worker threads keep polling every connection between calls, so a keep-alive connection that
/// the server closes while the client is idle leaves the pool at once instead of failing the
/// next call.
fn call_sync(client: quay_sdk::Client, operation: &str, args: Value) -> Result<Value, SyncFailure> {
    if IN_SYNC_CALL.with(|f| f.replace(true)) {
        return Err(SyncFailure::Reentrant);
    }
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            IN_SYNC_CALL.with(|f| f.set(false));
        }
    }
    let _leave = Leave;
    match runtime().block_on(interruptible(client.call(operation, args))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(SyncFailure::Sdk(e)),
        Err(e) => Err(SyncFailure::Python(e)),
    }
}

fn seconds(py: Python<'_>, what: &str, value: Option<f64>) -> PyResult<Option<Duration>> {
    match value {
        None => Ok(None),
        Some(s) if s.is_finite() && s > 0.0 => Ok(Some(Duration::from_secs_f64(s))),
        Some(s) => Err(invalid_input(py, format!("{what} must be a positive number of seconds, not {s}"))),
    }
}

/// A configured Quay client. Thread-safe: every method takes `&self`.
#[pyclass(module = "quay_sdk._native", frozen)]
pub struct NativeClient {
    /// The client (`None` once closed).
    inner: RwLock<Option<quay_sdk::Client>>,
    base_url: String,
}

impl NativeClient {
    fn client(&self, py: Python<'_>) -> PyResult<quay_sdk::Client> {
        match &*self.inner.read().unwrap_or_else(|e| e.into_inner()) {
            Some(c) => Ok(c.clone()),
            None => Err(quay_error(py, "the client is closed".to_string())),
        }
    }
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
        connect_timeout=None, retries=None, retry_policy=None, user_agent=None, from_env=false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        registry: Option<String>,
        token: Option<String>,
        ca_bundle: Option<std::path::PathBuf>,
        verify_tls: bool,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        retries: Option<usize>,
        retry_policy: Option<(usize, f64, f64, f64)>,
        user_agent: Option<String>,
        from_env: bool,
    ) -> PyResult<NativeClient> {
        let from_env_registry = ["QUAY_REGISTRY", "quay_registry"].iter().any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()));
        if registry.as_deref().is_none_or(str::is_empty) && !(from_env && from_env_registry) {
            let hint = if from_env { "pass registry=... or set QUAY_REGISTRY" } else { "pass registry=... (or use Client.from_env() with QUAY_REGISTRY set)" };
            return Err(invalid_input(py, format!("no registry given: {hint}")));
        }
        let mut b = quay_sdk::Client::builder();
        if from_env {
            b = b.from_env();
        }
        if let Some(r) = registry {
            b = b.registry(r);
        }
        if let Some(t) = token {
            b = b.token(t);
        }
        if let Some(ca) = ca_bundle {
            b = b.ca_bundle(ca);
        }
        b = b.danger_accept_invalid_certs(!verify_tls);
        if let Some(t) = seconds(py, "timeout", timeout)? {
            b = b.timeout(t);
        }
        if let Some(t) = seconds(py, "connect_timeout", connect_timeout)? {
            b = b.connect_timeout(t);
        }
        let mut policy = quay_sdk::RetryPolicy::default();
        if let Some((max_retries, initial, max, elapsed)) = retry_policy {
            policy = quay_sdk::RetryPolicy {
                max_retries,
                initial_delay: seconds(py, "initial_delay", Some(initial))?.unwrap_or_default(),
                max_delay: seconds(py, "max_delay", Some(max))?.unwrap_or_default(),
                max_elapsed: seconds(py, "max_elapsed", Some(elapsed))?.unwrap_or_default(),
            };
        }
        if let Some(n) = retries {
            policy.max_retries = n;
        }
        b = b.retry(policy);
        if let Some(ua) = user_agent {
            b = b.user_agent(ua);
        }
        // Building reads the CA bundle and the system's roots: do it without the GIL.
        let client = py.detach(|| b.build()).map_err(|e| to_pyerr(py, e))?;
        let base_url = client.base_url().to_string();
        Ok(NativeClient { inner: RwLock::new(Some(client)), base_url })
    }

    /// The base URL requests go to (never holds the token).
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).is_none()
    }

    /// Drops the connection pool (once calls in flight end); later calls raise `QuayError`.
    fn close(&self) {
        self.inner.write().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// Calls an operation by operationId (or snake_case name), blocking with the GIL released.
    #[pyo3(signature = (operation, args=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        operation: &str,
        args: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client(py)?;
        let args = args_of(args)?;
        match py.detach(|| call_sync(client, operation, args)) {
            Ok(v) => to_py(py, &v),
            Err(SyncFailure::Sdk(e)) => Err(to_pyerr(py, e)),
            Err(SyncFailure::Python(e)) => Err(e),
            Err(SyncFailure::Reentrant) => {
                Err(quay_error(py, "a sync call cannot start while this thread is inside one".to_string()))
            }
        }
    }

    /// The same call as an awaitable running on the Rust runtime.
    #[pyo3(signature = (operation, args=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        operation: String,
        args: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client(py)?;
        let args = args_of(args)?;
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match client.call(&operation, args).await {
                Ok(v) => Ok(Json(v)),
                Err(e) => Err(Python::attach(|py| to_pyerr(py, e))),
            }
        })
    }

    /// A lazy pager over a paged operation's items. Arguments are validated now, so bad input
    /// raises before anything is sent.
    #[pyo3(signature = (operation, args=None))]
    fn paginate(&self, py: Python<'_>, operation: &str, args: Option<&Bound<'_, PyDict>>) -> PyResult<NativePager> {
        let client = self.client(py)?;
        let args = args_of(args)?;
        // The stream's first page request is made on the first `next`; `paginate` itself only
        // validates, but it may touch tokio primitives, so enter the runtime.
        let _guard = runtime().enter();
        let stream = client.paginate(operation, args).map_err(|e| to_pyerr(py, e))?;
        Ok(NativePager { stream: Arc::new(tokio::sync::Mutex::new(stream)) })
    }

    fn __repr__(&self) -> String {
        format!("NativeClient(base_url={:?})", self.base_url)
    }
}

/// Items of a paged operation, fetched page by page as they are used. Both a sync and an
/// async iterator.
#[pyclass(module = "quay_sdk._native", frozen)]
pub struct NativePager {
    stream: Arc<tokio::sync::Mutex<ItemStream<'static, Value>>>,
}

#[pymethods]
impl NativePager {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let stream = self.stream.clone();
        let next = block_on(py, async move { stream.lock().await.next().await })?;
        match next {
            None => Ok(None),
            Some(Ok(v)) => to_py(py, &v).map(Some),
            Some(Err(e)) => Err(to_pyerr(py, e)),
        }
    }

    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let stream = self.stream.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match stream.lock().await.next().await {
                None => Err(PyStopAsyncIteration::new_err(())),
                Some(Ok(v)) => Ok(Json(v)),
                Some(Err(e)) => Err(Python::attach(|py| to_pyerr(py, e))),
            }
        })
    }

    fn __repr__(&self) -> &'static str {
        "NativePager(...)"
    }
}
