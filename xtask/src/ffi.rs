//! The C test of libquay (`quay-ffi/tests/c/test_quay.c`): built against the generated header
//! and the static library, run as it is, then again under valgrind.

use std::process::Command;

use crate::run::cmd;
use crate::workspace_root;

/// Where the test program is built, relative to the workspace root.
const BINARY: &str = "target/c-test/test_quay";

/// The C compiler's arguments (run from the workspace root).
const CC_ARGS: &[&str] = &[
    "-std=c11", "-Wall", "-Wextra", "-Werror", "-pthread", "-g", "-Iquay-ffi/include", "quay-ffi/tests/c/test_quay.c",
    "target/debug/libquay.a", "-lm", "-ldl", "-lpthread", "-o", BINARY,
];

/// `cargo xtask c-test` (a step of `cargo xtask test`): builds libquay (debug) and the C test,
/// runs it, then runs it under valgrind, failing on any memory error or definite leak.
pub fn test() -> Result<(), String> {
    cmd("cargo", &["build", "--quiet", "-p", "quay-ffi"], &[])?;
    let dir = workspace_root().join("target/c-test");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    cmd(&cc, CC_ARGS, &[])?;
    cmd(BINARY, &[], &[])?;
    let valgrind = Command::new("valgrind").arg("--version").output();
    if !valgrind.is_ok_and(|o| o.status.success()) {
        return Err("valgrind is missing: the C test runs under valgrind (install it: `apt-get install -y valgrind`; .ci/run does)".to_string());
    }
    cmd("valgrind", &["--quiet", "--error-exitcode=1", "--leak-check=full", "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite", BINARY], &[])?;
    println!("C: libquay's C test passes, and under valgrind (no memory error, no definite leak)");
    Ok(())
}
