//! Request bodies that progenitor cannot express: `ChangeTag` must tell "leave the expiration
//! alone" (absent) from "clear it" (null), which an `Option` field cannot.

use serde::{Deserialize, Deserializer, Serialize};

use crate::generated::types::ManifestDigest;

/// Body of `changeTag`: point a tag at a manifest, and/or set or clear its expiration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeTag {
    /// The manifest the tag should point at (created or moved); absent leaves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_digest: Option<ManifestDigest>,
    /// `Some(Some(t))` sets the expiration to Unix time `t`, `Some(None)` clears it (sends
    /// `null`), `None` leaves it unchanged (sends nothing).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub expiration: Option<Option<i64>>,
}

/// A key that is present deserialises to `Some`, even when its value is null.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

impl ChangeTag {
    /// Points the tag at `digest` (creating the tag if needed).
    pub fn to_manifest(digest: ManifestDigest) -> ChangeTag {
        ChangeTag { manifest_digest: Some(digest), expiration: None }
    }

    /// Sets the expiration to Unix time `timestamp`.
    pub fn expire_at(mut self, timestamp: i64) -> ChangeTag {
        self.expiration = Some(Some(timestamp));
        self
    }

    /// Clears the expiration.
    pub fn clear_expiration(mut self) -> ChangeTag {
        self.expiration = Some(None);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_null_and_value_round_trip() {
        let none: ChangeTag = serde_json::from_value(json!({})).unwrap();
        assert_eq!(serde_json::to_value(&none).unwrap(), json!({}));
        let clear: ChangeTag = serde_json::from_value(json!({"expiration": null})).unwrap();
        assert_eq!(clear.expiration, Some(None));
        assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"expiration": null}));
        let set = ChangeTag::default().expire_at(5);
        assert_eq!(serde_json::to_value(&set).unwrap(), json!({"expiration": 5}));
        assert!(serde_json::from_value::<ChangeTag>(json!({"manifest_digest": "sha256:bad"})).is_err());
    }
}
