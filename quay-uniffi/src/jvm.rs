//! The JVM's fast path: a few plain C functions, beside uniffi's scaffolding, that the Kotlin
//! facade calls through JNA's direct mapping for its per-call work (a call, a pager's next item,
//! cancel tokens). uniffi's Kotlin glue costs about ten JNA crossings per call (a handle clone
//! per object argument, a `RustCallStatus` structure read and written by reflection per
//! crossing, a buffer allocated and freed per string); on the 2-core machine one such crossing
//! measured 11-17 us against 0.1-0.2 us for a direct-mapped call with primitive and array
//! arguments. These functions take byte arrays and numbers only.
//!
//! Objects are named by numbers from registries: a client ([`crate::QuayClient::jvm_id`]), a
//! pager, a cancel token. A released or unknown number is an error (`closed`), never undefined
//! behaviour. Results and errors come back as UTF-8 JSON in a buffer the caller frees with
//! [`quay_jvm_bytes_free`]: `out[0]` its address, `out[1]` its length.
//!
//! Every function catches a panic and reports it as an `internal` error.

use std::collections::HashMap;
use std::convert::Infallible;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use quay_bindings::handle::CallFailure;
use quay_bindings::{CancelToken, ErrorEnvelope};

use crate::{QuayClient, QuayPager};

/// The call succeeded: the buffer holds its JSON result (or the pager's item).
pub const QUAY_JVM_OK: i32 = 0;
/// The call failed: the buffer holds the error envelope as JSON.
pub const QUAY_JVM_ERROR: i32 = 1;
/// The pager has no more items: no buffer.
pub const QUAY_JVM_END: i32 = 2;

/// Objects handed to the JVM by number. Numbers are never reused.
struct Registry<T> {
    next: AtomicU64,
    items: Mutex<HashMap<u64, T>>,
}

impl<T: Clone> Registry<T> {
    fn new() -> Registry<T> {
        Registry { next: AtomicU64::new(1), items: Mutex::new(HashMap::new()) }
    }

    fn items(&self) -> std::sync::MutexGuard<'_, HashMap<u64, T>> {
        self.items.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn add(&self, item: T) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.items().insert(id, item);
        id
    }

    fn get(&self, id: u64) -> Option<T> {
        self.items().get(&id).cloned()
    }

    fn remove(&self, id: u64) {
        self.items().remove(&id);
    }
}

static CLIENTS: LazyLock<Registry<Arc<QuayClient>>> = LazyLock::new(Registry::new);
static PAGERS: LazyLock<Registry<Arc<QuayPager>>> = LazyLock::new(Registry::new);
static CANCELS: LazyLock<Registry<CancelToken>> = LazyLock::new(Registry::new);

/// Registers a client for the fast path (see [`crate::QuayClient::jvm_id`]).
pub(crate) fn register_client(client: Arc<QuayClient>) -> u64 {
    CLIENTS.add(client)
}

/// Hands `bytes` to the caller through `out` (address, length).
///
/// # Safety
/// `out` points to two writable `i64`s.
unsafe fn give(out: *mut i64, bytes: Vec<u8>) {
    let bytes = bytes.into_boxed_slice();
    let len = bytes.len();
    let ptr = Box::into_raw(bytes) as *mut u8;
    // SAFETY: the caller's contract.
    unsafe {
        *out = ptr as i64;
        *out.add(1) = len as i64;
    }
}

/// The bytes at `ptr` (`len` of them) as text.
///
/// # Safety
/// `ptr` points to `len` readable bytes (any pointer when `len` is 0).
unsafe fn text(ptr: *const u8, len: i64, what: &str) -> Result<String, ErrorEnvelope> {
    if len <= 0 || ptr.is_null() {
        return Ok(String::new());
    }
    // SAFETY: the caller's contract.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    String::from_utf8(bytes.to_vec()).map_err(|_| ErrorEnvelope::invalid_input(format!("the {what} is not UTF-8")))
}

/// Runs `body`, writing its outcome through `out`: its bytes with [`QUAY_JVM_OK`], nothing with
/// [`QUAY_JVM_END`], an error's envelope with [`QUAY_JVM_ERROR`] (a panic as `internal`).
///
/// # Safety
/// `out` points to two writable `i64`s.
unsafe fn answer(out: *mut i64, body: impl FnOnce() -> Result<Option<Vec<u8>>, ErrorEnvelope>) -> i32 {
    let outcome = catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|_| Err(ErrorEnvelope::new("internal", "internal error: the SDK panicked; please report it")));
    // SAFETY: the caller's contract, passed on.
    unsafe {
        match outcome {
            Ok(Some(bytes)) => {
                give(out, bytes);
                QUAY_JVM_OK
            }
            Ok(None) => QUAY_JVM_END,
            Err(e) => {
                give(out, e.to_json().into_bytes());
                QUAY_JVM_ERROR
            }
        }
    }
}

