//! The fake's own semantics that the replay does not cover: faults, control API, paging with
//! small page sizes, coverage, request counting, tag expiration and the blocking start.

use quay_fake::{FakeQuay, Fault, PageSizes};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

async fn get(c: &Client, url: &str, token: &str) -> (StatusCode, Value) {
    let r = c.get(url).bearer_auth(token).send().await.expect("send");
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn send(c: &Client, method: reqwest::Method, url: &str, token: &str, body: Value) -> (StatusCode, Value) {
    let r = c.request(method, url).bearer_auth(token).json(&body).send().await.expect("send");
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn faults_answer_n_times_then_normal() {
    let fake = FakeQuay::start().await;
    let (c, url, t) = (client(), format!("{}/api/v1/user/", fake.url()), fake.superuser_token());
    fake.inject_fault(Fault::status(503).on("GET", "/api/v1/user").times(2).header("Retry-After", "2").body("{not json"));
    for _ in 0..2 {
        let r = c.get(&url).bearer_auth(&t).send().await.expect("send");
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "2");
        assert_eq!(r.text().await.expect("text"), "{not json");
    }
    assert_eq!(get(&c, &url, &t).await.0, 200);
    // A delay-only fault selected by operationId slows the call, which then succeeds.
    fake.inject_fault(Fault::delay(Duration::from_millis(300)).on_operation("getLoggedInUser"));
    let start = Instant::now();
    assert_eq!(get(&c, &url, &t).await.0, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
    // A silent server: the client's timeout fires.
    fake.inject_fault(Fault::delay(Duration::from_secs(3600)).on("GET", "/api/v1/user"));
    let short = Client::builder().timeout(Duration::from_millis(200)).build().expect("client");
    assert!(short.get(&url).bearer_auth(&t).send().await.is_err());
}

#[tokio::test]
async fn control_api_over_http() {
    let fake = FakeQuay::start().await;
    let (c, base) = (client(), fake.url());
    let r: Value = c.post(format!("{base}/__fake/users")).json(&json!({"username": "zoe"})).send().await.expect("send").json().await.expect("json");
    let zoe = r["token"].as_str().expect("token").to_string();
    let (s, me) = get(&c, &format!("{base}/api/v1/user/"), &zoe).await;
    assert_eq!((s.as_u16(), me["username"].as_str()), (200, Some("zoe")));

    let r: Value = c.post(format!("{base}/__fake/tokens")).json(&json!({"username": "zoe", "scopes": ["repo:read"]})).send().await.expect("send").json().await.expect("json");
    let (s, body) = get(&c, &format!("{base}/api/v1/user/"), r["token"].as_str().expect("token")).await;
    assert_eq!(s, 401, "a token without user:read");
    assert_eq!(body["session_required"], false);

    let r: Value = c.post(format!("{base}/__fake/manifests")).json(&json!({"namespace": "zoe", "repository": "img", "tag": "v1"})).send().await.expect("send").json().await.expect("json");
    let digest = r["digest"].as_str().expect("digest").to_string();
    assert!(digest.starts_with("sha256:") && digest.len() == 71);
    let (_, tags) = get(&c, &format!("{base}/api/v1/repository/zoe/img/tag/"), &zoe).await;
    assert_eq!(tags["tags"][0]["manifest_digest"], json!(digest));

    let r = c.post(format!("{base}/__fake/faults")).json(&json!({"path_prefix": "/api/v1/repository", "status": 429, "headers": {"Retry-After": "1"}, "body": "slow down"})).send().await.expect("send");
    assert_eq!(r.status(), 200);
    let r = c.get(format!("{base}/api/v1/repository?namespace=zoe")).bearer_auth(&zoe).send().await.expect("send");
    assert_eq!((r.status().as_u16(), r.headers()["retry-after"].to_str().expect("header")), (429, "1"));

    let sizes: Value = c.put(format!("{base}/__fake/page-sizes")).json(&json!({"repos": 3})).send().await.expect("send").json().await.expect("json");
    assert_eq!(sizes["repos"], 3);
    let cov: Value = c.get(format!("{base}/__fake/coverage")).send().await.expect("send").json().await.expect("json");
    assert_eq!(cov["operations"], json!(["getLoggedInUser", "listRepoTags"]));
    let count: Value = c.get(format!("{base}/__fake/requests")).send().await.expect("send").json().await.expect("json");
    assert_eq!(count["count"], 4);
    let info: Value = c.get(format!("{base}/__fake/info")).send().await.expect("send").json().await.expect("json");
    assert_eq!(info["superuser_token"], json!(fake.superuser_token()));

    c.post(format!("{base}/__fake/reset")).send().await.expect("send");
    let (s, _) = get(&c, &format!("{base}/api/v1/user/"), &zoe).await;
    assert_eq!(s, 401, "reset forgets users and their tokens");
    let (s, _) = get(&c, &format!("{base}/api/v1/user/"), &fake.superuser_token()).await;
    assert_eq!(s, 200, "the superuser token survives a reset");
}

#[tokio::test]
async fn opaque_paging_with_small_pages() {
    let fake = FakeQuay::start().await;
    fake.set_page_sizes(PageSizes { repos: 2, logs: 3, ..PageSizes::default() });
    let (c, base, t) = (client(), fake.url(), fake.superuser_token());
    for i in 0..5 {
        let body = json!({"repository": format!("r{i}"), "visibility": "private", "description": ""});
        assert_eq!(send(&c, reqwest::Method::POST, &format!("{base}/api/v1/repository"), &t, body).await.0, 201);
    }
    let list = format!("{base}/api/v1/repository?namespace=quayadmin");
    let (mut names, mut url, mut tokens) = (vec![], list.clone(), vec![]);
    loop {
        let (_, page) = get(&c, &url, &t).await;
        names.extend(page["repositories"].as_array().expect("repos").iter().map(|r| r["name"].as_str().expect("name").to_string()));
        let Some(next) = page["next_page"].as_str() else { break };
        tokens.push(next.to_string());
        url = format!("{list}&next_page={}", next.replace('=', "%3D"));
    }
    assert_eq!(names, ["r0", "r1", "r2", "r3", "r4"]);
    assert_eq!(tokens.len(), 2);
    let (_, again) = get(&c, &list, &t).await;
    assert_ne!(again["next_page"].as_str(), Some(tokens[0].as_str()), "tokens differ on every call");
    let (_, restart) = get(&c, &format!("{list}&next_page=garbage"), &t).await;
    assert_eq!(restart["repositories"][0]["name"], "r0", "an invalid token restarts at page 1");

    // Logs page at 3; users page only with a limit, and not above the maximum.
    let (_, logs) = get(&c, &format!("{base}/api/v1/superuser/logs"), &t).await;
    assert_eq!(logs["logs"].as_array().expect("logs").len(), 3);
    assert!(logs["next_page"].is_string());
    fake.create_user("bob", "bob@example.com");
    let (_, users) = get(&c, &format!("{base}/api/v1/superuser/users/?limit=1"), &t).await;
    assert_eq!(users["users"].as_array().expect("users").len(), 1);
    assert!(users["next_page"].is_string());
    let (_, all) = get(&c, &format!("{base}/api/v1/superuser/users/"), &t).await;
    assert!(all.get("next_page").is_none());
    let (s, _) = get(&c, &format!("{base}/api/v1/superuser/users/?limit=101"), &t).await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn tag_pages_expiration_and_coverage() {
    let fake = FakeQuay::start().await;
    let (c, base, t) = (client(), fake.url(), fake.superuser_token());
    for i in 0..3 {
        fake.push_manifest("quayadmin", "app", Some(&format!("t{i}")));
    }
    let tags = format!("{base}/api/v1/repository/quayadmin/app/tag/");
    let (_, p2) = get(&c, &format!("{tags}?limit=2&page=2"), &t).await;
    assert_eq!((p2["tags"].as_array().expect("tags").len(), p2["has_additional"].as_bool()), (1, Some(false)));
    let (s, bad) = get(&c, &format!("{tags}?limit=abc"), &t).await;
    assert_eq!((s.as_u16(), bad["message"]["limit"].is_string()), (400, true));

    let tag = format!("{base}/api/v1/repository/quayadmin/app/tag/t0");
    let future = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() + 3600;
    assert_eq!(send(&c, reqwest::Method::PUT, &tag, &t, json!({"expiration": future})).await.0, 201);
    let (_, one) = get(&c, &format!("{tags}?specificTag=t0&onlyActiveTags=true"), &t).await;
    assert_eq!(one["tags"][0]["end_ts"], json!(future));
    // Absent `expiration` leaves it; null clears it (and end_ts/expiration disappear).
    assert_eq!(send(&c, reqwest::Method::PUT, &tag, &t, json!({})).await, (StatusCode::CREATED, json!("Updated")));
    let (_, one) = get(&c, &format!("{tags}?specificTag=t0"), &t).await;
    assert_eq!(one["tags"][0]["end_ts"], json!(future));
    assert_eq!(send(&c, reqwest::Method::PUT, &tag, &t, json!({"expiration": null})).await.0, 201);
    let (_, one) = get(&c, &format!("{tags}?specificTag=t0"), &t).await;
    assert!(one["tags"][0].get("end_ts").is_none() && one["tags"][0].get("expiration").is_none());

    let before = fake.request_count();
    assert_eq!(fake.request_count(), before, "nothing sent, nothing counted");
    let cov = fake.coverage();
    assert!(cov.contains("listRepoTags") && cov.contains("changeTag"));
    assert!(!cov.contains("deleteFullTag"));
}

#[tokio::test]
async fn auth_shapes() {
    let fake = FakeQuay::start().await;
    let (c, base) = (client(), fake.url());
    // Token-less writes hit the CSRF check: 403, JSON body, text/html.
    let r = c.post(format!("{base}/api/v1/organization/")).json(&json!({"name": "x1"})).send().await.expect("send");
    assert_eq!(r.status(), 403);
    assert!(r.headers()["content-type"].to_str().expect("ct").starts_with("text/html"));
    assert_eq!(r.json::<Value>().await.expect("json"), json!({"error": "CSRF token was invalid or missing."}));
    // Problem bodies carry the server's own base URL.
    let r = c.get(format!("{base}/api/v1/superuser/users/")).send().await.expect("send");
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.expect("json")["type"], json!(format!("{base}/api/v1/error/invalid_token")));
    // Unknown routes: GET gets the web app's 404 page, other methods 405; missing slash 308.
    assert_eq!(c.get(format!("{base}/api/v1/nosuch")).send().await.expect("send").status(), 404);
    assert_eq!(c.post(format!("{base}/api/v1/nosuch")).send().await.expect("send").status(), 405);
    let r = c.get(format!("{base}/api/v1/user")).send().await.expect("send");
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().expect("loc")), (308, format!("{base}/api/v1/user/").as_str()));
}

#[test]
fn blocking_start_for_sync_callers() {
    let fake = FakeQuay::start_blocking();
    let token = fake.create_user("sam", "sam@example.com");
    let limited = fake.mint_token("sam", &["repo:read"]);
    assert_ne!(token, limited);
    let digest = fake.push_manifest("sam", "tool", None);
    assert!(digest.starts_with("sha256:"));
    let url = fake.url();
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (s, body) = rt.block_on(get(&client(), &format!("{url}/api/v1/repository/sam/tool"), &token));
    assert_eq!((s.as_u16(), body["is_public"].as_bool()), (200, Some(false)));
    fake.reset();
    let (s, _) = rt.block_on(get(&client(), &format!("{url}/api/v1/repository/sam/tool"), &fake.superuser_token()));
    assert_eq!(s, 404);
}
