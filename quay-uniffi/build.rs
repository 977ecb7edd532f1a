//! Writes `errors.rs` into OUT_DIR: the uniffi error enum with one variant per stable error code
//! of `quay_spec::errors::ERROR_CODES` (named by its class), so that the codes live in one table.

use std::fmt::Write as _;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut out = String::new();
    out.push_str(
        "/// An error of the SDK as uniffi hands it to the foreign language: one variant per stable\n\
         /// error code (`quay_spec::errors::ERROR_CODES`), each with the envelope's details.\n\
         #[derive(Debug, Clone, PartialEq, uniffi::Error)]\npub enum NativeError {\n",
    );
    for c in quay_spec::errors::ERROR_CODES {
        let _ = writeln!(out, "    /// `{}`: {}\n    {} {{\n        /// What the envelope holds.\n        details: ErrorDetails,\n    }},", c.code, c.description, c.class);
    }
    out.push_str("}\n\nimpl NativeError {\n    /// The variant of a code (`InternalError` for a code this table lacks).\n    pub fn of(details: ErrorDetails) -> NativeError {\n        match details.code.as_str() {\n");
    for c in quay_spec::errors::ERROR_CODES {
        let _ = writeln!(out, "            {:?} => NativeError::{} {{ details }},", c.code, c.class);
    }
    out.push_str("            _ => NativeError::InternalError { details },\n        }\n    }\n\n    /// The details, whatever the variant.\n    pub fn details(&self) -> &ErrorDetails {\n        match self {\n");
    for c in quay_spec::errors::ERROR_CODES {
        let _ = writeln!(out, "            NativeError::{} {{ details }} => details,", c.class);
    }
    out.push_str("        }\n    }\n}\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("errors.rs");
    std::fs::write(&path, out).expect("write errors.rs");
}
