//! Manifests and tags: tag history rows, the live version of a tag, retargeting a tag (which
//! ends its live version), and pushing a manifest as `/v2` would.

use super::{Repo, State};
use crate::util::{hex, rand_bytes, rand_u64, sha256_hex};

/// A manifest stored in a repository (keyed by its `sha256:...` digest).
#[derive(Clone, Debug)]
pub(crate) struct Manifest {
    /// Layer size in bytes.
    pub(crate) size: i64,
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

    /// Points tag `name` at `digest`: ends the live version (if any) and starts a new one.
    pub(crate) fn retarget(&mut self, row_id: u64, name: &str, digest: &str, reversion: bool, at: i64) {
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
    /// Pushes a manifest (as /v2 would) into a repository, optionally tagging it; returns the digest.
    pub(crate) fn push_manifest(&mut self, repo: u64, tag: Option<&str>) -> String {
        let payload = format!("{{\"schemaVersion\":2,\"nonce\":\"{}\"}}", hex(&rand_bytes(16)));
        let digest = format!("sha256:{}", sha256_hex(payload.as_bytes()));
        let size = 100 + (rand_u64() % 900) as i64;
        let row_id = self.alloc_id();
        let t = self.now();
        let r = self.repo_mut(repo);
        r.manifests.insert(digest.clone(), Manifest { size });
        if let Some(tag) = tag {
            r.retarget(row_id, tag, &digest, false, t);
        }
        digest
    }
}
