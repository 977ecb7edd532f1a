//! `test` and `demo`: run the workspace's checks, tests and demo, and enforce that every
//! spec operation was answered with success through the SDK at least once.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::workspace_root;

/// Runs a command from the workspace root, failing with its name if it fails.
pub fn cmd(program: &str, args: &[&str], envs: &[(&str, &std::ffi::OsStr)]) -> Result<(), String> {
    println!("$ {program} {}", args.join(" "));
    let mut c = Command::new(program);
    c.args(args).current_dir(workspace_root());
    for (k, v) in envs {
        c.env(k, v);
    }
    let status = c.status().map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{program} {}` failed ({status})", args.join(" "))) }
}

/// The directory the SDK tests write the fake server's coverage to.
const COVERAGE_ENV: &str = "QUAY_FAKE_COVERAGE_DIR";

/// `cargo xtask test`: every check and test of the workspace.
pub fn test() -> Result<(), String> {
    // CI's entry point parses (it is only ever run by CI, so a broken edit shows nowhere else).
    cmd("bash", &["-n", ".ci/run"], &[])?;
    // The spec lint, code generation, fidelity against tests/data/quay-discovery.json and the
    // drift check of the generated files: each fails when its data is missing.
    crate::check()?;
    let coverage = workspace_root().join("target/fake-coverage");
    let _ = std::fs::remove_dir_all(&coverage);
    std::fs::create_dir_all(&coverage).map_err(|e| format!("cannot create {}: {e}", coverage.display()))?;
    cmd("cargo", &["test", "--workspace", "--quiet"], &[(COVERAGE_ENV, coverage.as_os_str())])?;
    // Clippy over every crate and target, warnings refused.
    cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"], &[])?;
    // The SDK suite again against a fake with every feature switch on (the first run used Quay's defaults).
    let all = std::ffi::OsStr::new("all");
    cmd("cargo", &["test", "-p", "quay-sdk", "--test", "api", "--quiet"], &[(COVERAGE_ENV, coverage.as_os_str()), ("QUAY_FAKE_FEATURES", all)])?;
    // libquay's C test against the header and the static library, plain and under valgrind.
    crate::ffi::test()?;
    // The Go module over libquay: vet, gofmt, go test -race, the README's Go examples.
    crate::go::test()?;
    // The Kotlin binding through Maven: the facade, Flow paging, exceptions, cancellation, the README's Kotlin examples.
    crate::kotlin::test()?;
    crate::py::test(&coverage)?;
    coverage_check(&coverage)?;
    crate::calendar::run()?;
    demo()?;
    // The crates a Rust user adds must package and build on their own (no path outside each
    // package, build-dependencies only what build.rs uses). `--allow-dirty`: generated files
    // and local edits need not be committed for the check.
    let _lock = package_lock()?;
    forget_packaged_sources(&["quay-spec", "quay-codegen", "quay-sdk"]);
    cmd("cargo", &["package", "--quiet", "-p", "quay-spec", "-p", "quay-codegen", "-p", "quay-sdk", "--allow-dirty"], &[])?;
    println!("package: quay-spec, quay-codegen and quay-sdk package and build on their own");
    Ok(())
}

/// Cargo's home (`$CARGO_HOME`, else `~/.cargo`).
fn cargo_home() -> Option<std::path::PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
}

/// An exclusive lock held while our packages are forgotten and packaged: checkouts at other
/// paths on the same machine share cargo's home, and one run's [`forget_packaged_sources`]
/// would otherwise delete the sources another run is compiling.
fn package_lock() -> Result<Option<std::fs::File>, String> {
    let Some(home) = cargo_home() else { return Ok(None) };
    let path = home.join("quay-sdk-package.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    file.lock().map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    Ok(Some(file))
}

/// Removes cargo's extracted sources of our own packages from earlier `cargo package` runs.
/// Cargo verifies a package against its sibling packages through a temporary registry, whose
/// sources it extracts under `$CARGO_HOME/registry/src/<hash of the registry's path>/`, and it
/// reuses an extraction it finds there: a fresh clone at the path of an earlier one would
/// otherwise compile against the earlier clone's sources (and, as registry sources never
/// change, keep the result).
fn forget_packaged_sources(packages: &[&str]) {
    let Some(src) = cargo_home().map(|h| h.join("registry/src")) else { return };
    let version = env!("CARGO_PKG_VERSION");
    for registry in std::fs::read_dir(&src).into_iter().flatten().flatten() {
        for package in packages {
            let _ = std::fs::remove_dir_all(registry.path().join(format!("{package}-{version}")));
        }
    }
}

/// Fails, naming them, when some spec operation was never answered with success through the SDK.
pub fn coverage_check(dir: &Path) -> Result<(), String> {
    let mut covered = BTreeSet::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        covered.extend(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string));
    }
    let spec = quay_spec::Spec::embedded()?;
    let missing: Vec<&str> =
        spec.operations.iter().map(|o| o.id.as_str()).filter(|id| !covered.contains(*id)).collect();
    if missing.is_empty() {
        println!("coverage: all {} spec operations answered with success through the SDK", spec.operations.len());
        Ok(())
    } else {
        Err(format!(
            "coverage: {} of {} spec operations were never answered with success through the SDK: {}",
            missing.len(),
            spec.operations.len(),
            missing.join(", ")
        ))
    }
}

/// `cargo xtask demo`: the curl guide end to end against the embedded fake Quay server.
pub fn demo() -> Result<(), String> {
    cmd("cargo", &["run", "--quiet", "-p", "quay-sdk", "--example", "guide"], &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coverage_gate_names_what_was_never_called() {
        let dir = std::env::temp_dir().join(format!("xtask-coverage-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = quay_spec::Spec::embedded().unwrap();
        let ids: Vec<&str> = spec.operations.iter().map(|o| o.id.as_str()).collect();
        // Two files, as two test processes would write them; one operation left out.
        std::fs::write(dir.join("a.txt"), ids[..10].join("\n")).unwrap();
        std::fs::write(dir.join("b.txt"), ids[11..].join("\n")).unwrap();
        let err = coverage_check(&dir).unwrap_err();
        assert!(err.contains(ids[10]) && err.contains("1 of"), "{err}");
        std::fs::write(dir.join("c.txt"), ids[10]).unwrap();
        assert!(coverage_check(&dir).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
