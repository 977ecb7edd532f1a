//! The in-memory fake Quay, for tests of programs that use the binding.

use std::sync::{Arc, Mutex};

use quay_fake::{FakeQuay, Features};

use crate::NativeError;
use crate::error::invalid_input;

/// The options of a fake Quay.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct FakeOptions {
    /// Every feature switch on (Quay's defaults otherwise).
    #[uniffi(default = false)]
    pub all_features: bool,
    /// A fixed superuser token instead of a random one.
    #[uniffi(default = None)]
    pub superuser_token: Option<String>,
    /// The port (0: a free one).
    #[uniffi(default = 0)]
    pub port: u16,
}

/// A fake Quay serving on 127.0.0.1 in a thread of its own, until `stop`.
#[derive(uniffi::Object)]
pub struct QuayFake {
    fake: Mutex<Option<FakeQuay>>,
    url: String,
    superuser_token: String,
}

impl std::fmt::Debug for QuayFake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuayFake").field("url", &self.url).finish_non_exhaustive()
    }
}

#[uniffi::export]
impl QuayFake {
    /// Starts a fake Quay; fails with the `transport` code when it cannot listen.
    #[uniffi::constructor]
    pub fn start(options: FakeOptions) -> Result<Arc<QuayFake>, NativeError> {
        let mut builder = FakeQuay::builder().port(options.port);
        if options.all_features {
            builder = builder.features(Features::all());
        }
        if let Some(token) = &options.superuser_token {
            builder = builder.superuser_token(token);
        }
        let fake = builder.try_start_blocking().map_err(|e| {
            NativeError::from(quay_bindings::ErrorEnvelope::new("transport", format!("the fake Quay cannot listen: {e}")))
        })?;
        Ok(Arc::new(QuayFake { url: fake.url(), superuser_token: fake.superuser_token(), fake: Mutex::new(Some(fake)) }))
    }

    /// The fake's base URL (`http://127.0.0.1:PORT`), for the client's `registry`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The token of the fake's superuser (every scope), for the client's `token`.
    pub fn superuser_token(&self) -> String {
        self.superuser_token.clone()
    }

    /// Pushes one manifest into `namespace/repository` (created if missing; the namespace must
    /// exist) and points `count` new tags `{prefix}{i}` at it, as a `docker push` would.
    /// Returns the manifest's `sha256:` digest.
    pub fn push_tags(&self, namespace: String, repository: String, count: u32, prefix: String) -> Result<String, NativeError> {
        let guard = self.fake.lock().unwrap_or_else(|e| e.into_inner());
        let fake = guard.as_ref().ok_or_else(|| invalid_input("push_tags: the fake Quay is stopped"))?;
        fake.try_push_tags(&namespace, &repository, count as usize, &prefix).map_err(|e| invalid_input(format!("push_tags: {e}")))
    }

    /// Stops the fake (its thread ends). Stopping twice is harmless.
    pub fn stop(&self) {
        if let Some(mut fake) = self.fake.lock().unwrap_or_else(|e| e.into_inner()).take() {
            fake.shutdown();
        }
    }
}
