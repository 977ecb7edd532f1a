//! The clap command tree, built at run time from the generated table: one command group per
//! chapter, one command per operation (with its short verb, and its kebab-case operationId as
//! an alias), every operation again under `quay call <operationId>`, and the tool's own commands
//! (`config`, `login`, `fake`, `completions`, `man`).
//!
//! Only the part of the tree an invocation needs is built with its arguments ([`Focus`]): a
//! shell loop pays for one chapter's commands, not for all of them.

use clap::builder::PossibleValuesParser;
use clap::{Arg as ClapArg, ArgAction, Command};

use crate::exit::EXIT_CODES;
use crate::table::{self, Op, Source, Value};

/// Flags of the tool itself, on every command. An operation's argument with one of these names
/// takes a suffix (`--limit-param`, `--token-param`, `--limit-field`).
pub const GLOBAL_FLAGS: &[&str] = &[
    "registry", "token", "token-kind", "ca-bundle", "insecure", "timeout", "retries", "profile", "output", "query", "dry-run", "debug",
    "help", "version",
];

/// Global flags that take a value (to find the command in the raw arguments).
const VALUE_FLAGS: &[&str] = &["--registry", "--token", "--token-kind", "--ca-bundle", "--timeout", "--retries", "--profile", "--output", "-o", "--query", "-q"];

/// Which part of the tree to build in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// Everything (completions, the man page, the tests).
    All,
    /// One chapter's commands (other chapters are listed without their commands).
    Chapter(&'static str),
    /// One operation under `call` (others are listed without their arguments).
    Call(Option<String>),
    /// None of the operations (the tool's own commands, or top-level help).
    Nothing,
}

/// What the raw arguments ask for, read without building the tree.
pub fn focus<S: AsRef<str>>(args: &[S]) -> Focus {
    let mut words = Vec::new();
    let mut i = 1;
    while i < args.len() && words.len() < 2 {
        let a = args[i].as_ref();
        if a == "--" {
            break;
        }
        if a.starts_with('-') {
            if VALUE_FLAGS.contains(&a) {
                i += 1;
            }
        } else {
            words.push(a);
        }
        i += 1;
    }
    match words.first() {
        None => Focus::Nothing,
        Some(&"call") => Focus::Call(words.get(1).map(|s| s.to_string())),
        Some(&("completions" | "man")) => Focus::All,
        Some(w) => match table::chapter(w) {
            Some(c) => Focus::Chapter(c.name),
            None => Focus::Nothing,
        },
    }
}

const AFTER_HELP: &str = "\
Configuration, strongest first: flags; the environment (QUAY_REGISTRY, QUAY_TOKEN, QUAY_CA_BUNDLE,
QUAY_PROFILE); the profile's entries in the config file ($QUAY_CONFIG, else
$XDG_CONFIG_HOME/quay/config.toml, else ~/.config/quay/config.toml; see `quay config --help`).
The token is never printed, not even with --debug.";

fn exit_codes_help() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, what, _) in EXIT_CODES {
        text.push_str(&format!("  {code}  {what}\n"));
    }
    text
}

