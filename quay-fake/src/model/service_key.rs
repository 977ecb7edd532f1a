//! Service keys: creation (an RSA-shaped public key), approval, the key Quay boots with, and
//! how long an expired key stays visible.

use super::State;
use crate::util::{base64, base64url, rand_bytes};
use serde_json::{Map, Value};

/// How long Quay keeps showing a service key after it expired (`EXPIRED_SERVICE_KEY_TTL_SEC`,
/// one week); after that its listings and lookups leave it out, as if collected.
pub(crate) const EXPIRED_SERVICE_KEY_TTL_S: i64 = 7 * 86_400;

/// Service key approval.
#[derive(Clone, Debug)]
pub(crate) struct KeyApproval {
    /// `ServiceKeyApprovalType.SUPERUSER` etc.
    pub(crate) kind: String,
    /// Approver entity id.
    pub(crate) approver: Option<u64>,
    /// Approval time.
    pub(crate) date: i64,
    /// Notes.
    pub(crate) notes: String,
}

/// A service key.
#[derive(Clone, Debug)]
pub(crate) struct ServiceKey {
    /// Key id.
    pub(crate) kid: String,
    /// Friendly name.
    pub(crate) name: String,
    /// Service name.
    pub(crate) service: String,
    /// Metadata.
    pub(crate) metadata: Map<String, Value>,
    /// Creation time.
    pub(crate) created: i64,
    /// Expiration.
    pub(crate) expiration: Option<i64>,
    /// Approval.
    pub(crate) approval: Option<KeyApproval>,
    /// JWK modulus (base64url).
    pub(crate) jwk_n: String,
    /// PEM public key.
    pub(crate) public_pem: String,
}

impl ServiceKey {
    /// Whether the key expired so long ago that Quay no longer shows it.
    pub(crate) fn stale(&self, now: i64) -> bool {
        self.expiration.is_some_and(|e| e <= now - EXPIRED_SERVICE_KEY_TTL_S)
    }
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 128 {
        out.push(n as u8);
    } else if n < 256 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// PEM armour of `data` under `label`.
pub(crate) fn pem(label: &str, data: &[u8]) -> String {
    let b = base64(data);
    let lines: Vec<&str> = b.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

impl State {
    /// A fresh service key record (RSA-shaped public key; approval and metadata left empty).
    pub(crate) fn new_key(&self, name: &str, service: &str) -> ServiceKey {
        let mut n = rand_bytes(256);
        n[0] |= 0x80;
        let mut int_n = vec![0u8];
        int_n.extend_from_slice(&n);
        let rsa = der(0x30, &[der(0x02, &int_n), der(0x02, &[1, 0, 1])].concat());
        let mut bits = vec![0u8];
        bits.extend(rsa);
        let alg = der(0x30, &[der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]), vec![0x05, 0x00]].concat());
        let spki = der(0x30, &[alg, der(0x03, &bits)].concat());
        ServiceKey {
            kid: base64url(&rand_bytes(32)),
            name: name.to_string(),
            service: service.to_string(),
            metadata: Map::new(),
            created: self.now(),
            expiration: None,
            approval: None,
            jwk_n: base64url(&n),
            public_pem: pem("PUBLIC KEY", &spki),
        }
    }

    /// Adds the key a Quay boots with: service `quay`, named after the server, automatically
    /// approved, expiring in two hours.
    pub(super) fn add_boot_key(&mut self, base_url: &str) {
        let key = self.new_key(base_url, "quay");
        self.keys.push(ServiceKey {
            metadata: [("created_by".to_string(), Value::from("CLI tool"))].into_iter().collect(),
            expiration: Some(self.now() + 7200),
            approval: Some(KeyApproval {
                kind: "ServiceKeyApprovalType.AUTOMATIC".into(),
                approver: None,
                date: self.now(),
                notes: String::new(),
            }),
            ..key
        });
    }
}
