//! `_operations.pyi`: the typed signatures, keyword arguments named after the spec's
//! parameters and body fields, enums as `Literal[...]`, responses as `TypedDict`s, and
//! overloads where the body may be given whole or as fields.

use std::fmt::Write as _;

use crate::model::Model;

use super::HEADER;
use super::ops::OpModel;
use super::text::docstring;

/// One keyword parameter of a stub signature.
fn stub_param(name: &str, ty: &str, required: bool, optional_none: bool) -> String {
    if required {
        format!("{name}: {ty}")
    } else if optional_none && !ty.starts_with("Optional[") && ty != "Any" && ty != "None" {
        format!("{name}: Optional[{ty}] = ...")
    } else {
        format!("{name}: {ty} = ...")
    }
}

/// The stub signatures of one method: several when the body may be given whole or flat.
fn stub_signatures(op: &OpModel<'_>, paged: bool) -> Vec<Vec<String>> {
    let params: Vec<String> = op
        .params
        .iter()
        .filter(|p| !(paged && op.paging_params.contains(&p.spec.as_str())))
        .map(|p| stub_param(&p.py, &p.ty, p.required, true))
        .collect();
    let Some(b) = &op.body else { return vec![params] };
    let needs_fields = b.flat.iter().any(|f| f.2) || !b.flat_complete;
    if !needs_fields {
        // Nothing is required: the body whole, or any of its fields.
        let mut all = params.clone();
        all.push(stub_param("body", &b.schema_py, false, false));
        all.extend(b.flat.iter().map(|(f, t, _, _)| stub_param(f, t, false, false)));
        return vec![all];
    }
    let mut whole = params.clone();
    whole.push(stub_param("body", &b.schema_py, true, false));
    if !b.flat_complete {
        return vec![whole];
    }
    let mut flat = params;
    flat.extend(b.flat.iter().map(|(f, t, required, _)| stub_param(f, t, *required, false)));
    vec![flat, whole]
}

/// The stub's text.
pub(super) fn render_stub(ops: &[OpModel<'_>], model: &Model) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\"\"\"Typed signatures of the spec's operations.\"\"\"\n\n");
    out.push_str("from datetime import datetime\n");
    out.push_str("from typing import Any, AsyncIterator, Dict, Iterator, List, Literal, Optional, Union, overload\n\n");
    let used: std::collections::BTreeSet<&String> = model.types.iter().map(|t| &t.name).collect();
    if !used.is_empty() {
        out.push_str("from .types import (\n");
        for n in used {
            let _ = writeln!(out, "    {n},");
        }
        out.push_str(")\n");
    }
    out.push_str("\nOPERATION_IDS: Dict[str, str]\n");
    for asynchronous in [false, true] {
        let class = if asynchronous { "AsyncOperations" } else { "SyncOperations" };
        let _ = writeln!(out, "\nclass {class}:");
        for op in ops {
            let sigs = stub_signatures(op, false);
            for (i, sig) in sigs.iter().enumerate() {
                out.push('\n');
                if sigs.len() > 1 {
                    out.push_str("    @overload\n");
                }
                let kw = if sig.is_empty() { String::new() } else { format!(", *, {}", sig.join(", ")) };
                let _ = writeln!(
                    out,
                    "    {}def {}(self{kw}) -> {}:",
                    if asynchronous { "async " } else { "" },
                    op.name,
                    op.returns
                );
                if i == 0 {
                    out.push_str(&docstring(&op.doc(false), "        "));
                } else {
                    out.push_str("        ...\n");
                }
            }
            if let Some(item) = &op.paging_item {
                let sigs = stub_signatures(op, true);
                let iter = if asynchronous { "AsyncIterator" } else { "Iterator" };
                for (i, sig) in sigs.iter().enumerate() {
                    out.push('\n');
                    if sigs.len() > 1 {
                        out.push_str("    @overload\n");
                    }
                    let kw = if sig.is_empty() { String::new() } else { format!(", *, {}", sig.join(", ")) };
                    let _ = writeln!(out, "    def iter_{}(self{kw}) -> {iter}[{item}]:", op.name);
                    if i == 0 {
                        out.push_str(&docstring(&op.doc(true), "        "));
                    } else {
                        out.push_str("        ...\n");
                    }
                }
            }
        }
    }
    out
}
