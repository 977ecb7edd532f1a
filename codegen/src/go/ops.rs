//! `operations_gen.go`: every operation as a method of `Client` (a `context.Context` first, a
//! typed parameter struct, a typed result), its `...Params` struct, and `...All` iterators
//! (`iter.Seq2`) over the items of paged operations.

use std::fmt::Write as _;

use crate::model::{Location, Model, Operation, TypeRef};

use super::names::{CLIENT_METHODS, HAND_WRITTEN, comment, exported, lit};
use super::types::{GoNames, field_names};
use super::HEADER;

/// What a method returns.
enum Returns {
    /// Nothing but an error (no content).
    Nothing,
    /// A pointer to a struct.
    Struct(String),
    /// A value of another Go type.
    Value(String),
}

/// The Go view of one operation.
struct GoOp<'m> {
    op: &'m Operation,
    method: String,
    params_type: Option<String>,
    returns: Returns,
    item: Option<String>,
}

impl<'m> GoOp<'m> {
    fn new(op: &'m Operation, model: &Model, names: &GoNames) -> Result<GoOp<'m>, String> {
        let method = exported(&op.camel_name).ok_or_else(|| format!("go: operation {} has no Go name", op.id))?;
        if CLIENT_METHODS.contains(&method.as_str()) {
            return Err(format!("go: operation {} would take the method name `{method}`", op.id));
        }
        let params_type = (!op.params.is_empty() || op.body.is_some()).then(|| format!("{method}Params"));
        if let Some(p) = &params_type
            && (names.contains(p) || HAND_WRITTEN.contains(&p.as_str()))
        {
            return Err(format!("go: {}: the parameter struct `{p}` is also a type's name", op.id));
        }
        let mut types: Vec<&TypeRef> = Vec::new();
        for (_, ty) in &op.successes {
            if let Some(ty) = ty
                && !types.contains(&ty)
            {
                types.push(ty);
            }
        }
        let returns = match types.as_slice() {
            [] => Returns::Nothing,
            [TypeRef::Named(name)] if matches!(model.type_named(name).map(|t| &t.kind), Some(crate::model::TypeKind::Object(f)) if !f.is_empty()) => {
                Returns::Struct(names.of(name))
            }
            [one] => Returns::Value(names.go_type(one)),
            _ => Returns::Value("any".to_string()),
        };
        let item = op.paging.as_ref().map(|p| names.go_type(&p.item));
        Ok(GoOp { op, method, params_type, returns, item })
    }

    /// The method's doc comment.
    fn doc(&self, paged: bool) -> String {
        let op = self.op;
        let mut text = String::new();
        if paged {
            let _ = write!(text, "{}All iterates lazily over the items of {} across every page, fetching a page when the previous one is used up; it stops at the first error, which it yields.", self.method, self.method);
        } else {
            let summary = op.summary.as_deref().unwrap_or(&op.id).trim().trim_end_matches('.');
            let _ = write!(text, "{} calls {} ({} {}): {summary}.", self.method, op.id, op.method, op.path);
            if let Some(d) = op.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                text.push_str("\n\n");
                text.push_str(d);
            }
        }
        comment(&text, "")
    }
}

/// The file of every operation.
pub fn render(model: &Model, names: &GoNames) -> Result<String, String> {
    let ops = model.operations.iter().map(|op| GoOp::new(op, model, names)).collect::<Result<Vec<_>, _>>()?;
    crate::model::names::distinct_methods("go", CLIENT_METHODS, ops.iter().map(|op| (op.method.as_str(), op.item.is_some())))?;
    let mut out = String::from(HEADER);
    out.push_str("package quay\n\nimport (\n\t\"context\"\n");
    if ops.iter().any(|o| o.item.is_some()) {
        out.push_str("\t\"iter\"\n");
    }
    out.push_str(")\n");
    // Every operation's method, for tests that check the table against libquay's.
    out.push_str("\n// operationMethods are the methods of Client by operationId.\nvar operationMethods = map[string]string{\n");
    let width = ops.iter().map(|o| lit(&o.op.id).len() + 1).max().unwrap_or(0);
    for op in &ops {
        let _ = writeln!(out, "\t{:<width$} {},", format!("{}:", lit(&op.op.id)), lit(&op.method));
    }
    out.push_str("}\n");
    for op in &ops {
        if let Some(params) = &op.params_type {
            params_struct(&mut out, model, names, op.op, params)?;
        }
        method(&mut out, op);
        if op.item.is_some() {
            iterator(&mut out, op);
        }
    }
    Ok(out)
}

