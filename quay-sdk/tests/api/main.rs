//! Integration tests of quay-sdk against quay-fake: every spec operation through the SDK,
//! asserting results and state changes; errors; faults; recordings. One test binary (one link).

mod chapters;
mod errors;
mod faults;
mod immutability;
mod inputs;
mod namespace_chapters;
mod namespace_chapters_2;
mod realworld;
mod referrers;
mod repo_chapters;
mod recordings;
mod tls;

use std::sync::atomic::{AtomicUsize, Ordering};

use quay_fake::FakeQuay;
use quay_sdk::{Client, RetryPolicy};

/// A fake Quay and a superuser client. On drop, the operations the fake answered with success
/// are written to `$QUAY_FAKE_COVERAGE_DIR` (read by `cargo xtask test`'s coverage gate).
pub struct Env {
    pub fake: FakeQuay,
    pub admin: Client,
}

impl Env {
    /// A fake with the features `QUAY_FAKE_FEATURES` names: `default` (or unset) for Quay's
    /// defaults, `all` for every feature switch on (`cargo xtask test` runs this suite both ways).
    pub async fn new() -> Env {
        Env::with(FakeQuay::builder().features(features_from_env())).await
    }

    pub async fn with(builder: quay_fake::Builder) -> Env {
        let fake = builder.start().await;
        let admin = client(&fake, &fake.superuser_token());
        Env { fake, admin }
    }

    /// A client for another token.
    pub fn client(&self, token: &str) -> Client {
        client(&self.fake, token)
    }
}

/// The feature switches `QUAY_FAKE_FEATURES` asks for (`default`, the default, or `all`).
pub fn features_from_env() -> quay_fake::Features {
    match std::env::var("QUAY_FAKE_FEATURES").as_deref() {
        Err(_) | Ok("") | Ok("default") => quay_fake::Features::default(),
        Ok("all") => quay_fake::Features::all(),
        Ok(other) => panic!("QUAY_FAKE_FEATURES must be `default` or `all`, not `{other}`"),
    }
}

/// A client with fast retries, so that fault tests stay quick.
pub fn client(fake: &FakeQuay, token: &str) -> Client {
    Client::builder()
        .registry(fake.url())
        .token(token)
        .retry(RetryPolicy {
            max_retries: 3,
            initial_delay: std::time::Duration::from_millis(20),
            max_delay: std::time::Duration::from_millis(200),
            max_elapsed: std::time::Duration::from_secs(10),
        })
        .build()
        .expect("client")
}

impl Drop for Env {
    fn drop(&mut self) {
        static N: AtomicUsize = AtomicUsize::new(0);
        if let Some(dir) = std::env::var_os("QUAY_FAKE_COVERAGE_DIR") {
            let name = format!("rust-{}-{}.txt", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
            let ops: Vec<String> = self.fake.coverage().into_iter().collect();
            let _ = std::fs::write(std::path::Path::new(&dir).join(name), ops.join("\n") + "\n");
        }
    }
}

/// Asserts that a result is an API error with this status, and returns it.
#[track_caller]
pub fn api_err<T: std::fmt::Debug>(r: quay_sdk::Result<T>, status: u16) -> Box<quay_sdk::ApiError> {
    match r {
        Err(quay_sdk::Error::Api(e)) if e.status == status => e,
        other => panic!("expected a {status} API error, got {other:?}"),
    }
}
