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
        if !op.path.starts_with("/api/v1/") {
            problems.push(format!("{at}: paths start with /api/v1/"));
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
                if resp.content.keys().any(|k| k != "application/json") {
                    problems.push(format!("{id}: response {code} must be application/json only"));
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
        let err = quay_codegen::generate(&yaml).err().expect("progenitor must refuse two success types");
        assert!(err.contains("getOrgRobot"), "{err}");
    }
}
