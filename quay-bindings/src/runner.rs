//! One shared multi-threaded tokio runtime, and a blocking wait on it for languages that call
//! synchronously.
//!
//! Every client of every binding runs on this runtime, so its worker threads keep polling every
//! pooled connection between calls: a keep-alive connection the server closes while the client
//! is idle (gunicorn after 2 s, nginx after 5 s) leaves the pool at once instead of failing the
//! next call. A blocking wait runs the call on the calling thread and wakes every 100 ms so that
//! the caller's language can handle signals (Python's Ctrl-C) and abandon the wait.
//!
//! The runtime's threads do not survive `fork()`: in a forked child every wait fails at once with
//! the `closed` code (create clients in the child instead) rather than hanging.

use std::cell::Cell;
use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use crate::ErrorEnvelope;

struct Shared {
    runtime: tokio::runtime::Runtime,
    /// The process that started the runtime.
    pid: u32,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

fn shared() -> &'static Shared {
    SHARED.get_or_init(|| Shared {
        runtime: tokio::runtime::Builder::new_multi_thread()
            .thread_name("quay-sdk")
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("quay-bindings cannot start its tokio runtime: {e}")),
        pid: std::process::id(),
    })
}

/// The shared runtime (started on first use).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    &shared().runtime
}

/// Whether this process is a fork of the one that started the runtime (whose threads it lacks).
pub fn forked() -> bool {
    SHARED.get().is_some_and(|s| s.pid != std::process::id())
}

thread_local! {
    /// Whether this thread is inside a blocking wait.
    static WAITING: Cell<bool> = const { Cell::new(false) };
}

/// Why a blocking wait ended without the call's result.
#[derive(Debug)]
pub enum Interrupted<E> {
    /// The caller's check (e.g. Python's signal handling) asked to stop, with its error.
    ByCaller(E),
    /// The wait could not start: re-entered from the same thread, or in a forked process.
    Refused(ErrorEnvelope),
}

/// Runs `fut` on the shared runtime and waits for it on the calling thread, calling `check`
/// every 100 ms; an `Err` from `check` abandons the wait (the future is dropped, which cancels
/// the call). Refused when this thread is already waiting (e.g. a signal handler that calls the
/// SDK while a call is in flight) or when the process was forked after the runtime started.
pub fn block_on<F, E>(fut: F, mut check: impl FnMut() -> Result<(), E>) -> Result<F::Output, Interrupted<E>>
where
    F: Future,
{
    if forked() {
        return Err(Interrupted::Refused(ErrorEnvelope::new(
            "closed",
            "this process was forked after the client was made: the runtime's threads are not copied into a child; create clients in the child",
        )));
    }
    if WAITING.with(|w| w.replace(true)) {
        return Err(Interrupted::Refused(ErrorEnvelope::new(
            "invalid_input",
            "invalid input: a blocking call cannot start while this thread is inside one (e.g. from a signal handler)",
        )));
    }
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            WAITING.with(|w| w.set(false));
        }
    }
    let _leave = Leave;
    runtime().block_on(async move {
        let mut fut = std::pin::pin!(fut);
        loop {
            match tokio::time::timeout(Duration::from_millis(100), &mut fut).await {
                Ok(v) => return Ok(v),
                Err(_) => check().map_err(Interrupted::ByCaller)?,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_returns_the_result_and_a_check_can_abandon_it() {
        assert_eq!(block_on(async { 7 }, || Ok::<(), ()>(())).ok(), Some(7));
        let mut checks = 0;
        let slow = block_on(async { tokio::time::sleep(Duration::from_secs(30)).await }, || {
            checks += 1;
            if checks == 2 { Err("stop") } else { Ok(()) }
        });
        assert!(matches!(slow, Err(Interrupted::ByCaller("stop"))));
    }

    #[test]
    fn a_wait_inside_a_wait_is_refused() {
        let inner = block_on(async { block_on(async { 1 }, || Ok::<(), ()>(())) }, || Ok::<(), ()>(())).expect("outer");
        match inner {
            Err(Interrupted::Refused(e)) => assert_eq!(e.code, "invalid_input"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
