//! Starting a fake: the options (port, page sizes, features, superuser token, clock, keep-alive,
//! a down SMTP server)
//! and the async and blocking ways to start it.

use crate::FakeQuay;
use crate::model::{Clock, Features, PageSizes};
use crate::server::{App, serve};
use crate::util::{ALNUM, rand_string};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::{oneshot, watch};

/// How long an idle keep-alive connection stays open by default (gunicorn's 2 s, which Quay
/// runs behind).
pub const DEFAULT_KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(2);

/// Options for starting a fake: port, page sizes, features and clock.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    port: u16,
    pages: PageSizes,
    features: Features,
    superuser_token: Option<String>,
    clock_at: Option<i64>,
    keep_alive: Option<std::time::Duration>,
    smtp_down: bool,
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

    /// Starts the fake as a Quay whose SMTP server is down (see [`FakeQuay::set_smtp_reachable`]).
    pub fn smtp_down(mut self, down: bool) -> Builder {
        self.smtp_down = down;
        self
    }

    fn app(&self, addr: SocketAddr, shutdown: watch::Receiver<bool>) -> Arc<App> {
        let base_url = format!("http://{addr}");
        let token = self.superuser_token.clone().unwrap_or_else(|| rand_string(40, ALNUM));
        let clock = self.clock_at.map(Clock::at).unwrap_or_default();
        let app = Arc::new(App::new(base_url, token, self.pages, self.features, clock, shutdown));
        app.state().smtp_reachable = !self.smtp_down;
        app
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
