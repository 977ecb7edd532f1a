//! `quay-bindings`: the core every foreign-language binding of `quay-sdk` (Python, C, Go,
//! Kotlin) is built on, so that a binding is only its language's glue:
//! - [`runner`]: one shared multi-threaded tokio runtime and a blocking wait on it that lets the
//!   caller's language handle signals (a forked child gets a runtime of its own); blocking calls
//!   take a faster path on a runtime of the calling thread, which polls its pooled connections
//!   before each call so that those a server closed while idle are not reused;
//! - [`config`]: a client configuration as JSON (the same keys in every language);
//! - [`handle`]: a client handle with the one JSON entry point (`call` by operationId, blocking
//!   or async), paging, cancellation and close;
//! - [`pager`]: a pager that yields items (or batches of them) page by page;
//! - [`envelope`]: the error envelope: the stable code of every error
//!   (`quay_sdk::Error::code`), its message and the parts of Quay's answer.
//!
//! No operation has code of its own here: every operation of the spec reaches every language
//! through [`handle::ClientHandle::call`].

#![warn(missing_docs)]
// The envelope is the error type of the language boundary: errors are rare, keeping it unboxed keeps the glue simple.
#![allow(clippy::result_large_err)]

pub mod cancel;
pub mod config;
pub mod envelope;
pub mod handle;
mod local;
pub mod pager;
pub mod runner;

pub use cancel::CancelToken;
pub use config::{ClientConfig, RetryConfig};
pub use envelope::ErrorEnvelope;
pub use handle::ClientHandle;
pub use pager::Pager;
pub use runner::{Interrupted, runtime};
