//! Spec lint: the conventions of `spec/README.md` that a machine can check.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr};
use quay_spec::Spec;

/// The operations the spec must describe (issue 3's list plus the two the recordings use).
pub const REQUIRED_OPERATIONS: &[&str] = &[
    // organization
    "createOrganization", "getOrganization", "changeOrganizationDetails", "deleteAdminedOrganization",
    "getOrganizationApplications", "getOrganizationMembers", "createOrganizationApplication",
    // prototype
    "getOrganizationPrototypePermissions", "createOrganizationPrototypePermission",
    "updateOrganizationPrototypePermission", "deleteOrganizationPrototypePermission",
    // repository
    "listRepos", "createRepo", "getRepo", "updateRepo", "deleteRepository", "changeRepoVisibility", "changeRepoState",
    // permission
    "listRepoUserPermissions", "getUserPermissions", "changeUserPermissions", "deleteUserPermissions",
    "listRepoTeamPermissions", "getTeamPermissions", "changeTeamPermissions", "deleteTeamPermissions",
    // mirror
    "getRepoMirrorConfig", "createRepoMirrorConfig", "changeRepoMirrorConfig", "syncNow", "syncCancel",
    // tag
    "listRepoTags", "changeTag", "deleteFullTag", "restoreTag",
    // team
    "updateOrganizationTeam", "deleteOrganizationTeam", "getOrganizationTeamMembers", "updateOrganizationTeamMember",
    "deleteOrganizationTeamMember", "getOrganizationTeamPermissions", "enableOrganizationTeamSync",
    "disableOrganizationTeamSync",
    // robot
    "getOrgRobots", "createOrgRobot", "getOrgRobot", "deleteOrgRobot", "regenerateOrgRobotToken", "getOrgRobotPermissions",
    // user
    "getLoggedInUser", "getUserInformation",
    // namespacequota
    "listOrganizationQuota", "getOrganizationQuota", "createOrganizationQuota", "changeOrganizationQuota",
    "deleteOrganizationQuota",
    // superuser
    "getConfigDump", "listAllUsers", "createInstallUser", "changeInstallUser", "deleteInstallUser", "listAllLogs",
    "listAllOrganizations", "changeOrganization", "deleteOrganization", "takeOwnership", "listServiceKeys",
    "createServiceKey", "getServiceKey", "updateServiceKey", "deleteServiceKey", "approveServiceKey",
    "listUserQuotaSuperUser", "createUserQuotaSuperUser", "changeUserQuotaSuperUser", "deleteUserQuotaSuperUser",
    "listOrganizationQuotaSuperUser", "createOrganizationQuotaSuperUser", "changeOrganizationQuotaSuperUser",
    "deleteOrganizationQuotaSuperUser", "getRepoBuildStatusSuperUser", "getRepoBuildSuperUser",
    "getRepoBuildLogsSuperUser", "getRegistrySize", "queueRegistrySizeCalculation",
    // build
    "requestRepoBuild",
];

/// The exchanges recorded from a real Quay, relative to the workspace root: every required
/// response field must show in each of their success bodies (see [`lint_response_fields`]).
pub const RECORDINGS_PATH: &str = "tests/data/quay-exchanges.jsonl";

/// Every recording file the response-field check reads (the first capture, then the second
/// one: the repository chapters and the namespace chapters beyond the first 86 operations).
pub const RECORDINGS_PATHS: &[&str] =
    &[RECORDINGS_PATH, "tests/data/quay-exchanges-2-repos.jsonl", "tests/data/quay-exchanges-2-namespaces.jsonl"];

