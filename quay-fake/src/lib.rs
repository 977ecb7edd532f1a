//! `quay-fake`: an in-memory fake of the Quay container registry's REST API (`/api/v1`).
//!
//! It answers as a real Quay does (status codes, error shapes, odd cases), so SDK tests, demos
//! and users' own tests can run without a Quay. Start one with [`FakeQuay::start`] (async) or
//! [`FakeQuay::start_blocking`]; drive it through its URL like a real Quay, and seed or inspect
//! it through the methods here or the JSON control API under `/__fake/` (see [`control`]).

#![warn(missing_docs)]
#![allow(clippy::result_large_err)]

/// The Rust blocks of this crate's README, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub mod api;
pub mod auth;
pub mod clock;
pub mod control;
pub mod errors;
pub mod faults;
pub mod paging;
pub mod schema;
pub mod server;
pub mod state;
pub mod util;

pub use clock::Clock;
pub use faults::Fault;
pub use state::{Features, PageSizes};

use server::App;
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::{oneshot, watch};

/// Options for starting a fake: port, page sizes, features and clock.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    port: u16,
    pages: PageSizes,
    features: Features,
    superuser_token: Option<String>,
    clock_at: Option<i64>,
}

impl Builder {
    /// Port to bind on 127.0.0.1 (0, the default, picks a free one).
    pub fn port(mut self, port: u16) -> Builder {
        self.port = port;
        self
    }
    /// Page sizes of the paged listings.
    pub fn page_sizes(mut self, pages: PageSizes) -> Builder {
        self.pages = pages;
        self
    }
    /// Feature switches (team syncing and config dump are off by default, as recorded).
    pub fn features(mut self, features: Features) -> Builder {
        self.features = features;
        self
    }
    /// Turns FEATURE_TEAM_SYNCING on or off.
    pub fn team_syncing(mut self, on: bool) -> Builder {
        self.features.team_syncing = on;
        self
    }
    /// Uses a fixed superuser token instead of a random one.
    pub fn superuser_token(mut self, token: &str) -> Builder {
        self.superuser_token = Some(token.to_string());
        self
    }

    /// Starts the fake with its clock pinned at `unix_seconds`: it stands still until moved
    /// with [`FakeQuay::advance`] or [`FakeQuay::set_time`] (the default follows the system clock).
    pub fn clock_at(mut self, unix_seconds: i64) -> Builder {
        self.clock_at = Some(unix_seconds);
        self
    }

    fn app(&self, addr: SocketAddr, shutdown: watch::Receiver<bool>) -> Arc<App> {
        let base_url = format!("http://{addr}");
        let token = self.superuser_token.clone().unwrap_or_else(|| util::rand_string(40, util::ALNUM));
        let clock = self.clock_at.map(Clock::at).unwrap_or_default();
        Arc::new(App {
            state: Mutex::new(state::State::new(&base_url, &token, self.pages, self.features, clock.clone())),
            clock,
            control: Mutex::new(server::Control::default()),
            base_url,
            superuser_token: token,
            features: self.features,
            shutdown,
        })
    }

    /// Starts the fake on the current tokio runtime.
    pub async fn start(self) -> FakeQuay {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let (stop_tx, stop_rx) = watch::channel(false);
        let app = self.app(addr, stop_rx.clone());
        let task = tokio::spawn(serve(listener, app.clone(), stop_rx));
        FakeQuay { app, stop: Some(stop_tx), task: Some(task), thread: None }
    }

    /// Starts the fake on its own runtime in a background thread (for sync callers and Python).
    pub fn start_blocking(self) -> FakeQuay {
        let (tx, rx) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("quay-fake".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                rt.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.expect("bind 127.0.0.1");
                    let addr = listener.local_addr().expect("local address");
                    let (stop_tx, stop_rx) = watch::channel(false);
                    let app = self.app(addr, stop_rx.clone());
                    let _ = tx.send((app.clone(), stop_tx));
                    serve(listener, app, stop_rx).await;
                });
                rt.shutdown_background();
            })
            .expect("spawn quay-fake thread");
        let (app, stop) = rx.blocking_recv().expect("quay-fake started");
        FakeQuay { app, stop: Some(stop), task: None, thread: Some(thread) }
    }
}

