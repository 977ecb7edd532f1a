//! Renders the code derived from the spec and progenitor's output: the operation table, the
//! dispatch-by-operationId function, `call()` on every builder and `stream()` on paged ones.

use std::fmt::Write;

use quay_spec::{Location, Operation, Paging, Spec};

use crate::ast::{Builder, Model};

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt_lit(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some({})", lit(s)),
        None => "None".into(),
    }
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| lit(s)).collect();
    format!("&[{}]", inner.join(", "))
}

/// Renders everything; fails naming the operation when progenitor's output lacks a piece.
pub fn render(spec: &Spec, model: &Model, types: &crate::polish::StringTypes) -> Result<String, String> {
    let mut out = String::new();
    out.push_str("/// Every operation of the spec, in document order.\n");
    out.push_str("pub static OPERATIONS: &[crate::ops::OperationInfo] = &[\n");
    for op in &spec.operations {
        out.push_str(&op_info(op));
    }
    out.push_str("];\n\n");

    out.push_str(&constraints(types));

    let mut arms = String::new();
    let mut decode_arms = String::new();
    let mut body_types = std::collections::BTreeSet::new();
    let mut impls = String::new();
    for (index, op) in spec.operations.iter().enumerate() {
        let bname = model
            .methods
            .get(&op.rust_name)
            .ok_or_else(|| format!("{}: progenitor generated no method `{}`", op.id, op.rust_name))?;
        let builder = model
            .builders
            .get(bname)
            .ok_or_else(|| format!("{}: progenitor generated no builder `{bname}`", op.id))?;
        arms.push_str(&dispatch_arm(op, index, bname, builder)?);
        if builder.output != "()" {
            writeln!(
                decode_arms,
                "{} => Some(serde_json::from_value::<{}>(body).and_then(|v| serde_json::to_value(v))),",
                lit(&op.id),
                builder.output
            )
            .unwrap();
        }
        impls.push_str(&call_impl(op, index, bname, builder));
        if let Some(ty) = builder.setters.get("body").filter(|_| op.body.is_some())
            && body_types.insert(ty.clone()) {
                impls.push_str(&format!(
                    "impl ::std::convert::TryFrom<::serde_json::Value> for {ty} {{\n\
                     type Error = String;\n\
                     /// Reads the body from JSON (as written in a curl command), refusing unknown\n\
                     /// fields and values that break the spec's rules, with messages naming them.\n\
                     fn try_from(value: ::serde_json::Value) -> Result<Self, String> {{\n\
                     match &OPERATIONS[{index}].body {{\n\
                     Some(info) => crate::args::parse_body(info, value),\n\
                     None => ::serde_json::from_value(value).map_err(|e| e.to_string()),\n}}\n}}\n}}\n"
                ));
            }
        if let Some(paging) = &op.paging {
            impls.push_str(&stream_impl(op, bname, builder, paging, model)?);
        }
    }
    write!(
        out,
        "/// Calls an operation by operationId with arguments already split out of a JSON map.\n\
         pub(crate) async fn dispatch(client: &Client, args: &mut crate::args::Args) -> crate::Result<::serde_json::Value> {{\n\
         match args.operation().id {{\n{arms}\n\
         other => Err(crate::Error::invalid_input(format!(\"unknown operation `{{other}}`\"))),\n}}\n}}\n\n\
         /// Decodes a success body of an operation into its generated type and back to JSON;\n\
         /// `None` when the operation's success has no body.\n\
         pub fn decode_success(operation_id: &str, body: ::serde_json::Value) -> Option<Result<::serde_json::Value, ::serde_json::Error>> {{\n\
         match operation_id {{\n{decode_arms}\n_ => None,\n}}\n}}\n\n{impls}"
    )
    .unwrap();
    Ok(out)
}

/// The rules of the spec's constrained string types, so that a value refused by a generated
/// type can be explained.
fn constraints(types: &crate::polish::StringTypes) -> String {
    let mut rows = String::new();
    for (name, rule) in types {
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
                "crate::ops::ParamInfo {{ name: {}, rust_name: {}, location: crate::ops::Location::{}, required: {}, description: {} }}",
                lit(&p.name),
                lit(&p.rust_name),
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
            lit(&b.schema_name),
            b.required,
            list(&b.properties),
            list(&b.required_properties),
            b.property_schemas.iter().map(|(f, s)| format!("({}, {})", lit(f), lit(s))).collect::<Vec<_>>().join(", "),
            list(&b.future_properties)
        ),
    };
    let paging = match &op.paging {
        None => "None".to_string(),
        Some(Paging::NextPage { items }) => {
            format!("Some(crate::ops::PagingInfo::NextPage {{ items: {} }})", lit(items))
        }
        Some(Paging::Page { items, more }) => format!(
            "Some(crate::ops::PagingInfo::Page {{ items: {}, more: {} }})",
            lit(items),
            lit(more)
        ),
    };
    format!(
        "crate::ops::OperationInfo {{ id: {}, rust_name: {}, method: {}, path: {}, tag: {}, summary: {}, description: {}, params: &[{}], body: {}, paging: {}, already_exists: {} }},\n",
        lit(&op.id),
        lit(&op.rust_name),
        lit(&op.method),
        lit(&op.path),
        lit(&op.tag),
        opt_lit(&op.summary),
        opt_lit(&op.description),
        params.join(", "),
        body,
        paging,
        list(&op.already_exists)
    )
}

