//! Immutability policies of namespaces and repositories: a tag pattern (a regular expression
//! matched from the start of tag names) whose tags, or with `tag_pattern_matches` false the tags
//! it does not match, become immutable. Quay marks the live tags a policy selects when it is
//! created or updated and every tag created later that any policy selects; the marks stay when
//! a policy changes or goes.

use super::{Repo, State};
use fancy_regex::Regex;
use serde_json::{Value, json};

/// Longest tag pattern Quay accepts (after trimming).
const MAX_PATTERN: usize = 256;

/// An immutability policy.
#[derive(Clone, Debug)]
pub(crate) struct ImmutabilityPolicy {
    /// Its id (a UUID).
    pub(crate) uuid: String,
    /// The pattern as stored (trimmed).
    pub(crate) tag_pattern: String,
    /// Whether the tags matching the pattern (true) or the others (false) are immutable.
    pub(crate) tag_pattern_matches: bool,
    /// The compiled pattern.
    regex: Regex,
}

impl ImmutabilityPolicy {
    /// A policy from a request's pattern, checked as Quay checks it (trimmed, not empty, at
    /// most 256 characters, a valid regular expression): the 400 message when it is not.
    pub(crate) fn new(uuid: String, pattern: &str, tag_pattern_matches: bool) -> Result<ImmutabilityPolicy, String> {
        let tag_pattern = pattern.trim();
        if tag_pattern.is_empty() {
            return Err("tag_pattern is required and must be a non-empty string".into());
        }
        if tag_pattern.chars().count() > MAX_PATTERN {
            return Err(format!("tag_pattern must be {MAX_PATTERN} characters or less"));
        }
        let regex = Regex::new(tag_pattern).map_err(|e| format!("Invalid regex pattern: {e}"))?;
        Ok(ImmutabilityPolicy { uuid, tag_pattern: tag_pattern.to_string(), tag_pattern_matches, regex })
    }

    /// The policy as Quay shows it.
    pub(crate) fn view(&self) -> Value {
        json!({"uuid": self.uuid, "tagPattern": self.tag_pattern, "tagPatternMatches": self.tag_pattern_matches})
    }

    /// Whether the policy makes tag `name` immutable. Python's `re.match` anchors at the start
    /// only: a leftmost match exists at 0 exactly when the search finds its first match there.
    /// A pattern the engine cannot run to the end selects nothing, as Quay's `re.error` does.
    pub(crate) fn selects(&self, name: &str) -> bool {
        let matches = matches!(self.regex.find(name), Ok(Some(m)) if m.start() == 0);
        matches == self.tag_pattern_matches
    }
}

impl Repo {
    /// Marks the live tags that `policy` selects immutable; returns how many it newly marked.
    pub(crate) fn apply_immutability(&mut self, policy: &ImmutabilityPolicy, at: i64) -> usize {
        let mut marked = 0;
        for t in self.tags.iter_mut().filter(|t| t.end.is_none_or(|e| e > at) && !t.immutable) {
            if policy.selects(&t.name) {
                t.immutable = true;
                marked += 1;
            }
        }
        marked
    }
}

impl State {
    /// Whether a policy of repository `repo` or of its namespace makes a new tag `name` immutable.
    pub(crate) fn immutable_by_policy(&self, repo: u64, name: &str) -> bool {
        let Some(r) = self.repos.get(&repo) else { return false };
        let ns = self.ns_immutability.get(&r.ns).map(Vec::as_slice).unwrap_or_default();
        r.immutability.iter().chain(ns).any(|p| p.selects(name))
    }
}
