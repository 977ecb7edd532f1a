//! The error object of the C ABI and the guard every export runs in.

use std::ffi::{CString, c_char, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};

use quay_bindings::ErrorEnvelope;

use crate::strings::c_string;

/// An error: its stable dotted code (`api.not_found`, `invalid_input`, `cancelled`, ...), its
/// message and the parts of Quay's answer. Opaque; read it with the `quay_error_*` accessors,
/// free it with `quay_error_free`.
pub struct QuayError {
    envelope: ErrorEnvelope,
    code: CString,
    message: CString,
    error_type: Option<CString>,
    operation: Option<CString>,
}

impl QuayError {
    fn new(envelope: ErrorEnvelope) -> QuayError {
        QuayError {
            code: c_string(envelope.code),
            message: c_string(&envelope.message),
            error_type: envelope.error_type.as_deref().map(c_string),
            operation: envelope.operation.map(c_string),
            envelope,
        }
    }
}

/// Stores `envelope` in `*err` (when `err` is not NULL) as a new error object.
///
/// # Safety
/// `err` is NULL or valid for a write.
unsafe fn set(err: *mut *mut QuayError, envelope: ErrorEnvelope) {
    if !err.is_null() {
        // SAFETY: the caller's contract.
        unsafe { *err = Box::into_raw(Box::new(QuayError::new(envelope))) };
    }
}

/// Runs the body of an export: clears `*err`, catches panics, and turns a failure (or a panic)
/// into an error object in `*err` and `failed` as the return value.
pub(crate) fn guard<T>(err: *mut *mut QuayError, failed: T, body: impl FnOnce() -> Result<T, ErrorEnvelope>) -> T {
    if !err.is_null() {
        // SAFETY: every export documents `err` as NULL or valid for a write.
        unsafe { *err = std::ptr::null_mut() };
    }
    let envelope = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => return value,
        Ok(Err(e)) => e,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            ErrorEnvelope::new("internal", format!("libquay failed internally (please report it): {what}"))
        }
    };
    // SAFETY: as above.
    unsafe { set(err, envelope) };
    failed
}

/// Runs an export that reports no error (an accessor or a free): a panic gives `failed`.
pub(crate) fn quiet<T>(failed: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(failed)
}

/// A reference to the error `err` points to, if any.
///
/// # Safety
/// `err` is NULL or an error object from libquay not yet freed.
unsafe fn error_ref<'a>(err: *const QuayError) -> Option<&'a QuayError> {
    // SAFETY: the caller's contract.
    unsafe { err.as_ref() }
}

/// The error's stable dotted code (e.g. `api.not_found`, `invalid_input`, `cancelled`): a
/// string owned by the error (valid until `quay_error_free`), or NULL when `err` is NULL.
///
/// # Safety
/// `err` is NULL or an error object from libquay not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_error_code(err: *const QuayError) -> *const c_char {
    // SAFETY: the caller's contract.
    quiet(std::ptr::null(), || unsafe { error_ref(err) }.map_or(std::ptr::null(), |e| e.code.as_ptr()))
}

/// The error's full message (names the call; never the token): a string owned by the error
/// (valid until `quay_error_free`), or NULL when `err` is NULL.
///
/// # Safety
/// `err` is NULL or an error object from libquay not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_error_message(err: *const QuayError) -> *const c_char {
    // SAFETY: the caller's contract.
    quiet(std::ptr::null(), || unsafe { error_ref(err) }.map_or(std::ptr::null(), |e| e.message.as_ptr()))
}

/// The HTTP status Quay answered with, or 0 when it did not answer (or `err` is NULL).
///
/// # Safety
/// `err` is NULL or an error object from libquay not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_error_status(err: *const QuayError) -> c_int {
    // SAFETY: the caller's contract.
    quiet(0, || unsafe { error_ref(err) }.and_then(|e| e.envelope.status).map_or(0, c_int::from))
}

/// Quay's error type (e.g. `insufficient_scope`) when it sent one, else NULL: a string owned by
/// the error (valid until `quay_error_free`).
///
/// # Safety
/// `err` is NULL or an error object from libquay not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_error_type(err: *const QuayError) -> *const c_char {
    // SAFETY: the caller's contract.
    quiet(std::ptr::null(), || {
        unsafe { error_ref(err) }.and_then(|e| e.error_type.as_ref()).map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The operationId of the failed call when a call was made, else NULL: a string owned by the
/// error (valid until `quay_error_free`).
///
/// # Safety
/// `err` is NULL or an error object from libquay not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_error_operation(err: *const QuayError) -> *const c_char {
    // SAFETY: the caller's contract.
    quiet(std::ptr::null(), || {
        unsafe { error_ref(err) }.and_then(|e| e.operation.as_ref()).map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Frees an error object and the strings its accessors returned. NULL is a no-op.
///
/// # Safety
/// `err` is NULL or an error object from libquay, not used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_error_free(err: *mut QuayError) {
    if !err.is_null() {
        // SAFETY: the caller's contract: the error came from `Box::into_raw` in `set`.
        quiet((), || drop(unsafe { Box::from_raw(err) }));
    }
}
