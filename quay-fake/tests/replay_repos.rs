//! Conformance replay of the second capture's repository chapters
//! (tests/data/quay-exchanges-2-repos.jsonl: manifests and labels, pull statistics, security
//! scans, notifications, builds, triggers, logs, immutability and auto-prune policies, mirror
//! health, search, stars, OCI referrers): every recorded exchange, replayed in order against a
//! fresh fake with the recorded Quay's features, must give the same status, content type and
//! body shape.
//!
//! What the recording did outside the API is done through the fake's hooks at the same points:
//! the images pushed over `/v2` (their recorded digests mapped to the fake's), the pulls its
//! flush worker counted, the refused `/v2` push over an immutable tag, the build triggers set up
//! through the web UI. Generated values (uuids,
//! label and build ids, paging tokens, export ids) are captured from the fake's answers and
//! substituted where the recording used the real Quay's; masked secrets become real ones. The
//! fake's clock follows the recording's own (read from its answers), so its log windows and
//! build times hold on any date.

mod replay_common;

use replay_common::{Captured, Exchange, Tally, Target, judge, parse_body, query_string, request_body};

/// Exchanges whose mismatch is accepted, with the reason: none (kept for the next difference of
/// environment between the recorded Quay and the fake).
const ACCEPTED: &[(&str, &str)] = &[];

/// The password the replay gives every user whose recorded password is masked.
const PASSWORD: &str = "reca-password-1";

/// The string keys whose recorded values the fake generates anew.
const ID_KEYS: [&str; 5] = ["id", "uuid", "export_id", "next_page", "token"];

/// The recording's clock: exchanges whose time its answers show (a build's `started`, a log
/// entry's `datetime`), in Unix seconds; the times of the others are interpolated.
const TIMES: [(&str, i64); 6] = [
    ("setup/create-user-recauser1", 1_795_942_619),
    ("build/request", 1_795_942_648),
    ("build/request-2", 1_795_942_651),
    ("trigger/start", 1_795_942_666),
    ("build/request-user-namespace", 1_795_942_728),
    ("cleanup/user-token-after-delete", 1_795_942_740),
];

/// The custom-git triggers the recording set up through Quay's web UI (as quayadmin, on
/// recaorg/recarepo) just before these exchanges: (exchange, recorded trigger uuid).
const TRIGGERS: [(&str, &str); 2] = [
    ("trigger/list-custom-inactive", "b559cfd7-06e2-4edc-917a-b3a6bd5f2726"),
    ("trigger/empty-activate", "71fb6426-a3fc-496f-bb90-fbb8daa92f7c"),
];

