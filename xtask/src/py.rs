//! The Python package's build and test orchestration: the virtualenv, the wheel (maturin), mypy
//! on the package and the README's snippets, pytest, and the Python benchmark. (The package's
//! generated modules come from `quay_codegen::python`; see `generate.rs`.)

use std::path::PathBuf;

use crate::workspace_root;

/// The virtualenv `cargo xtask test` and `bench` create and use.
const VENV: &str = "target/py-venv";

fn venv_python() -> PathBuf {
    workspace_root().join(VENV).join("bin/python")
}

/// Runs a command from `dir`, failing with its name if it fails; returns its exit code.
fn run_in(
    dir: &std::path::Path,
    program: &std::path::Path,
    args: &[&str],
    envs: &[(&str, &std::path::Path)],
) -> Result<i32, String> {
    println!("$ {} {}", program.display(), args.join(" "));
    let mut c = std::process::Command::new(program);
    c.args(args).current_dir(dir);
    for (k, v) in envs {
        c.env(k, v);
    }
    let status = c.status().map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    Ok(status.code().unwrap_or(-1))
}

fn run_ok(program: &std::path::Path, args: &[&str]) -> Result<(), String> {
    match run_in(&workspace_root(), program, args, &[])? {
        0 => Ok(()),
        code => Err(format!("`{} {}` failed (exit {code})", program.display(), args.join(" "))),
    }
}

/// Creates the virtualenv (with `python3`, or `$QUAY_PYTHON`) if needed and installs the
/// build and test tools from PyPI into it.
pub fn venv() -> Result<PathBuf, String> {
    let python = venv_python();
    if !python.exists() {
        let base = std::env::var("QUAY_PYTHON").unwrap_or_else(|_| "python3".to_string());
        let dir = workspace_root().join(VENV);
        run_ok(std::path::Path::new(&base), &["-m", "venv", &dir.to_string_lossy()])?;
    }
    let requirements = workspace_root().join("quay-py/requirements-dev.txt");
    run_ok(
        &python,
        &["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", &requirements.to_string_lossy()],
    )?;
    Ok(python)
}