/// Returns every problem found (empty when the spec is clean).
pub fn lint(yaml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let raw: serde_json::Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => return vec![format!("not YAML: {e}")],
    };
    if raw.get("openapi").and_then(|v| v.as_str()) != Some("3.0.3") {
        problems.push("`openapi` must be \"3.0.3\"".to_string());
    }
    let spec = match Spec::parse(yaml) {
        Ok(s) => s,
        Err(e) => return vec![e],
    };
    let mut ids = BTreeSet::new();
    for op in &spec.operations {
        let at = format!("{} ({} {})", op.id, op.method, op.path);
        if !ids.insert(op.id.clone()) {
            problems.push(format!("{at}: duplicate operationId"));
        }
        if op.tags.len() != 1 {
            problems.push(format!("{at}: needs exactly one tag (its chapter), has {}", op.tags.len()));
        }
        if op.summary.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{at}: no summary"));
        }
        if op.description.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{at}: no description"));
        }
        if !op.path.starts_with("/api/v1/") && !op.is_registry() {
            problems.push(format!("{at}: paths start with /api/v1/ (or /v2/ for the registry API)"));
        }
        if op.path.contains("{repository}") && !op.path.contains("{namespace}/{repository}") {
            problems.push(format!("{at}: write a repository as {{namespace}}/{{repository}}"));
        }
        if op.response_keys.iter().any(|k| k == "default") {
            problems.push(format!("{at}: `default` response (declare 4XX and 5XX instead)"));
        }
        for k in ["4XX", "5XX"] {
            if !op.response_keys.iter().any(|r| r == k) {
                problems.push(format!("{at}: no {k} response"));
            }
        }
        if op.successes.is_empty() {
            problems.push(format!("{at}: no success response"));
        }
        let schemas: BTreeSet<String> = op
            .successes
            .iter()
            .map(|(_, s)| serde_json::to_string(s).unwrap_or_default())
            .collect();
        if schemas.len() > 1 {
            problems.push(format!(
                "{at}: success responses declare {} different schemas (one operation, one success schema)",
                schemas.len()
            ));
        }
    }
    for missing in REQUIRED_OPERATIONS.iter().filter(|id| !ids.contains(**id)) {
        problems.push(format!("{missing}: required operation missing from the spec"));
    }
    problems.extend(lint_media_types(&spec.openapi));
    problems.extend(lint_clearable_fields(&spec));
    problems.extend(lint_enums(&raw));
    problems.extend(lint_tags(&raw));
    problems.extend(lint_operation_features(&raw));
    let mut recordings = String::new();
    for path in RECORDINGS_PATHS {
        match std::fs::read_to_string(crate::workspace_root().join(path)) {
            Ok(text) => {
                recordings.push_str(&text);
                recordings.push('\n');
            }
            Err(e) => problems.push(format!("cannot read the recordings {path}: {e}")),
        }
    }
    problems.extend(lint_response_fields(&raw, &recordings));
    problems
}

/// The chapters (top-level `tags`): each a name and a one-sentence description, and nothing
/// else (a comma in an unquoted flow mapping, `{name: x, description: a, b}`, cuts the
/// description short and makes a stray key of the rest), every operation's tag declared.
fn lint_tags(raw: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut declared = BTreeSet::new();
    for tag in raw.get("tags").and_then(|t| t.as_array()).map(Vec::as_slice).unwrap_or_default() {
        let name = tag.get("name").and_then(|n| n.as_str()).unwrap_or("?");
        declared.insert(name.to_string());
        let keys = tag.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        for key in keys.iter().filter(|k| !["name", "description"].contains(&k.as_str()) && !k.starts_with("x-")) {
            problems.push(format!("tag {name}: unexpected key `{key}` (quote a description that holds a comma)"));
        }
        match tag.get("description").and_then(|d| d.as_str()) {
            Some(d) if d.ends_with('.') => {}
            Some(d) => problems.push(format!("tag {name}: the description {d:?} is not a sentence ending with a period")),
            None => problems.push(format!("tag {name}: no description")),
        }
    }
    for (path, item) in raw.get("paths").and_then(|p| p.as_object()).into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            for tag in op.get("tags").and_then(|t| t.as_array()).into_iter().flatten().filter_map(|t| t.as_str()) {
                if !declared.contains(tag) {
                    problems.push(format!("{} {path}: tag {tag} is not declared under `tags`", method.to_uppercase()));
                }
            }
        }
    }
    problems
}

fn lint_media_types(openapi: &OpenAPI) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, item) in openapi.paths.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
            if let Some(ReferenceOr::Item(body)) = &op.request_body
                && body.content.keys().any(|k| k != "application/json") {
                    problems.push(format!("{id}: request bodies are application/json only"));
                }
            for (code, resp) in op.responses.responses.iter() {
                let ReferenceOr::Item(resp) = resp else { continue };
                let errors = !matches!(code, openapiv3::StatusCode::Code(200..=299));
                let json_only = |k: &String| if errors { k == "application/json" } else { quay_spec::is_json_media_type(k) };
                if !resp.content.keys().all(json_only) || resp.content.len() > 1 {
                    problems.push(format!(
                        "{id}: response {code} must be one JSON media type (application/json, or application/...+json on success)"
                    ));
                }
            }
        }
    }
    problems
}

