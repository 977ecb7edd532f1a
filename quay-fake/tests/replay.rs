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

mod replay_common;

use quay_fake::{FakeQuay, Features};
use replay_common::{Answer, Captured, Exchange, Tally, Target, judge, log_time, parse_body, query_string, request_body};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// The string keys whose recorded values the fake generates anew.
const ID_KEYS: [&str; 7] = ["id", "kid", "client_id", "manifest_digest", "next_page", "token", "client_secret"];

/// Exchanges whose mismatch is accepted, with the reason. Kept as short as possible.
const ACCEPTED: &[(&str, &str)] = &[];

struct Replayer {
    t: Target,
    captured: Captured,
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
        let h = vec![("authorization".to_string(), format!("Bearer {}", self.t.fake.superuser_token()))];
        let body = body.map(|b| ("application/json", serde_json::to_vec(&b).expect("json")));
        let answer = self.raw(method, path, &h, body).await;
        (answer.status, parse_body(&answer.bytes))
    }

    /// Replays the unrecorded tag mutations placed after exchange `i`.
    async fn extra_calls(&self, calls: &[(String, String, Value)]) {
        let now = self.t.fake.now();
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
        self.captured.subst(&s.replace("{base}", &self.t.base).replace("quay.example.com", &self.t.host))
    }

    fn subst_json(&self, v: &Value) -> Value {
        replay_common::map_strings(v, &|s| self.subst(s))
    }

    fn auth_header(&mut self, e: &Exchange) -> Option<String> {
        match e.auth.as_str() {
            "superuser" if limited(e) => {
                let t = self.limited_token.get_or_insert_with(|| self.t.fake.mint_token("quayadmin", &["repo:read"]));
                Some(format!("Bearer {t}"))
            }
            "robot" => {
                let (name, token) = self.robot_tokens.iter().next().map(|(n, t)| (n.clone(), t.clone())).unwrap_or_default();
                let raw = format!("{name}:{token}");
                Some(format!("Basic {}", quay_fake::util::base64(raw.as_bytes())))
            }
            other => self.t.auth(other, "alice", &mut self.alice_token),
        }
    }

    async fn raw(&self, method: Method, path: &str, headers: &[(String, String)], body: Option<(&str, Vec<u8>)>) -> Answer {
        self.t.send(method.as_str(), path, headers, body).await
    }

    /// A session cookie with its CSRF token; signed in as alice when `alice`.
    async fn session(&self, alice: bool) -> (String, String) {
        let answer = self.raw(Method::GET, "/csrf_token", &[], None).await;
        let cookie = answer
            .headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_string();
        let token = parse_body(&answer.bytes)["csrf_token"].as_str().expect("csrf token").to_string();
        if alice {
            let password = self.alice_password.clone().expect("alice's password");
            let body = serde_json::to_vec(&json!({"username": "alice", "password": password})).expect("json");
            let h = vec![("cookie".to_string(), cookie.clone()), ("x-csrf-token".to_string(), token.clone())];
            let answer = self.raw(Method::POST, "/api/v1/signin", &h, Some(("application/json", body))).await;
            assert_eq!(answer.status, 200, "signin as alice");
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
            let h = vec![("authorization".to_string(), format!("Bearer {}", self.t.fake.superuser_token()))];
            let answer = self.raw(Method::POST, "/api/v1/repository", &h, Some(("application/json", serde_json::to_vec(&body).expect("json")))).await;
            assert_eq!(answer.status, 201, "seeding repository {ns}/{name}");
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
            if !self.captured.strings.contains_key(&digest) {
                let got = self.t.fake.push_manifest(ns, repo, t["name"].as_str());
                self.captured.strings.insert(digest, got);
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
        let query: Vec<(String, String)> = e.query.iter().map(|(k, v)| (k.clone(), self.subst(v))).collect();
        let request = format!("{}{}", self.subst(&e.path), query_string(&query));
        let body = request_body(e, &|s| self.subst(s));
        let answer = self.raw(Method::from_bytes(e.method.as_bytes()).expect("method"), &request, &headers, body).await;
        let got = parse_body(&answer.bytes);
        if (200..300).contains(&answer.status) {
            self.captured.capture(&e.response_body, &got, "", &ID_KEYS, false);
        }
        self.track(e, answer.status, &got);
        let judged = judge(e, &request, &answer, &got);
        if judged.is_err() && std::env::var("REPLAY_DEBUG").is_ok() {
            eprintln!("DEBUG {} got: {got}", e.id);
        }
        judged
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

/// The first capture's exchanges.
fn load() -> Vec<Exchange> {
    replay_common::load("quay-exchanges.jsonl")
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

/// The features the recorded Quay ran with (the reference README): immutable tags and quota
/// management on; team syncing, mailing and the config dump off.
fn recorded_features() -> Features {
    Features { immutable_tags: true, quota_management: true, mailing: false, user_metadata: true, ..Features::default() }
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
    let t = Target::start(builder).await;
    let mut r = Replayer {
        t,
        captured: Captured::default(),
        limited_token: None,
        alice_token: None,
        alice_password: None,
        robot_tokens: HashMap::new(),
        repos: HashSet::new(),
        restore_state: None,
    };
    let extra = unrecorded_tag_calls(&exchanges);
    let mut tally = Tally::new(ACCEPTED);
    for i in 0..exchanges.len() {
        r.t.fake.set_time(start + i as i64);
        let result = r.replay(&exchanges, i).await;
        r.unseed_state(exchanges.get(i + 1)).await;
        if let Some(calls) = extra.get(&i) {
            r.extra_calls(calls).await;
        }
        tally.add(&exchanges[i].id, result);
    }
    println!("coverage: {} operations answered 2xx", r.t.fake.coverage().len());
    tally.finish("first capture");
}
