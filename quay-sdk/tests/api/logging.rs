//! The SDK logs its requests and retries through `tracing`, and never the token.

use std::io::Write;
use std::sync::{Arc, Mutex};

use quay_fake::Fault;

use crate::Env;

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

#[tokio::test]
async fn requests_and_retries_are_logged_without_the_token() {
    let env = Env::new().await;
    let token = env.fake.superuser_token();
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    env.fake.inject_fault(Fault::status(503).on("GET", "/api/v1/user/"));
    env.admin.get_logged_in_user().call().await.unwrap();
    let bad = env.client(&format!("{token}-but-wrong"));
    let _ = bad.create_organization().body(serde_json::json!({"name": "x1", "email": "e@example.com"})).call().await;

    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("status=503") && text.contains("retrying") && text.contains("status=200"), "{text}");
    assert!(text.contains("method=POST") && text.contains("status=403"), "{text}");
    assert!(!text.contains(&token), "the token leaked into the logs:\n{text}");
}
