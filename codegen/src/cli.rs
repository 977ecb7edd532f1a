//! The `quay` command line's table: every operation of the model as a command, with its chapter,
//! its command name, and its arguments (path and query parameters, body fields and the fields of
//! object-valued body fields) typed for parsing and described for `--help`. Rendered as Rust
//! statics, written by `quay-cli/build.rs` into OUT_DIR, so that the CLI builds its commands
//! from data at run time without parsing the spec.
//!
//! Command names: within a chapter, an operation gets a short verb (`list`, `get`, `create`,
//! `update`, `delete`) when it is the one operation on the chapter's main collection that the
//! verb fits; every other operation is named after its operationId in kebab-case
//! (`change-repo-visibility`). Every operation also answers to its kebab-case id in its chapter
//! and to its operationId under `quay call`.

use std::collections::BTreeMap;
use std::fmt::Write;

use heck::ToKebabCase;

use crate::model::{Location, Model, Operation, TypeKind, TypeRef};

/// The short verb an operation's name and shape suggest, if any.
pub fn verb_of(op: &Operation, model: &Model) -> Option<&'static str> {
    let id = op.id.as_str();
    let ends_in_param = op.path.trim_end_matches('/').ends_with('}');
    let word = |w: &str| id.strip_prefix(w).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
    if word("create") {
        Some("create")
    } else if word("delete") && op.method == "DELETE" {
        Some("delete")
    } else if (word("update") || word("change")) && matches!(op.method.as_str(), "PUT" | "POST") {
        Some("update")
    } else if word("list") && op.method == "GET" {
        Some("list")
    } else if word("get") && op.method == "GET" {
        Some(if !ends_in_param && is_collection(op, model) { "list" } else { "get" })
    } else {
        None
    }
}

/// Whether a GET answers a collection: paged, an array or map, or an object whose one field is.
fn is_collection(op: &Operation, model: &Model) -> bool {
    if op.paging.is_some() {
        return true;
    }
    let Some((_, Some(ty))) = op.successes.iter().find(|(_, t)| t.is_some()) else { return false };
    let many = |t: &TypeRef| matches!(resolve(t, model), TypeRef::List(_) | TypeRef::Map(_));
    if many(ty) {
        return true;
    }
    match resolve(ty, model) {
        TypeRef::Named(name) => match model.type_named(&name).map(|t| &t.kind) {
            Some(TypeKind::Object(fields)) => fields.len() == 1 && many(&fields[0].ty),
            _ => false,
        },
        _ => false,
    }
}

/// A type with its aliases and nullability peeled off (a named object stays `Named`).
fn resolve(ty: &TypeRef, model: &Model) -> TypeRef {
    let (ty, _) = ty.non_null();
    match ty {
        TypeRef::Named(name) => match model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(inner)) => resolve(inner, model),
            _ => ty.clone(),
        },
        other => other.clone(),
    }
}

/// An operation's path without its trailing `/` and its trailing `{parameter}` segments: the
/// collection it works on (`/api/v1/organization/{orgname}/robots` for both the list of robots
/// and one robot).
fn base(op: &Operation) -> &str {
    let mut path = op.path.trim_end_matches('/');
    while let Some((head, last)) = path.rsplit_once('/')
        && last.starts_with('{')
    {
        path = head;
    }
    path
}

/// The collection a chapter is mostly about, among the [`base`]s of its operations that have a
/// verb: the one with the fewest literal segments (`/organization` before
/// `/organization/{orgname}/applications`); on a tie, the one with more such operations
/// (`/organization` before `/app`), then one naming a namespace (`/organization/{orgname}/robots`
/// before the caller's own `/user/robots`: an administrator's commands name what they act on),
/// then the first in order. `None` for a chapter with no verb at all.
fn main_collection<'a>(ops: &[&'a Operation], model: &Model) -> Option<&'a str> {
    let mut verbs: BTreeMap<&str, usize> = BTreeMap::new();
    for &op in ops {
        if verb_of(op, model).is_some() {
            *verbs.entry(base(op)).or_default() += 1;
        }
    }
    let literal = |b: &str| b.split('/').filter(|seg| !seg.starts_with('{')).count();
    let rank = |b: &str, n: usize| (literal(b), std::cmp::Reverse(n), !b.contains('{'));
    verbs.into_iter().min_by_key(|(b, n)| (rank(b, *n), *b)).map(|(b, _)| b)
}

