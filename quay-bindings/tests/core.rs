//! The foreign-language core against the fake Quay: the JSON boundary, stable codes, paging,
//! cancellation, close, and many threads sharing one client.

#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use quay_bindings::handle::{CallFailure, operations_json};
use quay_bindings::{CancelToken, ClientConfig, ClientHandle, ErrorEnvelope};
use quay_fake::{FakeQuay, Fault};
use serde_json::{Value, json};

fn handle(fake: &FakeQuay, token: Option<&str>) -> ClientHandle {
    let config = ClientConfig {
        registry: Some(fake.url()),
        token: token.map(str::to_string),
        retries: Some(0),
        ..ClientConfig::default()
    };
    ClientHandle::new(&config).expect("client")
}

fn call(h: &ClientHandle, op: &str, args: Value) -> Result<Value, ErrorEnvelope> {
    match h.call_blocking(op, args, None, || Ok::<(), ()>(())) {
        Ok(v) => Ok(v),
        Err(CallFailure::Error(e)) => Err(e),
        Err(CallFailure::Interrupted(())) => unreachable!("the check never interrupts"),
    }
}

#[test]
fn errors_carry_stable_codes_and_the_call() {
    let fake = FakeQuay::start_blocking();
    let admin = handle(&fake, Some(&fake.superuser_token()));
    call(&admin, "createOrganization", json!({"name": "acme", "email": "a@example.com"})).expect("created");
    let dup = call(&admin, "createOrganization", json!({"name": "acme", "email": "a@example.com"})).unwrap_err();
    assert_eq!((dup.code, dup.status, dup.operation), ("api.already_exists", Some(400), Some("createOrganization")));
    let missing = call(&admin, "getRepo", json!({"namespace": "acme", "repository": "nope"})).unwrap_err();
    assert_eq!((missing.code, missing.path.as_deref()), ("api.not_found", Some("/api/v1/repository/acme/nope")));
    // A write without a token meets Quay's CSRF check.
    let anonymous = handle(&fake, None);
    let csrf = call(&anonymous, "createOrganization", json!({"name": "other", "email": "o@example.com"})).unwrap_err();
    assert_eq!(csrf.code, "api.csrf", "{csrf}");
    // A token without the scope.
    let reader = fake.mint_token("quayadmin", &["repo:read"]);
    let scoped = call(&handle(&fake, Some(&reader)), "createOrganization", json!({"name": "third", "email": "t@example.com"})).unwrap_err();
    assert_eq!(scoped.code, "api.insufficient_scope", "{scoped}");
    // Read-only mode.
    fake.push_manifest("acme", "web", Some("v1"));
    call(&admin, "changeRepoState", json!({"namespace": "acme", "repository": "web", "state": "READ_ONLY"})).expect("state");
    let ro = call(&admin, "deleteFullTag", json!({"namespace": "acme", "repository": "web", "tag": "v1"})).unwrap_err();
    assert_eq!((ro.code, ro.status), ("api.read_only", Some(503)));
    let bad = call(&admin, "getRepo", json!({"namespace": "Bad Name", "repository": "x"})).unwrap_err();
    assert_eq!(bad.code, "invalid_input");
    let json: Value = serde_json::from_str(&ro.to_json()).expect("envelope JSON");
    assert_eq!(json["code"], "api.read_only");
    assert!(!ro.to_json().contains(&fake.superuser_token()));
    for e in [&dup, &missing, &csrf, &scoped, &ro, &bad] {
        assert!(quay_spec::errors::error_code(e.code).is_some(), "{} is a shared code", e.code);
    }
}

