//! Request-body validation against Quay's JSON schemas, with jsonschema-style error text.
//!
//! Quay validates with Python's jsonschema and puts `str(error)` into the 400 problem's
//! `detail`: the message, the failing validator with the schema path and (sub)schema, and the
//! instance path with the offending value. The best error is chosen as jsonschema 3 does:
//! the shallowest, non-`oneOf`/`anyOf` error, then descending into the deepest context error.

use serde_json::Value;
use std::sync::OnceLock;

static SCHEMAS: OnceLock<Value> = OnceLock::new();

/// The request schema named `name` (Quay's schema names; see `schemas.json`).
pub(crate) fn get(name: &str) -> &'static Value {
    let all = SCHEMAS.get_or_init(|| serde_json::from_str(include_str!("schemas.json")).expect("schemas.json"));
    all.get(name).unwrap_or_else(|| panic!("unknown schema {name}"))
}

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Idx(usize),
}

#[derive(Clone, Debug)]
struct Error {
    message: String,
    validator: String,
    schema_path: Vec<Seg>,
    path: Vec<Seg>,
    schema: Value,
    instance: Value,
    context: Vec<Error>,
}

/// Python `repr` of a JSON value (dict keys in their stored order).
pub(crate) fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                if f.fract() == 0.0 && f.abs() < 1e16 { format!("{f:.1}") } else { format!("{f}") }
            } else {
                n.to_string()
            }
        }
        Value::String(s) => py_str(s),
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter().map(|(k, v)| format!("{}: {}", py_str(k), py_repr(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn py_str(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c)
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn index(segs: &[Seg]) -> String {
    segs.iter()
        .map(|s| match s {
            Seg::Key(k) => format!("[{}]", py_str(k)),
            Seg::Idx(i) => format!("[{i}]"),
        })
        .collect()
}

impl Error {
    fn render(&self) -> String {
        let sp = &self.schema_path[..self.schema_path.len().saturating_sub(1)];
        format!(
            "{}\n\nFailed validating {} in schema{}:\n    {}\n\nOn instance{}:\n    {}",
            self.message,
            py_str(&self.validator),
            index(sp),
            py_repr(&self.schema),
            index(&self.path),
            py_repr(&self.instance)
        )
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0) && v.is_number(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// Checks the quota `limit` pattern `^(\d+\s?(UNIT)?)$` (other patterns are not enforced).
fn pattern_ok(pattern: &str, s: &str) -> bool {
    const UNITS: [&str; 34] = [
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB", "Ki", "Mi", "Gi", "Ti", "Pi",
        "Ei", "Zi", "Yi", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB", "K", "M", "G", "T", "P",
        "E", "Z", "Y", "",
    ];
    if !pattern.starts_with("^(\\d+\\s?(B|KiB") {
        return true;
    }
    let idx = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if idx == 0 {
        return false;
    }
    let rest = &s[idx..];
    let rest = rest.strip_prefix(char::is_whitespace).unwrap_or(rest);
    UNITS.contains(&rest)
}

fn err(validator: &str, message: String, schema: &Value, instance: &Value, key: &str) -> Error {
    Error {
        message,
        validator: validator.into(),
        schema_path: vec![Seg::Key(key.into())],
        path: vec![],
        schema: schema.clone(),
        instance: instance.clone(),
        context: vec![],
    }
}

fn iter_errors(schema: &Value, v: &Value) -> Vec<Error> {
    let Some(obj) = schema.as_object() else { return vec![] };
    let mut out = vec![];
    for (key, sv) in obj {
        match key.as_str() {
            "type" => {
                let types: Vec<&str> = match sv {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !types.iter().any(|t| type_ok(t, v)) {
                    let list = types.iter().map(|t| py_str(t)).collect::<Vec<_>>().join(", ");
                    out.push(err("type", format!("{} is not of type {list}", py_repr(v)), schema, v, key));
                }
            }
            "enum" => {
                if let Some(a) = sv.as_array().filter(|a| !a.contains(v)) {
                    out.push(err("enum", format!("{} is not one of {}", py_repr(v), py_repr(&Value::Array(a.clone()))), schema, v, key));
                }
            }
            "minimum" => {
                if let (Some(x), Some(m)) = (v.as_f64(), sv.as_f64())
                    && x < m {
                        out.push(err("minimum", format!("{} is less than the minimum of {}", py_repr(v), py_repr(sv)), schema, v, key));
                    }
            }
            "maximum" => {
                if let (Some(x), Some(m)) = (v.as_f64(), sv.as_f64())
                    && x > m {
                        out.push(err("maximum", format!("{} is greater than the maximum of {}", py_repr(v), py_repr(sv)), schema, v, key));
                    }
            }
            "minLength" => {
                if let (Some(x), Some(m)) = (v.as_str(), sv.as_u64())
                    && (x.chars().count() as u64) < m {
                        out.push(err("minLength", format!("{} is too short", py_repr(v)), schema, v, key));
                    }
            }
            "maxLength" => {
                if let (Some(x), Some(m)) = (v.as_str(), sv.as_u64())
                    && x.chars().count() as u64 > m {
                        out.push(err("maxLength", format!("{} is too long", py_repr(v)), schema, v, key));
                    }
            }
            "minItems" => {
                if let (Some(x), Some(m)) = (v.as_array(), sv.as_u64())
                    && (x.len() as u64) < m {
                        out.push(err("minItems", format!("{} is too short", py_repr(v)), schema, v, key));
                    }
            }
            "uniqueItems" => {
                if let (Some(x), true) = (v.as_array(), sv.as_bool().unwrap_or(false))
                    && x.iter().enumerate().any(|(i, a)| x[..i].contains(a)) {
                        out.push(err("uniqueItems", format!("{} has non-unique elements", py_repr(v)), schema, v, key));
                    }
            }
            "pattern" => {
                if let (Some(x), Some(p)) = (v.as_str(), sv.as_str())
                    && !pattern_ok(p, x) {
                        out.push(err("pattern", format!("{} does not match {}", py_repr(v), py_str(p)), schema, v, key));
                    }
            }
            "required" => {
                if let (Some(m), Some(req)) = (v.as_object(), sv.as_array()) {
                    for r in req.iter().filter_map(Value::as_str) {
                        if !m.contains_key(r) {
                            out.push(err("required", format!("{} is a required property", py_str(r)), schema, v, key));
                        }
                    }
                }
            }
            "properties" => {
                if let (Some(m), Some(props)) = (v.as_object(), sv.as_object()) {
                    for (p, ps) in props {
                        if let Some(pv) = m.get(p) {
                            for mut e in iter_errors(ps, pv) {
                                e.path.insert(0, Seg::Key(p.clone()));
                                e.schema_path.insert(0, Seg::Key(p.clone()));
                                e.schema_path.insert(0, Seg::Key("properties".into()));
                                out.push(e);
                            }
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let (Some(m), Some(false)) = (v.as_object(), sv.as_bool()) {
                    let props = obj.get("properties").and_then(Value::as_object);
                    let extra: Vec<String> =
                        m.keys().filter(|k| props.is_none_or(|p| !p.contains_key(*k))).map(|k| py_str(k)).collect();
                    if !extra.is_empty() {
                        let verb = if extra.len() == 1 { "was" } else { "were" };
                        let msg = format!("Additional properties are not allowed ({} {verb} unexpected)", extra.join(", "));
                        out.push(err("additionalProperties", msg, schema, v, key));
                    }
                }
            }
            "items" => {
                if let Some(a) = v.as_array() {
                    for (i, item) in a.iter().enumerate() {
                        for mut e in iter_errors(sv, item) {
                            e.path.insert(0, Seg::Idx(i));
                            e.schema_path.insert(0, Seg::Key("items".into()));
                            out.push(e);
                        }
                    }
                }
            }
            "not"
                if iter_errors(sv, v).is_empty() => {
                    out.push(err("not", format!("{} is not allowed for {}", py_repr(sv), py_repr(v)), schema, v, key));
                }
            "oneOf" | "anyOf" => {
                let branches = sv.as_array().cloned().unwrap_or_default();
                let mut context = vec![];
                let mut valid = vec![];
                for (i, b) in branches.iter().enumerate() {
                    let errs = iter_errors(b, v);
                    if errs.is_empty() {
                        valid.push(b.clone());
                    }
                    for mut e in errs {
                        e.schema_path.insert(0, Seg::Idx(i));
                        context.push(e);
                    }
                }
                if valid.is_empty() {
                    let mut e = err(key, format!("{} is not valid under any of the given schemas", py_repr(v)), schema, v, key);
                    e.context = context;
                    out.push(e);
                } else if key == "oneOf" && valid.len() > 1 {
                    let list = valid.iter().map(py_repr).collect::<Vec<_>>().join(", ");
                    out.push(err(key, format!("{} is valid under each of {list}", py_repr(v)), schema, v, key));
                }
            }
            _ => {}
        }
    }
    out
}

fn relevance(e: &Error) -> (i64, bool) {
    (-(e.path.len() as i64), !matches!(e.validator.as_str(), "anyOf" | "oneOf"))
}

/// Validates `v` against `schema`; on failure returns jsonschema's `str(best_match)` text.
pub(crate) fn validate(schema: &Value, v: &Value) -> Result<(), String> {
    let errors = iter_errors(schema, v);
    let mut best: Option<Error> = None;
    for e in errors {
        if best.as_ref().is_none_or(|b| relevance(&e) > relevance(b)) {
            best = Some(e);
        }
    }
    let Some(mut best) = best else { return Ok(()) };
    while !best.context.is_empty() {
        let ctx = std::mem::take(&mut best.context);
        let mut pick = ctx[0].clone();
        for e in ctx.into_iter().skip(1) {
            if relevance(&e) < relevance(&pick) {
                pick = e;
            }
        }
        best = pick;
    }
    Err(best.render())
}
