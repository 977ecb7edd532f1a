//! The operation table generated from the spec: what every binding needs to expose an
//! operation (its id, parameters, body fields and paging) without per-operation code.

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// A query-string parameter.
    Query,
}

/// A path or query parameter.
#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    /// The spec's (Quay's) name, e.g. `onlyActiveTags`.
    pub name: &'static str,
    /// The snake_case name, e.g. `only_active_tags`: the builder's setter and the keyword
    /// argument of the bindings.
    pub snake_name: &'static str,
    /// Path or query.
    pub location: Location,
    /// Whether it must be given.
    pub required: bool,
    /// The spec's description.
    pub description: Option<&'static str>,
}

/// A JSON request body.
#[derive(Debug, Clone, Copy)]
pub struct BodyInfo {
    /// The body schema's name in the spec.
    pub schema: &'static str,
    /// Whether a body must be sent.
    pub required: bool,
    /// The body's fields (they may be passed flat, beside the parameters).
    pub fields: &'static [&'static str],
    /// The fields the body requires.
    pub required_fields: &'static [&'static str],
    /// Fields whose values follow a named rule of the spec: field -> schema name (e.g.
    /// `name` -> `Namespace`).
    pub field_schemas: &'static [(&'static str, &'static str)],
    /// Fields holding a Unix time that Quay refuses unless it is in the future (an
    /// expiration): the SDK refuses a past one before sending.
    pub future_fields: &'static [&'static str],
}

/// How a list operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingInfo {
    /// Opaque `next_page` tokens.
    NextPage {
        /// The array field holding the items.
        items: &'static str,
    },
    /// Numbered pages with a "more" flag.
    Page {
        /// The array field holding the items.
        items: &'static str,
        /// The boolean field saying another page follows.
        more: &'static str,
    },
    /// A newest-first listing cut at a `limit`, with no cursor (builds).
    Limit {
        /// The array field holding the items.
        items: &'static str,
    },
}

impl PagingInfo {
    /// The array field holding the items.
    pub fn items(&self) -> &'static str {
        match self {
            PagingInfo::NextPage { items } | PagingInfo::Page { items, .. } | PagingInfo::Limit { items } => items,
        }
    }
}

/// One operation of the spec.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// Quay's nickname (the operationId).
    pub id: &'static str,
    /// The snake_case name, e.g. `create_org_robot`: the Rust method and the Python method.
    pub snake_name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// The chapter.
    pub tag: &'static str,
    /// Short summary.
    pub summary: Option<&'static str>,
    /// Description.
    pub description: Option<&'static str>,
    /// Path parameters, then query parameters.
    pub params: &'static [ParamInfo],
    /// The JSON body, if any.
    pub body: Option<BodyInfo>,
    /// Paging, for paged lists.
    pub paging: Option<PagingInfo>,
    /// For create operations: substrings of Quay's error message saying the object already
    /// exists (see [`crate::ApiErrorKind::AlreadyExists`]).
    pub already_exists: &'static [&'static str],
    /// The success body's media type: `application/json`, or another JSON media type (the OCI
    /// image index of getReferrers), which the request's `Accept` header asks for.
    pub media_type: &'static str,
}

impl OperationInfo {
    /// Whether this is a registry (`/v2`) operation, authenticated with a registry bearer token
    /// that the SDK obtains from `/v2/auth` rather than with the API's OAuth token.
    pub fn is_registry(&self) -> bool {
        self.path.starts_with("/v2/")
    }
}

/// Every operation of the spec.
pub fn operations() -> &'static [OperationInfo] {
    crate::generated::OPERATIONS
}

/// Finds an operation by its operationId or its snake_case name.
pub fn operation(name: &str) -> Option<&'static OperationInfo> {
    operations().iter().find(|o| o.id == name || o.snake_name == name)
}
