//! Global messages: posted by superusers, read by anyone.

use super::common::{Req, ok};
use crate::http::errors;
use crate::http::{ApiResult, Reply};
use crate::model::{GlobalMessage, State};
use crate::util::uuid4;
use serde_json::{Value, json};

fn view(m: &GlobalMessage) -> Value {
    json!({"uuid": m.uuid, "content": m.content, "severity": m.severity, "media_type": m.media_type})
}

/// getGlobalMessages (anonymous callers too).
pub(crate) fn list(s: &mut State, _: &Req) -> ApiResult {
    ok(200, json!({"messages": s.chapters.messages.iter().map(view).collect::<Vec<_>>()}))
}

/// The `super:user` scope, then the superuser itself (others get werkzeug's 403 body).
fn superuser_only(s: &State, req: &Req) -> Result<(), Reply> {
    if !req.ident.has_scope("super:user") {
        return Err(req.unauthorized(s));
    }
    if !req.ident.superuser(s) {
        return Err(errors::werkzeug_403());
    }
    Ok(())
}

/// createGlobalMessage: 201 with an empty text/html body; Quay's schema does not require
/// `message`, and without it Quay fails with its HTML 500.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("CreateMessage")?;
    superuser_only(s, req)?;
    let Some(m) = body.get("message") else { return Err(errors::server_error()) };
    let text = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let msg = GlobalMessage { uuid: uuid4(), content: text("content"), media_type: text("media_type"), severity: text("severity") };
    s.chapters.messages.push(msg);
    Ok(Reply::empty_html(201))
}

/// deleteGlobalMessage: 204, even for an unknown uuid.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    superuser_only(s, req)?;
    let uuid = req.p("uuid");
    s.chapters.messages.retain(|m| m.uuid != uuid);
    Ok(Reply::empty_html(204))
}
