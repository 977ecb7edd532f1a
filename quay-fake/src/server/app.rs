//! What the server shares between requests: the registry, the clock, and the bookkeeping that
//! is not registry state (coverage, request count, pending faults).

use super::Fault;
use crate::model::{Clock, Features, PageSizes, State};
use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard};
use tokio::sync::watch;

/// Bookkeeping that is not registry state: coverage, request count, pending faults.
#[derive(Debug, Default)]
pub(crate) struct Control {
    /// operationIds answered with a 2xx status.
    pub(crate) coverage: BTreeSet<String>,
    /// Number of API requests received (/api/v1, and the registry's /v2 operations other than
    /// the login /v2/auth).
    pub(crate) requests: u64,
    /// Number of registry logins (`/v2/auth` requests) received.
    pub(crate) registry_logins: u64,
    /// Pending faults, first match wins.
    pub(crate) faults: Vec<Fault>,
}

/// Everything the server shares between requests.
pub(crate) struct App {
    /// Base URL (no trailing slash).
    pub(crate) base_url: String,
    /// The superuser's token (re-registered on reset).
    pub(crate) superuser_token: String,
    /// Features in force.
    pub(crate) features: Features,
    /// The clock (shared with the registry state; kept across resets).
    pub(crate) clock: Clock,
    /// The registry.
    pub(crate) state: Mutex<State>,
    /// Coverage, counter and faults.
    pub(crate) control: Mutex<Control>,
    /// Flips to true when the server shuts down (ends injected delays).
    pub(crate) shutdown: watch::Receiver<bool>,
}

impl Control {
    /// The first pending fault matching a request, used once (and dropped once used up).
    pub(crate) fn take_fault(&mut self, method: &str, path: &str, op: Option<&str>) -> Option<Fault> {
        let i = self.faults.iter().position(|f| f.matches(method, path, op))?;
        let f = self.faults[i].clone();
        self.faults[i].times -= 1;
        if self.faults[i].times == 0 {
            self.faults.remove(i);
        }
        Some(f)
    }
}

impl App {
    /// A server serving a fresh registry at `base_url`.
    pub(crate) fn new(base_url: String, superuser_token: String, pages: PageSizes, features: Features, clock: Clock, shutdown: watch::Receiver<bool>) -> App {
        App {
            state: Mutex::new(State::new(&base_url, &superuser_token, pages, features, clock.clone())),
            clock,
            control: Mutex::new(Control::default()),
            base_url,
            superuser_token,
            features,
            shutdown,
        }
    }
    /// Locks the registry.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Locks the control data.
    pub(crate) fn control(&self) -> MutexGuard<'_, Control> {
        self.control.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Replaces the registry with a fresh one (keeping page sizes, the clock, coverage and the counter).
    pub(crate) fn reset(&self) {
        let mut st = self.state();
        let (pages, smtp_reachable) = (st.pages, st.smtp_reachable);
        *st = State::new(&self.base_url, &self.superuser_token, pages, self.features, self.clock.clone());
        st.smtp_reachable = smtp_reachable;
        self.control().faults.clear();
    }
}
