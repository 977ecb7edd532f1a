//! Immutability policies of namespaces (the organization routes, which take a user's own
//! namespace too) and of repositories: list, create, get, update, delete, with Quay's checks of
//! the tag pattern and its marking of the tags a policy selects.

use super::common::{Req, ok};
use crate::access::{require_admin, require_org_admin};
use crate::http::errors::{self, invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{ImmutabilityPolicy, Kind, State};
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
    fn policies<'a>(&self, s: &'a State) -> &'a [ImmutabilityPolicy] {
        match self {
            Owner::Namespace(id) => s.ns_immutability.get(id).map(Vec::as_slice).unwrap_or_default(),
            Owner::Repo(id) => &s.repos[id].immutability,
        }
    }

    fn policies_mut<'a>(&self, s: &'a mut State) -> &'a mut Vec<ImmutabilityPolicy> {
        match self {
            Owner::Namespace(id) => s.ns_immutability.entry(*id).or_default(),
            Owner::Repo(id) => &mut s.repo_mut(*id).immutability,
        }
    }

    /// The namespace entity the policies and log entries belong to.
    fn namespace(&self, s: &State) -> u64 {
        match self {
            Owner::Namespace(id) => *id,
            Owner::Repo(id) => s.repos[id].ns,
        }
    }

    /// The repositories the owner's policies apply to.
    fn repos(&self, s: &State) -> Vec<u64> {
        match self {
            Owner::Namespace(id) => s.repos.values().filter(|r| r.ns == *id).map(|r| r.id).collect(),
            Owner::Repo(id) => vec![*id],
        }
    }

    /// The policy with id `uuid` (404 when it has none).
    fn find(&self, s: &State, uuid: &str) -> Result<usize, Reply> {
        self.policies(s).iter().position(|p| p.uuid == uuid).ok_or_else(not_found)
    }
}

/// Quay's `_get_namespace`: an enabled user or organization named `name`, else the data
/// model's bare 400.
fn namespace(s: &State, name: &str) -> Result<u64, Reply> {
    s.find(name)
        .filter(|e| matches!(e.kind, Kind::User | Kind::Org) && e.enabled)
        .map(|e| e.id)
        .ok_or_else(|| errors::message(400, format!("Username does not exist: {name}")))
}

/// The body, checked against Quay's schema (`validate_json_request`).
fn body(req: &Req) -> Result<Value, Reply> {
    req.json("ImmutabilityPolicyConfig")
}

/// The policy a validated body describes, its pattern checked as Quay checks it.
fn policy(body: &Value, uuid: String) -> Result<ImmutabilityPolicy, Reply> {
    let pattern = body["tagPattern"].as_str().unwrap_or_default();
    let matches = body.get("tagPatternMatches").and_then(Value::as_bool).unwrap_or(true);
    ImmutabilityPolicy::new(uuid, pattern, matches).map_err(invalid_request)
}

/// The log metadata of `owner`'s policy change, with the repository's name for repositories.
fn meta(s: &State, req: &Req, owner: Owner, mut m: Value) -> Value {
    m["namespace"] = json!(s.name_of(owner.namespace(s)));
    if matches!(owner, Owner::Repo(_)) {
        m["repo"] = json!(req.repo().1);
    }
    m
}

fn config_meta(p: &ImmutabilityPolicy) -> Value {
    json!({"tag_pattern": p.tag_pattern, "tag_pattern_matches": p.tag_pattern_matches})
}

/// Refuses a pattern another policy of `owner` (but `except`) already has.
fn refuse_duplicate(s: &State, owner: Owner, p: &ImmutabilityPolicy, except: Option<&str>) -> Result<(), Reply> {
    if owner.policies(s).iter().any(|q| Some(q.uuid.as_str()) != except && q.tag_pattern == p.tag_pattern) {
        return Err(invalid_request("A policy with the same tag_pattern already exists"));
    }
    Ok(())
}

/// Marks the live tags `p` selects in `owner`'s repositories, logging how many as Quay does.
fn apply(s: &mut State, req: &Req, owner: Owner, p: &ImmutabilityPolicy) {
    let at = s.now();
    let marked: usize = owner.repos(s).into_iter().map(|id| s.repo_mut(id).apply_immutability(p, at)).sum();
    if marked > 0 {
        let mut m = meta(s, req, owner, config_meta(p));
        m["count"] = json!(marked);
        let ns = owner.namespace(s);
        if let Value::Object(map) = m {
            // Quay's data model logs it with no performer and no IP address.
            s.log_background("tags_made_immutable_by_policy", ns, map);
        }
    }
}

fn list(s: &State, owner: Option<Owner>) -> ApiResult {
    let policies: Vec<Value> = owner.map(|o| o.policies(s).iter().map(ImmutabilityPolicy::view).collect()).unwrap_or_default();
    ok(200, json!({"policies": policies}))
}

