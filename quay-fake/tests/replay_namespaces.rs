//! Conformance replay of the second capture's namespace chapters
//! (tests/data/quay-exchanges-2-namespaces.jsonl): every recorded exchange, replayed in order
//! against a fresh fake with the recorded Quay's features, must give the same status, content
//! type and body shape.
//!
//! Generated values (uuids, client ids, tokens, quota and limit ids) are captured from the
//! fake's answers and substituted where the recording used the real Quay's. The recorded
//! Quay's neighbour at `localhost:8080` (the proxy-cache upstream and the mirrored registry) is
//! the fake itself here, which also holds the mirrored namespace the recording fills. Masked
//! secrets (`<password>`, `<token>`) become real ones.

use quay_fake::{FakeQuay, Features};
use reqwest::{Client, Method, redirect::Policy};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Exchanges whose mismatch is accepted, with the reason. Kept as short as possible.
const ACCEPTED: &[(&str, &str)] = &[
    ("superuser/recn-create-user1", "the recorded Quay's SMTP server was unreachable (400 'Could not send email', user created anyway); the fake's mail goes out"),
    ("superuser/recn-create-user2", "the recorded Quay's SMTP server was unreachable; the fake's mail goes out"),
    ("team/recn-invite-email", "the recorded Quay's SMTP server was unreachable (400, invitation stored anyway); the fake's mail goes out (200)"),
    ("team/recn-invite-existing-user-email", "the recorded Quay's SMTP server was unreachable; the fake's mail goes out"),
    ("team/recn-invite-not-an-email", "the recorded Quay's SMTP server was unreachable; the fake's mail goes out"),
    ("user/recn-get-logged-in-user1", "the second capture's Quay asks new users for no profile details (`prompts` empty); the first capture's, which the fake follows, asks two"),
    ("platform/recn-bootstrap-new-token-api", "the same `prompts` difference between the two captured Quays"),
    ("user/recn-notifications", "no worker ran on the recorded Quay, so the tested quay_notification never reached recnuser1; the fake delivers tests at once"),
];

/// The password the replay gives every user whose recorded password is masked.
const PASSWORD: &str = "recn-password-1";

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
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/quay-exchanges-2-namespaces.jsonl");
    let text = std::fs::read_to_string(path).expect("tests/data/quay-exchanges-2-namespaces.jsonl");
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

/// Same keys and value kinds for objects (recursively); arrays by element shape (empty matches
/// only empty; every element must match some recorded element).
fn shape_diff(expected: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            out.extend(e.keys().filter(|k| !g.contains_key(*k)).map(|k| format!("{path}.{k}: missing")));
            out.extend(g.keys().filter(|k| !e.contains_key(*k)).map(|k| format!("{path}.{k}: unexpected")));
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
                let best = e
                    .iter()
                    .map(|ev| {
                        let mut d = vec![];
                        shape_diff(ev, gv, &format!("{path}[{i}]"), &mut d);
                        d
                    })
                    .min_by_key(Vec::len)
                    .unwrap_or_default();
                out.extend(best);
            }
        }
        (e, g) if kind(e) != kind(g) => out.push(format!("{path}: expected {}, got {}", kind(e), kind(g))),
        _ => {}
    }
}

fn parse_body(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes).unwrap_or_else(|_| json!({"raw": String::from_utf8_lossy(bytes)}))
}

fn is_raw(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 1 && m.get("raw").is_some_and(Value::is_string))
}

fn mime(ct: Option<&str>) -> String {
    ct.unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b'+' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Records recorded→actual pairs of generated strings and numbers found at the same place.
fn capture(expected: &Value, got: &Value, key: &str, strings: &mut HashMap<String, String>, numbers: &mut HashMap<i64, i64>) {
    const ID_KEYS: [&str; 6] = ["uuid", "client_id", "client_secret", "next_page", "token", "token_code"];
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (k, ev) in e {
                if let Some(gv) = g.get(k) {
                    capture(ev, gv, k, strings, numbers);
                }
            }
        }
        (Value::Array(e), Value::Array(g)) => {
            for (ev, gv) in e.iter().zip(g) {
                capture(ev, gv, key, strings, numbers);
            }
        }
        (Value::String(e), Value::String(g)) if ID_KEYS.contains(&key) && e != g && e.len() >= 8 && !e.starts_with('<') => {
            strings.entry(e.clone()).or_insert_with(|| g.clone());
        }
        (Value::Number(e), Value::Number(g)) if key == "id" => {
            if let (Some(e), Some(g)) = (e.as_i64(), g.as_i64()) {
                numbers.entry(e).or_insert(g);
            }
        }
        _ => {}
    }
}

