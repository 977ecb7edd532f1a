//! `types_gen.go`: a Go type for every named type of the model (structs with JSON tags, string
//! enums with their constants, aliases), and the Go spelling of the model's type expressions.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Field, Model, TypeKind, TypeRef};

use super::names::{HAND_WRITTEN, comment, exported, lit};
use super::HEADER;

/// The Go names of the model's named types, by model name.
pub struct GoNames {
    types: BTreeMap<String, String>,
}

impl GoNames {
    /// Names every named type; fails on a name Go cannot spell or two types with one Go name.
    /// A type named like a hand-written one takes the suffix `Body`.
    pub fn new(model: &Model) -> Result<GoNames, String> {
        let mut types = BTreeMap::new();
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for t in &model.types {
            let mut go = exported(&t.name).ok_or_else(|| format!("go: type `{}` has no Go name", t.name))?;
            // A schema named like a hand-written type (Quay's error body `ApiError`) is the body.
            if HAND_WRITTEN.contains(&go.as_str()) {
                go.push_str("Body");
            }
            if let Some(other) = taken.insert(go.clone(), t.name.clone()) {
                return Err(format!("go: types `{other}` and `{}` both map to `{go}`", t.name));
            }
            types.insert(t.name.clone(), go);
        }
        Ok(GoNames { types })
    }

    /// The Go name of a model type (the model's name for a type the model lacks).
    pub fn of(&self, model_name: &str) -> String {
        self.types.get(model_name).cloned().unwrap_or_else(|| model_name.to_string())
    }

    /// Whether a Go type name is taken by a model type.
    pub fn contains(&self, go: &str) -> bool {
        self.types.values().any(|t| t == go)
    }

    /// The Go type of a type expression.
    pub fn go_type(&self, t: &TypeRef) -> String {
        match t {
            TypeRef::Any | TypeRef::Union(_) => "any".to_string(),
            TypeRef::String | TypeRef::StringEnum(_) => "string".to_string(),
            TypeRef::Integer | TypeRef::IntegerEnum(_) => "int64".to_string(),
            TypeRef::Number => "float64".to_string(),
            TypeRef::Boolean => "bool".to_string(),
            TypeRef::List(item) => format!("[]{}", self.go_type(item)),
            TypeRef::Map(value) => format!("map[string]{}", self.go_type(value)),
            TypeRef::Named(name) => self.of(name),
            TypeRef::Nullable(inner) => match self.go_type(inner) {
                any if any == "any" => any,
                base => format!("Nullable[{base}]"),
            },
        }
    }

    /// The Go type of an optional value: a pointer, but for types that have a nil of their own
    /// (slices, maps, `any`) and `Nullable`.
    pub fn optional(&self, model: &Model, t: &TypeRef) -> String {
        let base = self.go_type(t);
        if self.has_nil(model, t) { base } else { format!("*{base}") }
    }

    /// Whether the Go type of `t` has a zero value that means absent.
    fn has_nil(&self, model: &Model, t: &TypeRef) -> bool {
        match t {
            TypeRef::Any | TypeRef::Union(_) | TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Nullable(_) => true,
            TypeRef::Named(name) => match model.type_named(name).map(|n| &n.kind) {
                Some(TypeKind::Alias(inner)) => !is_enum(inner) && self.has_nil(model, inner),
                Some(TypeKind::Object(fields)) => fields.is_empty(),
                None => false,
            },
            _ => false,
        }
    }

    /// A struct field for a JSON key: `Name Type `json:"key"``, with `omitzero` unless the key
    /// is required and not nullable.
    pub fn field_line(&self, model: &Model, go_name: &str, key: &str, t: &TypeRef, required: bool) -> String {
        let (nullable, ty) = (matches!(t, TypeRef::Nullable(_)), if required { self.go_type(t) } else { self.optional(model, t) });
        let omit = if required && !nullable { "" } else { ",omitzero" };
        format!("{go_name} {ty} `json:{}`", lit(&format!("{key}{omit}")))
    }
}

fn is_enum(t: &TypeRef) -> bool {
    matches!(t, TypeRef::StringEnum(_) | TypeRef::IntegerEnum(_))
}

/// The Go names of an object's fields, in order; fails when a key has none or two collide.
pub fn field_names(owner: &str, fields: &[Field]) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    for f in fields {
        let go = exported(&f.name).ok_or_else(|| format!("go: {owner}: field `{}` has no Go name", f.name))?;
        if names.contains(&go) {
            return Err(format!("go: {owner}: two fields map to `{go}`"));
        }
        names.push(go);
    }
    Ok(names)
}

/// The file of every named type.
pub fn render(model: &Model, names: &GoNames) -> Result<String, String> {
    let mut out = String::from(HEADER);
    out.push_str("package quay\n");
    for t in &model.types {
        let go = &names.of(&t.name);
        out.push('\n');
        // A named string type's rule says it all (its description, pattern and values).
        let doc = t.rule.as_ref().map(|r| r.text.clone()).or_else(|| t.doc.clone());
        let doc = match doc {
            Some(d) if d.starts_with(go.as_str()) => d,
            Some(d) => format!("{go}: {d}"),
            None => format!("{go} is a type of Quay's API."),
        };
        out.push_str(&comment(&doc, ""));
        match &t.kind {
            TypeKind::Object(fields) if fields.is_empty() => {
                let _ = writeln!(out, "type {go} = map[string]any");
            }
            TypeKind::Object(fields) => {
                let _ = writeln!(out, "type {go} struct {{");
                let field_names = field_names(go, fields)?;
                for (i, (f, name)) in fields.iter().zip(&field_names).enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if let Some(d) = &f.doc {
                        out.push_str(&comment(d, "\t"));
                    }
                    let _ = writeln!(out, "\t{}", names.field_line(model, name, &f.name, &f.ty, f.required));
                }
                out.push_str("}\n");
            }
            TypeKind::Alias(TypeRef::StringEnum(values)) => {
                let _ = writeln!(out, "type {go} string");
                constants(&mut out, go, values.iter().map(|v| (v.clone(), lit(v))))?;
            }
            TypeKind::Alias(TypeRef::IntegerEnum(values)) => {
                let _ = writeln!(out, "type {go} int64");
                constants(&mut out, go, values.iter().map(|v| (v.to_string(), v.to_string())))?;
            }
            TypeKind::Alias(ty) => {
                let _ = writeln!(out, "type {go} = {}", names.go_type(ty));
            }
        }
    }
    Ok(out)
}

/// One constant per enum value, `{Type}{Value}`, each its own declaration.
fn constants(out: &mut String, go: &str, values: impl Iterator<Item = (String, String)>) -> Result<(), String> {
    let mut seen = Vec::new();
    for (value, literal) in values {
        let suffix = exported(&value).unwrap_or_else(|| if value.is_empty() { "Empty".to_string() } else { String::new() });
        let name = format!("{go}{suffix}");
        if suffix.is_empty() || seen.contains(&name) {
            return Err(format!("go: enum {go}: value {value:?} has no constant name of its own"));
        }
        let _ = writeln!(out, "\n// {name} is the {go} {literal}.\nconst {name} {go} = {literal}");
        seen.push(name);
    }
    Ok(())
}
