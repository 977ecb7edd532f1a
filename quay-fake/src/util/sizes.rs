//! Human-readable sizes as Quay's quotas read and show them (bitmath semantics).

/// Parses a human-readable size such as `10 GiB` or `300MiB` into bytes (bitmath semantics).
pub(crate) fn parse_human_size(s: &str) -> Option<f64> {
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
pub(crate) fn human_size(bytes: i64) -> String {
    let units = ["Byte", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1024.0 && i < units.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    format!("{v:.1} {}", units[i])
}
