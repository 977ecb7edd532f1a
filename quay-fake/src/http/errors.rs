//! Quay's many error shapes: problem documents, bare messages, werkzeug's and Flask's
//! defaults, the CSRF rejection, and the HTML pages (500, 405, 308, the web app's 404).

use super::reply::{Body, HTML_UTF8, JSON, Reply};
use serde_json::{Map, json};

/// Quay's problem document with the given status and error type.
pub(crate) fn problem(status: u16, error_type: &str, detail: impl Into<String>) -> Reply {
    Reply {
        status,
        content_type: Some(JSON.into()),
        headers: vec![],
        body: Body::Problem { error_type: error_type.into(), detail: detail.into(), extra: Map::new() },
    }
}

/// 404 `not_found` problem.
pub(crate) fn not_found() -> Reply {
    problem(404, "not_found", "Not Found")
}

/// 400 `invalid_request` problem (Quay's `InvalidRequest` / `request_error`).
pub(crate) fn invalid_request(msg: impl Into<String>) -> Reply {
    problem(400, "invalid_request", msg)
}

/// 400 `invalid_response` problem (Quay's `InvalidResponse`).
pub(crate) fn invalid_response(msg: impl Into<String>) -> Reply {
    problem(400, "invalid_response", msg)
}

/// Quay's `Unauthorized()`: 401 `invalid_token` for anonymous callers, else 403 `insufficient_scope`.
pub(crate) fn unauthorized(authenticated: bool) -> Reply {
    if authenticated {
        problem(403, "insufficient_scope", "Unauthorized")
    } else {
        problem(401, "invalid_token", "Requires authentication")
    }
}

/// The bare `{"message": ...}` body (uncaught model errors, flask-restful aborts).
pub(crate) fn message(status: u16, msg: impl Into<String>) -> Reply {
    Reply::json(status, json!({"message": msg.into()}))
}

/// The detail-only `{"detail": ...}` body of the mirror endpoints.
pub(crate) fn detail_only(status: u16, msg: impl Into<String>) -> Reply {
    Reply::json(status, json!({"detail": msg.into()}))
}

/// Werkzeug's default 400 (`abort(400)`, malformed JSON).
pub(crate) fn werkzeug_400() -> Reply {
    message(400, "The browser (or proxy) sent a request that this server could not understand.")
}

/// Werkzeug's default 403 (`abort(403)`).
pub(crate) fn werkzeug_403() -> Reply {
    message(
        403,
        "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
    )
}

/// Werkzeug's default 404 (`abort(404)`).
pub(crate) fn werkzeug_404() -> Reply {
    message(
        404,
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    )
}

/// Flask's 415 for a body that is not `application/json`.
pub(crate) fn unsupported_media() -> Reply {
    message(
        415,
        "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
    )
}

/// The reqparse 400 where `message` is an object keyed by the bad query parameter.
pub(crate) fn reqparse(param: &str, help: &str) -> Reply {
    Reply::json(400, json!({"message": {param: help}}))
}

/// The CSRF rejection: 403, JSON body, but `text/html` content type.
pub(crate) fn csrf(msg: &str) -> Reply {
    Reply::raw(403, HTML_UTF8, serde_json::to_vec(&json!({"error": msg})).unwrap_or_default())
}

/// Quay's HTML 500 page (its bugs answer this way).
pub(crate) fn server_error() -> Reply {
    Reply::raw(
        500,
        "text/html",
        "<html>\n  <head>\n    <title>Internal Server Error</title>\n  </head>\n  <body>\n    <h1><p>Internal Server Error</p></h1>\n    \n  </body>\n</html>\n",
    )
}

/// Werkzeug's HTML 405 page.
pub(crate) fn method_not_allowed(allow: &str) -> Reply {
    Reply::raw(
        405,
        HTML_UTF8,
        "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n",
    )
    .with_header("Allow", allow)
}

/// Werkzeug's HTML 308 redirect to the slash-terminated URL.
pub(crate) fn redirect_308(url: &str) -> Reply {
    let body = format!(
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{url}\">{url}</a>. If not, click the link.\n"
    );
    Reply::raw(308, HTML_UTF8, body).with_header("Location", url)
}

/// The web app's HTML page answered with 404 for unknown GET paths.
pub(crate) fn html_404() -> Reply {
    Reply::raw(
        404,
        HTML_UTF8,
        "<!DOCTYPE html>\n<html ng-app=\"quay\" class=\"onprem\">\n  <head>\n    <base href=\"/\">\n    <title>Quay</title>\n  </head>\n  <body>\n    <div ng-view></div>\n  </body>\n</html>\n",
    )
}
