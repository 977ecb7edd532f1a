//! `quay`: a command line for every operation of the Quay API, replacing `curl | jq`.
//!
//! Its commands are built at run time from the operation table generated from the spec (see
//! [`table`]): one command group per API chapter (`quay robot create acme ci`), and every
//! operation again by its operationId (`quay call createOrgRobot --orgname acme
//! --robot-shortname ci`). No operation has code of its own: a new operation in the spec is a
//! new command after a rebuild.
//!
//! - [`cli`]: the clap command tree, built from the table;
//! - [`args`]: parsed arguments to the SDK's JSON call arguments;
//! - [`config`]: profiles in the config file, `quay login`, precedence flag > env > profile;
//! - [`output`]: JSON, table, YAML and raw output, `--query`, streamed pages;
//! - [`exit`]: one exit code per kind of error, and the error message.

pub mod args;
pub mod cli;
pub mod config;
pub mod exit;
pub mod output;
pub mod table;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::ArgMatches;
use futures::{FutureExt, StreamExt};

use crate::exit::{OTHER, USAGE};
use crate::output::{Format, Query, Stream};
use crate::table::Op;

/// Runs the command line `args` (the program's name first) and returns the exit code.
pub fn run(args: Vec<OsString>) -> ExitCode {
    let args: Vec<String> = match args.into_iter().map(OsString::into_string).collect() {
        Ok(a) => a,
        Err(bad) => return ExitCode::from(exit::fail(USAGE, format!("argument {bad:?} is not valid UTF-8"))),
    };
    let focus = cli::focus(&args);
    let matches = match cli::root(&focus).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { USAGE } else { 0 });
        }
    };
    ExitCode::from(dispatch(&matches, &args))
}

/// Parses a command line with the CLI's own parser, without running it (for checking
/// documented commands).
pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<ArgMatches, clap::Error> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    cli::root(&cli::focus(&args)).try_get_matches_from(&args)
}

/// The operation a parsed command line calls, with its own matches.
pub fn operation_of(m: &ArgMatches) -> Option<(&'static Op, &ArgMatches)> {
    let (name, sub) = m.subcommand()?;
    if name == "call" {
        let (id, leaf) = sub.subcommand()?;
        return table::OPERATIONS.iter().find(|o| o.id == id).map(|o| (o, leaf));
    }
    let chapter = table::chapter(name)?;
    let (command, leaf) = sub.subcommand()?;
    table::operations_of(chapter.name).find(|o| o.command == command).map(|o| (o, leaf))
}

fn runtime() -> Result<tokio::runtime::Runtime, u8> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| exit::fail(OTHER, format!("cannot start the async runtime: {e}")))
}

fn dispatch(m: &ArgMatches, args: &[String]) -> u8 {
    match m.subcommand() {
        Some(("config", sub)) => config::run_config(sub, sub),
        Some(("login", sub)) => match runtime() {
            Ok(rt) => config::run_login(sub, sub, &rt),
            Err(code) => code,
        },
        Some(("fake", _)) => {
            let at = args.iter().position(|a| a == "fake").map(|i| i + 1).unwrap_or(args.len());
            // Serves until stopped; returns only on a usage error or a port that cannot be bound.
            let code = quay_fake::cli::main("quay fake", args[at..].iter().cloned());
            if code == ExitCode::SUCCESS { 0 } else { OTHER }
        }
        Some(("completions", sub)) => {
            let shell = match sub.get_one::<String>("shell").map(String::as_str) {
                Some("bash") => clap_complete::Shell::Bash,
                Some("zsh") => clap_complete::Shell::Zsh,
                Some("fish") => clap_complete::Shell::Fish,
                Some("elvish") => clap_complete::Shell::Elvish,
                _ => clap_complete::Shell::PowerShell,
            };
            clap_complete::generate(shell, &mut cli::root(&cli::Focus::All), "quay", &mut std::io::stdout());
            0
        }
        Some(("man", _)) => {
            let mut out = std::io::stdout().lock();
            match clap_mangen::Man::new(cli::root(&cli::Focus::All)).render(&mut out) {
                Ok(()) => 0,
                Err(e) => exit::fail(OTHER, format!("cannot write the man page: {e}")),
            }
        }
        _ => match operation_of(m) {
            Some((op, leaf)) => execute(op, leaf),
            None => exit::fail(USAGE, "no such command (see quay --help)"),
        },
    }
}

/// How the user reaches an operation's help.
fn help_command(op: &Op) -> String {
    format!("quay {} {}", op.chapter, op.command)
}

const BROKEN_PIPE: &str = "broken pipe";

fn write_failed(e: String) -> u8 {
    if e.contains("Broken pipe") || e == BROKEN_PIPE { 0 } else { exit::fail(OTHER, e) }
}

