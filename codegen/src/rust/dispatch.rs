//! Renders `dispatch.rs`, the code derived from the model and progenitor's output: the
//! operation table, `prepare` (a call by operationId, its arguments converted and checked into
//! progenitor's typed request, ready to send), `decode_success`, and the builders' extensions.

use std::fmt::Write;

use crate::model::{Model, Operation};

use super::ast::{self, Builder};
use super::builders;
use super::table::{self, lit};

/// Renders everything; fails naming the operation when progenitor's output lacks a piece.
pub fn render(model: &Model, ast: &ast::Model, rules: &crate::rust::polish::StringTypes) -> Result<String, String> {
    let mut out = table::operations(&model.operations);
    out.push_str(&table::constraints(rules));

    let mut arms = String::new();
    let mut decode_arms = String::new();
    let mut body_types = std::collections::BTreeSet::new();
    let mut impls = String::new();
    for (index, op) in model.operations.iter().enumerate() {
        let bname = ast
            .methods
            .get(&op.snake_name)
            .ok_or_else(|| format!("{}: progenitor generated no method `{}`", op.id, op.snake_name))?;
        let builder = ast
            .builders
            .get(bname)
            .ok_or_else(|| format!("{}: progenitor generated no builder `{bname}`", op.id))?;
        // One function per operation: in one match, a debug build gives `prepare` a stack frame
        // holding every arm's builder (148 operations overflowed a 2 MiB thread stack).
        writeln!(arms, "{} => prepare_{}(client, args),", lit(&op.id), op.snake_name).unwrap();
        impls.push_str(&prepare_fn(op, index, bname, builder)?);
        if builder.output != "()" {
            writeln!(
                decode_arms,
                "{} => Some(serde_json::from_value::<{}>(body).and_then(|v| serde_json::to_value(v))),",
                lit(&op.id),
                builder.output
            )
            .unwrap();
        }
        impls.push_str(&builders::call_impl(op, index, bname, builder));
        if let Some(ty) = builder.setters.get("body").filter(|_| op.body.is_some())
            && body_types.insert(ty.clone())
        {
            impls.push_str(&builders::body_from_json(ty, index));
        }
        if let Some(paging) = &op.paging {
            impls.push_str(&builders::stream_impl(op, bname, builder, &paging.style, ast)?);
        }
    }
    write!(
        out,
        "/// Converts and checks the arguments of a call by operationId (names, digests, enums,\n\
         /// required and unknown keys) into progenitor's typed request, sending nothing; the\n\
         /// request is sent when the returned future is awaited.\n\
         pub(crate) fn prepare<'a>(client: &'a Client, args: &mut crate::args::Args) -> crate::Result<crate::args::Prepared<'a>> {{\n\
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

/// `prepare` for one operation: every argument taken into the builder, then the request to send.
fn prepare_fn(op: &Operation, index: usize, bname: &str, builder: &Builder) -> Result<String, String> {
    let mut arm = format!(
        "/// `prepare` for {}.\nfn prepare_{}<'a>(client: &'a Client, args: &mut crate::args::Args) -> crate::Result<crate::args::Prepared<'a>> {{\nlet mut b = client.{}();\n",
        op.id, op.snake_name, op.snake_name
    );
    for p in &op.params {
        let ty = builder
            .setters
            .get(&p.snake_name)
            .ok_or_else(|| format!("{}: builder {bname} has no setter `{}`", op.id, p.snake_name))?;
        writeln!(
            arm,
            "if let Some(v) = args.take::<{ty}>({}, {})? {{ b = b.{}(v); }}",
            lit(&p.name),
            lit(&p.snake_name),
            p.snake_name
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
        "args.finish()?;\n\
         Ok(Box::pin(async move {{\n\
         let (value, raw) = crate::hooks::observe(&OPERATIONS[{index}], true, b.send()).await?;\n\
         crate::args::output(&OPERATIONS[{index}], value, raw)\n}}))\n}}\n"
    )
    .unwrap();
    Ok(arm)
}
