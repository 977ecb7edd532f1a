//! Namespace quotas and the storage they measure: the bytes a namespace's or a repository's
//! manifests take.

use super::State;

/// A namespace quota.
#[derive(Clone, Debug)]
pub(crate) struct Quota {
    /// Quota id (shared counter across namespaces, as in Quay).
    pub(crate) id: u64,
    /// Limit in bytes.
    pub(crate) limit_bytes: i64,
    /// Thresholds (warnings and rejections).
    pub(crate) limits: Vec<QuotaLimit>,
}

/// A threshold of a quota.
#[derive(Clone, Debug)]
pub(crate) struct QuotaLimit {
    /// Limit id (one counter for all quotas).
    pub(crate) id: u64,
    /// `Warning` or `Reject`.
    pub(crate) kind: String,
    /// Threshold in percent of the quota.
    pub(crate) percent: i64,
}

impl Quota {
    /// The thresholds as Quay lists them: warnings first, then rejections, each by decreasing
    /// percent.
    pub(crate) fn sorted_limits(&self) -> Vec<QuotaLimit> {
        let mut l = self.limits.clone();
        l.sort_by_key(|x| (x.kind != "Warning", -x.percent, std::cmp::Reverse(x.id)));
        l
    }
}

impl State {
    /// A new quota of `limit_bytes`, taking the next quota id (not yet attached to a namespace).
    pub(crate) fn new_quota(&mut self, limit_bytes: i64) -> Quota {
        let q = Quota { id: self.next_quota_id, limit_bytes, limits: vec![] };
        self.next_quota_id += 1;
        q
    }

    /// Bytes used by a namespace: sizes of the manifests its repositories hold.
    pub(crate) fn namespace_bytes(&self, ns: u64) -> i64 {
        self.repos.values().filter(|r| r.ns == ns).flat_map(|r| r.manifests.values()).map(|m| m.size).sum()
    }

    /// Bytes used by one repository.
    pub(crate) fn repo_bytes(&self, repo: u64) -> i64 {
        self.repos.get(&repo).map(|r| r.manifests.values().map(|m| m.size).sum()).unwrap_or(0)
    }
}
