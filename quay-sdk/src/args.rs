//! Arguments of a dynamic call: a JSON object holding parameters by name (Quay's name or its
//! snake_case form) and the body, either whole under `body` or as flat fields.

use std::future::Future;
use std::pin::Pin;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::ops::OperationInfo;
use crate::{Error, Result};

/// A call whose arguments are converted and checked into progenitor's typed request (by the
/// generated `prepare`): awaiting it sends the request and yields the result as JSON; dropping
/// it sends nothing.
pub(crate) type Prepared<'a> = Pin<Box<dyn Future<Output = Result<Value>> + Send + 'a>>;

/// The arguments of one call, consumed as the generated `prepare` reads them.
pub(crate) struct Args {
    op: &'static OperationInfo,
    map: Map<String, Value>,
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
        let args = Args { op, map };
        for p in op.params.iter().filter(|p| p.required) {
            // A required argument given as null (Python's None) is as missing as an absent one.
            if args.key(p.name, p.snake_name).is_none_or(|k| args.map[&k].is_null()) {
                return Err(Error::invalid_input(format!("{}: missing required argument `{}`", op.id, p.snake_name)));
            }
        }
        if let Some(body) = &op.body
            && !args.map.contains_key("body") {
                let missing: Vec<&str> =
                    body.required_fields.iter().copied().filter(|f| !args.map.contains_key(*f)).collect();
                if !missing.is_empty() {
                    // A misspelt field shows up as missing: name the likely typo.
                    let typo = args
                        .map
                        .keys()
                        .filter(|k| !body.fields.contains(&k.as_str()) && !op.params.iter().any(|p| p.name == *k || p.snake_name == *k))
                        .find_map(|k| did_you_mean(k, missing.iter().copied()).map(|m| format!(" (`{k}` given: did you mean `{m}`?)")))
                        .unwrap_or_default();
                    return Err(Error::invalid_input(format!(
                        "{}: missing required body field(s) {}{typo}",
                        op.id,
                        missing.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        Ok(args)
    }

    /// The operation being called.
    pub fn operation(&self) -> &'static OperationInfo {
        self.op
    }

    fn key(&self, name: &str, snake_name: &str) -> Option<String> {
        [name, snake_name].into_iter().find(|k| self.map.contains_key(*k)).map(str::to_string)
    }

    /// Takes a parameter, converting (and so validating) it into the generated type.
    pub fn take<T: DeserializeOwned>(&mut self, name: &str, snake_name: &str) -> Result<Option<T>> {
        let Some(key) = self.key(name, snake_name) else { return Ok(None) };
        let value = self.map.remove(&key).unwrap_or(Value::Null);
        if value.is_null() {
            return Ok(None);
        }
        convert(&value).map(Some).map_err(|e| {
            Error::invalid_input(format!("{}: invalid `{snake_name}` {}: {e}", self.op.id, shown(&value)))
        })
    }

    /// Takes the body: `body` as a whole, or the body's fields given flat (not both).
    pub fn body<T: DeserializeOwned>(&mut self) -> Result<Option<T>> {
        let Some(info) = &self.op.body else { return Ok(None) };
        let value = match self.map.remove("body") {
            Some(v) => {
                let flat: Vec<String> =
                    info.fields.iter().filter(|f| self.map.contains_key(**f)).map(|f| format!("`{f}`")).collect();
                if !flat.is_empty() {
                    return Err(Error::invalid_input(format!(
                        "{}: give the body either as `body` or as fields, not both (got `body` and {})",
                        self.op.id,
                        flat.join(", ")
                    )));
                }
                if v.is_null() && !info.required {
                    return Ok(None);
                }
                v
            }
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
        parse_body(info, value).map(Some).map_err(|e| Error::invalid_input(format!("{}: {e}", self.op.id)))
    }

    /// Fails on any argument the operation does not take.
    pub fn finish(&mut self) -> Result<()> {
        if self.map.is_empty() {
            return Ok(());
        }
        let unknown: Vec<String> = self.map.keys().map(|k| format!("`{k}`")).collect();
        let mut known: Vec<&str> = self.op.params.iter().map(|p| p.snake_name).collect();
        if let Some(b) = &self.op.body {
            known.extend(b.fields.iter().copied());
            known.push("body");
        }
        let hint = self
            .map
            .keys()
            .next()
            .and_then(|k| did_you_mean(k, known.iter().copied()))
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        Err(Error::invalid_input(format!(
            "{}: unknown argument(s) {}{hint}; it takes {}",
            self.op.id,
            unknown.join(", "),
            if known.is_empty() { "none".to_string() } else { known.join(", ") }
        )))
    }
}

/// The closest of `known` to `given`, when it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let here = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
                prev = here;
            }
        }
        row[b.len()]
    }
    let given_lower = given.to_ascii_lowercase();
    known
        .into_iter()
        .map(|k| (distance(&given_lower, &k.to_ascii_lowercase()), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Reads a request body from JSON, refusing what Quay would silently ignore or choke on:
/// anything but an object (or a list, for a list body), unknown fields (with a "did you mean"), and field values that break
/// the spec's rules (naming the field, the rule and the value).
pub(crate) fn parse_body<T: DeserializeOwned>(info: &crate::ops::BodyInfo, value: Value) -> std::result::Result<T, String> {
    // A list body (a schema of type array, so without fields): its entries are checked as the
    // spec types them, the error naming the entry.
    if value.is_array() && info.fields.is_empty() {
        return serde_path_to_error::deserialize(&value)
            .map_err(|e| {
                let at = e.path().to_string();
                format!("invalid body ({}) at entry {at}: {}", info.schema, e.into_inner())
            });
    }
    let Value::Object(fields) = &value else {
        return Err(format!("the body ({}) must be a JSON object, not {}", info.schema, kind(&value)));
    };
    let unknown: Vec<&String> = fields.keys().filter(|k| !info.fields.contains(&k.as_str())).collect();
    if let Some(first) = unknown.first() {
        let hint = did_you_mean(first, info.fields.iter().copied()).map(|k| format!(" (did you mean `{k}`?)")).unwrap_or_default();
        let names: Vec<String> = unknown.iter().map(|k| format!("`{k}`")).collect();
        return Err(format!(
            "unknown body field(s) {}{hint}; the body ({}) takes {}",
            names.join(", "),
            info.schema,
            info.fields.join(", ")
        ));
    }
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let field = e.path().iter().next().and_then(|seg| match seg {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            _ => None,
        });
        let inner = e.into_inner().to_string();
        match field {
            Some(f) => {
                let shown_value = fields.get(&f).map(shown).unwrap_or_else(|| "absent".to_string());
                let rule = info
                    .field_schemas
                    .iter()
                    .find(|(name, _)| *name == f)
                    .and_then(|(_, schema)| crate::generated::CONSTRAINTS.iter().find(|(s, _)| s == schema).map(|(s, r)| (*s, *r)));
                match rule {
                    Some((schema, rule)) => format!("body field `{f}` {shown_value} is not a valid {schema}: {rule}"),
                    None => format!("body field `{f}` {shown_value} is invalid: {inner}"),
                }
            }
            None => format!("invalid body ({}): {inner}", info.schema),
        }
    })
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

/// A call's result as JSON: the body exactly as Quay sent it (every key, including null and
/// empty ones; integers stay integers), once it has decoded into the generated type; the
/// generated value itself when there was no body.
pub(crate) fn output<T: Serialize>(op: &'static OperationInfo, value: T, raw: Option<bytes::Bytes>) -> Result<Value> {
    match raw.filter(|b| !b.iter().all(u8::is_ascii_whitespace)) {
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            Error::decode(format!("{}: {e}", op.id))
        }),
        None => serde_json::to_value(value).map_err(|e| Error::decode(format!("{}: {e}", op.id))),
    }
}
