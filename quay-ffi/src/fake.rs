//! The in-memory fake Quay, for tests of programs that use libquay.

use std::ffi::{CString, c_char};

use quay_bindings::ErrorEnvelope;
use quay_fake::{FakeQuay, Features};
use serde::Deserialize;

use crate::error::{QuayError, guard, quiet};
use crate::strings::{c_string, owned, read, read_json};

/// A fake Quay serving on 127.0.0.1 in a thread of its own. Opaque; stop and free it with
/// `quay_fake_stop`.
pub struct QuayFake {
    fake: FakeQuay,
    url: CString,
    superuser_token: CString,
}

/// The options of `quay_fake_start`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    /// Every feature switch on (Quay's defaults otherwise).
    #[serde(default)]
    all_features: bool,
    /// A fixed superuser token instead of a random one.
    superuser_token: Option<String>,
    /// The port (0 or absent: a free one).
    #[serde(default)]
    port: u16,
}

/// Starts a fake Quay with JSON options (NULL means `{}`): `{"all_features": true}` turns
/// every feature switch on, `"superuser_token"` fixes the token, `"port"` the port. Returns the
/// fake, owned by the caller (stop and free it with `quay_fake_stop`), or NULL with `*err` set.
///
/// # Safety
/// `options_json` is NULL or a NUL-terminated string; `err` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_fake_start(options_json: *const c_char, err: *mut *mut QuayError) -> *mut QuayFake {
    guard(err, std::ptr::null_mut(), || {
        // SAFETY: the caller's contract.
        let options = unsafe { read_json(options_json, "options_json", serde_json::json!({})) }?;
        let options: Options =
            serde_json::from_value(options).map_err(|e| ErrorEnvelope::invalid_input(format!("fake options: {e}")))?;
        let mut builder = FakeQuay::builder().port(options.port);
        if options.all_features {
            builder = builder.features(Features::all());
        }
        if let Some(token) = &options.superuser_token {
            builder = builder.superuser_token(token);
        }
        let fake = builder
            .try_start_blocking()
            .map_err(|e| ErrorEnvelope::new("transport", format!("the fake Quay cannot listen: {e}")))?;
        let (url, superuser_token) = (c_string(&fake.url()), c_string(&fake.superuser_token()));
        Ok(Box::into_raw(Box::new(QuayFake { fake, url, superuser_token })))
    })
}

/// The fake's base URL (`http://127.0.0.1:PORT`), for the client's `registry`: a string owned
/// by the fake (valid until `quay_fake_stop`), or NULL when `fake` is NULL.
///
/// # Safety
/// `fake` is NULL or a running fake.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_fake_url(fake: *const QuayFake) -> *const c_char {
    // SAFETY: the caller's contract.
    quiet(std::ptr::null(), || unsafe { fake.as_ref() }.map_or(std::ptr::null(), |f| f.url.as_ptr()))
}

/// The token of the fake's superuser (every scope), for the client's `token`: a string owned
/// by the fake (valid until `quay_fake_stop`), or NULL when `fake` is NULL.
///
/// # Safety
/// `fake` is NULL or a running fake.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_fake_superuser_token(fake: *const QuayFake) -> *const c_char {
    // SAFETY: the caller's contract.
    quiet(std::ptr::null(), || unsafe { fake.as_ref() }.map_or(std::ptr::null(), |f| f.superuser_token.as_ptr()))
}

/// Pushes one manifest into `namespace/repository` (created if missing; the namespace must
/// exist) and points `count` new tags `{prefix}{i}` at it, as a `docker push` would. Returns
/// the manifest's `sha256:` digest, owned by the caller (free it with `quay_string_free`), or
/// NULL with `*err` set.
///
/// # Safety
/// `fake` is NULL or a running fake; `namespace`, `repository` and `prefix` are NULL or
/// NUL-terminated strings; `err` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_fake_push_tags(
    fake: *const QuayFake,
    namespace: *const c_char,
    repository: *const c_char,
    count: usize,
    prefix: *const c_char,
    err: *mut *mut QuayError,
) -> *mut c_char {
    guard(err, std::ptr::null_mut(), || {
        // SAFETY: the caller's contract, for every pointer.
        let fake = unsafe { fake.as_ref() }.ok_or_else(|| ErrorEnvelope::invalid_input("`fake` is NULL"))?;
        let namespace = unsafe { read(namespace, "namespace") }?;
        let repository = unsafe { read(repository, "repository") }?;
        let prefix = unsafe { read(prefix, "prefix") }?;
        let digest = fake
            .fake
            .try_push_tags(namespace, repository, count, prefix)
            .map_err(|e| ErrorEnvelope::invalid_input(format!("quay_fake_push_tags: {e}")))?;
        Ok(owned(&digest))
    })
}

/// Stops the fake (its thread ends) and frees it. NULL is a no-op.
///
/// # Safety
/// `fake` is NULL or a fake from `quay_fake_start`, not used again afterwards (nor the strings
/// its accessors returned).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn quay_fake_stop(fake: *mut QuayFake) {
    if !fake.is_null() {
        // SAFETY: the caller's contract: the fake came from `Box::into_raw`.
        quiet((), || {
            let mut fake = unsafe { Box::from_raw(fake) };
            fake.fake.shutdown();
        });
    }
}
