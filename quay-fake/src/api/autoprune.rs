//! Auto-prune policies of organizations, repositories and the caller's namespace (list,
//! create, get, update, delete for each), with Quay's checks of methods and values.

use super::common::{Req, ok};
use crate::access::{require_admin, require_org_admin};
use crate::http::errors::{invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{AutoPrunePolicy, Kind, State, check_policy};
use crate::util::uuid4;
use serde_json::{Value, json};

/// Whose policies a request is about.
#[derive(Clone, Copy)]
enum Owner {
    /// A namespace (organization or user) by entity id.
    Namespace(u64),
    /// A repository by id.
    Repo(u64),
}

impl Owner {
    fn policies<'a>(&self, s: &'a State) -> &'a [AutoPrunePolicy] {
        match self {
            Owner::Namespace(id) => s.ns_autoprune.get(id).map(Vec::as_slice).unwrap_or_default(),
            Owner::Repo(id) => &s.repos[id].autoprune,
        }
    }

    fn policies_mut<'a>(&self, s: &'a mut State) -> &'a mut Vec<AutoPrunePolicy> {
        match self {
            Owner::Namespace(id) => s.ns_autoprune.entry(*id).or_default(),
            Owner::Repo(id) => &mut s.repo_mut(*id).autoprune,
        }
    }

    /// The namespace entity the log entries go to.
    fn namespace(&self, s: &State) -> u64 {
        match self {
            Owner::Namespace(id) => *id,
            Owner::Repo(id) => s.repos[id].ns,
        }
    }
}

/// The organization of the request once the caller administers it; `Ok(None)` when it does
/// not exist.
fn org(s: &State, req: &Req) -> Result<Option<Owner>, Reply> {
    let name = req.p("orgname");
    require_org_admin(s, &req.ident, name)?;
    Ok(s.find(name).filter(|e| e.kind == Kind::Org).map(|e| Owner::Namespace(e.id)))
}

/// The repository of the request once the caller administers it (404 when unknown).
fn repo(s: &State, req: &Req) -> Result<Owner, Reply> {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    s.repo_id(ns, name).map(Owner::Repo).ok_or_else(not_found)
}

/// The caller's own namespace (needs `user:admin`).
fn user(s: &State, req: &Req) -> Result<Owner, Reply> {
    match req.ident.user {
        Some(u) if req.ident.user_admin() => Ok(Owner::Namespace(u)),
        _ => Err(req.unauthorized(s)),
    }
}

/// The body as a policy (with a fresh id), checked as Quay checks it (against the schema
/// Quay declares for `owner`'s kind, whose description its 400 quotes).
fn parse(req: &Req, owner: Owner, is_user: bool) -> Result<AutoPrunePolicy, Reply> {
    let schema = match owner {
        Owner::Repo(_) => "RepositoryAutoPrunePolicyConfig",
        Owner::Namespace(_) if is_user => "UserAutoPrunePolicyConfig",
        Owner::Namespace(_) => "AutoPrunePolicyConfig",
    };
    let body = req.json(schema)?;
    let method = body["method"].as_str().unwrap_or_default().to_string();
    check_policy(&method, &body["value"]).map_err(invalid_request)?;
    Ok(AutoPrunePolicy {
        uuid: uuid4(),
        method,
        value: body["value"].clone(),
        tag_pattern: body["tagPattern"].as_str().map(str::to_string),
        tag_pattern_matches: body["tagPatternMatches"].as_bool().unwrap_or(true),
    })
}

/// The log kind's prefix and metadata for `owner`.
fn log_of(s: &State, req: &Req, owner: Owner, mut meta: Value) -> (&'static str, Value) {
    let ns = s.name_of(owner.namespace(s));
    meta["namespace"] = json!(ns);
    match owner {
        Owner::Namespace(_) => ("namespace", meta),
        Owner::Repo(_) => {
            meta["repo"] = json!(req.repo().1);
            ("repository", meta)
        }
    }
}

fn policy_meta(p: &AutoPrunePolicy) -> Value {
    json!({"method": p.method, "value": p.value, "tag_pattern": p.tag_pattern, "tag_pattern_matches": p.tag_pattern_matches})
}

fn list(s: &State, owner: Option<Owner>) -> ApiResult {
    let policies: Vec<Value> = owner.map(|o| o.policies(s).iter().map(AutoPrunePolicy::view).collect()).unwrap_or_default();
    ok(200, json!({"policies": policies}))
}

fn create(s: &mut State, req: &Req, owner: Owner) -> ApiResult {
    let p = parse(req, owner, req.p("orgname").is_empty())?;
    if owner.policies(s).iter().any(|q| q.same_values(&p)) {
        let what = if matches!(owner, Owner::Repo(_)) { "repository" } else { "namespace" };
        return Err(invalid_request(format!("Existing policy with same values for this {what}, duplicate policies are not permitted")));
    }
    let (what, meta) = log_of(s, req, owner, policy_meta(&p));
    let uuid = p.uuid.clone();
    owner.policies_mut(s).push(p);
    let ns = owner.namespace(s);
    req.log(s, &format!("create_{what}_autoprune_policy"), Some(ns), meta);
    ok(201, json!({"uuid": uuid}))
}

