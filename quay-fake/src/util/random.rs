//! Random identifiers: numbers, bytes, UUIDs and strings over an alphabet.

use super::encoding::hex;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

static RNG: Mutex<u64> = Mutex::new(0);

/// A pseudo-random 64-bit number (xorshift, seeded from the process's hasher keys and the clock).
pub(crate) fn rand_u64() -> u64 {
    let mut s = RNG.lock().unwrap_or_else(|e| e.into_inner());
    if *s == 0 {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(1));
        *s = h.finish() | 1;
    }
    let mut x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// `n` random bytes.
pub(crate) fn rand_bytes(n: usize) -> Vec<u8> {
    (0..n).map(|_| (rand_u64() >> 24) as u8).collect()
}

/// A random version-4 UUID in its hyphenated form.
pub(crate) fn uuid4() -> String {
    let mut b = rand_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Random string over `alphabet` of length `n`.
pub(crate) fn rand_string(n: usize, alphabet: &[u8]) -> String {
    (0..n).map(|_| alphabet[(rand_u64() % alphabet.len() as u64) as usize] as char).collect()
}

/// Upper-case letters and digits (OAuth client ids, robot tokens).
pub(crate) const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Letters and digits.
pub(crate) const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
