//! The SDK's stable error codes: one table that the Rust error type (`quay_sdk::Error::code`)
//! answers from and that every language's error classes are generated from, so that a CSRF 403
//! or a read-only 503 is the same error in every language.

/// One stable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The dotted code, e.g. `api.not_found`. Never changes once published.
    pub code: &'static str,
    /// The class name in languages with exception classes, e.g. `NotFound`.
    pub class: &'static str,
    /// The class it specialises (`QuayError` at the root).
    pub parent: &'static str,
    /// When it happens.
    pub description: &'static str,
}

const fn code(code: &'static str, class: &'static str, parent: &'static str, description: &'static str) -> ErrorCode {
    ErrorCode { code, class, parent, description }
}

/// Every error code, parents before children. `api` is the class of every answer of Quay with an
/// error status; the `api.*` codes refine it.
pub const ERROR_CODES: &[ErrorCode] = &[
    code("api", "ApiError", "QuayError", "Quay answered with an error status."),
    code("api.bad_request", "BadRequest", "ApiError", "400: Quay refused the request (bad input, or a missing object Quay reports as 400)."),
    code("api.already_exists", "AlreadyExists", "ApiError", "A create found the object already there (recognised from Quay's message for that operation): 400, or 409 for a mirror configuration."),
    code("api.unauthorized", "Unauthorized", "ApiError", "401: the token is missing, invalid or expired."),
    code("api.forbidden", "Forbidden", "ApiError", "403: the user lacks the permission."),
    code("api.insufficient_scope", "InsufficientScope", "Forbidden", "403: the token lacks the OAuth scope the operation needs."),
    code("api.csrf", "CsrfError", "Forbidden", "403 for a write without a valid token (Quay's CSRF check): the token is missing or invalid."),
    code("api.not_found", "NotFound", "ApiError", "404: no such object."),
    code("api.method_not_allowed", "FeatureDisabled", "ApiError", "405: the operation is turned off on this Quay (a feature flag)."),
    code("api.conflict", "Conflict", "ApiError", "409: a conflict (an immutable tag, ...)."),
    code("api.rate_limited", "RateLimited", "ApiError", "429: Quay is rate limiting; see retry_after."),
    code("api.server", "ServerError", "ApiError", "5xx: Quay failed."),
    code("api.read_only", "ReadOnly", "ServerError", "503: the repository or registry is in read-only or mirror mode (never retried)."),
    code("api.unexpected_status", "UnexpectedStatus", "ApiError", "Quay answered with a status the spec does not declare for the operation."),
    code("invalid_input", "InvalidInput", "QuayError", "Refused before anything was sent: a bad name, digest or enum value, a missing or unknown argument or body key, an expiration in the past, a bad configuration."),
    code("transport", "TransportError", "QuayError", "The connection failed or broke."),
    code("timeout", "Timeout", "TransportError", "The request or its response timed out."),
    code("registry_auth", "RegistryAuthError", "QuayError", "A registry (/v2) operation could not get its registry token from /v2/auth: no token is configured, or the login was refused (its status and Quay's message are given)."),
    code("decode", "DecodeError", "QuayError", "Quay answered with success but a body that does not match the spec."),
    code("cancelled", "Cancelled", "QuayError", "The call was cancelled before it completed."),
    code("closed", "ClientClosed", "QuayError", "The client was closed, or is used in a process forked after it was made."),
    code("internal", "InternalError", "QuayError", "The SDK failed internally (a bug, caught at the language boundary): please report it."),
];

/// The entry of a code.
pub fn error_code(code: &str) -> Option<&'static ErrorCode> {
    ERROR_CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parents_come_first() {
        for (i, c) in ERROR_CODES.iter().enumerate() {
            assert!(ERROR_CODES[..i].iter().all(|d| d.code != c.code && d.class != c.class), "{} repeats", c.code);
            assert!(c.parent == "QuayError" || ERROR_CODES[..i].iter().any(|d| d.class == c.parent), "{}: parent {} must come first", c.code, c.parent);
        }
    }
}
