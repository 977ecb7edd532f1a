//! libquay for C programs: `cargo xtask install-c` (header, libraries and `quay.pc` into a
//! prefix) and the C tests: `quay-ffi/tests/c/test_quay.c` built against the generated header and
//! the static library, run as it is and under valgrind, and the README's C example built with
//! `pkg-config` against an installed prefix and run.

use std::process::Command;

use crate::run::cmd;
use crate::workspace_root;

/// Where the test program is built, relative to the workspace root.
const BINARY: &str = "target/c-test/test_quay";

/// Where its AddressSanitizer build goes.
const ASAN_BINARY: &str = "target/c-test/test_quay_asan";

/// The C compiler's arguments (run from the workspace root).
const CC_ARGS: &[&str] = &[
    "-std=c11", "-Wall", "-Wextra", "-Werror", "-pthread", "-g", "-Iquay-ffi/include", "quay-ffi/tests/c/test_quay.c",
    "target/debug/libquay.a", "-lm", "-ldl", "-lpthread", "-o", BINARY,
];

/// `cargo xtask c-test` (a step of `cargo xtask test`): builds libquay (debug) and the C test,
/// runs it, then runs it under valgrind and as an AddressSanitizer build, failing on any memory
/// error or leak; then builds and runs the README's C example against an installed prefix.
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
    // Once more built with AddressSanitizer (and its leak checker): the C side instrumented.
    let mut asan: Vec<&str> = CC_ARGS.iter().copied().filter(|a| *a != BINARY).collect();
    asan.retain(|a| *a != "-o");
    asan.extend(["-fsanitize=address", "-fno-omit-frame-pointer", "-o", ASAN_BINARY]);
    cmd(&cc, &asan, &[])?;
    cmd(ASAN_BINARY, &[], &[("ASAN_OPTIONS", std::ffi::OsStr::new("detect_leaks=1"))])?;
    println!("C: libquay's C test passes under AddressSanitizer (no error, no leak)");
    readme_examples()
}

/// The pkg-config files of a prefix: `quay.pc` links the shared library (`-rpath` lets a
/// program linked against a non-system prefix find it at run time); `quay-static.pc` links
/// `libquay.a` by its path, so that a program (the Go module's default) carries libquay inside.
fn pc(prefix: &std::path::Path, statically: bool) -> String {
    let (name, libs) = if statically {
        ("quay-static", "${libdir}/libquay.a -lgcc_s -lutil -lrt -lpthread -lm -ldl")
    } else {
        ("quay", "-L${libdir} -Wl,-rpath,${libdir} -lquay\nLibs.private: -lm -ldl -lpthread")
    };
    format!(
        "prefix={}\nlibdir=${{prefix}}/lib\nincludedir=${{prefix}}/include\n\n\
         Name: {name}\nDescription: libquay, the C API of the Quay SDK (every Quay operation by operationId, JSON in and out)\n\
         Version: {}\nCflags: -I${{includedir}}\nLibs: {libs}\n",
        prefix.display(),
        env!("CARGO_PKG_VERSION")
    )
}

/// `cargo xtask install-c --prefix DIR [--debug]`: builds libquay (release unless `--debug`) and
/// installs `include/quay.h`, `lib/libquay.a`, `lib/libquay.so`, `lib/pkgconfig/quay.pc` and
/// `quay-static.pc` under
/// `DIR`, so that `cc app.c $(pkg-config --cflags --libs quay)` works with
/// `PKG_CONFIG_PATH=DIR/lib/pkgconfig`.
pub fn install(args: &[String]) -> Result<(), String> {
    let mut prefix = None;
    let mut release = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--prefix" => prefix = it.next().cloned(),
            "--debug" => release = false,
            other => return Err(format!("install-c: unknown argument `{other}` (usage: cargo xtask install-c --prefix DIR [--debug])")),
        }
    }
    let prefix = prefix.ok_or("install-c: give the prefix: cargo xtask install-c --prefix DIR [--debug]")?;
    let prefix = std::path::absolute(&prefix).map_err(|e| format!("install-c: bad prefix {prefix}: {e}"))?;
    install_into(&prefix, release)
}

