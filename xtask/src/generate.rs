//! `cargo xtask generate [--check]`: writes exactly the files the generators of `quay-codegen`
//! return (the Python modules, the Go and Kotlin files, the README, libquay's C header), or fails naming each one that drifted.

use std::path::Path;

use quay_codegen::GeneratedFile;

use crate::workspace_root;

/// Reads a file of the workspace.
fn read(path: &Path) -> Result<String, String> {
    let full = workspace_root().join(path);
    std::fs::read_to_string(&full).map_err(|e| format!("cannot read {}: {e}", full.display()))
}

/// Every generated file committed to the repository, from the spec on disk, plus libquay's C
/// header (from `quay-ffi/src`).
pub fn files() -> Result<Vec<GeneratedFile>, String> {
    let spec = quay_spec::Spec::parse(&read(Path::new(quay_spec::SPEC_PATH))?)?;
    let readme = read(Path::new(quay_codegen::readme::README_PATH))?;
    let mut files = quay_codegen::committed_files(&spec, &readme)?;
    files.push(crate::header::render()?);
    Ok(files)
}

/// The generated files whose committed text differs from what the generators give.
pub fn drifted(files: &[GeneratedFile]) -> Vec<&GeneratedFile> {
    drifted_under(&workspace_root(), files)
}

/// The generated files whose text under `root` differs from what the generators give (a
/// missing file has drifted).
fn drifted_under<'f>(root: &Path, files: &'f [GeneratedFile]) -> Vec<&'f GeneratedFile> {
    files
        .iter()
        .filter(|f| std::fs::read_to_string(root.join(&f.path)).ok().as_deref() != Some(f.contents.as_str()))
        .collect()
}

/// `generate`: writes the files that drifted.
pub fn write() -> Result<(), String> {
    let files = files()?;
    for f in drifted(&files) {
        let full = workspace_root().join(&f.path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&full, &f.contents).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
        println!("generate: wrote {}", f.path.display());
    }
    println!("generate: {} generated files up to date", files.len());
    Ok(())
}

/// `generate --check` (and `check`): fails naming every file that drifted.
pub fn check() -> Result<(), String> {
    let files = files()?;
    let stale: Vec<String> = drifted(&files).iter().map(|f| f.path.display().to_string()).collect();
    if stale.is_empty() {
        println!("check: the {} generated files match the spec", files.len());
        Ok(())
    } else {
        Err(format!(
            "{} generated file(s) drifted from the spec (run `cargo xtask generate` and commit them): {}",
            stale.len(),
            stale.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The drift check names a stale C header, a stale or missing generated Go file and a
    /// stale generated Kotlin file, and passes once they match.
    #[test]
    fn the_drift_check_catches_a_stale_header_go_and_kotlin_files() {
        let files = files().unwrap();
        let root = std::env::temp_dir().join(format!("xtask-drift-{}", std::process::id()));
        for f in &files {
            let path = root.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &f.contents).unwrap();
        }
        assert!(drifted_under(&root, &files).is_empty());
        let header = root.join(crate::header::HEADER_PATH);
        let stale = std::fs::read_to_string(&header).unwrap().replace("quay_pager_next_cancellable", "quay_pager_next_cancelable");
        std::fs::write(&header, stale).unwrap();
        let go_types = root.join(quay_codegen::go::PACKAGE_DIR).join("types_gen.go");
        std::fs::remove_file(&go_types).unwrap();
        let kotlin_client = root.join(quay_codegen::kotlin::PACKAGE_DIR).join("QuayClient.kt");
        let stale = std::fs::read_to_string(&kotlin_client).unwrap().replace("public suspend fun getRepo(", "public suspend fun getRepository(");
        std::fs::write(&kotlin_client, stale).unwrap();
        let names: std::collections::BTreeSet<String> =
            drifted_under(&root, &files).iter().map(|f| f.path.display().to_string()).collect();
        let expected = [
            format!("{}/types_gen.go", quay_codegen::go::PACKAGE_DIR),
            format!("{}/QuayClient.kt", quay_codegen::kotlin::PACKAGE_DIR),
            crate::header::HEADER_PATH.to_string(),
        ];
        assert_eq!(names, expected.into_iter().collect());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
