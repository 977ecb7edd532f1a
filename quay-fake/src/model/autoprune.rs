//! Auto-prune policies of namespaces and repositories: a method (keep the newest N tags, or
//! prune tags older than a duration) with an optional tag pattern. Quay's prune worker applies
//! them; the fake keeps them and checks them as Quay does.

use serde_json::{Value, json};

/// An auto-prune policy.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AutoPrunePolicy {
    /// Its id (a UUID).
    pub(crate) uuid: String,
    /// `number_of_tags` or `creation_date`.
    pub(crate) method: String,
    /// A tag count (integer) or a duration such as `7d` (string), as given.
    pub(crate) value: Value,
    /// Only tags matching (or not matching) this pattern are pruned.
    pub(crate) tag_pattern: Option<String>,
    /// Whether pruned tags match the pattern (true) or do not (false).
    pub(crate) tag_pattern_matches: bool,
}

impl AutoPrunePolicy {
    /// The policy as Quay shows it.
    pub(crate) fn view(&self) -> Value {
        json!({
            "uuid": self.uuid, "method": self.method, "value": self.value,
            "tagPattern": self.tag_pattern, "tagPatternMatches": self.tag_pattern_matches,
        })
    }

    /// Same method, value and pattern (what Quay calls a duplicate).
    pub(crate) fn same_values(&self, other: &AutoPrunePolicy) -> bool {
        self.method == other.method
            && self.value == other.value
            && self.tag_pattern == other.tag_pattern
            && self.tag_pattern_matches == other.tag_pattern_matches
    }
}

/// Quay's check of a method and its value: the 400 message when they are not valid.
pub(crate) fn check_policy(method: &str, value: &Value) -> Result<(), &'static str> {
    let valid = match method {
        "number_of_tags" => value.as_i64().is_some_and(|n| n > 0),
        "creation_date" => value.as_str().is_some_and(|v| {
            let Some(unit) = v.chars().last() else { return false };
            let digits = &v[..v.len() - unit.len_utf8()];
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u64>().is_ok_and(|n| n > 0)
                && matches!(unit, 's' | 'm' | 'h' | 'd' | 'w')
        }),
        _ => return Err("Invalid method provided"),
    };
    if valid { Ok(()) } else { Err("Invalid value given for method type") }
}
