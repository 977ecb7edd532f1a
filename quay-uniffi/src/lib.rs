//! The Kotlin (JVM) binding of `quay-sdk` through uniffi's proc-macros, a thin layer over
//! `quay-bindings` with no per-operation code: every operation is called by its operationId
//! with JSON arguments and answers JSON; the typed Kotlin facade (`quay-kotlin/`) is generated
//! from the spec by `cargo xtask generate`.
//!
//! - [`client`]: the client object (configured by the JSON of every binding) with one blocking
//!   `call`, pagers and close;
//! - [`cancel`]: the cancel token a blocking call is given (cancelled from another thread when
//!   the calling coroutine is cancelled);
//! - [`pager`]: the pager object over a paged operation;
//! - [`error`]: the error envelope as the uniffi error enum [`NativeError`], one variant per
//!   stable code;
//! - [`fake`]: the in-memory fake Quay, for tests of programs using the binding;
//! - [`jvm`]: the JVM's fast path, plain C functions the Kotlin facade calls through JNA's
//!   direct mapping for a call, a pager's next item and cancel tokens (uniffi's own glue costs
//!   about ten JNA crossings a call).
//!
//! The Kotlin scaffolding of this library is generated from the built library by
//! `cargo xtask kotlin-native` (uniffi's library mode), never committed.

// The error enum is the error type of the boundary: errors are rare, keeping it unboxed keeps the glue simple.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

uniffi::setup_scaffolding!();

pub mod cancel;
pub mod client;
pub mod error;
pub mod fake;
pub mod jvm;
pub mod pager;

pub use cancel::QuayCancel;
pub use client::QuayClient;
pub use error::{ErrorDetails, NativeError};
pub use fake::{FakeOptions, QuayFake};
pub use pager::QuayPager;

/// The operation table as JSON: every operation's id, method, path, chapter, summary,
/// parameters, body fields and paging.
#[uniffi::export]
pub fn operations_json() -> String {
    quay_bindings::handle::operations_json().to_string()
}

/// The library's version.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
