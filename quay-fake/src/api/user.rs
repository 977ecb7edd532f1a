//! The signed-in user, other users' public information, and session sign-in.

use super::common::{Req, ok};
use super::views::{entity_avatar, quota_report, quotas_short};
use crate::http::errors::{self, problem};
use crate::http::{ApiResult, Body, Reply};
use crate::model::{Kind, State};
use serde_json::{Map, Value, json};

/// Quay's full `user_view` of the caller's own account.
pub(crate) fn own_view(s: &State, req: &Req, uid: u64) -> Value {
    let e = s.entity(uid).expect("user");
    let orgs: Vec<Value> = s
        .entities
        .values()
        .filter(|o| o.kind == Kind::Org && o.teams.iter().any(|t| t.members.contains(&uid)))
        .map(|o| {
            json!({
                "name": o.name,
                "avatar": entity_avatar(o, "org"),
                "can_create_repo": req.ident.can_create_repo(s, &o.name),
                "public": false,
                "is_org_admin": req.ident.org_admin(s, &o.name),
                "preferred_namespace": false,
            })
        })
        .collect();
    let mut v = json!({
        "anonymous": false,
        "username": e.name,
        "avatar": entity_avatar(e, "user"),
        "can_create_repo": true,
        "is_me": true,
        "verified": true,
        "email": e.email,
        "logins": [],
        "invoice_email": e.invoice_email,
        "invoice_email_address": e.invoice_email_address,
        "preferred_namespace": false,
        "tag_expiration_s": e.tag_expiration_s,
        "prompts": if s.features.user_metadata { json!(["enter_name", "enter_company"]) } else { json!([]) },
        "company": null,
        "family_name": null,
        "given_name": null,
        "location": null,
        "is_free_account": true,
        "has_password_set": e.password.is_some(),
        "organizations": orgs,
    });
    if s.features.quota_management {
        v["quotas"] = quotas_short(e);
        v["quota_report"] = quota_report(s, uid);
    }
    if req.ident.superuser(s) {
        v["super_user"] = json!(true);
    }
    v
}

/// getLoggedInUser (401 with `session_required: false` for anonymous callers or without user:read).
pub(crate) fn logged_in(s: &mut State, req: &Req) -> ApiResult {
    let uid = req.ident.user.filter(|u| s.entity(*u).is_some_and(|e| e.kind == Kind::User));
    match uid {
        Some(uid) if req.ident.user_read() => ok(200, own_view(s, req, uid)),
        _ => {
            let mut r = problem(401, "invalid_token", "Requires authentication");
            if let Body::Problem { extra, .. } = &mut r.body {
                let mut m = Map::new();
                m.insert("session_required".into(), json!(false));
                *extra = m;
            }
            Err(r)
        }
    }
}

/// getUserInformation (werkzeug 404 for unknown users, organizations and robots).
pub(crate) fn information(s: &mut State, req: &Req) -> ApiResult {
    let e = s.find(req.p("username")).filter(|e| e.kind == Kind::User).ok_or_else(errors::werkzeug_404)?;
    if Some(e.id) == req.ident.user {
        return ok(200, own_view(s, req, e.id));
    }
    let mut v = json!({"anonymous": false, "username": e.name, "avatar": entity_avatar(e, "user")});
    if req.ident.superuser(s) {
        v["super_user"] = json!(e.superuser);
    }
    ok(200, v)
}

/// signinUser: signs the session in (needs the session's CSRF token like any write).
pub(crate) fn signin(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("SigninUser")?;
    let (name, password) = (body["username"].as_str().unwrap_or(""), body["password"].as_str().unwrap_or(""));
    let user = s
        .find(name)
        .filter(|e| e.kind == Kind::User && e.enabled && e.password.as_deref() == Some(password))
        .map(|e| e.id);
    let Some(uid) = user else {
        return Err(Reply::json(
            403,
            json!({"needsEmailVerification": false, "invalidCredentials": true, "message": "Invalid Username or Password"}),
        ));
    };
    if let Some(sess) = req.session.as_ref().and_then(|id| s.sessions.get_mut(id)) {
        sess.user = Some(uid);
    }
    ok(200, json!({"success": true}))
}
