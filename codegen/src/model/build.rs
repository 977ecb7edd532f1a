//! Builds the [`Model`] from the spec: names every component and inline object (in the order
//! they are met: components in document order, then each operation's parameters, body and
//! successes) and types every field, parameter and success.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use quay_spec::{Spec, ref_name};

use super::names::{RESERVED_TYPE_NAMES, camel, is_identifier, trimmed, type_name};
use super::{Body, Field, Model, NamedType, Operation, Paging, Param, StringRule, TypeKind, TypeRef};

/// An object schema's properties, in document order, and the names it requires.
type Props<'a> = (Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>, &'a [String]);

struct Builder<'a> {
    spec: &'a Spec,
    /// Finished types, each after those its fields name.
    types: Vec<NamedType>,
    /// Every name given so far.
    taken: BTreeSet<String>,
    /// Component schema name -> type name.
    components: BTreeMap<String, String>,
}

/// See [`Model::build`].
pub(super) fn build(spec: &Spec) -> Result<Model, String> {
    let mut b = Builder { spec, types: Vec::new(), taken: BTreeSet::new(), components: BTreeMap::new() };
    let empty = Default::default();
    let schemas = spec.openapi.components.as_ref().map(|c| &c.schemas).unwrap_or(&empty);
    for name in schemas.keys() {
        let ty = type_name(name);
        if !is_identifier(&ty) || RESERVED_TYPE_NAMES.contains(&ty.as_str()) || !b.taken.insert(ty.clone()) {
            return Err(format!("component schema `{name}` cannot be a type name"));
        }
        b.components.insert(name.clone(), ty);
    }
    for (name, schema) in schemas {
        let ty = b.components[name].clone();
        match schema {
            ReferenceOr::Reference { reference } => {
                let target = b.component(ref_name(reference))?;
                b.types.push(NamedType {
                    name: ty,
                    schema: Some(name.clone()),
                    doc: None,
                    kind: TypeKind::Alias(TypeRef::Named(target)),
                    rule: None,
                });
            }
            ReferenceOr::Item(s) => b.define(name, &ty, s)?,
        }
    }
    let operations = spec.operations.iter().map(|op| b.operation(op)).collect::<Result<Vec<_>, _>>()?;
    Ok(Model { types: b.types, operations })
}

fn object_properties(s: &Schema) -> Option<Props<'_>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => Some((o.properties.iter().collect(), &o.required)),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some((a.properties.iter().collect(), &a.required)),
        _ => None,
    }
}

/// The rule of a string schema with a pattern or an enum.
fn string_rule(s: &Schema) -> Option<StringRule> {
    let SchemaKind::Type(Type::String(st)) = &s.schema_kind else { return None };
    if st.pattern.is_none() && st.enumeration.is_empty() {
        return None;
    }
    let values: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
    let mut text = s.schema_data.description.clone().unwrap_or_default();
    if let Some(p) = &st.pattern {
        text.push_str(&format!(" (pattern {p})"));
    }
    if !values.is_empty() {
        text.push_str(&format!(" (one of: {})", values.join(", ")));
    }
    Some(StringRule { pattern: st.pattern.clone(), values, text: text.trim().to_string() })
}