async fn serve(listener: tokio::net::TcpListener, app: Arc<App>, mut stop: watch::Receiver<bool>) {
    let router = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let app = app.clone();
        async move { server::handle(app, req).await }
    });
    let server = axum::serve(listener, router);
    tokio::select! {
        _ = server => {}
        _ = stop.wait_for(|v| *v) => {}
    }
}

/// A running fake Quay; shuts down when dropped.
pub struct FakeQuay {
    app: Arc<App>,
    stop: Option<watch::Sender<bool>>,
    task: Option<tokio::task::JoinHandle<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeQuay {
    /// Options for starting a fake.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Starts a fake with default options on 127.0.0.1 and a free port (async).
    pub async fn start() -> FakeQuay {
        Builder::default().start().await
    }

    /// Starts a fake with default options on its own background runtime (blocking).
    pub fn start_blocking() -> FakeQuay {
        Builder::default().start_blocking()
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> String {
        self.app.base_url.clone()
    }

    /// Token of the built-in superuser `quayadmin` (all scopes).
    pub fn superuser_token(&self) -> String {
        self.app.superuser_token.clone()
    }

    /// Creates a user with e-mail `email` and returns a token carrying every scope.
    /// Panics if the name is taken.
    pub fn create_user(&self, name: &str, email: &str) -> String {
        control::create_user(&self.app, name, Some(email), None, false).map(|(t, _)| t).expect("create_user")
    }

    /// Mints a token for an existing user with the given scopes (e.g. `&["repo:read"]`).
    /// Panics for an unknown user or scope.
    pub fn mint_token(&self, user: &str, scopes: &[&str]) -> String {
        control::mint_token(&self.app, user, scopes).expect("mint_token")
    }

    /// Pushes a new manifest into `namespace/repo` (created if missing), as `/v2` would, and
    /// optionally points `tag` at it. Returns the `sha256:` digest. Panics for an unknown namespace.
    pub fn push_manifest(&self, namespace: &str, repo: &str, tag: Option<&str>) -> String {
        control::push_manifest(&self.app, namespace, repo, tag).expect("push_manifest")
    }

    /// Pushes one manifest and points `count` new tags `{prefix}{i}` at it; returns the digest.
    pub fn push_tags(&self, namespace: &str, repo: &str, count: usize, prefix: &str) -> String {
        control::push_tags(&self.app, namespace, repo, count, prefix).expect("push_tags")
    }

    /// Sets the page sizes of the paged listings.
    pub fn set_page_sizes(&self, pages: PageSizes) {
        self.app.state().pages = pages;
    }

    /// Current page sizes.
    pub fn page_sizes(&self) -> PageSizes {
        self.app.state().pages
    }

    /// The fake's clock (shared: moving it moves the fake's time).
    pub fn clock(&self) -> Clock {
        self.app.clock.clone()
    }

    /// The fake's current time in Unix seconds.
    pub fn now(&self) -> i64 {
        self.app.clock.now()
    }

    /// Pins the fake's clock at `unix_seconds`; it stands still until moved again.
    pub fn set_time(&self, unix_seconds: i64) {
        self.app.clock.set(unix_seconds);
    }

    /// Moves the fake's clock forward by `by` (whole seconds; a pinned clock stays pinned).
    /// Tags and service keys whose expiration passes expire, as on a Quay that waited that long.
    /// Returns the new time.
    pub fn advance(&self, by: std::time::Duration) -> i64 {
        self.app.clock.advance(i64::try_from(by.as_secs()).unwrap_or(i64::MAX))
    }

    /// Injects a fault (answered by the first matching requests, then normal behaviour resumes).
    pub fn inject_fault(&self, fault: Fault) {
        self.app.control().faults.push(fault);
    }

    /// Removes all pending faults.
    pub fn clear_faults(&self) {
        self.app.control().faults.clear();
    }

    /// The operationIds answered with a 2xx status so far.
    pub fn coverage(&self) -> BTreeSet<String> {
        self.app.control().coverage.clone()
    }

    /// Number of /api/v1 requests received so far.
    pub fn request_count(&self) -> u64 {
        self.app.control().requests
    }

    /// Empties the registry (back to just `quayadmin`, same superuser token) and drops faults.
    /// Coverage, the request counter, page sizes and the clock are kept.
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Stops the server (also done on drop).
    pub fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FakeQuay {
    fn drop(&mut self) {
        self.shutdown();
    }
}
