//! What a real Quay (behind gunicorn or nginx) does that a naive client trips over: idle
//! keep-alive connections closed by the server, results that must come back exactly as sent,
//! a read-only 503 that no retry cures, errors that must say which call failed, and a plain
//! HTTP server addressed as https.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use quay_fake::FakeQuay;
use quay_sdk::types::RepositoryState;
use quay_sdk::{ApiErrorKind, Client, Error, Result, RetryPolicy};
use serde_json::{Value, json};

use crate::{Env, client};

#[tokio::test]
async fn calls_after_idle_gaps_longer_than_the_servers_keep_alive_succeed() -> Result<()> {
    let env = Env::with(FakeQuay::builder().keep_alive(Duration::from_millis(200))).await;
    let c = &env.admin;
    for i in 0..5 {
        tokio::time::sleep(Duration::from_millis(350)).await;
        c.get_logged_in_user().call().await?;
        tokio::time::sleep(Duration::from_millis(350)).await;
        c.create_organization().body(json!({"name": format!("org{i}"), "email": format!("o{i}@example.com")})).call().await?;
    }
    Ok(())
}

/// A one-shot HTTP server: on its first connection it answers the first request (keep-alive)
/// and then closes the connection when the second request arrives, without answering, as a
/// server does that closed an idle connection just as the client reused it. Later
/// connections are answered normally. Counts the requests it reads.
fn flaky_server(status: &'static str, body: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        let read_request = |s: &mut std::net::TcpStream| -> bool {
            let mut buf = Vec::new();
            let mut byte = [0u8; 1];
            while !buf.ends_with(b"\r\n\r\n") {
                match s.read(&mut byte) {
                    Ok(1) => buf.push(byte[0]),
                    _ => return false,
                }
            }
            let head = String::from_utf8_lossy(&buf).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                .unwrap_or(0);
            let mut rest = vec![0u8; length];
            s.read_exact(&mut rest).is_ok()
        };
        let answer = |s: &mut std::net::TcpStream| {
            let reply = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            let _ = s.write_all(reply.as_bytes());
        };
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut s) = stream else { continue };
            if n == 0 {
                if read_request(&mut s) {
                    counter.fetch_add(1, Ordering::SeqCst);
                    answer(&mut s);
                }
                if read_request(&mut s) {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                drop(s); // closed without an answer
            } else {
                while read_request(&mut s) {
                    counter.fetch_add(1, Ordering::SeqCst);
                    answer(&mut s);
                }
            }
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_get_on_a_connection_closed_before_the_answer_is_sent_again_once() -> Result<()> {
    let (url, seen) = flaky_server("200 OK", "[]");
    // Retries off: the resend is the safety net, not the retry policy.
    let c = Client::builder().registry(url).token("t").retry(RetryPolicy::none()).build()?;
    c.list_organization_quota().orgname("acme").call().await?;
    let quotas = c.list_organization_quota().orgname("acme").call().await?;
    assert!(quotas.is_empty());
    assert_eq!(seen.load(Ordering::SeqCst), 3, "the second GET was sent again on a new connection");
    Ok(())
}

#[tokio::test]
async fn a_post_on_a_connection_closed_before_the_answer_is_not_sent_again() -> Result<()> {
    let (url, seen) = flaky_server("201 Created", "\"Created\"");
    let c = Client::builder().registry(url).token("t").retry(RetryPolicy::none()).build()?;
    let body = || json!({"name": "acme", "email": "a@example.com"});
    c.create_organization().body(body()).call().await?;
    let err = c.create_organization().body(body()).call().await.expect_err("the connection closed");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let call = err.call().expect("the error names its call");
    assert_eq!((call.operation, call.method, call.path.as_str()), ("createOrganization", "POST", "/api/v1/organization/"));
    assert_eq!(seen.load(Ordering::SeqCst), 2, "a POST is never sent twice");
    Ok(())
}

#[tokio::test]
async fn results_hold_every_key_and_value_quay_sent() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.call("createOrganization", json!({"name": "acme", "email": "acme@example.com"})).await?;
    c.call("createOrganizationQuota", json!({"orgname": "acme", "limit_bytes": 10_737_418_240u64})).await?;
    c.call("createRepo", json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": ""})).await?;
    let http = reqwest::Client::new();
    for (op, args, path) in [
        ("getOrganization", json!({"orgname": "acme"}), "/api/v1/organization/acme"),
        ("listOrganizationQuota", json!({"orgname": "acme"}), "/api/v1/organization/acme/quota"),
        ("getRepo", json!({"namespace": "acme", "repository": "web"}), "/api/v1/repository/acme/web"),
        ("getLoggedInUser", json!({}), "/api/v1/user/"),
    ] {
        let got = c.call(op, args).await?;
        let sent: Value = http
            .get(format!("{}{path}", env.fake.url()))
            .bearer_auth(env.fake.superuser_token())
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("direct request")
            .json()
            .await
            .expect("JSON");
        assert_eq!(got, sent, "{op}: the result is what Quay sent, key for key");
    }
    let quotas = c.call("listOrganizationQuota", json!({"orgname": "acme"})).await?;
    assert_eq!(quotas[0]["limit_bytes"].as_u64(), Some(10_737_418_240), "integers stay integers: {quotas}");
    let repo = c.call("getRepo", json!({"namespace": "acme", "repository": "web"})).await?;
    assert_eq!(repo["tags"], json!({}), "empty objects are kept");
    Ok(())
}

#[tokio::test]
async fn a_read_only_503_is_not_retried() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    c.create_repo().body(json!({"namespace": "acme", "repository": "web", "visibility": "private", "description": ""})).call().await?;
    env.fake.push_manifest("acme", "web", Some("v1"));
    c.change_repo_state().namespace("acme").repository("web").body_map(|b| b.state(RepositoryState::ReadOnly)).call().await?;
    let before = env.fake.request_count();
    let err = c.delete_full_tag().namespace("acme").repository("web").tag("v1").call().await.expect_err("read-only");
    assert_eq!(err.kind(), Some(ApiErrorKind::ReadOnly), "{err}");
    assert_eq!(env.fake.request_count() - before, 1, "a permanent 503 is sent once");
    Ok(())
}

