//! Conformance replay of the build-trigger exchanges of the second capture
//! (tests/data/quay-exchanges-2-repos.jsonl, the `trigger/*` exchanges and the builds they
//! show up in): replayed in order against a fake set up as the recorded Quay was, each must
//! give the recorded status and content type, error bodies must be identical (but for the
//! line breaks of Python's pprint in schema errors, which the fake does not reproduce) and
//! success bodies of the same shape.
//!
//! The recorded Quay's triggers were set up through its web UI (not recorded); the replay sets
//! them up with the fake's hook at the same points. Generated ids (trigger and build uuids) are
//! captured from the fake's answers and substituted where the recording used the real Quay's.

mod replay_common;

use quay_fake::FakeQuay;
use replay_common::shape_diff_with;
use reqwest::{Client, Method};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The recorded trigger uuids, in the order the recorded Quay's web UI set them up, with the
/// exchange before which each was set up.
const SET_UP: [(&str, &str); 2] = [
    ("trigger/list-custom-inactive", "b559cfd7-06e2-4edc-917a-b3a6bd5f2726"),
    ("trigger/empty-activate", "71fb6426-a3fc-496f-bb90-fbb8daa92f7c"),
];

/// The build exchanges that show triggers.
const BUILD_EXCHANGES: [&str; 3] = ["build/list-with-trigger", "build/get-trigger-build", "build/get-after-trigger-delete"];

fn exchanges() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/quay-exchanges-2-repos.jsonl");
    let text = std::fs::read_to_string(path).expect("tests/data/quay-exchanges-2-repos.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Value>(l).expect("exchange JSON"))
        .filter(|ex| {
            let id = ex["id"].as_str().unwrap_or_default();
            (id.starts_with("trigger/") || BUILD_EXCHANGES.contains(&id)) && id != "trigger/list-user-namespace"
        })
        .collect()
}

/// Recorded→actual pairs of the `id`s found at the same place.
fn capture(expected: &Value, got: &Value, ids: &mut HashMap<String, String>) {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            if let (Some(Value::String(e)), Some(Value::String(g))) = (e.get("id"), g.get("id")) {
                ids.entry(e.clone()).or_insert_with(|| g.clone());
            }
            for (k, ev) in e {
                if let Some(gv) = g.get(k) {
                    capture(ev, gv, ids);
                }
            }
        }
        (Value::Array(e), Value::Array(g)) => e.iter().zip(g).for_each(|(ev, gv)| capture(ev, gv, ids)),
        _ => {}
    }
}

fn subst(s: &str, base: &str, ids: &HashMap<String, String>) -> String {
    ids.iter().fold(s.replace("{base}", base), |out, (from, to)| out.replace(from.as_str(), to))
}

async fn call(c: &Client, base: &str, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> (u16, String, Value) {
    let mut rb = c.request(Method::from_bytes(method.as_bytes()).expect("method"), format!("{base}{path}"));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(b) = body {
        rb = rb.json(b);
    }
    let r = rb.send().await.expect("send");
    let status = r.status().as_u16();
    let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let bytes = r.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({"raw": String::from_utf8_lossy(&bytes)}))
    };
    (status, ct, body)
}

/// A JSON text with pprint's line breaks undone: string literals it split across lines joined
/// again, and every run of whitespace one space.
fn unwrapped(v: &Value) -> String {
    let text = v.to_string().replace("\\n", "\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find('\'') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let gap = after.len() - after.trim_start().len();
        if after[..gap].contains('\n') && after[gap..].starts_with('\'') {
            rest = &after[gap + 1..];
        } else {
            out.push('\'');
            rest = after;
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn mime(ct: &str) -> String {
    ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

#[tokio::test]
async fn trigger_exchanges_replay() {
    let fake = FakeQuay::start().await;
    let (c, base, admin) = (Client::new(), fake.url(), fake.superuser_token());
    // The recorded Quay's setting: recaorg/recarepo (private), recauser1 reading it, and an
    // earlier build of the repository.
    let user = fake.create_user("recauser1", "recauser1@example.com");
    let setup: [(&str, &str, Value); 4] = [
        ("POST", "/api/v1/organization/", json!({"name": "recaorg", "email": "recaorg@example.com"})),
        ("POST", "/api/v1/repository", json!({"namespace": "recaorg", "repository": "recarepo", "visibility": "private", "description": ""})),
        ("PUT", "/api/v1/repository/recaorg/recarepo/permissions/user/recauser1", json!({"role": "read"})),
        ("POST", "/api/v1/repository/recaorg/recarepo/build/", json!({"archive_url": "http://127.0.0.1:9/ctx3.tar.gz", "dockerfile_path": "app/Dockerfile"})),
    ];
    for (method, path, body) in &setup {
        let (status, _, got) = call(&c, &base, method, path, Some(&admin), Some(body)).await;
        assert!((200..300).contains(&status), "set-up {method} {path}: {status} {got}");
    }

    let mut ids: HashMap<String, String> = HashMap::new();
    let mut failures = vec![];
    let all = exchanges();
    assert!(all.len() > 50, "only {} trigger exchanges", all.len());
    for ex in &all {
        let id = ex["id"].as_str().unwrap_or_default();
        if let Some((_, recorded)) = SET_UP.iter().find(|(before, _)| *before == id) {
            let uuid = fake.create_build_trigger("recaorg", "recarepo", "custom-git", "quayadmin");
            ids.insert(recorded.to_string(), uuid);
        }
        let path = subst(ex["path"].as_str().unwrap_or_default(), &base, &ids);
        let query: Vec<String> = ex["query"].as_object().into_iter().flatten().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect();
        let path = if query.is_empty() { path } else { format!("{path}?{}", query.join("&")) };
        let token = match ex["auth"].as_str() {
            Some("superuser") => Some(admin.as_str()),
            Some("user") => Some(user.as_str()),
            _ => None,
        };
        let body = Some(&ex["request_body"]).filter(|b| !b.is_null());
        let (status, ct, got) = call(&c, &base, ex["method"].as_str().unwrap_or_default(), &path, token, body).await;
        let expected_status = ex["status"].as_u64().unwrap_or_default() as u16;
        let expected_ct = mime(ex["content_type"].as_str().unwrap_or_default());
        let expected: Value = serde_json::from_str(&subst(&ex["response_body"].to_string(), &base, &ids)).expect("json");
        if status != expected_status {
            failures.push(format!("{id}: status {status}, recorded {expected_status}: {got}"));
            continue;
        }
        if !got.is_null() && mime(&ct) != expected_ct {
            failures.push(format!("{id}: content type {ct}, recorded {expected_ct}"));
        }
        if (200..300).contains(&status) {
            let mut diff = vec![];
            shape_diff_with(&expected, &got, "$", &mut diff, true);
            if !diff.is_empty() {
                failures.push(format!("{id}: {}", diff.join("; ")));
            }
            capture(&expected, &got, &mut ids);
        } else if unwrapped(&expected) != unwrapped(&got) {
            failures.push(format!("{id}: body {got}, recorded {expected}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} exchanges differ:\n{}", failures.len(), all.len(), failures.join("\n"));
}
