//! Quay's naming rules: namespaces (users, organizations, robots' short names, teams),
//! repositories, tags and e-mail addresses.

/// Quay's namespace/team name rule `^([a-z0-9]+(?:[._-][a-z0-9]+)*)$`.
fn valid_namespace_chars(s: &str) -> bool {
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

/// Quay's namespace name validation message, if the name is invalid.
pub(crate) fn namespace_error(name: &str) -> Option<String> {
    if !valid_namespace_chars(name) {
        return Some("Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$".into());
    }
    if name.len() < 2 || name.len() > 255 {
        return Some("Namespace must be between 2 and 255 characters in length".into());
    }
    None
}

/// Quay's repository name rule `^[a-z0-9][.a-z0-9_-]{0,254}$`.
pub(crate) fn valid_repo_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 255
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._-".contains(c))
}

/// Quay's tag name rule `^[\w][\w.-]{0,127}$`.
pub(crate) fn valid_tag_name(s: &str) -> bool {
    let b = s.as_bytes();
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    !b.is_empty() && b.len() <= 128 && word(&b[0]) && b.iter().all(|c| word(c) || b".-".contains(c))
}

/// Quay's e-mail sanity check (something@domain.tld, no spaces).
pub(crate) fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(char::is_whitespace)
}