impl Builder<'_> {
    fn component(&self, name: &str) -> Result<String, String> {
        self.components.get(name).cloned().ok_or_else(|| format!("unknown schema `{name}`"))
    }

    /// Defines a component schema: an object type when it has properties, an alias otherwise.
    fn define(&mut self, schema: &str, name: &str, s: &Schema) -> Result<(), String> {
        let doc = trimmed(s.schema_data.description.as_deref());
        let kind = match object_properties(s) {
            Some(props) => TypeKind::Object(self.fields(name, props)?),
            None => TypeKind::Alias(self.schema_type(s, name)?),
        };
        let rule = string_rule(s);
        self.types.push(NamedType { name: name.to_string(), schema: Some(schema.to_string()), doc, kind, rule });
        Ok(())
    }

    fn fields(&mut self, owner: &str, (props, required): Props<'_>) -> Result<Vec<Field>, String> {
        let mut fields = Vec::new();
        for (prop, schema) in props {
            let ty = self.ref_type(schema, &format!("{owner}{}", camel(prop)))?;
            let doc = match schema {
                ReferenceOr::Item(s) => trimmed(s.schema_data.description.as_deref()),
                ReferenceOr::Reference { reference } => {
                    self.spec.schema(ref_name(reference)).and_then(|s| trimmed(s.schema_data.description.as_deref()))
                }
            };
            fields.push(Field {
                name: prop.clone(),
                ty,
                required: required.contains(prop),
                doc,
                schema: quay_spec::named_schema(schema),
                future: quay_spec::is_future(schema),
            });
        }
        Ok(fields)
    }

    /// A fresh type name for an inline object, after its place.
    fn fresh(&mut self, hint: &str) -> String {
        let base = type_name(hint);
        let mut name = base.clone();
        let mut n = 2;
        while RESERVED_TYPE_NAMES.contains(&name.as_str()) || !self.taken.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// Names an inline object after `hint` and defines it.
    fn inline_object(&mut self, s: &Schema, props: Props<'_>, hint: &str) -> Result<TypeRef, String> {
        let name = self.fresh(hint);
        let doc = trimmed(s.schema_data.description.as_deref());
        let fields = self.fields(&name, props)?;
        self.types.push(NamedType { name: name.clone(), schema: None, doc, kind: TypeKind::Object(fields), rule: None });
        Ok(TypeRef::Named(name))
    }

    fn ref_type<S: Borrow<Schema>>(&mut self, r: &ReferenceOr<S>, hint: &str) -> Result<TypeRef, String> {
        match r {
            ReferenceOr::Reference { reference } => Ok(TypeRef::Named(self.component(ref_name(reference))?)),
            ReferenceOr::Item(s) => self.schema_type(s.borrow(), hint),
        }
    }

    /// The type of an inline schema; inline objects with properties are named after `hint`.
    fn schema_type(&mut self, s: &Schema, hint: &str) -> Result<TypeRef, String> {
        let base = match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                let values: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() { TypeRef::String } else { TypeRef::StringEnum(values) }
            }
            SchemaKind::Type(Type::Integer(it)) => {
                let values: Vec<i64> = it.enumeration.iter().flatten().copied().collect();
                if values.is_empty() { TypeRef::Integer } else { TypeRef::IntegerEnum(values) }
            }
            SchemaKind::Type(Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(a)) => self.list(a.items.as_ref(), hint)?,
            SchemaKind::Type(Type::Object(o)) => match object_properties(s) {
                Some(props) => self.inline_object(s, props, hint)?,
                None => self.map(o.additional_properties.as_ref(), hint)?,
            },
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                let mut alts = Vec::new();
                for (i, alt) in list.iter().enumerate() {
                    alts.push(self.ref_type(alt, &format!("{hint}{}", i + 1))?);
                }
                TypeRef::Union(alts)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.ref_type(&all_of[0], hint)?,
            SchemaKind::Any(any) => {
                if let Some(props) = object_properties(s) {
                    self.inline_object(s, props, hint)?
                } else if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
                    self.map(any.additional_properties.as_ref(), hint)?
                } else if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()) {
                    TypeRef::StringEnum(any.enumeration.iter().filter_map(|v| v.as_str()).map(str::to_string).collect())
                } else {
                    match any.typ.as_deref() {
                        Some("string") => TypeRef::String,
                        Some("integer") => TypeRef::Integer,
                        Some("number") => TypeRef::Number,
                        Some("boolean") => TypeRef::Boolean,
                        Some("array") => self.list(any.items.as_ref(), hint)?,
                        _ => TypeRef::Any,
                    }
                }
            }
            _ => TypeRef::Any,
        };
        Ok(if s.schema_data.nullable { TypeRef::Nullable(Box::new(base)) } else { base })
    }

    fn list(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, hint: &str) -> Result<TypeRef, String> {
        Ok(TypeRef::List(Box::new(match items {
            Some(items) => self.ref_type(items, &format!("{hint}Item"))?,
            None => TypeRef::Any,
        })))
    }

    fn map(&mut self, ap: Option<&AdditionalProperties>, hint: &str) -> Result<TypeRef, String> {
        Ok(TypeRef::Map(Box::new(match ap {
            Some(AdditionalProperties::Schema(s)) => self.ref_type(s, &format!("{hint}Value"))?,
            _ => TypeRef::Any,
        })))
    }

    /// The fields of a named object type, through aliases of it.
    fn object_fields(&self, name: &str) -> Option<&[Field]> {
        match &self.types.iter().find(|t| t.name == name)?.kind {
            TypeKind::Object(fields) => Some(fields),
            TypeKind::Alias(TypeRef::Named(other)) => self.object_fields(other),
            TypeKind::Alias(_) => None,
        }
    }

    fn operation(&mut self, op: &quay_spec::Operation) -> Result<Operation, String> {
        let camel_name = camel(&op.id);
        let mut params = Vec::new();
        for p in &op.params {
            params.push(Param {
                name: p.name.clone(),
                snake_name: p.snake_name.clone(),
                location: p.location,
                required: p.required,
                description: p.description.clone(),
                ty: self.ref_type(&p.schema, &format!("{camel_name}{}", camel(&p.name)))?,
            });
        }
        let body = match &op.body {
            None => None,
            Some(b) => {
                let type_name = self.component(&b.schema_name).map_err(|e| format!("{}: {e}", op.id))?;
                Some(Body {
                    schema: b.schema_name.clone(),
                    fields: self.object_fields(&type_name).map(<[Field]>::to_vec).unwrap_or_default(),
                    type_name,
                    required: b.required,
                    required_fields: b.required_properties.clone(),
                })
            }
        };
        let mut successes = Vec::new();
        for (status, schema) in &op.successes {
            let ty = match schema {
                None => None,
                Some(s) => Some(self.ref_type(s, &format!("{camel_name}Response{status}"))?),
            };
            successes.push((*status, ty));
        }
        let paging = match &op.paging {
            None => None,
            Some(style) => Some(Paging { style: style.clone(), item: self.paged_item(op, style, &successes)? }),
        };
        Ok(Operation {
            id: op.id.clone(),
            snake_name: op.snake_name.clone(),
            camel_name,
            method: op.method.clone(),
            path: op.path.clone(),
            tag: op.tag.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            params,
            body,
            successes,
            paging,
            already_exists: op.already_exists.clone(),
            media_type: op.media_type.clone(),
        })
    }

    /// The type of one item of a paged list: the element type of the response's items field.
    fn paged_item(
        &self,
        op: &quay_spec::Operation,
        style: &quay_spec::Paging,
        successes: &[(u16, Option<TypeRef>)],
    ) -> Result<TypeRef, String> {
        let Some((_, Some(TypeRef::Named(response)))) = successes.iter().find(|(_, t)| t.is_some()) else {
            return Ok(TypeRef::Any);
        };
        let Some(fields) = self.object_fields(response) else { return Ok(TypeRef::Any) };
        let Some(items) = fields.iter().find(|f| f.name == style.items()) else {
            return Err(format!("{}: paging items field `{}` is not in the response", op.id, style.items()));
        };
        Ok(match items.ty.non_null().0 {
            TypeRef::List(item) => (**item).clone(),
            _ => TypeRef::Any,
        })
    }
}
