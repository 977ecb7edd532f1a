//! The Go module (`quay-ffi/go`): `go vet` (with and without the `quay_shared` tag), `gofmt`,
//! `go test -race` against an installed debug libquay, and the README's Go examples built
//! and run in a module of their own that points at the repository's package.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// The module's directory, relative to the workspace root.
pub const MODULE_DIR: &str = "quay-ffi/go";

/// The module's path.
const MODULE_PATH: &str = "github.com/quay-sdk/quay-sdk/quay-ffi/go";

/// The environment that builds the Go package against libquay installed under `prefix`.
///
/// Go's build cache keys a cgo package on its flags, not on the libraries they name, so a
/// rebuilt libquay.a at the same path would leave stale code in cached packages and binaries.
/// The library's size and modification time go into `CGO_CFLAGS` as a define, so that a new
/// library is a new cache key.
pub fn go_env(prefix: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    let stamp: Vec<String> = ["libquay.a", "libquay.so"]
        .iter()
        .map(|lib| match std::fs::metadata(prefix.join("lib").join(lib)) {
            Ok(m) => {
                let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).unwrap_or_default();
                format!("{}_{}", m.len(), modified.as_nanos())
            }
            Err(_) => "none".to_string(),
        })
        .collect();
    vec![
        ("PKG_CONFIG_PATH", prefix.join("lib/pkgconfig").into_os_string()),
        ("CGO_ENABLED", "1".into()),
        ("CGO_CFLAGS", format!("-O2 -g -DQUAY_LIBQUAY_STAMP={}", stamp.join("_")).into()),
    ]
}

/// Runs `go` in `dir` against libquay installed under `prefix`, failing with the command.
fn go(dir: &Path, prefix: &Path, args: &[&str]) -> Result<String, String> {
    println!("$ (cd {}) go {}", dir.strip_prefix(workspace_root()).unwrap_or(dir).display(), args.join(" "));
    let out = Command::new("go")
        .args(args)
        .current_dir(dir)
        .envs(go_env(prefix))
        .output()
        .map_err(|e| format!("cannot run go (install Go 1.24 or later): {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if out.status.success() { Ok(stdout) } else { Err(format!("`go {}` failed ({})", args.join(" "), out.status)) }
}

/// `cargo xtask go-test` (a step of `cargo xtask test`): libquay (debug) into `target/c-prefix`,
/// then vet, gofmt, the race-detector tests (static link), the tests once more linked against
/// the shared library, and the README's Go examples.
pub fn test() -> Result<(), String> {
    let prefix = workspace_root().join("target/c-prefix");
    crate::ffi::install_into(&prefix, false)?;
    let module = workspace_root().join(MODULE_DIR);
    go(&module, &prefix, &["vet", "./..."])?;
    go(&module, &prefix, &["vet", "-tags", "quay_shared", "./..."])?;
    let unformatted = Command::new("gofmt")
        .args(["-l", "."])
        .current_dir(&module)
        .output()
        .map_err(|e| format!("cannot run gofmt: {e}"))?;
    let listed = String::from_utf8_lossy(&unformatted.stdout).trim().to_string();
    if !unformatted.status.success() || !listed.is_empty() {
        return Err(format!("gofmt: these Go files are not formatted (run gofmt -w): {listed}"));
    }
    go(&module, &prefix, &["test", "-race", "-count=1", "./..."])?;
    go(&module, &prefix, &["test", "-count=1", "-tags", "quay_shared", "./..."])?;
    println!("Go: vet and gofmt clean, go test -race passes (static libquay), and with the shared libquay");
    readme_examples(&prefix)
}

/// The README's ```go blocks, in order.
fn readme_go_blocks() -> Result<Vec<String>, String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).map_err(|e| format!("cannot read README.md: {e}"))?;
    Ok(crate::ffi::fenced_blocks(&readme, "go"))
}

/// Builds and runs every Go block of the README as `package main` of a module that requires
/// the repository's package (through a `replace`).
fn readme_examples(prefix: &Path) -> Result<(), String> {
    let blocks = readme_go_blocks()?;
    if blocks.is_empty() {
        return Err("README.md holds no ```go block".to_string());
    }
    let dir = workspace_root().join("target/go-readme");
    let _ = std::fs::remove_dir_all(&dir);
    let module = workspace_root().join(MODULE_DIR);
    for (i, block) in blocks.iter().enumerate() {
        let example: PathBuf = dir.join(format!("example{i}"));
        std::fs::create_dir_all(&example).map_err(|e| format!("cannot create {}: {e}", example.display()))?;
        let go_mod = format!(
            "module readme/example{i}\n\ngo 1.24\n\nrequire {MODULE_PATH} v0.0.0\n\nreplace {MODULE_PATH} => {}\n",
            module.display()
        );
        std::fs::write(example.join("go.mod"), go_mod).map_err(|e| format!("cannot write go.mod: {e}"))?;
        std::fs::write(example.join("main.go"), block).map_err(|e| format!("cannot write main.go: {e}"))?;
        go(&example, prefix, &["vet", "."])?;
        let out = go(&example, prefix, &["run", "."])?;
        if out.trim().is_empty() {
            return Err(format!("the README's Go example {i} printed nothing"));
        }
    }
    println!("Go: the README's {} Go example(s) vet clean and run", blocks.len());
    Ok(())
}
