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

mod replay_common;

use replay_common::{Captured, Exchange, Tally, Target, judge, parse_body, query_string, request_body};

/// Exchanges whose mismatch is accepted, with the reason: none (kept for the next difference of
/// environment between the recorded Quay and the fake).
const ACCEPTED: &[(&str, &str)] = &[];

/// The password the replay gives every user whose recorded password is masked.
const PASSWORD: &str = "recn-password-1";

/// The string keys whose recorded values the fake generates anew.
const ID_KEYS: [&str; 6] = ["uuid", "client_id", "client_secret", "next_page", "token", "token_code"];

struct Replayer {
    t: Target,
    captured: Captured,
    user_token: Option<String>,
    app_code: Option<String>,
    old_bootstrap: Option<String>,
}

impl Replayer {
    fn subst(&self, s: &str) -> String {
        let out = s
            .replace("{base}", &self.t.base)
            .replace("http://localhost:8080", &self.t.base)
            .replace("localhost:8080", &self.t.host)
            .replace("quay.example.com", &self.t.host)
            .replace("<password>", PASSWORD)
            .replace("<token>", "password");
        self.captured.subst(&out)
    }

    /// The path with generated ids replaced, numeric quota and limit ids included.
    fn path(&self, p: &str) -> String {
        let segs: Vec<String> = self.subst(p).split('/').map(str::to_string).collect();
        let mut out = segs.clone();
        for i in 1..segs.len() {
            if matches!(segs[i - 1].as_str(), "quota" | "limit")
                && let Ok(n) = segs[i].parse::<i64>()
                && let Some(m) = self.captured.numbers.get(&n)
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
            "apptoken" => Some(self.basic_from_note(&e.note)),
            "bootstrap" if e.id.ends_with("-old-again") => self.old_bootstrap.clone().map(|t| format!("Bearer {t}")),
            "bootstrap" => self.t.fake.bootstrap_token().map(|t| format!("Bearer {t}")),
            _ if e.id.ends_with("renew-basic") => Some(format!("Basic {}", quay_fake::util::base64(b"quayadmin:password"))),
            other => self.t.auth(other, "recnuser1", &mut self.user_token),
        }
    }

    async fn replay(&mut self, e: &Exchange) -> Result<(), String> {
        if e.op == "renewBootstrapToken" && e.status == 200 {
            self.old_bootstrap = self.t.fake.bootstrap_token();
        }
        let headers: Vec<(String, String)> = self.auth_header(e).map(|a| vec![("authorization".to_string(), a)]).unwrap_or_default();
        let query: Vec<(String, String)> = e.query.iter().map(|(k, v)| (k.clone(), self.subst(v))).collect();
        let request = format!("{}{}", self.path(&e.path), query_string(&query));
        let body = request_body(e, &|s| self.subst(s));
        let answer = self.t.send(&e.method, &request, &headers, body).await;
        let mut got = parse_body(&answer.bytes);
        if (200..300).contains(&answer.status) {
            self.captured.capture(&e.response_body, &got, "", &ID_KEYS, true);
            if e.op == "createAppToken" {
                self.app_code = got["token"]["token_code"].as_str().map(str::to_string);
            }
        }
        if e.op == "discovery" && answer.status == 200 {
            // The recorder trimmed the document to these keys.
            let keep = ["swagger", "info", "host", "basePath"];
            got.as_object_mut().expect("an object").retain(|k, _| keep.contains(&k.as_str()));
        }
        judge(e, &request, &answer, &got)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_namespace_exchanges() {
    let exchanges = replay_common::load("quay-exchanges-2-namespaces.jsonl");
    assert_eq!(exchanges.len(), 434, "recorded exchanges");
    let t = Target::start(replay_common::second_capture()).await;
    let mut r = Replayer { t, captured: Captured::default(), user_token: None, app_code: None, old_bootstrap: None };
    let mut tally = Tally::new(ACCEPTED);
    for e in &exchanges {
        let result = r.replay(e).await;
        tally.add(&e.id, result);
    }
    tally.finish("namespaces");
}
