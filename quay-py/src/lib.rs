//! `quay_sdk._native`: the Rust core of the `quay-sdk` Python package.
//!
//! It holds no per-operation code: the Python methods (generated from the spec by
//! `cargo xtask generate` into `python/quay_sdk/_operations.py`) all call
//! [`client::NativeClient::call`], which hands the operationId and keyword arguments to
//! `quay_sdk::Client::call`, the Rust core's one dynamic entry point.

// The core's error envelope crosses closures unboxed: errors are rare.
#![allow(clippy::result_large_err)]

mod client;
mod convert;
mod errors;
mod fake;

use pyo3::prelude::*;
use serde_json::{Value, json};

/// The operation table of the spec, as plain Python data (for tests and introspection).
#[pyfunction]
fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let ops: Vec<Value> = quay_sdk::ops::operations()
        .iter()
        .map(|o| {
            json!({
                "id": o.id,
                "name": o.snake_name,
                "method": o.method,
                "path": o.path,
                "tag": o.tag,
                "summary": o.summary,
                "params": o.params.iter().map(|p| json!({
                    "name": p.name,
                    "python_name": p.snake_name,
                    "location": match p.location {
                        quay_sdk::ops::Location::Path => "path",
                        quay_sdk::ops::Location::Query => "query",
                    },
                    "required": p.required,
                })).collect::<Vec<_>>(),
                "body": o.body.map(|b| json!({
                    "schema": b.schema,
                    "required": b.required,
                    "fields": b.fields,
                    "required_fields": b.required_fields,
                })),
                "paging": o.paging.map(|p| match p {
                    quay_sdk::ops::PagingInfo::NextPage { items } => json!({"style": "next_page", "items": items}),
                    quay_sdk::ops::PagingInfo::Page { items, more } => {
                        json!({"style": "page", "items": items, "more": more})
                    }
                    quay_sdk::ops::PagingInfo::Limit { items } => json!({"style": "limit", "items": items}),
                }),
            })
        })
        .collect();
    convert::to_py(py, &Value::Array(ops))
}

/// The stable error codes, as `(code, class, parent class, description)` tuples, parents first:
/// the table the exception classes of `quay_sdk._errors` follow.
#[pyfunction]
fn error_codes() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    quay_spec::errors::ERROR_CODES.iter().map(|c| (c.code, c.class, c.parent, c.description)).collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Awaitables run on the core's runtime too: one runtime, one set of pools per client.
    let _ = pyo3_async_runtimes::tokio::init_with_runtime(quay_bindings::runtime());
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<client::NativePager>()?;
    m.add_class::<fake::NativeFake>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    Ok(())
}