/// The root command with the parts `focus` asks for.
pub fn root(focus: &Focus) -> Command {
    let mut cmd = Command::new("quay")
        .version(env!("CARGO_PKG_VERSION"))
        .about("A command line for every operation of the Quay API (built from the SDK's spec)")
        .after_help(format!("{AFTER_HELP}\n\n{}", exit_codes_help()))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for chapter in table::CHAPTERS {
        let mut group = Command::new(chapter.name)
            .about(chapter.about)
            .visible_aliases(table::aliases(chapter.name).collect::<Vec<_>>())
            .subcommand_required(true)
            .arg_required_else_help(true);
        if matches!(focus, Focus::All) || *focus == Focus::Chapter(chapter.name) {
            for op in table::operations_of(chapter.name) {
                group = group.subcommand(operation(op, true));
            }
        }
        cmd = cmd.subcommand(group);
    }
    let mut call = Command::new("call")
        .about("Call any operation by its operationId, every argument as a flag")
        .subcommand_required(true)
        .arg_required_else_help(true);
    for op in table::OPERATIONS {
        let full = match focus {
            Focus::All => true,
            Focus::Call(Some(id)) => id == op.id || id == op.kebab,
            _ => false,
        };
        call = call.subcommand(if full {
            operation(op, false)
        } else {
            let stub = Command::new(op.id).about(op.summary);
            if op.kebab != op.id { stub.alias(op.kebab) } else { stub }
        });
    }
    cmd.subcommand(call)
        .subcommand(crate::config::command())
        .subcommand(crate::config::login_command())
        .subcommand(
            Command::new("fake")
                .about("Serve the embedded fake Quay in the foreground; prints the export lines to use it")
                .disable_help_flag(true)
                .arg(ClapArg::new("args").num_args(0..).trailing_var_arg(true).allow_hyphen_values(true).help(
                    "[--port N] [--keep-alive SECONDS] [--clock-at UNIX_SECONDS] [--smtp-down] [FEATURE SWITCHES | --all-features] (see `quay fake --help`)",
                )),
        )
        .subcommand(
            Command::new("completions")
                .about("Print the shell completion script")
                .arg(ClapArg::new("shell").required(true).value_parser(["bash", "zsh", "fish", "elvish", "powershell"])),
        )
        .subcommand(Command::new("man").about("Print the man page (roff), generated from the same table as --help"))
}

fn global_args() -> Vec<ClapArg> {
    let flag = |name: &'static str| ClapArg::new(name).long(name).global(true).help_heading("Global options");
    vec![
        flag("registry").value_name("HOST|URL").help("The registry: a host (https) or a URL (http:// for local servers)"),
        flag("token").value_name("TOKEN").help("OAuth bearer token (never printed)").hide_env_values(true),
        flag("token-kind").value_name("KIND").value_parser(["oauth", "app"]).help(
            "What the token is, for registry (/v2) operations: an OAuth token, or an app-specific token's code [env: QUAY_TOKEN_KIND; default: oauth]",
        ),
        flag("ca-bundle").value_name("FILE").help("Trust the certificates of this PEM file too"),
        flag("insecure").action(ArgAction::SetTrue).help("Do not verify TLS certificates (only for test registries you control)"),
        flag("timeout").value_name("SECONDS").help("Time allowed for each request [default: 60]"),
        flag("retries").value_name("N").help("Retries of a failed idempotent request [default: 3]"),
        flag("profile").value_name("NAME").help("The config file's profile to use [env: QUAY_PROFILE]"),
        flag("output")
            .short('o')
            .value_name("FORMAT")
            .value_parser(["json", "table", "yaml", "raw"])
            .help("Output format [default: json, pretty on a terminal, compact when piped]"),
        flag("query").short('q').value_name("PATH").help(
            "Print only this field path of the result (e.g. `name`, `tags[].name`, `robots[0].token`); for paged operations, of each item",
        ),
        flag("dry-run").action(ArgAction::SetTrue).help("Print the HTTP request (method, URL, body) instead of sending it"),
        flag("debug").action(ArgAction::SetTrue).help("Log the configuration's sources and each attempt on stderr (never the token)"),
    ]
}

/// The flag of each argument of an operation: its own, with a suffix (`-param` or `-field`)
/// when the tool or an earlier argument of the operation already uses that name.
pub fn flags(op: &Op) -> Vec<String> {
    let mut taken: Vec<String> = GLOBAL_FLAGS.iter().map(|s| s.to_string()).collect();
    if op.paging.is_some() {
        taken.push("limit".into());
    }
    if op.has_body {
        taken.push("body".into());
    }
    let mut out = Vec::with_capacity(op.args.len());
    for arg in op.args {
        let suffix = match arg.source {
            Source::Path | Source::Query => "param",
            Source::Body | Source::BodyPart(_) => "field",
        };
        let mut flag = arg.flag.to_string();
        while taken.contains(&flag) {
            flag = format!("{flag}-{suffix}");
        }
        taken.push(flag.clone());
        out.push(flag);
    }
    out
}

