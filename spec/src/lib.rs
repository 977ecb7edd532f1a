//! The Quay spec's home: embeds the hand-curated OpenAPI document (`quay.yaml`) and parses it
//! into a small model of its operations, which the generators, the lint and the SDK read.
//!
//! Everything derived from the spec (the SDK's generated client and dispatch table, the
//! Python, C and Go surfaces, the CLI, the README table, the lint and fidelity checks) reads
//! it through [`Spec`], so that they agree on names, parameters, bodies and paging.

pub mod errors;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Parameter, ReferenceOr, Schema};

/// The spec's text, embedded at compile time.
pub const SPEC_YAML: &str = include_str!("../quay.yaml");

/// Path of the spec file relative to the workspace root.
pub const SPEC_PATH: &str = "spec/quay.yaml";

/// A parsed spec with its operations in document order.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The parsed OpenAPI document.
    pub openapi: OpenAPI,
    /// Every operation, in the order the document lists them.
    pub operations: Vec<Operation>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// A query-string parameter.
    Query,
}

/// One path or query parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name as written in the spec (Quay's name, e.g. `onlyActiveTags`).
    pub name: String,
    /// The snake_case name: the generated builder's setter and the bindings' argument name.
    pub snake_name: String,
    /// Path or query.
    pub location: Location,
    /// Whether the caller must give it.
    pub required: bool,
    /// Description from the spec, if any.
    pub description: Option<String>,
    /// The parameter's schema (possibly a reference).
    pub schema: ReferenceOr<Schema>,
}

/// The JSON request body of an operation.
#[derive(Debug, Clone)]
pub struct Body {
    /// Name of the referenced component schema.
    pub schema_name: String,
    /// Whether the operation requires a body.
    pub required: bool,
    /// Property names of the body schema, in document order.
    pub properties: Vec<String>,
    /// Properties the body schema requires.
    pub required_properties: Vec<String>,
    /// For properties whose schema is a named component (directly, or through `allOf` of one
    /// reference): property name -> that schema's name (e.g. `name` -> `Namespace`), so that a
    /// refused value can be explained with the schema's rule.
    pub property_schemas: Vec<(String, String)>,
    /// Properties holding a Unix time that Quay refuses unless it lies in the future (marked
    /// `x-quay-future: true`), so that the SDK refuses a past one before sending.
    pub future_properties: Vec<String>,
}

/// Whether a property schema carries `x-quay-future: true`.
pub fn is_future(schema: &ReferenceOr<Box<Schema>>) -> bool {
    match schema {
        ReferenceOr::Item(s) => s.schema_data.extensions.get("x-quay-future").and_then(serde_json::Value::as_bool) == Some(true),
        ReferenceOr::Reference { .. } => false,
    }
}

/// The component a property schema names: a `$ref`, or an `allOf`/`oneOf`/`anyOf` holding one.
pub fn named_schema(schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    match schema {
        ReferenceOr::Reference { reference } => Some(ref_name(reference).to_string()),
        ReferenceOr::Item(s) => match &s.schema_kind {
            openapiv3::SchemaKind::AllOf { all_of: list }
            | openapiv3::SchemaKind::OneOf { one_of: list }
            | openapiv3::SchemaKind::AnyOf { any_of: list } => list.iter().find_map(|r| match r {
                ReferenceOr::Reference { reference } => Some(ref_name(reference).to_string()),
                ReferenceOr::Item(_) => None,
            }),
            _ => None,
        },
    }
}

/// How a list operation pages (from the `x-quay-paging` extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paging {
    /// Opaque `next_page` tokens; stop when absent or repeated.
    NextPage {
        /// The array field holding a page's items.
        items: String,
    },
    /// Numbered pages from 1; `more` names the boolean "there is another page" field.
    Page {
        /// The array field holding a page's items.
        items: String,
        /// The boolean field that says another page follows.
        more: String,
    },
    /// A newest-first listing cut at its `limit` query parameter, with no cursor (builds):
    /// streamed by asking again with a larger limit.
    Limit {
        /// The array field holding a page's items.
        items: String,
    },
}

