//! `cargo xtask bench`: builds in release mode, starts the `quay-fake` binary on loopback and
//! runs the benchmark programs against it, printing their figures from one run: the SDK, the
//! `quay` CLI against `curl` (100 processes each), and Python.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::run::cmd;
use crate::workspace_root;

/// The fake server as a child process, killed on drop.
pub struct FakeProcess {
    child: Child,
    /// Its base URL.
    pub url: String,
    /// Its superuser token.
    pub token: String,
}

impl FakeProcess {
    /// Starts `target/release/quay-fake --port 0` and reads its URL and token.
    pub fn start() -> Result<FakeProcess, String> {
        let bin = workspace_root().join("target/release/quay-fake");
        let mut child = Command::new(&bin)
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout from quay-fake")?;
        let mut lines = BufReader::new(stdout).lines();
        let (mut url, mut token) = (None, None);
        while url.is_none() || token.is_none() {
            let line = lines.next().ok_or("quay-fake exited before printing its URL")?.map_err(|e| e.to_string())?;
            let line = line.strip_prefix("export ").unwrap_or(&line);
            if let Some(v) = line.strip_prefix("QUAY_REGISTRY=") {
                url = Some(v.to_string());
            } else if let Some(v) = line.strip_prefix("QUAY_TOKEN=") {
                token = Some(v.to_string());
            }
        }
        Ok(FakeProcess { child, url: url.unwrap_or_default(), token: token.unwrap_or_default() })
    }
}

impl Drop for FakeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The benchmark sections, in the order they run.
const SECTIONS: &[&str] = &["rust", "cli", "python", "ffi", "kotlin"];

/// Runs the benchmark sections named in `only` (every section when empty): `rust` (the SDK
/// against bare reqwest and curl, and the RSS of a long stream), `cli` (100 `quay` processes
/// against 100 `curl` processes), `python` (against requests and httpx), `ffi` (C and Go over
/// libquay against the Rust calls and net/http), `kotlin` (the Kotlin facade over uniffi
/// against the Rust calls and `java.net.http.HttpClient`).
pub fn bench(only: &[String]) -> Result<(), String> {
    if let Some(bad) = only.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
        return Err(format!("bench: unknown section `{bad}` (sections: {})", SECTIONS.join(", ")));
    }
    let run = |section: &str| only.is_empty() || only.iter().any(|s| s == section);
    cmd(
        "cargo",
        &["build", "--release", "--quiet", "-p", "quay-fake", "--bin", "quay-fake", "-p", "quay-sdk", "--example", "bench", "-p", "quay-cli", "--bin", "quay"],
        &[],
    )?;
    let fake = FakeProcess::start()?;
    let bench = workspace_root().join("target/release/examples/bench");
    if run("rust") {
        // Credentials travel in the environment, never on a command line that is echoed.
        cmd(&bench.to_string_lossy(), &[], &[("QUAY_REGISTRY", fake.url.as_ref()), ("QUAY_TOKEN", fake.token.as_ref())])?;
    }
    if run("cli") {
        cli(&fake)?;
    }
    if run("python") {
        // Python: quay_sdk.Client against requests and httpx, on the same server.
        crate::py::bench(&fake.url, &fake.token)?;
    }
    if run("ffi") {
        // C and Go over libquay against the Rust calls and Go's net/http, on the same server.
        cross_language(&fake)?;
    }
    if run("kotlin") {
        // The Kotlin facade against the Rust calls and java.net.http.HttpClient, on the same server.
        crate::kotlin::bench(&fake)?;
    }
    Ok(())
}

/// Sequential getRepo calls per round of the cross-language benchmark.
pub(crate) const ROUND_CALLS: &str = "2000";

/// Rounds of the cross-language benchmark (each runs the Rust, C and Go programs in turn).
pub(crate) const ROUNDS: usize = 5;

/// The median of each figure over [`ROUNDS`] rounds, in microseconds (the programs print
/// nanoseconds).
pub(crate) struct Medians(std::collections::BTreeMap<String, Vec<f64>>);

impl Medians {
    /// The median of figure `name`, failing when no program printed it.
    pub(crate) fn get(&self, name: &str) -> Result<f64, String> {
        let mut v = self.0.get(name).cloned().ok_or_else(|| format!("no figure {name}"))?;
        v.sort_by(f64::total_cmp);
        Ok(v[v.len() / 2] / 1000.0)
    }
}

/// Runs every program once per round, in turn (so that a slow moment of the machine falls on
/// all of them alike), [`ROUNDS`] times, and gathers their figures.
pub(crate) fn medians(programs: &[(&Path, &[&str])], fake: &FakeProcess) -> Result<Medians, String> {
    let mut rounds: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for _ in 0..ROUNDS {
        for (program, args) in programs {
            for (name, value) in figures(program, args, fake)? {
                rounds.entry(name).or_default().push(value);
            }
        }
    }
    Ok(Medians(rounds))
}

/// Runs a benchmark program with the fake's credentials in its environment and reads its
/// `name value` lines.
pub(crate) fn figures(program: &std::path::Path, args: &[&str], fake: &FakeProcess) -> Result<Vec<(String, f64)>, String> {
    // Without cargo's LD_LIBRARY_PATH (target/debug/deps for `cargo xtask`): JNA looks there
    // before the classpath, and the Kotlin program measured the debug libquay_uniffi it found
    // there instead of the release library in its classpath.
    let out = Command::new(program)
        .args(args)
        .env_remove("LD_LIBRARY_PATH")
        .env("QUAY_REGISTRY", &fake.url)
        .env("QUAY_TOKEN", &fake.token)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if !out.status.success() {
        return Err(format!("{} failed: {}", program.display(), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(' ')?;
            Some((name.to_string(), value.trim().parse().ok()?))
        })
        .collect())
}

