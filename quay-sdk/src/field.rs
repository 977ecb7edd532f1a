//! [`IntoField`]: what the generated builders' setters accept for text and for the spec's named
//! string types, so that `b.email("a@example.com")` and `b.namespace("acme")` read naturally
//! and a bad value is refused with the setter, the value and the rule.

/// A value a builder setter accepts for a field of type `F`. Implemented for text (`&str`,
/// `String`) and `Option`s of it for optional text, and, for each named string type of the spec
/// (`Namespace`, `Visibility`, ...), for the type itself, text, and `Option`s of the type.
pub trait IntoField<F> {
    /// Converts, or says why the value breaks the field's rule.
    fn into_field(self) -> Result<F, String>;
}

impl IntoField<Option<String>> for &str {
    fn into_field(self) -> Result<Option<String>, String> {
        Ok(Some(self.to_string()))
    }
}

impl IntoField<Option<String>> for String {
    fn into_field(self) -> Result<Option<String>, String> {
        Ok(Some(self))
    }
}

impl IntoField<Option<String>> for &String {
    fn into_field(self) -> Result<Option<String>, String> {
        Ok(Some(self.clone()))
    }
}

impl IntoField<Option<String>> for Option<String> {
    fn into_field(self) -> Result<Option<String>, String> {
        Ok(self)
    }
}

/// A point in time given as Unix seconds or a [`std::time::SystemTime`], for expirations.
pub trait IntoUnixTime {
    /// Whole seconds since 1970-01-01 UTC (times before it count as 0).
    fn into_unix_time(self) -> i64;
}

impl IntoUnixTime for i64 {
    fn into_unix_time(self) -> i64 {
        self
    }
}

impl IntoUnixTime for std::time::SystemTime {
    fn into_unix_time(self) -> i64 {
        self.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }
}

/// `2026-11-29 09:44:36 UTC` for a Unix time, for messages.
pub(crate) fn utc(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", secs / 3600, (secs / 60) % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_renders_civil_times() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_924_992_000), "2031-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400 + 86_399), "2000-02-29 23:59:59 UTC");
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_924_992_000);
        assert_eq!(t.into_unix_time(), 1_924_992_000);
    }
}
