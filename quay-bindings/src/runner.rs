//! One shared multi-threaded tokio runtime, and a blocking wait on it for languages that call
//! synchronously.
//!
//! Every client of every binding runs on this runtime, so its worker threads keep polling every
//! pooled connection between calls: a keep-alive connection the server closes while the client
//! is idle (gunicorn after 2 s, nginx after 5 s) leaves the pool at once instead of failing the
//! next call. A blocking wait hands the call to a worker and waits for its result, waking every
//! 100 ms so that the caller's language can handle signals (Python's Ctrl-C) and abandon it.
//!
//! The runtime's threads do not survive `fork()`: a forked child gets a runtime of its own on
//! first use, and a client made before the fork fails at once there with the `closed` code
//! (its pooled connections belong to the parent) rather than hanging.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use crate::ErrorEnvelope;

struct Shared {
    runtime: tokio::runtime::Runtime,
    /// The process that started the runtime.
    pid: u32,
}

/// This process's runtime. A forked child inherits the parent's entry, whose threads it lacks:
/// it starts its own and leaves the parent's alone (dropping it would wait for threads that do
/// not exist in the child).
static SHARED: Mutex<Option<&'static Shared>> = Mutex::new(None);

fn shared() -> &'static Shared {
    let mut slot = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    match *slot {
        Some(s) if s.pid == std::process::id() => s,
        _ => {
            let fresh: &'static Shared = Box::leak(Box::new(Shared {
                runtime: tokio::runtime::Builder::new_multi_thread()
                    .thread_name("quay-sdk")
                    .enable_all()
                    .build()
                    .unwrap_or_else(|e| panic!("quay-bindings cannot start its tokio runtime: {e}")),
                pid: std::process::id(),
            }));
            *slot = Some(fresh);
            fresh
        }
    }
}

/// This process's shared runtime (started on first use, and anew in a forked child).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    &shared().runtime
}

/// How often a blocking wait lets the caller check for signals.
pub(crate) const CHECK_EVERY: Duration = Duration::from_millis(100);

/// Why a blocking wait ended without the call's result.
#[derive(Debug)]
pub enum Interrupted<E> {
    /// The caller's check (e.g. Python's signal handling) asked to stop, with its error.
    ByCaller(E),
    /// The wait could not start (on an async runtime's thread), or its task died.
    Refused(ErrorEnvelope),
}

/// Runs `fut` as a task of the shared runtime and waits for its result on the calling thread,
/// calling `check` every 100 ms; an `Err` from `check` abandons the wait and aborts the task
/// (which cancels the call). The task runs on a worker thread, which also drives the sockets, so
/// the waiting thread is woken once, with the result. Refused on a thread of an async runtime
/// (where blocking would stall it: use the async call there).
pub fn block_on<F, E>(fut: F, mut check: impl FnMut() -> Result<(), E>) -> Result<F::Output, Interrupted<E>>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Interrupted::Refused(ErrorEnvelope::new(
            "invalid_input",
            "invalid input: a blocking call cannot run on an async runtime's thread; use the async call instead",
        )));
    }
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let task = runtime().spawn(async move {
        let _ = tx.send(fut.await);
    });
    loop {
        match rx.recv_timeout(CHECK_EVERY) {
            Ok(v) => return Ok(v),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = check() {
                    task.abort();
                    return Err(Interrupted::ByCaller(e));
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Interrupted::Refused(ErrorEnvelope::new("transport", "the call's task ended without an answer")));
            }
        }
    }
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
    fn a_wait_on_an_async_runtime_thread_is_refused_and_a_nested_wait_works() {
        let inner = block_on(async { block_on(async { 1 }, || Ok::<(), ()>(())) }, || Ok::<(), ()>(())).expect("outer");
        match inner {
            Err(Interrupted::Refused(e)) => assert_eq!(e.code, "invalid_input"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        // A check that itself waits (Python running a signal handler that calls the SDK).
        let mut nested = None;
        let outer = block_on(async { tokio::time::sleep(Duration::from_millis(250)).await }, || {
            if nested.is_none() {
                nested = Some(block_on(async { 5 }, || Ok::<(), ()>(())).ok());
            }
            Ok::<(), ()>(())
        });
        assert!(outer.is_ok());
        assert_eq!(nested, Some(Some(5)));
    }
}