struct Replayer {
    fake: FakeQuay,
    client: Client,
    base: String,
    host: String,
    strings: HashMap<String, String>,
    numbers: HashMap<i64, i64>,
    user_token: Option<String>,
    app_code: Option<String>,
    old_bootstrap: Option<String>,
}

impl Replayer {
    fn subst(&self, s: &str) -> String {
        let mut out = s
            .replace("{base}", &self.base)
            .replace("http://localhost:8080", &self.base)
            .replace("localhost:8080", &self.host)
            .replace("quay.example.com", &self.host)
            .replace("<password>", PASSWORD)
            .replace("<token>", "password");
        for (from, to) in &self.strings {
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
            Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), self.subst_json(x))).collect()),
            other => other.clone(),
        }
    }

    /// The path with generated ids replaced, numeric quota and limit ids included.
    fn path(&self, p: &str) -> String {
        let segs: Vec<String> = self.subst(p).split('/').map(str::to_string).collect();
        let mut out = segs.clone();
        for i in 1..segs.len() {
            if matches!(segs[i - 1].as_str(), "quota" | "limit")
                && let Ok(n) = segs[i].parse::<i64>()
                && let Some(m) = self.numbers.get(&n)
            {
                out[i] = m.to_string();
            }
        }
        out.join("/")
    }

    /// HTTP basic credentials named in a note (`[auth: HTTP basic USER:SECRET]`).
    fn basic_from_note(&self, note: &str) -> String {
        let creds = note.split("[auth: HTTP basic ").nth(1).and_then(|r| r.split(']').next()).unwrap_or("");
        let (user, secret) = creds.split_once(':').unwrap_or((creds, ""));
        let secret = if secret.contains("app token code") { self.app_code.clone().unwrap_or_default() } else { secret.to_string() };
        format!("Basic {}", quay_fake::util::base64(format!("{user}:{secret}").as_bytes()))
    }

    fn auth_header(&mut self, e: &Exchange) -> Option<String> {
        match e.auth.as_str() {
            "superuser" => Some(format!("Bearer {}", self.fake.superuser_token())),
            "user" => {
                let t = self.user_token.get_or_insert_with(|| self.fake.mint_token("recnuser1", &ALL_SCOPES));
                Some(format!("Bearer {t}"))
            }
            "badtoken" => Some("Bearer not-a-valid-token-0000000000".into()),
            "apptoken" => Some(self.basic_from_note(&e.note)),
            "bootstrap" if e.id.ends_with("-old-again") => self.old_bootstrap.clone().map(|t| format!("Bearer {t}")),
            "bootstrap" => self.fake.bootstrap_token().map(|t| format!("Bearer {t}")),
            _ if e.id.ends_with("renew-basic") => Some(format!("Basic {}", quay_fake::util::base64(b"quayadmin:password"))),
            _ => None,
        }
    }

    async fn call(&self, method: &str, path: &str, headers: &[(String, String)], body: Option<Vec<u8>>) -> (u16, Option<String>, Vec<u8>) {
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let mut rb = self.client.request(method, format!("{}{path}", self.base));
        for (k, v) in headers {
            rb = rb.header(k, v);
        }
        if let Some(b) = body {
            rb = rb.header("content-type", "application/json").body(b);
        }
        let resp = rb.send().await.expect("request");
        let status = resp.status().as_u16();
        let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        (status, ct, resp.bytes().await.expect("body").to_vec())
    }

    async fn replay(&mut self, e: &Exchange) -> Result<(), String> {
        if e.op == "renewBootstrapToken" && e.status == 200 {
            self.old_bootstrap = self.fake.bootstrap_token();
        }
        let headers: Vec<(String, String)> = self.auth_header(e).map(|a| vec![("authorization".to_string(), a)]).unwrap_or_default();
        let path = self.path(&e.path);
        let qs = if e.query.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = e.query.iter().map(|(k, v)| format!("{}={}", enc(k), enc(&self.subst(v)))).collect();
            format!("?{}", pairs.join("&"))
        };
        let body = match &e.request_body {
            Value::Null => None,
            v if is_raw(v) => Some(v["raw"].as_str().unwrap_or_default().as_bytes().to_vec()),
            v => Some(serde_json::to_vec(&self.subst_json(v)).expect("json")),
        };
        let (status, ct, bytes) = self.call(&e.method, &format!("{path}{qs}"), &headers, body).await;
        let mut got = parse_body(&bytes);
        if (200..300).contains(&status) {
            capture(&e.response_body, &got, "", &mut self.strings, &mut self.numbers);
            if e.op == "createAppToken" {
                self.app_code = got["token"]["token_code"].as_str().map(str::to_string);
            }
        }
        if e.op == "discovery" && status == 200 {
            // The recorder trimmed the document to these keys.
            let keep = ["swagger", "info", "host", "basePath"];
            got.as_object_mut().expect("an object").retain(|k, _| keep.contains(&k.as_str()));
        }
        let mut problems = vec![];
        if status != e.status {
            problems.push(format!("status: expected {}, got {status}", e.status));
        }
        if mime(e.content_type.as_deref()) != mime(ct.as_deref()) && !(e.response_body.is_null() && bytes.is_empty()) {
            problems.push(format!("content-type: expected {:?}, got {ct:?}", e.content_type));
        }
        match (is_raw(&e.response_body), is_raw(&got)) {
            (true, true) => {}
            (false, false) => shape_diff(&e.response_body, &got, "$", &mut problems),
            _ => problems.push("JSON-ness differs".to_string()),
        }
        if problems.is_empty() {
            Ok(())
        } else {
            let short = |v: &Value| v.to_string().chars().take(300).collect::<String>();
            Err(format!("{} [{} {path}{qs}]\n    {}\n    expected: {}\n    got:      {}", e.id, e.method, problems.join("\n    "), short(&e.response_body), short(&got)))
        }
    }
}