/// Runs one operation with its parsed arguments.
fn execute(op: &'static Op, m: &ArgMatches) -> u8 {
    let debug = m.get_flag("debug");
    let stdout_terminal = std::io::stdout().is_terminal();
    let format = Format::parse(m.get_one::<String>("output").map(String::as_str), stdout_terminal);
    let query = match m.get_one::<String>("query").map(|q| Query::parse(q)).transpose() {
        Ok(q) => q,
        Err(e) => return exit::fail(USAGE, e),
    };
    let limit = match m.try_get_one::<String>("limit").ok().flatten() {
        None => None,
        Some(text) => match text.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => return exit::fail(USAGE, format!("{}: --limit takes a whole number of items (got `{text}`)", op.id)),
        },
    };
    let call_args = match args::to_json(op, m) {
        Ok(a) => a,
        Err(e) => return exit::fail(USAGE, format!("{}: {e} (see `{} --help`)", op.id, help_command(op))),
    };
    let builder = match config::builder(m, debug) {
        Ok(b) => b,
        Err((code, msg)) => return exit::fail(code, msg),
    };
    if debug {
        // The SDK's attempts and retries (never the token: its header is marked sensitive).
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
            .try_init();
    }
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => return exit::report(&e, Some(&help_command(op))),
    };
    let help = help_command(op);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let code = rt.block_on(async {
        if m.get_flag("dry-run") {
            return match client.preview(op.id, call_args).await {
                Ok(p) => print_preview(&mut out, m.get_one::<String>("output").is_some(), format, &p).map(|_| 0).unwrap_or_else(write_failed),
                Err(e) => exit::report(&e, Some(&help)),
            };
        }
        if op.paging.is_some() {
            return paged(op, &client, call_args, format, query.as_ref(), limit, &mut out, &help).await;
        }
        match client.call(op.id, call_args).await {
            Ok(value) => {
                let value = match &query {
                    Some(q) => q.apply(&value),
                    None => value,
                };
                output::write_value(&mut out, format, &value).map(|_| 0).unwrap_or_else(write_failed)
            }
            Err(e) => exit::report(&e, Some(&help)),
        }
    });
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe && code == 0 => exit::fail(OTHER, format!("cannot write the output: {e}")),
        _ => code,
    }
}

/// Prints the request a dry run would send: `METHOD URL` and the body, or with `--output`
/// an object with `method`, `url` and `body`.
fn print_preview(out: &mut impl Write, structured: bool, format: Format, p: &quay_sdk::RequestPreview) -> Result<(), String> {
    if structured {
        let v = serde_json::json!({"method": p.method, "url": p.url, "body": p.body});
        return output::write_value(out, format, &v);
    }
    let w = |e: std::io::Error| e.to_string();
    writeln!(out, "{} {}", p.method, p.url).map_err(w)?;
    if let Some(body) = &p.body {
        writeln!(out, "Content-Type: application/json\n").map_err(w)?;
        writeln!(out, "{}", serde_json::to_string_pretty(body).unwrap_or_default()).map_err(w)?;
    }
    Ok(())
}

/// Streams a paged operation's items, every page unless `limit`, with a progress line on a
/// terminal's stderr.
#[allow(clippy::too_many_arguments)]
async fn paged(
    op: &Op,
    client: &quay_sdk::Client,
    call_args: serde_json::Value,
    format: Format,
    query: Option<&Query>,
    limit: Option<usize>,
    out: &mut impl Write,
    help: &str,
) -> u8 {
    let stream = match client.paginate(op.id, call_args) {
        Ok(s) => s,
        Err(e) => return exit::report(&e, Some(help)),
    };
    let mut stream = stream.take(limit.unwrap_or(usize::MAX));
    let progress = std::io::stderr().is_terminal();
    let mut printer = Stream::new(format);
    let mut batch = Vec::new();
    loop {
        // Take what has arrived; when the next item is not ready, print the batch and wait.
        let next = match stream.next().now_or_never() {
            Some(n) => n,
            None => {
                if let Err(e) = printer.items(out, &batch).and_then(|_| out.flush().map_err(|e| e.to_string())) {
                    return write_failed(e);
                }
                batch.clear();
                if progress && printer.count() > 0 {
                    eprint!("\rquay: {} {} so far…", printer.count(), op.paging.map(|p| p.items).unwrap_or("items"));
                }
                stream.next().await
            }
        };
        match next {
            Some(Ok(item)) => batch.push(match query {
                Some(q) => q.apply(&item),
                None => item,
            }),
            Some(Err(e)) => {
                let _ = printer.items(out, &batch);
                let _ = out.flush();
                if progress {
                    eprint!("\r\x1b[K");
                }
                return exit::report(&e, Some(help));
            }
            None => break,
        }
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    printer.items(out, &batch).and_then(|_| printer.finish(out)).map(|_| 0).unwrap_or_else(write_failed)
}
