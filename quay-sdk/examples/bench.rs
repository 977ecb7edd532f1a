//! Benchmark (a program, not a timed test), run by `cargo xtask bench` in release mode against
//! the `quay-fake` binary on loopback. Prints, from one run:
//! - the SDK's per-call time over a bare reqwest call of the same request (same headers, same
//!   timeouts, decoded into the same type), so that only the SDK's own layer differs (target <= 1.1x);
//! - a `curl` process per call (as in the curl guide) over the SDK (target >= 20x);
//! - the peak RSS of a process streaming 100,000 tags through the paging stream (target < 50 MB).
//!
//! Usage: QUAY_REGISTRY=... QUAY_TOKEN=... bench       (all figures)
//!        QUAY_REGISTRY=... QUAY_TOKEN=... bench --stream-tags <ns> <repo>   (internal: one RSS probe)
//!        QUAY_REGISTRY=... QUAY_TOKEN=... bench --round <calls>   (internal: one round of the
//!        cross-language benchmark: `rust_typed_ns` and `rust_json_ns` per getRepo call of
//!        bench/web, after a warm-up, for `cargo xtask bench` to compare with C and Go)

use std::process::Command;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use quay_sdk::Client;

const CALLS: usize = 2_000;
const ROUNDS: usize = 7;
const CURL_CALLS: usize = 200;
const TAGS: usize = 100_000;

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn sdk_round(client: &Client) -> Duration {
    let start = Instant::now();
    for _ in 0..CALLS {
        let repo = client.get_repo().namespace("bench").repository("web").call().await.expect("sdk call");
        std::hint::black_box(repo);
    }
    start.elapsed() / CALLS as u32
}

async fn reqwest_round(http: &reqwest::Client, url: &str, auth: &str) -> Duration {
    let start = Instant::now();
    for _ in 0..CALLS {
        // The same request the SDK sends: its headers, on a client with its timeouts.
        let resp = http
            .get(url)
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .header("api-version", "v1")
            .send()
            .await
            .expect("reqwest call");
        assert!(resp.status().is_success());
        // Decoded into the same generated type as the SDK's, so only the SDK's layer differs.
        let v: quay_sdk::types::Repository = resp.json().await.expect("json");
        std::hint::black_box(v);
    }
    start.elapsed() / CALLS as u32
}

