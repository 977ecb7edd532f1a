//! The command line of the `quay-fake` binary (and of `quay fake`): `[--port N]
//! [--keep-alive SECONDS] [--clock-at UNIX_SECONDS] [--smtp-down] [FEATURES]` serves a fake Quay on 127.0.0.1
//! until interrupted. Prints `export QUAY_REGISTRY=<url>` and `export QUAY_TOKEN=<superuser
//! token>` on stdout (so `eval "$(quay-fake ...)"`-style use works), and how to stop it on stderr.

use std::io::Write;
use std::process::ExitCode;

/// The usage text, after `usage: PROGRAM`.
const USAGE: &str = "[--port N] [--keep-alive SECONDS] [--clock-at UNIX_SECONDS] [--smtp-down] [FEATURES]

  --port N                   port on 127.0.0.1 (0, the default, picks a free one)
  --keep-alive SECONDS       close keep-alive connections idle this long (default 2, as gunicorn)
  --clock-at UNIX_SECONDS    pin the fake's clock at this time (default: the system clock)
  --smtp-down                answer as a Quay whose SMTP server is down (mail-sending calls make
                             their change, then fail with 400 \"Could not send email\")

Features (each off by default, as on a Quay with default settings):
  --team-syncing --config-dump --immutable-tags --quota-management --image-pull-stats
  --security-scanner --programmatic-bootstrap --proxy-cache --org-mirror --quota-notifications,
  --auto-prune --referrers-api --user-metadata,
  or --all-features (app-specific tokens and mailing are on, as in Quay)";

/// The value of `--name VALUE` or `--name=VALUE`.
fn value(arg: &str, name: &str, rest: &mut impl Iterator<Item = String>) -> Option<Option<String>> {
    if arg == name {
        return Some(rest.next());
    }
    arg.strip_prefix(name).and_then(|r| r.strip_prefix('=')).map(|v| Some(v.to_string()))
}

fn usage_error(program: &str, message: &str) -> ExitCode {
    eprintln!("{program}: {message}\nusage: {program} {USAGE}");
    ExitCode::from(2)
}

/// Runs the command line with `args` (without the program's name), `program` naming it in
/// messages: serves until the process is stopped, or returns the exit code of a usage error or
/// of a port that cannot be bound.
pub fn main(program: &str, args: impl IntoIterator<Item = String>) -> ExitCode {
    let mut builder = crate::FakeQuay::builder();
    let mut features = crate::Features::default();
    let mut port: u16 = 0;
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "-h" || a == "--help" {
            println!("usage: {program} {USAGE}");
            return ExitCode::SUCCESS;
        }
        let flag = match a.as_str() {
            "--team-syncing" => Some(&mut features.team_syncing),
            "--config-dump" => Some(&mut features.config_dump),
            "--immutable-tags" => Some(&mut features.immutable_tags),
            "--quota-management" => Some(&mut features.quota_management),
            "--image-pull-stats" => Some(&mut features.image_pull_stats),
            "--security-scanner" => Some(&mut features.security_scanner),
            "--programmatic-bootstrap" => Some(&mut features.programmatic_bootstrap),
            "--proxy-cache" => Some(&mut features.proxy_cache),
            "--org-mirror" => Some(&mut features.org_mirror),
            "--quota-notifications" => Some(&mut features.quota_notifications),
            "--auto-prune" => Some(&mut features.auto_prune),
            "--referrers-api" => Some(&mut features.referrers_api),
            "--user-metadata" => Some(&mut features.user_metadata),
            _ => None,
        };
        if let Some(on) = flag {
            *on = true;
        } else if a == "--smtp-down" {
            builder = builder.smtp_down(true);
        } else if a == "--all-features" {
            features = crate::Features::all();
        } else if let Some(v) = value(&a, "--port", &mut args) {
            match v.as_deref().map(str::parse::<u16>) {
                Some(Ok(p)) => port = p,
                _ => return usage_error(program, &format!("--port needs a number from 0 to 65535 (got {})", v.unwrap_or_default())),
            }
        } else if let Some(v) = value(&a, "--keep-alive", &mut args) {
            match v.as_deref().map(str::parse::<f64>) {
                Some(Ok(s)) if s.is_finite() && s > 0.0 => builder = builder.keep_alive(std::time::Duration::from_secs_f64(s)),
                _ => return usage_error(program, &format!("--keep-alive needs a positive number of seconds (got {})", v.unwrap_or_default())),
            }
        } else if let Some(v) = value(&a, "--clock-at", &mut args) {
            match v.as_deref().map(str::parse::<i64>) {
                Some(Ok(t)) if t >= 0 => builder = builder.clock_at(t),
                _ => return usage_error(program, &format!("--clock-at needs a Unix time in seconds (got {})", v.unwrap_or_default())),
            }
        } else {
            return usage_error(program, &format!("unknown argument {a}"));
        }
    }
    let fake = match builder.features(features).port(port).try_start_blocking() {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!("{program}: port {port} on 127.0.0.1 is already in use; pick another with --port N, or --port 0 for any free one");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{program}: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("export QUAY_REGISTRY={}", fake.url());
    println!("export QUAY_TOKEN={}", fake.superuser_token());
    let _ = std::io::stdout().flush();
    eprintln!("{program}: serving {} (stop it with Ctrl-C, or kill {})", fake.url(), std::process::id());
    loop {
        std::thread::park();
    }
}
