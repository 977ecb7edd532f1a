//! Conformance replay: every recorded exchange with a real Quay, replayed in order against a
//! fresh fake, must give the same status and the same body shape.
//!
//! Generated values (ids, tokens, digests, page tokens) are captured from the fake's answers and
//! substituted where the recording used the real Quay's values. Images the recording pushed
//! through /v2 and repositories it created outside the recorded calls are seeded from what the
//! recorded listings show, at the point where they first appear.
//!
//! The fake's clock is pinned to the recording's own time (read from the recorded audit log) and
//! moves one second per exchange, so the recorded log windows hold whatever today's date is. The
//! replay runs twice: with the fake booted at the recording's time, as the recorded Quay was, and
//! with it booted in 2031 and moved back; both must match every exchange. (`cargo xtask test`
//! also runs them with the process's wall clock moved to other dates.)

use quay_fake::{FakeQuay, Features};
use reqwest::{Client, Method, redirect::Policy};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};

/// Exchanges whose mismatch is accepted, with the reason. Kept as short as possible.
const ACCEPTED: &[(&str, &str)] = &[];

const ALL_SCOPES: [&str; 8] =
    ["repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "user:admin", "org:admin", "super:user"];

struct Exchange {
    id: String,
    op: String,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    auth: String,
    request_body: Value,
    status: u16,
    content_type: Option<String>,
    response_body: Value,
    note: String,
}

fn load() -> Vec<Exchange> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/quay-exchanges.jsonl");
    let text = std::fs::read_to_string(path).expect("tests/data/quay-exchanges.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("exchange JSON");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Exchange {
                id: s("id"),
                op: s("operationId"),
                method: s("method"),
                path: s("path"),
                query: v["query"]
                    .as_object()
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
                    .unwrap_or_default(),
                auth: s("auth"),
                request_body: v["request_body"].clone(),
                status: v["status"].as_u64().unwrap_or(0) as u16,
                content_type: v["content_type"].as_str().map(str::to_string),
                response_body: v["response_body"].clone(),
                note: s("note"),
            }
        })
        .collect()
}

/// The JSON-ness and shape of a value, for comparison.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Compares shapes: same keys and value types for objects (recursively); arrays by element shape
/// (empty matches only empty; otherwise every element must match some recorded element).
fn shape_diff(expected: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            for k in e.keys().filter(|k| !g.contains_key(*k)) {
                out.push(format!("{path}.{k}: missing"));
            }
            for k in g.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{path}.{k}: unexpected"));
            }
            for (k, ev) in e {
                if let Some(gv) = g.get(k) {
                    shape_diff(ev, gv, &format!("{path}.{k}"), out);
                }
            }
        }
        (Value::Array(e), Value::Array(g)) => {
            if e.is_empty() != g.is_empty() {
                out.push(format!("{path}: array emptiness differs (expected {} items, got {})", e.len(), g.len()));
                return;
            }
            for (i, gv) in g.iter().enumerate() {
                let mut best: Option<Vec<String>> = None;
                for ev in e {
                    let mut d = vec![];
                    shape_diff(ev, gv, &format!("{path}[{i}]"), &mut d);
                    if best.as_ref().is_none_or(|b| d.len() < b.len()) {
                        best = Some(d);
                    }
                    if best.as_ref().is_some_and(|b| b.is_empty()) {
                        break;
                    }
                }
                out.extend(best.unwrap_or_default());
            }
        }
        (e, g) if kind(e) != kind(g) => out.push(format!("{path}: expected {}, got {}", kind(e), kind(g))),
        _ => {}
    }
}

/// Body as the recorder stored it: parsed JSON, `{"raw": text}`, or null when empty.
fn parse_body(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes).unwrap_or_else(|_| json!({"raw": String::from_utf8_lossy(bytes)}))
}

fn is_raw(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 1 && m.contains_key("raw") && m["raw"].is_string())
}

