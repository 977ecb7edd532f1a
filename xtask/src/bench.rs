//! `cargo xtask bench`: builds in release mode, starts the `quay-fake` binary on loopback and
//! runs the benchmark programs against it, printing their figures from one run.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

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

/// Runs every benchmark.
pub fn bench() -> Result<(), String> {
    cmd("cargo", &["build", "--release", "--quiet", "-p", "quay-fake", "--bin", "quay-fake", "-p", "quay-sdk", "--example", "bench"], &[])?;
    let fake = FakeProcess::start()?;
    let bench = workspace_root().join("target/release/examples/bench");
    // Credentials travel in the environment, never on a command line that is echoed.
    cmd(&bench.to_string_lossy(), &[], &[("QUAY_REGISTRY", fake.url.as_ref()), ("QUAY_TOKEN", fake.token.as_ref())])?;
    // Python: quay_sdk.Client against requests and httpx, on the same server.
    crate::py::bench(&fake.url, &fake.token)?;
    Ok(())
}
