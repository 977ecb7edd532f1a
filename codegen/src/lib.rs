//! Code generation for `quay-sdk`: runs progenitor on the spec, then reads progenitor's own
//! output to derive, with no per-operation hand-written code:
//! - a dispatch table that calls any operation by its operationId with JSON arguments
//!   (the single entry point used by the Python, C, Go and CLI surfaces);
//! - a `call()` method on every request builder that returns `quay_sdk::Result<T>`;
//! - a lazy typed `stream()` on every paged request builder.

mod ast;
mod dispatch;
mod polish;

use std::panic::{AssertUnwindSafe, catch_unwind};

use quay_spec::Spec;

/// The generated Rust source.
pub struct Generated {
    /// progenitor's client (types, builders, `Client`).
    pub client: String,
    /// The dispatch table, `call()` and `stream()` extensions.
    pub extras: String,
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
        .with_inner_type(quote::quote!(crate::runtime::Runtime))
        .with_hooks(progenitor::HooksMode::Expected)
        .with_derive("PartialEq");
    for (schema, rust) in REPLACED_BODIES {
        settings.with_replacement(schema, rust, std::iter::empty());
    }
    settings
}

/// Runs progenitor on a spec. A panic inside progenitor is caught and, where possible,
/// blamed on the operation that causes it.
pub fn generate(spec_yaml: &str) -> Result<Generated, String> {
    let spec = Spec::parse(spec_yaml)?;
    let tokens = match run_progenitor(&spec.openapi) {
        Ok(t) => t,
        Err(msg) => return Err(blame(&spec, &msg)),
    };
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced unparsable code: {e}"))?;
    let types = string_types(&spec);
    let model = ast::Model::read(&file)?;
    polish::polish(&mut file, &types);
    let client = prettyplease::unparse(&file);
    let mut extras = dispatch::render(&spec, &model, &types)?;
    extras.push_str(&polish::impls(&types));
    let extras_file: syn::File =
        syn::parse_str(&extras).map_err(|e| format!("generated dispatch code does not parse: {e}"))?;
    Ok(Generated { client, extras: prettyplease::unparse(&extras_file) })
}

/// The spec's named string schemas with a rule (a pattern or an enum): name -> the rule in
/// words (description, pattern, values), to explain a refused value.
fn string_types(spec: &Spec) -> polish::StringTypes {
    let mut out = polish::StringTypes::new();
    let Some(components) = &spec.openapi.components else { return out };
    for (name, schema) in &components.schemas {
        let openapiv3::ReferenceOr::Item(schema) = schema else { continue };
        let openapiv3::SchemaKind::Type(openapiv3::Type::String(st)) = &schema.schema_kind else { continue };
        if st.pattern.is_none() && st.enumeration.is_empty() {
            continue;
        }
        let mut rule = schema.schema_data.description.clone().unwrap_or_default();
        if let Some(p) = &st.pattern {
            rule.push_str(&format!(" (pattern {p})"));
        }
        if !st.enumeration.is_empty() {
            let values: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
            rule.push_str(&format!(" (one of: {})", values.join(", ")));
        }
        out.insert(name.clone(), rule.trim().to_string());
    }
    out
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
        if let Err(e) = run_progenitor(&single) {
            culprits.push(format!("{} ({} {}): {e}", op.id, op.method, op.path));
        }
    }
    if culprits.is_empty() {
        msg.to_string()
    } else {
        format!("code generation fails for operation {}", culprits.join("; "))
    }
}
