//! `Types.kt`: a Kotlin type for every named type of the model (`@Serializable` data classes,
//! enum classes with a `@SerialName` per value, type aliases), the Kotlin spelling of the
//! model's type expressions, and the kotlinx.serialization serializer of each.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Field, Model, TypeKind, TypeRef};

use super::names::{HAND_WRITTEN, constant, kdoc, lit, member, type_name};
use super::HEADER;

/// The Kotlin names of the model's named types, by model name.
pub struct KtNames {
    types: BTreeMap<String, String>,
}

/// How a field or parameter is declared: its type and its default.
pub struct Decl {
    /// The declared type.
    pub ty: String,
    /// The default (`= null`, `= Nullable.Absent`), empty for a required value.
    pub default: &'static str,
}

impl KtNames {
    /// Names every named type; fails on a name Kotlin cannot spell or two types with one name.
    /// A type named like a hand-written one (Quay's error body `ApiError` is not) takes the
    /// suffix `Body`.
    pub fn new(model: &Model) -> Result<KtNames, String> {
        let mut types = BTreeMap::new();
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for t in &model.types {
            let mut kt = type_name(&t.name).ok_or_else(|| format!("kotlin: type `{}` has no Kotlin name", t.name))?;
            if HAND_WRITTEN.contains(&kt.as_str()) {
                kt.push_str("Body");
            }
            if let Some(other) = taken.insert(kt.clone(), t.name.clone()) {
                return Err(format!("kotlin: types `{other}` and `{}` both map to `{kt}`", t.name));
            }
            types.insert(t.name.clone(), kt);
        }
        Ok(KtNames { types })
    }

    /// The Kotlin name of a model type.
    pub fn of(&self, model_name: &str) -> String {
        self.types.get(model_name).cloned().unwrap_or_else(|| model_name.to_string())
    }

    /// The Kotlin type of a type expression (`T?` for a nullable one).
    pub fn kt_type(&self, t: &TypeRef) -> String {
        match t {
            TypeRef::Any | TypeRef::Union(_) => "JsonElement".to_string(),
            TypeRef::String | TypeRef::StringEnum(_) => "String".to_string(),
            TypeRef::Integer | TypeRef::IntegerEnum(_) => "Long".to_string(),
            TypeRef::Number => "Double".to_string(),
            TypeRef::Boolean => "Boolean".to_string(),
            TypeRef::List(item) => format!("List<{}>", self.kt_type(item)),
            TypeRef::Map(value) => format!("Map<String, {}>", self.kt_type(value)),
            TypeRef::Named(name) => self.of(name),
            TypeRef::Nullable(inner) => format!("{}?", self.kt_type(inner)),
        }
    }

    /// The serializer of a type expression, as a Kotlin expression.
    pub fn serializer(&self, model: &Model, t: &TypeRef) -> String {
        match t {
            TypeRef::Any | TypeRef::Union(_) => "JsonElement.serializer()".to_string(),
            TypeRef::String | TypeRef::StringEnum(_) => "String.serializer()".to_string(),
            TypeRef::Integer | TypeRef::IntegerEnum(_) => "Long.serializer()".to_string(),
            TypeRef::Number => "Double.serializer()".to_string(),
            TypeRef::Boolean => "Boolean.serializer()".to_string(),
            TypeRef::List(item) => format!("ListSerializer({})", self.serializer(model, item)),
            TypeRef::Map(value) => format!("MapSerializer(String.serializer(), {})", self.serializer(model, value)),
            TypeRef::Named(name) => match model.type_named(name).map(|n| &n.kind) {
                // An alias has the serializer of what it names; an empty object is a JsonObject.
                Some(TypeKind::Alias(inner)) if !is_enum(inner) => self.serializer(model, inner),
                Some(TypeKind::Object(fields)) if fields.is_empty() => "JsonObject.serializer()".to_string(),
                _ => format!("{}.serializer()", self.of(name)),
            },
            TypeRef::Nullable(inner) => format!("{}.nullable", self.serializer(model, inner)),
        }
    }