fn dispatch_arm(op: &Operation, index: usize, bname: &str, builder: &Builder) -> Result<String, String> {
    let mut arm = format!("{} => {{\nlet mut b = client.{}();\n", lit(&op.id), op.rust_name);
    for p in &op.params {
        let ty = builder
            .setters
            .get(&p.rust_name)
            .ok_or_else(|| format!("{}: builder {bname} has no setter `{}`", op.id, p.rust_name))?;
        writeln!(
            arm,
            "if let Some(v) = args.take::<{ty}>({}, {})? {{ b = b.{}(v); }}",
            lit(&p.name),
            lit(&p.rust_name),
            p.rust_name
        )
            .unwrap();
    }
    if op.body.is_some() {
        let ty = builder
            .setters
            .get("body")
            .ok_or_else(|| format!("{}: builder {bname} has no body setter", op.id))?;
        writeln!(arm, "if let Some(v) = args.body::<{ty}>()? {{ b = b.body(v); }}").unwrap();
    }
    write!(
        arm,
        "args.finish()?;\nif args.dry_run() {{ return Ok(::serde_json::Value::Null); }}\n\
         let (value, raw) = Box::pin(crate::runtime::observe(&OPERATIONS[{index}], true, b.send())).await?;\n\
         crate::args::output(&OPERATIONS[{index}], value, raw)\n}}\n"
    )
    .unwrap();
    Ok(arm)
}

fn call_impl(op: &Operation, index: usize, bname: &str, builder: &Builder) -> String {
    format!(
        "impl<'a> builder::{bname}<'a> {{\n\
         /// Sends the request (`{id}`: `{method} {path}`) and returns the decoded success value,\n\
         /// or a [`crate::Error`] naming the call.\n\
         pub async fn call(self) -> crate::Result<{out}> {{\n\
         crate::runtime::observe(&OPERATIONS[{index}], false, self.send()).await.map(|(value, _)| value)\n}}\n}}\n",
        id = op.id,
        method = op.method,
        path = op.path,
        out = builder.output
    )
}

/// `Vec<T>` or `Option<Vec<T>>` -> `T`.
fn element_type(ty: &str) -> Option<String> {
    let start = ty.find("Vec<")? + 4;
    let end = ty.rfind('>')?;
    let inner = &ty[start..end];
    let inner = inner.strip_suffix('>').filter(|_| ty.contains("Option<")).unwrap_or(inner);
    Some(if inner.starts_with("::") || inner.starts_with("types::") {
        inner.to_string()
    } else {
        format!("types::{inner}")
    })
}

fn stream_impl(
    op: &Operation,
    bname: &str,
    builder: &Builder,
    paging: &Paging,
    model: &Model,
) -> Result<String, String> {
    let out = builder.output.trim_start_matches("types::");
    let fields = model
        .structs
        .get(out)
        .ok_or_else(|| format!("{}: paged response `{out}` is not a generated struct", op.id))?;
    let items_ty = fields
        .get(paging.items())
        .ok_or_else(|| format!("{}: response `{out}` has no items field `{}`", op.id, paging.items()))?;
    let item = element_type(items_ty)
        .ok_or_else(|| format!("{}: items field `{}` is not an array", op.id, paging.items()))?;
    let ident = |name: &str| -> String {
        let s = quay_spec::snake(name);
        if s == "type" { "type_".into() } else { s }
    };
    let (cursor, next) = match paging {
        Paging::NextPage { .. } => {
            if !builder.setters.contains_key("next_page") {
                return Err(format!("{}: paged by next_page but has no `next_page` parameter", op.id));
            }
            if !fields.contains_key("next_page") {
                return Err(format!("{}: response `{out}` has no `next_page` field", op.id));
            }
            (
                "crate::paging::Cursor::Token(t) => b.next_page(t), crate::paging::Cursor::Page(_) => b,"
                    .to_string(),
                "crate::paging::Next::token(r.next_page)".to_string(),
            )
        }
        Paging::Page { more, .. } => {
            if !builder.setters.contains_key("page") {
                return Err(format!("{}: paged by page but has no `page` parameter", op.id));
            }
            if !fields.contains_key(more.as_str()) {
                return Err(format!("{}: response `{out}` has no `{more}` field", op.id));
            }
            // The answer's own page number, when it reports one, tells where to continue.
            let next = if fields.contains_key("page") {
                format!("crate::paging::Next::more_at(r.{}, r.page)", ident(more))
            } else {
                format!("crate::paging::Next::more(r.{})", ident(more))
            };
            (
                "crate::paging::Cursor::Page(n) => b.page(n), crate::paging::Cursor::Token(_) => b,"
                    .to_string(),
                next,
            )
        }
    };
    let style = match paging {
        Paging::NextPage { .. } => "NextPage",
        Paging::Page { .. } => "Page",
    };
    Ok(format!(
        "impl<'a> builder::{bname}<'a> {{\n\
         /// Streams every item of `{id}` lazily, fetching one page at a time.\n\
         pub fn stream(self) -> crate::paging::ItemStream<'a, {item}> {{\n\
         crate::paging::item_stream(crate::paging::Style::{style}, move |cursor| {{\n\
         let b = self.clone();\n\
         Box::pin(async move {{\n\
         let b = match cursor {{ crate::paging::Cursor::Start => b, {cursor} }};\n\
         let r = b.call().await?;\n\
         let next = {next};\n\
         Ok(crate::paging::Page {{ items: crate::paging::Items::items(r.{items}), next }})\n\
         }})\n}})\n}}\n}}\n",
        id = op.id,
        items = ident(paging.items()),
    ))
}