fn create(s: &mut State, req: &Req, owner: Owner, p: ImmutabilityPolicy) -> ApiResult {
    refuse_duplicate(s, owner, &p, None)?;
    owner.policies_mut(s).push(p.clone());
    apply(s, req, owner, &p);
    let m = meta(s, req, owner, config_meta(&p));
    let ns = owner.namespace(s);
    req.log(s, "create_immutability_policy", Some(ns), m);
    ok(201, json!({"uuid": p.uuid}))
}

fn get(s: &State, req: &Req, owner: Option<Owner>) -> ApiResult {
    let p = owner.and_then(|o| o.policies(s).iter().find(|p| p.uuid == req.p("policy_uuid"))).ok_or_else(not_found)?;
    ok(200, p.view())
}

fn update(s: &mut State, req: &Req, owner: Owner, mut p: ImmutabilityPolicy) -> ApiResult {
    let at = owner.find(s, req.p("policy_uuid"))?;
    p.uuid = req.p("policy_uuid").to_string();
    refuse_duplicate(s, owner, &p, Some(&p.uuid))?;
    owner.policies_mut(s)[at] = p.clone();
    apply(s, req, owner, &p);
    let m = meta(s, req, owner, config_meta(&p));
    let ns = owner.namespace(s);
    req.log(s, "update_immutability_policy", Some(ns), m);
    Ok(Reply::empty(204))
}

fn delete(s: &mut State, req: &Req, owner: Owner) -> ApiResult {
    let uuid = req.p("policy_uuid");
    let at = owner.find(s, uuid)?;
    owner.policies_mut(s).remove(at);
    let m = meta(s, req, owner, json!({"policy_uuid": uuid}));
    let ns = owner.namespace(s);
    req.log(s, "delete_immutability_policy", Some(ns), m);
    ok(200, json!({"uuid": uuid}))
}

/// The namespace of an organization route, if it exists (any enabled user or organization).
fn org_owner(s: &State, req: &Req) -> Option<Owner> {
    namespace(s, req.p("orgname")).ok().map(Owner::Namespace)
}

/// The repository of a repository route (404 when unknown), once the caller administers it.
fn repo_owner(s: &State, req: &Req) -> Result<Owner, Reply> {
    let (ns, name) = req.repo();
    s.repo_id(ns, name).map(Owner::Repo).ok_or_else(not_found)
}

/// listOrgImmutabilityPolicies: an unknown organization lists none.
pub(crate) fn list_org(s: &mut State, req: &Req) -> ApiResult {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    list(s, org_owner(s, req))
}

/// createOrgImmutabilityPolicy: 201 `{"uuid"}`; the body is checked before the caller.
pub(crate) fn create_org(s: &mut State, req: &Req) -> ApiResult {
    let b = body(req)?;
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    let p = policy(&b, uuid4())?;
    let owner = Owner::Namespace(namespace(s, req.p("orgname"))?);
    create(s, req, owner, p)
}

/// getOrgImmutabilityPolicy.
pub(crate) fn get_org(s: &mut State, req: &Req) -> ApiResult {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    get(s, req, org_owner(s, req))
}

/// updateOrgImmutabilityPolicy: 204.
pub(crate) fn update_org(s: &mut State, req: &Req) -> ApiResult {
    let b = body(req)?;
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    let p = policy(&b, String::new())?;
    let owner = Owner::Namespace(namespace(s, req.p("orgname"))?);
    update(s, req, owner, p)
}

/// deleteOrgImmutabilityPolicy: 200 `{"uuid"}`.
pub(crate) fn delete_org(s: &mut State, req: &Req) -> ApiResult {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    let owner = Owner::Namespace(namespace(s, req.p("orgname"))?);
    delete(s, req, owner)
}

/// listRepositoryImmutabilityPolicies.
pub(crate) fn list_repo(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let owner = repo_owner(s, req)?;
    list(s, Some(owner))
}

/// createRepositoryImmutabilityPolicy: 201 `{"uuid"}`.
pub(crate) fn create_repo(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let b = body(req)?;
    let owner = repo_owner(s, req)?;
    let p = policy(&b, uuid4())?;
    create(s, req, owner, p)
}

/// getRepositoryImmutabilityPolicy.
pub(crate) fn get_repo(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    get(s, req, repo_owner(s, req).ok())
}

/// updateRepositoryImmutabilityPolicy: 204.
pub(crate) fn update_repo(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let b = body(req)?;
    let p = policy(&b, String::new())?;
    namespace(s, req.repo().0)?;
    let owner = repo_owner(s, req)?;
    update(s, req, owner, p)
}

/// deleteRepositoryImmutabilityPolicy: 200 `{"uuid"}`.
pub(crate) fn delete_repo(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    namespace(s, req.repo().0)?;
    let owner = repo_owner(s, req)?;
    delete(s, req, owner)
}