    /// The declaration of a field or parameter: required values as they are, optional ones
    /// nullable with the default `null` (left out of a request when null), and optional values
    /// that Quay may send or take as null as `Nullable<T>` (absent, null, or a value).
    pub fn decl(&self, t: &TypeRef, required: bool) -> Decl {
        let (inner, nullable) = t.non_null();
        let base = self.kt_type(inner);
        match (required, nullable) {
            (true, false) => Decl { ty: base, default: "" },
            (true, true) => Decl { ty: format!("{base}?"), default: "" },
            // JsonElement has a null of its own (JsonNull).
            (false, _) if base == "JsonElement" => Decl { ty: "JsonElement?".to_string(), default: " = null" },
            (false, false) => Decl { ty: format!("{base}?"), default: " = null" },
            (false, true) => Decl { ty: format!("Nullable<{base}>"), default: " = Nullable.Absent" },
        }
    }
}

fn is_enum(t: &TypeRef) -> bool {
    matches!(t, TypeRef::StringEnum(_) | TypeRef::IntegerEnum(_))
}

/// The Kotlin names of an object's fields, in order; fails when a key has none or two collide.
pub fn field_names(owner: &str, fields: &[Field]) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    for f in fields {
        let kt = member(&f.name).ok_or_else(|| format!("kotlin: {owner}: field `{}` has no Kotlin name", f.name))?;
        if names.contains(&kt) {
            return Err(format!("kotlin: {owner}: two fields map to `{kt}`"));
        }
        names.push(kt);
    }
    Ok(names)
}

/// The `@SerialName` annotation a member needs when its name is not its JSON key.
pub fn serial_name(kt: &str, key: &str) -> String {
    if kt.trim_matches('`') == key { String::new() } else { format!("@SerialName({}) ", lit(key)) }
}

/// The file of every named type.
pub fn render(model: &Model, names: &KtNames) -> Result<String, String> {
    let mut out = String::from(HEADER);
    out.push_str(
        "@file:Suppress(\"ktlint\", \"RedundantVisibilityModifier\")\n\npackage io.quaysdk\n\n\
         import kotlinx.serialization.SerialName\nimport kotlinx.serialization.Serializable\n\
         import kotlinx.serialization.json.JsonElement\nimport kotlinx.serialization.json.JsonObject\n",
    );
    for t in &model.types {
        let kt = &names.of(&t.name);
        out.push('\n');
        let doc = t.rule.as_ref().map(|r| r.text.clone()).or_else(|| t.doc.clone());
        let doc = match doc {
            Some(d) if d.starts_with(kt.as_str()) => d,
            Some(d) => format!("{kt}: {d}"),
            None => format!("{kt} is a type of Quay's API."),
        };
        out.push_str(&kdoc(&doc, ""));
        match &t.kind {
            TypeKind::Object(fields) if fields.is_empty() => {
                let _ = writeln!(out, "public typealias {kt} = JsonObject");
            }
            TypeKind::Object(fields) => {
                let _ = writeln!(out, "@Serializable\npublic data class {kt}(");
                let field_names = field_names(kt, fields)?;
                for (f, name) in fields.iter().zip(&field_names) {
                    if let Some(d) = &f.doc {
                        out.push_str(&kdoc(d, "    "));
                    }
                    let decl = names.decl(&f.ty, f.required);
                    let _ = writeln!(out, "    {}val {name}: {}{},", serial_name(name, &f.name), decl.ty, decl.default);
                }
                out.push_str(")\n");
            }
            TypeKind::Alias(TypeRef::StringEnum(values)) => {
                let _ = writeln!(out, "@Serializable\npublic enum class {kt}(public val value: String) {{");
                let mut seen = Vec::new();
                for v in values {
                    let c = constant(v).ok_or_else(|| format!("kotlin: enum {kt}: value {v:?} has no constant name"))?;
                    if seen.contains(&c) {
                        return Err(format!("kotlin: enum {kt}: two values map to `{c}`"));
                    }
                    let _ = writeln!(out, "    @SerialName({}) {c}({}),", lit(v), lit(v));
                    seen.push(c);
                }
                out.push_str("    ;\n\n    override fun toString(): String = value\n}\n");
            }
            TypeKind::Alias(TypeRef::IntegerEnum(values)) => {
                // Kotlin enums serialize by name: integer values stay Long, with their constants.
                let _ = writeln!(out, "public typealias {kt} = Long\n\n/** The values of [{kt}]. */\npublic object {kt}Values {{");
                for v in values {
                    let _ = writeln!(out, "    public const val V_{}: Long = {v}L", v.to_string().replace('-', "MINUS_"));
                }
                out.push_str("}\n");
            }
            TypeKind::Alias(ty) => {
                let _ = writeln!(out, "public typealias {kt} = {}", names.kt_type(ty));
            }
        }
    }
    Ok(out)
}
