//! The fake's own semantics that the replay does not cover: faults, control API, paging with
//! small page sizes, coverage, request counting, tag expiration, the clock, image pushes and the
//! blocking start.

use quay_fake::{FakeQuay, Fault, Features, PageSizes};
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
    let future = fake.now() + 3600;
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
async fn pushed_images_carry_their_config_labels_and_spare_immutable_tags() {
    let fake = FakeQuay::builder().features(Features::all()).start().await;
    let (c, base, t) = (client(), fake.url(), fake.superuser_token());
    let digest = fake.push_image("quayadmin", "app", &["v1", "stable"], &[("com.example.team", "web")]);
    let repo = format!("{base}/api/v1/repository/quayadmin/app");
    let (s, labels) = get(&c, &format!("{repo}/manifest/{digest}/labels"), &t).await;
    assert_eq!(s, 200);
    let labels = labels["labels"].as_array().expect("labels").clone();
    assert_eq!(labels.len(), 1);
    assert_eq!((labels[0]["key"].as_str(), labels[0]["value"].as_str()), (Some("com.example.team"), Some("web")));
    assert_eq!((labels[0]["source_type"].as_str(), labels[0]["media_type"].as_str()), (Some("manifest"), Some("text/plain")));
    let (_, tags) = get(&c, &format!("{repo}/tag/?onlyActiveTags=true"), &t).await;
    let names: Vec<&str> = tags["tags"].as_array().expect("tags").iter().filter_map(|x| x["name"].as_str()).collect();
    assert!(names.contains(&"v1") && names.contains(&"stable"), "{names:?}");

    // Quay's registry refuses a push over an immutable tag (409 TAG_IMMUTABLE); nothing moves.
    let (s, _) = send(&c, reqwest::Method::PUT, &format!("{repo}/tag/v1"), &t, json!({"immutable": true})).await;
    assert_eq!(s, 201);
    let refused = fake.try_push_image("quayadmin", "app", &["latest", "v1"], &[]);
    assert_eq!(refused, Err("quayadmin/app: tag 'v1' is immutable".to_string()));
    let (_, tags) = get(&c, &format!("{repo}/tag/?onlyActiveTags=true"), &t).await;
    assert_eq!(tags["tags"].as_array().expect("tags").len(), 2, "no tag was added or moved: {tags}");
    assert!(tags["tags"].as_array().expect("tags").iter().all(|x| x["manifest_digest"] == digest.as_str()));
    let r = c.post(format!("{base}/__fake/manifests")).json(&json!({"namespace": "quayadmin", "repository": "app", "tag": "v1"})).send().await.expect("send");
    assert_eq!(r.status(), 400, "the control API refuses it too");
}

/// `/v2/auth` without credentials: an anonymous pull of a public repository gets a token, a
/// login without a scope is refused (401, as Quay does); with credentials no scope is needed.
#[tokio::test]
async fn anonymous_registry_logins_need_a_scope() {
    let fake = FakeQuay::start().await;
    let (c, base) = (client(), fake.url());
    fake.push_image("quayadmin", "pub", &["v1"], &[]);
    let (s, _) = send(&c, reqwest::Method::POST, &format!("{base}/api/v1/repository/quayadmin/pub/changevisibility"), &fake.superuser_token(), json!({"visibility": "public"})).await;
    assert_eq!(s, 200);
    let auth = |query: &str| c.get(format!("{base}/v2/auth?service=quay{query}")).send();
    let refused = auth("").await.expect("send");
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.json::<Value>().await.expect("json")["errors"][0]["code"], "UNAUTHORIZED");
    assert_eq!(auth("&scope=").await.expect("send").status(), 401);
    let public = auth("&scope=repository:quayadmin/pub:pull").await.expect("send");
    assert_eq!(public.status(), 200);
    assert!(public.json::<Value>().await.expect("json")["token"].as_str().is_some_and(|t| !t.is_empty()));
    let login = c.get(format!("{base}/v2/auth?service=quay")).basic_auth("$oauthtoken", Some(fake.superuser_token())).send().await.expect("send");
    assert_eq!(login.status(), 200);
}

