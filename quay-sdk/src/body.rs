//! Request bodies that progenitor cannot express: their optional expiration must tell "leave it
//! unchanged" (key absent) from "clear it" (`null`), which one `Option` cannot. The generated
//! builders take these types (see `quay_codegen::REPLACED_BODIES`).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::generated::types::ManifestDigest;

/// A key that is present deserialises to `Some`, even when its value is null.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

/// Body of `changeTag`: point a tag at a manifest, set or clear its expiration, (un)lock it.
///
/// Quay applies `expiration` first and answers 404 when the tag does not exist yet, so a call
/// that creates a tag cannot also set its expiration: create it, then change the expiration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeTag {
    /// The manifest the tag should point at (created or moved); absent leaves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_digest: Option<ManifestDigest>,
    /// `Some(Some(t))` sets the expiration to Unix time `t`, `Some(None)` clears it (sends
    /// `null`), `None` leaves it unchanged (sends nothing).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub expiration: Option<Option<i64>>,
    /// Makes the tag immutable (`true`) or mutable again (`false`); absent leaves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

impl ChangeTag {
    /// Points the tag at `digest` (creating the tag if needed).
    pub fn to_manifest(digest: ManifestDigest) -> ChangeTag {
        ChangeTag { manifest_digest: Some(digest), ..ChangeTag::default() }
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

/// Body of `updateServiceKey`: rename, merge metadata, set or remove the expiry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutServiceKey {
    /// A new friendly name; absent leaves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Key/value pairs merged into the key's metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// `Some(Some(t))` sets the expiry to Unix time `t`, `Some(None)` removes it (sends
    /// `null`), `None` leaves it (sends nothing).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub expiration: Option<Option<i64>>,
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
        assert!(serde_json::from_value::<ChangeTag>(json!({"expires": 5})).is_err());
        let key: PutServiceKey = serde_json::from_value(json!({"expiration": null})).unwrap();
        assert_eq!(serde_json::to_value(&key).unwrap(), json!({"expiration": null}));
    }

    /// The hand-written bodies carry exactly the properties the spec declares.
    #[test]
    fn replaced_bodies_match_the_spec() {
        let spec = quay_spec::Spec::embedded().unwrap();
        let full = [
            ("ChangeTag", serde_json::to_value(ChangeTag {
                manifest_digest: Some(format!("sha256:{}", "a".repeat(64)).parse().unwrap()),
                expiration: Some(Some(1)),
                immutable: Some(true),
            })),
            ("PutServiceKey", serde_json::to_value(PutServiceKey {
                name: Some("n".into()),
                metadata: Some(Map::new()),
                expiration: Some(Some(1)),
            })),
        ];
        for (name, value) in full {
            let keys: Vec<String> = value.unwrap().as_object().unwrap().keys().cloned().collect();
            let schema = serde_json::to_value(spec.schema(name).unwrap()).unwrap();
            let mut props: Vec<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
            let mut keys = keys;
            keys.sort();
            props.sort();
            assert_eq!(keys, props, "{name} differs from the spec");
        }
    }
}
