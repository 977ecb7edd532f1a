//! `cargo xtask fidelity PATH`: compares the spec with a Quay discovery document (Swagger 2.0)
//! on every operation both have: method and path, query parameter names, required body fields
//! and enum values (the spec's enums may be a superset).

use std::collections::{BTreeMap, BTreeSet};

use quay_spec::{Location, Spec};
use serde_json::Value;

/// The discovery document of Quay that `cargo xtask check` compares the spec with, relative to
/// the workspace root (a copy of the project's shared reference, owned by the tests).
pub const DISCOVERY_PATH: &str = "tests/data/quay-discovery.json";

/// The second capture's discovery document (an instance with more features on), which
/// `cargo xtask check` compares the spec with too.
pub const DISCOVERY_2_PATH: &str = "tests/data/quay-discovery-2.json";

/// Request schema names that several Quay resources declare with different contents: the
/// discovery document keeps only one of them under the name, so for these operations the
/// required fields of the schema their own handler validates with (read from Quay's source)
/// stand in for the definition.
const SHARED_SCHEMA_NAMES: &[(&str, &str, &[&str])] = &[
    ("createAppToken", "NewToken", &["title"]),
    ("createOrganizationApplicationToken", "NewToken", &["name", "scope"]),
];

/// Runs the comparison and prints the result; fails on any disagreement (or a missing file).
pub fn run(path: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let discovery: Value = serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))?;
    let spec = Spec::embedded()?;
    let (compared, problems) = compare(&spec, &discovery);
    if problems.is_empty() {
        println!("fidelity: {compared} operations compared with {path}: no disagreement");
        Ok(())
    } else {
        Err(format!("fidelity: {} disagreement(s) over {compared} operations:\n  {}", problems.len(), problems.join("\n  ")))
    }
}

/// Compares the spec with the discovery document the fake serves with every feature on, which
/// it builds from the spec and its route table: every spec operation must be there (a spec
/// operation the fake does not serve is named), and agree.
pub fn run_fake() -> Result<(), String> {
    let discovery = quay_fake::discovery_document("http://127.0.0.1", &quay_fake::Features::all(), true);
    let spec = Spec::embedded()?;
    let (compared, mut problems) = compare(&spec, &discovery);
    // Discovery documents describe /api/v1 only: the registry's (/v2) operations are not there.
    let api = spec.operations.iter().filter(|o| !o.is_registry()).count();
    if compared != api {
        let listed: BTreeSet<&str> = discovery["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
            .filter_map(|op| op.get("operationId").and_then(Value::as_str))
            .collect();
        let missing: Vec<&str> =
            spec.operations.iter().filter(|o| !o.is_registry()).map(|o| o.id.as_str()).filter(|id| !listed.contains(id)).collect();
        problems.push(format!("the fake does not serve {} spec operation(s): {}", missing.len(), missing.join(", ")));
    }
    if problems.is_empty() {
        println!("fidelity: {compared} operations compared with the fake's discovery document: no disagreement");
        Ok(())
    } else {
        Err(format!("fidelity (fake): {} disagreement(s):\n  {}", problems.len(), problems.join("\n  ")))
    }
}

/// Query parameters a handler reads straight from `request.args` without declaring them, so
/// that the discovery document does not list them (quay-operations.tsv marks them `raw`).
const UNDECLARED_QUERY: &[(&str, &[&str])] = &[("listOrgMirrorRepositories", &["page", "limit", "status"])];

struct DiscoveryOp<'a> {
    method: String,
    path: String,
    op: &'a Value,
    shared_params: Option<&'a Value>,
}

