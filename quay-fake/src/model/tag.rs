//! Manifests and tags: tag history rows, the live version of a tag, retargeting a tag (which
//! ends its live version), and pushing a manifest as `/v2` would.

use super::{Repo, State};
use crate::util::{hex, rand_bytes, rand_u64, sha256_hex, uuid4};
use serde_json::{Value, json};

/// A manifest stored in a repository (keyed by its `sha256:...` digest).
#[derive(Clone, Debug)]
pub(crate) struct Manifest {
    /// Layer size in bytes.
    pub(crate) size: i64,
    /// The manifest's JSON text (an OCI image manifest with one layer).
    pub(crate) payload: String,
    /// The layer's blob digest.
    pub(crate) layer_digest: String,
    /// When it was pushed.
    pub(crate) created: i64,
    /// Its labels.
    pub(crate) labels: Vec<Label>,
    /// Pulls counted so far (Quay counts them through a periodic flush; the fake at once).
    pub(crate) pulls: u64,
    /// The last counted pull.
    pub(crate) last_pull: Option<i64>,
    /// The order it was pushed in (an id from the registry's counter).
    pub(crate) pushed: u64,
    /// For an artifact: the manifest it refers to (its `subject`), its `artifactType` and its
    /// annotations (what the referrers listing shows).
    pub(crate) referrer: Option<Referrer>,
}

/// What a referrer manifest (an OCI artifact with a `subject`) adds.
#[derive(Clone, Debug)]
pub(crate) struct Referrer {
    /// Digest of the manifest it refers to.
    pub(crate) subject: String,
    /// Its `artifactType` (a media type).
    pub(crate) artifact_type: String,
    /// Its annotations.
    pub(crate) annotations: std::collections::BTreeMap<String, String>,
}

/// A label of a manifest.
#[derive(Clone, Debug)]
pub(crate) struct Label {
    /// Label id (a UUID).
    pub(crate) id: String,
    /// Key.
    pub(crate) key: String,
    /// Value.
    pub(crate) value: String,
    /// Where it comes from: `manifest` (the image config) or `api`.
    pub(crate) source_type: &'static str,
    /// Media type of the value (`text/plain` or `application/json`).
    pub(crate) media_type: String,
}

/// One row of tag history (a tag version).
#[derive(Clone, Debug)]
pub(crate) struct TagRow {
    /// Row id (ordering tie-break).
    pub(crate) id: u64,
    /// Tag name.
    pub(crate) name: String,
    /// Manifest digest.
    pub(crate) digest: String,
    /// Lifetime start (seconds).
    pub(crate) start: i64,
    /// Lifetime end (deleted, moved or expiring), if any.
    pub(crate) end: Option<i64>,
    /// Created by a restore.
    pub(crate) reversion: bool,
    /// Immutable flag.
    pub(crate) immutable: bool,
}

impl Repo {
    /// The live tag row named `name`, if any.
    pub(crate) fn live_tag(&self, name: &str, at: i64) -> Option<&TagRow> {
        self.tags.iter().filter(|t| t.name == name && t.end.is_none_or(|e| e > at)).max_by_key(|t| t.id)
    }

    /// The tag row with id `row`.
    pub(crate) fn tag_row_mut(&mut self, row: u64) -> &mut TagRow {
        self.tags.iter_mut().find(|x| x.id == row).expect("row")
    }

    /// Points tag `name` at `digest`: ends the live version (if any) and starts a new one
    /// (mutable; [`State::retarget_tag`] applies the immutability policies).
    fn retarget(&mut self, row_id: u64, name: &str, digest: &str, reversion: bool, at: i64) {
        for t in self.tags.iter_mut().filter(|t| t.name == name && t.end.is_none_or(|e| e > at)) {
            t.end = Some(at);
        }
        self.tags.push(TagRow {
            id: row_id,
            name: name.to_string(),
            digest: digest.to_string(),
            start: at,
            end: None,
            reversion,
            immutable: false,
        });
    }
}

impl State {
    /// Pushes an image (as /v2 would) into a repository: a manifest whose config carries
    /// `labels` (which Quay imports as the manifest's labels, `source_type` `manifest`), with
    /// each of `tags` pointed at it. Returns the digest. Like Quay's registry (409
    /// `TAG_IMMUTABLE`), refuses with nothing changed when one of the tags is immutable and
    /// FEATURE_IMMUTABLE_TAGS is on.
    pub(crate) fn push_image(&mut self, repo: u64, tags: &[&str], labels: &[(&str, &str)]) -> Result<String, String> {
        let now = self.now();
        if self.features.immutable_tags
            && let Some(tag) = tags.iter().find(|t| self.repos[&repo].live_tag(t, now).is_some_and(|x| x.immutable))
        {
            return Err(format!("tag '{tag}' is immutable"));
        }
        let size = 100 + (rand_u64() % 900) as i64;
        let config_digest = format!("sha256:{}", sha256_hex(&rand_bytes(16)));
        let layer_digest = format!("sha256:{}", sha256_hex(hex(&rand_bytes(16)).as_bytes()));
        let payload = format!(
            "{{\"config\": {{\"digest\": \"{config_digest}\", \"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"size\": 408}}, \"layers\": [{{\"digest\": \"{layer_digest}\", \"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"size\": {size}}}], \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"schemaVersion\": 2}}"
        );
        let digest = format!("sha256:{}", sha256_hex(payload.as_bytes()));
        let labels = labels
            .iter()
            .map(|(k, v)| Label { id: uuid4(), key: k.to_string(), value: v.to_string(), source_type: "manifest", media_type: "text/plain".into() })
            .collect();
        let pushed = self.alloc_id();
        let m = Manifest { size, payload, layer_digest, created: now, labels, pulls: 0, last_pull: None, pushed, referrer: None };
        self.repo_mut(repo).manifests.insert(digest.clone(), m);
        for tag in tags {
            self.retarget_tag(repo, tag, &digest, false);
        }
        Ok(digest)
    }

    /// Points tag `name` of repository `repo` at `digest`, ending its live version; the new
    /// version is immutable when an immutability policy selects its name, as in Quay, which
    /// logs that (with `repo` null, as recorded).
    pub(crate) fn retarget_tag(&mut self, repo: u64, name: &str, digest: &str, reversion: bool) {
        let row_id = self.alloc_id();
        let at = self.now();
        let immutable = self.immutable_by_policy(repo, name);
        let r = self.repo_mut(repo);
        r.retarget(row_id, name, digest, reversion, at);
        r.tag_row_mut(row_id).immutable = immutable;
        if immutable {
            let ns = r.ns;
            let meta = json!({"tag": name, "repo": null, "namespace": self.name_of(ns), "immutable": true});
            if let Value::Object(meta) = meta {
                self.log_background("tag_made_immutable_by_policy", ns, meta);
            }
        }
    }

    /// Counts a pull of `reference` (a tag, or a digest) in a repository, as Quay's statistics
    /// show it once flushed: the tag's count and its manifest's. False when nothing matches.
    pub(crate) fn record_pull(&mut self, repo: u64, reference: &str) -> bool {
        let now = self.now();
        let r = self.repo_mut(repo);
        let digest = match r.live_tag(reference, now) {
            Some(t) => t.digest.clone(),
            None => reference.to_string(),
        };
        let Some(m) = r.manifests.get_mut(&digest) else { return false };
        m.pulls += 1;
        m.last_pull = Some(now);
        if digest != reference {
            let e = r.tag_pulls.entry(reference.to_string()).or_insert((0, now));
            *e = (e.0 + 1, now);
        }
        true
    }
}
