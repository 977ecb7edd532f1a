//! Reads progenitor's generated AST: which builder each client method returns, the type each
//! builder setter converts to, and what `send()` yields.

use std::collections::BTreeMap;

use quote::ToTokens;

/// One request builder of the generated client.
#[derive(Debug, Default)]
pub struct Builder {
    /// Setter name -> target type, as a path usable outside the `builder` module.
    pub setters: BTreeMap<String, String>,
    /// The success type `T` of `send() -> Result<ResponseValue<T>, _>`.
    pub output: String,
}

/// What the dispatch generator needs to know of progenitor's output.
#[derive(Debug, Default)]
pub struct Model {
    /// Client method name (snake_case operationId) -> builder struct name.
    pub methods: BTreeMap<String, String>,
    /// Builder struct name -> its setters and output.
    pub builders: BTreeMap<String, Builder>,
    /// Struct name in `types` -> field name -> field type (qualified).
    pub structs: BTreeMap<String, BTreeMap<String, String>>,
}

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string().replace(' ', "")
}

/// Qualifies a type written inside `types` or `builder` so that it names the same type from
/// the crate's generated module.
fn qualify(ty: &str) -> String {
    let ty = ty.replace("super::", "");
    if ty.starts_with("::") || ty.starts_with("types::") || ty.starts_with("crate::") {
        return ty;
    }
    match ty.as_str() {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" | "bool"
        | "()" => ty,
        _ => format!("types::{ty}"),
    }
}

impl Model {
    /// Walks the generated file.
    pub fn read(file: &syn::File) -> Result<Model, String> {
        let mut model = Model::default();
        for item in &file.items {
            match item {
                syn::Item::Impl(imp) if tokens(&imp.self_ty) == "Client" && imp.trait_.is_none() => {
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it
                            && let syn::ReturnType::Type(_, ty) = &f.sig.output {
                                let ty = tokens(ty);
                                if let Some(rest) = ty.strip_prefix("builder::") {
                                    let name = rest.split('<').next().unwrap_or(rest).to_string();
                                    model.methods.insert(f.sig.ident.to_string(), name);
                                }
                            }
                    }
                }
                syn::Item::Mod(m) if m.ident == "builder" => model.read_builders(m)?,
                syn::Item::Mod(m) if m.ident == "types" => model.read_types(m),
                _ => {}
            }
        }
        if model.methods.is_empty() {
            return Err("no client methods found in progenitor's output".into());
        }
        Ok(model)
    }

    fn read_builders(&mut self, m: &syn::ItemMod) -> Result<(), String> {
        let Some((_, items)) = &m.content else { return Ok(()) };
        for item in items {
            let syn::Item::Impl(imp) = item else { continue };
            if imp.trait_.is_some() {
                continue;
            }
            let name = tokens(&imp.self_ty);
            let name = name.split('<').next().unwrap_or(&name).to_string();
            let mut builder = Builder::default();
            for it in &imp.items {
                let syn::ImplItem::Fn(f) = it else { continue };
                let fname = f.sig.ident.to_string();
                if fname == "send" {
                    builder.output = send_output(&f.sig)
                        .ok_or_else(|| format!("builder {name}: unexpected send() signature"))?;
                } else if let Some(ty) = try_into_target(&f.sig) {
                    builder.setters.insert(fname, qualify(&ty));
                }
            }
            self.builders.insert(name, builder);
        }
        Ok(())
    }

    fn read_types(&mut self, m: &syn::ItemMod) {
        let Some((_, items)) = &m.content else { return };
        for item in items {
            let syn::Item::Struct(s) = item else { continue };
            let syn::Fields::Named(fields) = &s.fields else { continue };
            let mut map = BTreeMap::new();
            for f in &fields.named {
                if let Some(id) = &f.ident {
                    let mut field = id.to_string();
                    // Honour `#[serde(rename = "...")]` so that JSON names map to Rust types.
                    for attr in &f.attrs {
                        let text = tokens(attr);
                        if let Some(start) = text.find("rename=\"") {
                            let rest = &text[start + 8..];
                            if let Some(end) = rest.find('"') {
                                field = rest[..end].to_string();
                            }
                        }
                    }
                    map.insert(field, qualify(&tokens(&f.ty)));
                }
            }
            self.structs.insert(s.ident.to_string(), map);
        }
    }
}

/// `where V: std::convert::TryInto<T>` -> `T`.
fn try_into_target(sig: &syn::Signature) -> Option<String> {
    let wc = sig.generics.where_clause.as_ref()?;
    for pred in &wc.predicates {
        let syn::WherePredicate::Type(pt) = pred else { continue };
        if tokens(&pt.bounded_ty) != "V" {
            continue;
        }
        for bound in &pt.bounds {
            let syn::TypeParamBound::Trait(tb) = bound else { continue };
            let last = tb.path.segments.last()?;
            if last.ident != "TryInto" {
                continue;
            }
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments
                && let Some(syn::GenericArgument::Type(t)) = args.args.first() {
                    return Some(tokens(t));
                }
        }
    }
    None
}

/// `-> Result<ResponseValue<T>, Error<E>>` -> `T`.
fn send_output(sig: &syn::Signature) -> Option<String> {
    let syn::ReturnType::Type(_, ty) = &sig.output else { return None };
    let text = tokens(ty);
    let start = text.find("ResponseValue<")? + "ResponseValue<".len();
    // Find the matching '>' for ResponseValue<...>.
    let mut depth = 1;
    for (i, c) in text[start..].char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return Some(qualify(&text[start..start + i]));
                }
            }
            _ => {}
        }
    }
    None
}
