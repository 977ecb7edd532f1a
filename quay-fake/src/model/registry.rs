//! The registry side (`/v2`) as far as the API goes: the registry tokens `/v2/auth` hands out
//! (JWTs whose grants the fake remembers) and artifacts that refer to a manifest (OCI
//! referrers), pushed as `/v2` would.

use super::{Kind, Manifest, Referrer, State};
use crate::util::{base64url, rand_bytes, sha256_hex};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// How long a registry token lasts (Quay's `TOKEN_VALIDITY_LIFETIME_S`).
pub(crate) const TOKEN_LIFETIME: i64 = 3600;

/// The media type of a referrer manifest (an OCI image manifest).
pub(crate) const REFERRER_MEDIA_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";

/// What a registry token grants.
#[derive(Clone, Debug)]
pub(crate) struct RegistryGrant {
    /// Repositories (`namespace/name`) the token may pull.
    pub(crate) pull: Vec<String>,
    /// When it expires (Unix seconds, the fake's clock).
    pub(crate) expires: i64,
}

impl State {
    /// Hands out a registry token (a JWT, as Quay's) granting `pull` on the listed
    /// repositories to `subject` (a user name, or empty for an anonymous token).
    pub(crate) fn issue_registry_token(&mut self, service: &str, subject: &str, pull: Vec<String>) -> String {
        let now = self.now();
        let expires = now + TOKEN_LIFETIME;
        let access: Vec<Value> = pull.iter().map(|r| json!({"type": "repository", "name": r, "actions": ["pull"]})).collect();
        let header = json!({"typ": "JWT", "alg": "RS256", "kid": "quay-fake"});
        let claims = json!({"iss": "quay", "aud": service, "sub": subject, "nbf": now, "iat": now, "exp": expires, "access": access});
        let token = format!(
            "{}.{}.{}",
            base64url(header.to_string().as_bytes()),
            base64url(claims.to_string().as_bytes()),
            base64url(&rand_bytes(32))
        );
        self.chapters.registry_tokens.insert(token.clone(), RegistryGrant { pull, expires });
        token
    }

    /// Pushes an artifact into `namespace/repo` that refers to the manifest `subject` (a
    /// manifest with a `subject` and an `artifactType`, as `oras attach` pushes), untagged;
    /// returns its digest.
    pub(crate) fn seed_referrer(
        &mut self,
        namespace: &str,
        repo: &str,
        subject: &str,
        artifact_type: &str,
        annotations: BTreeMap<String, String>,
    ) -> Result<String, String> {
        if self.find(namespace).is_none_or(|e| e.kind == Kind::Robot) {
            return Err(format!("no namespace {namespace}"));
        }
        let id = self.repo_id(namespace, repo).ok_or_else(|| format!("no repository {namespace}/{repo}"))?;
        let Some(target) = self.repos[&id].manifests.get(subject) else {
            return Err(format!("no manifest {subject} in {namespace}/{repo}"));
        };
        let media = artifact_type.split_once('/').is_some_and(|(t, s)| !t.is_empty() && !s.is_empty() && !artifact_type.contains(char::is_whitespace));
        if !media {
            return Err(format!("artifact_type must be a media type such as application/vnd.example.sbom.v1 (got {artifact_type:?})"));
        }
        let subject_size = target.payload.len();
        let layer = format!("sha256:{}", sha256_hex(&rand_bytes(16)));
        let mut payload = Map::new();
        payload.insert("schemaVersion".into(), json!(2));
        payload.insert("mediaType".into(), json!(REFERRER_MEDIA_TYPE));
        payload.insert("artifactType".into(), json!(artifact_type));
        payload.insert(
            "config".into(),
            json!({"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}),
        );
        payload.insert("layers".into(), json!([{"mediaType": "application/octet-stream", "digest": layer, "size": 64}]));
        payload.insert("subject".into(), json!({"mediaType": REFERRER_MEDIA_TYPE, "digest": subject, "size": subject_size}));
        if !annotations.is_empty() {
            payload.insert("annotations".into(), json!(annotations));
        }
        let payload = Value::Object(payload).to_string();
        let digest = format!("sha256:{}", sha256_hex(payload.as_bytes()));
        let (created, pushed) = (self.now(), self.alloc_id());
        let referrer = Referrer { subject: subject.to_string(), artifact_type: artifact_type.to_string(), annotations };
        let m = Manifest { size: 64, payload, layer_digest: layer, created, labels: vec![], pulls: 0, last_pull: None, pushed, referrer: Some(referrer) };
        self.repo_mut(id).manifests.insert(digest.clone(), m);
        Ok(digest)
    }
}
