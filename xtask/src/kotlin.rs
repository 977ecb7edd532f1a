//! The Kotlin (JVM) binding (`quay-kotlin/`, built by Maven):
//!
//! - `cargo xtask kotlin-native [--profile dev|release]` (the Maven build's generate-sources
//!   step): builds `libquay_uniffi`, generates uniffi's Kotlin scaffolding from the built library
//!   (uniffi's library mode reads the interface from the metadata the proc-macros left in it)
//!   into `quay-kotlin/target/generated-sources/uniffi`, copies the library to
//!   `quay-kotlin/target/native/<jna-prefix>/` (packaged into the jar, where JNA finds it), and
//!   extracts the README's Kotlin examples into the test sources.
//! - `cargo xtask kotlin-test` (a step of `cargo xtask test`): `mvn test` with a debug library.
//! - `cargo xtask kotlin-jar`: `mvn package` with a release library, the jar a user adds.
//!
//! The scaffolding is generated at build time rather than committed: it is a function of the
//! built library (its exported symbols and their checksums), so generating it from that very
//! library is what keeps the two from drifting, and the jar always holds a matching pair. The
//! typed facade, which depends only on the spec, is committed and drift-checked (see
//! `quay_codegen::kotlin`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::cmd;
use crate::workspace_root;

/// The Maven project's directory, relative to the workspace root.
pub const PROJECT_DIR: &str = "quay-kotlin";

/// The prefix under which JNA looks for a native library on the class path
/// (`com.sun.jna.Platform.RESOURCE_PREFIX`), and the library's file name, for this machine.
fn jna_place() -> Result<(String, &'static str), String> {
    let os = match std::env::consts::OS {
        "linux" => "linux",
        "macos" => "darwin",
        other => return Err(format!("kotlin-native: no JNA resource prefix for the OS `{other}`")),
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x86-64",
        "aarch64" => "aarch64",
        other => return Err(format!("kotlin-native: no JNA resource prefix for the architecture `{other}`")),
    };
    let file = if os == "darwin" { "libquay_uniffi.dylib" } else { "libquay_uniffi.so" };
    Ok((format!("{os}-{arch}"), file))
}

/// `cargo xtask kotlin-native [--profile dev|release]`.
pub fn native(args: &[String]) -> Result<(), String> {
    let profile = match args {
        [] => "dev",
        [flag, p] if flag == "--profile" && (p == "dev" || p == "release") => p.as_str(),
        _ => return Err("usage: cargo xtask kotlin-native [--profile dev|release]".to_string()),
    };
    let root = workspace_root();
    cmd("cargo", &["build", "--quiet", "-p", "quay-uniffi", "--lib", "--profile", profile], &[])?;
    let (prefix, file) = jna_place()?;
    let library = root.join("target").join(if profile == "dev" { "debug" } else { "release" }).join(file);
    let project = root.join(PROJECT_DIR);
    let sources = project.join("target/generated-sources/uniffi");
    let _ = std::fs::remove_dir_all(&sources);
    let utf8 = |p: &Path| camino::Utf8PathBuf::from_path_buf(p.to_path_buf()).map_err(|p| format!("not a UTF-8 path: {}", p.display()));
    uniffi_bindgen::bindings::generate(uniffi_bindgen::bindings::GenerateOptions {
        languages: vec![uniffi_bindgen::bindings::TargetLanguage::Kotlin],
        source: utf8(&library)?,
        out_dir: utf8(&sources)?,
        config_override: None,
        format: false,
        crate_filter: Some("quay_uniffi".to_string()),
        metadata_no_deps: true,
    })
    .map_err(|e| format!("uniffi-bindgen (Kotlin) from {}: {e:#}", library.display()))?;
    let native = project.join("target/native").join(&prefix);
    std::fs::create_dir_all(&native).map_err(|e| format!("cannot create {}: {e}", native.display()))?;
    std::fs::copy(&library, native.join(file)).map_err(|e| format!("cannot copy {}: {e}", library.display()))?;
    readme_examples(&project)?;
    // Maven's Kotlin compiler does not delete the classes of removed sources: start clean.
    for dir in ["target/classes", "target/test-classes"] {
        let _ = std::fs::remove_dir_all(project.join(dir));
    }
    println!("kotlin-native: uniffi's Kotlin scaffolding and the {profile} library ({prefix}/{file}) are in {PROJECT_DIR}/target");
    Ok(())
}

