//! `Exceptions.kt`: an exception class per stable error code (`quay_spec::errors`), each under
//! its parent's class (so `catch (e: ForbiddenException)` also catches an
//! `api.insufficient_scope` error, as the Python hierarchy does), and the mapping from a code to
//! its class.

use std::fmt::Write as _;

use quay_spec::errors::ERROR_CODES;

use super::names::{kdoc, lit};
use super::HEADER;

/// The Kotlin class of a class name of the table: `NotFound` -> `NotFoundException`,
/// `ApiError` -> `ApiException`, the root `QuayError` -> `QuayException`.
pub fn exception(class: &str) -> String {
    format!("{}Exception", class.strip_suffix("Error").unwrap_or(class))
}

/// The Kotlin class uniffi gives the native error's variant for a class name: `ApiError` ->
/// `ApiException`, `NotFound` stays.
fn native_variant(class: &str) -> String {
    class.strip_suffix("Error").map(|base| format!("{base}Exception")).unwrap_or_else(|| class.to_string())
}

/// The file of every error code's class.
pub fn render() -> Result<String, String> {
    let mut out = String::from(HEADER);
    out.push_str("@file:Suppress(\"ktlint\", \"RedundantVisibilityModifier\")\n\npackage io.quaysdk\n");
    let mut names: Vec<String> = vec!["QuayException".to_string()];
    for c in ERROR_CODES {
        let name = exception(c.class);
        if names.contains(&name) {
            return Err(format!("kotlin: two error codes map to `{name}`"));
        }
        let parent = exception(c.parent);
        if !names.contains(&parent) {
            return Err(format!("kotlin: error code `{}`: its parent `{}` comes later or is missing", c.code, c.parent));
        }
        out.push('\n');
        out.push_str(&kdoc(&format!("The code {}: {}", lit(c.code), c.description), ""));
        let _ = writeln!(
            out,
            "public open class {name}(info: ErrorInfo, cause: Throwable? = null) : {parent}(info, cause)"
        );
        names.push(name);
    }
    out.push_str("\n/** The exception of an error's code (a [QuayException] for a code this version does not know). */\n");
    out.push_str("internal fun exceptionOf(info: ErrorInfo, cause: Throwable? = null): QuayException =\n    when (info.code) {\n");
    for (c, name) in ERROR_CODES.iter().zip(&names[1..]) {
        let _ = writeln!(out, "        {} -> {name}(info, cause)", lit(c.code));
    }
    out.push_str("        else -> QuayException(info, cause)\n    }\n");
    // uniffi names the variants of the native error enum (one per code, `quay-uniffi/build.rs`)
    // after the classes, with `...Error` spelled `...Exception`; the `when` is exhaustive, so a
    // code missing on either side fails to compile.
    out.push_str("\n/** The details of a native error, whatever its variant. */\n");
    out.push_str("internal fun io.quaysdk.ffi.NativeException.nativeDetails(): io.quaysdk.ffi.ErrorDetails =\n    when (this) {\n");
    for c in ERROR_CODES {
        let _ = writeln!(out, "        is io.quaysdk.ffi.NativeException.{} -> details", native_variant(c.class));
    }
    out.push_str("    }\n");
    Ok(out)
}
