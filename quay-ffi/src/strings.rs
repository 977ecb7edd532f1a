//! Strings across the boundary: reading the caller's, handing out the library's, freeing them;
//! the library's version and its operation table.

use std::ffi::{CStr, CString, c_char};

use quay_bindings::ErrorEnvelope;
use serde_json::Value;

use crate::error::{quiet, guard};

/// A C string of `s`, with any NUL character (which C strings cannot hold) replaced.
pub(crate) fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

/// A string handed to the caller, who frees it with `quay_string_free`.
pub(crate) fn owned(s: &str) -> *mut c_char {
    c_string(s).into_raw()
}

/// The caller's string `what` as UTF-8; NULL or invalid UTF-8 is `invalid_input`.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string that outlives the returned reference.
pub(crate) unsafe fn read<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, ErrorEnvelope> {
    if ptr.is_null() {
        return Err(ErrorEnvelope::invalid_input(format!("`{what}` is NULL")));
    }
    // SAFETY: the caller's contract.
    unsafe { CStr::from_ptr(ptr) }.to_str().map_err(|e| ErrorEnvelope::invalid_input(format!("`{what}` is not UTF-8: {e}")))
}

/// The caller's JSON text `what` (NULL meaning `default`), parsed.
///
/// # Safety
/// As [`read`].
pub(crate) unsafe fn read_json(ptr: *const c_char, what: &str, default: Value) -> Result<Value, ErrorEnvelope> {
    if ptr.is_null() {
        return Ok(default);
    }
    // SAFETY: the caller's contract.
    let text = unsafe { read(ptr, what) }?;
    serde_json::from_str(text).map_err(|e| ErrorEnvelope::invalid_input(format!("`{what}` is not JSON: {e}")))
}

/// Writes `value` to the out parameter `out`, which must not be NULL.
///
/// # Safety
/// `out` is NULL or valid for a write.
pub(crate) unsafe fn put<T>(out: *mut T, what: &str, value: T) -> Result<(), ErrorEnvelope> {
    if out.is_null() {
        return Err(ErrorEnvelope::invalid_input(format!("`{what}` is NULL")));
    }
    // SAFETY: the caller's contract.
    unsafe { *out = value };
    Ok(())
}

/// libquay's version (e.g. `0.1.0`): a static string, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn quay_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The operation table as JSON (every operation's id, method, path, chapter, summary,
/// parameters, body fields and paging). Owned by the caller: free it with `quay_string_free`.
/// NULL only if the library failed internally.
#[unsafe(no_mangle)]
pub extern "C" fn quay_operations_json() -> *mut c_char {
    guard(std::ptr::null_mut(), std::ptr::null_mut(), || Ok(owned(&quay_bindings::handle::operations_json().to_string())))
}

/// Frees a string libquay handed out (a result, an item, the operation table). NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string libquay returned as owned by the caller, not used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller's contract: the string came from `CString::into_raw`.
        quiet((), || drop(unsafe { CString::from_raw(s) }));
    }
}