/// The `...Params` struct: path and query parameters by their spec names, then the body.
fn params_struct(out: &mut String, model: &Model, names: &GoNames, op: &Operation, name: &str) -> Result<(), String> {
    let _ = write!(out, "\n// {name} holds the arguments of {} ({}).\ntype {name} struct {{\n", op.id, op.path);
    let mut taken: Vec<String> = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let go = exported(&p.name).ok_or_else(|| format!("go: {}: parameter `{}` has no Go name", op.id, p.name))?;
        if go == "Body" || taken.contains(&go) {
            return Err(format!("go: {}: parameter `{}` collides with another as `{go}`", op.id, p.name));
        }
        if i > 0 {
            out.push('\n');
        }
        let place = match p.location {
            Location::Path => "Path parameter",
            Location::Query => "Query parameter",
        };
        let mut doc = format!("{place} {}{}.", p.name, if p.required { ", required" } else { "" });
        if let Some(d) = p.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            doc = format!("{} {d}", doc.trim_end_matches('.').to_string() + ":");
        }
        out.push_str(&comment(&doc, "\t"));
        let _ = writeln!(out, "\t{}", names.field_line(model, &go, &p.name, &p.ty, p.required));
        taken.push(go);
    }
    if let Some(body) = &op.body {
        if !op.params.is_empty() {
            out.push('\n');
        }
        // The body's fields must be nameable too (they are, as the body type's fields).
        field_names(&body.type_name, &body.fields)?;
        let ty = TypeRef::Named(body.type_name.clone());
        let doc = format!("The request body{}.", if body.required { ", required" } else { " (optional)" });
        out.push_str(&comment(&doc, "\t"));
        let _ = writeln!(out, "\t{}", names.field_line(model, "Body", "body", &ty, body.required));
    }
    out.push_str("}\n");
    Ok(())
}

fn method(out: &mut String, op: &GoOp) {
    out.push('\n');
    out.push_str(&op.doc(false));
    let (sig, args) = match &op.params_type {
        Some(p) => (format!("ctx context.Context, params {p}"), "params"),
        None => ("ctx context.Context".to_string(), "nil"),
    };
    let id = lit(&op.op.id);
    match &op.returns {
        Returns::Nothing => {
            let _ = write!(
                out,
                "func (c *Client) {}({sig}) error {{\n\treturn c.invoke(ctx, {id}, {args}, nil)\n}}\n",
                op.method
            );
        }
        Returns::Struct(t) => {
            let _ = write!(
                out,
                "func (c *Client) {}({sig}) (*{t}, error) {{\n\tvar out {t}\n\tif err := c.invoke(ctx, {id}, {args}, &out); err != nil {{\n\t\treturn nil, err\n\t}}\n\treturn &out, nil\n}}\n",
                op.method
            );
        }
        Returns::Value(t) => {
            let _ = write!(
                out,
                "func (c *Client) {}({sig}) ({t}, error) {{\n\tvar out {t}\n\terr := c.invoke(ctx, {id}, {args}, &out)\n\treturn out, err\n}}\n",
                op.method
            );
        }
    }
}

fn iterator(out: &mut String, op: &GoOp) {
    let item = op.item.as_deref().unwrap_or("any");
    out.push('\n');
    out.push_str(&op.doc(true));
    let (sig, args) = match &op.params_type {
        Some(p) => (format!("ctx context.Context, params {p}"), "params"),
        None => ("ctx context.Context".to_string(), "nil"),
    };
    let _ = write!(
        out,
        "func (c *Client) {}All({sig}) iter.Seq2[{item}, error] {{\n\treturn paginate[{item}](ctx, c, {}, {args})\n}}\n",
        op.method,
        lit(&op.op.id)
    );
}