fn get(s: &State, req: &Req, owner: Owner) -> ApiResult {
    let p = owner.policies(s).iter().find(|p| p.uuid == req.p("policy_uuid")).ok_or_else(not_found)?;
    ok(200, p.view())
}

fn update(s: &mut State, req: &Req, owner: Owner) -> ApiResult {
    let mut p = parse(req, owner, req.p("orgname").is_empty())?;
    let uuid = req.p("policy_uuid");
    let at = owner.policies(s).iter().position(|q| q.uuid == uuid).ok_or_else(not_found)?;
    p.uuid = uuid.to_string();
    let (what, meta) = log_of(s, req, owner, policy_meta(&p));
    owner.policies_mut(s)[at] = p;
    let ns = owner.namespace(s);
    req.log(s, &format!("update_{what}_autoprune_policy"), Some(ns), meta);
    Ok(Reply::empty(204))
}

fn delete(s: &mut State, req: &Req, owner: Owner) -> ApiResult {
    let uuid = req.p("policy_uuid");
    let at = owner.policies(s).iter().position(|q| q.uuid == uuid).ok_or_else(not_found)?;
    owner.policies_mut(s).remove(at);
    let (what, meta) = log_of(s, req, owner, json!({"policy_uuid": uuid}));
    let ns = owner.namespace(s);
    req.log(s, &format!("delete_{what}_autoprune_policy"), Some(ns), meta);
    ok(200, json!({"uuid": uuid}))
}

/// listOrganizationAutoPrunePolicies: an unknown organization lists none.
pub(crate) fn list_org(s: &mut State, req: &Req) -> ApiResult {
    let owner = org(s, req)?;
    list(s, owner)
}

/// createOrganizationAutoPrunePolicy.
pub(crate) fn create_org(s: &mut State, req: &Req) -> ApiResult {
    let owner = org(s, req)?.ok_or_else(not_found)?;
    create(s, req, owner)
}

/// getOrganizationAutoPrunePolicy.
pub(crate) fn get_org(s: &mut State, req: &Req) -> ApiResult {
    let owner = org(s, req)?.ok_or_else(not_found)?;
    get(s, req, owner)
}

/// updateOrganizationAutoPrunePolicy: 204.
pub(crate) fn update_org(s: &mut State, req: &Req) -> ApiResult {
    let owner = org(s, req)?;
    let owner = owner.ok_or_else(not_found)?;
    update(s, req, owner)
}

/// deleteOrganizationAutoPrunePolicy: 200 `{"uuid"}`.
pub(crate) fn delete_org(s: &mut State, req: &Req) -> ApiResult {
    let owner = org(s, req)?.ok_or_else(not_found)?;
    delete(s, req, owner)
}

/// listRepositoryAutoPrunePolicies.
pub(crate) fn list_repo(s: &mut State, req: &Req) -> ApiResult {
    let owner = repo(s, req)?;
    list(s, Some(owner))
}

/// createRepositoryAutoPrunePolicy.
pub(crate) fn create_repo(s: &mut State, req: &Req) -> ApiResult {
    let owner = repo(s, req)?;
    create(s, req, owner)
}

/// getRepositoryAutoPrunePolicy.
pub(crate) fn get_repo(s: &mut State, req: &Req) -> ApiResult {
    let owner = repo(s, req)?;
    get(s, req, owner)
}

/// updateRepositoryAutoPrunePolicy: 204.
pub(crate) fn update_repo(s: &mut State, req: &Req) -> ApiResult {
    let owner = repo(s, req)?;
    update(s, req, owner)
}

/// deleteRepositoryAutoPrunePolicy: 200 `{"uuid"}`.
pub(crate) fn delete_repo(s: &mut State, req: &Req) -> ApiResult {
    let owner = repo(s, req)?;
    delete(s, req, owner)
}

/// listUserAutoPrunePolicies.
pub(crate) fn list_user(s: &mut State, req: &Req) -> ApiResult {
    let owner = user(s, req)?;
    list(s, Some(owner))
}

/// createUserAutoPrunePolicy.
pub(crate) fn create_user(s: &mut State, req: &Req) -> ApiResult {
    let owner = user(s, req)?;
    create(s, req, owner)
}

/// getUserAutoPrunePolicy: only the caller's own policies.
pub(crate) fn get_user(s: &mut State, req: &Req) -> ApiResult {
    let owner = user(s, req)?;
    get(s, req, owner)
}

/// updateUserAutoPrunePolicy: 204.
pub(crate) fn update_user(s: &mut State, req: &Req) -> ApiResult {
    let owner = user(s, req)?;
    update(s, req, owner)
}

/// deleteUserAutoPrunePolicy: 200 `{"uuid"}`.
pub(crate) fn delete_user(s: &mut State, req: &Req) -> ApiResult {
    let owner = user(s, req)?;
    delete(s, req, owner)
}