/// An optional *and* nullable body field needs a hand-written body type (typify maps absent and
/// null to one `Option`, so null could never be sent): its schema must be in
/// `quay_codegen::REPLACED_BODIES`.
fn lint_clearable_fields(spec: &Spec) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for op in &spec.operations {
        let Some(body) = &op.body else { continue };
        if !seen.insert(body.schema_name.clone()) {
            continue;
        }
        let replaced = quay_codegen::REPLACED_BODIES.iter().any(|(name, _)| *name == body.schema_name);
        let Some(schema) = spec.schema(&body.schema_name) else { continue };
        let json = serde_json::to_value(schema).unwrap_or_default();
        let Some(props) = json.get("properties").and_then(|p| p.as_object()) else { continue };
        for (name, prop) in props {
            let nullable = prop.get("nullable") == Some(&serde_json::Value::Bool(true));
            if nullable && !body.required_properties.contains(name) && !replaced {
                problems.push(format!(
                    "{}: body field `{}.{name}` is optional and nullable; add {} to quay_codegen::REPLACED_BODIES with a type in quay_sdk::body",
                    op.id, body.schema_name, body.schema_name
                ));
            }
        }
    }
    problems
}

/// Enum values must give distinct Rust variant names (typify's UpperCamelCase).
fn lint_enums(raw: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut stack = vec![("".to_string(), raw)];
    while let Some((at, v)) = stack.pop() {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Array(values)) = m.get("enum") {
                    let mut names: BTreeMap<String, String> = BTreeMap::new();
                    for value in values.iter().filter_map(|v| v.as_str()) {
                        let name = heck::ToUpperCamelCase::to_upper_camel_case(value).to_lowercase();
                        if let Some(prev) = names.insert(name, value.to_string()) {
                            problems.push(format!("{at}: enum values `{prev}` and `{value}` map to one Rust name"));
                        }
                    }
                }
                for (k, child) in m {
                    stack.push((format!("{at}/{k}"), child));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((format!("{at}/{i}"), child));
                }
            }
            _ => {}
        }
    }
    problems
}

/// A JSON object, as the response-field rules walk them.
type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Response fields against Quay: a field is required only when every Quay that serves the
/// operation sends it.
///
/// - A property marked `x-quay-feature` (sent only when that Quay feature flag is on) must not
///   be required; the extension names the flag without `FEATURE_` (a string, or a list when
///   Quay tests several flags).
/// - Every required property of an object schema reached from a success response must be
///   present wherever that schema occurs in the recorded success bodies (`recordings`: one
///   exchange a line, as in [`RECORDINGS_PATH`]), and must be seen there at least once, unless
///   it carries `x-quay-always: "<why Quay's source always sends it>"`.
///
/// `raw` is the whole spec as JSON. Problems name the schema and the field.
pub fn lint_response_fields(raw: &serde_json::Value, recordings: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let walker = Walker { schemas: raw.pointer("/components/schemas").and_then(|v| v.as_object()) };
    let successes = success_schemas(raw);

    // Every object schema a success response reaches, with its markers checked.
    let mut checked: BTreeMap<String, CheckedSchema> = BTreeMap::new();
    let mut seen_labels = BTreeSet::new();
    for ((op, status), schema) in &successes {
        walker.reach(schema, format!("{op} {status} response"), &mut seen_labels, &mut |label, obj| {
            check_markers(label, obj, &mut problems, &mut checked);
        });
    }

    // Presence of each required field in the recorded success bodies.
    let mut tally: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for (n, line) in recordings.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let ex: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{RECORDINGS_PATH}:{}: not JSON: {e}", n + 1));
                continue;
            }
        };
        let status = ex["status"].as_u64().unwrap_or(0);
        let op = ex["operationId"].as_str().unwrap_or_default();
        let Some(schema) = successes.get(&(op.to_string(), status.to_string())) else { continue };
        let id = ex["id"].as_str().map(str::to_string).unwrap_or_else(|| format!("line {}", n + 1));
        walker.visit(schema, format!("{op} {status} response"), &ex["response_body"], &mut |label, obj, body| {
            for key in obj.get("required").and_then(|r| r.as_array()).into_iter().flatten().filter_map(|k| k.as_str()) {
                let t = tally.entry((label.to_string(), key.to_string())).or_default();
                if body.contains_key(key) {
                    t.present += 1;
                } else {
                    t.missing += 1;
                    t.ops.insert(op.to_string());
                    t.first_missing.get_or_insert_with(|| id.clone());
                }
            }
        });
    }

    for (label, c) in &checked {
        for key in &c.required {
            let t = tally.get(&(label.clone(), key.clone())).cloned().unwrap_or_default();
            if t.missing > 0 {
                problems.push(format!(
                    "`{label}` requires `{key}`, but {} recorded success bodies of {} lack it (first: {}); \
                     make it optional (Quay does not always send it)",
                    t.missing,
                    t.ops.iter().cloned().collect::<Vec<_>>().join(", "),
                    t.first_missing.unwrap_or_default()
                ));
            } else if t.present == 0 && !c.always.contains(key) {
                problems.push(format!(
                    "`{label}` requires `{key}`, which no recorded success body shows; make it optional, \
                     or mark it `x-quay-always: \"<why Quay's source always sends it>\"`"
                ));
            }
        }
    }
    problems
}