fn client(id: u64) -> Result<Arc<QuayClient>, ErrorEnvelope> {
    CLIENTS.get(id).ok_or_else(ErrorEnvelope::closed)
}

/// The token of `id`, or none for 0.
fn token(id: u64) -> Option<CancelToken> {
    (id != 0).then(|| CANCELS.get(id)).flatten()
}

/// Calls `operation` (UTF-8, `op_len` bytes) of client `client_id` with its arguments as a JSON
/// object (`args`, `args_len` bytes; none for 0), as [`crate::QuayClient::call`] does, blocking
/// the calling thread. `cancel_id` names a token of [`quay_jvm_cancel_new`] (0 for none).
///
/// # Safety
/// `op` and `args` point to that many readable bytes; `out` to two writable `i64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_jvm_call(client_id: u64, op: *const u8, op_len: i64, args: *const u8, args_len: i64, cancel_id: u64, out: *mut i64) -> i32 {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        answer(out, || {
            let operation = text(op, op_len, "operationId")?;
            let args = text(args, args_len, "arguments")?;
            let client = client(client_id)?;
            let args = crate::client::arguments_envelope(&operation, &args)?;
            let token = token(cancel_id);
            match client.handle().call_blocking(&operation, args, token.as_ref(), || Ok::<(), Infallible>(())) {
                Ok(value) => Ok(Some(value.to_string().into_bytes())),
                Err(CallFailure::Error(e)) => Err(e),
                Err(CallFailure::Interrupted(never)) => match never {},
            }
        })
    }
}

/// A pager over `operation` of client `client_id` with its arguments (as [`quay_jvm_call`]),
/// validated now: on success `out[0]` is the pager's number (no buffer), for
/// [`quay_jvm_pager_next`] and [`quay_jvm_pager_release`].
///
/// # Safety
/// As [`quay_jvm_call`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_jvm_paginate(client_id: u64, op: *const u8, op_len: i64, args: *const u8, args_len: i64, out: *mut i64) -> i32 {
    let made = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller's contract.
        let (operation, args) = unsafe { (text(op, op_len, "operationId")?, text(args, args_len, "arguments")?) };
        client(client_id)?.paginate_envelope(operation, args)
    }))
    .unwrap_or_else(|_| Err(ErrorEnvelope::new("internal", "internal error: the SDK panicked; please report it")));
    match made {
        Ok(pager) => {
            // SAFETY: the caller's contract.
            unsafe { *out = PAGERS.add(pager) as i64 };
            QUAY_JVM_OK
        }
        // SAFETY: the caller's contract.
        Err(e) => unsafe { answer(out, || Err(e)) },
    }
}

/// The next item of pager `pager_id` ([`QUAY_JVM_OK`] with its JSON), or [`QUAY_JVM_END`] after
/// the last one, as [`crate::QuayPager::next`] does; `cancel_id` as for [`quay_jvm_call`].
///
/// # Safety
/// `out` points to two writable `i64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_jvm_pager_next(pager_id: u64, cancel_id: u64, out: *mut i64) -> i32 {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        answer(out, || {
            let pager = PAGERS.get(pager_id).ok_or_else(ErrorEnvelope::closed)?;
            match pager.next_item(token(cancel_id).as_ref()) {
                Ok(item) => Ok(item.map(|v| v.to_string().into_bytes())),
                Err(e) => Err(e),
            }
        })
    }
}

/// Forgets pager `pager_id` (its page in flight is dropped). Unknown numbers are ignored.
#[unsafe(no_mangle)]
pub extern "C" fn quay_jvm_pager_release(pager_id: u64) {
    let _ = catch_unwind(|| PAGERS.remove(pager_id));
}

/// Forgets client `client_id` (the client object itself lives while uniffi's handle does).
/// Unknown numbers are ignored.
#[unsafe(no_mangle)]
pub extern "C" fn quay_jvm_client_release(client_id: u64) {
    let _ = catch_unwind(|| CLIENTS.remove(client_id));
}

/// A new cancel token's number (never 0).
#[unsafe(no_mangle)]
pub extern "C" fn quay_jvm_cancel_new() -> u64 {
    catch_unwind(|| CANCELS.add(CancelToken::new())).unwrap_or(0)
}

/// Cancels the calls given token `cancel_id`, now and later. Unknown numbers are ignored.
#[unsafe(no_mangle)]
pub extern "C" fn quay_jvm_cancel(cancel_id: u64) {
    let _ = catch_unwind(|| {
        if let Some(token) = CANCELS.get(cancel_id) {
            token.cancel();
        }
    });
}

/// Forgets token `cancel_id` (a call still holding it keeps it). Unknown numbers are ignored.
#[unsafe(no_mangle)]
pub extern "C" fn quay_jvm_cancel_free(cancel_id: u64) {
    let _ = catch_unwind(|| CANCELS.remove(cancel_id));
}