const ALL_SCOPES: [&str; 8] =
    ["repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "user:admin", "org:admin", "super:user"];

/// The recorded Quay's features (the reference README): everything these chapters use on,
/// team syncing and the config dump off.
fn recorded_features() -> Features {
    Features { team_syncing: false, config_dump: false, ..Features::all() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_namespace_exchanges() {
    let exchanges = load();
    assert_eq!(exchanges.len(), 434, "recorded exchanges");
    let fake = FakeQuay::builder().features(recorded_features()).start().await;
    let base = fake.url();
    let host = base.trim_start_matches("http://").to_string();
    let client = Client::builder().redirect(Policy::none()).build().expect("client");
    let mut r = Replayer {
        fake,
        client,
        base,
        host,
        strings: HashMap::new(),
        numbers: HashMap::new(),
        user_token: None,
        app_code: None,
        old_bootstrap: None,
    };
    let mut failures = vec![];
    let mut accepted = vec![];
    for e in &exchanges {
        if let Err(msg) = r.replay(e).await {
            match ACCEPTED.iter().find(|(id, _)| *id == e.id) {
                Some((_, why)) => accepted.push(format!("{} (accepted: {why})", e.id)),
                None => failures.push(msg),
            }
        }
    }
    let unused: Vec<&str> =
        ACCEPTED.iter().map(|(id, _)| *id).filter(|id| !accepted.iter().any(|a| a.starts_with(&format!("{id} ")))).collect();
    let matched = exchanges.len() - failures.len() - accepted.len();
    println!("replay (namespaces): {matched}/{} matched, {} accepted, {} mismatched", exchanges.len(), accepted.len(), failures.len());
    for a in &accepted {
        println!("  {a}");
    }
    for f in &failures {
        println!("MISMATCH {f}");
    }
    assert!(unused.is_empty(), "accepted mismatches that now match (remove them): {unused:?}");
    assert!(failures.is_empty(), "{} of {} exchanges mismatched (see output above)", failures.len(), exchanges.len());
}
