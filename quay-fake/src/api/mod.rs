//! Quay's /api/v1 operations: the route table, the request view handlers get, and shared helpers.

pub mod build;
pub mod mirror;
pub mod organization;
pub mod permission;
pub mod prototype;
pub mod quota;
pub mod repository;
pub mod robot;
pub mod superuser;
pub mod tag;
pub mod team;
pub mod user;
pub mod views;

use crate::auth::Identity;
use crate::errors::{self, ApiResult, Reply};
use crate::state::{Features, State};
use serde_json::{Map, Value};

/// A handler: reads the request, reads or changes the state, answers.
pub type Handler = fn(&mut State, &Req) -> ApiResult;

/// One served operation.
pub struct Route {
    /// HTTP method.
    pub method: &'static str,
    /// Path pattern; `{repository}` spans two segments (`namespace/name`).
    pub pattern: &'static str,
    /// Quay's nickname (operationId).
    pub op: &'static str,
    /// The handler.
    pub handler: Handler,
    /// Feature gate: the route exists only when this returns true.
    pub gate: Option<fn(&Features) -> bool>,
}

/// The request as handlers see it.
pub struct Req {
    /// HTTP method.
    pub method: String,
    /// Decoded path parameters.
    pub params: Vec<(String, String)>,
    /// Decoded query parameters in order.
    pub query: Vec<(String, String)>,
    /// Raw body.
    pub body: Vec<u8>,
    /// Content-Type header.
    pub content_type: Option<String>,
    /// User-Agent header.
    pub user_agent: String,
    /// The caller.
    pub ident: Identity,
    /// The session cookie value, if any.
    pub session: Option<String>,
}

