//! Stars: the caller's starred repositories (createStar, listStarredRepos, deleteStar).

use super::common::{Req, ok};
use crate::http::{ApiResult, Reply, paging};
use crate::model::State;
use serde_json::{Value, json};

/// The signed-in caller holding one of `scopes`: 401 when anonymous, 403 without the scopes.
fn caller(s: &State, req: &Req, scopes: &[&str]) -> Result<u64, Reply> {
    match req.ident.user {
        Some(u) if scopes.iter().any(|sc| req.ident.has_scope(sc)) => Ok(u),
        _ => Err(req.unauthorized(s)),
    }
}

/// listStarredRepos: every repository the caller starred (readable or not), paged by token.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    let uid = caller(s, req, &["user:admin"])?;
    let items: Vec<Value> = s
        .repos
        .values()
        .filter(|r| r.starred_by.contains(&uid))
        .map(|r| json!({"namespace": s.name_of(r.ns), "name": r.name, "description": r.description, "is_public": r.public}))
        .collect();
    let kind = format!("starred:{uid}");
    ok(200, paging::page_of(items, "repositories", &kind, Some(s.pages.repos.max(1)), req.q("next_page")))
}

/// createStar: 201 with the repository (starring twice, or a repository the caller cannot
/// read, is accepted); a missing repository answers 200 `null`.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let uid = caller(s, req, &["repo:read", "user:admin"])?;
    let body = req.json("NewStarredRepository")?;
    let (ns, name) = (body["namespace"].as_str().unwrap_or_default(), body["repository"].as_str().unwrap_or_default());
    let Some(repo) = s.repo_id(ns, name) else { return ok(200, Value::Null) };
    s.repo_mut(repo).starred_by.insert(uid);
    ok(201, json!({"namespace": ns, "repository": name}))
}

/// deleteStar: 204 whether or not it was starred; a missing repository answers 200 `null`.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    let uid = caller(s, req, &["user:admin"])?;
    let (ns, name) = req.repo();
    let Some(repo) = s.repo_id(ns, name) else { return ok(200, Value::Null) };
    s.repo_mut(repo).starred_by.remove(&uid);
    Ok(Reply::empty(204))
}
