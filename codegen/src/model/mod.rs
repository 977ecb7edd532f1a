//! The shared type model of the spec: every named type (component schemas and the inline
//! objects they and the operations contain, named once here so that every language names them
//! alike), their fields with optionality and nullability, enums, the named string types with
//! their rules, and the operations with typed parameters, bodies, successes and paging.
//!
//! The Python and README generators read only this model; the Go, C, CLI-docs and Kotlin
//! generators are meant to read it too. [`Model::build`] derives it from a [`quay_spec::Spec`].

mod build;
pub mod names;

use std::collections::BTreeMap;

pub use quay_spec::{Location, Paging as PagingStyle};

/// The spec as every generator sees it.
#[derive(Debug, Clone)]
pub struct Model {
    /// Every named type, each after the inline types its fields name: the component schemas
    /// in document order, then the inline types the operations name, in operation order.
    pub types: Vec<NamedType>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
}

/// A type with a name of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedType {
    /// The type's name in every language (the component's name when it is an identifier).
    pub name: String,
    /// The component schema it comes from; `None` for an inline object named after its place.
    pub schema: Option<String>,
    /// The schema's description, trimmed.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// For a named string type with a pattern or an enum, the rule a value must follow.
    pub rule: Option<StringRule>,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known fields, in document order.
    Object(Vec<Field>),
    /// Another name for a type expression (a scalar, an enum, a list, a map, another name).
    Alias(TypeRef),
}

/// A type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// Any JSON value.
    Any,
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A floating-point number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// One of these texts.
    StringEnum(Vec<String>),
    /// One of these whole numbers.
    IntegerEnum(Vec<i64>),
    /// An array of items of one type.
    List(Box<TypeRef>),
    /// An object with arbitrary keys, every value of one type.
    Map(Box<TypeRef>),
    /// A named type of the model.
    Named(String),
    /// One of several types (`oneOf` / `anyOf`), as the spec lists them.
    Union(Vec<TypeRef>),
    /// The inner type, or null (`nullable: true`).
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The type without its `Nullable` wrapper, and whether it had one.
    pub fn non_null(&self) -> (&TypeRef, bool) {
        match self {
            TypeRef::Nullable(inner) => (inner, true),
            other => (other, false),
        }
    }
}

/// The rule of a named string type: a pattern, a set of values, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct StringRule {
    /// The regular expression a value must match.
    pub pattern: Option<String>,
    /// The values allowed (empty: any matching the pattern).
    pub values: Vec<String>,
    /// The rule in words (description, pattern, values), to explain a refused value.
    pub text: String,
}

/// A field of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// Its type (`Nullable` when Quay may send or take null).
    pub ty: TypeRef,
    /// Whether the key must be present.
    pub required: bool,
    /// The field's description, or the description of the named schema it references.
    pub doc: Option<String>,
    /// The named component schema whose rule its value follows (`$ref`, or `allOf` of one).
    pub schema: Option<String>,
    /// A Unix time Quay refuses unless it lies in the future (`x-quay-future: true`).
    pub future: bool,
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Quay's nickname (the operationId), e.g. `createOrgRobot`.
    pub id: String,
    /// The snake_case name (the Rust method and the Python method), e.g. `create_org_robot`.
    pub snake_name: String,
    /// The UpperCamelCase name, e.g. `CreateOrgRobot`, which inline types are named after.
    pub camel_name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// The chapter tag.
    pub tag: String,
    /// Short summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Path parameters (in path order), then query parameters.
    pub params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// Success statuses with the type each answers (`None`: no content).
    pub successes: Vec<(u16, Option<TypeRef>)>,
    /// How the operation pages, for paged lists.
    pub paging: Option<Paging>,
    /// Substrings of Quay's error message saying the object already exists (create operations).
    pub already_exists: Vec<String>,
    /// The success body's media type (`application/json`, or a `+json` type such as the OCI
    /// image index): what the request's `Accept` header asks for.
    pub media_type: String,
}

/// A path or query parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The spec's (Quay's) name, e.g. `onlyActiveTags`.
    pub name: String,
    /// The snake_case name, e.g. `only_active_tags`.
    pub snake_name: String,
    /// Path or query.
    pub location: Location,
    /// Whether it must be given.
    pub required: bool,
    /// The spec's description, as written.
    pub description: Option<String>,
    /// Its type.
    pub ty: TypeRef,
}

/// An operation's JSON request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The component schema's name in the spec.
    pub schema: String,
    /// The body type's name in the model.
    pub type_name: String,
    /// Whether a body must be sent.
    pub required: bool,
    /// The body type's fields, in document order.
    pub fields: Vec<Field>,
    /// The fields the body requires, as the schema lists them.
    pub required_fields: Vec<String>,
}

/// How a list operation pages, and the type of its items.
#[derive(Debug, Clone)]
pub struct Paging {
    /// The paging style, with the items (and "more") fields.
    pub style: PagingStyle,
    /// The type of one item (`Any` when the response does not say).
    pub item: TypeRef,
}

impl Paging {
    /// The query parameter the pager sets itself (`next_page`, `page` or `limit`).
    pub fn cursor_param(&self) -> &'static str {
        match self.style {
            PagingStyle::NextPage { .. } => "next_page",
            PagingStyle::Page { .. } => "page",
            PagingStyle::Limit { .. } => "limit",
        }
    }
}

impl Model {
    /// Derives the model from a parsed spec; fails naming a schema or operation it cannot name
    /// or type.
    pub fn build(spec: &quay_spec::Spec) -> Result<Model, String> {
        build::build(spec)
    }

    /// Parses the spec's YAML and derives the model.
    pub fn from_yaml(yaml: &str) -> Result<Model, String> {
        Model::build(&quay_spec::Spec::parse(yaml)?)
    }

    /// A named type by its model name.
    pub fn type_named(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Operations grouped by chapter tag, in tag order.
    pub fn by_tag(&self) -> BTreeMap<&str, Vec<&Operation>> {
        let mut map: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
        for op in &self.operations {
            map.entry(op.tag.as_str()).or_default().push(op);
        }
        map
    }

    /// The rules of the named string types, by component schema name.
    pub fn string_rules(&self) -> BTreeMap<String, String> {
        self.types
            .iter()
            .filter_map(|t| Some((t.schema.clone()?, t.rule.as_ref()?.text.clone())))
            .collect()
    }
}
