//! Kotlin names: types in UpperCamelCase, properties and parameters in lowerCamelCase (with
//! `@SerialName` for the JSON key), enum constants in SCREAMING_SNAKE_CASE, keywords in
//! backticks.

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToUpperCamelCase};

/// Kotlin's hard keywords: an identifier named so is written in backticks.
const KEYWORDS: &[&str] = &[
    "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in", "interface", "is", "null",
    "object", "package", "return", "super", "this", "throw", "true", "try", "typealias", "typeof", "val", "var",
    "when", "while",
];

/// The names the hand-written runtime and the imports of the generated files declare, which
/// no generated type takes (a type named so gets the suffix `Body`).
pub const HAND_WRITTEN: &[&str] = &[
    "Any", "Boolean", "Double", "ErrorInfo", "Flow", "JsonElement", "JsonObject", "List", "Long", "Map", "Nothing",
    "Nullable", "QuayClient", "QuayClientBase", "QuayConfig", "QuayException", "QuayFakeServer", "QuayJson",
    "Result", "SerialName", "Serializable", "String", "Unit",
];

/// The members of `QuayClient` the runtime declares, which no operation takes.
pub const CLIENT_MEMBERS: &[&str] = &["baseUrl", "call", "close", "paginate", "invoke", "pages", "isClosed"];

/// Whether `s` is a plain ASCII identifier.
fn plain(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic()) && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// A type name for a model name (`RepositoryTag` stays, `repo-name` -> `RepoName`).
pub fn type_name(name: &str) -> Option<String> {
    let camel = if plain(name) && name.starts_with(|c: char| c.is_ascii_uppercase()) { name.to_string() } else { name.to_upper_camel_case() };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("T{camel}") } else { camel };
    plain(&camel).then_some(camel)
}

/// A property or parameter name for a JSON key (`manifest_digest` -> `manifestDigest`,
/// `isPublic` stays), as written in source (keywords in backticks).
pub fn member(key: &str) -> Option<String> {
    let camel = key.to_lower_camel_case();
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("_{camel}") } else { camel };
    if !plain(&camel) {
        return None;
    }
    Some(if KEYWORDS.contains(&camel.as_str()) { format!("`{camel}`") } else { camel })
}

/// An enum constant for a value (`dark-blue` -> `DARK_BLUE`, `""` -> `EMPTY`).
pub fn constant(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("EMPTY".to_string());
    }
    let shouty = value.to_shouty_snake_case();
    let shouty = if shouty.starts_with(|c: char| c.is_ascii_digit()) { format!("V_{shouty}") } else { shouty };
    plain(&shouty).then_some(shouty)
}

/// A Kotlin string literal (`$` escaped).
pub fn lit(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises").replace('$', "\\$")
}

/// `text` as a KDoc comment indented by `indent`, wrapped at 100 columns (`*/` defused).
pub fn kdoc(text: &str, indent: &str) -> String {
    let text = text.trim().replace("*/", "*&#47;");
    let wrapped = crate::text::wrap(&text, 96usize.saturating_sub(indent.len()));
    let mut out = format!("{indent}/**\n");
    for line in wrapped.lines() {
        if line.is_empty() {
            out.push_str(indent);
            out.push_str(" *\n");
        } else {
            out.push_str(&format!("{indent} * {line}\n"));
        }
    }
    out.push_str(indent);
    out.push_str(" */\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("RepositoryTag").as_deref(), Some("RepositoryTag"));
        assert_eq!(type_name("repo-name").as_deref(), Some("RepoName"));
        assert_eq!(member("manifest_digest").as_deref(), Some("manifestDigest"));
        assert_eq!(member("isPublic").as_deref(), Some("isPublic"));
        assert_eq!(member("is").as_deref(), Some("`is`"));
        assert_eq!(member("2fa").as_deref(), Some("_2fa"));
        assert_eq!(member("").as_deref(), None);
        assert_eq!(constant("dark-blue").as_deref(), Some("DARK_BLUE"));
        assert_eq!(constant("").as_deref(), Some("EMPTY"));
        assert_eq!(constant("3").as_deref(), Some("V_3"));
        assert_eq!(lit("a$b\"c"), "\"a\\$b\\\"c\"");
        assert_eq!(kdoc("a */ b", ""), "/**\n * a *&#47; b\n */\n");
    }
}