fn mime(ct: Option<&str>) -> String {
    ct.unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Records recorded→actual pairs for generated values found at the same place in both bodies.
fn capture(expected: &Value, got: &Value, key: &str, map: &mut HashMap<String, String>) {
    const ID_KEYS: [&str; 7] = ["id", "kid", "client_id", "manifest_digest", "next_page", "token", "client_secret"];
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (k, ev) in e {
                if let Some(gv) = g.get(k) {
                    capture(ev, gv, k, map);
                }
            }
        }
        (Value::Array(e), Value::Array(g)) => {
            for (ev, gv) in e.iter().zip(g) {
                capture(ev, gv, key, map);
            }
        }
        (Value::String(e), Value::String(g)) if ID_KEYS.contains(&key) && e != g && e.len() >= 8 => {
            map.entry(e.clone()).or_insert_with(|| g.clone());
        }
        _ => {}
    }
}

struct Replayer {
    fake: FakeQuay,
    client: Client,
    base: String,
    host: String,
    map: HashMap<String, String>,
    limited_token: Option<String>,
    alice_token: Option<String>,
    alice_password: Option<String>,
    robot_tokens: HashMap<String, String>,
    repos: HashSet<(String, String)>,
    /// A repository state set to reproduce a recorded 503, to undo afterwards: (path, state).
    restore_state: Option<(String, String)>,
}

/// Tag mutations that the recorded audit log shows but no recorded exchange made, placed after
/// the recorded exchange whose log entry precedes them: exchange index -> (method, path, body,
/// seconds between the log entry and a requested expiration).
type ExtraCalls = HashMap<usize, Vec<(String, String, Value)>>;

fn log_time(s: &str) -> i64 {
    // "Mon, 23 Nov 2026 15:31:36 -0000"
    let p: Vec<&str> = s.split_whitespace().collect();
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = months.iter().position(|x| *x == p[2]).unwrap_or(0) as u32 + 1;
    let days = quay_fake::util::days_from_civil(p[3].parse().unwrap_or(1970), m, p[1].parse().unwrap_or(1));
    let t: Vec<i64> = p[4].split(':').map(|x| x.parse().unwrap_or(0)).collect();
    days * 86_400 + t[0] * 3600 + t[1] * 60 + t[2]
}

fn tag_of(e: &Exchange) -> Option<String> {
    matches!(e.op.as_str(), "changeTag" | "deleteFullTag" | "restoreTag").then(|| e.path.split('/').nth(7).unwrap_or("").to_string())
}

fn unrecorded_tag_calls(exchanges: &[Exchange]) -> ExtraCalls {
    let mut entries: Vec<Value> = vec![];
    for e in exchanges.iter().filter(|e| e.op == "listAllLogs" && e.status == 200) {
        for l in e.response_body["logs"].as_array().into_iter().flatten().rev() {
            if !entries.contains(l) {
                entries.push(l.clone());
            }
        }
    }
    entries.sort_by_key(|l| log_time(l["datetime"].as_str().unwrap_or("")));
    let recorded: HashSet<String> = exchanges.iter().filter_map(tag_of).collect();
    let kinds = ["create_tag", "move_tag", "change_tag_expiration", "delete_tag", "revert_tag"];
    let mut out: ExtraCalls = HashMap::new();
    let mut anchor: Option<usize> = None;
    for l in entries.iter().filter(|l| kinds.contains(&l["kind"].as_str().unwrap_or(""))) {
        let m = &l["metadata"];
        let tag = m["tag"].as_str().unwrap_or("").to_string();
        if recorded.contains(&tag) {
            let ok = |e: &Exchange| (200..300).contains(&e.status) && tag_of(e).as_deref() == Some(tag.as_str());
            anchor = exchanges.iter().rposition(ok).or(anchor);
            continue;
        }
        let (Some(a), Some(ns), Some(repo)) = (anchor, m["namespace"].as_str(), m["repo"].as_str()) else { continue };
        // As late as possible: just before the next recorded call that changed something.
        let mutation = |e: &Exchange| e.method != "GET" && (200..300).contains(&e.status);
        let at = exchanges.iter().skip(a + 1).position(mutation).map(|k| a + k).unwrap_or(a);
        let path = format!("/api/v1/repository/{ns}/{repo}/tag/{tag}");
        let when = log_time(l["datetime"].as_str().unwrap_or(""));
        let call = match l["kind"].as_str().unwrap_or("") {
            "create_tag" | "move_tag" => ("PUT", path, json!({"manifest_digest": m["manifest_digest"]})),
            "change_tag_expiration" => {
                let exp = m["expiration_date"].as_i64().map(|x| json!({"in": x - when})).unwrap_or(Value::Null);
                ("PUT", path, json!({"expiration": exp}))
            }
            "delete_tag" => ("DELETE", path, Value::Null),
            _ => continue,
        };
        out.entry(at).or_default().push((call.0.to_string(), call.1, call.2));
    }
    out
}

