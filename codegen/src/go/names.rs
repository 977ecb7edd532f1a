//! Go names: exported identifiers from the spec's names, with Go's initialisms (`ID`, `URL`).

use heck::ToUpperCamelCase;

/// Words Go spells in capitals inside identifiers.
const INITIALISMS: &[&str] = &["Api", "Csrf", "Db", "Http", "Https", "Id", "Ip", "Json", "Oidc", "Sha", "Tls", "Ttl", "Uri", "Url", "Uuid"];

/// Go's keywords and predeclared names: no generated identifier is one.
const GO_RESERVED: &[&str] = &[
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go", "goto",
    "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type", "var",
];

/// The names the hand-written part of package `quay` declares, which no generated type takes.
pub const HAND_WRITTEN: &[&str] = &[
    "APIError", "Client", "Config", "ErrorCode", "Null", "Nullable", "NewClient", "NewClientFromEnv", "Operations", "Ptr",
    "Value", "Version",
];

/// The methods of the hand-written `Client`, which no operation takes.
pub const CLIENT_METHODS: &[&str] = &["BaseURL", "Call", "Close", "Paginate"];

/// An exported Go identifier for a spec name (`manifest_digest` -> `ManifestDigest`,
/// `uuid` -> `UUID`, `repo-name` -> `RepoName`); `None` when nothing of it can be a name.
pub fn exported(name: &str) -> Option<String> {
    let camel = name.to_upper_camel_case();
    if camel.is_empty() {
        return None;
    }
    // Split into words at each capital (heck left one capital per word) and digits stay attached.
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if INITIALISMS.contains(&word.as_str()) {
            out.push_str(&word.to_ascii_uppercase());
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in camel.chars() {
        if c.is_ascii_uppercase() && !word.is_empty() {
            flush(&mut word, &mut out);
        }
        word.push(c);
    }
    flush(&mut word, &mut out);
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'X');
    }
    let valid = out.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) && !GO_RESERVED.contains(&out.as_str());
    valid.then_some(out)
}

/// A Go string literal.
pub fn lit(s: &str) -> String {
    // JSON's escapes are valid Go escapes for the characters JSON escapes.
    serde_json::to_string(s).expect("a string serialises")
}

/// `text` as `//` comment lines indented by `indent`, wrapped at 100 columns.
pub fn comment(text: &str, indent: &str) -> String {
    let wrapped = crate::text::wrap(text.trim(), 96usize.saturating_sub(indent.len()));
    let mut out = String::new();
    for line in wrapped.lines() {
        if line.is_empty() {
            out.push_str(indent);
            out.push_str("//\n");
        } else {
            out.push_str(indent);
            out.push_str("// ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(exported("manifest_digest").as_deref(), Some("ManifestDigest"));
        assert_eq!(exported("uuid").as_deref(), Some("UUID"));
        assert_eq!(exported("robot_id").as_deref(), Some("RobotID"));
        assert_eq!(exported("isPublic").as_deref(), Some("IsPublic"));
        assert_eq!(exported("api_url").as_deref(), Some("APIURL"));
        assert_eq!(exported("read-only").as_deref(), Some("ReadOnly"));
        assert_eq!(exported("2fa").as_deref(), Some("X2fa"));
        assert_eq!(exported("").as_deref(), None);
        assert_eq!(comment("a b\n\nc", "\t"), "\t// a b\n\t//\n\t// c\n");
    }
}
