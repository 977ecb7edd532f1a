//! The operation table (`OPERATIONS`, read through `quay_sdk::ops`) and the rules of the named
//! string types (`CONSTRAINTS`), as Rust statics.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{Location, Operation, PagingStyle};

/// A Rust string literal.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt_lit(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some({})", lit(s)),
        None => "None".into(),
    }
}

fn list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let inner: Vec<String> = items.into_iter().map(|s| lit(s.as_ref())).collect();
    format!("&[{}]", inner.join(", "))
}

/// `OPERATIONS`: every operation, in document order.
pub fn operations(ops: &[Operation]) -> String {
    let mut out = String::from(
        "/// Every operation of the spec, in document order.\n\
         pub static OPERATIONS: &[crate::ops::OperationInfo] = &[\n",
    );
    for op in ops {
        out.push_str(&op_info(op));
    }
    out.push_str("];\n\n");
    out
}

/// `CONSTRAINTS`: the rules of the spec's constrained string types, so that a value refused by
/// a generated type can be explained.
pub fn constraints(rules: &BTreeMap<String, String>) -> String {
    let mut rows = String::new();
    for (name, rule) in rules {
        writeln!(rows, "({}, {}),", lit(name), lit(rule)).unwrap();
    }
    format!(
        "/// The rules of the spec's constrained string types, by schema name.\n\
         pub(crate) static CONSTRAINTS: &[(&str, &str)] = &[\n{rows}];\n\n"
    )
}

fn op_info(op: &Operation) -> String {
    let params: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            format!(
                "crate::ops::ParamInfo {{ name: {}, snake_name: {}, location: crate::ops::Location::{}, required: {}, description: {} }}",
                lit(&p.name),
                lit(&p.snake_name),
                if p.location == Location::Path { "Path" } else { "Query" },
                p.required,
                opt_lit(&p.description)
            )
        })
        .collect();
    let body = match &op.body {
        None => "None".to_string(),
        Some(b) => format!(
            "Some(crate::ops::BodyInfo {{ schema: {}, required: {}, fields: {}, required_fields: {}, field_schemas: &[{}], future_fields: {} }})",
            lit(&b.schema),
            b.required,
            list(b.fields.iter().map(|f| &f.name)),
            list(&b.required_fields),
            b.fields
                .iter()
                .filter_map(|f| Some(format!("({}, {})", lit(&f.name), lit(f.schema.as_ref()?))))
                .collect::<Vec<_>>()
                .join(", "),
            list(b.fields.iter().filter(|f| f.future).map(|f| &f.name))
        ),
    };
    let paging = match op.paging.as_ref().map(|p| &p.style) {
        None => "None".to_string(),
        Some(PagingStyle::NextPage { items }) => {
            format!("Some(crate::ops::PagingInfo::NextPage {{ items: {} }})", lit(items))
        }
        Some(PagingStyle::Page { items, more }) => format!(
            "Some(crate::ops::PagingInfo::Page {{ items: {}, more: {} }})",
            lit(items),
            lit(more)
        ),
        Some(PagingStyle::Limit { items }) => {
            format!("Some(crate::ops::PagingInfo::Limit {{ items: {} }})", lit(items))
        }
    };
    format!(
        "crate::ops::OperationInfo {{ id: {}, snake_name: {}, method: {}, path: {}, tag: {}, summary: {}, description: {}, params: &[{}], body: {}, paging: {}, already_exists: {}, media_type: {} }},\n",
        lit(&op.id),
        lit(&op.snake_name),
        lit(&op.method),
        lit(&op.path),
        lit(&op.tag),
        opt_lit(&op.summary),
        opt_lit(&op.description),
        params.join(", "),
        body,
        paging,
        list(&op.already_exists),
        lit(&op.media_type)
    )
}
