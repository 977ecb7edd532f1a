//! Rewrites of progenitor's output that make the generated builders read as the SDK is used:
//! - documentation shows `.call()` (the SDK's entry point), and progenitor's raw `send()` is
//!   hidden from the docs;
//! - setters of optional text fields take what a user naturally writes (`"acme"`, a `String`,
//!   `Some(..)`), and setters of the spec's named string types (`Namespace`, `Visibility`, ...)
//!   take text too, refusing a bad value with a message naming the setter, the value and the
//!   rule, through the `quay_sdk::IntoField` conversions that [`impls`] generates.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::visit_mut::VisitMut;

/// The named string schemas of the spec: name -> rule text (description, pattern, values).
pub type StringTypes = BTreeMap<String, String>;

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string().replace(' ', "")
}

/// The conversion a setter's `T: TryInto<Target>` bound asks for, when the SDK takes over.
enum Target {
    /// `Option<String>`.
    OptionalText,
    /// A named string type (`Namespace`, ...), optional or not.
    Named { name: String, optional: bool },
}

fn target(bound: &str, types: &StringTypes) -> Option<Target> {
    let inner = bound.strip_prefix("::std::convert::TryInto<").or_else(|| bound.strip_prefix("std::convert::TryInto<"))?;
    let inner = inner.strip_suffix('>')?;
    if inner == "::std::option::Option<::std::string::String>" {
        return Some(Target::OptionalText);
    }
    let (inner, optional) = match inner.strip_prefix("::std::option::Option<").and_then(|i| i.strip_suffix('>')) {
        Some(i) => (i, true),
        None => (inner, false),
    };
    let name = inner.strip_prefix("super::").or_else(|| inner.strip_prefix("types::"))?;
    types.contains_key(name).then(|| Target::Named { name: name.to_string(), optional })
}

struct Polish<'a> {
    types: &'a StringTypes,
}

impl Polish<'_> {
    /// Rewrites a setter `fn f<T>(mut self, value: T) -> Self where T: TryInto<X> ...` whose
    /// target the SDK converts itself.
    fn setter(&self, f: &mut syn::ImplItemFn) {
        let Some(generic) = f.sig.generics.type_params().next().map(|p| p.ident.clone()) else { return };
        let Some(clause) = &f.sig.generics.where_clause else { return };
        let Some(bound) = clause.predicates.iter().find_map(|p| match p {
            syn::WherePredicate::Type(t) if generic == tokens(&t.bounded_ty) => {
                t.bounds.first().map(tokens)
            }
            _ => None,
        }) else {
            return;
        };
        let Some(target) = target(&bound, self.types) else { return };
        let field = f.sig.ident.to_string();
        let target_ty: syn::Type = match &target {
            Target::OptionalText => syn::parse_quote!(::std::option::Option<::std::string::String>),
            Target::Named { name, optional: false } => {
                let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
                syn::parse_quote!(crate::generated::types::#ident)
            }
            Target::Named { name, optional: true } => {
                let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
                syn::parse_quote!(::std::option::Option<crate::generated::types::#ident>)
            }
        };
        f.sig.generics.where_clause = Some(syn::parse_quote!(where #generic: crate::IntoField<#target_ty>));
        // The field the setter assigns: `self.<field> = value.try_into()...; self`.
        let Some(syn::Stmt::Expr(syn::Expr::Assign(assign), _)) = f.block.stmts.first() else { return };
        let lhs = assign.left.clone();
        let message = format!("`{field}` {{e}}");
        // Optional query parameters store `Some(value)`: keep progenitor's `.map(Some)`.
        let wraps = tokens(&assign.right).contains(".map(Some)");
        f.block = if wraps {
            syn::parse_quote!({
                #lhs = crate::IntoField::into_field(value).map(Some).map_err(|e| format!(#message));
                self
            })
        } else {
            syn::parse_quote!({
                #lhs = crate::IntoField::into_field(value).map_err(|e| format!(#message));
                self
            })
        };
    }
}

impl VisitMut for Polish<'_> {
    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        if f.sig.ident == "send" && f.sig.asyncness.is_some() {
            f.attrs.retain(|a| !a.path().is_ident("doc"));
            f.attrs.push(syn::parse_quote!(#[doc(hidden)]));
        }
        for attr in &mut f.attrs {
            rewrite_doc(attr);
        }
        if f.sig.inputs.len() == 2 && f.sig.ident != "body_map" && f.sig.generics.where_clause.is_some() {
            self.setter(f);
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, f);
    }
}

/// `.send()` in progenitor's doc examples becomes `.call()`.
fn rewrite_doc(attr: &mut syn::Attribute) {
    if !attr.path().is_ident("doc") {
        return;
    }
    if let syn::Meta::NameValue(nv) = &mut attr.meta
        && let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value
        && s.value().contains(".send()")
    {
        let text = s.value().replace(".send()", ".call()");
        nv.value = syn::parse_quote!(#text);
    }
}

/// Applies the rewrites to progenitor's file.
pub fn polish(file: &mut syn::File, types: &StringTypes) {
    Polish { types }.visit_file_mut(file);
}

/// The `IntoField` conversions for every named string type: from the type itself, from text,
/// and (for optional fields) from `Option`s of those.
pub fn impls(types: &StringTypes) -> String {
    let mut out = String::new();
    for (name, rule) in types {
        let rule = format!("{rule:?}");
        out.push_str(&format!(
            "impl crate::IntoField<types::{name}> for types::{name} {{\n\
             fn into_field(self) -> Result<types::{name}, String> {{ Ok(self) }}\n}}\n\
             impl crate::IntoField<types::{name}> for &str {{\n\
             fn into_field(self) -> Result<types::{name}, String> {{\n\
             types::{name}::try_from(self).map_err(|_| format!(\"{{:?}} is not a valid {name}: {{}}\", self, {rule}))\n}}\n}}\n\
             impl crate::IntoField<types::{name}> for String {{\n\
             fn into_field(self) -> Result<types::{name}, String> {{ crate::IntoField::<types::{name}>::into_field(self.as_str()) }}\n}}\n\
             impl crate::IntoField<types::{name}> for &String {{\n\
             fn into_field(self) -> Result<types::{name}, String> {{ crate::IntoField::<types::{name}>::into_field(self.as_str()) }}\n}}\n\
             impl<T: crate::IntoField<types::{name}>> crate::IntoField<Option<types::{name}>> for T {{\n\
             fn into_field(self) -> Result<Option<types::{name}>, String> {{ self.into_field().map(Some) }}\n}}\n\
             impl crate::IntoField<Option<types::{name}>> for Option<types::{name}> {{\n\
             fn into_field(self) -> Result<Option<types::{name}>, String> {{ Ok(self) }}\n}}\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_docs_teach_call_and_setters_take_text() {
        let generated = crate::rust::generate(quay_spec::SPEC_YAML).expect("the spec generates");
        assert!(!generated.client.contains(".send()"), "progenitor's doc examples now show .call()");
        assert!(generated.client.contains(".call()"));
        // `send` stays callable but out of the docs.
        assert!(generated.client.contains("#[doc(hidden)]\n        pub async fn send("), "send() is hidden from the docs");
        // Optional text and named string types go through IntoField.
        assert!(generated.client.contains("T: crate::IntoField<::std::option::Option<::std::string::String>>"));
        assert!(generated.client.contains("crate::IntoField<crate::generated::types::Namespace>"));
        assert!(generated.dispatch.contains("impl crate::IntoField<types::Namespace> for &str"));
    }
}