impl Replayer {
    /// A call as the superuser; returns status and parsed body.
    async fn superuser_call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let h = vec![("authorization".to_string(), format!("Bearer {}", self.fake.superuser_token()))];
        let body = body.map(|b| ("application/json", serde_json::to_vec(&b).expect("json")));
        let (status, _, bytes, _) = self.raw(method, path, &h, body).await;
        (status, parse_body(&bytes))
    }

    /// Replays the unrecorded tag mutations placed after exchange `i`.
    async fn extra_calls(&self, calls: &[(String, String, Value)]) {
        let now = self.fake.now();
        for (method, path, body) in calls {
            let mut body = self.subst_json(body);
            if let Some(d) = body.get("expiration").and_then(|e| e.get("in")).and_then(Value::as_i64) {
                body["expiration"] = json!(now + d);
            }
            let method = Method::from_bytes(method.as_bytes()).expect("method");
            let (status, got) = self.superuser_call(method, path, (!body.is_null()).then_some(body)).await;
            assert!((200..300).contains(&status), "unrecorded call {path}: {status} {got}");
        }
    }

    /// Puts a repository into the state a recorded 503 ("read only or mirror mode: N") shows.
    async fn seed_state(&mut self, e: &Exchange) {
        let Some(n) = e.response_body["message"].as_str().and_then(|m| m.strip_prefix("Repository is in read only or mirror mode: ")) else { return };
        let want = ["NORMAL", "READ_ONLY", "MIRROR"].get(n.parse::<usize>().unwrap_or(0)).copied().unwrap_or("NORMAL");
        let repo_path = e.path.split('/').take(6).collect::<Vec<_>>().join("/");
        let (_, repo) = self.superuser_call(Method::GET, &format!("{repo_path}?includeTags=false"), None).await;
        let have = repo["state"].as_str().unwrap_or("NORMAL").to_string();
        if have != want {
            self.superuser_call(Method::PUT, &format!("{repo_path}/changestate"), Some(json!({"state": want}))).await;
            self.restore_state = Some((repo_path, have));
        }
    }

    /// Undoes a state seeded for recorded 503s once the next exchange no longer needs it.
    async fn unseed_state(&mut self, next: Option<&Exchange>) {
        let Some((path, state)) = self.restore_state.clone() else { return };
        if next.is_some_and(|n| n.status == 503 && n.path.starts_with(&path)) {
            return;
        }
        self.superuser_call(Method::PUT, &format!("{path}/changestate"), Some(json!({"state": state}))).await;
        self.restore_state = None;
    }

    fn subst(&self, s: &str) -> String {
        let mut out = s.replace("{base}", &self.base).replace("quay.example.com", &self.host);
        for (from, to) in &self.map {
            if out.contains(from.as_str()) {
                out = out.replace(from.as_str(), to);
            }
        }
        out
    }

    fn subst_json(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.subst(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.subst_json(x)).collect()),
            Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), self.subst_json(x))).collect::<Map<_, _>>()),
            other => other.clone(),
        }
    }

    fn auth_header(&mut self, e: &Exchange) -> Option<String> {
        match e.auth.as_str() {
            "superuser" if limited(e) => {
                let t = self.limited_token.get_or_insert_with(|| self.fake.mint_token("quayadmin", &["repo:read"]));
                Some(format!("Bearer {t}"))
            }
            "superuser" => Some(format!("Bearer {}", self.fake.superuser_token())),
            "user" => {
                let t = self.alice_token.get_or_insert_with(|| self.fake.mint_token("alice", &ALL_SCOPES));
                Some(format!("Bearer {t}"))
            }
            "badtoken" => Some("Bearer not-a-valid-token-0000000000".into()),
            "robot" => {
                let (name, token) = self.robot_tokens.iter().next().map(|(n, t)| (n.clone(), t.clone())).unwrap_or_default();
                let raw = format!("{name}:{token}");
                Some(format!("Basic {}", quay_fake::util::base64(raw.as_bytes())))
            }
            _ => None,
        }
    }

    async fn raw(&self, method: Method, path: &str, headers: &[(String, String)], body: Option<(&str, Vec<u8>)>) -> (u16, Option<String>, Vec<u8>, reqwest::header::HeaderMap) {
        let mut rb = self.client.request(method, format!("{}{path}", self.base));
        for (k, v) in headers {
            rb = rb.header(k, v);
        }
        if let Some((ct, b)) = body {
            rb = rb.header("content-type", ct).body(b);
        }
        let resp = rb.send().await.expect("request");
        let status = resp.status().as_u16();
        let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        let headers = resp.headers().clone();
        (status, ct, resp.bytes().await.expect("body").to_vec(), headers)
    }

    /// A session cookie with its CSRF token; signed in as alice when `alice`.
    async fn session(&self, alice: bool) -> (String, String) {
        let (_, _, body, headers) = self.raw(Method::GET, "/csrf_token", &[], None).await;
        let cookie = headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_string();
        let token = parse_body(&body)["csrf_token"].as_str().expect("csrf token").to_string();
        if alice {
            let password = self.alice_password.clone().expect("alice's password");
            let body = serde_json::to_vec(&json!({"username": "alice", "password": password})).expect("json");
            let h = vec![("cookie".to_string(), cookie.clone()), ("x-csrf-token".to_string(), token.clone())];
            let (status, ..) = self.raw(Method::POST, "/api/v1/signin", &h, Some(("application/json", body))).await;
            assert_eq!(status, 200, "signin as alice");
        }
        (cookie, token)
    }

    /// Creates, before a listing, the repositories the recorded listing shows but nothing created.
    async fn seed_repos(&mut self, exchanges: &[Exchange], i: usize) {
        // The listing itself and the pages that continue it with its recorded next_page token.
        let mut chain = vec![&exchanges[i]];
        while let Some(next) = exchanges.get(i + chain.len()) {
            let token = chain.last().and_then(|e| e.response_body["next_page"].as_str());
            if token.is_some() && next.op == "listRepos" && next.query.iter().any(|(k, v)| k == "next_page" && Some(v.as_str()) == token) {
                chain.push(next);
            } else {
                break;
            }
        }
        let mut wanted: Vec<((String, String), Value)> = vec![];
        for e in chain {
            for r in e.response_body["repositories"].as_array().into_iter().flatten() {
                let key = (r["namespace"].as_str().unwrap_or_default().to_string(), r["name"].as_str().unwrap_or_default().to_string());
                if !self.repos.contains(&key) && !wanted.iter().any(|(k, _)| *k == key) {
                    wanted.push((key, r.clone()));
                }
            }
        }
        for ((ns, name), r) in wanted {
            let body = json!({
                "namespace": ns, "repository": name,
                "visibility": if r["is_public"].as_bool().unwrap_or(false) { "public" } else { "private" },
                "description": r["description"].as_str().unwrap_or(""),
            });
            let h = vec![("authorization".to_string(), format!("Bearer {}", self.fake.superuser_token()))];
            let (status, ..) = self.raw(Method::POST, "/api/v1/repository", &h, Some(("application/json", serde_json::to_vec(&body).expect("json")))).await;
            assert_eq!(status, 201, "seeding repository {ns}/{name}");
            self.repos.insert((ns, name));
        }
    }

    /// Pushes, before a tag listing, the images the recording pushed through /v2.
    fn seed_tags(&mut self, e: &Exchange) {
        let segs: Vec<&str> = e.path.split('/').collect();
        let (ns, repo) = (segs[4], segs[5]);
        let mut rows: Vec<&Value> = e.response_body["tags"].as_array().into_iter().flatten().collect();
        rows.sort_by_key(|t| t["start_ts"].as_i64().unwrap_or(0));
        for t in rows {
            let digest = t["manifest_digest"].as_str().unwrap_or_default().to_string();
            if !self.map.contains_key(&digest) {
                let got = self.fake.push_manifest(ns, repo, t["name"].as_str());
                self.map.insert(digest, got);
            }
        }
    }

    async fn replay(&mut self, exchanges: &[Exchange], i: usize) -> Result<(), String> {
        let e = &exchanges[i];
        if e.op == "listRepos" && e.status == 200 {
            self.seed_repos(exchanges, i).await;
        }
        if e.op == "listRepoTags" && e.status == 200 {
            self.seed_tags(e);
        }
        if e.status == 503 {
            self.seed_state(e).await;
        }
        let mut headers = vec![];
        if let Some(a) = self.auth_header(e) {
            headers.push(("authorization".to_string(), a));
        }
        if e.id.starts_with("csrf/") {
            let alice = e.note.contains("SESSION COOKIE") || e.note.contains("alice session");
            let with_header = !e.note.contains("NO X-CSRF-Token");
            let (cookie, token) = self.session(alice).await;
            headers.push(("cookie".to_string(), cookie));
            if with_header {
                headers.push(("x-csrf-token".to_string(), token));
            }
        }
        let path = self.subst(&e.path);
        let query: Vec<(String, String)> = e.query.iter().map(|(k, v)| (k.clone(), self.subst(v))).collect();
        let qs = if query.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
            format!("?{}", pairs.join("&"))
        };
        let body = match &e.request_body {
            Value::Null => None,
            v if is_raw(v) => Some(("application/json", v["raw"].as_str().unwrap_or_default().as_bytes().to_vec())),
            v => Some(("application/json", serde_json::to_vec(&self.subst_json(v)).expect("json"))),
        };
        let method = Method::from_bytes(e.method.as_bytes()).expect("method");
        let (status, ct, bytes, _) = self.raw(method, &format!("{path}{qs}"), &headers, body).await;
        let got = parse_body(&bytes);
        if (200..300).contains(&status) {
            capture(&e.response_body, &got, "", &mut self.map);
        }
        self.track(e, status, &got);
        let mut problems = vec![];
        if status != e.status {
            problems.push(format!("status: expected {}, got {status}", e.status));
        }
        if mime(e.content_type.as_deref()) != mime(ct.as_deref()) && !(e.response_body.is_null() && bytes.is_empty()) {
            problems.push(format!("content-type: expected {:?}, got {ct:?}", e.content_type));
        }
        let mut diffs = vec![];
        match (is_raw(&e.response_body), is_raw(&got)) {
            (true, true) => {}
            (false, false) => shape_diff(&e.response_body, &got, "$", &mut diffs),
            _ => diffs.push(format!("JSON-ness: expected {}, got {}", short(&e.response_body), short(&got))),
        }
        problems.extend(diffs);
        if !problems.is_empty() && std::env::var("REPLAY_DEBUG").is_ok() {
            eprintln!("DEBUG {} got: {got}", e.id);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{} [{} {}{}]\n    {}\n    expected: {}\n    got:      {}", e.id, e.method, path, qs, problems.join("\n    "), short(&e.response_body), short(&got)))
        }
    }

    fn track(&mut self, e: &Exchange, status: u16, got: &Value) {
        match e.op.as_str() {
            "createRepo" if status == 201 => {
                let key = (got["namespace"].as_str().unwrap_or_default().to_string(), got["name"].as_str().unwrap_or_default().to_string());
                self.repos.insert(key);
            }
            "createInstallUser" if status == 200 && got["username"] == "alice" => {
                self.alice_password = got["password"].as_str().map(str::to_string);
            }
            "createOrgRobot" | "regenerateOrgRobotToken" | "getOrgRobot" if status == 200 || status == 201 => {
                if let (Some(n), Some(t)) = (got["name"].as_str(), got["token"].as_str()) {
                    self.robot_tokens.insert(n.to_string(), t.to_string());
                }
            }
            _ => {}
        }
    }
}

