//! `quay-fake`: an in-memory fake of the Quay container registry's REST API (`/api/v1`).
//!
//! It answers as a real Quay does (status codes, error shapes, odd cases), so SDK tests, demos
//! and users' own tests can run without a Quay. Start one with [`FakeQuay::start`] (async) or
//! [`FakeQuay::start_blocking`]; drive it through its URL like a real Quay, and seed or inspect
//! it through the methods here or the JSON control API under `/__fake/` (see the README's
//! "Control API").
//!
//! Inside, dependencies point one way: `util` ← `model` ← `access` ← `api` ← `server`, with
//! `http` (replies, error shapes, paging, schemas) below `access`; see the README's "Layout".

#![warn(missing_docs)]
#![allow(clippy::result_large_err)]

/// The Rust blocks of this crate's README, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

mod access;
mod api;
mod builder;
pub mod cli;
mod fake;
mod http;
mod model;
mod server;
pub mod util;

pub use builder::{Builder, DEFAULT_KEEP_ALIVE};
pub use fake::FakeQuay;
pub use model::{Clock, Deliveries, Features, PageSizes};
pub use server::{Fault, discovery_document};
