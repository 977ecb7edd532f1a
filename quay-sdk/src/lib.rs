//! `quay-sdk`: a typed, validated, paged and retried async client for the
//! [Quay](https://quay.io) container registry API, generated from the hand-curated
//! OpenAPI spec in `spec/quay.yaml` by progenitor, with a thin hand-written layer for
//! configuration, authentication, TLS, timeouts, retries, errors and paging.
//!
//! ```no_run
//! # async fn demo() -> quay_sdk::Result<()> {
//! let client = quay_sdk::Client::builder()
//!     .registry("quay.example.com")
//!     .token(std::env::var("QUAY_TOKEN").unwrap_or_default())
//!     .build()?;
//! let robot = client.create_org_robot().orgname("acme").robot_shortname("ci").call().await?;
//! println!("{}", robot.name);
//! # Ok(()) }
//! ```

/// The Rust blocks of the repository's README, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

mod args;
pub mod body;
mod client;
mod config;
mod error;
mod field;
mod registry;
pub mod ops;
pub mod paging;
mod response;
mod retry;
mod hooks;

/// Code generated from the spec at build time: [`types`], the request builders (`client.rs`,
/// progenitor's) and the operation table with the dispatch by operationId (`dispatch.rs`).
/// Never edited by hand.
#[allow(clippy::all, missing_docs, unused_imports, unused_mut, irrefutable_let_patterns)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
    include!(concat!(env!("OUT_DIR"), "/dispatch.rs"));
}

pub use client::Client;
pub use config::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use error::{ApiError, ApiErrorKind, CallInfo, Error, Result};
pub use field::{IntoField, IntoUnixTime};
pub use generated::{builder, types};
pub use registry::TokenKind;
pub use retry::RetryPolicy;
pub use hooks::{Hooks, RequestPreview, ServerClock};

/// Everything a typical program needs.
pub mod prelude {
    pub use crate::body::ChangeTag;
    pub use crate::types;
    pub use crate::{ApiErrorKind, Client, Error, Result, RetryPolicy};
    pub use futures::{StreamExt, TryStreamExt};
}