/// An operation that Quay serves only with a feature flag on carries `x-quay-feature` too.
fn lint_operation_features(raw: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    for item in raw["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        for op in item.as_object().into_iter().flat_map(|m| m.values()) {
            let (Some(id), Some(feature)) = (op.get("operationId").and_then(|v| v.as_str()), op.get("x-quay-feature")) else {
                continue;
            };
            if !valid_feature(feature) {
                problems.push(format!(
                    "{id}: x-quay-feature must name Quay feature flags without FEATURE_ (e.g. REPO_MIRROR, or a list of them), not {feature}"
                ));
            }
        }
    }
    problems
}

/// A reached object schema's required keys and those marked `x-quay-always`.
#[derive(Default)]
struct CheckedSchema {
    required: Vec<String>,
    always: BTreeSet<String>,
}

/// How often a required key was present and missing in the recordings.
#[derive(Default, Clone)]
struct Tally {
    present: usize,
    missing: usize,
    ops: BTreeSet<String>,
    first_missing: Option<String>,
}

/// Success schemas by (operationId, status code).
fn success_schemas(raw: &serde_json::Value) -> BTreeMap<(String, String), serde_json::Value> {
    let mut out = BTreeMap::new();
    for item in raw["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        for op in item.as_object().into_iter().flat_map(|m| m.values()) {
            let Some(id) = op.get("operationId").and_then(|v| v.as_str()) else { continue };
            for (code, resp) in op.get("responses").and_then(|r| r.as_object()).into_iter().flatten() {
                if code.len() != 3 || !code.starts_with('2') || !code.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                if let Some(schema) = resp.pointer("/content/application~1json/schema") {
                    out.insert((id.to_string(), code.clone()), schema.clone());
                }
            }
        }
    }
    out
}

/// Rule (a) and the well-formedness of the markers on one object schema's properties.
fn check_markers(
    label: &str,
    obj: &JsonObject,
    problems: &mut Vec<String>,
    checked: &mut BTreeMap<String, CheckedSchema>,
) {
    let required: Vec<String> =
        obj.get("required").and_then(|r| r.as_array()).into_iter().flatten().filter_map(|k| k.as_str()).map(str::to_string).collect();
    let mut always = BTreeSet::new();
    for (name, prop) in obj.get("properties").and_then(|p| p.as_object()).into_iter().flatten() {
        let is_required = required.contains(name);
        if let Some(feature) = prop.get("x-quay-feature") {
            if !valid_feature(feature) {
                problems.push(format!(
                    "`{label}.{name}`: x-quay-feature must name Quay feature flags without FEATURE_ \
                     (e.g. IMMUTABLE_TAGS, or a list of them), not {feature}"
                ));
            }
            if is_required {
                problems.push(format!(
                    "`{label}.{name}` is sent only with Quay's {} flag on (x-quay-feature) and must not be required",
                    feature_text(feature)
                ));
            }
        }
        if let Some(reason) = prop.get("x-quay-always") {
            if reason.as_str().is_none_or(|r| r.trim().is_empty()) {
                problems.push(format!("`{label}.{name}`: x-quay-always must be a reason from Quay's source"));
            }
            if !is_required {
                problems.push(format!("`{label}.{name}`: x-quay-always marks a field that is not required"));
            }
            if prop.get("x-quay-feature").is_some() {
                problems.push(format!("`{label}.{name}`: a field cannot be both x-quay-always and x-quay-feature"));
            }
            always.insert(name.clone());
        }
    }
    if !required.is_empty() {
        checked.insert(label.to_string(), CheckedSchema { required, always });
    }
}

