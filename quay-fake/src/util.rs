//! Small helpers: date formatting, random identifiers, hashing and avatars.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// (year, month, day) for a count of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 for a civil date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn parts(ts: i64) -> (i64, u32, u32, i64, i64, i64, &'static str) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, secs / 3600, (secs / 60) % 60, secs % 60, WEEKDAYS[days.rem_euclid(7) as usize])
}

/// RFC 2822 date as Quay's `format_date` renders it: `Mon, 23 Nov 2026 15:27:47 -0000`.
pub fn rfc2822(ts: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = parts(ts);
    format!("{wd}, {d:02} {} {y} {hh:02}:{mm:02}:{ss:02} -0000", MONTHS[m as usize - 1])
}

/// HTTP date as Flask's JSON encoder renders datetimes: `Mon, 23 Nov 2026 15:25:25 GMT`.
pub fn http_date(ts: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = parts(ts);
    format!("{wd}, {d:02} {} {y} {hh:02}:{mm:02}:{ss:02} GMT", MONTHS[m as usize - 1])
}

/// ISO calendar date `2026-11-22`.
pub fn iso_date(ts: i64) -> String {
    let (y, m, d, ..) = parts(ts);
    format!("{y:04}-{m:02}-{d:02}")
}

/// ISO 8601 timestamp with a `Z` suffix, as mirror configs show `sync_start_date`.
pub fn iso_z(ts: i64) -> String {
    let (y, m, d, hh, mm, ss, _) = parts(ts);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `%Y-%m-%dT%H:%M:%SZ` (the only format Quay's mirror API accepts).
pub fn parse_iso_z(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    let (date, time) = s.split_once('T')?;
    let d: Vec<&str> = date.split('-').collect();
    let t: Vec<&str> = time.split(':').collect();
    if d.len() != 3 || t.len() != 3 {
        return None;
    }
    let (y, mo, da) = (num(d[0])?, num(d[1])?, num(d[2])?);
    let (h, mi, se) = (num(t[0])?, num(t[1])?, num(t[2])?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    Some(days_from_civil(y, mo as u32, da as u32) * 86_400 + h * 3600 + mi * 60 + se)
}

/// Parses `%m/%d/%Y` (the log listings' starttime/endtime) to midnight UTC.
pub fn parse_mdy(s: &str) -> Option<i64> {
    let p: Vec<&str> = s.split('/').collect();
    if p.len() != 3 {
        return None;
    }
    let (m, d, y) = (num(p[0])?, num(p[1])?, num(p[2])?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m as u32, d as u32) * 86_400)
}

static RNG: Mutex<u64> = Mutex::new(0);

/// A pseudo-random 64-bit number (xorshift, seeded from the process's hasher keys and the clock).
pub fn rand_u64() -> u64 {
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
pub fn rand_bytes(n: usize) -> Vec<u8> {
    (0..n).map(|_| (rand_u64() >> 24) as u8).collect()
}

/// A random version-4 UUID in its hyphenated form.
pub fn uuid4() -> String {
    let mut b = rand_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Random string over `alphabet` of length `n`.
pub fn rand_string(n: usize, alphabet: &[u8]) -> String {
    (0..n).map(|_| alphabet[(rand_u64() % alphabet.len() as u64) as usize] as char).collect()
}

/// Upper-case letters and digits (OAuth client ids, robot tokens).
pub const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Letters and digits.
pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Lower-case hexadecimal encoding.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// SHA-256 of `data` as lower-case hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn b64(data: &[u8], alphabet: &[u8], pad: bool) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= n {
                out.push(alphabet[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    b64(data, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true)
}

/// URL-safe base64 without padding (JWK members, key ids).
pub fn base64url(data: &[u8]) -> String {
    b64(data, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false)
}

const COLORS: [&str; 40] = [
    "#969696", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    "#bcbd22", "#1f77b4", "#17becf", "#9edae5", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede",
    "#637939", "#8ca252", "#b5cf6b", "#cedb9c", "#8c6d31", "#bd9e39", "#e7ba52", "#e7cb94",
    "#843c39", "#ad494a", "#d6616b", "#e7969c", "#7b4173", "#a55194", "#ce6dbd", "#de9ed6",
];

/// Quay's avatar object `{name, hash, color, kind}` for a name and the string it hashes.
pub fn avatar(name: &str, hash_source: &str, kind: &str) -> Value {
    let hash = sha256_hex(hash_source.trim().to_lowercase().as_bytes());
    let idx = u64::from_str_radix(&hash[0..8], 16).unwrap_or(0) as usize % COLORS.len();
    json!({"name": name, "hash": hash, "color": COLORS[idx], "kind": kind})
}

/// Percent-decodes a URL path segment or query component (`+` is kept unless `plus` is set).
pub fn percent_decode(s: &str, plus: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or(()) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' if plus => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a query string into ordered (name, value) pairs.
pub fn parse_query(q: Option<&str>) -> Vec<(String, String)> {
    let Some(q) = q else { return vec![] };
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Flask-restful's `truthy_bool`: true for "true", "1", "yes" (any case); false otherwise.
pub fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "y" | "t" | "on")
}

/// Quay's namespace/team name rule `^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`.
pub fn valid_namespace_chars(s: &str) -> bool {
    let mut prev_sep = true;
    for c in s.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            prev_sep = false;
        } else if matches!(c, '.' | '_' | '-') {
            if prev_sep {
                return false;
            }
            prev_sep = true;
        } else {
            return false;
        }
    }
    !s.is_empty() && !prev_sep
}

/// Quay's repository name rule `^[a-z0-9][.a-z0-9_-]{0,254}$`.
pub fn valid_repo_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 255
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._-".contains(c))
}

/// Quay's tag name rule `^[\w][\w.-]{0,127}$`.
pub fn valid_tag_name(s: &str) -> bool {
    let b = s.as_bytes();
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    !b.is_empty() && b.len() <= 128 && word(&b[0]) && b.iter().all(|c| word(c) || b".-".contains(c))
}

/// Parses a human-readable size such as `10 GiB` or `300MiB` into bytes (bitmath semantics).
pub fn parse_human_size(s: &str) -> Option<f64> {
    let s = s.trim();
    let idx = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let n: f64 = s[..idx].parse().ok()?;
    let unit = s[idx..].trim();
    let k = 1024f64;
    let mult = match unit {
        "" | "B" => 1.0,
        "KiB" | "Ki" | "K" => k,
        "MiB" | "Mi" | "M" => k.powi(2),
        "GiB" | "Gi" | "G" => k.powi(3),
        "TiB" | "Ti" | "T" => k.powi(4),
        "PiB" | "Pi" | "P" => k.powi(5),
        "EiB" | "Ei" | "E" => k.powi(6),
        "ZiB" | "Zi" | "Z" => k.powi(7),
        "YiB" | "Yi" | "Y" => k.powi(8),
        "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "PB" => 1e15,
        "EB" => 1e18,
        "ZB" => 1e21,
        "YB" => 1e24,
        _ => return None,
    };
    Some(n * mult)
}

/// Renders bytes the way Quay's quota view does (`100.0 MiB`, `3.0 GiB`).
pub fn human_size(bytes: i64) -> String {
    let units = ["Byte", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1024.0 && i < units.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    format!("{v:.1} {}", units[i])
}
