//! Repositories: list (opaque paging), create, view, update, delete, visibility and state.

use super::common::{Req, ok};
use crate::access::{require_admin, require_read, require_write};
use crate::http::errors::{self, invalid_request, not_found};
use crate::http::{ApiResult, Reply, paging};
use crate::model::{Kind, Repo, RepoState, State, valid_repo_name};
use crate::util::{self, rfc2822};
use serde_json::{Value, json};

fn visible(s: &State, req: &Req, r: &Repo, include_public: bool) -> bool {
    let Some(uid) = req.ident.user else { return include_public && r.public };
    let direct = r.ns == uid
        || s.entity(r.ns).is_some_and(|e| e.teams.iter().any(|t| t.role == "admin" && t.members.contains(&uid)))
        || r.user_perms.iter().any(|(u, _)| *u == uid)
        || r.team_perms.iter().any(|(t, _)| s.team_by_id(*t).is_some_and(|(_, t)| t.members.contains(&uid)));
    direct || (include_public && r.public)
}

/// listRepos.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    let namespace = req.q("namespace").filter(|n| !n.is_empty());
    let starred = req.q_bool("starred", false);
    let public = req.q_bool("public", false);
    if namespace.is_none() && !starred && !public {
        return Err(invalid_request("namespace, starred or public are required for this API call"));
    }
    if starred && req.ident.user.is_none() {
        return Err(errors::werkzeug_400());
    }
    let last_modified = req.q_bool("last_modified", false);
    let popularity = req.q_bool("popularity", false);
    let ns_id = namespace.map(|n| s.find(n).map(|e| e.id));
    let uid = req.ident.user;
    let all: Vec<&Repo> = s
        .repos
        .values()
        .filter(|r| match ns_id {
            Some(Some(id)) => r.ns == id,
            Some(None) => false,
            None => true,
        })
        .filter(|r| !starred || uid.is_some_and(|u| r.starred_by.contains(&u)))
        .filter(|r| visible(s, req, r, public))
        .collect();
    let kind = format!("repos:{}:{starred}:{public}", namespace.unwrap_or(""));
    let offset = paging::decode(&kind, req.q("next_page"));
    let size = s.pages.repos.max(1);
    let page: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(size)
        .map(|r| {
            let mut v = json!({
                "namespace": s.name_of(r.ns),
                "name": r.name,
                "description": r.description,
                "is_public": r.public,
                "kind": r.kind,
                "state": r.state.name(),
            });
            let m = v.as_object_mut().expect("object");
            if last_modified {
                m.insert("last_modified".into(), json!(r.tags.iter().map(|t| t.start).max()));
            }
            if popularity {
                m.insert("popularity".into(), json!(0.0));
            }
            if let Some(u) = uid {
                m.insert("is_starred".into(), json!(r.starred_by.contains(&u)));
            }
            if s.features.quota_management {
                let configured = s.entity(r.ns).and_then(|e| e.quota.as_ref()).map(|q| q.limit_bytes);
                m.insert("quota_report".into(), json!({"quota_bytes": s.repo_bytes(r.id), "configured_quota": configured}));
            }
            v
        })
        .collect();
    let mut out = json!({"repositories": page});
    if all.len() > offset + size {
        out["next_page"] = json!(paging::encode(&kind, offset + size));
    }
    ok(200, out)
}

/// createRepo.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewRepo")?;
    let Some(owner) = req.ident.user else {
        return Err(invalid_request("Must provide a namespace or must be logged in."));
    };
    let namespace = match body.get("namespace").and_then(Value::as_str) {
        Some(n) => n.to_string(),
        None => s.name_of(owner),
    };
    if !(req.ident.can_create_repo(s, &namespace) || req.ident.superuser(s)) {
        return Err(req.unauthorized(s));
    }
    let name = body["repository"].as_str().unwrap_or_default().to_string();
    if s.repo(&namespace, &name).is_some() {
        return Err(invalid_request("Repository already exists"));
    }
    if !valid_repo_name(&name) {
        return Err(invalid_request("Invalid repository name"));
    }
    let Some(ns) = s.find(&namespace).filter(|e| e.kind != Kind::Robot).map(|e| e.id) else {
        return Err(errors::server_error());
    };
    let public = body["visibility"] == "public";
    let description = body["description"].as_str().unwrap_or_default().to_string();
    s.create_repository(ns, &name, Some(owner), &description, public);
    req.log(s, "create_repo", Some(ns), json!({"repo": name, "namespace": namespace}));
    ok(201, json!({"namespace": namespace, "name": name, "kind": "image"}))
}