#[tokio::test]
async fn errors_name_the_call_without_the_token() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    let err = c.get_repo().namespace("acme").repository("nope").call().await.expect_err("404");
    let call = err.call().expect("call info");
    assert_eq!((call.operation, call.method, call.path.as_str()), ("getRepo", "GET", "/api/v1/repository/acme/nope"));
    let text = err.to_string();
    assert!(text.starts_with("getRepo (GET /api/v1/repository/acme/nope): Quay answered 404"), "{text}");
    assert!(!text.contains(&env.fake.superuser_token()) && !format!("{err:?}").contains(&env.fake.superuser_token()));
    // The dynamic entry point names the call the same way.
    let err = c.call("getRepo", json!({"namespace": "acme", "repository": "nope"})).await.expect_err("404");
    assert_eq!(err.call().map(|c| c.operation), Some("getRepo"));

    // A transport error after retries says how many attempts were made.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dead = Client::builder()
        .registry(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy { max_retries: 2, initial_delay: Duration::from_millis(5), max_delay: Duration::from_millis(10), ..RetryPolicy::default() })
        .build()?;
    let err = dead.get_logged_in_user().call().await.expect_err("refused");
    match &err {
        Error::Transport { attempts, .. } => assert_eq!(*attempts, 3),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.to_string().contains("getLoggedInUser (GET /api/v1/user/)") && err.to_string().contains("after 3 attempts"), "{err}");
    Ok(())
}

#[tokio::test]
async fn https_to_a_plain_http_server_says_to_use_http() -> Result<()> {
    let fake = FakeQuay::start().await;
    let host_port = fake.url().trim_start_matches("http://").to_string();
    let c = Client::builder().registry(host_port).retry(RetryPolicy::none()).build()?;
    assert!(c.base_url().starts_with("https://"), "a bare host:port means https");
    let err = c.get_logged_in_user().call().await.expect_err("TLS to a plain HTTP server");
    let text = err.to_string();
    assert!(text.contains("plain HTTP") && text.contains("http://"), "{text}");
    // The same fake, addressed correctly, answers.
    client(&fake, &fake.superuser_token()).get_logged_in_user().call().await?;
    Ok(())
}

#[tokio::test]
async fn a_paged_stream_started_at_page_n_yields_each_page_once() -> Result<()> {
    let env = Env::new().await;
    let c = &env.admin;
    c.create_organization().body(json!({"name": "acme", "email": "a@example.com"})).call().await?;
    env.fake.push_tags("acme", "web", 7, "t");
    use futures::TryStreamExt;
    let typed: Vec<String> =
        c.list_repo_tags().namespace("acme").repository("web").limit(3).page(2).stream().map_ok(|t| t.name).try_collect().await?;
    assert_eq!(typed.len(), 4, "pages 2 and 3 of 3+3+1 tags, once each: {typed:?}");
    let dynamic: Vec<Value> =
        c.paginate("listRepoTags", json!({"namespace": "acme", "repository": "web", "limit": 3, "page": 2}))?.try_collect().await?;
    assert_eq!(dynamic.len(), 4, "{dynamic:?}");
    Ok(())
}

/// The guide (`cargo xtask demo`) run as against a real Quay: its own names must not collide
/// with an earlier run's, and the tag step works in a repository that already holds an image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guide_runs_twice_against_a_quay_it_did_not_start() {
    let fake = FakeQuay::start().await;
    fake.push_manifest("quayadmin", "demo-src", Some("latest"));
    let guide = std::env::current_exe().expect("test binary").parent().and_then(|d| d.parent()).expect("target dir").join("examples/guide");
    assert!(guide.exists(), "cargo test builds the examples: {}", guide.display());
    for suffix in [None, Some("second")] {
        let mut cmd = tokio::process::Command::new(&guide);
        cmd.env("QUAY_REGISTRY", fake.url()).env("QUAY_TOKEN", fake.superuser_token()).env("QUAY_DEMO_REPO", "quayadmin/demo-src");
        if let Some(s) = suffix {
            cmd.env("QUAY_DEMO_SUFFIX", s);
        }
        let out = cmd.output().await.expect("run the guide");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "guide failed ({suffix:?}):\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("in quayadmin/demo-src") && stdout.contains("done"), "{stdout}");
        assert!(!stdout.contains(&fake.superuser_token()));
    }
    // The tag it made in the borrowed repository was removed again.
    let c = client(&fake, &fake.superuser_token());
    let tags = c.list_repo_tags().namespace("quayadmin").repository("demo-src").only_active_tags(true).call().await.expect("tags");
    assert_eq!(tags.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["latest"]);
}