/// The command name of every operation, by operationId (see the module's documentation): an
/// operation on its chapter's [`main_collection`] gets its verb when no other operation there
/// has the same one.
pub fn command_names(model: &Model) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for (_, ops) in model.by_tag() {
        if let Some(main) = main_collection(&ops, model) {
            let mut by_verb: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
            for op in ops.iter().filter(|o| base(o) == main) {
                if let Some(v) = verb_of(op, model) {
                    by_verb.entry(v).or_default().push(op);
                }
            }
            for (verb, candidates) in by_verb {
                if let [op] = candidates[..] {
                    names.insert(op.id.clone(), verb.to_string());
                }
            }
        }
        for op in ops {
            names.entry(op.id.clone()).or_insert_with(|| op.id.to_kebab_case());
        }
    }
    names
}

/// How a value is read from the command line.
fn value_kind(ty: &TypeRef, model: &Model) -> String {
    match resolve(ty, model) {
        TypeRef::String => "Value::Text".into(),
        TypeRef::Integer => "Value::Integer".into(),
        TypeRef::Number => "Value::Number".into(),
        TypeRef::Boolean => "Value::Boolean".into(),
        TypeRef::StringEnum(values) => format!("Value::Choice(&{values:?})"),
        TypeRef::IntegerEnum(values) => {
            format!("Value::IntegerChoice(&{:?})", values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
        }
        TypeRef::List(item) if matches!(resolve(&item, model), TypeRef::String) => "Value::TextList".into(),
        TypeRef::Named(name) => match model.type_named(&name) {
            Some(t) if matches!(t.kind, TypeKind::Object(_)) => "Value::Json".into(),
            Some(t) => match &t.rule {
                Some(rule) if !rule.values.is_empty() => format!("Value::Choice(&{:?})", rule.values),
                _ => "Value::Text".into(),
            },
            None => "Value::Json".into(),
        },
        _ => "Value::Json".into(),
    }
}

/// The fields of a named object type, for the one level of sub-field flags.
fn object_fields<'a>(ty: &TypeRef, model: &'a Model) -> Option<&'a [crate::model::Field]> {
    match resolve(ty, model) {
        TypeRef::Named(name) => match model.type_named(&name).map(|t| &t.kind) {
            Some(TypeKind::Object(fields)) if !fields.is_empty() => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

/// One line of help: the description's first paragraph, on one line.
fn help_line(doc: Option<&str>) -> String {
    let text = doc.unwrap_or("").trim();
    let para = text.split("\n\n").next().unwrap_or("");
    para.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One argument row of the table (`quay-cli`'s `table::Arg`).
struct ArgRow<'a> {
    key: &'a str,
    flag: &'a str,
    source: &'a str,
    required: bool,
    nullable: bool,
    value: &'a str,
    help: &'a str,
}

impl ArgRow<'_> {
    fn write(&self, out: &mut String) {
        let ArgRow { key, flag, source, required, nullable, value, help } = self;
        writeln!(
            out,
            "        Arg {{ key: {key:?}, flag: {flag:?}, source: {source}, required: {required}, nullable: {nullable}, value: {value}, help: {help:?} }},"
        )
        .unwrap();
    }
}

/// The table's Rust source: `CHAPTERS` and `OPERATIONS`, over the types of `quay-cli`'s
/// `table` module.
pub fn render(spec: &quay_spec::Spec, model: &Model) -> Result<String, String> {
    let names = command_names(model);
    let mut out = String::from("// Generated by quay-codegen's `cli` module from spec/quay.yaml. Do not edit.\n\n");
    out.push_str("/// Every chapter (tag) of the spec, in the spec's order of tags.\npub static CHAPTERS: &[Chapter] = &[\n");
    let by_tag = model.by_tag();
    let described: Vec<(String, String)> =
        spec.openapi.tags.iter().map(|t| (t.name.clone(), help_line(t.description.as_deref()))).collect();
    let mut chapters: Vec<(String, String)> = described.iter().filter(|(n, _)| by_tag.contains_key(n.as_str())).cloned().collect();
    for tag in by_tag.keys() {
        if !chapters.iter().any(|(n, _)| n == tag) {
            chapters.push((tag.to_string(), String::new()));
        }
    }
    for (name, about) in &chapters {
        writeln!(out, "    Chapter {{ name: {name:?}, about: {about:?} }},").unwrap();
    }
    out.push_str("];\n\n/// Every operation of the spec, in document order.\npub static OPERATIONS: &[Op] = &[\n");
    for op in &model.operations {
        let paging = match &op.paging {
            None => "None".to_string(),
            Some(p) => format!("Some(Paging {{ items: {:?} }})", p.style.items()),
        };
        writeln!(
            out,
            "    Op {{\n        id: {:?},\n        chapter: {:?},\n        command: {:?},\n        kebab: {:?},\n        method: {:?},\n        path: {:?},\n        summary: {:?},\n        description: {:?},\n        paging: {paging},\n        has_body: {},\n        args: &[",
            op.id,
            op.tag,
            names[&op.id],
            op.id.to_kebab_case(),
            op.method,
            op.path,
            help_line(op.summary.as_deref()),
            op.description.as_deref().unwrap_or("").trim(),
            op.body.is_some(),
        )
        .unwrap();
        for p in &op.params {
            let source = if p.location == Location::Path { "Source::Path" } else { "Source::Query" };
            let (_, nullable) = p.ty.non_null();
            ArgRow {
                key: &p.name,
                flag: &p.snake_name.to_kebab_case(),
                source,
                required: p.required,
                nullable,
                value: &value_kind(&p.ty, model),
                help: &help_line(p.description.as_deref()),
            }
            .write(&mut out);
        }
        if let Some(body) = &op.body {
            for f in &body.fields {
                let (_, nullable) = f.ty.non_null();
                let required = body.required_fields.contains(&f.name);
                let flag = f.name.to_kebab_case();
                let (value, help) = (value_kind(&f.ty, model), help_line(f.doc.as_deref()));
                ArgRow { key: &f.name, flag: &flag, source: "Source::Body", required, nullable, value: &value, help: &help }.write(&mut out);
                if let Some(sub) = object_fields(&f.ty, model) {
                    for s in sub {
                        let (_, sub_nullable) = s.ty.non_null();
                        let source = format!("Source::BodyPart({:?})", f.name);
                        let help = format!("`{}` of --{flag}: {}", s.name, help_line(s.doc.as_deref()));
                        ArgRow {
                            key: &s.name,
                            flag: &format!("{flag}-{}", s.name.to_kebab_case()),
                            source: &source,
                            required: s.required,
                            nullable: sub_nullable,
                            value: &value_kind(&s.ty, model),
                            help: help.trim_end_matches([' ', ':']),
                        }
                        .write(&mut out);
                    }
                }
            }
        }
        out.push_str("        ],\n    },\n");
    }
    out.push_str("];\n");
    Ok(out)
}

/// Parses the spec's YAML, derives the model and renders the table.
pub fn generate(yaml: &str) -> Result<String, String> {
    let spec = quay_spec::Spec::parse(yaml)?;
    let model = Model::build(&spec)?;
    render(&spec, &model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_within_a_chapter_and_verbs_fit() {
        let model = Model::from_yaml(quay_spec::SPEC_YAML).unwrap();
        let names = command_names(&model);
        for (tag, ops) in model.by_tag() {
            let mut seen = std::collections::BTreeSet::new();
            for op in ops {
                let name = &names[&op.id];
                assert!(seen.insert(name.clone()), "{tag}: two operations named {name}");
                if ["get", "list"].contains(&name.as_str()) {
                    assert_eq!(op.method, "GET", "{}", op.id);
                }
                if name == "delete" {
                    assert_eq!(op.method, "DELETE", "{}", op.id);
                }
            }
        }
        assert_eq!(names["createOrgRobot"], "create");
        assert_eq!(names["getOrganization"], "get");
        assert_eq!(names["listRepoTags"], "list");
        assert_eq!(names["getOrgRobots"], "list");
        assert_eq!(names["changeRepoVisibility"], "change-repo-visibility");
    }

    #[test]
    fn the_table_renders_every_operation() {
        let text = generate(quay_spec::SPEC_YAML).unwrap();
        let spec = quay_spec::Spec::embedded().unwrap();
        for op in &spec.operations {
            assert!(text.contains(&format!("id: {:?}", op.id)), "{}", op.id);
        }
    }
}
