//! Faults injected into the fake: retried 503, 429 with Retry-After, a server that never
//! answers, malformed JSON, and a POST that must not be retried.

use std::time::{Duration, Instant};

use quay_fake::Fault;
use quay_sdk::{Client, Error, Result, RetryPolicy};
use serde_json::json;

use crate::{Env, api_err};

async fn env_with_org() -> Env {
    let env = Env::new().await;
    env.admin.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await.unwrap();
    env
}

#[tokio::test]
async fn a_503_then_200_is_retried() -> Result<()> {
    let env = env_with_org().await;
    env.fake.inject_fault(Fault::status(503).on("GET", "/api/v1/organization/acme").times(2));
    let before = env.fake.request_count();
    let org = env.admin.get_organization().orgname("acme").call().await?;
    assert_eq!(org.name, "acme");
    assert_eq!(env.fake.request_count() - before, 3, "two 503s, then the answer");
    Ok(())
}

#[tokio::test]
async fn a_429_waits_for_retry_after() -> Result<()> {
    let env = env_with_org().await;
    env.fake.inject_fault(Fault::status(429).header("Retry-After", "1").body("slow down").on("GET", "/api/v1/organization/acme"));
    let start = Instant::now();
    env.admin.get_organization().orgname("acme").call().await?;
    assert!(start.elapsed() >= Duration::from_secs(1), "Retry-After honoured: {:?}", start.elapsed());
    Ok(())
}

#[tokio::test]
async fn retries_are_bounded_and_report_the_last_answer() {
    let env = env_with_org().await;
    env.fake.inject_fault(Fault::status(502).on("GET", "/api/v1/organization/acme").times(100));
    let before = env.fake.request_count();
    let e = api_err(env.admin.get_organization().orgname("acme").call().await, 502);
    assert_eq!(e.kind(), quay_sdk::ApiErrorKind::Server);
    assert_eq!(env.fake.request_count() - before, 4, "one attempt and three retries");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let env = env_with_org().await;
    env.fake.inject_fault(Fault::delay(Duration::from_secs(30)).on("GET", "/api/v1/organization/acme"));
    let client = Client::builder()
        .registry(env.fake.url())
        .token(env.fake.superuser_token())
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let start = Instant::now();
    let r = client.get_organization().orgname("acme").call().await;
    assert!(matches!(r, Err(Error::Timeout { .. })), "{r:?}");
    assert!(start.elapsed() < Duration::from_secs(5), "bounded: {:?}", start.elapsed());
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let env = env_with_org().await;
    env.fake.inject_fault(Fault::status(200).header("Content-Type", "application/json").body("{\"name\": ").on("GET", "/api/v1/organization/acme"));
    match env.admin.get_organization().orgname("acme").call().await {
        Err(Error::Decode { excerpt, .. }) => assert!(excerpt.contains("\"name\""), "{excerpt}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_post_is_never_retried() {
    let env = env_with_org().await;
    env.fake.inject_fault(Fault::status(503).on("POST", "/api/v1/repository").times(5));
    let before = env.fake.request_count();
    let r = env.admin.create_repo().body(json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": ""})).call().await;
    api_err(r, 503);
    assert_eq!(env.fake.request_count() - before, 1, "sent once");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let client = Client::builder().registry("http://127.0.0.1:9").retry(RetryPolicy::none()).build().unwrap();
    let r = client.get_logged_in_user().call().await;
    assert!(matches!(r, Err(Error::Transport { .. })), "{r:?}");
}
