//! Dates: Quay's renderings (RFC 2822, HTTP dates, ISO dates) and the parsers of the
//! date formats its API accepts, on whole Unix seconds in UTC.

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
pub(crate) fn iso_z(ts: i64) -> String {
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
pub(crate) fn parse_iso_z(s: &str) -> Option<i64> {
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
pub(crate) fn parse_mdy(s: &str) -> Option<i64> {
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
