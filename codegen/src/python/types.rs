//! `types.py` / `types.pyi`: a `TypedDict` or an alias for every named type of the model, and
//! the Python spelling of the model's type expressions.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::model::names::is_identifier;
use crate::model::{Field, Model, TypeKind, TypeRef};

use super::text::docstring;
use super::{HEADER, lit};

/// The Python type of a type expression.
pub fn py_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Any => "Any".to_string(),
        TypeRef::String => "str".to_string(),
        TypeRef::Integer => "int".to_string(),
        TypeRef::Number => "float".to_string(),
        TypeRef::Boolean => "bool".to_string(),
        TypeRef::StringEnum(values) => {
            format!("Literal[{}]", values.iter().map(|v| lit(v)).collect::<Vec<_>>().join(", "))
        }
        TypeRef::IntegerEnum(values) => {
            format!("Literal[{}]", values.iter().map(i64::to_string).collect::<Vec<_>>().join(", "))
        }
        TypeRef::List(item) => format!("List[{}]", py_type(item)),
        TypeRef::Map(value) => format!("Dict[str, {}]", py_type(value)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Union(alts) => {
            let mut texts: Vec<String> = Vec::new();
            for t in alts.iter().map(py_type) {
                if !texts.contains(&t) {
                    texts.push(t);
                }
            }
            union(texts)
        }
        TypeRef::Nullable(inner) => match py_type(inner) {
            any if any == "Any" => any,
            base => format!("Optional[{base}]"),
        },
    }
}

/// `Union[...]` of distinct alternatives, `Optional[...]` when one is `None`.
pub fn union(alts: Vec<String>) -> String {
    let has_none = alts.iter().any(|a| a == "None");
    let rest: Vec<String> = alts.into_iter().filter(|a| a != "None").collect();
    let core = match rest.len() {
        0 => return "None".to_string(),
        1 => rest[0].clone(),
        _ => format!("Union[{}]", rest.join(", ")),
    };
    if has_none { format!("Optional[{core}]") } else { core }
}

/// An alias to emit: (name, type, doc).
type Alias<'m> = (&'m str, String, Option<&'m String>);

/// The `types` module: precise stubs (`NotRequired` keys) or the runtime module (every key
/// optional, which only matters to type checkers, which read the stub).
pub fn render(model: &Model, stub: bool) -> String {
    let names: BTreeSet<String> = model.types.iter().map(|t| t.name.clone()).collect();
    // Aliases naming no generated type first, then the TypedDicts, then the other aliases.
    let (mut simple, mut dicts, mut complex): (Vec<Alias>, Vec<_>, Vec<Alias>) = (Vec::new(), Vec::new(), Vec::new());
    for t in &model.types {
        match &t.kind {
            TypeKind::Object(fields) => dicts.push((t, fields)),
            TypeKind::Alias(ty) => {
                let text = py_type(ty);
                let refers = names.iter().any(|n| mentions(&text, n));
                let alias = (t.name.as_str(), text, t.doc.as_ref());
                if refers { complex.push(alias) } else { simple.push(alias) }
            }
        }
    }
    let mut out = String::from(HEADER);
    out.push_str(
        "\"\"\"Types of Quay's requests and responses, from the spec's component schemas.\n\n\
         Responses are plain dicts; these TypedDicts describe them for type checkers.\n\"\"\"\n\n",
    );
    if stub {
        out.push_str("from typing import Any, Dict, List, Literal, Optional, Union\n\n");
        out.push_str("from typing_extensions import NotRequired, TypedDict\n\n");
    } else {
        out.push_str("from __future__ import annotations\n\n");
        out.push_str("from typing import Any, Dict, List, Literal, Optional, TypedDict, Union\n\n");
    }
    out.push_str("__all__ = [\n");
    for n in &names {
        let _ = writeln!(out, "    {},", lit(n));
    }
    out.push_str("]\n");
    let alias = |out: &mut String, (name, ty, doc): &Alias, quote: bool| {
        out.push('\n');
        let ty = if quote { quote_names(ty, &names) } else { ty.clone() };
        let _ = writeln!(out, "{name} = {ty}");
        if let Some(d) = doc {
            out.push_str(&docstring(d, ""));
        }
    };
    for a in &simple {
        alias(&mut out, a, false);
    }
    for (d, fields) in dicts {
        out.push_str("\n\n");
        let total = if stub { "" } else { ", total=False" };
        if fields.iter().any(|f| !is_identifier(&f.name)) {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| {
                    let ty = if stub { field_type(f, true) } else { lit(&py_type(&f.ty)) };
                    format!("{}: {ty}", lit(&f.name))
                })
                .collect();
            let _ = writeln!(out, "{} = TypedDict({}, {{{}}}{total})", d.name, lit(&d.name), fields.join(", "));
            continue;
        }
        let _ = writeln!(out, "class {}(TypedDict{total}):", d.name);
        if let Some(doc) = &d.doc {
            out.push_str(&docstring(doc, "    "));
            out.push('\n');
        }
        if fields.is_empty() {
            out.push_str("    pass\n");
        }
        for f in fields {
            let _ = writeln!(out, "    {}: {}", f.name, field_type(f, stub));
        }
    }
    for a in &complex {
        alias(&mut out, a, !stub);
    }
    out
}

fn field_type(f: &Field, stub: bool) -> String {
    let ty = py_type(&f.ty);
    if stub && !f.required { format!("NotRequired[{ty}]") } else { ty }
}

/// Whether a type expression mentions a generated name.
fn mentions(ty: &str, name: &str) -> bool {
    ty.split(|c: char| !(c == '_' || c.is_ascii_alphanumeric())).any(|w| w == name)
}

/// Quotes the generated names in a runtime alias, so that its order does not matter.
pub(super) fn quote_names(ty: &str, names: &BTreeSet<String>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if names.contains(word.as_str()) {
            let _ = write!(out, "\"{word}\"");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    let mut in_string = false;
    for c in ty.chars() {
        if c == '"' {
            in_string = !in_string;
        }
        if !in_string && (c == '_' || c.is_ascii_alphanumeric()) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}