/// Returns how many operations were compared and every disagreement.
pub fn compare(spec: &Spec, discovery: &Value) -> (usize, Vec<String>) {
    let mut by_id: BTreeMap<String, DiscoveryOp> = BTreeMap::new();
    if let Some(paths) = discovery.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else { continue };
            for (method, op) in item {
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    by_id.insert(
                        id.to_string(),
                        DiscoveryOp { method: method.to_uppercase(), path: path.clone(), op, shared_params: item.get("parameters") },
                    );
                }
            }
        }
    }
    let definitions = discovery.get("definitions").cloned().unwrap_or(Value::Null);
    let mut problems = Vec::new();
    let mut compared = 0;
    for op in &spec.operations {
        let Some(d) = by_id.get(&op.id) else { continue };
        compared += 1;
        let ours = op.path.replace("{namespace}/{repository}", "{repository}");
        if op.method != d.method || ours != d.path {
            problems.push(format!("{}: spec has {} {}, Quay has {} {}", op.id, op.method, ours, d.method, d.path));
        }
        let params: Vec<&Value> = d
            .shared_params
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(d.op.get("parameters").and_then(Value::as_array).into_iter().flatten())
            .collect();
        let undeclared = UNDECLARED_QUERY.iter().find(|(id, _)| *id == op.id).map(|(_, names)| *names).unwrap_or(&[]);
        let theirs_query: BTreeSet<&str> = params
            .iter()
            .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
            .filter_map(|p| p.get("name").and_then(Value::as_str))
            .filter(|name| !undeclared.contains(name))
            .collect();
        let ours_query: BTreeSet<&str> = op
            .params
            .iter()
            .filter(|p| p.location == Location::Query && !undeclared.contains(&p.name.as_str()))
            .map(|p| p.name.as_str())
            .collect();
        if theirs_query != ours_query {
            problems.push(format!("{}: query parameters differ: spec {:?}, Quay {:?}", op.id, ours_query, theirs_query));
        }
        let body_ref = params
            .iter()
            .find(|p| p.get("in").and_then(Value::as_str) == Some("body"))
            .and_then(|p| p.pointer("/schema/$ref"))
            .and_then(Value::as_str);
        match (body_ref, &op.body) {
            (None, None) => {}
            (Some(r), None) => problems.push(format!("{}: Quay takes a body ({r}), the spec declares none", op.id)),
            (None, Some(_)) => {}
            (Some(r), Some(body)) => {
                let name = quay_spec::ref_name(r);
                let shared = SHARED_SCHEMA_NAMES.iter().find(|(id, n, _)| *id == op.id && *n == name);
                let def = match shared {
                    Some((_, _, required)) => serde_json::json!({"required": required}),
                    None => definitions[name].clone(),
                };
                let def = &def;
                let schema = spec.schema(&body.schema_name).map(|s| serde_json::to_value(s).unwrap_or(Value::Null));
                compare_body(&op.id, def, schema.as_ref().unwrap_or(&Value::Null), spec, &mut problems);
            }
        }
    }
    (compared, problems)
}

fn compare_body(id: &str, theirs: &Value, ours: &Value, spec: &Spec, problems: &mut Vec<String>) {
    let set = |v: &Value, k: &str| -> BTreeSet<String> {
        v.get(k).and_then(Value::as_array).into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect()
    };
    let theirs_req = set(theirs, "required");
    let ours_req = set(ours, "required");
    if theirs_req != ours_req {
        problems.push(format!("{id}: required body fields differ: spec {ours_req:?}, Quay {theirs_req:?}"));
    }
    let Some(props) = theirs.get("properties").and_then(Value::as_object) else { return };
    for (name, prop) in props {
        let their_enum = set(prop, "enum");
        if their_enum.is_empty() {
            continue;
        }
        let our_prop = resolve(spec, &ours["properties"][name]);
        let our_enum = set(&our_prop, "enum");
        let missing: Vec<&String> = their_enum.difference(&our_enum).collect();
        if !missing.is_empty() {
            problems.push(format!("{id}: body field `{name}` lacks enum value(s) {missing:?}"));
        }
    }
}

/// Follows a `$ref` to the named component schema, as JSON.
fn resolve(spec: &Spec, v: &Value) -> Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => spec.schema(quay_spec::ref_name(r)).map(|s| serde_json::to_value(s).unwrap_or(Value::Null)).unwrap_or(Value::Null),
        None => v.clone(),
    }
}
