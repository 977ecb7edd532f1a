//! `_operations.py`: every operation as a thin method of `SyncOperations` and a coroutine of
//! `AsyncOperations`, each calling the extension's one entry point with the operationId and
//! the keyword arguments; paged operations also get `iter_<name>`.

use std::fmt::Write as _;

use super::ops::OpModel;
use super::text::docstring;
use super::{HEADER, lit};

/// The renames of keyword arguments whose Python name differs from the spec's.
fn renames(op: &OpModel<'_>) -> Vec<(String, String)> {
    op.params.iter().filter(|p| p.py != p.snake).map(|p| (p.py.clone(), p.snake.clone())).collect()
}

/// The module's text.
pub(super) fn render_runtime(ops: &[OpModel<'_>]) -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "\"\"\"Every operation of the spec as a method: each hands its operationId and keyword\n\
         arguments to the Rust core, which validates them before sending anything. The typed\n\
         signatures are in _operations.pyi; each method also carries its signature at run time\n\
         (`help()`, `inspect.signature`), with the types as text.\n\"\"\"\n\n\
         import inspect\n\
         from typing import Any, Callable, Dict, Tuple, TypeVar\n\n\
         __all__ = [\"SyncOperations\", \"AsyncOperations\", \"OPERATION_IDS\"]\n\n\
         _F = TypeVar(\"_F\", bound=Callable[..., Any])\n\n\n\
         class _Optional:\n    \
         \"\"\"The default shown for an optional keyword argument (left out unless given).\"\"\"\n\n    \
         def __repr__(self) -> str:\n        \
         return \"...\"\n\n\n\
         _OPTIONAL = _Optional()\n\n\n\
         def _signature(params: Tuple[Tuple[str, str, bool], ...], returns: str) -> Callable[[_F], _F]:\n    \
         \"\"\"Gives a method taking **kwargs its real keyword signature, for help() and IDEs.\"\"\"\n\n    \
         def attach(f: _F) -> _F:\n        \
         kw = inspect.Parameter.KEYWORD_ONLY\n        \
         shown = [inspect.Parameter(\"self\", inspect.Parameter.POSITIONAL_OR_KEYWORD)]\n        \
         shown += [\n            \
         inspect.Parameter(n, kw, default=inspect.Parameter.empty if required else _OPTIONAL, annotation=t)\n            \
         for n, t, required in params\n        \
         ]\n        \
         f.__signature__ = inspect.Signature(shown, return_annotation=returns)  # type: ignore[attr-defined]\n        \
         return f\n\n    \
         return attach\n\n\n\
         #: Method name -> operationId, for every operation of the spec.\n",
    );
    out.push_str("OPERATION_IDS: Dict[str, str] = {\n");
    for op in ops {
        let _ = writeln!(out, "    {}: {},", lit(&op.name), lit(&op.op.id));
    }
    out.push_str("}\n\n\n");
    out.push_str(
        "def _renamed(kwargs: Dict[str, Any], names: Tuple[Tuple[str, str], ...]) -> Dict[str, Any]:\n    \
         for py, spec in names:\n        \
         if py in kwargs:\n            \
         kwargs[spec] = kwargs.pop(py)\n    \
         return kwargs\n",
    );
    for asynchronous in [false, true] {
        let class = if asynchronous { "AsyncOperations" } else { "SyncOperations" };
        let client = if asynchronous { "quay_sdk.AsyncClient" } else { "quay_sdk.Client" };
        let _ = write!(
            out,
            "\n\nclass {class}:\n    \"\"\"The spec's operations as {}; mixed into {client}.\"\"\"\n\n    __slots__ = ()\n",
            if asynchronous { "coroutines" } else { "methods" }
        );
        for op in ops {
            let renames = renames(op);
            let args = if renames.is_empty() {
                "kwargs".to_string()
            } else {
                let pairs: Vec<String> = renames.iter().map(|(a, b)| format!("({}, {})", lit(a), lit(b))).collect();
                format!("_renamed(kwargs, ({},))", pairs.join(", "))
            };
            let id = lit(&op.op.id);
            out.push('\n');
            let _ = writeln!(out, "    @_signature({}, {})", runtime_params(op, false), lit(&op.returns));
            if asynchronous {
                let _ = writeln!(out, "    async def {}(self, **kwargs: Any) -> Any:", op.name);
                out.push_str(&docstring(&op.doc(false), "        "));
                let _ = writeln!(out, "        return await self._acall({id}, {args})  # type: ignore[attr-defined]");
            } else {
                let _ = writeln!(out, "    def {}(self, **kwargs: Any) -> Any:", op.name);
                out.push_str(&docstring(&op.doc(false), "        "));
                let _ = writeln!(out, "        return self._call({id}, {args})  # type: ignore[attr-defined]");
            }
            if let Some(item) = &op.paging_item {
                out.push('\n');
                let iter = if asynchronous { "AsyncIterator" } else { "Iterator" };
                let _ = writeln!(out, "    @_signature({}, {})", runtime_params(op, true), lit(&format!("{iter}[{item}]")));
                let _ = writeln!(out, "    def iter_{}(self, **kwargs: Any) -> Any:", op.name);
                out.push_str(&docstring(&op.doc(true), "        "));
                let _ = writeln!(out, "        return self._paginate({id}, {args})  # type: ignore[attr-defined]");
            }
        }
    }
    out
}

/// The run-time signature of a method as `(name, type, required)` triples: the parameters as
/// the spec has them, then `body` and the body's fields, all optional (either form may be used).
fn runtime_params(op: &OpModel<'_>, paged: bool) -> String {
    let mut items: Vec<String> = op
        .params
        .iter()
        .filter(|p| !(paged && op.paging_params.contains(&p.spec.as_str())))
        .map(|p| format!("({}, {}, {})", lit(&p.py), lit(&p.ty), if p.required { "True" } else { "False" }))
        .collect();
    if let Some(b) = &op.body {
        let only_whole = !b.flat_complete;
        items.push(format!("(\"body\", {}, {})", lit(&b.schema_py), if only_whole && b.required { "True" } else { "False" }));
        items.extend(b.flat.iter().map(|(f, t, _, _)| format!("({}, {}, False)", lit(f), lit(t))));
    }
    if items.is_empty() { "()".to_string() } else { format!("({},)", items.join(", ")) }
}

