//! An organization's OAuth applications one by one (get, full-replace update, delete, the
//! anonymous application information) and the tokens issued for them.

use super::common::{Req, ok};
use super::organization::{app_view, org_view};
use super::views::avatar;
use crate::access::require_org_admin;
use crate::http::errors::{self, invalid_request, not_found};
use crate::http::paging;
use crate::http::{ApiResult, Reply};
use crate::model::{ALL_SCOPES, OrgAppToken, State};
use crate::util::{iso_z, uuid4};
use serde_json::{Value, json};

/// Name Quay reserves for the programmatic bootstrap's application.
const RESERVED_APP_NAME: &str = "__quay_bootstrap_app";
/// Tokens per page of listOrganizationApplicationTokens.
const TOKENS_PER_PAGE: usize = 50;
/// The longest (and default) token lifetime: ten years of 365.25 days.
const MAX_TOKEN_LIFETIME: i64 = 315_576_000;

/// The organization and the index of its application `client_id`, for administrators.
fn admin_app(s: &State, req: &Req) -> Result<(u64, usize), Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    let org = s.org_id(req.p("orgname")).ok_or_else(not_found)?;
    let at = s.entity(org).expect("org").applications.iter().position(|a| a.client_id == req.p("client_id")).ok_or_else(not_found)?;
    Ok((org, at))
}

/// getOrganizationApplication.
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let (org, at) = admin_app(s, req)?;
    ok(200, app_view(&s.entity(org).expect("org").applications[at], true))
}

/// updateOrganizationApplication: a full replace (fields not sent become empty or null).
pub(crate) fn update(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateApp")?;
    let (org, at) = admin_app(s, req)?;
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    if text("name") == RESERVED_APP_NAME {
        return Err(invalid_request("Application name is reserved for bootstrap token provisioning"));
    }
    let app = &mut s.entities.get_mut(&org).expect("org").applications[at];
    app.name = text("name");
    app.description = text("description");
    app.application_uri = text("application_uri");
    app.redirect_uri = text("redirect_uri");
    app.avatar_email = body.get("avatar_email").and_then(Value::as_str).map(str::to_string);
    let view = app_view(app, true);
    let meta = json!({"application_name": view["name"], "client_id": view["client_id"]});
    req.log(s, "update_application", Some(org), meta);
    ok(200, view)
}

/// deleteOrganizationApplication (its tokens go with it).
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    let (org, at) = admin_app(s, req)?;
    let app = s.entities.get_mut(&org).expect("org").applications.remove(at);
    let gone: Vec<String> = s.chapters.org_app_tokens.iter().filter(|t| t.client_id == app.client_id).map(|t| t.token.clone()).collect();
    for t in &gone {
        s.tokens.remove(t);
    }
    s.chapters.org_app_tokens.retain(|t| t.client_id != app.client_id);
    req.log(s, "delete_application", Some(org), json!({"application_name": app.name, "client_id": app.client_id}));
    Ok(Reply::empty(204))
}

/// getApplicationInformation: anyone may ask; the organization as the caller may see it.
pub(crate) fn information(s: &mut State, req: &Req) -> ApiResult {
    let client_id = req.p("client_id");
    let (org, app) = s
        .entities
        .values()
        .find_map(|e| e.applications.iter().find(|a| a.client_id == client_id).map(|a| (e.id, a.clone())))
        .ok_or_else(not_found)?;
    let source = app.avatar_email.clone().unwrap_or_else(|| app.name.clone());
    // Quay renders the organization with no teams here, whoever asks.
    let mut organization = org_view(s, req, org, true);
    organization["teams"] = json!({});
    organization["ordered_teams"] = json!([]);
    ok(
        200,
        json!({
            "name": app.name,
            "description": app.description,
            "uri": app.application_uri,
            "avatar": avatar(&app.name, &source, "app"),
            "organization": organization,
        }),
    )
}

fn token_view(s: &State, t: &OrgAppToken, with_token: bool) -> Value {
    let mut v = json!({
        "uuid": t.uuid,
        "name": t.name,
        "scope": t.scope,
        "expires_at": iso_z(t.expires_at),
        "created": iso_z(t.created),
        "created_by": s.name_of(t.created_by),
        "last_accessed": null,
    });
    if with_token {
        v["token"] = json!(t.token);
    }
    v
}

/// listOrganizationApplicationTokens: newest first, 50 a page with an opaque `next_page`.
pub(crate) fn tokens(s: &mut State, req: &Req) -> ApiResult {
    let (org, at) = admin_app(s, req)?;
    let client_id = s.entity(org).expect("org").applications[at].client_id.clone();
    let items: Vec<Value> =
        s.chapters.org_app_tokens.iter().rev().filter(|t| t.client_id == client_id).map(|t| token_view(s, t, false)).collect();
    let kind = format!("orgapptokens:{client_id}");
    ok(200, paging::page_of(items, "tokens", &kind, Some(TOKENS_PER_PAGE), req.q("next_page")))
}

/// createOrganizationApplicationToken: 200 with the token, once. The name is trimmed and must
/// not end up empty; the scope string (commas or spaces) must name known scopes.
pub(crate) fn create_token(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewOrgAppToken")?;
    let (org, at) = admin_app(s, req)?;
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default().trim().to_string();
    if name.is_empty() {
        return Err(errors::message(400, "'name' must not be empty"));
    }
    let mut scopes: Vec<&str> = vec![];
    for scope in body.get("scope").and_then(Value::as_str).unwrap_or_default().split([',', ' ']).filter(|x| !x.is_empty()) {
        if !ALL_SCOPES.contains(&scope) {
            return Err(errors::message(400, format!("Invalid scope: {scope}")));
        }
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(errors::message(400, "Invalid scope: "));
    }
    let lifetime = body.get("expiration").and_then(Value::as_f64).map(|x| x as i64).unwrap_or(MAX_TOKEN_LIFETIME).min(MAX_TOKEN_LIFETIME);
    let creator = req.ident.user.expect("an administrator is a user");
    let client_id = s.entity(org).expect("org").applications[at].client_id.clone();
    let token = s.mint_token(creator, &scopes);
    let now = s.now();
    let t = OrgAppToken {
        uuid: uuid4(),
        client_id: client_id.clone(),
        name,
        scope: scopes.join(" "),
        created: now,
        expires_at: now + lifetime,
        created_by: creator,
        token,
    };
    let view = token_view(s, &t, true);
    s.chapters.org_app_tokens.push(t);
    req.log(s, "create_org_app_token", Some(org), json!({"client_id": client_id, "token_name": view["name"], "scope": view["scope"]}));
    ok(200, view)
}

/// deleteOrganizationApplicationToken: 204, 404 when unknown (or of another application).
pub(crate) fn delete_token(s: &mut State, req: &Req) -> ApiResult {
    let (org, at) = admin_app(s, req)?;
    let client_id = s.entity(org).expect("org").applications[at].client_id.clone();
    let uuid = req.p("token_uuid");
    let i = s.chapters.org_app_tokens.iter().position(|t| t.uuid == uuid && t.client_id == client_id).ok_or_else(not_found)?;
    let t = s.chapters.org_app_tokens.remove(i);
    s.tokens.remove(&t.token);
    req.log(s, "revoke_org_app_token", Some(org), json!({"client_id": client_id, "token_name": t.name}));
    Ok(Reply::empty(204))
}