impl Paging {
    /// The array field that holds a page's items.
    pub fn items(&self) -> &str {
        match self {
            Paging::NextPage { items } | Paging::Page { items, .. } | Paging::Limit { items } => items,
        }
    }
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Quay's nickname, e.g. `createOrgRobot`.
    pub id: String,
    /// The snake_case name, e.g. `create_org_robot`: the Rust method and the Python method.
    pub snake_name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template, e.g. `/api/v1/organization/{orgname}/robots/{robot_shortname}`.
    pub path: String,
    /// The chapter tag (first tag).
    pub tag: String,
    /// Every tag listed.
    pub tags: Vec<String>,
    /// Short summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Path parameters first (in path order), then query parameters.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Success status codes with the schema each declares (None: no content).
    pub successes: Vec<(u16, Option<ReferenceOr<Schema>>)>,
    /// Every response key as written (e.g. `201`, `4XX`, `default`).
    pub response_keys: Vec<String>,
    /// The success body's media type: `application/json`, or another JSON media type
    /// (`application/...+json`, e.g. the OCI image index of getReferrers).
    pub media_type: String,
    /// Paging style, for paged list operations.
    pub paging: Option<Paging>,
    /// For create operations, the texts of Quay's error message when the object already
    /// exists (the `x-quay-already-exists` extension: a list of substrings, matched
    /// case-insensitively against the error's detail).
    pub already_exists: Vec<String>,
}

/// The snake_case form of an operationId or parameter name, as progenitor names them.
pub fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name)
}

impl Spec {
    /// Parses the embedded spec.
    pub fn embedded() -> Result<Spec, String> {
        Spec::parse(SPEC_YAML)
    }

    /// Parses a spec from YAML text.
    pub fn parse(yaml: &str) -> Result<Spec, String> {
        let openapi: OpenAPI =
            serde_yaml::from_str(yaml).map_err(|e| format!("spec is not valid OpenAPI 3: {e}"))?;
        let mut operations = Vec::new();
        for (path, item) in openapi.paths.paths.iter() {
            let item = item
                .as_item()
                .ok_or_else(|| format!("path {path}: references are not supported"))?;
            for (method, op) in item.iter() {
                operations.push(Self::operation(&openapi, path, method, &item.parameters, op)?);
            }
        }
        Ok(Spec { openapi, operations })
    }

    fn operation(
        openapi: &OpenAPI,
        path: &str,
        method: &str,
        shared: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
    ) -> Result<Operation, String> {
        let id = op
            .operation_id
            .clone()
            .ok_or_else(|| format!("{} {path}: operation without operationId", method.to_uppercase()))?;
        let mut params = Vec::new();
        for p in shared.iter().chain(op.parameters.iter()) {
            let p = resolve_param(openapi, p).ok_or_else(|| format!("{id}: unresolved parameter"))?;
            let (data, location) = match p {
                Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
                Parameter::Query { parameter_data, .. } => (parameter_data, Location::Query),
                _ => return Err(format!("{id}: only path and query parameters are supported")),
            };
            let schema = match &data.format {
                openapiv3::ParameterSchemaOrContent::Schema(s) => s.clone(),
                _ => return Err(format!("{id}: parameter {} needs a schema", data.name)),
            };
            params.push(Param {
                snake_name: snake(&data.name),
                name: data.name.clone(),
                location,
                required: data.required,
                description: data.description.clone(),
                schema,
            });
        }
        // Path parameters in the order they appear in the path, then query parameters.
        let pos = |p: &Param| match p.location {
            Location::Path => path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX),
            Location::Query => usize::MAX,
        };
        params.sort_by_key(|p| (p.location == Location::Query, pos(p)));

