//! What every handler shares: the request as handlers see it (path, query and body, with
//! Flask's and Quay's parsing rules, and the caller) and the success reply helper.

use crate::access::{self, Identity};
use crate::http::{ApiResult, Reply, errors, schema};
use crate::model::State;
use serde_json::{Map, Value};

/// The request as handlers see it.
pub(crate) struct Req {
    /// Decoded path parameters.
    pub(crate) params: Vec<(String, String)>,
    /// Decoded query parameters in order.
    pub(crate) query: Vec<(String, String)>,
    /// Raw body.
    pub(crate) body: Vec<u8>,
    /// Content-Type header.
    pub(crate) content_type: Option<String>,
    /// User-Agent header.
    pub(crate) user_agent: String,
    /// The caller.
    pub(crate) ident: Identity,
    /// The session cookie value, if any.
    pub(crate) session: Option<String>,
    /// The Authorization header as sent (registry operations read their registry token there).
    pub(crate) authorization: Option<String>,
}

/// Flask-restful's `truthy_bool`: true for "true", "1", "yes" (any case); false otherwise.
fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "y" | "t" | "on")
}

impl Req {
    /// A path parameter (empty when absent).
    pub(crate) fn p(&self, name: &str) -> &str {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// The namespace and name of the `{repository}` parameter.
    pub(crate) fn repo(&self) -> (&str, &str) {
        (self.p("namespace"), self.p("repository"))
    }

    /// First value of a query parameter.
    pub(crate) fn q(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A `truthy_bool` query parameter.
    pub(crate) fn q_bool(&self, name: &str, default: bool) -> bool {
        self.q(name).map(truthy).unwrap_or(default)
    }

    /// An `int` query parameter; a non-integer answers reqparse's 400 with `help`.
    pub(crate) fn q_int(&self, name: &str, help: &str) -> Result<Option<i64>, Reply> {
        match self.q(name) {
            None => Ok(None),
            Some(v) => v.trim().parse::<i64>().map(Some).map_err(|_| errors::reqparse(name, help)),
        }
    }

    fn is_json(&self) -> bool {
        let ct = self.content_type.as_deref().unwrap_or("");
        let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
    }

    /// Flask's `request.get_json()`: 415 unless JSON, werkzeug 400 when unparsable.
    pub(crate) fn get_json(&self) -> Result<Value, Reply> {
        if !self.is_json() {
            return Err(errors::unsupported_media());
        }
        serde_json::from_slice(&self.body).map_err(|_| errors::werkzeug_400())
    }

    /// Flask's `request.get_json(silent=True)`.
    pub(crate) fn get_json_silent(&self) -> Option<Value> {
        if !self.is_json() {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// Quay's `validate_json_request(schema)`: the body, validated; 400 problem on violation.
    pub(crate) fn json(&self, schema: &str) -> Result<Value, Reply> {
        let v = self.get_json()?;
        if v.is_null() {
            return Err(errors::invalid_request("Missing JSON body"));
        }
        schema::validate(schema::get(schema), &v).map_err(errors::invalid_request)?;
        Ok(v)
    }

    /// `validate_json_request(schema, optional=True)`: validates only when a JSON body is present.
    pub(crate) fn json_optional(&self, schema: &str) -> Result<Option<Value>, Reply> {
        let Some(v) = self.get_json_silent().filter(|v| !v.is_null()) else { return Ok(None) };
        schema::validate(schema::get(schema), &v).map_err(errors::invalid_request)?;
        Ok(Some(v))
    }

    /// Quay's `Unauthorized()` for this caller.
    pub(crate) fn unauthorized(&self, s: &State) -> Reply {
        access::unauthorized(s, &self.ident)
    }

    /// Appends an audit log entry performed by the caller, adding OAuth token metadata.
    pub(crate) fn log(&self, s: &mut State, kind: &str, ns: Option<u64>, meta: Value) {
        let mut m: Map<String, Value> = match meta {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        m.extend(self.ident.log_metadata());
        s.log(kind, ns, self.ident.user, m);
    }

    /// [`Req::log`] for an entry about the request's repository whose metadata leaves it out.
    pub(crate) fn log_in_repo(&self, s: &mut State, kind: &str, ns: Option<u64>, meta: Value) {
        let mut m: Map<String, Value> = match meta {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        m.extend(self.ident.log_metadata());
        s.log_in_repo(kind, ns, self.repo().1, self.ident.user, m);
    }
}

/// A JSON success reply.
pub(crate) fn ok(status: u16, v: Value) -> ApiResult {
    Ok(Reply::json(status, v))
}
