//! The Rust surface, generated at build time into `quay-sdk`'s OUT_DIR: runs progenitor on the
//! spec, then reads progenitor's own output to derive, with no per-operation hand-written code:
//! - the operation table and a dispatch that calls any operation by its operationId with JSON
//!   arguments (the single entry point used by the Python, C, Go and CLI surfaces);
//! - a `call()` method on every request builder that returns `quay_sdk::Result<T>`;
//! - a lazy typed `stream()` on every paged request builder.

mod ast;
mod builders;
mod dispatch;
mod polish;
mod table;

use std::panic::{AssertUnwindSafe, catch_unwind};

use quay_spec::Spec;

use crate::model::Model;

/// The generated Rust source, the two files `quay-sdk/build.rs` writes into OUT_DIR.
pub struct Generated {
    /// progenitor's client (types, builders, `Client`): `client.rs`.
    pub client: String,
    /// The operation table, the dispatch by operationId, `call()` and `stream()`: `dispatch.rs`.
    pub dispatch: String,
}

/// Body schemas with an optional *and* nullable field, where absent ("leave it") and null
/// ("clear it") differ: typify maps both to one `Option`, so `quay_sdk::body` defines them.
pub const REPLACED_BODIES: &[(&str, &str)] = &[
    ("ChangeTag", "crate::body::ChangeTag"),
    ("PutServiceKey", "crate::body::PutServiceKey"),
    ("UpdateOrg", "crate::body::UpdateOrg"),
    ("UpdateMirrorConfig", "crate::body::UpdateMirrorConfig"),
];

/// progenitor's settings for this SDK: builder interface, one merged client, and hooks that the
/// SDK implements (auth, retries, error normalisation) on an inner runtime type.
fn settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote::quote!(crate::hooks::Hooks))
        .with_hooks(progenitor::HooksMode::Expected)
        .with_derive("PartialEq");
    for (schema, rust) in REPLACED_BODIES {
        settings.with_replacement(schema, rust, std::iter::empty());
    }
    settings
}

/// Runs progenitor on a spec and derives the dispatch code. A panic inside progenitor is
/// caught and, where possible, blamed on the operation that causes it.
pub fn generate(spec_yaml: &str) -> Result<Generated, String> {
    let spec = Spec::parse(spec_yaml)?;
    let tokens = match run_progenitor(&json_as_json(&spec.openapi)) {
        Ok(t) => t,
        Err(msg) => return Err(blame(&spec, &msg)),
    };
    let model = Model::build(&spec)?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced unparsable code: {e}"))?;
    let rules = model.string_rules();
    let ast = ast::Model::read(&file)?;
    polish::polish(&mut file, &rules);
    let client = prettyplease::unparse(&file);
    let mut dispatch = dispatch::render(&model, &ast, &rules)?;
    dispatch.push_str(&polish::impls(&rules));
    let dispatch_file: syn::File =
        syn::parse_str(&dispatch).map_err(|e| format!("generated dispatch code does not parse: {e}"))?;
    Ok(Generated { client, dispatch: prettyplease::unparse(&dispatch_file) })
}

/// progenitor decodes a success body only when its media type is exactly `application/json`
/// (any other becomes a raw byte stream): the other JSON media types of the spec (`+json`, such
/// as the OCI image index) are given to it as `application/json`, so that it decodes them into
/// their schema's type. The SDK asks for the real media type (`OperationInfo::media_type`).
fn json_as_json(openapi: &openapiv3::OpenAPI) -> openapiv3::OpenAPI {
    let mut openapi = openapi.clone();
    for item in openapi.paths.paths.values_mut() {
        let openapiv3::ReferenceOr::Item(item) = item else { continue };
        let slots = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for op in slots.into_iter().flatten() {
            for response in op.responses.responses.values_mut() {
                let openapiv3::ReferenceOr::Item(response) = response else { continue };
                let renamed: Vec<String> = response
                    .content
                    .keys()
                    .filter(|k| *k != "application/json" && quay_spec::is_json_media_type(k))
                    .cloned()
                    .collect();
                for key in renamed {
                    if let Some(media) = response.content.shift_remove(&key) {
                        response.content.insert("application/json".to_string(), media);
                    }
                }
            }
        }
    }
    openapi
}

fn run_progenitor(openapi: &openapiv3::OpenAPI) -> Result<proc_macro2::TokenStream, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::new(&settings());
        generator.generate_tokens(openapi)
    }));
    std::panic::set_hook(previous);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("progenitor: {e}")),
        Err(panic) => Err(format!("progenitor panicked: {}", panic_text(&panic))),
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
/// Finds the operations that make progenitor fail by generating each one alone.
fn blame(spec: &Spec, msg: &str) -> String {
    let mut culprits = Vec::new();
    for op in &spec.operations {
        let mut single = spec.openapi.clone();
        for (path, item) in single.paths.paths.iter_mut() {
            if let openapiv3::ReferenceOr::Item(item) = item {
                let keep = |m: &str| path == &op.path && m == op.method.to_lowercase();
                for (m, slot) in [
                    ("get", &mut item.get),
                    ("put", &mut item.put),
                    ("post", &mut item.post),
                    ("delete", &mut item.delete),
                    ("patch", &mut item.patch),
                    ("head", &mut item.head),
                    ("options", &mut item.options),
                    ("trace", &mut item.trace),
                ] {
                    if !keep(m) {
                        *slot = None;
                    }
                }
            }
        }
        if let Err(e) = run_progenitor(&json_as_json(&single)) {
            culprits.push(format!("{} ({} {}): {e}", op.id, op.method, op.path));
        }
    }
    if culprits.is_empty() {
        msg.to_string()
    } else {
        format!("code generation fails for operation {}", culprits.join("; "))
    }
}
