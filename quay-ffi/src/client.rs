//! Clients, blocking calls by operationId, and the cancel tokens that stop them.

use std::convert::Infallible;
use std::ffi::{c_char, c_int};

use quay_bindings::handle::CallFailure;
use quay_bindings::{CancelToken, ClientConfig, ClientHandle, ErrorEnvelope};
use serde_json::Value;

use crate::error::{QuayError, guard, quiet};
use crate::strings::{owned, put, read, read_json};

/// A configured Quay client. Opaque; thread-safe: one client may be used from several threads
/// at once. Free it with `quay_client_free` once no call is in flight.
pub struct QuayClient {
    pub(crate) handle: ClientHandle,
}

/// A token that cancels the calls it is given to, from any thread. Opaque; free it with
/// `quay_cancel_token_free` once no call using it is in flight.
pub struct QuayCancelToken {
    pub(crate) token: CancelToken,
}

/// The client `client` points to; NULL is `invalid_input`.
///
/// # Safety
/// `client` is NULL or a client from `quay_client_new` not yet freed.
pub(crate) unsafe fn client_ref<'a>(client: *const QuayClient) -> Result<&'a QuayClient, ErrorEnvelope> {
    // SAFETY: the caller's contract.
    unsafe { client.as_ref() }.ok_or_else(|| ErrorEnvelope::invalid_input("`client` is NULL"))
}

/// A new client for a JSON configuration (`{"registry": "quay.example.com", "token": "...",
/// "token_kind": "oauth", "verify_tls": true, "timeout": 60, "retries": 3, ...}`: the keys of
/// every binding, `token_kind` being `"oauth"` (default) or `"app"` for an app-specific token; NULL
/// means `{}`). Returns the client, owned by the caller (free it with `quay_client_free`), or
/// NULL with `*err` set (`invalid_input` for bad JSON or an unknown key).
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string; `err` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_client_new(config_json: *const c_char, err: *mut *mut QuayError) -> *mut QuayClient {
    guard(err, std::ptr::null_mut(), || {
        // SAFETY: the caller's contract.
        let config = unsafe { read_json(config_json, "config_json", Value::Object(Default::default())) }?;
        let config: ClientConfig =
            serde_json::from_value(config).map_err(|e| ErrorEnvelope::invalid_input(format!("configuration: {e}")))?;
        let handle = ClientHandle::new(&config)?;
        Ok(Box::into_raw(Box::new(QuayClient { handle })))
    })
}

/// Frees a client (its connection pool closes). NULL is a no-op.
///
/// # Safety
/// `client` is NULL or a client from `quay_client_new` with no call or pager call in flight,
/// not used again afterwards (pagers made from it stay usable).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_client_free(client: *mut QuayClient) {
    if !client.is_null() {
        // SAFETY: the caller's contract: the client came from `Box::into_raw`.
        quiet((), || drop(unsafe { Box::from_raw(client) }));
    }
}

/// Calls an operation by operationId (`getRepo`) or snake_case name (`get_repo`) with its
/// arguments as a JSON object (path and query parameters and body fields by name, or the body
/// under `"body"`; NULL means none), blocking the calling thread until Quay answers. Returns 0
/// with `*result_json` set to Quay's JSON answer (owned by the caller: free it with
/// `quay_string_free`), or -1 with `*result_json` NULL and `*err` set.
///
/// # Safety
/// `client` is NULL or a live client; `operation` and `args_json` are NULL or NUL-terminated
/// strings; `result_json` and `err` are NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_call(
    client: *const QuayClient,
    operation: *const c_char,
    args_json: *const c_char,
    result_json: *mut *mut c_char,
    err: *mut *mut QuayError,
) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { quay_call_cancellable(client, operation, args_json, std::ptr::null(), result_json, err) }
}

/// `quay_call` that `token` (may be NULL) cancels from another thread: a cancelled call
/// returns -1 with the code `cancelled` (the request may or may not have reached Quay).
///
/// # Safety
/// As `quay_call`; `token` is NULL or a live cancel token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_call_cancellable(
    client: *const QuayClient,
    operation: *const c_char,
    args_json: *const c_char,
    token: *const QuayCancelToken,
    result_json: *mut *mut c_char,
    err: *mut *mut QuayError,
) -> c_int {
    guard(err, -1, || {
        // SAFETY: the caller's contract, for every pointer.
        unsafe { put(result_json, "result_json", std::ptr::null_mut()) }?;
        let client = unsafe { client_ref(client) }?;
        let operation = unsafe { read(operation, "operation") }?;
        let args = unsafe { read_json(args_json, "args_json", Value::Null) }?;
        let token = unsafe { token.as_ref() }.map(|t| t.token.clone());
        let never = || Ok::<(), Infallible>(());
        let value = client.handle.call_blocking(operation, args, token.as_ref(), never).map_err(|f| match f {
            CallFailure::Error(e) => e,
            CallFailure::Interrupted(never) => match never {},
        })?;
        // SAFETY: checked above.
        unsafe { *result_json = owned(&value.to_string()) };
        Ok(0)
    })
}

/// A new cancel token, owned by the caller (free it with `quay_cancel_token_free`). NULL only
/// if the library failed internally.
#[unsafe(no_mangle)]
pub extern "C" fn quay_cancel_token_new() -> *mut QuayCancelToken {
    quiet(std::ptr::null_mut(), || Box::into_raw(Box::new(QuayCancelToken { token: CancelToken::new() })))
}

/// Cancels every call given `token`, now and later (from any thread). NULL is a no-op.
///
/// # Safety
/// `token` is NULL or a live cancel token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_cancel_token_cancel(token: *const QuayCancelToken) {
    // SAFETY: the caller's contract.
    quiet((), || {
        if let Some(t) = unsafe { token.as_ref() } {
            t.token.cancel();
        }
    })
}

/// Frees a cancel token. NULL is a no-op.
///
/// # Safety
/// `token` is NULL or a token from `quay_cancel_token_new` that no call in flight uses, not
/// used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_cancel_token_free(token: *mut QuayCancelToken) {
    if !token.is_null() {
        // SAFETY: the caller's contract: the token came from `Box::into_raw`.
        quiet((), || drop(unsafe { Box::from_raw(token) }));
    }
}
