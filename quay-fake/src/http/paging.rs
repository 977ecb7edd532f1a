//! Paging: opaque `next_page` tokens in the spirit of Quay's Fernet tokens, and the paged
//! listing built with them.
//!
//! Each token differs on every call (random nonce) and authenticates its content; a token that
//! does not decode, or was made for another listing, silently means "page 1", as in Quay.

use crate::util::{base64url, rand_bytes, sha256_hex};
use serde_json::{Value, json};
use std::sync::OnceLock;

static SECRET: OnceLock<Vec<u8>> = OnceLock::new();

fn secret() -> &'static [u8] {
    SECRET.get_or_init(|| rand_bytes(32))
}

fn mac(kind: &str, nonce: &[u8], offset: u64) -> Vec<u8> {
    let mut data = secret().to_vec();
    data.extend_from_slice(nonce);
    data.extend_from_slice(kind.as_bytes());
    data.extend_from_slice(&offset.to_be_bytes());
    let h = sha256_hex(&data);
    (0..8).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap_or(0)).collect()
}

fn unb64(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = s.trim_end_matches('=').as_bytes();
    let mut out = vec![];
    for chunk in bytes.chunks(4) {
        let mut v = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            v |= val(*c)? << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((v >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// Encodes a page token for the listing `kind` starting at `offset`.
pub(crate) fn encode(kind: &str, offset: usize) -> String {
    let nonce = rand_bytes(16);
    let mut raw = nonce.clone();
    raw.extend_from_slice(&(offset as u64).to_be_bytes());
    raw.extend(mac(kind, &nonce, offset as u64));
    format!("gAAAAAB{}", base64url(&raw))
}

/// Decodes a page token for `kind`; anything invalid, empty or absent gives offset 0.
pub(crate) fn decode(kind: &str, token: Option<&str>) -> usize {
    let Some(raw) = token.and_then(|t| t.strip_prefix("gAAAAAB")).and_then(unb64) else { return 0 };
    if raw.len() != 32 {
        return 0;
    }
    let (nonce, rest) = raw.split_at(16);
    let offset = u64::from_be_bytes(rest[..8].try_into().unwrap_or([0; 8]));
    if mac(kind, nonce, offset) != rest[8..] {
        return 0;
    }
    offset as usize
}

/// `{key: items}`, or with a `limit` one page of them from `token`'s offset, plus `next_page`
/// when more follow.
pub(crate) fn page_of(items: Vec<Value>, key: &str, kind: &str, limit: Option<usize>, token: Option<&str>) -> Value {
    let Some(limit) = limit else { return json!({key: items}) };
    let offset = decode(kind, token);
    let page: Vec<Value> = items.iter().skip(offset).take(limit).cloned().collect();
    let mut out = json!({key: page});
    if items.len() > offset + limit {
        out["next_page"] = json!(encode(kind, offset + limit));
    }
    out
}

/// One page of audit log entries (`{"logs": [...]}`) from `token`'s offset. As in Quay, whose
/// pages walk its log tables one after the other, a page that holds entries always carries a
/// `next_page` (after the last entry it leads to an empty page), and an empty page never does.
pub(crate) fn log_page(items: Vec<Value>, kind: &str, limit: usize, token: Option<&str>) -> Value {
    let offset = decode(kind, token);
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let next = offset + page.len();
    let mut out = json!({"logs": page});
    if next > offset {
        out["next_page"] = json!(encode(kind, next));
    }
    out
}
