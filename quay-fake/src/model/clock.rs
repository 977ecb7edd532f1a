//! The fake's clock: every timestamp the fake writes or compares (log datetimes, tag lifetimes
//! and expirations, service keys, builds, mirrors, the default log window) comes from here.
//!
//! By default it follows the system clock. A test can pin it to a Unix time ([`Clock::set`]),
//! after which it stands still until moved ([`Clock::advance`]) or set again, so that time-based
//! behaviour (tag expiry, service-key expiry, log windows) is tested in milliseconds and gives
//! the same answers whatever today's date is.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The system clock plus an offset (moved by `advance`).
    Real { offset: i64 },
    /// A fixed instant (moved only by `set` and `advance`).
    Pinned(i64),
}

/// A shared, settable clock in whole Unix seconds. Clones share one time.
#[derive(Clone, Debug)]
pub struct Clock {
    mode: Arc<Mutex<Mode>>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::real()
    }
}

fn system_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl Clock {
    /// A clock that follows the system clock.
    pub fn real() -> Clock {
        Clock { mode: Arc::new(Mutex::new(Mode::Real { offset: 0 })) }
    }

    /// A clock pinned at `unix_seconds`, standing still until moved.
    pub fn at(unix_seconds: i64) -> Clock {
        Clock { mode: Arc::new(Mutex::new(Mode::Pinned(unix_seconds))) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Mode> {
        self.mode.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current time in Unix seconds.
    pub fn now(&self) -> i64 {
        match *self.lock() {
            Mode::Real { offset } => system_now().saturating_add(offset),
            Mode::Pinned(t) => t,
        }
    }

    /// Pins the clock at `unix_seconds` (it stands still from then on).
    pub fn set(&self, unix_seconds: i64) {
        *self.lock() = Mode::Pinned(unix_seconds);
    }

    /// Moves the clock `seconds` forward (a pinned clock stays pinned; a real one keeps ticking
    /// from its new time). Returns the new time.
    pub fn advance(&self, seconds: i64) -> i64 {
        let mut m = self.lock();
        *m = match *m {
            Mode::Real { offset } => Mode::Real { offset: offset.saturating_add(seconds) },
            Mode::Pinned(t) => Mode::Pinned(t.saturating_add(seconds)),
        };
        drop(m);
        self.now()
    }

    /// Goes back to following the system clock.
    pub fn follow_system(&self) {
        *self.lock() = Mode::Real { offset: 0 };
    }

    /// Whether the clock is pinned (stands still) rather than ticking.
    pub fn is_pinned(&self) -> bool {
        matches!(*self.lock(), Mode::Pinned(_))
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn pinned_clock_stands_still_and_moves_on_request() {
        let c = Clock::at(1_000);
        assert_eq!(c.now(), 1_000);
        assert_eq!(c.advance(7_200), 8_200);
        assert_eq!(c.clone().now(), 8_200, "clones share the time");
        c.set(5);
        assert_eq!(c.now(), 5);
        assert!(c.is_pinned());
    }

    #[test]
    fn real_clock_follows_the_system_and_can_be_shifted() {
        let c = Clock::real();
        let before = super::system_now();
        let shifted = c.advance(86_400);
        assert!(shifted >= before + 86_400 && shifted <= super::system_now() + 86_400);
        assert!(!c.is_pinned());
        c.set(42);
        c.follow_system();
        assert!(c.now() >= before);
    }
}
