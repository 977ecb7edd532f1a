//! Organizations: create, view, change, delete, members and OAuth applications.

use super::common::{Req, ok};
use super::views::{entity_avatar, quota_report, quotas_short, team_avatar};
use crate::access::require_org_admin;
use crate::http::errors::{invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Application, Kind, State, Team, namespace_error, valid_email};
use crate::util::{self, UPPER_ALNUM};
use serde_json::{Value, json};

fn team_view(s: &State, org: u64, t: &Team, can_view: bool) -> Value {
    let repo_count = s.repos.values().filter(|r| r.ns == org && r.team_perms.iter().any(|(id, _)| *id == t.id)).count();
    json!({
        "name": t.name,
        "description": t.description,
        "role": t.role,
        "avatar": team_avatar(t),
        "can_view": can_view,
        "repo_count": repo_count,
        "member_count": t.members.len(),
        "is_synced": t.sync.is_some(),
    })
}

/// Quay's `org_view`, with teams when `with_teams`.
pub(crate) fn org_view(s: &State, req: &Req, org: u64, with_teams: bool) -> Value {
    let e = s.entity(org).expect("org");
    let is_admin = req.ident.org_admin(s, &e.name);
    let is_member = req.ident.org_member(s, &e.name);
    let su = req.ident.superuser(s);
    let mut v = json!({
        "name": e.name,
        "email": if is_admin || su { e.email.clone() } else { String::new() },
        "avatar": entity_avatar(e, "user"),
        "is_admin": is_admin,
        "is_member": is_member,
    });
    let m = v.as_object_mut().expect("object");
    if with_teams {
        let uid = req.ident.user.unwrap_or(0);
        let teams: serde_json::Map<String, Value> = e
            .teams
            .iter()
            .map(|t| (t.name.clone(), team_view(s, org, t, su || is_admin || t.members.contains(&uid))))
            .collect();
        m.insert("teams".into(), Value::Object(teams));
        m.insert("ordered_teams".into(), json!(e.teams.iter().map(|t| &t.name).collect::<Vec<_>>()));
    }
    if is_admin {
        m.insert("invoice_email".into(), json!(e.invoice_email));
        m.insert("invoice_email_address".into(), json!(e.invoice_email_address));
        m.insert("tag_expiration_s".into(), json!(e.tag_expiration_s));
        m.insert("is_free_account".into(), json!(true));
    }
    if (is_admin || is_member) && s.features.quota_management {
        m.insert("quotas".into(), quotas_short(e));
        m.insert("quota_report".into(), quota_report(s, org));
    }
    v
}

/// createOrganization.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    if !req.ident.user_admin() {
        return Err(req.unauthorized(s));
    }
    let body = req.json("NewOrg")?;
    let name = body["name"].as_str().unwrap_or_default().to_string();
    if s.find(&name).is_some() {
        return Err(invalid_request("A user or organization with this name already exists"));
    }
    if let Some(msg) = namespace_error(&name) {
        return Err(invalid_request(format!("Invalid namespace {name}: {msg}")));
    }
    let email = body.get("email").and_then(Value::as_str).filter(|e| !e.is_empty());
    if email.is_some_and(|e| !valid_email(e)) {
        return Err(invalid_request("Invalid email address"));
    }
    let creator = req.ident.user.expect("user");
    let org = s.create_org(&name, email, creator);
    req.log(s, "org_create", Some(org), json!({"email": email, "namespace": name}));
    ok(201, json!("Created"))
}

/// getOrganization.
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let name = req.p("orgname");
    let org = s.org_id(name).ok_or_else(not_found)?;
    let teams = req.ident.org_member(s, name) || req.ident.superuser(s);
    ok(200, org_view(s, req, org, teams))
}

/// changeOrganizationDetails.
pub(crate) fn change(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("UpdateOrgDetails")?;
    let name = req.p("orgname").to_string();
    require_org_admin(s, &req.ident, &name)?;
    let org = s.org_id(&name).ok_or_else(not_found)?;
    if let Some(flag) = body.get("invoice_email").and_then(Value::as_bool) {
        s.entities.get_mut(&org).expect("org").invoice_email = flag;
        req.log(s, "org_change_invoicing", Some(org), json!({"invoice_email": flag, "namespace": name}));
    }
    if let Some(addr) = body.get("invoice_email_address") {
        let addr = addr.as_str().map(str::to_string);
        if s.entity(org).expect("org").invoice_email_address != addr {
            s.entities.get_mut(&org).expect("org").invoice_email_address = addr.clone();
            req.log(s, "org_change_invoicing", Some(org), json!({"invoice_email_address": addr, "namespace": name}));
        }
    }
    if let Some(email) = body.get("email").and_then(Value::as_str) {
        let old = s.entity(org).expect("org").email.clone();
        if email != old {
            if s.entities.values().any(|e| e.kind == Kind::User && e.email == email) {
                return Err(invalid_request("E-mail address already used"));
            }
            if !valid_email(email) {
                return Err(invalid_request("Invalid email address"));
            }
            s.entities.get_mut(&org).expect("org").email = email.to_string();
            req.log(s, "org_change_email", Some(org), json!({"email": email, "namespace": name, "old_email": old}));
        }
    }
    if let Some(exp) = body.get("tag_expiration_s").and_then(Value::as_i64) {
        s.entities.get_mut(&org).expect("org").tag_expiration_s = exp;
        req.log(s, "org_change_tag_expiration", Some(org), json!({"tag_expiration": exp, "namespace": name}));
    }
    ok(200, org_view(s, req, org, true))
}