/// The `tags` map of getRepo: tags live at time `t`, by name.
fn tags_map(r: &Repo, t: i64) -> Value {
    let mut m = serde_json::Map::new();
    let mut live: Vec<_> = r.tags.iter().filter(|x| x.end.is_none_or(|e| e > t)).collect();
    live.sort_by_key(|x| std::cmp::Reverse((x.start, x.id)));
    for tag in live.into_iter().take(500) {
        let size = r.manifests.get(&tag.digest).map(|m| m.size).unwrap_or(0);
        let mut v = json!({"name": tag.name, "size": size, "last_modified": rfc2822(tag.start), "manifest_digest": tag.digest});
        if let Some(e) = tag.end {
            v["expiration"] = json!(rfc2822(e));
        }
        m.entry(tag.name.clone()).or_insert(v);
    }
    Value::Object(m)
}

/// getRepo.
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    let include_tags = req.q_bool("includeTags", true);
    let include_stats = req.q_bool("includeStats", false);
    require_read(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let r = s.repo(ns, name).ok_or_else(not_found)?;
    let owner = s.entity(r.ns).expect("namespace");
    let uid = req.ident.user;
    let mut v = json!({
        "namespace": owner.name,
        "name": r.name,
        "kind": r.kind,
        "description": r.description,
        "is_public": r.public,
        "is_organization": owner.kind == Kind::Org,
        "is_starred": uid.is_some_and(|u| r.starred_by.contains(&u)),
        "status_token": if r.public { String::new() } else { r.status_token.clone() },
        "trust_enabled": false,
        "tag_expiration_s": owner.tag_expiration_s,
        "is_free_account": true,
        "state": r.state.name(),
    });
    if include_tags {
        v["tags"] = tags_map(r, s.now());
    }
    v["can_write"] = json!(req.ident.can_write(s, ns, name) && r.state == RepoState::Normal);
    v["can_admin"] = json!(req.ident.can_admin(s, ns, name));
    if include_stats {
        let t = s.now();
        let stats: Vec<Value> =
            (1..92).map(|d| json!({"date": util::iso_date(t - d * 86_400), "count": 0})).collect();
        v["stats"] = json!(stats);
    }
    ok(200, v)
}

/// updateRepo.
pub(crate) fn update(s: &mut State, req: &Req) -> ApiResult {
    require_write(s, &req.ident, req.repo())?;
    let body = req.json("RepoUpdate")?;
    let (ns, name) = req.repo();
    let id = s.repo_id(ns, name).ok_or_else(not_found)?;
    let description = body["description"].as_str().unwrap_or_default().to_string();
    s.repo_mut(id).description = description.clone();
    let ns_id = s.repos[&id].ns;
    req.log(s, "set_repo_description", Some(ns_id), json!({"repo": name, "namespace": ns, "description": description}));
    ok(200, json!({"success": true}))
}

/// deleteRepository (204 even when the repository does not exist; 500 for a missing namespace).
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let Some(ns_id) = s.find(ns).map(|e| e.id) else { return Err(errors::server_error()) };
    if let Some(id) = s.repo_id(ns, name) {
        s.delete_repository(id);
    }
    req.log(s, "delete_repo", Some(ns_id), json!({"repo": name, "namespace": ns}));
    Ok(Reply::empty(204))
}

/// changeRepoVisibility (200 with a null body when the repository does not exist).
pub(crate) fn visibility(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("ChangeVisibility")?;
    let (ns, name) = req.repo();
    let Some(id) = s.repo_id(ns, name) else { return ok(200, Value::Null) };
    let vis = body["visibility"].as_str().unwrap_or("private").to_string();
    s.repo_mut(id).public = vis == "public";
    let ns_id = s.repos[&id].ns;
    req.log(s, "change_repo_visibility", Some(ns_id), json!({"repo": name, "namespace": ns, "visibility": vis}));
    ok(200, json!({"success": true}))
}

/// changeRepoState.
pub(crate) fn state(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("ChangeRepoState")?;
    let (ns, name) = req.repo();
    let id = s.repo_id(ns, name).ok_or_else(not_found)?;
    let state_name = body["state"].as_str().unwrap_or_default().to_string();
    let Some(st) = RepoState::parse(&state_name) else {
        return Err(errors::detail_only(400, format!("{state_name} is not a valid Repository state.")));
    };
    s.repo_mut(id).state = st;
    let ns_id = s.repos[&id].ns;
    req.log(s, "change_repo_state", Some(ns_id), json!({"repo": name, "namespace": ns, "state_changed": state_name}));
    ok(200, json!({"success": true}))
}