/// The README's ```kotlin blocks, each as a file of package `io.quaysdk.readme.exampleN`
/// (`ExampleN.kt`) among the test sources, where `ReadmeTest` compiles and runs them.
fn readme_examples(project: &Path) -> Result<(), String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).map_err(|e| format!("cannot read README.md: {e}"))?;
    let blocks = crate::ffi::fenced_blocks(&readme, "kotlin");
    if blocks.is_empty() {
        return Err("README.md holds no ```kotlin block".to_string());
    }
    let dir: PathBuf = project.join("target/generated-test-sources/readme");
    let _ = std::fs::remove_dir_all(&dir);
    for (i, block) in blocks.iter().enumerate() {
        let pkg = dir.join(format!("io/quaysdk/readme/example{i}"));
        std::fs::create_dir_all(&pkg).map_err(|e| format!("cannot create {}: {e}", pkg.display()))?;
        let text = format!("// Extracted from README.md by `cargo xtask kotlin-native`.\npackage io.quaysdk.readme.example{i}\n\n{block}");
        std::fs::write(pkg.join(format!("Example{i}.kt")), text).map_err(|e| format!("cannot write the README example: {e}"))?;
    }
    Ok(())
}

/// Runs Maven in the project with `args` (batch mode; the cargo step of the build at `profile`).
fn mvn(profile: &str, args: &[&str]) -> Result<(), String> {
    let project = workspace_root().join(PROJECT_DIR);
    let mut all = vec!["-B", "--no-transfer-progress"];
    let profile_arg = format!("-Dquay.cargo.profile={profile}");
    all.push(&profile_arg);
    all.extend(args);
    println!("$ (cd {PROJECT_DIR}) mvn {}", all.join(" "));
    // `cargo run` (and so `cargo xtask`) puts target/<profile>/deps on LD_LIBRARY_PATH, where JNA
    // looks before the classpath: the tests would load that copy of libquay_uniffi, not the one
    // the jar carries.
    let status = Command::new("mvn")
        .args(&all)
        .current_dir(&project)
        .env_remove("LD_LIBRARY_PATH")
        .status()
        .map_err(|e| format!("cannot run mvn (install Maven and a JDK 17): {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`mvn {}` failed ({status})", all.join(" "))) }
}

/// `cargo xtask kotlin-test`: the Kotlin suite (and the README's Kotlin examples) through Maven
/// against a debug library. Maven's repository (`~/.m2`) is filled on the first run; later
/// runs resolve nothing from the network (every version is fixed).
pub fn test() -> Result<(), String> {
    mvn("dev", &["test"])?;
    println!("Kotlin: the Maven build and its tests pass (the facade, Flow paging, exceptions, cancellation, the README's examples)");
    jar_smoke()
}

