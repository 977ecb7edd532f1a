//! Extensions of progenitor's request builders: `call()` on every one, `TryFrom<Value>` on
//! every body type (a body given as JSON, checked against the spec), `stream()` on paged ones.

use crate::model::{Operation, PagingStyle as Paging};

use super::ast::{Builder, Model};

/// `TryFrom<serde_json::Value>` for a body type, checked as the operation `index` checks it.
pub fn body_from_json(ty: &str, index: usize) -> String {
    format!(
        "impl ::std::convert::TryFrom<::serde_json::Value> for {ty} {{\n\
         type Error = String;\n\
         /// Reads the body from JSON (as written in a curl command), refusing unknown\n\
         /// fields and values that break the spec's rules, with messages naming them.\n\
         fn try_from(value: ::serde_json::Value) -> Result<Self, String> {{\n\
         match &OPERATIONS[{index}].body {{\n\
         Some(info) => crate::args::parse_body(info, value),\n\
         None => ::serde_json::from_value(value).map_err(|e| e.to_string()),\n}}\n}}\n}}\n"
    )
}

/// `call()`: sends the request and returns the decoded success value.
pub fn call_impl(op: &Operation, index: usize, bname: &str, builder: &Builder) -> String {
    format!(
        "impl<'a> builder::{bname}<'a> {{\n\
         /// Sends the request (`{id}`: `{method} {path}`) and returns the decoded success value,\n\
         /// or a [`crate::Error`] naming the call.\n\
         pub async fn call(self) -> crate::Result<{out}> {{\n\
         crate::hooks::observe(&OPERATIONS[{index}], false, self.send()).await.map(|(value, _)| value)\n}}\n}}\n",
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

/// `stream()`: every item of a paged operation, fetched lazily page by page.
pub fn stream_impl(
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
                "crate::paging::Cursor::Token(t) => b.next_page(t), _ => b,"
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
                "crate::paging::Cursor::Page(n) => b.page(n), _ => b,"
                    .to_string(),
                next,
            )
        }
        Paging::Limit { .. } => {
            if !builder.setters.contains_key("limit") {
                return Err(format!("{}: paged by limit but has no `limit` parameter", op.id));
            }
            (
                "crate::paging::Cursor::Limit(n) => b.limit(n), _ => b,".to_string(),
                "crate::paging::Next::Limited".to_string(),
            )
        }
    };
    let style = match paging {
        Paging::NextPage { .. } => "NextPage",
        Paging::Page { .. } => "Page",
        Paging::Limit { .. } => "Limit",
    };
    Ok(format!(
        "impl<'a> builder::{bname}<'a> {{\n\
         /// Streams every item of `{id}` lazily, fetching one page at a time.\n\
         pub fn stream(self) -> crate::paging::ItemStream<'a, {item}> {{\n\
         crate::paging::{start}, move |cursor| {{\n\
         let b = self.clone();\n\
         Box::pin(async move {{\n\
         let b = match cursor {{ crate::paging::Cursor::Start => b, {cursor} }};\n\
         let r = b.call().await?;\n\
         let next = {next};\n\
         Ok(crate::paging::Page {{ items: crate::paging::Items::items(r.{items}), next }})\n\
         }})\n}})\n}}\n}}\n",
        id = op.id,
        items = ident(paging.items()),
        start = match paging {
            Paging::Limit { .. } => "item_stream_from(crate::paging::Style::Limit, crate::paging::FIRST_LIMIT".to_string(),
            _ => format!("item_stream(crate::paging::Style::{style}"),
        },
    ))
}
