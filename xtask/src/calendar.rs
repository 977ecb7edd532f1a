//! The calendar step of `cargo xtask test`: the suites that involve time (the Rust tests of
//! quay-fake and quay-sdk, and the Python tests) run again with the wall clock of their
//! processes moved to other dates by libfaketime, so that a test reading today's date fails
//! here rather than on the day the calendar passes a recording.
//!
//! libfaketime comes from Debian's `faketime` package (`.ci/run` installs it); set
//! `QUAY_FAKETIME_LIB` to use a copy elsewhere. libfaketime shifts the monotonic clock by the
//! same amount, so intervals (timeouts, retries, sleeps) are unchanged. (Leaving the monotonic
//! clock alone with `FAKETIME_DONT_FAKE_MONOTONIC=1` breaks Python's `time.sleep` under
//! libfaketime 0.9.10: `EINVAL` from `clock_nanosleep`.)

use std::path::PathBuf;
use std::process::Command;

use crate::workspace_root;

/// Dates far from the recordings (November 2026), on both sides, and one on a leap day.
pub const DATES: [&str; 2] = ["2031-06-15 12:00:00", "2024-02-29 23:59:30"];

const LIBRARY_DIRS: [&str; 4] =
    ["/usr/lib/x86_64-linux-gnu/faketime", "/usr/lib/aarch64-linux-gnu/faketime", "/usr/lib/faketime", "/usr/lib64/faketime"];

/// The multi-threaded libfaketime library.
pub fn library() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("QUAY_FAKETIME_LIB") {
        return Ok(PathBuf::from(p));
    }
    LIBRARY_DIRS
        .iter()
        .map(|d| PathBuf::from(d).join("libfaketimeMT.so.1"))
        .find(|p| p.exists())
        .ok_or_else(|| {
            "calendar: libfaketime not found; install Debian's `faketime` package (apt-get install faketime) \
             or set QUAY_FAKETIME_LIB to libfaketimeMT.so.1"
                .to_string()
        })
}

/// The environment that moves a process's wall clock to `date` (it ticks on from there).
pub fn env(lib: &std::path::Path, date: &str) -> Vec<(String, String)> {
    vec![
        ("LD_PRELOAD".into(), lib.to_string_lossy().into_owned()),
        ("FAKETIME".into(), format!("@{date}")),
        ("FAKETIME_DONT_RESET".into(), "1".into()),
    ]
}

/// Proves the preload takes effect: `date` under it must print the faked year.
fn probe(lib: &std::path::Path, date: &str) -> Result<(), String> {
    let out = Command::new("date")
        .args(["-u", "+%Y"])
        .envs(env(lib, date))
        .output()
        .map_err(|e| format!("calendar: cannot run `date`: {e}"))?;
    let year = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if date.starts_with(&year) {
        Ok(())
    } else {
        Err(format!("calendar: libfaketime at {} did not move the clock to {date} (`date` says {year})", lib.display()))
    }
}

/// The test executables of the crates whose behaviour depends on time, built if needed.
fn test_binaries() -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let out = Command::new("cargo")
        .args(["test", "--no-run", "--quiet", "--message-format=json", "-p", "quay-fake", "-p", "quay-sdk"])
        .current_dir(workspace_root())
        .output()
        .map_err(|e| format!("calendar: cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("calendar: building the test binaries failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let mut bins = vec![];
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if msg["reason"] == "compiler-artifact" && msg["profile"]["test"] == true
            && let Some(exe) = msg["executable"].as_str()
        {
            // cargo runs a test binary from its package's directory; so does this step.
            let dir = msg["manifest_path"].as_str().map(PathBuf::from).and_then(|m| m.parent().map(PathBuf::from));
            bins.push((PathBuf::from(exe), dir.unwrap_or_else(workspace_root)));
        }
    }
    if bins.is_empty() {
        return Err("calendar: cargo reported no test binaries for quay-fake and quay-sdk".into());
    }
    Ok(bins)
}

/// Runs the time-sensitive suites at each of [`DATES`].
pub fn run() -> Result<(), String> {
    let lib = library()?;
    let bins = test_binaries()?;
    for date in DATES {
        probe(&lib, date)?;
        println!("calendar: the Rust tests of quay-fake and quay-sdk with the wall clock at {date}");
        for (bin, dir) in &bins {
            let status = Command::new(bin)
                .arg("--quiet")
                .envs(env(&lib, date))
                .current_dir(dir)
                .status()
                .map_err(|e| format!("calendar: cannot run {}: {e}", bin.display()))?;
            if !status.success() {
                return Err(format!("calendar: {} failed with the wall clock at {date} ({status})", bin.display()));
            }
        }
        println!("calendar: the Python tests with the wall clock at {date}");
        crate::py::pytest(&env(&lib, date))?;
    }
    println!("calendar: every suite passes with the wall clock at {}", DATES.join(" and at "));
    Ok(())
}
