//! The generators of everything derived from the Quay spec, one module per surface, all reading
//! one shared type model so that every language names things alike.
//!
//! - [`model`]: the shared type model (named types, fields, enums, named string types with
//!   their rules, operations with typed parameters, bodies, successes and paging).
//! - [`rust`]: progenitor's client plus the dispatch table, `call()` and `stream()`, written by
//!   `quay-sdk/build.rs` into OUT_DIR.
//! - [`python`]: the generated modules of the `quay_sdk` Python package.
//! - [`go`]: the generated files of the Go package `quay` (`quay-ffi/go/quay`).
//! - [`kotlin`]: the generated files of the Kotlin facade (`quay-kotlin`).
//! - [`readme`]: the README's operations table.
//! - [`cli`]: the `quay` command line's table of commands and arguments, written by
//!   `quay-cli/build.rs` into OUT_DIR.
//!
//! Every generator is a pure function returning [`GeneratedFile`]s; `cargo xtask generate`
//! writes the committed ones ([`committed_files`]) and `cargo xtask check` compares them.

pub mod cli;
#[cfg(test)]
mod fixtures;
pub mod go;
pub mod kotlin;
pub mod model;
pub mod python;
pub mod readme;
pub mod rust;
pub mod text;

use std::path::PathBuf;

pub use rust::REPLACED_BODIES;

use model::Model;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Its path, relative to the workspace root.
    pub path: PathBuf,
    /// Its full text.
    pub contents: String,
}

impl GeneratedFile {
    /// A file at `path` (relative to the workspace root) holding `contents`.
    pub fn new(path: impl Into<PathBuf>, contents: String) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents }
    }
}

/// Every generated file committed to the repository: the Python modules, the Go package's
/// and the Kotlin facade's generated files and the README, whose
/// hand-written text around the table is `readme`.
pub fn committed_files(spec: &quay_spec::Spec, readme: &str) -> Result<Vec<GeneratedFile>, String> {
    let model = Model::build(spec)?;
    let mut files = python::files(&model)?;
    files.extend(go::files(&model)?);
    files.extend(kotlin::files(&model)?);
    files.extend(readme::files(&model, readme)?);
    Ok(files)
}