#[test]
fn pagers_yield_items_and_batches_page_by_page() {
    let fake = FakeQuay::start_blocking();
    let admin = handle(&fake, Some(&fake.superuser_token()));
    call(&admin, "createOrganization", json!({"name": "acme", "email": "a@example.com"})).expect("created");
    fake.push_tags("acme", "web", 7, "t");
    let pager = admin.paginate("listRepoTags", json!({"namespace": "acme", "repository": "web", "limit": 3})).expect("pager");
    let before = fake.request_count();
    let first = quay_bindings::runtime().block_on(pager.next_batch(2)).expect("batch");
    assert_eq!(first.len(), 2);
    assert_eq!(fake.request_count() - before, 1, "one page so far");
    let mut rest = 0;
    while let Some(item) = pager.next_blocking(None, || Ok::<(), ()>(())).map_err(|_| ()).expect("item") {
        assert!(item["name"].as_str().is_some_and(|n| n.starts_with('t')));
        rest += 1;
    }
    assert_eq!(first.len() + rest, 7);
    // A finished pager stays finished.
    assert!(pager.next_blocking(None, || Ok::<(), ()>(())).map_err(|_| ()).expect("no error").is_none());
    assert!(quay_bindings::runtime().block_on(pager.next_batch(3)).expect("batch").is_empty());
    let bad = admin.paginate("listRepoTags", json!({"namespace": "acme"})).unwrap_err();
    assert!(bad.message.contains("missing required argument `repository`"), "{bad}");
}

#[test]
fn a_call_in_flight_is_cancelled_from_another_thread() {
    let fake = FakeQuay::start_blocking();
    fake.inject_fault(Fault::delay(Duration::from_secs(30)).on_operation("getLoggedInUser"));
    let admin = Arc::new(handle(&fake, Some(&fake.superuser_token())));
    let token = CancelToken::new();
    let canceller = token.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        canceller.cancel();
    });
    let start = Instant::now();
    let r = admin.call_blocking("getLoggedInUser", json!({}), Some(&token), || Ok::<(), ()>(()));
    match r {
        Err(CallFailure::Error(e)) => assert_eq!(e.code, "cancelled"),
        other => panic!("expected cancellation, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    // A cancelled token cancels before sending.
    let before = fake.request_count();
    assert!(admin.call_blocking("getLoggedInUser", json!({}), Some(&token), || Ok::<(), ()>(())).is_err());
    assert_eq!(fake.request_count(), before);
}

#[test]
fn sixteen_threads_share_one_client_and_close_ends_it() {
    let fake = FakeQuay::start_blocking();
    let admin = Arc::new(handle(&fake, Some(&fake.superuser_token())));
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let h = admin.clone();
            std::thread::spawn(move || {
                let name = format!("org{i}");
                call(&h, "createOrganization", json!({"name": name, "email": format!("{name}@example.com")})).expect("create");
                call(&h, "getOrganization", json!({"orgname": name})).expect("get")["name"].clone()
            })
        })
        .collect();
    for (i, t) in threads.into_iter().enumerate() {
        assert_eq!(t.join().expect("thread"), json!(format!("org{i}")));
    }
    admin.close();
    assert!(admin.closed());
    assert_eq!(call(&admin, "getLoggedInUser", json!({})).unwrap_err().code, "closed");
}

#[test]
fn the_operation_table_describes_every_operation() {
    let table = operations_json();
    let ops = table.as_array().expect("array");
    assert_eq!(ops.len(), quay_sdk::ops::operations().len());
    let tags = ops.iter().find(|o| o["id"] == "listRepoTags").expect("listRepoTags");
    assert_eq!(tags["paging"]["style"], "page");
    assert!(tags["params"].as_array().expect("params").iter().any(|p| p["name"] == "onlyActiveTags" && p["in"] == "query"));
    let create = ops.iter().find(|o| o["id"] == "createRepo").expect("createRepo");
    assert!(create["body"]["required_fields"].as_array().expect("fields").contains(&json!("repository")));
}

/// Blocking calls after idle gaps longer than the server's keep-alive: the server has closed
/// the pooled connection each time; no call may fail (POSTs are never resent, so only a pool
/// that noticed the close keeps them working). Runs the thread's own runtime from the second
/// call on.
#[test]
fn blocking_calls_after_idle_gaps_never_meet_a_dead_connection() {
    let fake = quay_fake::FakeQuay::builder().keep_alive(Duration::from_millis(150)).start_blocking();
    let admin = handle(&fake, Some(&fake.superuser_token()));
    let mut failures = vec![];
    for i in 0..6 {
        std::thread::sleep(Duration::from_millis(300));
        if let Err(e) = call(&admin, "createOrganization", json!({"name": format!("org{i}"), "email": format!("o{i}@example.com")})) {
            failures.push(format!("POST {i}: {e}"));
        }
        std::thread::sleep(Duration::from_millis(300));
        if let Err(e) = call(&admin, "getLoggedInUser", json!({})) {
            failures.push(format!("GET {i}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
