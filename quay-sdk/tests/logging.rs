//! The SDK logs its requests and retries through `tracing`, and never the token.
//!
//! A test binary of its own, with a global subscriber: in a binary whose other tests run on
//! other threads, a thread-scoped subscriber can miss events whose callsite another thread
//! registered at the same moment (tracing caches each callsite's interest).

use std::io::Write;
use std::sync::{Arc, Mutex};

use quay_fake::{FakeQuay, Fault};
use quay_sdk::{Client, RetryPolicy};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn client(fake: &FakeQuay, token: &str) -> Client {
    let retry = RetryPolicy {
        max_retries: 3,
        initial_delay: std::time::Duration::from_millis(20),
        max_delay: std::time::Duration::from_millis(200),
        max_elapsed: std::time::Duration::from_secs(10),
    };
    Client::builder().registry(fake.url()).token(token).retry(retry).build().expect("client")
}

#[tokio::test]
async fn requests_and_retries_are_logged_without_the_token() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this binary");
    let fake = FakeQuay::builder().start().await;
    let token = fake.superuser_token();
    let admin = client(&fake, &token);

    fake.inject_fault(Fault::status(503).on("GET", "/api/v1/user/"));
    admin.get_logged_in_user().call().await.unwrap();
    let bad = client(&fake, &format!("{token}-but-wrong"));
    let _ = bad.create_organization().body(serde_json::json!({"name": "x1", "email": "e@example.com"})).call().await;

    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("status=503") && text.contains("retrying") && text.contains("status=200"), "{text}");
    assert!(text.contains("method=POST") && text.contains("status=403"), "{text}");
    assert!(!text.contains(&token), "the token leaked into the logs:\n{text}");
}