/// The command of one operation: path parameters as positional arguments (`positional`, in
/// chapters) or as flags (under `call`); query parameters and body fields as flags.
pub fn operation(op: &'static Op, positional: bool) -> Command {
    let name = if positional { op.command } else { op.id };
    let mut cmd = Command::new(name)
        .about(format!("{} [{}]", op.summary, op.id))
        .long_about(long_about(op))
        .next_line_help(false);
    // The kebab-case operationId as an alias, unless it is the name already.
    if op.kebab != name {
        cmd = cmd.alias(op.kebab);
    }
    let joined = op.joins_repository();
    for (a, id) in op.args.iter().zip(flags(op)) {
        let is_path = a.source == Source::Path;
        if positional && is_path {
            if joined && a.key == "namespace" {
                continue;
            }
            let (value_name, help) = if joined && a.key == "repository" {
                ("NAMESPACE/REPOSITORY".to_string(), "The repository, as namespace/name".to_string())
            } else {
                (a.key.to_ascii_uppercase(), a.help.to_string())
            };
            cmd = cmd.arg(ClapArg::new(id).value_name(value_name).required(true).help(help));
            continue;
        }
        let mut help = a.help.to_string();
        if joined && a.key == "repository" {
            help = format!("{help} (or namespace/name, without --namespace)").trim_start().to_string();
        }
        if a.nullable {
            help.push_str(" [`null` sends null]");
        }
        let body = matches!(a.source, Source::Body | Source::BodyPart(_));
        if a.required && body {
            help.push_str(" [required]");
        }
        let heading = if body { "Body fields (or the whole body with --body)" } else { "Parameters" };
        let mut arg = ClapArg::new(id.clone()).long(id).help(help.trim().to_string()).help_heading(heading);
        // Path and query parameters the spec requires are required here; required body fields
        // may come from --body instead, so the SDK checks them (naming what is missing).
        let required = a.required && matches!(a.source, Source::Path | Source::Query) && !(joined && a.key == "namespace");
        arg = arg.required(required);
        arg = match a.value {
            Value::Boolean => {
                let values: &[&str] = if a.nullable { &["true", "false", "null"] } else { &["true", "false"] };
                arg.num_args(0..=1).default_missing_value("true").value_parser(PossibleValuesParser::new(values)).value_name("BOOL")
            }
            Value::Choice(values) | Value::IntegerChoice(values) => {
                let mut values: Vec<&str> = values.to_vec();
                if a.nullable {
                    values.push("null");
                }
                arg.value_parser(PossibleValuesParser::new(values)).value_name("VALUE")
            }
            Value::TextList => arg.action(ArgAction::Append).value_delimiter(',').value_name("TEXT,..."),
            Value::Integer => arg.value_name("INT"),
            Value::Number => arg.value_name("NUMBER"),
            Value::Text => arg.value_name("TEXT"),
            Value::Json => arg.value_name("JSON"),
        };
        cmd = cmd.arg(arg);
    }
    if op.has_body {
        cmd = cmd.arg(
            ClapArg::new("body")
                .long("body")
                .help_heading("Body fields (or the whole body with --body)")
                .value_name("FILE|-")
                .help("The whole JSON body from a file, or `-` for stdin (field flags override its fields)"),
        );
    }
    if op.paging.is_some() {
        cmd = cmd.arg(ClapArg::new("limit").long("limit").value_name("N").help_heading("Paging").help(
            "Stop after N items (by default every page is fetched, printed as it arrives)",
        ));
    }
    cmd
}

fn long_about(op: &Op) -> String {
    let mut text = op.summary.to_string();
    if !op.description.is_empty() && op.description != op.summary {
        text.push_str("\n\n");
        text.push_str(op.description);
    }
    text.push_str(&format!("\n\noperationId: {} ({} {})", op.id, op.method, op.path));
    if op.paging.is_some() {
        text.push_str("\nPaged: every page is fetched unless --limit.");
    }
    text
}