/// deleteAdminedOrganization.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    if !req.ident.authed() {
        return Err(req.unauthorized(s));
    }
    let name = req.p("orgname").to_string();
    require_org_admin(s, &req.ident, &name)?;
    let org = s.org_id(&name).ok_or_else(not_found)?;
    req.log(s, "org_delete", Some(org), json!({"namespace": name}));
    s.delete_entity(org);
    Ok(Reply::empty(204))
}

/// getOrganizationMembers.
pub(crate) fn members(s: &mut State, req: &Req) -> ApiResult {
    let name = req.p("orgname");
    require_org_admin(s, &req.ident, name)?;
    let org = s.org_id(name).ok_or_else(not_found)?;
    let e = s.entity(org).expect("org");
    let mut order: Vec<u64> = vec![];
    let mut views: std::collections::HashMap<u64, Value> = Default::default();
    for t in &e.teams {
        for m in &t.members {
            let Some(me) = s.entity(*m).filter(|me| me.kind == Kind::User) else { continue };
            let v = views.entry(*m).or_insert_with(|| {
                order.push(*m);
                json!({"name": me.name, "kind": "user", "avatar": entity_avatar(me, "user"), "teams": [], "repositories": []})
            });
            v["teams"].as_array_mut().expect("teams").push(json!({"name": t.name, "avatar": team_avatar(t)}));
        }
    }
    for r in s.repos.values().filter(|r| r.ns == org) {
        for (u, _) in &r.user_perms {
            if let Some(v) = views.get_mut(u) {
                v["repositories"].as_array_mut().expect("repos").push(json!(r.name));
            }
        }
    }
    let members: Vec<Value> = order.iter().filter_map(|id| views.remove(id)).collect();
    ok(200, json!({"members": members}))
}

/// An application as Quay shows it (secrets only to administrators).
pub(crate) fn app_view(a: &Application, is_admin: bool) -> Value {
    json!({
        "name": a.name,
        "description": a.description,
        "application_uri": a.application_uri,
        "client_id": a.client_id,
        "client_secret": if is_admin { Some(&a.client_secret) } else { None },
        "redirect_uri": if is_admin { Some(&a.redirect_uri) } else { None },
        "avatar_email": if is_admin { a.avatar_email.clone() } else { None },
    })
}

/// getOrganizationApplications.
pub(crate) fn list_apps(s: &mut State, req: &Req) -> ApiResult {
    let name = req.p("orgname");
    require_org_admin(s, &req.ident, name)?;
    let org = s.org_id(name).ok_or_else(not_found)?;
    let admin = req.ident.org_admin(s, name);
    let apps: Vec<Value> = s.entity(org).expect("org").applications.iter().map(|a| app_view(a, admin)).collect();
    ok(200, json!({"applications": apps}))
}

/// createOrganizationApplication.
pub(crate) fn create_app(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewApp")?;
    let name = req.p("orgname").to_string();
    require_org_admin(s, &req.ident, &name)?;
    let org = s.org_id(&name).ok_or_else(not_found)?;
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let app = Application {
        client_id: util::rand_string(20, UPPER_ALNUM),
        client_secret: util::rand_string(40, UPPER_ALNUM),
        name: text("name"),
        description: text("description"),
        application_uri: text("application_uri"),
        redirect_uri: text("redirect_uri"),
        avatar_email: body.get("avatar_email").and_then(Value::as_str).map(str::to_string),
    };
    let mut meta = body.as_object().cloned().unwrap_or_default();
    meta.insert("application_name".into(), json!(app.name));
    meta.insert("client_id".into(), json!(app.client_id));
    let admin = req.ident.org_admin(s, &name);
    let view = app_view(&app, admin);
    s.entities.get_mut(&org).expect("org").applications.push(app);
    req.log(s, "create_application", Some(org), Value::Object(meta));
    ok(200, view)
}