impl Req {
    /// A path parameter (empty when absent).
    pub fn p(&self, name: &str) -> &str {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// The namespace and name of the `{repository}` parameter.
    pub fn repo(&self) -> (&str, &str) {
        (self.p("namespace"), self.p("repository"))
    }

    /// First value of a query parameter.
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A `truthy_bool` query parameter.
    pub fn q_bool(&self, name: &str, default: bool) -> bool {
        self.q(name).map(crate::util::truthy).unwrap_or(default)
    }

    /// An `int` query parameter; a non-integer answers reqparse's 400 with `help`.
    pub fn q_int(&self, name: &str, help: &str) -> Result<Option<i64>, Reply> {
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
    pub fn get_json(&self) -> Result<Value, Reply> {
        if !self.is_json() {
            return Err(errors::unsupported_media());
        }
        serde_json::from_slice(&self.body).map_err(|_| errors::werkzeug_400())
    }

    /// Flask's `request.get_json(silent=True)`.
    pub fn get_json_silent(&self) -> Option<Value> {
        if !self.is_json() {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// Quay's `validate_json_request(schema)`: the body, validated; 400 problem on violation.
    pub fn json(&self, schema: &str) -> Result<Value, Reply> {
        let v = self.get_json()?;
        if v.is_null() {
            return Err(errors::invalid_request("Missing JSON body"));
        }
        crate::schema::validate(crate::schema::get(schema), &v).map_err(errors::invalid_request)?;
        Ok(v)
    }

    /// `validate_json_request(schema, optional=True)`: validates only when a JSON body is present.
    pub fn json_optional(&self, schema: &str) -> Result<Option<Value>, Reply> {
        let Some(v) = self.get_json_silent().filter(|v| !v.is_null()) else { return Ok(None) };
        crate::schema::validate(crate::schema::get(schema), &v).map_err(errors::invalid_request)?;
        Ok(Some(v))
    }

    /// Quay's `Unauthorized()` for this caller.
    pub fn unauthorized(&self, s: &State) -> Reply {
        let org = self.ident.user.and_then(|u| s.entity(u)).is_some_and(|e| e.kind == crate::state::Kind::Org);
        errors::unauthorized(self.ident.authed() && !org)
    }

    /// Appends an audit log entry performed by the caller, adding OAuth token metadata.
    pub fn log(&self, s: &mut State, kind: &str, ns: Option<u64>, meta: Value) {
        let mut m: Map<String, Value> = match meta {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        m.extend(self.ident.log_metadata());
        s.log(kind, ns, self.ident.user, m);
    }
}

/// A JSON success reply.
pub fn ok(status: u16, v: Value) -> ApiResult {
    Ok(Reply::json(status, v))
}

fn team_sync(f: &Features) -> bool {
    f.team_syncing
}

macro_rules! r {
    ($m:literal, $p:literal, $op:literal, $h:path) => {
        Route { method: $m, pattern: $p, op: $op, handler: $h, gate: None }
    };
    ($m:literal, $p:literal, $op:literal, $h:path, $g:expr) => {
        Route { method: $m, pattern: $p, op: $op, handler: $h, gate: Some($g) }
    };
}

/// Every served route.
pub static ROUTES: &[Route] = &[
    // organization
    r!("POST", "/api/v1/organization/", "createOrganization", organization::create),
    r!("GET", "/api/v1/organization/{orgname}", "getOrganization", organization::get),
    r!("PUT", "/api/v1/organization/{orgname}", "changeOrganizationDetails", organization::change),
    r!("DELETE", "/api/v1/organization/{orgname}", "deleteAdminedOrganization", organization::delete),
    r!("GET", "/api/v1/organization/{orgname}/members", "getOrganizationMembers", organization::members),
    r!("GET", "/api/v1/organization/{orgname}/applications", "getOrganizationApplications", organization::list_apps),
    r!("POST", "/api/v1/organization/{orgname}/applications", "createOrganizationApplication", organization::create_app),
    // prototype
    r!("GET", "/api/v1/organization/{orgname}/prototypes", "getOrganizationPrototypePermissions", prototype::list),
    r!("POST", "/api/v1/organization/{orgname}/prototypes", "createOrganizationPrototypePermission", prototype::create),
    r!("PUT", "/api/v1/organization/{orgname}/prototypes/{prototypeid}", "updateOrganizationPrototypePermission", prototype::update),
    r!("DELETE", "/api/v1/organization/{orgname}/prototypes/{prototypeid}", "deleteOrganizationPrototypePermission", prototype::delete),
    // repository
    r!("GET", "/api/v1/repository", "listRepos", repository::list),
    r!("POST", "/api/v1/repository", "createRepo", repository::create),
    r!("GET", "/api/v1/repository/{repository}", "getRepo", repository::get),
    r!("PUT", "/api/v1/repository/{repository}", "updateRepo", repository::update),
    r!("DELETE", "/api/v1/repository/{repository}", "deleteRepository", repository::delete),
    r!("POST", "/api/v1/repository/{repository}/changevisibility", "changeRepoVisibility", repository::visibility),
    r!("PUT", "/api/v1/repository/{repository}/changestate", "changeRepoState", repository::state),
    // permission
    r!("GET", "/api/v1/repository/{repository}/permissions/user/", "listRepoUserPermissions", permission::list_users),
    r!("GET", "/api/v1/repository/{repository}/permissions/user/{username}", "getUserPermissions", permission::get_user),
    r!("PUT", "/api/v1/repository/{repository}/permissions/user/{username}", "changeUserPermissions", permission::set_user),
    r!("DELETE", "/api/v1/repository/{repository}/permissions/user/{username}", "deleteUserPermissions", permission::delete_user),
    r!("GET", "/api/v1/repository/{repository}/permissions/team/", "listRepoTeamPermissions", permission::list_teams),
    r!("GET", "/api/v1/repository/{repository}/permissions/team/{teamname}", "getTeamPermissions", permission::get_team),
    r!("PUT", "/api/v1/repository/{repository}/permissions/team/{teamname}", "changeTeamPermissions", permission::set_team),
    r!("DELETE", "/api/v1/repository/{repository}/permissions/team/{teamname}", "deleteTeamPermissions", permission::delete_team),
    // mirror
    r!("GET", "/api/v1/repository/{repository}/mirror", "getRepoMirrorConfig", mirror::get),
    r!("POST", "/api/v1/repository/{repository}/mirror", "createRepoMirrorConfig", mirror::create),
    r!("PUT", "/api/v1/repository/{repository}/mirror", "changeRepoMirrorConfig", mirror::change),
    r!("POST", "/api/v1/repository/{repository}/mirror/sync-now", "syncNow", mirror::sync_now),
    r!("POST", "/api/v1/repository/{repository}/mirror/sync-cancel", "syncCancel", mirror::sync_cancel),
    // tag
    r!("GET", "/api/v1/repository/{repository}/tag/", "listRepoTags", tag::list),
    r!("PUT", "/api/v1/repository/{repository}/tag/{tag}", "changeTag", tag::change),
    r!("DELETE", "/api/v1/repository/{repository}/tag/{tag}", "deleteFullTag", tag::delete),
    r!("POST", "/api/v1/repository/{repository}/tag/{tag}/restore", "restoreTag", tag::restore),
    // build
    r!("POST", "/api/v1/repository/{repository}/build/", "requestRepoBuild", build::request),
    // robot
    r!("GET", "/api/v1/organization/{orgname}/robots", "getOrgRobots", robot::list),
    r!("GET", "/api/v1/organization/{orgname}/robots/{robot_shortname}", "getOrgRobot", robot::get),
    r!("PUT", "/api/v1/organization/{orgname}/robots/{robot_shortname}", "createOrgRobot", robot::create),
    r!("DELETE", "/api/v1/organization/{orgname}/robots/{robot_shortname}", "deleteOrgRobot", robot::delete),
    r!("POST", "/api/v1/organization/{orgname}/robots/{robot_shortname}/regenerate", "regenerateOrgRobotToken", robot::regenerate),
    r!("GET", "/api/v1/organization/{orgname}/robots/{robot_shortname}/permissions", "getOrgRobotPermissions", robot::permissions),
    // team
    r!("PUT", "/api/v1/organization/{orgname}/team/{teamname}", "updateOrganizationTeam", team::update),
    r!("DELETE", "/api/v1/organization/{orgname}/team/{teamname}", "deleteOrganizationTeam", team::delete),
    r!("GET", "/api/v1/organization/{orgname}/team/{teamname}/members", "getOrganizationTeamMembers", team::members),
    r!("PUT", "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}", "updateOrganizationTeamMember", team::add_member),
    r!("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}", "deleteOrganizationTeamMember", team::remove_member),
    r!("GET", "/api/v1/organization/{orgname}/team/{teamname}/permissions", "getOrganizationTeamPermissions", team::permissions),
    r!("POST", "/api/v1/organization/{orgname}/team/{teamname}/syncing", "enableOrganizationTeamSync", team::enable_sync, team_sync),
    r!("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/syncing", "disableOrganizationTeamSync", team::disable_sync, team_sync),
    // user
    r!("GET", "/api/v1/user/", "getLoggedInUser", user::logged_in),
    r!("GET", "/api/v1/users/{username}", "getUserInformation", user::information),
    r!("POST", "/api/v1/signin", "signinUser", user::signin),
    // namespace quota
    r!("GET", "/api/v1/organization/{orgname}/quota", "listOrganizationQuota", quota::org_list),
    r!("POST", "/api/v1/organization/{orgname}/quota", "createOrganizationQuota", quota::org_create),
    r!("GET", "/api/v1/organization/{orgname}/quota/{quota_id}", "getOrganizationQuota", quota::org_get),
    r!("PUT", "/api/v1/organization/{orgname}/quota/{quota_id}", "changeOrganizationQuota", quota::org_change),
    r!("DELETE", "/api/v1/organization/{orgname}/quota/{quota_id}", "deleteOrganizationQuota", quota::org_delete),
    // superuser
    r!("GET", "/api/v1/superuser/config", "getConfigDump", superuser::config_dump),
    r!("GET", "/api/v1/superuser/users/", "listAllUsers", superuser::list_users),
    r!("POST", "/api/v1/superuser/users/", "createInstallUser", superuser::create_user),
    r!("PUT", "/api/v1/superuser/users/{username}", "changeInstallUser", superuser::change_user),
    r!("DELETE", "/api/v1/superuser/users/{username}", "deleteInstallUser", superuser::delete_user),
    r!("GET", "/api/v1/superuser/logs", "listAllLogs", superuser::logs),
    r!("GET", "/api/v1/superuser/organizations/", "listAllOrganizations", superuser::list_orgs),
    r!("PUT", "/api/v1/superuser/organizations/{name}", "changeOrganization", superuser::change_org),
    r!("DELETE", "/api/v1/superuser/organizations/{name}", "deleteOrganization", superuser::delete_org),
    r!("POST", "/api/v1/superuser/takeownership/{namespace}", "takeOwnership", superuser::take_ownership),
    r!("GET", "/api/v1/superuser/keys", "listServiceKeys", superuser::list_keys),
    r!("POST", "/api/v1/superuser/keys", "createServiceKey", superuser::create_key),
    r!("GET", "/api/v1/superuser/keys/{kid}", "getServiceKey", superuser::get_key),
    r!("PUT", "/api/v1/superuser/keys/{kid}", "updateServiceKey", superuser::update_key),
    r!("DELETE", "/api/v1/superuser/keys/{kid}", "deleteServiceKey", superuser::delete_key),
    r!("POST", "/api/v1/superuser/approvedkeys/{kid}", "approveServiceKey", superuser::approve_key),
    r!("GET", "/api/v1/superuser/users/{namespace}/quota", "listUserQuotaSuperUser", quota::su_list),
    r!("POST", "/api/v1/superuser/users/{namespace}/quota", "createUserQuotaSuperUser", quota::su_create),
    r!("PUT", "/api/v1/superuser/users/{namespace}/quota/{quota_id}", "changeUserQuotaSuperUser", quota::su_change),
    r!("DELETE", "/api/v1/superuser/users/{namespace}/quota/{quota_id}", "deleteUserQuotaSuperUser", quota::su_delete),
    r!("GET", "/api/v1/superuser/organization/{namespace}/quota", "listOrganizationQuotaSuperUser", quota::su_list),
    r!("POST", "/api/v1/superuser/organization/{namespace}/quota", "createOrganizationQuotaSuperUser", quota::su_create),
    r!("PUT", "/api/v1/superuser/organization/{namespace}/quota/{quota_id}", "changeOrganizationQuotaSuperUser", quota::su_change),
    r!("DELETE", "/api/v1/superuser/organization/{namespace}/quota/{quota_id}", "deleteOrganizationQuotaSuperUser", quota::su_delete),
    r!("GET", "/api/v1/superuser/{build_uuid}/status", "getRepoBuildStatusSuperUser", build::su_status),
    r!("GET", "/api/v1/superuser/{build_uuid}/build", "getRepoBuildSuperUser", build::su_get),
    r!("GET", "/api/v1/superuser/{build_uuid}/logs", "getRepoBuildLogsSuperUser", build::su_logs),
    r!("GET", "/api/v1/superuser/registrysize/", "getRegistrySize", superuser::registry_size),
    r!("POST", "/api/v1/superuser/registrysize/", "queueRegistrySizeCalculation", superuser::queue_registry_size),
];

/// Outcome of matching a path against the route table.
pub enum Resolved {
    /// A route with its decoded parameters.
    Found(&'static Route, Vec<(String, String)>),
    /// Werkzeug's strict-slashes redirect to the slash-terminated path.
    Redirect(String),
    /// The path exists but not for this method (allowed methods listed).
    MethodNotAllowed(String),
    /// No API route: the web app's catch-all (GET-only) answers.
    NoRoute,
    /// An OPTIONS request on an existing path (allowed methods listed).
    Options(String),
}

/// Decoded path parameters and the per-segment literal flags used to rank matches.
type Match = (Vec<(String, String)>, Vec<bool>);

fn match_pattern(pattern: &str, segs: &[&str]) -> Option<Match> {
    let mut params = vec![];
    let mut score = vec![];
    let mut i = 0;
    for p in pattern.split('/').skip(1) {
        if p == "{repository}" {
            let (ns, name) = (segs.get(i)?, segs.get(i + 1)?);
            if ns.is_empty() || name.is_empty() {
                return None;
            }
            params.push(("namespace".into(), crate::util::percent_decode(ns, false)));
            params.push(("repository".into(), crate::util::percent_decode(name, false)));
            score.extend([false, false]);
            i += 2;
        } else if let Some(name) = p.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            let s = segs.get(i)?;
            if s.is_empty() {
                return None;
            }
            params.push((name.into(), crate::util::percent_decode(s, false)));
            score.push(false);
            i += 1;
        } else {
            if *segs.get(i)? != p {
                return None;
            }
            score.push(true);
            i += 1;
        }
    }
    (i == segs.len()).then_some((params, score))
}

/// Matches `method path` against the routes enabled under `features`.
pub fn resolve(features: &Features, method: &str, path: &str) -> Resolved {
    let find = |path: &str| -> Vec<(&'static Route, Match)> {
        let segs: Vec<&str> = path.split('/').skip(1).collect();
        ROUTES
            .iter()
            .filter(|r| r.gate.is_none_or(|g| g(features)))
            .filter_map(|r| match_pattern(r.pattern, &segs).map(|m| (r, m)))
            .collect()
    };
    let matches = find(path);
    if matches.is_empty() {
        if !path.ends_with('/') && !find(&format!("{path}/")).is_empty() {
            return Resolved::Redirect(format!("{path}/"));
        }
        return Resolved::NoRoute;
    }
    let allowed = || {
        let mut allow: Vec<&str> = matches.iter().map(|(r, _)| r.method).collect();
        if allow.contains(&"GET") {
            allow.push("HEAD");
        }
        allow.push("OPTIONS");
        allow.sort();
        allow.dedup();
        allow.join(", ")
    };
    if method == "OPTIONS" {
        return Resolved::Options(allowed());
    }
    let want = if method == "HEAD" { "GET" } else { method };
    let best = matches.iter().filter(|(r, _)| r.method == want).max_by(|a, b| a.1.1.cmp(&b.1.1));
    match best {
        Some((r, (p, _))) => Resolved::Found(r, p.clone()),
        None => Resolved::MethodNotAllowed(allowed()),
    }
}