#[tokio::test]
async fn superuser_reads_a_user_and_builds_check_their_inputs() {
    let fake = FakeQuay::start().await;
    let (c, base, t) = (client(), fake.url(), fake.superuser_token());
    let alice = fake.create_user("alice", "alice@example.com");
    // getInstallUser: the superuser panel's view of one user; 404 for an unknown name.
    let (s, user) = get(&c, &format!("{base}/api/v1/superuser/users/alice"), &t).await;
    assert_eq!((s.as_u16(), user["username"].as_str(), user["email"].as_str()), (200, Some("alice"), Some("alice@example.com")));
    assert_eq!(get(&c, &format!("{base}/api/v1/superuser/users/nobody"), &t).await.0, 404);
    assert_eq!(get(&c, &format!("{base}/api/v1/superuser/users/alice"), &alice).await.0, 403);
    // With mailing on (the default), a user needs an e-mail address.
    let users = format!("{base}/api/v1/superuser/users/");
    let (s, body) = send(&c, reqwest::Method::POST, &users, &t, json!({"username": "bob"})).await;
    assert_eq!((s.as_u16(), body["message"].as_str()), (400, Some("Invalid email address: None")));
    assert_eq!(get(&c, &format!("{base}/api/v1/superuser/users/bob"), &t).await.0, 404, "nothing created");

    fake.push_manifest("alice", "app", Some("latest"));
    let builds = format!("{base}/api/v1/repository/alice/app/build/");
    let archive = "http://127.0.0.1:9/context.tar.gz";
    // No upload ever reaches the fake, so no file id is known.
    let (s, body) = send(&c, reqwest::Method::POST, &builds, &alice, json!({"file_id": "abc"})).await;
    assert_eq!((s.as_u16(), body["detail"].as_str()), (400, Some("File abc could not be found or is invalid")));
    // Pull robots: unknown 404; not a robot's name 403; another namespace's robot 403.
    let (s, _) = send(&c, reqwest::Method::POST, &builds, &alice, json!({"archive_url": archive, "pull_robot": "alice+nobody"})).await;
    assert_eq!(s, 404);
    let (s, _) = send(&c, reqwest::Method::POST, &builds, &alice, json!({"archive_url": archive, "pull_robot": "alice"})).await;
    assert_eq!(s, 403);
    let (s, _) = send(&c, reqwest::Method::PUT, &format!("{base}/api/v1/user/robots/puller"), &t, json!({})).await;
    assert_eq!(s, 201);
    let (s, _) = send(&c, reqwest::Method::POST, &builds, &alice, json!({"archive_url": archive, "pull_robot": "quayadmin+puller"})).await;
    assert_eq!(s, 403);
    let (s, _) = send(&c, reqwest::Method::PUT, &format!("{base}/api/v1/user/robots/puller"), &alice, json!({})).await;
    assert_eq!(s, 201);
    let (s, build) = send(&c, reqwest::Method::POST, &builds, &alice, json!({"archive_url": archive, "pull_robot": "alice+puller"})).await;
    assert_eq!(s, 201, "{build}");
    // The audit log shows the build as Quay's start_build logs it: no performer.
    let (_, logs) = get(&c, &format!("{base}/api/v1/repository/alice/app/logs"), &alice).await;
    let entry = logs["logs"].as_array().expect("logs").iter().find(|l| l["kind"] == "build_dockerfile").expect("a build_dockerfile entry").clone();
    assert_eq!(entry["metadata"]["build_id"], build["id"]);
    assert_eq!(entry["metadata"]["manual_user"], "alice");
    assert!(entry.get("performer").is_none(), "{entry}");
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

/// 2031-01-01T00:00:00Z.
const IN_2031: i64 = 1_924_992_000;

#[tokio::test]
async fn clock_drives_tag_expiry_and_the_log_window() {
    let fake = FakeQuay::builder().clock_at(IN_2031).start().await;
    let (c, base, t) = (client(), fake.url(), fake.superuser_token());
    assert_eq!(fake.now(), IN_2031, "a pinned clock stands still");
    fake.push_manifest("quayadmin", "app", Some("keep"));
    fake.push_manifest("quayadmin", "app", Some("brief"));
    let tags = format!("{base}/api/v1/repository/quayadmin/app/tag/");
    let tag = format!("{tags}brief");
    let (s, _) = send(&c, reqwest::Method::PUT, &tag, &t, json!({"expiration": IN_2031 + 3600})).await;
    assert_eq!(s, 201);
    // An expiration at or before the fake's "now" is refused, as Quay refuses a past one.
    let (s, _) = send(&c, reqwest::Method::PUT, &tag, &t, json!({"expiration": IN_2031})).await;
    assert_eq!(s, 400);
    let active = |v: &Value| -> Vec<String> {
        let mut n: Vec<String> = v["tags"].as_array().expect("tags").iter().map(|x| x["name"].as_str().expect("name").to_string()).collect();
        n.sort();
        n
    };
    let (_, now_active) = get(&c, &format!("{tags}?onlyActiveTags=true"), &t).await;
    assert_eq!(active(&now_active), ["brief", "keep"], "an expiry in the future is still active");

    assert_eq!(fake.advance(Duration::from_secs(7200)), IN_2031 + 7200);
    let (_, later) = get(&c, &format!("{tags}?onlyActiveTags=true"), &t).await;
    assert_eq!(active(&later), ["keep"], "the expired tag left the active listing");
    let (_, history) = get(&c, &format!("{tags}?specificTag=brief"), &t).await;
    assert_eq!(history["tags"][0]["end_ts"], json!(IN_2031 + 3600), "history shows when it ended");
    let (_, repo) = get(&c, &format!("{base}/api/v1/repository/quayadmin/app"), &t).await;
    assert!(repo["tags"].get("brief").is_none() && repo["tags"].get("keep").is_some());

    // Audit log entries carry the fake's time, and the default window is around it.
    let (_, logs) = get(&c, &format!("{base}/api/v1/superuser/logs"), &t).await;
    assert!(!logs["logs"].as_array().expect("logs").is_empty());
    assert_eq!(logs["logs"][0]["datetime"], json!(quay_fake::util::rfc2822(IN_2031)));
    assert_eq!(logs["end_time"], json!(quay_fake::util::rfc2822(IN_2031 + 7200 + 86_400)));
    let (_, window) = get(&c, &format!("{base}/api/v1/superuser/logs?starttime=12/31/2030&endtime=12/31/2030"), &t).await;
    assert_eq!(window["logs"], json!([]), "nothing was logged on the day before the clock's start");
}

#[tokio::test]
async fn clock_expires_service_keys_as_quay_does() {
    let fake = FakeQuay::builder().clock_at(IN_2031).start().await;
    let (c, base, t) = (client(), fake.url(), fake.superuser_token());
    let (s, key) = send(&c, reqwest::Method::POST, &format!("{base}/api/v1/superuser/keys"), &t, json!({"service": "quay", "name": "ci", "expiration": IN_2031 + 60})).await;
    assert_eq!(s, 200);
    let key_url = format!("{base}/api/v1/superuser/keys/{}", key["kid"].as_str().expect("kid"));
    fake.advance(Duration::from_secs(120));
    // Expired: still shown, with its expiration in the past; no longer extendable into the past.
    let (s, got) = get(&c, &key_url, &t).await;
    assert_eq!((s.as_u16(), got["expiration_date"].as_str()), (200, Some(quay_fake::util::http_date(IN_2031 + 60).as_str())));
    let (s, _) = send(&c, reqwest::Method::PUT, &key_url, &t, json!({"expiration": IN_2031 + 90})).await;
    assert_eq!(s, 400, "an expiration before the fake's now is in the past");
    // A week after expiring, Quay leaves it out of listings and lookups.
    fake.advance(Duration::from_secs(7 * 86_400));
    assert_eq!(get(&c, &key_url, &t).await.0, 404);
    let (_, keys) = get(&c, &format!("{base}/api/v1/superuser/keys"), &t).await;
    assert!(keys["keys"].as_array().expect("keys").iter().all(|k| k["kid"] != key["kid"]));
}

#[tokio::test]
async fn clock_over_the_control_api() {
    let fake = FakeQuay::start().await;
    let (c, base) = (client(), fake.url());
    let clock = format!("{base}/__fake/clock");
    let v: Value = c.get(&clock).send().await.expect("send").json().await.expect("json");
    assert_eq!(v["pinned"], false, "the default follows the system clock");
    let put = |body: Value| {
        let c = c.clone();
        let clock = clock.clone();
        async move {
            let r = c.put(&clock).json(&body).send().await.expect("send");
            (r.status().as_u16(), r.json::<Value>().await.expect("json"))
        }
    };
    assert_eq!(put(json!({"now": IN_2031})).await, (200, json!({"now": IN_2031, "pinned": true})));
    assert_eq!(put(json!({"advance": 90})).await, (200, json!({"now": IN_2031 + 90, "pinned": true})));
    assert_eq!(fake.now(), IN_2031 + 90);
    for bad in [json!({"advance": -1}), json!({"now": "soon"}), json!({}), json!({"now": 1, "advance": 1}), json!({"system": false})] {
        let (s, body) = put(bad.clone()).await;
        assert_eq!(s, 400, "{bad} is refused");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    assert_eq!(fake.now(), IN_2031 + 90, "refused changes change nothing");
    let (s, v) = put(json!({"system": true})).await;
    assert_eq!((s, v["pinned"].clone()), (200, json!(false)));
    // The clock survives a reset of the registry.
    fake.set_time(IN_2031);
    fake.reset();
    assert_eq!(fake.now(), IN_2031);
}

#[test]
fn the_binary_reports_a_taken_port_in_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quay-fake")).args(["--port", &port]).output().expect("run quay-fake");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")) && stderr.contains("--port 0"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_quay-fake")).args(["--port", "http"]).output().expect("run quay-fake");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("usage: quay-fake"));
}

#[test]
fn the_binary_prints_export_lines_and_how_to_stop_it() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quay-fake"))
        .args(["--port", "0", "--keep-alive", "0.5", "--clock-at", "1924992000", "--all-features"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run quay-fake");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let registry = lines.next().expect("a line").expect("text");
    let token = lines.next().expect("a line").expect("text");
    let mut hint = String::new();
    std::io::BufReader::new(child.stderr.take().expect("stderr")).read_line(&mut hint).expect("stderr line");
    let _ = child.kill();
    let _ = child.wait();
    assert!(registry.starts_with("export QUAY_REGISTRY=http://127.0.0.1:"), "{registry}");
    assert!(token.starts_with("export QUAY_TOKEN=") && token.len() > "export QUAY_TOKEN=".len() + 20, "{token}");
    assert!(hint.contains("Ctrl-C"), "{hint}");
}
