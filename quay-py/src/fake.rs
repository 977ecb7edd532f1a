//! The embedded fake Quay server (`quay-fake`), started in-process for `quay_sdk.testing`.
//!
//! Only its lifetime and read-outs live here; seeding (users, tokens, manifests), faults and
//! page sizes go through its JSON control API under `/__fake/`, which `quay_sdk.testing` uses
//! the same way for an in-process server and for one in a subprocess.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyDict;

#[cfg(feature = "fake")]
type Fake = quay_fake::FakeQuay;
#[cfg(not(feature = "fake"))]
type Fake = ();

/// A fake Quay server running in this process on 127.0.0.1, on its own threads (it never
/// needs the GIL).
#[pyclass(module = "quay_sdk._native", frozen)]
pub struct NativeFake {
    fake: Mutex<Option<Fake>>,
    url: String,
    superuser_token: String,
}

#[cfg(feature = "fake")]
fn builder(
    py: Python<'_>,
    port: u16,
    page_sizes: Option<&Bound<'_, PyDict>>,
    features: Option<&Bound<'_, PyDict>>,
    superuser_token: Option<&str>,
    clock_at: Option<i64>,
) -> PyResult<quay_fake::Builder> {
    let mut b = quay_fake::FakeQuay::builder().port(port);
    if let Some(t) = clock_at {
        if t < 0 {
            return Err(crate::errors::invalid_input(
                py,
                format!("FakeQuay: `clock_at` must be a Unix time >= 0 (got {t})"),
            ));
        }
        b = b.clock_at(t);
    }
    if let Some(sizes) = page_sizes {
        let mut p = quay_fake::PageSizes::default();
        for (k, v) in sizes.iter() {
            let k: String = k.extract()?;
            let v: usize = v.extract()?;
            let v = v.max(1);
            match k.as_str() {
                "repos" => p.repos = v,
                "logs" => p.logs = v,
                "tags_default" => p.tags_default = v,
                "tags_max" => p.tags_max = v,
                "superuser_max_limit" => p.superuser_max_limit = v,
                other => {
                    return Err(crate::errors::invalid_input(sizes.py(), format!("unknown page size `{other}`")));
                }
            }
        }
        b = b.page_sizes(p);
    }
    if let Some(flags) = features {
        let mut f = quay_fake::Features::default();
        for (k, v) in flags.iter() {
            let k: String = k.extract()?;
            let v: bool = v.extract()?;
            match k.as_str() {
                "team_syncing" => f.team_syncing = v,
                "config_dump" => f.config_dump = v,
                "immutable_tags" => f.immutable_tags = v,
                "quota_management" => f.quota_management = v,
                "image_pull_stats" => f.image_pull_stats = v,
                "security_scanner" => f.security_scanner = v,
                "app_specific_tokens" => f.app_specific_tokens = v,
                "mailing" => f.mailing = v,
                "programmatic_bootstrap" => f.programmatic_bootstrap = v,
                "proxy_cache" => f.proxy_cache = v,
                "org_mirror" => f.org_mirror = v,
                "quota_notifications" => f.quota_notifications = v,
                "auto_prune" => f.auto_prune = v,
                "referrers_api" => f.referrers_api = v,
                "user_metadata" => f.user_metadata = v,
                other => return Err(crate::errors::invalid_input(flags.py(), format!("unknown feature `{other}`"))),
            }
        }
        b = b.features(f);
    }
    if let Some(t) = superuser_token {
        b = b.superuser_token(t);
    }
    Ok(b)
}

#[pymethods]
impl NativeFake {
    /// Starts a fake Quay; `port` 0 picks a free port; `clock_at` pins its clock at a Unix time
    /// (the default follows the system clock).
    #[new]
    #[pyo3(signature = (*, port=0, page_sizes=None, features=None, superuser_token=None, clock_at=None, keep_alive=None))]
    fn new(
        py: Python<'_>,
        port: u16,
        page_sizes: Option<&Bound<'_, PyDict>>,
        features: Option<&Bound<'_, PyDict>>,
        superuser_token: Option<&str>,
        clock_at: Option<i64>,
        keep_alive: Option<f64>,
    ) -> PyResult<NativeFake> {
        #[cfg(feature = "fake")]
        {
            let mut b = builder(py, port, page_sizes, features, superuser_token, clock_at)?;
            if let Some(k) = keep_alive {
                if !(k.is_finite() && k > 0.0) {
                    return Err(crate::errors::invalid_input(py, format!("FakeQuay: `keep_alive` must be a number of seconds > 0 (got {k})")));
                }
                b = b.keep_alive(std::time::Duration::from_secs_f64(k));
            }
            let fake = py.detach(|| b.try_start_blocking()).map_err(|e| {
            crate::errors::quay_error(py, format!("the fake Quay cannot listen on 127.0.0.1:{port}: {e}"))
        })?;
            Ok(NativeFake { url: fake.url(), superuser_token: fake.superuser_token(), fake: Mutex::new(Some(fake)) })
        }
        #[cfg(not(feature = "fake"))]
        {
            let _ = (port, page_sizes, features, superuser_token, clock_at, keep_alive);
            Err(crate::errors::quay_error(py, "this build of quay_sdk has no embedded fake server".into()))
        }
    }

    /// Base URL, e.g. `http://127.0.0.1:41234`.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// Token of the built-in superuser `quayadmin` (every scope).
    #[getter]
    fn superuser_token(&self) -> &str {
        &self.superuser_token
    }

    /// The operationIds answered with a 2xx status so far, sorted.
    fn coverage(&self) -> Vec<String> {
        #[cfg(feature = "fake")]
        if let Some(f) = &*self.fake.lock().unwrap_or_else(|e| e.into_inner()) {
            return f.coverage().into_iter().collect();
        }
        Vec::new()
    }

    /// Number of `/api/v1` requests received so far.
    fn request_count(&self) -> u64 {
        #[cfg(feature = "fake")]
        if let Some(f) = &*self.fake.lock().unwrap_or_else(|e| e.into_inner()) {
            return f.request_count();
        }
        0
    }

    /// Whether the server is running.
    #[getter]
    fn running(&self) -> bool {
        self.fake.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    /// Stops the server (idempotent).
    fn stop(&self, py: Python<'_>) {
        let fake = self.fake.lock().unwrap_or_else(|e| e.into_inner()).take();
        py.detach(move || drop(fake));
    }

    fn __repr__(&self) -> String {
        format!("NativeFake(url={:?})", self.url)
    }
}
