//! Pagers: the items of a paged operation, fetched page by page as they are used.

use std::convert::Infallible;
use std::ffi::{c_char, c_int};
use std::sync::atomic::{AtomicBool, Ordering};

use quay_bindings::handle::CallFailure;
use quay_bindings::{ErrorEnvelope, Pager};
use serde_json::Value;

use crate::client::{QuayCancelToken, QuayClient, client_ref};
use crate::error::{QuayError, guard, quiet};
use crate::strings::{owned, put, read, read_json};

/// The items of a paged operation. Opaque; may be used from any thread (one item at a time)
/// and outlive its client. Free it with `quay_pager_free`.
pub struct QuayPager {
    pager: Pager,
    /// Set once the last item was handed out: the core's pager must not be polled again then
    /// (its stream is not fused), so a used-up pager answers 0 from here on.
    done: AtomicBool,
}

/// A pager over a paged operation's items (e.g. `listRepoTags`, `listRepos`), with the
/// operation's arguments as a JSON object (NULL means none). Every argument is checked now;
/// nothing is sent until the first item is asked for. Returns the pager, owned by the caller
/// (free it with `quay_pager_free`), or NULL with `*err` set (`invalid_input` for an operation
/// that does not page, bad JSON or bad arguments).
///
/// # Safety
/// `client` is NULL or a live client; `operation` and `args_json` are NULL or NUL-terminated
/// strings; `err` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_paginate(
    client: *const QuayClient,
    operation: *const c_char,
    args_json: *const c_char,
    err: *mut *mut QuayError,
) -> *mut QuayPager {
    guard(err, std::ptr::null_mut(), || {
        // SAFETY: the caller's contract, for every pointer.
        let client = unsafe { client_ref(client) }?;
        let operation = unsafe { read(operation, "operation") }?;
        let args = unsafe { read_json(args_json, "args_json", Value::Null) }?;
        let pager = client.handle.paginate(operation, args)?;
        Ok(Box::into_raw(Box::new(QuayPager { pager, done: AtomicBool::new(false) })))
    })
}

/// The next item, blocking while its page is fetched. Returns 1 with `*item_json` set to the
/// item's JSON (owned by the caller: free it with `quay_string_free`), 0 after the last item,
/// or -1 with `*err` set; `*item_json` is NULL unless 1 is returned.
///
/// # Safety
/// `pager` is NULL or a live pager; `item_json` and `err` are NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_pager_next(pager: *const QuayPager, item_json: *mut *mut c_char, err: *mut *mut QuayError) -> c_int {
    // SAFETY: the caller's contract, passed on.
    unsafe { quay_pager_next_cancellable(pager, std::ptr::null(), item_json, err) }
}

/// `quay_pager_next` that `token` (may be NULL) cancels from another thread: a cancelled wait
/// returns -1 with the code `cancelled`. The page request in flight is kept: the next call
/// waits for the same page, so no item is lost or repeated.
///
/// # Safety
/// As `quay_pager_next`; `token` is NULL or a live cancel token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_pager_next_cancellable(
    pager: *const QuayPager,
    token: *const QuayCancelToken,
    item_json: *mut *mut c_char,
    err: *mut *mut QuayError,
) -> c_int {
    guard(err, -1, || {
        // SAFETY: the caller's contract, for every pointer.
        unsafe { put(item_json, "item_json", std::ptr::null_mut()) }?;
        let pager = unsafe { pager.as_ref() }.ok_or_else(|| ErrorEnvelope::invalid_input("`pager` is NULL"))?;
        let token = unsafe { token.as_ref() }.map(|t| t.token.clone());
        if pager.done.load(Ordering::Acquire) {
            return Ok(0);
        }
        let next = pager.pager.next_blocking(token.as_ref(), || Ok::<(), Infallible>(())).map_err(|f| match f {
            CallFailure::Error(e) => e,
            CallFailure::Interrupted(never) => match never {},
        })?;
        Ok(match next {
            Some(item) => {
                // SAFETY: checked above.
                unsafe { *item_json = owned(&item.to_string()) };
                1
            }
            None => {
                pager.done.store(true, Ordering::Release);
                0
            }
        })
    })
}

/// Frees a pager. NULL is a no-op.
///
/// # Safety
/// `pager` is NULL or a pager from `quay_paginate` with no `quay_pager_next` in flight, not
/// used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_pager_free(pager: *mut QuayPager) {
    if !pager.is_null() {
        // SAFETY: the caller's contract: the pager came from `Box::into_raw`.
        quiet((), || drop(unsafe { Box::from_raw(pager) }));
    }
}
