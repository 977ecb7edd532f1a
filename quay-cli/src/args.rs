//! An operation's parsed arguments as the JSON the SDK's `call` takes: parameters by their
//! spec names, the body (from `--body FILE|-`, then field flags over it) under `body`.

use std::io::Read;

use clap::ArgMatches;
use serde_json::{Map, Value as Json};

use crate::cli;
use crate::table::{Op, Source, Value};

/// Converts one flag's text into JSON by the argument's type, naming the flag, the rule and the
/// value when it does not fit.
fn convert(flag: &str, kind: Value, nullable: bool, text: &str) -> Result<Json, String> {
    if nullable && text == "null" {
        return Ok(Json::Null);
    }
    match kind {
        Value::Text | Value::Choice(_) => Ok(Json::String(text.to_string())),
        Value::Integer | Value::IntegerChoice(_) => text
            .parse::<i64>()
            .map(Json::from)
            .map_err(|_| format!("--{flag} takes a whole number (got `{text}`)")),
        Value::Number => match text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            Some(n) => Ok(Json::Number(n)),
            None => Err(format!("--{flag} takes a number (got `{text}`)")),
        },
        Value::Boolean => match text {
            "true" => Ok(Json::Bool(true)),
            "false" => Ok(Json::Bool(false)),
            _ => Err(format!("--{flag} takes true or false (got `{text}`)")),
        },
        Value::TextList => Ok(Json::String(text.to_string())),
        Value::Json => serde_json::from_str(text).map_err(|e| format!("--{flag} takes JSON (got `{text}`: {e})")),
    }
}

/// Reads the `--body` JSON from a file or stdin (`-`).
fn read_body(source: &str) -> Result<Json, String> {
    let text = if source == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("--body -: cannot read stdin: {e}"))?;
        s
    } else {
        std::fs::read_to_string(source).map_err(|e| format!("--body {source}: cannot read it: {e}"))?
    };
    serde_json::from_str(&text).map_err(|e| format!("--body {source}: not JSON: {e}"))
}

/// The JSON arguments of a call from the operation's parsed command.
pub fn to_json(op: &Op, m: &ArgMatches) -> Result<Json, String> {
    let mut args = Map::new();
    let mut body: Option<Map<String, Json>> = None;
    if let Some(source) = m.try_get_one::<String>("body").ok().flatten() {
        match read_body(source)? {
            Json::Object(o) => body = Some(o),
            other => return Err(format!("--body {source}: the body must be a JSON object, not {other}")),
        }
    }
    let joined = op.joins_repository();
    for (a, flag) in op.args.iter().zip(cli::flags(op)) {
        let value = if a.value == Value::TextList {
            match m.try_get_many::<String>(&flag) {
                Ok(Some(vals)) => Some(Json::Array(vals.map(|v| Json::String(v.clone())).collect())),
                _ => None,
            }
        } else {
            match m.try_get_one::<String>(&flag) {
                Ok(Some(text)) => Some(convert(&flag, a.value, a.nullable, text)?),
                _ => None,
            }
        };
        let Some(value) = value else { continue };
        match a.source {
            Source::Path | Source::Query => {
                if joined && a.key == "repository" {
                    if let Json::String(s) = &value
                        && let Some((ns, name)) = s.split_once('/')
                    {
                        if args.contains_key("namespace") {
                            return Err(format!(
                                "the repository `{s}` is given as namespace/name and --namespace is given too: give one"
                            ));
                        }
                        args.insert("namespace".into(), Json::String(ns.to_string()));
                        args.insert("repository".into(), Json::String(name.to_string()));
                        continue;
                    }
                    if !args.contains_key("namespace") && m.try_get_one::<String>("namespace").ok().flatten().is_none() {
                        return Err(format!("the repository `{value}` needs its namespace: give it as namespace/name"));
                    }
                }
                args.insert(a.key.to_string(), value);
            }
            Source::Body => {
                body.get_or_insert_with(Map::new).insert(a.key.to_string(), value);
            }
            Source::BodyPart(parent) => {
                let fields = body.get_or_insert_with(Map::new);
                let slot = fields.entry(parent.to_string()).or_insert_with(|| Json::Object(Map::new()));
                match slot {
                    Json::Object(o) => {
                        o.insert(a.key.to_string(), value);
                    }
                    _ => return Err(format!("--{flag} sets a field of `{parent}`, which is given as something other than an object")),
                }
            }
        }
    }
    if let Some(b) = body {
        args.insert("body".into(), Json::Object(b));
    }
    Ok(Json::Object(args))
}
