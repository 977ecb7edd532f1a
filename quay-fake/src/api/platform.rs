//! The platform chapters: registry capabilities, error descriptions and the renewal of the
//! programmatic bootstrap token. (The discovery document is built from the route table, in
//! `server::discovery`.)

use super::common::{Req, ok};
use crate::http::errors::{self, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::State;
use serde_json::json;

/// Quay's error types and their descriptions (`endpoints/exception.py`).
const ERROR_TYPES: &[(&str, &str)] = &[
    ("external_service_timeout", "An external service timed out. Retrying the request may resolve the issue."),
    ("invalid_request", "The request was invalid. It may have contained invalid values or was improperly formatted."),
    ("invalid_response", "The response was invalid."),
    ("invalid_token", "The access token provided was invalid."),
    ("expired_token", "The access token provided has expired."),
    ("insufficient_scope", "The access token did not have sufficient scope to access the requested resource."),
    ("fresh_login_required", "The action requires a fresh login to succeed."),
    ("exceeds_license", "The action was refused because the current license does not allow it."),
    ("not_found", "The resource was not found."),
    ("downstream_issue", "An error occurred in a downstream service."),
];

/// getRegistryCapabilities: no sparse manifests; the architectures mirroring copies.
pub(crate) fn capabilities(_: &mut State, _: &Req) -> ApiResult {
    ok(
        200,
        json!({
            "sparse_manifests": {"supported": false, "required_architectures": [], "optional_architectures_allowed": false},
            "mirror_architectures": ["amd64", "arm64", "ppc64le", "s390x"],
        }),
    )
}

/// getErrorDescription (404 for an unknown type).
pub(crate) fn error_description(s: &mut State, req: &Req) -> ApiResult {
    let kind = req.p("error_type");
    let (_, description) = ERROR_TYPES.iter().find(|(k, _)| *k == kind).ok_or_else(not_found)?;
    ok(200, json!({"type": format!("{}/api/v1/error/{kind}", s.base_url), "title": kind, "description": description}))
}

/// renewBootstrapToken: only the bootstrap token itself; 401 for an unknown bearer (the
/// dispatcher lets a bearer past the CSRF check here), 403 for any other OAuth token.
pub(crate) fn renew_bootstrap(s: &mut State, req: &Req) -> ApiResult {
    let Some(token) = req.ident.token.as_ref() else {
        return Err(errors::problem(401, "invalid_token", "Requires valid bootstrap bearer token"));
    };
    if !s.is_bootstrap_token(token) {
        return Err(errors::unauthorized(true));
    }
    let user = token.user;
    s.rotate_bootstrap_token(user);
    req.log(s, "bootstrap_token_renewed", Some(user), json!({}));
    Ok(Reply::json(200, json!({"status": "rotated"})))
}