/// An image the recording pushed over `/v2` before `manifest/get`: repository, tags, recorded
/// digest, labels of its config.
type Image = (&'static str, &'static [&'static str], &'static str, &'static [(&'static str, &'static str)]);

/// The images, in the order of their recorded `start_ts`.
const IMAGES: [Image; 4] = [
    (
        "recarepo",
        &["v1.0"],
        "sha256:a7b9318646f267fc990b42a97635fe146a33c8ee95c1e6f71784d73bf5aabb50",
        &[("com.example.team", "reca"), ("org.opencontainers.image.version", "1.0")],
    ),
    ("recarepo", &["v1.1", "latest"], "sha256:d59151a43c3a682a27ba8c0f07d3ec0188e6e591a322989b64d4a0e66fcc399e", &[]),
    ("recarepo", &["release-1"], "sha256:f95dfdf88f5b8fc74cff462bd098da0dd5399e2ffb7ea211ba4c51f2c696cf0e", &[]),
    ("recarepo-b", &["latest"], "sha256:be59ff303f3bdbd9b34569f40b56233aa0d2a27b43213bcfe670577d08585a5e", &[]),
];

/// An artifact the recording pushed by digest (untagged) with v1.1's manifest as its `subject`:
/// recorded digest, artifact type, annotations.
type Artifact = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

/// The artifacts, in push order.
const REFERRERS: [Artifact; 2] = [
    ("sha256:b4414dda569dbd3e68264a9857d4a708b3bc1dbb2ff25876eaa3d5917522dc2b", "application/vnd.example.sbom.v1", &[("org.example.kind", "sbom")]),
    ("sha256:ef2f019d9a9addc0720be7f07f1ef767bc352379252aa78a8d388b33f4b40dd7", "application/vnd.example.signature.v1", &[]),
];

/// The pulls the recording made over `/v2` and its flush worker counted before `tag/pull-stats`:
/// (reference, count); v1.0 is a7b9….
const PULLS: [(&str, usize); 3] = [("v1.0", 3), ("sha256:a7b9318646f267fc990b42a97635fe146a33c8ee95c1e6f71784d73bf5aabb50", 2), ("v1.1", 1)];

struct Replayer {
    t: Target,
    captured: Captured,
    user_token: Option<String>,
}

impl Replayer {
    fn subst(&self, s: &str) -> String {
        let out = s.replace("{base}", &self.t.base).replace("quay.example.com", &self.t.host).replace("<password>", PASSWORD);
        self.captured.subst(&out)
    }

    /// Does what the recording did outside the API just before exchange `e`.
    fn outside_the_api(&mut self, e: &Exchange) {
        match e.id.as_str() {
            "manifest/get" => {
                for (repo, tags, recorded, labels) in IMAGES {
                    let digest = self.t.fake.push_image("recaorg", repo, tags, labels);
                    self.captured.strings.insert(recorded.to_string(), digest);
                }
            }
            // Pushed before manifest/get-artifact in the recording; pushed here, once the untagged
            // artifacts' 404s on the API are replayed, as the fake shows untagged manifests.
            "referrers/list" => {
                let subject = self.subst("sha256:d59151a43c3a682a27ba8c0f07d3ec0188e6e591a322989b64d4a0e66fcc399e");
                for (recorded, artifact_type, annotations) in REFERRERS {
                    let digest = self.t.fake.push_referrer("recaorg", "recarepo", &subject, artifact_type, annotations);
                    self.captured.strings.insert(recorded.to_string(), digest.unwrap_or_else(|e| panic!("push_referrer: {e}")));
                }
            }
            "tag/pull-stats" => {
                for (reference, count) in PULLS {
                    let reference = self.subst(reference);
                    (0..count).for_each(|_| self.t.fake.record_pull("recaorg", "recarepo", &reference));
                }
            }
            "immutability/repo-effect-after-v2-push" => {
                let refused = self.t.fake.try_push_image("recaorg", "recarepo", &["v1.0"], &[]);
                assert!(refused.is_err(), "a push over the immutable v1.0 must be refused, as the recorded registry's 409 TAG_IMMUTABLE");
            }
            id => {
                if let Some((_, recorded)) = TRIGGERS.iter().find(|(before, _)| *before == id) {
                    let uuid = self.t.fake.create_build_trigger("recaorg", "recarepo", "custom-git", "quayadmin");
                    self.captured.strings.insert(recorded.to_string(), uuid);
                }
            }
        }
    }

    /// A registry bearer token from `/v2/auth` for the repository of a `/v2` path, as the
    /// recording's (HTTP basic quayadmin).
    async fn registry_bearer(&self, path: &str) -> String {
        let repo = path.split('/').skip(2).take(2).collect::<Vec<_>>().join("/");
        let basic = format!("Basic {}", quay_fake::util::base64(b"quayadmin:password"));
        let query = [("service".to_string(), self.t.host.clone()), ("scope".to_string(), format!("repository:{repo}:pull"))];
        let answer = self.t.send("GET", &format!("/v2/auth{}", query_string(&query)), &[("authorization".into(), basic)], None).await;
        let token = parse_body(&answer.bytes)["token"].as_str().map(str::to_string);
        token.unwrap_or_else(|| panic!("/v2/auth for {repo}: {}", answer.status))
    }

    async fn replay(&mut self, e: &Exchange) -> Result<(), String> {
        self.outside_the_api(e);
        let mut headers: Vec<(String, String)> = self.t.auth(&e.auth, "recauser1", &mut self.user_token).map(|a| vec![("authorization".to_string(), a)]).unwrap_or_default();
        let path = self.subst(&e.path);
        if e.auth == "registry-bearer" {
            headers.push(("authorization".to_string(), format!("Bearer {}", self.registry_bearer(&path).await)));
        }
        let query: Vec<(String, String)> = e.query.iter().map(|(k, v)| (k.clone(), self.subst(v))).collect();
        let request = format!("{path}{}", query_string(&query));
        let body = request_body(e, &|s| self.subst(s));
        let answer = self.t.send(&e.method, &request, &headers, body).await;
        let got = parse_body(&answer.bytes);
        if (200..300).contains(&answer.status) {
            self.captured.capture(&e.response_body, &got, "", &ID_KEYS, false);
        }
        judge(e, &request, &answer, &got)
    }
}

/// The recorded Quay's clock at exchange `i`: the recorded times, interpolated between.
fn recorded_time(exchanges: &[Exchange], i: usize) -> i64 {
    let known: Vec<(usize, i64)> = TIMES
        .iter()
        .map(|(id, t)| (exchanges.iter().position(|e| e.id == *id).unwrap_or_else(|| panic!("no exchange {id}")), *t))
        .collect();
    let after = known.iter().position(|(k, _)| *k >= i).unwrap_or(known.len() - 1).max(1);
    let ((i0, t0), (i1, t1)) = (known[after - 1], known[after]);
    t0 + (t1 - t0) * (i as i64 - i0 as i64) / (i1 as i64 - i0 as i64).max(1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_repository_exchanges() {
    let exchanges = replay_common::load("quay-exchanges-2-repos.jsonl");
    assert_eq!(exchanges.len(), 518, "recorded exchanges");
    let t = Target::start(replay_common::second_capture().clock_at(recorded_time(&exchanges, 0))).await;
    let mut r = Replayer { t, captured: Captured::default(), user_token: None };
    let mut tally = Tally::new(ACCEPTED);
    for (i, e) in exchanges.iter().enumerate() {
        r.t.fake.set_time(recorded_time(&exchanges, i));
        let result = r.replay(e).await;
        tally.add(&e.id, result);
    }
    tally.finish("repositories");
}

#[test]
fn recorded_times_only_move_forward() {
    let exchanges = replay_common::load("quay-exchanges-2-repos.jsonl");
    let times: Vec<i64> = (0..exchanges.len()).map(|i| recorded_time(&exchanges, i)).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "the interpolated clock goes back");
    let at = |id: &str| times[exchanges.iter().position(|e| e.id == id).expect("exchange")];
    // build/list-since asks for the builds after 1795942650: one of the two requests around it.
    assert!(at("build/request") < 1_795_942_650 && at("build/request-2") > 1_795_942_650);
}