/// Frees a buffer these functions handed out (`ptr`, `len` as in `out`).
///
/// # Safety
/// `ptr` and `len` are exactly a buffer handed out by a function of this module, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_jvm_bytes_free(ptr: *mut u8, len: i64) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: the caller's contract: the box `give` leaked.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len as usize)) });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads and frees the buffer of `out`.
    fn take(out: &[i64; 2]) -> String {
        let bytes = unsafe { std::slice::from_raw_parts(out[0] as *const u8, out[1] as usize) }.to_vec();
        unsafe { quay_jvm_bytes_free(out[0] as *mut u8, out[1]) };
        String::from_utf8(bytes).unwrap()
    }

    fn call(client: u64, op: &str, args: &str, cancel: u64) -> (i32, String) {
        let mut out = [0i64; 2];
        let status = unsafe { quay_jvm_call(client, op.as_ptr(), op.len() as i64, args.as_ptr(), args.len() as i64, cancel, out.as_mut_ptr()) };
        (status, take(&out))
    }

    /// Calls, pages, errors and released numbers through the C functions, against the fake.
    #[test]
    fn calls_pagers_and_errors_through_the_fast_path() {
        let fake = crate::QuayFake::start(crate::FakeOptions { all_features: false, superuser_token: None, port: 0 }).unwrap();
        let config = format!(r#"{{"registry": "{}", "token": "{}"}}"#, fake.url(), fake.superuser_token());
        let id = QuayClient::new(config).unwrap().jvm_id();
        let (status, org) = call(id, "createOrganization", r#"{"name": "acme", "email": "acme@example.com"}"#, 0);
        assert_eq!((status, org.as_str()), (QUAY_JVM_OK, r#""Created""#));
        let (status, got) = call(id, "getOrganization", r#"{"orgname": "acme"}"#, 0);
        assert_eq!(status, QUAY_JVM_OK);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&got).unwrap()["name"], "acme");

        // Errors are envelopes; bad input is refused before sending.
        let (status, missing) = call(id, "getOrganization", r#"{"orgname": "nobody"}"#, 0);
        let missing: serde_json::Value = serde_json::from_str(&missing).unwrap();
        assert_eq!((status, missing["code"].as_str(), missing["status"].as_u64()), (QUAY_JVM_ERROR, Some("api.not_found"), Some(404)));
        let (status, bad) = call(id, "getOrganization", "{nope", 0);
        assert!(status == QUAY_JVM_ERROR && bad.contains("invalid_input") && bad.contains("not JSON"), "{bad}");
        let (status, bad) = call(id, "noSuchOperation", "", 0);
        assert!(status == QUAY_JVM_ERROR && bad.contains("noSuchOperation"), "{bad}");

        // A cancelled token: the call is not sent.
        let cancel = quay_jvm_cancel_new();
        quay_jvm_cancel(cancel);
        let (status, cancelled) = call(id, "getOrganization", r#"{"orgname": "acme"}"#, cancel);
        assert!(status == QUAY_JVM_ERROR && cancelled.contains(r#""code":"cancelled""#), "{cancelled}");
        quay_jvm_cancel_free(cancel);
        quay_jvm_cancel(cancel);

        // A pager: every item, then the end, again and again.
        for name in ["a", "b", "c"] {
            let args = format!(r#"{{"namespace": "acme", "repository": "{name}", "visibility": "private", "description": ""}}"#);
            assert_eq!(call(id, "createRepo", &args, 0).0, QUAY_JVM_OK);
        }
        let (op, args) = ("listRepos", r#"{"namespace": "acme"}"#);
        let mut out = [0i64; 2];
        let status = unsafe { quay_jvm_paginate(id, op.as_ptr(), op.len() as i64, args.as_ptr(), args.len() as i64, out.as_mut_ptr()) };
        assert_eq!(status, QUAY_JVM_OK);
        let pager = out[0] as u64;
        let mut names = Vec::new();
        while unsafe { quay_jvm_pager_next(pager, 0, out.as_mut_ptr()) } == QUAY_JVM_OK {
            names.push(serde_json::from_str::<serde_json::Value>(&take(&out)).unwrap()["name"].as_str().unwrap().to_string());
        }
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(unsafe { quay_jvm_pager_next(pager, 0, out.as_mut_ptr()) }, QUAY_JVM_END);
        let not_paged = unsafe { quay_jvm_paginate(id, "getRepo".as_ptr(), 7, args.as_ptr(), args.len() as i64, out.as_mut_ptr()) };
        assert!(not_paged == QUAY_JVM_ERROR && take(&out).contains("invalid_input"));

        // Released numbers answer `closed`.
        quay_jvm_pager_release(pager);
        assert_eq!(unsafe { quay_jvm_pager_next(pager, 0, out.as_mut_ptr()) }, QUAY_JVM_ERROR);
        assert!(take(&out).contains(r#""code":"closed""#));
        quay_jvm_client_release(id);
        let (status, closed) = call(id, "getOrganization", r#"{"orgname": "acme"}"#, 0);
        assert!(status == QUAY_JVM_ERROR && closed.contains(r#""code":"closed""#), "{closed}");
        fake.stop();
    }
}