/// Packages the jar (with the debug library the tests used) and runs the README's first Kotlin
/// example from it, as a user would: only the jar and its Maven dependencies on the class path,
/// so the native library is the one the jar carries (JNA extracts it once and the fast path
/// shares uniffi's copy).
fn jar_smoke() -> Result<(), String> {
    mvn("dev", &["-q", "package", "-DskipTests", "-Dquay.native.skip=true"])?;
    let project = workspace_root().join(PROJECT_DIR);
    let deps = dependency_classpath("dev", "runtime")?;
    let jar = project.join(format!("target/quay-sdk-kotlin-{}.jar", env!("CARGO_PKG_VERSION")));
    // The example's class (compiled among the tests); the SDK's own classes come from the jar.
    let example = project.join("target/readme-example");
    let classes = project.join("target/test-classes/io/quaysdk/readme");
    let _ = std::fs::remove_dir_all(&example);
    copy_dir(&classes, &example.join("io/quaysdk/readme"))?;
    let classpath = format!("{}:{}:{}", jar.display(), example.display(), deps);
    println!("$ java -cp <the jar, its dependencies> io.quaysdk.readme.example0.Example0Kt");
    let out = Command::new("java")
        .args(["-cp", classpath.as_str(), "io.quaysdk.readme.example0.Example0Kt"])
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .map_err(|e| format!("cannot run java: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || !stdout.contains("robot: acme+ci") {
        return Err(format!("the README example run from the jar failed ({}):\n{stdout}{}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    println!("Kotlin: the jar alone (native library inside) runs the README's example");
    Ok(())
}

/// The class path of the project's Maven dependencies of `scope` (`runtime`, `test`), as
/// Maven's dependency plugin writes it (into `target/<scope>-classpath.txt`).
fn dependency_classpath(profile: &str, scope: &str) -> Result<String, String> {
    let file = workspace_root().join(PROJECT_DIR).join(format!("target/{scope}-classpath.txt"));
    let (scope_arg, file_arg) = (format!("-Dmdep.includeScope={scope}"), format!("-Dmdep.outputFile={}", file.display()));
    mvn(profile, &["-q", "-Dquay.native.skip=true", "dependency:build-classpath", &scope_arg, &file_arg])?;
    let deps = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    Ok(deps.trim().to_string())
}

/// Copies the directory tree `from` to `to`.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| format!("cannot copy {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// `cargo xtask kotlin-jar`: the jar with a release library, into `quay-kotlin/target/`.
pub fn jar() -> Result<(), String> {
    mvn("release", &["package", "-DskipTests"])?;
    println!("kotlin-jar: {PROJECT_DIR}/target/quay-sdk-kotlin-{}.jar", env!("CARGO_PKG_VERSION"));
    Ok(())
}

/// `cargo xtask bench kotlin`: the per-call overhead of the Kotlin facade over the Rust calls,
/// and the facade against `java.net.http.HttpClient` with kotlinx.serialization decoding into
/// the same data class. The Rust and Kotlin programs run in turn, `ROUNDS` times, and each
/// figure is the median of its rounds (see `quay-kotlin/src/test/kotlin/io/quaysdk/bench`).
pub fn bench(fake: &crate::bench::FakeProcess) -> Result<(), String> {
    use crate::bench::{ROUND_CALLS, ROUNDS};
    // The release library and the compiled classes (the benchmark lives among the test sources).
    mvn("release", &["-q", "test-compile"])?;
    let project = workspace_root().join(PROJECT_DIR);
    let deps = dependency_classpath("release", "test")?;
    let classpath = format!("{}:{}:{}", project.join("target/classes").display(), project.join("target/test-classes").display(), deps);
    let rust_bench = workspace_root().join("target/release/examples/bench");
    let java = Path::new("java");
    let kotlin_args = ["-cp", classpath.as_str(), "io.quaysdk.bench.BenchKt", ROUND_CALLS];
    let medians = crate::bench::medians(&[(&rust_bench, &["--round", ROUND_CALLS]), (java, &kotlin_args)], fake)?;
    let median = |name: &str| medians.get(name);
    let (rust_typed, rust_json) = (median("rust_typed_ns")?, median("rust_json_ns")?);
    let (kt_typed, kt_json, kt_http) = (median("kotlin_typed_ns")?, median("kotlin_json_ns")?, median("kotlin_httpclient_ns")?);
    let (io_typed, io_json) = (median("kotlin_typed_io_ns")?, median("kotlin_json_io_ns")?);
    println!("Kotlin over libquay_uniffi ({ROUND_CALLS} sequential getRepo calls x {ROUNDS} rounds per program, medians)");
    println!("  Rust typed call:                          {rust_typed:>8.1} us");
    println!("  Rust JSON call (by id):                   {rust_json:>8.1} us");
    println!("  Kotlin typed method, Dispatchers.IO:      {io_typed:>8.1} us");
    println!("  Kotlin call() (by id), Dispatchers.IO:    {io_json:>8.1} us");
    println!("  Kotlin typed method, runBlocking:         {kt_typed:>8.1} us");
    println!("  Kotlin call() (by id), runBlocking:       {kt_json:>8.1} us");
    println!("  HttpClient + kotlinx decoding:            {kt_http:>8.1} us");
    println!("  Kotlin typed (IO) / Rust typed call:      {:>8.3}x  (target <= 1.15x)", io_typed / rust_typed);
    println!("  Kotlin call() (IO) / Rust JSON call:      {:>8.3}x  (target <= 1.15x)", io_json / rust_json);
    println!("  Kotlin typed (runBlocking) / Rust typed:  {:>8.3}x  (target <= 1.15x)", kt_typed / rust_typed);
    println!("  Kotlin call() (runBlocking) / Rust JSON:  {:>8.3}x  (target <= 1.15x)", kt_json / rust_json);
    println!("  Kotlin typed (IO) / HttpClient:           {:>8.3}x  (reported: below 1 is faster than plain HttpClient)", io_typed / kt_http);
    Ok(())
}
