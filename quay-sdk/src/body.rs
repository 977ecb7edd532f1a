//! Request bodies that progenitor cannot express: their optional expiration must tell "leave it
//! unchanged" (key absent) from "clear it" (`null`), which one `Option` cannot. The generated
//! builders take these types (see `quay_codegen::REPLACED_BODIES`).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::generated::types::{ManifestDigest, MirrorRegistryConfig, MirrorRootRule};

/// A key that is present deserialises to `Some`, even when its value is null.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
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

    /// Sets the expiration: Unix seconds (`i64`) or a [`std::time::SystemTime`]. One at or
    /// before Quay's current time is refused before sending.
    pub fn expire_at(mut self, when: impl crate::IntoUnixTime) -> ChangeTag {
        self.expiration = Some(Some(when.into_unix_time()));
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

impl PutServiceKey {
    /// Sets the expiry: Unix seconds (`i64`) or a [`std::time::SystemTime`]. One at or before
    /// Quay's current time is refused before sending.
    pub fn expire_at(mut self, when: impl crate::IntoUnixTime) -> PutServiceKey {
        self.expiration = Some(Some(when.into_unix_time()));
        self
    }

    /// Removes the expiry (the key never expires).
    pub fn never_expire(mut self) -> PutServiceKey {
        self.expiration = Some(None);
        self
    }
}

/// Body of `changeOrganizationDetails`: only the keys present are applied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrg {
    /// A new contact email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether invoices are sent by email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_email: Option<bool>,
    /// `Some(Some(a))` sets the invoice address, `Some(None)` clears it (sends `null`), `None`
    /// leaves it.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub invoice_email_address: Option<Option<String>>,
    /// Seconds a deleted or moved-away tag stays recoverable (one of Quay's configured options).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_expiration_s: Option<i64>,
}

/// Body of `changeRepoMirrorConfig`: only the keys present are applied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateMirrorConfig {
    /// Whether synchronisation runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    /// Source repository, `host[:port]/path` without a URL scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_reference: Option<String>,
    /// `Some(Some(u))` sets the source registry's user name, `Some(None)` removes the
    /// credentials (sends `null`), `None` leaves them.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub external_registry_username: Option<Option<String>>,
    /// The source registry's password, with the user name; `Some(None)` removes it.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub external_registry_password: Option<Option<String>>,
    /// Next synchronisation time, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_start_date: Option<String>,
    /// Seconds between synchronisations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_interval: Option<i64>,
    /// Full name of the robot that pushes the mirrored images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub robot_username: Option<String>,
    /// Which tags to mirror (accepted, but Quay does not apply it on change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_rule: Option<MirrorRootRule>,
    /// TLS, proxy and signature settings for the source registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_registry_config: Option<MirrorRegistryConfig>,
    /// Seconds a synchronisation may run before it is stopped (at least 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skopeo_timeout_interval: Option<i64>,
    /// Architectures to copy from multi-architecture images; empty copies all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture_filter: Option<Vec<String>>,
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

    /// How many bodies the spec marks as clearable (optional and nullable fields), which must
    /// equal the number of hand-written types (the spec lint ties each to a replacement).
    fn quay_codegen_replaced() -> usize {
        let spec = quay_spec::Spec::embedded().unwrap();
        let mut names: Vec<&str> = spec
            .operations
            .iter()
            .filter_map(|o| o.body.as_ref())
            .filter(|b| {
                let schema = serde_json::to_value(spec.schema(&b.schema_name).unwrap()).unwrap();
                schema["properties"].as_object().is_some_and(|p| {
                    p.iter().any(|(k, v)| v["nullable"] == true && !b.required_properties.contains(k))
                })
            })
            .map(|b| b.schema_name.as_str())
            .collect();
        names.sort();
        names.dedup();
        names.len()
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
            ("UpdateOrg", serde_json::to_value(UpdateOrg {
                email: Some("e".into()),
                invoice_email: Some(true),
                invoice_email_address: Some(None),
                tag_expiration_s: Some(1),
            })),
            ("UpdateMirrorConfig", serde_json::to_value(UpdateMirrorConfig {
                is_enabled: Some(true),
                external_reference: Some("r".into()),
                external_registry_username: Some(None),
                external_registry_password: Some(None),
                sync_start_date: Some("d".into()),
                sync_interval: Some(1),
                robot_username: Some("o+r".into()),
                root_rule: serde_json::from_value(serde_json::json!({"rule_kind": "tag_glob_csv", "rule_value": ["a"]})).ok(),
                external_registry_config: Some(MirrorRegistryConfig::default()),
                skopeo_timeout_interval: Some(300),
                architecture_filter: Some(vec![]),
            })),
        ];
        assert_eq!(full.len(), quay_codegen_replaced(), "every replaced body is checked here");
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
