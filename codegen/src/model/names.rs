//! The naming rules every generator shares: which names are identifiers, which words are
//! reserved, and how a place in the spec becomes a type name.

use heck::ToUpperCamelCase;

/// Python's keywords: no generated name may be one (a Python argument named so gets a `_`).
pub const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Names the generated code imports beside the types (Python's `typing` names), which no type
/// may take.
pub const RESERVED_TYPE_NAMES: &[&str] =
    &["Any", "Dict", "List", "Literal", "NotRequired", "Optional", "TypedDict", "Union", "annotations"];

/// Whether `s` is an ASCII identifier and no keyword of a target language.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !PYTHON_KEYWORDS.contains(&s)
}

/// A type name for a spec name or a place: itself when it is an identifier, else UpperCamelCase.
pub fn type_name(hint: &str) -> String {
    if is_identifier(hint) { hint.to_string() } else { hint.to_upper_camel_case() }
}

/// UpperCamelCase, as inline types are named after their place (`NewPrototype` + `delegate`).
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Checks that a surface's client methods are distinct: one per operation (`method`, with
/// `<method>All` beside it for a paged one), none named like a hand-written member of the
/// client (`reserved`). `surface` names the generator in the error.
pub fn distinct_methods<'a>(surface: &str, reserved: &[&str], methods: impl IntoIterator<Item = (&'a str, bool)>) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for (method, paged) in methods {
        let all = paged.then(|| format!("{method}All"));
        for name in std::iter::once(method.to_string()).chain(all) {
            if reserved.contains(&name.as_str()) || !seen.insert(name.clone()) {
                return Err(format!("{surface}: two methods would be named `{name}`"));
            }
        }
    }
    Ok(())
}

/// A description trimmed, or `None` when empty.
pub fn trimmed(text: Option<&str>) -> Option<String> {
    let text = text?.trim();
    if text.is_empty() { None } else { Some(text.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_methods_must_be_distinct() {
        assert_eq!(distinct_methods("go", &["Close"], [("GetRepo", false), ("ListTags", true)]), Ok(()));
        let twice = distinct_methods("go", &[], [("GetRepo", false), ("GetRepo", false)]);
        assert_eq!(twice, Err("go: two methods would be named `GetRepo`".to_string()));
        // A paged operation's `...All` meets another operation's method.
        let paged = distinct_methods("kotlin", &[], [("listTags", true), ("listTagsAll", false)]);
        assert_eq!(paged, Err("kotlin: two methods would be named `listTagsAll`".to_string()));
        let reserved = distinct_methods("kotlin", &["close"], [("close", false)]);
        assert_eq!(reserved, Err("kotlin: two methods would be named `close`".to_string()));
    }
}
