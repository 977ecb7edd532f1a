//! Arguments of a dynamic call: a JSON object holding parameters by name (Quay's name or its
//! snake_case form) and the body, either whole under `body` or as flat fields.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::ops::OperationInfo;
use crate::{Error, Result};

/// The arguments of one call, consumed as the generated dispatcher reads them.
pub(crate) struct Args {
    op: &'static OperationInfo,
    map: Map<String, Value>,
    dry_run: bool,
}

impl Args {
    /// Checks the arguments' shape and that every required one is there.
    pub fn new(op: &'static OperationInfo, args: Value) -> Result<Args> {
        let map = match args {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => {
                return Err(Error::invalid_input(format!(
                    "{}: arguments must be an object, not {}",
                    op.id,
                    kind(&other)
                )));
            }
        };
        let args = Args { op, map, dry_run: false };
        for p in op.params.iter().filter(|p| p.required) {
            if args.key(p.name, p.rust_name).is_none() {
                return Err(Error::invalid_input(format!("{}: missing required argument `{}`", op.id, p.rust_name)));
            }
        }
        if let Some(body) = &op.body
            && !args.map.contains_key("body") {
                let missing: Vec<&str> =
                    body.required_fields.iter().copied().filter(|f| !args.map.contains_key(*f)).collect();
                if !missing.is_empty() {
                    return Err(Error::invalid_input(format!(
                        "{}: missing required body field(s) {}",
                        op.id,
                        missing.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        Ok(args)
    }

    /// Converts and checks every argument but sends nothing (the dispatcher stops before sending).
    pub fn validate_only(mut self) -> Self {
        self.dry_run = true;
        self
    }

    /// Whether the call stops before sending.
    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// The operation being called.
    pub fn operation(&self) -> &'static OperationInfo {
        self.op
    }

    fn key(&self, name: &str, rust_name: &str) -> Option<String> {
        [name, rust_name].into_iter().find(|k| self.map.contains_key(*k)).map(str::to_string)
    }

    /// Takes a parameter, converting (and so validating) it into the generated type.
    pub fn take<T: DeserializeOwned>(&mut self, name: &str, rust_name: &str) -> Result<Option<T>> {
        let Some(key) = self.key(name, rust_name) else { return Ok(None) };
        let value = self.map.remove(&key).unwrap_or(Value::Null);
        if value.is_null() {
            return Ok(None);
        }
        convert(&value).map(Some).map_err(|e| {
            Error::invalid_input(format!("{}: invalid `{rust_name}` {}: {e}", self.op.id, shown(&value)))
        })
    }

    /// Takes the body: `body` as a whole, or the body's fields given flat.
    pub fn body<T: DeserializeOwned>(&mut self) -> Result<Option<T>> {
        let Some(info) = self.op.body else { return Ok(None) };
        let value = match self.map.remove("body") {
            Some(v) => v,
            None => {
                let mut fields = Map::new();
                for f in info.fields {
                    if let Some(v) = self.map.remove(*f) {
                        fields.insert((*f).to_string(), v);
                    }
                }
                if fields.is_empty() && !info.required {
                    return Ok(None);
                }
                Value::Object(fields)
            }
        };
        serde_json::from_value(value)
            .map(Some)
            .map_err(|e| Error::invalid_input(format!("{}: invalid body ({}): {e}", self.op.id, info.schema)))
    }

    /// Fails on any argument the operation does not take.
    pub fn finish(&mut self) -> Result<()> {
        if self.map.is_empty() {
            return Ok(());
        }
        let unknown: Vec<String> = self.map.keys().map(|k| format!("`{k}`")).collect();
        let mut known: Vec<&str> = self.op.params.iter().map(|p| p.rust_name).collect();
        if let Some(b) = &self.op.body {
            known.extend(b.fields.iter().copied());
            known.push("body");
        }
        Err(Error::invalid_input(format!(
            "{}: unknown argument(s) {}; it takes {}",
            self.op.id,
            unknown.join(", "),
            if known.is_empty() { "none".to_string() } else { known.join(", ") }
        )))
    }
}

/// Converts a JSON value into a generated type; text that spells a number or a boolean is
/// accepted where one is expected (as the CLI and C callers pass text).
fn convert<T: DeserializeOwned>(value: &Value) -> std::result::Result<T, serde_json::Error> {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(v) => Ok(v),
        Err(e) => match value {
            Value::String(s) => match serde_json::from_str::<Value>(s) {
                Ok(parsed @ (Value::Number(_) | Value::Bool(_))) => serde_json::from_value(parsed).map_err(|_| e),
                _ => Err(e),
            },
            _ => Err(e),
        },
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn shown(v: &Value) -> String {
    let text = v.to_string();
    if text.len() > 80 { format!("{}…", &text[..text.floor_char_boundary(80)]) } else { text }
}

/// Turns a generated call's result into JSON.
pub(crate) fn output<T: Serialize>(
    result: std::result::Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<crate::generated::types::ApiError>>,
) -> Result<Value> {
    let value = result?.into_inner();
    serde_json::to_value(value).map_err(|e| Error::Decode { message: e.to_string(), excerpt: String::new() })
}
