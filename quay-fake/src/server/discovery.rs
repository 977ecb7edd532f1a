//! The discovery document (`GET /api/v1/discovery`), built as Quay builds its own: Swagger
//! 2.0, one path item per resource, the operations this fake serves under its feature
//! switches (their nicknames as `operationId`), their path, query and body parameters, and the
//! request-body schemas under `definitions`. The operations, parameters and schemas come from
//! the SDK's spec (`spec/quay.yaml`), so that the fidelity check can run against the fake too.

use super::routes::ROUTES;
use crate::api::common::{Req, ok};
use crate::http::ApiResult;
use crate::model::{Features, State};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| quay_spec::Spec::embedded().map(|s| s.to_json()).unwrap_or(Value::Null))
}

/// An OpenAPI 3 schema as a self-contained Swagger 2.0 schema: references inlined, `nullable`
/// and extensions dropped.
fn swagger_schema(v: &Value, schemas: &Value, depth: usize) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                let target = &schemas[quay_spec::ref_name(r)];
                return if depth > 16 { json!({"type": "object"}) } else { swagger_schema(target, schemas, depth + 1) };
            }
            if let Some([only]) = m.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
                let mut inner = swagger_schema(only, schemas, depth + 1);
                if let (Some(d), Value::Object(o)) = (m.get("description"), &mut inner) {
                    o.insert("description".into(), d.clone());
                }
                return inner;
            }
            let out: Map<String, Value> = m
                .iter()
                .filter(|(k, _)| !k.starts_with("x-") && k.as_str() != "nullable")
                .map(|(k, x)| (k.clone(), swagger_schema(x, schemas, depth)))
                .collect();
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| swagger_schema(x, schemas, depth)).collect()),
        other => other.clone(),
    }
}

fn swagger_param(p: &Value, schemas: &Value) -> Value {
    let schema = swagger_schema(&p["schema"], schemas, 0);
    let mut out = json!({
        "name": p["name"],
        "in": p["in"],
        "required": p["required"].as_bool().unwrap_or(false),
        "description": p["description"].as_str().unwrap_or(""),
        "type": schema.get("type").cloned().unwrap_or(json!("string")),
    });
    if let Some(e) = schema.get("enum") {
        out["enum"] = e.clone();
    }
    out
}

/// Whether the fake serves `op` under `features`.
fn served(op: &str, features: &Features) -> bool {
    ROUTES.iter().any(|r| r.op == op && r.gate.is_none_or(|g| g(features)))
}

/// The discovery document of a fake at `base` with `features`; with `internal`, the
/// operations Quay marks internal (`x-quay-internal` in the spec) are listed too.
pub fn document(base: &str, features: &Features, internal: bool) -> Value {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let mut paths = Map::new();
    let mut definitions = Map::new();
    let mut tags = std::collections::BTreeSet::new();
    // Quay's discovery document describes /api/v1 only (not the registry's /v2).
    for (path, item) in spec["paths"].as_object().into_iter().flatten().filter(|(p, _)| p.starts_with("/api/")) {
        let shared: Vec<Value> = item["parameters"].as_array().into_iter().flatten().map(|p| swagger_param(p, schemas)).collect();
        let mut out = Map::new();
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else { continue };
            if !served(id, features) || (!internal && op.get("x-quay-internal").and_then(Value::as_bool) == Some(true)) {
                continue;
            }
            let mut params: Vec<Value> = op["parameters"].as_array().into_iter().flatten().map(|p| swagger_param(p, schemas)).collect();
            if let Some(r) = op.pointer("/requestBody/content/application~1json/schema/$ref").and_then(Value::as_str) {
                let name = quay_spec::ref_name(r);
                definitions.insert(name.to_string(), swagger_schema(&schemas[name], schemas, 0));
                params.push(json!({"name": "body", "in": "body", "required": true, "description": "Request body contents.", "schema": {"$ref": format!("#/definitions/{name}")}}));
            }
            let mut responses = Map::new();
            for (status, r) in op["responses"].as_object().into_iter().flatten().filter(|(s, _)| s.starts_with('2')) {
                responses.insert(status.clone(), json!({"description": r["description"]}));
            }
            let tag = op["tags"][0].clone();
            if let Some(t) = tag.as_str() {
                tags.insert(t.to_string());
            }
            out.insert(
                method.clone(),
                json!({"operationId": id, "parameters": params, "description": op["description"], "summary": op["summary"], "tags": [tag], "responses": responses}),
            );
        }
        if !out.is_empty() {
            out.insert("parameters".into(), Value::Array(shared));
            let quay_path = path.replace("{namespace}/{repository}", "{repository}");
            paths.insert(quay_path, Value::Object(out));
        }
    }
    let host = base.split("://").nth(1).unwrap_or(base);
    json!({
        "swagger": "2.0",
        "host": host,
        "basePath": "/",
        "schemes": [base.split("://").next().unwrap_or("http")],
        "info": {
            "version": "v1",
            "title": "Quay Frontend",
            "description": "This API allows you to perform many of the operations required to work with Quay repositories, users, and organizations.",
            "termsOfService": "",
            "contact": {"email": "quay@localhost"},
        },
        "securityDefinitions": {"oauth2_implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": format!("{base}/oauth/authorize")}},
        "paths": paths,
        "definitions": definitions,
        "tags": tags.into_iter().map(|t| json!({"name": t, "description": ""})).collect::<Vec<_>>(),
    })
}

/// discovery: the document for this fake's features (`internal=true` lists internal ones too).
pub(crate) fn serve(s: &mut State, req: &Req) -> ApiResult {
    ok(200, document(&s.base_url, &s.features, req.q_bool("internal", false)))
}
