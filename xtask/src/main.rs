//! `cargo xtask <command>`: the project's automation. Run `cargo xtask help` for the list.

mod bench;
mod calendar;
mod documented;
mod ffi;
mod fidelity;
mod generate;
mod go;
mod header;
mod kotlin;
mod lint;
mod py;
mod run;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

  check               lint the spec, run code generation, compare the spec with
                      tests/data/quay-discovery.json, quay-discovery-2.json and the fake's
                      discovery document, compare it with the operations Red Hat's API
                      reference documents (tests/data/quay-operations.tsv), check generated
                      files for drift
  generate [--check]  write the generated files (Python modules, Go and Kotlin files,
                      README table, the C header quay-ffi/include/quay.h); with
                      --check, fail naming each file that drifted instead
  fidelity PATH       compare the spec with a Quay discovery document (Swagger 2.0)
  test                every check and test of every language, the coverage gate, the
                      time-sensitive suites again at other dates (libfaketime), the demo
  c-test              libquay's C test (quay-ffi/tests/c): plain, under valgrind and ASan; and the
                      README's C example built with pkg-config
  go-test             the Go module (quay-ffi/go): vet, gofmt, go test -race, the README's Go
                      examples
  kotlin-test         the Kotlin binding (quay-kotlin, Maven): its tests and the README's
                      Kotlin examples against a debug libquay_uniffi
  kotlin-jar          the Kotlin jar with a release libquay_uniffi inside, into
                      quay-kotlin/target/
  kotlin-native [--profile dev|release]
                      libquay_uniffi, uniffi's Kotlin scaffolding generated from it and the
                      README's Kotlin examples, into quay-kotlin/target (the Maven build runs it)
  install-c --prefix DIR [--debug]
                      libquay (header, libquay.a/.so, quay.pc) into DIR
  demo                the curl guide end to end through the SDK against the fake Quay server
  bench [SECTION...]  benchmarks against the fake server on loopback (release build); sections
                      rust, python, ffi (C and Go), kotlin; all by
                      default
  wheel               the release, stripped Python wheel, into target/wheels/
  help                this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(),
        Some("fidelity") => match args.get(1) {
            Some(path) => fidelity::run(path),
            None => Err("usage: cargo xtask fidelity PATH".to_string()),
        },
        Some("generate") => match args.get(1).map(String::as_str) {
            None => generate::write(),
            Some("--check") => generate::check(),
            Some(other) => Err(format!("unknown option `{other}`: usage: cargo xtask generate [--check]")),
        },
        Some("test") => run::test(),
        Some("c-test") => ffi::test(),
        Some("install-c") => ffi::install(&args[1..]),
        Some("go-test") => go::test(),
        Some("kotlin-native") => kotlin::native(&args[1..]),
        Some("kotlin-test") => kotlin::test(),
        Some("kotlin-jar") => kotlin::jar(),
        Some("demo") => run::demo(),
        Some("bench") => bench::bench(&args[1..]),
        Some("wheel") => py::wheel(),
        Some("help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Lints the spec, runs code generation on it, compares it with the two discovery documents of
/// `tests/data` and with the fake's, and checks the generated files for drift. Missing data fails the check.
fn check() -> Result<(), String> {
    let yaml = std::fs::read_to_string(workspace_root().join(quay_spec::SPEC_PATH))
        .map_err(|e| format!("cannot read the spec: {e}"))?;
    check_spec(&yaml)?;
    fidelity::run(&workspace_root().join(fidelity::DISCOVERY_PATH).to_string_lossy())?;
    fidelity::run(&workspace_root().join(fidelity::DISCOVERY_2_PATH).to_string_lossy())?;
    fidelity::run_fake()?;
    documented::run()?;
    generate::check()?;
    println!("check: spec lint, code generation, fidelity and generated files pass");
    Ok(())
}

/// Lint then generation, so that a bad shape is named by operation.
pub fn check_spec(yaml: &str) -> Result<(), String> {
    let problems = lint::lint(yaml);
    if !problems.is_empty() {
        return Err(format!("spec lint found {} problem(s):\n  {}", problems.len(), problems.join("\n  ")));
    }
    quay_codegen::rust::generate(yaml).map(|_| ())
}

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}
