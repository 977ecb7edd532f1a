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
    keep_alive: Option<std::time::Duration>,
}

/// How long an idle keep-alive connection stays open by default (gunicorn's 2 s, which Quay
/// runs behind).
pub const DEFAULT_KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(2);

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
    /// Feature switches (all off by default, as in Quay; [`Features::all`] turns every one on).
    pub fn features(mut self, features: Features) -> Builder {
        self.features = features;
        self
    }
    /// Turns FEATURE_TEAM_SYNCING on or off.
    pub fn team_syncing(mut self, on: bool) -> Builder {
        self.features.team_syncing = on;
        self
    }
    /// Turns FEATURE_IMMUTABLE_TAGS on or off (off by default, as in Quay).
    pub fn immutable_tags(mut self, on: bool) -> Builder {
        self.features.immutable_tags = on;
        self
    }
    /// Turns FEATURE_QUOTA_MANAGEMENT on or off (off by default, as in Quay).
    pub fn quota_management(mut self, on: bool) -> Builder {
        self.features.quota_management = on;
        self
    }
    /// Uses a fixed superuser token instead of a random one.
    pub fn superuser_token(mut self, token: &str) -> Builder {
        self.superuser_token = Some(token.to_string());
        self
    }

    /// Closes keep-alive connections idle for `idle` (default [`DEFAULT_KEEP_ALIVE`], as
    /// gunicorn in front of Quay does), so that clients meet the dead pooled connections real
    /// servers leave behind.
    pub fn keep_alive(mut self, idle: std::time::Duration) -> Builder {
        self.keep_alive = Some(idle);
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

    /// Starts the fake on the current tokio runtime. Panics when the port cannot be bound
    /// (see [`Builder::try_start`]).
    pub async fn start(self) -> FakeQuay {
        let port = self.port;
        self.try_start().await.unwrap_or_else(|e| panic!("quay-fake: cannot listen on 127.0.0.1:{port}: {e}"))
    }

    /// Starts the fake on the current tokio runtime, or says why it could not listen.
    pub async fn try_start(self) -> std::io::Result<FakeQuay> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let (stop_tx, stop_rx) = watch::channel(false);
        let app = self.app(addr, stop_rx.clone());
        let task = tokio::spawn(serve(listener, app.clone(), stop_rx, self.keep_alive.unwrap_or(DEFAULT_KEEP_ALIVE)));
        Ok(FakeQuay { app, stop: Some(stop_tx), task: Some(task), thread: None })
    }

    /// Starts the fake on its own runtime in a background thread (for sync callers and Python).
    /// Panics when the port cannot be bound (see [`Builder::try_start_blocking`]).
    pub fn start_blocking(self) -> FakeQuay {
        let port = self.port;
        self.try_start_blocking().unwrap_or_else(|e| panic!("quay-fake: cannot listen on 127.0.0.1:{port}: {e}"))
    }

    /// Starts the fake on its own runtime in a background thread, or says why it could not
    /// listen (e.g. the port is taken).
    pub fn try_start_blocking(self) -> std::io::Result<FakeQuay> {
        let (tx, rx) = oneshot::channel();
        let thread = std::thread::Builder::new().name("quay-fake".into()).spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            rt.block_on(async move {
                let bound = async {
                    let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await?;
                    let addr = listener.local_addr()?;
                    Ok::<_, std::io::Error>((listener, addr))
                };
                let (listener, addr) = match bound.await {
                    Ok(b) => b,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                let (stop_tx, stop_rx) = watch::channel(false);
                let app = self.app(addr, stop_rx.clone());
                let _ = tx.send(Ok((app.clone(), stop_tx)));
                serve(listener, app, stop_rx, self.keep_alive.unwrap_or(DEFAULT_KEEP_ALIVE)).await;
            });
            rt.shutdown_background();
        })?;
        match rx.blocking_recv() {
            Ok(Ok((app, stop))) => Ok(FakeQuay { app, stop: Some(stop), task: None, thread: Some(thread) }),
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(e)
            }
            Err(_) => {
                let _ = thread.join();
                Err(std::io::Error::other("the quay-fake thread ended before listening"))
            }
        }
    }
}

/// Accepts connections until told to stop, serving each with HTTP/1.1 keep-alive.
async fn serve(listener: tokio::net::TcpListener, app: Arc<App>, mut stop: watch::Receiver<bool>, keep_alive: std::time::Duration) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.wait_for(|v| *v) => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        tokio::spawn(connection(stream, app.clone(), stop.clone(), keep_alive));
    }
}

/// What a connection's idle watch needs: requests in flight, and when the last one ended.
struct Activity {
    in_flight: std::sync::atomic::AtomicUsize,
    last: Mutex<tokio::time::Instant>,
}

/// Serves one connection; closes it once it has been idle (no request in flight) for
/// `keep_alive`, or when the server stops.
async fn connection(stream: tokio::net::TcpStream, app: Arc<App>, mut stop: watch::Receiver<bool>, keep_alive: std::time::Duration) {
    use std::sync::atomic::Ordering;
    let activity = Arc::new(Activity {
        in_flight: std::sync::atomic::AtomicUsize::new(0),
        last: Mutex::new(tokio::time::Instant::now()),
    });
    let seen = activity.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let (app, seen) = (app.clone(), seen.clone());
        async move {
            seen.in_flight.fetch_add(1, Ordering::SeqCst);
            let response = server::handle(app, req.map(axum::body::Body::new)).await;
            *seen.last.lock().unwrap_or_else(|e| e.into_inner()) = tokio::time::Instant::now();
            seen.in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    let mut closing = false;
    loop {
        // While a request is in flight the connection is not idle: look again later.
        let deadline = if activity.in_flight.load(Ordering::SeqCst) > 0 {
            tokio::time::Instant::now() + keep_alive
        } else {
            *activity.last.lock().unwrap_or_else(|e| e.into_inner()) + keep_alive
        };
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = tokio::time::sleep_until(deadline), if !closing => {
                let idle = activity.in_flight.load(Ordering::SeqCst) == 0
                    && *activity.last.lock().unwrap_or_else(|e| e.into_inner()) + keep_alive <= tokio::time::Instant::now();
                if idle {
                    closing = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
            _ = stop.wait_for(|v| *v), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
        }
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