/// The per-call overhead of libquay's C ABI and of the Go package over the Rust calls, and the
/// Go package against a plain net/http client: the three programs run in turn, `ROUNDS` times,
/// and each figure is the median of its rounds.
fn cross_language(fake: &FakeProcess) -> Result<(), String> {
    let root = workspace_root();
    let prefix = root.join("target/bench-prefix");
    crate::ffi::install_into(&prefix, true)?;
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let c_bench = dir.join("bench_quay");
    let (include, lib) = (format!("-I{}", prefix.join("include").display()), prefix.join("lib/libquay.a"));
    cmd(
        "cc",
        &["-std=c11", "-O2", &include, "quay-ffi/bench/bench_quay.c", &lib.to_string_lossy(), "-lm", "-ldl", "-lpthread", "-o", &c_bench.to_string_lossy()],
        &[],
    )?;
    let go_bench = dir.join("go_bench");
    let status = Command::new("go")
        .args(["build", "-o", &go_bench.to_string_lossy(), "./internal/bench"])
        .current_dir(root.join(crate::go::MODULE_DIR))
        .envs(crate::go::go_env(&prefix))
        .status()
        .map_err(|e| format!("cannot run go: {e}"))?;
    if !status.success() {
        return Err("go build of the Go benchmark failed".to_string());
    }
    let rust_bench = root.join("target/release/examples/bench");
    let medians = medians(&[(&rust_bench, &["--round", ROUND_CALLS]), (&c_bench, &[ROUND_CALLS]), (&go_bench, &[ROUND_CALLS])], fake)?;
    let median = |name: &str| medians.get(name);
    let (rust_typed, rust_json, c_json) = (median("rust_typed_ns")?, median("rust_json_ns")?, median("c_json_ns")?);
    let (go_typed, go_json, go_http) = (median("go_typed_ns")?, median("go_json_ns")?, median("go_nethttp_ns")?);
    println!("C and Go over libquay ({ROUND_CALLS} sequential getRepo calls x {ROUNDS} rounds per program, medians)");
    println!("  Rust typed call:            {rust_typed:>8.1} us");
    println!("  Rust JSON call (by id):     {rust_json:>8.1} us");
    println!("  C quay_call:                {c_json:>8.1} us");
    println!("  Go typed method:            {go_typed:>8.1} us");
    println!("  Go Call (by id):            {go_json:>8.1} us");
    println!("  Go net/http + encoding/json:{go_http:>8.1} us");
    println!("  C ABI / Rust JSON call:     {:>8.3}x  (target <= 1.05x)", c_json / rust_json);
    println!("  Go typed / Rust typed call: {:>8.3}x  (target <= 1.05x)", go_typed / rust_typed);
    println!("  Go Call / Rust JSON call:   {:>8.3}x  (target <= 1.05x)", go_json / rust_json);
    println!("  Go typed / net/http:        {:>8.3}x  (target <= 1.00x: not slower than plain net/http)", go_typed / go_http);
    Ok(())
}

/// How many processes each side of the CLI benchmark starts.
const CLI_RUNS: usize = 100;

/// Runs `program args` `CLI_RUNS` times (output discarded), each run required to succeed;
/// returns the total time.
fn time_processes(program: &Path, args: &[&str], envs: &[(&str, &str)]) -> Result<Duration, String> {
    let start = Instant::now();
    for _ in 0..CLI_RUNS {
        let status = Command::new(program)
            .args(args)
            .envs(envs.iter().copied())
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
        if !status.success() {
            return Err(format!("{} failed ({status})", program.display()));
        }
    }
    Ok(start.elapsed())
}

/// The `quay` CLI against `curl`: 100 processes of each making the same GET (getOrganization),
/// as a shell loop would; prints the per-invocation times and their ratio.
fn cli(fake: &FakeProcess) -> Result<(), String> {
    let quay = workspace_root().join("target/release/quay");
    let env = [("QUAY_REGISTRY", fake.url.as_str()), ("QUAY_TOKEN", fake.token.as_str())];
    let created = Command::new(&quay)
        .args(["org", "create", "--name", "benchorg", "--email", "bench@example.com"])
        .envs(env)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", quay.display()))?;
    if !created.success() {
        return Err("quay could not create the benchmark's organization".into());
    }
    let url = format!("{}/api/v1/organization/benchorg", fake.url);
    // The header goes through a file so that the token is on no command line.
    let header = std::env::temp_dir().join(format!("quay-bench-header-{}", std::process::id()));
    std::fs::write(&header, format!("Authorization: Bearer {}\n", fake.token)).map_err(|e| e.to_string())?;
    let header_arg = format!("@{}", header.display());
    // One warm-up run of each (page cache, dynamic loader).
    let curl = Path::new("/usr/bin/curl");
    let curl_args = ["-sSf", "-X", "GET", "-H", header_arg.as_str(), url.as_str()];
    let result = (|| {
        time_processes(&quay, &["org", "get", "benchorg"], &env)?;
        time_processes(curl, &curl_args, &[])?;
        let q = time_processes(&quay, &["org", "get", "benchorg"], &env)?;
        let c = time_processes(curl, &curl_args, &[])?;
        Ok::<_, String>((q, c))
    })();
    let _ = std::fs::remove_file(&header);
    let (q, c) = result?;
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / CLI_RUNS as f64;
    println!(
        "cli: {CLI_RUNS} x `quay org get` {:.2} ms each, {CLI_RUNS} x curl {:.2} ms each: quay / curl = {:.2}x (target <= 1.00x)",
        per(q),
        per(c),
        q.as_secs_f64() / c.as_secs_f64()
    );
    Ok(())
}