fn curl_per_call(url: &str, auth: &str) -> Duration {
    let start = Instant::now();
    for _ in 0..CURL_CALLS {
        let out = Command::new("curl").args(["-sS", "-f", "-H", &format!("Authorization: {auth}"), url]).output().expect("curl runs");
        assert!(out.status.success(), "curl failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    start.elapsed() / CURL_CALLS as u32
}

async fn control(http: &reqwest::Client, base: &str, path: &str, body: serde_json::Value) {
    let resp = http.post(format!("{base}/__fake/{path}")).json(&body).send().await.expect("control call");
    assert!(resp.status().is_success(), "control {path}: {}", resp.status());
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--stream-tags") {
        let client = Client::from_env().expect("client");
        let before = peak_rss_kib();
        let mut stream = client.list_repo_tags().namespace(args[2].as_str()).repository(args[3].as_str()).limit(100).stream();
        let mut n = 0usize;
        while let Some(tag) = stream.try_next().await.expect("tag stream") {
            std::hint::black_box(&tag);
            n += 1;
        }
        println!("{n} {before} {}", peak_rss_kib());
        return;
    }
    if args.get(1).map(String::as_str) == Some("--round") {
        let calls: u32 = args.get(2).and_then(|n| n.parse().ok()).expect("--round <calls>");
        let client = Client::from_env().expect("client");
        // bench/web, unless an earlier round or the main benchmark made it.
        let org = serde_json::json!({"name": "bench", "email": "bench@example.com"});
        let repo = serde_json::json!({"namespace": "bench", "repository": "web", "visibility": "private", "description": "bench"});
        for (op, body) in [("createOrganization", org), ("createRepo", repo)] {
            match client.call(op, serde_json::json!({"body": body})).await {
                Err(e) if !e.is_already_exists() => panic!("{op}: {e}"),
                _ => {}
            }
        }
        let args = serde_json::json!({"namespace": "bench", "repository": "web"});
        for _ in 0..calls / 10 {
            client.call("getRepo", args.clone()).await.expect("warm-up");
        }
        let start = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(client.get_repo().namespace("bench").repository("web").call().await.expect("typed call"));
        }
        println!("rust_typed_ns {}", start.elapsed().as_nanos() / u128::from(calls));
        let start = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(client.call("getRepo", args.clone()).await.expect("JSON call"));
        }
        println!("rust_json_ns {}", start.elapsed().as_nanos() / u128::from(calls));
        return;
    }
    let base = std::env::var("QUAY_REGISTRY").expect("QUAY_REGISTRY");
    let token = std::env::var("QUAY_TOKEN").expect("QUAY_TOKEN");
    let client = Client::from_env().expect("client");
    let http = reqwest::Client::builder()
        .connect_timeout(quay_sdk::DEFAULT_CONNECT_TIMEOUT)
        .timeout(quay_sdk::DEFAULT_TIMEOUT)
        .user_agent(concat!("quay-sdk/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("reqwest client");
    client.create_organization().body(serde_json::json!({"name": "bench", "email": "bench@example.com"})).call().await.expect("org");
    client
        .create_repo()
        .body(serde_json::json!({"namespace": "bench", "repository": "web", "visibility": "private", "description": "bench"}))
        .call()
        .await
        .expect("repo");
    let url = format!("{base}/api/v1/repository/bench/web");
    let auth = format!("Bearer {token}");

    // Warm up both paths, then alternate rounds so drift hits both alike.
    sdk_round(&client).await;
    reqwest_round(&http, &url, &auth).await;
    let (mut sdk, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        sdk.push(sdk_round(&client).await);
        bare.push(reqwest_round(&http, &url, &auth).await);
    }
    let (sdk, bare) = (median(sdk), median(bare));
    let curl = curl_per_call(&url, &auth);

    // 100,000 tags, then a separate process streams them so that its peak RSS is its own.
    client.create_repo()
        .body(serde_json::json!({"namespace": "bench", "repository": "many", "visibility": "private", "description": ""}))
        .call()
        .await
        .expect("repo");
    control(&http, &base, "bulk-tags", serde_json::json!({"namespace": "bench", "repository": "many", "count": TAGS})).await;
    let probe = Command::new(std::env::current_exe().unwrap())
        .args(["--stream-tags", "bench", "many"])
        .output()
        .expect("stream probe");
    let text = String::from_utf8_lossy(&probe.stdout);
    let fields: Vec<u64> = text.split_whitespace().filter_map(|s| s.parse().ok()).collect();
    assert!(probe.status.success() && fields.len() == 3, "stream probe failed: {text} {}", String::from_utf8_lossy(&probe.stderr));
    assert_eq!(fields[0] as usize, TAGS, "the stream must yield every tag");

    println!("quay-sdk benchmark ({CALLS} sequential getRepo calls x {ROUNDS} rounds, medians; {CURL_CALLS} curl runs)");
    println!("  SDK per call:          {:>9.1} us", sdk.as_secs_f64() * 1e6);
    println!("  bare reqwest per call: {:>9.1} us", bare.as_secs_f64() * 1e6);
    println!("  curl process per call: {:>9.1} us", curl.as_secs_f64() * 1e6);
    println!("  SDK / bare reqwest:    {:>9.2}x  (target <= 1.10x)", sdk.as_secs_f64() / bare.as_secs_f64());
    println!("  curl / SDK:            {:>9.1}x  (target >= 20x)", curl.as_secs_f64() / sdk.as_secs_f64());
    println!(
        "  peak RSS streaming {TAGS} tags: {:.1} MB (before the stream: {:.1} MB; target < 50 MB)",
        fields[2] as f64 / 1024.0,
        fields[1] as f64 / 1024.0
    );
}