        let body = match &op.request_body {
            None => None,
            Some(rb) => {
                let rb = match rb {
                    ReferenceOr::Item(rb) => rb,
                    ReferenceOr::Reference { .. } => {
                        return Err(format!("{id}: request body references are not supported"));
                    }
                };
                let media = rb
                    .content
                    .get("application/json")
                    .ok_or_else(|| format!("{id}: request body must be application/json"))?;
                let schema_name = match &media.schema {
                    Some(ReferenceOr::Reference { reference }) => ref_name(reference).to_string(),
                    _ => return Err(format!("{id}: request body must $ref a named schema")),
                };
                let schema = component(openapi, &schema_name)
                    .ok_or_else(|| format!("{id}: unknown body schema {schema_name}"))?;
                let (properties, required_properties, property_schemas, future_properties) = match &schema.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => (
                        o.properties.keys().cloned().collect(),
                        o.required.clone(),
                        o.properties.iter().filter_map(|(k, v)| named_schema(v).map(|n| (k.clone(), n))).collect(),
                        o.properties.iter().filter(|(_, v)| is_future(v)).map(|(k, _)| k.clone()).collect(),
                    ),
                    _ => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
                };
                Some(Body { schema_name, required: rb.required, properties, required_properties, property_schemas, future_properties })
            }
        };

        let mut successes = Vec::new();
        let mut response_keys = Vec::new();
        let mut media_type = "application/json".to_string();
        if op.responses.default.is_some() {
            response_keys.push("default".to_string());
        }
        for (code, resp) in op.responses.responses.iter() {
            response_keys.push(code.to_string());
            if let openapiv3::StatusCode::Code(c) = code
                && (200..300).contains(c) {
                    let resp = match resp {
                        ReferenceOr::Item(r) => r,
                        ReferenceOr::Reference { .. } => {
                            return Err(format!("{id}: success responses must be inline"));
                        }
                    };
                    let json = resp.content.iter().find(|(k, _)| is_json_media_type(k));
                    if let Some((k, _)) = json {
                        media_type = k.clone();
                    }
                    successes.push((*c, json.and_then(|(_, m)| m.schema.clone())));
                }
        }

        let paging = match op.extensions.get("x-quay-paging") {
            None => None,
            Some(v) => Some(parse_paging(v).map_err(|e| format!("{id}: x-quay-paging: {e}"))?),
        };

        let already_exists = match op.extensions.get("x-quay-already-exists") {
            None => Vec::new(),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().filter(|s| !s.is_empty()).map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("{id}: x-quay-already-exists must be a list of non-empty strings"))?,
            Some(_) => return Err(format!("{id}: x-quay-already-exists must be a list of strings")),
        };

        Ok(Operation {
            snake_name: snake(&id),
            id,
            method: method.to_uppercase(),
            path: path.to_string(),
            tag: op.tags.first().cloned().unwrap_or_default(),
            tags: op.tags.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            params,
            body,
            successes,
            response_keys,
            media_type,
            paging,
            already_exists,
        })
    }

    /// Looks an operation up by its operationId.
    pub fn operation_by_id(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// Operations grouped by chapter tag, in tag order.
    pub fn by_tag(&self) -> BTreeMap<&str, Vec<&Operation>> {
        let mut map: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
        for op in &self.operations {
            map.entry(op.tag.as_str()).or_default().push(op);
        }
        map
    }

    /// A named component schema.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        component(&self.openapi, name)
    }

    /// The spec as a JSON value (for JSON-Schema validation of bodies).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.openapi).expect("an OpenAPI document serialises")
    }
}

/// Whether a media type carries JSON: `application/json` or a structured `application/...+json`
/// type (RFC 6839), such as the OCI image index `application/vnd.oci.image.index.v1+json`.
pub fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl Operation {
    /// Whether this is a registry (`/v2`) operation, authenticated with a registry bearer token
    /// from `/v2/auth` rather than the API's OAuth token.
    pub fn is_registry(&self) -> bool {
        self.path.starts_with("/v2/")
    }
}

/// The last segment of a `#/components/...` reference.
pub fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

fn component<'a>(openapi: &'a OpenAPI, name: &str) -> Option<&'a Schema> {
    match openapi.components.as_ref()?.schemas.get(name)? {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => component(openapi, ref_name(reference)),
    }
}

fn resolve_param<'a>(openapi: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            match openapi.components.as_ref()?.parameters.get(ref_name(reference))? {
                ReferenceOr::Item(p) => Some(p),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn parse_paging(v: &serde_json::Value) -> Result<Paging, String> {
    let field = |k: &str| {
        v.get(k)
            .and_then(|s| s.as_str())
            .map(str::to_string)
            .ok_or_else(|| format!("missing `{k}`"))
    };
    match field("style")?.as_str() {
        "next_page" => Ok(Paging::NextPage { items: field("items")? }),
        "page" => Ok(Paging::Page { items: field("items")?, more: field("more")? }),
        "limit" => Ok(Paging::Limit { items: field("items")? }),
        other => Err(format!("unknown style `{other}`")),
    }
}
