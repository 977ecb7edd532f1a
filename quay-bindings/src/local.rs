//! The fast path of blocking calls: a runtime of the calling thread, with a connection pool of
//! that thread's own, so that a call costs no hop between threads.
//!
//! Such a runtime runs only while its thread is inside a call, so a keep-alive connection the
//! server closed while the thread was elsewhere (gunicorn closes idle ones after 2 s) would go
//! unnoticed and fail the next call. Before each call the runtime is therefore given two turns
//! of its scheduler with the I/O driver polled in between ([`tokio::task::yield_now`] defers the
//! caller until the driver has run): the connection tasks read the close and leave the pool, and
//! the call takes a live connection or opens a new one. (An idempotent request that still meets
//! a connection closed in the last microseconds is resent once by the SDK.)
//!
//! A thread's first call with a client goes through the shared runtime (see
//! [`crate::runner`]), so that a thread that calls once pays for no pool of its own; a call
//! re-entered on the same thread (a signal handler calling the SDK), a closed client, or a
//! forked child's inherited runtime also fall back or start afresh.

use std::cell::RefCell;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};

use crate::runner::Interrupted;

/// One thread's runtime and its clients.
struct Local {
    /// The process that made the runtime (a forked child inherits this thread's copy).
    pid: u32,
    runtime: tokio::runtime::Runtime,
    /// Per client handle (its closed flag, weakly): the thread's client, once made.
    clients: Vec<(Weak<AtomicBool>, Option<quay_sdk::Client>)>,
}

thread_local! {
    static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

/// Lets the runtime's connection tasks see what arrived while the thread was away.
async fn pump() {
    tokio::task::yield_now().await;
    tokio::task::yield_now().await;
}

/// Runs the call `make` builds on the calling thread's runtime and client for the handle whose
/// closed flag is `key`; `None` when this call should take the shared runtime instead (the
/// thread's first call with this handle, a re-entered call, or no runtime could be made).
pub(crate) fn run<F, E>(
    key: &Arc<AtomicBool>,
    builder: &quay_sdk::ClientBuilder,
    make: impl FnOnce(quay_sdk::Client) -> F,
    mut check: impl FnMut() -> Result<(), E>,
) -> Option<Result<F::Output, Interrupted<E>>>
where
    F: Future,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        return None;
    }
    LOCAL.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let pid = std::process::id();
        if slot.as_ref().is_some_and(|l| l.pid != pid) {
            // A forked child's copy of its parent's runtime: its driver is the parent's; never
            // drop it (that would touch the parent's threads and sockets).
            std::mem::forget(slot.take());
        }
        if slot.is_none() {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            *slot = Some(Local { pid, runtime, clients: Vec::new() });
        }
        let local = slot.as_mut()?;
        local.clients.retain(|(k, _)| k.upgrade().is_some_and(|k| !k.load(Ordering::Acquire)));
        let index = match local.clients.iter().position(|(k, _)| std::ptr::eq(k.as_ptr(), Arc::as_ptr(key))) {
            Some(i) => i,
            None => {
                local.clients.push((Arc::downgrade(key), None));
                return None;
            }
        };
        let client = match &local.clients[index].1 {
            Some(c) => c.clone(),
            None => {
                let c = builder.clone().build().ok()?;
                local.clients[index].1 = Some(c.clone());
                c
            }
        };
        let fut = make(client);
        Some(local.runtime.block_on(async move {
            pump().await;
            // On the heap: the SDK's futures are large in a debug build, and the calling
            // thread's stack may be small (a JVM thread's is 1 MiB).
            let mut fut = Box::pin(fut);
            loop {
                match tokio::time::timeout(crate::runner::CHECK_EVERY, &mut fut).await {
                    Ok(v) => return Ok(v),
                    Err(_) => check().map_err(Interrupted::ByCaller)?,
                }
            }
        }))
    })
}
