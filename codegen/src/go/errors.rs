//! `errors_gen.go`: a sentinel `*ErrorCode` per stable error code (`quay_spec::errors`), each
//! knowing its parent, so that `errors.Is(err, quay.ErrForbidden)` holds for an
//! `api.insufficient_scope` error as the Python class hierarchy does.

use std::fmt::Write as _;

use quay_spec::errors::ERROR_CODES;

use super::names::{comment, exported, lit};
use super::HEADER;

/// The sentinel's Go name for a code: `Err` + its last dotted part (`api.not_found` ->
/// `ErrNotFound`, `api` -> `ErrAPI`).
pub fn sentinel(code: &str) -> Result<String, String> {
    let last = code.rsplit('.').next().unwrap_or(code);
    exported(last).map(|n| format!("Err{n}")).ok_or_else(|| format!("go: error code `{code}` has no Go name"))
}

/// The file of every error code.
pub fn render() -> Result<String, String> {
    let mut out = String::from(HEADER);
    out.push_str("package quay\n");
    let mut names: Vec<String> = Vec::new();
    for c in ERROR_CODES {
        let name = sentinel(c.code)?;
        if names.contains(&name) {
            return Err(format!("go: two error codes map to `{name}`"));
        }
        let parent = match ERROR_CODES.iter().find(|p| p.class == c.parent) {
            Some(p) => sentinel(p.code)?,
            None => "nil".to_string(),
        };
        out.push('\n');
        out.push_str(&comment(&format!("{name} is the code {}: {}", lit(c.code), c.description), ""));
        let _ = writeln!(out, "var {name} = &ErrorCode{{code: {}, parent: {parent}}}", lit(c.code));
        names.push(name);
    }
    out.push_str("\n// errorCodes are the codes by their dotted names.\nvar errorCodes = map[string]*ErrorCode{\n");
    // Aligned as gofmt aligns a map literal's values.
    let width = ERROR_CODES.iter().map(|c| lit(c.code).len() + 1).max().unwrap_or(0);
    for (c, name) in ERROR_CODES.iter().zip(&names) {
        let _ = writeln!(out, "\t{:<width$} {name},", format!("{}:", lit(c.code)));
    }
    out.push_str("}\n");
    Ok(out)
}