/// `cargo xtask wheel`: the release, stripped wheel a user installs, in `target/wheels/`.
pub fn wheel() -> Result<(), String> {
    let python = venv()?;
    let out = workspace_root().join("target/wheels");
    let _ = std::fs::remove_dir_all(&out);
    let maturin = python.with_file_name("maturin");
    let manifest = workspace_root().join("quay-py/Cargo.toml");
    let out_text = out.to_string_lossy().to_string();
    run_ok(&maturin, &["build", "--quiet", "--release", "--strip", "-m", manifest.to_str().ok_or("non-UTF-8 path")?, "--out", &out_text])?;
    for wheel in std::fs::read_dir(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?.flatten() {
        let size = wheel.metadata().map(|m| m.len()).unwrap_or(0);
        println!("wheel: {} ({:.1} MB)", wheel.path().display(), size as f64 / 1e6);
    }
    Ok(())
}

/// Builds the wheel (`release` for benchmarks, debug otherwise, which reuses the workspace's
/// debug artefacts) and installs it into the virtualenv.
pub fn install_wheel(python: &std::path::Path, release: bool) -> Result<(), String> {
    let out = workspace_root().join("target/py-wheels").join(if release { "release" } else { "debug" });
    let _ = std::fs::remove_dir_all(&out);
    let maturin = python.with_file_name("maturin");
    let manifest = workspace_root().join("quay-py/Cargo.toml");
    let mut args = vec!["build", "--quiet", "-m", manifest.to_str().ok_or("non-UTF-8 path")?];
    let out_text = out.to_string_lossy().to_string();
    args.extend(["--out", out_text.as_str(), "--interpreter", python.to_str().ok_or("non-UTF-8 path")?]);
    if release {
        args.push("--release");
    }
    run_ok(&maturin, &args)?;
    let wheel = std::fs::read_dir(&out)
        .map_err(|e| format!("cannot read {}: {e}", out.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| format!("maturin left no wheel in {}", out.display()))?;
    run_ok(
        python,
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--force-reinstall",
            "--no-deps",
            &wheel.to_string_lossy(),
        ],
    )
}

/// Names the README's snippets use without defining them (they are fragments).
const SNIPPET_PRELUDE: &str = "\
from typing import Any, Callable

import quay_sdk
from quay_sdk.testing import FakeQuay

client: quay_sdk.Client
fake: FakeQuay
my_automation: Callable[..., None]
ensure_robot: Callable[[quay_sdk.Client, str, str], str]
";

/// Writes every ```python block of quay-py/README.md (but those showing a type error, marked
/// by a `# error:` line) as a module under target/py-readme, for mypy.
fn readme_snippets() -> Result<PathBuf, String> {
    let readme = std::fs::read_to_string(workspace_root().join("quay-py/README.md"))
        .map_err(|e| format!("cannot read quay-py/README.md: {e}"))?;
    let dir = workspace_root().join("target/py-readme");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut n = 0;
    let mut block: Option<String> = None;
    for line in readme.lines() {
        match &mut block {
            None if line.trim_start() == "```python" => block = Some(String::new()),
            None => {}
            Some(text) if line.trim_start() == "```" => {
                if !text.lines().any(|l| l.trim_start().starts_with("# error:")) {
                    n += 1;
                    let path = dir.join(format!("readme_snippet_{n}.py"));
                    let body = format!("# quay-py/README.md, Python block {n}.\n{SNIPPET_PRELUDE}\n{text}");
                    std::fs::write(&path, body).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                }
                block = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    if n == 0 {
        return Err("quay-py/README.md holds no Python block".to_string());
    }
    Ok(dir)
}

/// The Python steps of `cargo xtask test`: build and install the wheel, `mypy --strict` on
/// the README's examples and on the package, then pytest, which writes the fake's coverage to
/// `coverage_dir`.
pub fn test(coverage_dir: &std::path::Path) -> Result<(), String> {
    let python = venv()?;
    install_wheel(&python, false)?;
    let py = workspace_root().join("quay-py");
    let snippets = readme_snippets()?;
    let snippets_arg = snippets.to_string_lossy().to_string();
    match run_in(&py, &python, &["-m", "mypy", "--strict", "examples", "python/quay_sdk", &snippets_arg], &[])? {
        0 => println!("python: mypy --strict passes on the examples, the README's snippets and the package"),
        code => return Err(format!("python: mypy --strict failed (exit {code})")),
    }
    pytest(&[("QUAY_FAKE_COVERAGE_DIR".to_string(), coverage_dir.to_string_lossy().into_owned())])
}

/// Runs the Python tests (with the wheel `test` installed) with extra environment variables.
pub fn pytest(envs: &[(String, String)]) -> Result<(), String> {
    let python = venv_python();
    if !python.exists() {
        return Err(format!("python: no virtualenv at {} (run `cargo xtask test`)", python.display()));
    }
    let py = workspace_root().join("quay-py");
    let envs: Vec<(&str, &std::path::Path)> = envs.iter().map(|(k, v)| (k.as_str(), std::path::Path::new(v))).collect();
    let code = run_in(&py, &python, &["-m", "pytest", "-q", "-p", "no:cacheprovider"], &envs)?;
    match code {
        0 => Ok(()),
        // pytest: 1 tests failed, 2 interrupted, 3 internal error, 4 usage error, 5 no tests.
        5 => Err("python: pytest collected no tests".to_string()),
        1 => Err("python: some pytest tests failed".to_string()),
        code => Err(format!("python: pytest did not complete (exit {code})")),
    }
}

/// The Python section of `cargo xtask bench`: 1,000 sequential calls through `quay_sdk.Client`
/// against `requests.Session` and `httpx.Client`, on the fake at `url`, with a release wheel.
pub fn bench(url: &str, token: &str) -> Result<(), String> {
    let python = venv()?;
    install_wheel(&python, true)?;
    let script = workspace_root().join("quay-py/bench/bench_calls.py");
    // Credentials travel in the environment, never on a command line that is echoed.
    let (url, token) = (std::path::Path::new(url), std::path::Path::new(token));
    let envs = [("QUAY_REGISTRY", url), ("QUAY_TOKEN", token)];
    match run_in(&workspace_root(), &python, &[&script.to_string_lossy()], &envs)? {
        0 => Ok(()),
        code => Err(format!("python: the benchmark failed (exit {code})")),
    }
}
