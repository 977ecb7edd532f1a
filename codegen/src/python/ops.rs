//! The Python view of an operation: its method name, keyword arguments (parameters, the body
//! whole or its fields flat), return and item types, and its docstring.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::model::names::is_identifier;
use crate::model::{Location, Operation};

use super::text::{wrap, wrap_item};
use super::types::{py_type, union};
use super::{CLIENT_NAMES, py_arg};

/// A keyword argument that is a path or query parameter.
pub(super) struct ParamModel {
    /// The keyword argument's name.
    pub py: String,
    /// The snake_case name the core knows.
    pub snake: String,
    /// The spec's name (what the core receives).
    pub spec: String,
    /// Its Python type.
    pub ty: String,
    /// Whether it must be given.
    pub required: bool,
    description: Option<String>,
    location: Location,
}

/// A body field: (keyword name, type, required, description).
pub(super) type BodyField = (String, String, bool, Option<String>);

/// The body as keyword arguments.
pub(super) struct BodyModel {
    /// The body type's name.
    pub schema_py: String,
    /// Whether a body must be sent.
    pub required: bool,
    /// (keyword name, type, required, description): the fields that may be passed flat.
    pub flat: Vec<BodyField>,
    /// Whether every required field may be passed flat.
    pub flat_complete: bool,
}

/// One operation as Python methods.
pub(super) struct OpModel<'m> {
    /// The model's operation.
    pub op: &'m Operation,
    /// The method's name.
    pub name: String,
    /// The parameters, path ones first.
    pub params: Vec<ParamModel>,
    /// The body, if any.
    pub body: Option<BodyModel>,
    /// The return type.
    pub returns: String,
    /// The item type, for paged operations.
    pub paging_item: Option<String>,
    /// The parameters the pager sets itself.
    pub paging_params: Vec<&'static str>,
}

impl<'m> OpModel<'m> {
    /// The Python view of `op`; fails when a name cannot be a Python name.
    pub fn new(op: &'m Operation) -> Result<OpModel<'m>, String> {
        let name = op.snake_name.clone();
        if !is_identifier(&name) || CLIENT_NAMES.contains(&name.as_str()) || name.starts_with('_') {
            return Err(format!("python: operation {} cannot be the method `{name}`", op.id));
        }
        let mut params = Vec::new();
        for p in &op.params {
            let py = py_arg(&p.snake_name);
            if !is_identifier(&py) {
                return Err(format!("python: {}: parameter `{}` has no Python name", op.id, p.name));
            }
            params.push(ParamModel {
                py,
                snake: p.snake_name.clone(),
                spec: p.name.clone(),
                ty: py_type(&p.ty),
                required: p.required,
                description: crate::model::names::trimmed(p.description.as_deref()),
                location: p.location,
            });
        }
        let body = op.body.as_ref().map(|b| {
            let fields = b.fields.iter().map(|f| {
                let ty = py_type(&f.ty);
                // Times Quay wants in the future (expirations) also take a `datetime`.
                let ty = if !f.future {
                    ty
                } else {
                    match ty.strip_prefix("Optional[").and_then(|t| t.strip_suffix(']')) {
                        Some(inner) => format!("Union[{inner}, datetime, None]"),
                        None => format!("Union[{ty}, datetime]"),
                    }
                };
                (f.name.clone(), ty, f.required, f.doc.clone())
            });
            let taken: BTreeSet<&str> =
                params.iter().flat_map(|p| [p.py.as_str(), p.spec.as_str()]).chain(["body", "self"]).collect();
            let (flat, not_flat): (Vec<_>, Vec<_>) =
                fields.partition(|(f, ..)| is_identifier(f) && !taken.contains(f.as_str()));
            let flat_complete = not_flat.iter().all(|(_, _, required, _)| !required);
            BodyModel { schema_py: b.type_name.clone(), required: b.required, flat, flat_complete }
        });
        let mut returns = Vec::new();
        for (_, ty) in &op.successes {
            let t = ty.as_ref().map(py_type).unwrap_or_else(|| "None".to_string());
            if !returns.contains(&t) {
                returns.push(t);
            }
        }
        let returns = if returns.is_empty() { "None".to_string() } else { union(returns) };
        let (paging_item, paging_params) = match &op.paging {
            None => (None, Vec::new()),
            Some(paging) => (Some(py_type(&paging.item)), vec![paging.cursor_param()]),
        };
        Ok(OpModel { op, name, params, body, returns, paging_item, paging_params })
    }

    /// The docstring: summary, description, the HTTP call, and the keyword arguments.
    pub fn doc(&self, paged: bool) -> String {
        let op = self.op;
        let mut text = String::new();
        if paged {
            let _ = writeln!(text, "Iterates lazily over the items of `{}` across every page.\n", self.name);
        }
        text.push_str(op.summary.as_deref().unwrap_or(&op.id).trim());
        text.push('\n');
        if let Some(d) = op.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            text.push('\n');
            text.push_str(&wrap(d, 88));
        }
        let _ = writeln!(text, "\n`{} {}` (operationId `{}`).", op.method, op.path, op.id);
        let params: Vec<&ParamModel> =
            self.params.iter().filter(|p| !(paged && self.paging_params.contains(&p.spec.as_str()))).collect();
        if !params.is_empty() || self.body.is_some() {
            text.push_str("\nKeyword arguments:\n");
        }
        for p in params {
            let mut line = format!(
                "{} ({}{})",
                p.py,
                match p.location {
                    Location::Path => "path",
                    Location::Query => "query",
                },
                if p.required { ", required" } else { "" }
            );
            if let Some(d) = &p.description {
                line.push_str(": ");
                line.push_str(d);
            }
            text.push_str(&wrap_item(&line, 88));
        }
        if let Some(b) = &self.body {
            let _ = writeln!(
                text,
                "body: the whole {} body as a dict{}{}.",
                b.schema_py,
                if b.flat.is_empty() { "" } else { "; or its fields as keyword arguments" },
                if b.required { "" } else { " (optional)" }
            );
            for (f, _, required, d) in &b.flat {
                let mut line = format!("{f} (body{})", if *required { ", required" } else { "" });
                if let Some(d) = d {
                    line.push_str(": ");
                    line.push_str(d);
                }
                text.push_str(&wrap_item(&line, 88));
            }
        }
        text
    }
}