fn valid_feature(v: &serde_json::Value) -> bool {
    let name = |s: &str| {
        !s.starts_with("FEATURE_")
            && s.starts_with(|c: char| c.is_ascii_uppercase())
            && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    match v {
        serde_json::Value::String(s) => name(s),
        serde_json::Value::Array(items) => !items.is_empty() && items.iter().all(|i| i.as_str().is_some_and(name)),
        _ => false,
    }
}

fn feature_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Array(items) => items.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>().join(" + "),
        other => other.as_str().map(str::to_string).unwrap_or_else(|| other.to_string()),
    }
}

/// Walks response schemas (resolving `$ref` and `allOf`; `anyOf`/`oneOf` are not used in
/// responses and not followed). Named component schemas are labelled by their name, inline
/// objects by their place (`Parent.field`, `[]` for array items, `{}` for map values).
struct Walker<'a> {
    schemas: Option<&'a JsonObject>,
}

impl Walker<'_> {
    /// The schema behind a `$ref` (with its component name as label), or the schema itself.
    fn resolve<'s>(&'s self, schema: &'s serde_json::Value, label: String) -> Option<(&'s serde_json::Value, String)> {
        match schema.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => {
                let name = r.strip_prefix("#/components/schemas/")?;
                Some((self.schemas?.get(name)?, name.to_string()))
            }
            None => Some((schema, label)),
        }
    }

    /// Calls `f` once for every object schema (with properties) reachable from `schema`.
    fn reach(
        &self,
        schema: &serde_json::Value,
        label: String,
        seen: &mut BTreeSet<String>,
        f: &mut dyn FnMut(&str, &JsonObject),
    ) {
        let Some((schema, label)) = self.resolve(schema, label) else { return };
        if !seen.insert(label.clone()) {
            return;
        }
        let Some(obj) = schema.as_object() else { return };
        for part in obj.get("allOf").and_then(|a| a.as_array()).into_iter().flatten() {
            self.reach(part, label.clone(), seen, f);
        }
        if obj.contains_key("properties") || obj.contains_key("required") {
            f(&label, obj);
        }
        for (name, prop) in obj.get("properties").and_then(|p| p.as_object()).into_iter().flatten() {
            self.reach(prop, format!("{label}.{name}"), seen, f);
        }
        if let Some(items) = obj.get("items") {
            self.reach(items, format!("{label}[]"), seen, f);
        }
        if let Some(values) = obj.get("additionalProperties").filter(|v| v.is_object()) {
            self.reach(values, format!("{label}{{}}"), seen, f);
        }
    }

    /// Calls `f` for every object of `value` that an object schema of `schema` describes.
    fn visit(
        &self,
        schema: &serde_json::Value,
        label: String,
        value: &serde_json::Value,
        f: &mut dyn FnMut(&str, &JsonObject, &JsonObject),
    ) {
        let Some((schema, label)) = self.resolve(schema, label) else { return };
        let Some(obj) = schema.as_object() else { return };
        for part in obj.get("allOf").and_then(|a| a.as_array()).into_iter().flatten() {
            self.visit(part, label.clone(), value, f);
        }
        match value {
            serde_json::Value::Object(body) => {
                if obj.contains_key("properties") || obj.contains_key("required") {
                    f(&label, obj, body);
                }
                let props = obj.get("properties").and_then(|p| p.as_object());
                for (name, prop) in props.into_iter().flatten() {
                    if let Some(v) = body.get(name) {
                        self.visit(prop, format!("{label}.{name}"), v, f);
                    }
                }
                if let Some(values) = obj.get("additionalProperties").filter(|v| v.is_object()) {
                    for (k, v) in body {
                        if !props.is_some_and(|p| p.contains_key(k)) {
                            self.visit(values, format!("{label}{{}}"), v, f);
                        }
                    }
                }
            }
            serde_json::Value::Array(items) => {
                if let Some(item_schema) = obj.get("items") {
                    for v in items {
                        self.visit(item_schema, format!("{label}[]"), v, f);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the real spec in which `op` answers 200 and 201 with different schemas.
    fn with_two_success_schemas(op: &str) -> String {
        let mut raw: serde_json::Value = serde_yaml::from_str(quay_spec::SPEC_YAML).unwrap();
        let paths = raw["paths"].as_object_mut().unwrap();
        for item in paths.values_mut() {
            for method in ["get", "put", "post", "delete"] {
                let Some(o) = item.get_mut(method) else { continue };
                if o["operationId"] == op {
                    let responses = o["responses"].as_object_mut().unwrap();
                    responses.insert("200".into(), serde_json::json!({"description": "a", "content": {"application/json": {"schema": {"type": "string"}}}}));
                    responses.insert("201".into(), serde_json::json!({"description": "b", "content": {"application/json": {"schema": {"type": "integer"}}}}));
                }
            }
        }
        serde_yaml::to_string(&raw).unwrap()
    }

    #[test]
    fn the_real_spec_is_clean() {
        assert_eq!(lint(quay_spec::SPEC_YAML), Vec::<String>::new());
    }

    #[test]
    fn a_tag_description_cut_by_a_comma_is_caught() {
        let yaml = quay_spec::SPEC_YAML.replace(
            "  - {name: tag, description: Tags.}",
            "  - {name: tag, description: Tags, their history and expirations.}",
        );
        assert_ne!(yaml, quay_spec::SPEC_YAML);
        let raw: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
        let problems = lint_tags(&raw);
        assert!(problems.iter().any(|p| p.contains("tag tag: unexpected key `their history and expirations.`")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("tag tag: the description \"Tags\" is not a sentence")), "{problems:?}");
    }

    #[test]
    fn two_success_schemas_fail_the_check_naming_the_operation() {
        let yaml = with_two_success_schemas("getOrgRobot");
        let err = crate::check_spec(&yaml).unwrap_err();
        assert!(err.contains("getOrgRobot") && err.contains("success"), "{err}");
    }

    #[test]
    fn an_optional_nullable_body_field_needs_a_replaced_body() {
        let yaml = quay_spec::SPEC_YAML.replace(
            "      required: [role]\n      properties:\n        role: {$ref: '#/components/schemas/RepositoryRole'}\n    TeamPermission:",
            "      required: [role]\n      properties:\n        role: {$ref: '#/components/schemas/RepositoryRole'}\n        note: {type: string, nullable: true}\n    TeamPermission:",
        );
        assert_ne!(yaml, quay_spec::SPEC_YAML, "the test must change the spec");
        let problems = lint(&yaml);
        assert!(problems.iter().any(|p| p.contains("UserPermission.note")), "{problems:?}");
    }

    #[test]
    fn generation_blames_the_operation_progenitor_rejects() {
        // Past the lint, progenitor itself asserts one response type; the check names the operation.
        let yaml = with_two_success_schemas("getOrgRobot");
        let err = quay_codegen::rust::generate(&yaml).err().expect("progenitor must refuse two success types");
        assert!(err.contains("getOrgRobot"), "{err}");
    }

    /// A spec with one operation answering `Tag` objects (the fixture of the field rules).
    const FIELDS_FIXTURE: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/v1/tags:
    get:
      operationId: listTags
      responses:
        '200':
          description: tags
          content:
            application/json:
              schema:
                type: object
                required: [tags]
                properties:
                  tags:
                    type: array
                    items: {$ref: '#/components/schemas/Tag'}
components:
  schemas:
    Tag:
      type: object
      required: [name, size]
      properties:
        name: {type: string}
        size: {type: integer}
        immutable: {type: boolean, x-quay-feature: IMMUTABLE_TAGS}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      required: [login]
      properties:
        login: {type: string}
"#;

    fn fields(yaml: &str, recordings: &str) -> Vec<String> {
        let raw: serde_json::Value = serde_yaml::from_str(yaml).unwrap();
        lint_response_fields(&raw, recordings)
    }

    fn recording(id: &str, body: serde_json::Value) -> String {
        serde_json::json!({"id": id, "operationId": "listTags", "status": 200, "response_body": body}).to_string()
    }

    /// The fixture with `Owner.login` vouched for by Quay's source.
    fn with_owner_always(yaml: &str) -> String {
        let out = yaml.replace("login: {type: string}", "login: {type: string, x-quay-always: 'owner_view always sets it.'}");
        assert_ne!(out, yaml, "the test must change the fixture");
        out
    }

    #[test]
    fn the_fields_fixture_is_clean_when_every_required_field_shows() {
        let ok = recording("t/1", serde_json::json!({"tags": [{"name": "v1", "size": 3, "owner": {"login": "a"}}]}));
        assert_eq!(fields(FIELDS_FIXTURE, &ok), Vec::<String>::new());
    }

    #[test]
    fn a_feature_gated_field_must_not_be_required() {
        let yaml = FIELDS_FIXTURE.replace("required: [name, size]", "required: [name, size, immutable]");
        let ok = recording("t/1", serde_json::json!({"tags": [{"name": "v1", "size": 3, "immutable": false, "owner": {"login": "a"}}]}));
        let problems = fields(&yaml, &ok);
        assert!(
            problems.iter().any(|p| p.contains("`Tag.immutable`") && p.contains("IMMUTABLE_TAGS") && p.contains("must not be required")),
            "{problems:?}"
        );
        // The same rule holds on the real spec: make `immutable` of RepositoryTag required again.
        let real = quay_spec::SPEC_YAML.replace(
            "      required: [name, reversion, manifest_digest, is_manifest_list, size]\n",
            "      required: [name, reversion, immutable, manifest_digest, is_manifest_list, size]\n",
        );
        assert_ne!(real, quay_spec::SPEC_YAML, "the test must change the spec");
        let problems = lint(&real);
        assert!(problems.iter().any(|p| p.contains("`RepositoryTag.immutable`") && p.contains("must not be required")), "{problems:?}");
    }

    #[test]
    fn a_required_field_missing_from_a_recorded_body_fails() {
        let recs = [
            recording("t/1", serde_json::json!({"tags": [{"name": "v1", "size": 3, "owner": {"login": "a"}}]})),
            recording("t/2", serde_json::json!({"tags": [{"name": "v2", "owner": {"login": "b"}}]})),
        ]
        .join("\n");
        let problems = fields(FIELDS_FIXTURE, &recs);
        assert!(
            problems.iter().any(|p| p.contains("`Tag` requires `size`") && p.contains("listTags") && p.contains("t/2")),
            "{problems:?}"
        );
        // x-quay-always does not excuse a field that a real Quay left out.
        let yaml = FIELDS_FIXTURE.replace("size: {type: integer}", "size: {type: integer, x-quay-always: 'tag_dict sets it.'}");
        assert!(fields(&yaml, &recs).iter().any(|p| p.contains("`Tag` requires `size`")));
    }

    #[test]
    fn a_required_field_never_recorded_needs_x_quay_always() {
        let no_owner = recording("t/1", serde_json::json!({"tags": [{"name": "v1", "size": 3}]}));
        let problems = fields(FIELDS_FIXTURE, &no_owner);
        assert!(
            problems.iter().any(|p| p.contains("`Owner` requires `login`") && p.contains("no recorded success body")),
            "{problems:?}"
        );
        assert_eq!(fields(&with_owner_always(FIELDS_FIXTURE), &no_owner), Vec::<String>::new());
        // The marker needs a reason, on a required field.
        let empty = FIELDS_FIXTURE.replace("login: {type: string}", "login: {type: string, x-quay-always: ''}");
        assert!(fields(&empty, &no_owner).iter().any(|p| p.contains("`Owner.login`: x-quay-always must be a reason")));
        let optional = with_owner_always(FIELDS_FIXTURE).replace("required: [login]", "required: []");
        assert!(fields(&optional, &no_owner).iter().any(|p| p.contains("`Owner.login`: x-quay-always marks a field that is not required")));
    }

    #[test]
    fn feature_names_are_checked() {
        let ok = recording("t/1", serde_json::json!({"tags": [{"name": "v1", "size": 3, "owner": {"login": "a"}}]}));
        let yaml = FIELDS_FIXTURE.replace("x-quay-feature: IMMUTABLE_TAGS", "x-quay-feature: FEATURE_IMMUTABLE_TAGS");
        assert!(fields(&yaml, &ok).iter().any(|p| p.contains("`Tag.immutable`: x-quay-feature must name")), "{yaml}");
        let yaml = FIELDS_FIXTURE.replace("x-quay-feature: IMMUTABLE_TAGS", "x-quay-feature: [QUOTA_MANAGEMENT, EDIT_QUOTA]");
        assert_eq!(fields(&yaml, &ok), Vec::<String>::new());
    }
}
