//! Running the `quay` binary against a fake Quay in tests.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use quay_fake::FakeQuay;
use serde_json::Value;

/// A fake Quay (every feature on) and a private config file location.
pub struct Env {
    pub fake: FakeQuay,
    pub dir: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        Env::with(FakeQuay::builder().features(quay_fake::Features::all()))
    }

    pub fn with(builder: quay_fake::Builder) -> Env {
        let fake = builder.start_blocking();
        let dir = std::env::temp_dir().join(format!(
            "quay-cli-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Env { fake, dir }
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.join("config.toml")
    }

    /// The `quay` command with the fake's registry and token in the environment.
    pub fn cmd(&self) -> Command {
        let mut c = self.bare();
        c.env("QUAY_REGISTRY", self.fake.url()).env("QUAY_TOKEN", self.fake.superuser_token());
        c
    }

    /// The `quay` command with no registry or token in the environment.
    pub fn bare(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_quay"));
        for v in ["QUAY_REGISTRY", "QUAY_TOKEN", "QUAY_TOKEN_KIND", "QUAY_CA_BUNDLE", "QUAY_PROFILE", "quay_registry", "bearer_token", "XDG_CONFIG_HOME"] {
            c.env_remove(v);
        }
        c.env("QUAY_CONFIG", self.config_path()).env("HOME", &self.dir);
        c
    }

    /// Runs `quay ARGS` with the fake's credentials.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd().args(args).output().expect("run quay"))
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Fails unless the run succeeded.
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "quay failed: {}", self.stderr);
        self
    }

    /// The stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

/// Splits a shell command line into words: single and double quotes, `$var` and `${var}` from
/// `vars` (outside single quotes), `$'...'` with `\n`.
pub fn words(line: &str, vars: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let var = |i: &mut usize, cur: &mut String| {
        let braced = chars.get(*i + 1) == Some(&'{');
        let start = *i + 1 + usize::from(braced);
        let mut end = start;
        while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_') {
            end += 1;
        }
        let name: String = chars[start..end].iter().collect();
        let value = vars.get(&name).unwrap_or_else(|| panic!("unknown variable ${name} in `{line}`"));
        cur.push_str(value);
        *i = end + usize::from(braced);
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
                i += 1;
            }
            '\'' => {
                has = true;
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    cur.push(chars[i]);
                    i += 1;
                }
                i += 1;
            }
            '$' if chars.get(i + 1) == Some(&'\'') => {
                has = true;
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    if chars[i] == '\\' && chars.get(i + 1) == Some(&'n') {
                        cur.push('\n');
                        i += 2;
                    } else {
                        cur.push(chars[i]);
                        i += 1;
                    }
                }
                i += 1;
            }
            '"' => {
                has = true;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '$' {
                        var(&mut i, &mut cur);
                    } else {
                        cur.push(chars[i]);
                        i += 1;
                    }
                }
                i += 1;
            }
            '$' => {
                has = true;
                var(&mut i, &mut cur);
            }
            _ => {
                has = true;
                cur.push(c);
                i += 1;
            }
        }
    }
    if has {
        out.push(cur);
    }
    out
}