/// Exchanges made with quayadmin's token that carries only `repo:read` (per id and note).
fn limited(e: &Exchange) -> bool {
    let note = e.note.to_lowercase();
    e.id.contains("-limited") || note.contains("only scope repo:read") || note.contains("only repo:read")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 300 { format!("{}…", &s[..s.char_indices().nth(300).map(|(i, _)| i).unwrap_or(s.len())]) } else { s }
}

/// When the recording was made: the earliest datetime in its recorded audit logs.
fn recording_start(exchanges: &[Exchange]) -> i64 {
    exchanges
        .iter()
        .filter(|e| e.op == "listAllLogs" && e.status == 200)
        .flat_map(|e| e.response_body["logs"].as_array().cloned().unwrap_or_default())
        .filter_map(|l| l["datetime"].as_str().map(log_time))
        .min()
        .expect("the recording holds audit log entries with datetimes")
}

/// 2031-01-01T00:00:00Z, far from the recording's November 2026.
const IN_2031: i64 = 1_924_992_000;

/// The features the recorded Quay ran with: immutable tags and quota management on, team
/// syncing and the config dump off (the reference README lists its configuration).
fn recorded_features() -> Features {
    Features { immutable_tags: true, quota_management: true, ..Features::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_recorded_exchanges() {
    replay_all(FakeQuay::builder().features(recorded_features()).clock_at(recording_start(&load()))).await;
}

/// The same replay with the fake started years after the recording: only the clock the replay
/// pins decides what the recorded windows see, never the date the suite runs on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_holds_years_after_the_recording() {
    replay_all(FakeQuay::builder().features(recorded_features()).clock_at(IN_2031)).await;
}

#[test]
fn recording_time_is_read_from_the_recording() {
    let start = recording_start(&load());
    // Mon, 23 Nov 2026 (the day the exchanges were recorded), whatever today is.
    assert_eq!(quay_fake::util::iso_date(start), "2026-11-23");
}

async fn replay_all(builder: quay_fake::Builder) {
    let exchanges = load();
    assert_eq!(exchanges.len(), 660, "recorded exchanges");
    let start = recording_start(&exchanges);
    let fake = builder.start().await;
    let base = fake.url();
    let host = base.trim_start_matches("http://").to_string();
    let client = Client::builder().redirect(Policy::none()).build().expect("client");
    let mut r = Replayer {
        fake,
        client,
        base,
        host,
        map: HashMap::new(),
        limited_token: None,
        alice_token: None,
        alice_password: None,
        robot_tokens: HashMap::new(),
        repos: HashSet::new(),
        restore_state: None,
    };
    let extra = unrecorded_tag_calls(&exchanges);
    let mut failures = vec![];
    let mut accepted = vec![];
    for i in 0..exchanges.len() {
        r.fake.set_time(start + i as i64);
        let result = r.replay(&exchanges, i).await;
        r.unseed_state(exchanges.get(i + 1)).await;
        if let Some(calls) = extra.get(&i) {
            r.extra_calls(calls).await;
        }
        if let Err(msg) = result {
            match ACCEPTED.iter().find(|(id, _)| *id == exchanges[i].id) {
                Some((_, why)) => accepted.push(format!("{} (accepted: {why})", exchanges[i].id)),
                None => failures.push(msg),
            }
        }
    }
    let matched = exchanges.len() - failures.len() - accepted.len();
    println!("replay: {matched}/{} matched, {} accepted, {} mismatched", exchanges.len(), accepted.len(), failures.len());
    for a in &accepted {
        println!("  {a}");
    }
    for f in &failures {
        println!("MISMATCH {f}");
    }
    let covered = r.fake.coverage();
    println!("coverage: {} operations answered 2xx", covered.len());
    assert!(failures.is_empty(), "{} of {} exchanges mismatched (see output above)", failures.len(), exchanges.len());
}
