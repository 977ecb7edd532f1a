//! What the conformance replays share: reading a recording (`tests/data/quay-exchanges*.jsonl`),
//! sending an exchange's request to the fake, judging its answer against the recorded one (same
//! status, content type and body shape), capturing the generated values the fake chose in place
//! of the recorded Quay's, and the final tally with its accepted mismatches.

#![allow(dead_code)]

use quay_fake::FakeQuay;
use reqwest::{Client, Method, header::HeaderMap, redirect::Policy};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Every OAuth scope, as the recorded Quays' tokens carried them.
pub const ALL_SCOPES: [&str; 8] =
    ["repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "user:admin", "org:admin", "super:user"];

/// One recorded exchange.
pub struct Exchange {
    pub id: String,
    pub op: String,
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub auth: String,
    pub request_body: Value,
    pub status: u16,
    pub content_type: Option<String>,
    pub response_body: Value,
    pub note: String,
}

/// A fake set up as the second capture's Quay (`quay-behaviour-2-*.md`): every feature its
/// chapters use on, team syncing and the config dump off, no profile prompts for new users
/// (FEATURE_USER_METADATA off), and its SMTP server down.
pub fn second_capture() -> quay_fake::Builder {
    let features = quay_fake::Features { team_syncing: false, config_dump: false, user_metadata: false, ..quay_fake::Features::all() };
    FakeQuay::builder().features(features).smtp_down(true)
}

/// The exchanges of `tests/data/{file}`, in the order they were sent.
pub fn load(file: &str) -> Vec<Exchange> {
    let path = format!("{}/../tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
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

/// The JSON kind of a value, for comparison.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Compares shapes: same keys and value kinds for objects (recursively); arrays by element shape
/// (empty matches only empty; otherwise every element must match some recorded element).
pub fn shape_diff(expected: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    shape_diff_with(expected, got, path, out, false);
}

/// [`shape_diff`]; with `strict_arrays`, arrays must have the same length and match element by
/// element.
pub fn shape_diff_with(expected: &Value, got: &Value, path: &str, out: &mut Vec<String>, strict_arrays: bool) {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            out.extend(e.keys().filter(|k| !g.contains_key(*k)).map(|k| format!("{path}.{k}: missing")));
            out.extend(g.keys().filter(|k| !e.contains_key(*k)).map(|k| format!("{path}.{k}: unexpected")));
            for (k, ev) in e {
                if let Some(gv) = g.get(k) {
                    shape_diff_with(ev, gv, &format!("{path}.{k}"), out, strict_arrays);
                }
            }
        }
        (Value::Array(e), Value::Array(g)) if strict_arrays => {
            if e.len() != g.len() {
                out.push(format!("{path}: expected {} items, got {}", e.len(), g.len()));
                return;
            }
            for (i, (ev, gv)) in e.iter().zip(g).enumerate() {
                shape_diff_with(ev, gv, &format!("{path}[{i}]"), out, true);
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
                    shape_diff_with(ev, gv, &format!("{path}[{i}]"), &mut d, false);
                    let done = d.is_empty();
                    if best.as_ref().is_none_or(|b| d.len() < b.len()) {
                        best = Some(d);
                    }
                    if done {
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

/// A body as the recorder stored it: parsed JSON, `{"raw": text}`, or null when empty.
pub fn parse_body(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes).unwrap_or_else(|_| json!({"raw": String::from_utf8_lossy(bytes)}))
}

/// Whether a stored body is a non-JSON text (`{"raw": text}`).
pub fn is_raw(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 1 && m.get("raw").is_some_and(Value::is_string))
}

/// The media type of a content type, without parameters.
pub fn mime(ct: Option<&str>) -> String {
    ct.unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Percent-encodes a query key or value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The query string (with its `?`) of key/value pairs, empty for none.
pub fn query_string(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    format!("?{}", pairs.join("&"))
}

/// A value's JSON text, cut at 300 characters.
pub fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// A date as Quay writes it ("Mon, 23 Nov 2026 15:31:36 -0000") in Unix seconds.
pub fn log_time(s: &str) -> i64 {
    let p: Vec<&str> = s.split_whitespace().collect();
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = months.iter().position(|x| Some(x) == p.get(2)).unwrap_or(0) as u32 + 1;
    let days = quay_fake::util::days_from_civil(p[3].parse().unwrap_or(1970), m, p[1].parse().unwrap_or(1));
    let t: Vec<i64> = p[4].split(':').map(|x| x.parse().unwrap_or(0)).collect();
    days * 86_400 + t[0] * 3600 + t[1] * 60 + t[2]
}

/// The fake's answer to one request.
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    pub headers: HeaderMap,
}

/// Sends a request to `{base}{path}` (the path with its query string).
pub async fn send(client: &Client, base: &str, method: &str, path: &str, headers: &[(String, String)], body: Option<(&str, Vec<u8>)>) -> Answer {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let mut rb = client.request(method, format!("{base}{path}"));
    for (k, v) in headers {
        rb = rb.header(k, v);
    }
    if let Some((ct, b)) = body {
        rb = rb.header("content-type", ct).body(b);
    }
    let resp = rb.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
    Answer { status, content_type, bytes: resp.bytes().await.expect("body").to_vec(), headers }
}

/// The fake a replay runs against, and an HTTP client that does not follow redirects.
pub struct Target {
    pub fake: FakeQuay,
    pub client: Client,
    /// The fake's URL, e.g. `http://127.0.0.1:41234`.
    pub base: String,
    /// Its host and port, e.g. `127.0.0.1:41234`.
    pub host: String,
}

impl Target {
    /// Starts a fake from `builder`.
    pub async fn start(builder: quay_fake::Builder) -> Target {
        let fake = builder.start().await;
        let base = fake.url();
        let host = base.trim_start_matches("http://").to_string();
        let client = Client::builder().redirect(Policy::none()).build().expect("client");
        Target { fake, client, base, host }
    }

    /// Sends a request to the fake (see [`send`]).
    pub async fn send(&self, method: &str, path: &str, headers: &[(String, String)], body: Option<(&str, Vec<u8>)>) -> Answer {
        send(&self.client, &self.base, method, path, headers, body).await
    }

    /// The Authorization header of the auth kinds the captures share: `superuser` (quayadmin's
    /// token), `user` (a token of `user` with every scope, minted once into `minted`) and
    /// `badtoken`; none for the others.
    pub fn auth(&self, auth: &str, user: &str, minted: &mut Option<String>) -> Option<String> {
        match auth {
            "superuser" => Some(format!("Bearer {}", self.fake.superuser_token())),
            "user" => Some(format!("Bearer {}", minted.get_or_insert_with(|| self.fake.mint_token(user, &ALL_SCOPES)))),
            "badtoken" => Some("Bearer not-a-valid-token-0000000000".into()),
            _ => None,
        }
    }
}

/// Judges an answer against the recorded one: same status, same media type (unless both bodies
/// are empty), same JSON-ness and body shape. The error names the exchange and what differs.
/// With `REPLAY_DUMP=FILE` set, every answer is also appended to FILE (one JSON line each), for
/// comparing whole bodies while working on the fake.
pub fn judge(e: &Exchange, request: &str, answer: &Answer, got: &Value) -> Result<(), String> {
    if let Some(file) = std::env::var_os("REPLAY_DUMP") {
        use std::io::Write;
        let line = json!({"id": e.id, "status": answer.status, "content_type": answer.content_type, "body": got});
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(file).expect("REPLAY_DUMP file");
        writeln!(f, "{line}").expect("REPLAY_DUMP write");
    }
    let mut problems = vec![];
    if answer.status != e.status {
        problems.push(format!("status: expected {}, got {}", e.status, answer.status));
    }
    if mime(e.content_type.as_deref()) != mime(answer.content_type.as_deref()) && !(e.response_body.is_null() && answer.bytes.is_empty()) {
        problems.push(format!("content-type: expected {:?}, got {:?}", e.content_type, answer.content_type));
    }
    match (is_raw(&e.response_body), is_raw(got)) {
        (true, true) => {}
        (false, false) => shape_diff(&e.response_body, got, "$", &mut problems),
        _ => problems.push("JSON-ness differs".to_string()),
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!("{} [{} {request}]\n    {}\n    expected: {}\n    got:      {}", e.id, e.method, problems.join("\n    "), short(&e.response_body), short(got)))
}

/// Recorded→actual pairs of generated values found at the same place of a recorded body and the
/// fake's: strings under the given keys, and numbers under `id`.
#[derive(Default)]
pub struct Captured {
    pub strings: HashMap<String, String>,
    pub numbers: HashMap<i64, i64>,
}

impl Captured {
    /// Walks both bodies side by side, recording pairs of differing strings under `string_keys`
    /// (masked `<…>` values and short ones left out) and, when `numbers` is set, of `id` numbers.
    pub fn capture(&mut self, expected: &Value, got: &Value, key: &str, string_keys: &[&str], numbers: bool) {
        match (expected, got) {
            (Value::Object(e), Value::Object(g)) => {
                for (k, ev) in e {
                    if let Some(gv) = g.get(k) {
                        self.capture(ev, gv, k, string_keys, numbers);
                    }
                }
            }
            (Value::Array(e), Value::Array(g)) => {
                for (ev, gv) in e.iter().zip(g) {
                    self.capture(ev, gv, key, string_keys, numbers);
                }
            }
            (Value::String(e), Value::String(g)) if string_keys.contains(&key) && e != g && e.len() >= 8 && !e.starts_with('<') => {
                self.strings.entry(e.clone()).or_insert_with(|| g.clone());
            }
            (Value::Number(e), Value::Number(g)) if numbers && key == "id" => {
                if let (Some(e), Some(g)) = (e.as_i64(), g.as_i64()) {
                    self.numbers.entry(e).or_insert(g);
                }
            }
            _ => {}
        }
    }

    /// `s` with every captured recorded string replaced by the fake's.
    pub fn subst(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (from, to) in &self.strings {
            if out.contains(from.as_str()) {
                out = out.replace(from.as_str(), to);
            }
        }
        out
    }
}

/// `f` applied to every string of a JSON value.
pub fn map_strings(v: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(f(s)),
        Value::Array(a) => Value::Array(a.iter().map(|x| map_strings(x, f)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), map_strings(x, f))).collect()),
        other => other.clone(),
    }
}

/// The request body of an exchange as bytes: a raw text as is, JSON with `f` applied to its
/// strings; none when the recording sent none.
pub fn request_body(e: &Exchange, f: &dyn Fn(&str) -> String) -> Option<(&'static str, Vec<u8>)> {
    match &e.request_body {
        Value::Null => None,
        v if is_raw(v) => Some(("application/json", v["raw"].as_str().unwrap_or_default().as_bytes().to_vec())),
        v => Some(("application/json", serde_json::to_vec(&map_strings(v, f)).expect("json"))),
    }
}

/// The outcome of a whole replay: mismatches, and mismatches accepted (with their reasons).
pub struct Tally {
    accepted_list: Vec<(String, String)>,
    failures: Vec<String>,
    accepted: Vec<String>,
    total: usize,
}

impl Tally {
    /// A tally whose mismatches listed in `accepted_list` (exchange id, reason) are accepted.
    pub fn new(accepted_list: &[(&str, &str)]) -> Self {
        let accepted_list = accepted_list.iter().map(|(id, why)| (id.to_string(), why.to_string())).collect();
        Tally { accepted_list, failures: vec![], accepted: vec![], total: 0 }
    }

    /// Counts one exchange's result.
    pub fn add(&mut self, id: &str, result: Result<(), String>) {
        self.total += 1;
        if let Err(msg) = result {
            match self.accepted_list.iter().find(|(a, _)| a == id) {
                Some((_, why)) => self.accepted.push(format!("{id} (accepted: {why})")),
                None => self.failures.push(msg),
            }
        }
    }

    /// Prints the tally and fails on any mismatch not accepted, and on any accepted one that
    /// now matches (so the list only shrinks).
    pub fn finish(self, name: &str) {
        let unused: Vec<&str> = self
            .accepted_list
            .iter()
            .map(|(id, _)| id.as_str())
            .filter(|id| !self.accepted.iter().any(|a| a.starts_with(&format!("{id} "))))
            .collect();
        let matched = self.total - self.failures.len() - self.accepted.len();
        println!("replay ({name}): {matched}/{} matched, {} accepted, {} mismatched", self.total, self.accepted.len(), self.failures.len());
        for a in &self.accepted {
            println!("  {a}");
        }
        for f in &self.failures {
            println!("MISMATCH {f}");
        }
        assert!(unused.is_empty(), "accepted mismatches that now match (remove them): {unused:?}");
        assert!(self.failures.is_empty(), "{} of {} exchanges mismatched (see output above)", self.failures.len(), self.total);
    }
}