/// Builds libquay (release or debug) and installs it under `prefix`.
pub fn install_into(prefix: &std::path::Path, release: bool) -> Result<(), String> {
    let mut build = vec!["build", "--quiet", "-p", "quay-ffi"];
    if release {
        build.push("--release");
    }
    cmd("cargo", &build, &[])?;
    let target = workspace_root().join(if release { "target/release" } else { "target/debug" });
    let copy = |from: std::path::PathBuf, to: std::path::PathBuf| -> Result<(), String> {
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::copy(&from, &to).map(|_| ()).map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
    };
    copy(workspace_root().join(crate::header::HEADER_PATH), prefix.join("include/quay.h"))?;
    copy(target.join("libquay.a"), prefix.join("lib/libquay.a"))?;
    copy(target.join("libquay.so"), prefix.join("lib/libquay.so"))?;
    let pc_dir = prefix.join("lib/pkgconfig");
    std::fs::create_dir_all(&pc_dir).map_err(|e| format!("cannot create {}: {e}", pc_dir.display()))?;
    for (file, statically) in [("quay.pc", false), ("quay-static.pc", true)] {
        let path = pc_dir.join(file);
        std::fs::write(&path, pc(prefix, statically)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!("install-c: libquay installed under {} (PKG_CONFIG_PATH={})", prefix.display(), prefix.join("lib/pkgconfig").display());
    Ok(())
}

/// The fenced blocks of `text` in `language` (```` ```c ````), in order.
pub fn fenced_blocks(text: &str, language: &str) -> Vec<String> {
    let fence = format!("```{language}");
    let mut blocks = vec![];
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, l) if l == fence => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(text), l) => {
                text.push_str(l);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The README's ```c blocks, in order.
fn readme_c_blocks() -> Result<Vec<String>, String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).map_err(|e| format!("cannot read README.md: {e}"))?;
    Ok(fenced_blocks(&readme, "c"))
}

/// Installs a debug libquay into `target/c-prefix`, builds every C block of the README with
/// `cc -std=c11 -Wall -Wextra -Werror` and `pkg-config --cflags --libs quay`, and runs it.
pub fn readme_examples() -> Result<(), String> {
    let prefix = workspace_root().join("target/c-prefix");
    install_into(&prefix, false)?;
    let blocks = readme_c_blocks()?;
    if blocks.is_empty() {
        return Err("README.md holds no ```c block".to_string());
    }
    let pkg = prefix.join("lib/pkgconfig");
    let flags = Command::new("pkg-config")
        .args(["--cflags", "--libs", "quay"])
        .env("PKG_CONFIG_PATH", &pkg)
        .output()
        .map_err(|e| format!("cannot run pkg-config (install it: apt-get install -y pkg-config): {e}"))?;
    if !flags.status.success() {
        return Err(format!("pkg-config cannot find quay in {}: {}", pkg.display(), String::from_utf8_lossy(&flags.stderr)));
    }
    let flags = String::from_utf8_lossy(&flags.stdout).to_string();
    let dir = workspace_root().join("target/c-readme");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    for (i, block) in blocks.iter().enumerate() {
        let source = dir.join(format!("readme_{i}.c"));
        let binary = dir.join(format!("readme_{i}"));
        std::fs::write(&source, block).map_err(|e| format!("cannot write {}: {e}", source.display()))?;
        let (src, bin) = (source.to_string_lossy().to_string(), binary.to_string_lossy().to_string());
        let mut args: Vec<&str> = vec!["-std=c11", "-Wall", "-Wextra", "-Werror", &src, "-o", &bin];
        args.extend(flags.split_whitespace());
        cmd(&cc, &args, &[])?;
        cmd(&bin, &[], &[])?;
    }
    println!("C: the README's {} C example(s) build with pkg-config and run", blocks.len());
    Ok(())
}
