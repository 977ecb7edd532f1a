//! Search: repositories (paged, 10 a page), everything (repositories, namespaces, teams,
//! robots, scored by how closely a name matches), and entities by name prefix.

use super::common::{Req, ok};
use super::views::{natural_avatar, team_avatar};
use crate::http::ApiResult;
use crate::model::{Entity, Kind, Repo, State};
use serde_json::{Value, json};

/// Results a page of conductRepoSearch (Quay's SEARCH_RESULTS_PER_PAGE).
const PER_PAGE: usize = 10;
/// Highest page conductRepoSearch serves (Quay's SEARCH_MAX_RESULT_PAGE_COUNT).
const MAX_PAGES: i64 = 10;

/// How closely `name` matches `query`, as Quay's liquidmetal scoring ranks names: 1 for the
/// name itself, 0.9 plus the matched share for a prefix, else Quay's fallback 0.5.
fn closeness(name: &str, query: &str) -> f64 {
    let (n, q) = (name.to_lowercase(), query.to_lowercase());
    if n == q {
        1.0
    } else if !q.is_empty() && n.starts_with(&q) {
        0.9 + 0.1 * q.chars().count() as f64 / n.chars().count() as f64
    } else {
        0.5
    }
}

/// Whether the caller may see the repository in search results (public, granted, or owned).
fn searchable(s: &State, req: &Req, r: &Repo) -> bool {
    r.public || req.ident.can_read(s, &s.name_of(r.ns), &r.name) || req.ident.superuser(s)
}

/// Repositories whose name or description holds `query` (everything for an empty query).
fn matching_repos<'a>(s: &'a State, req: &Req, query: &str) -> Vec<&'a Repo> {
    let q = query.to_lowercase();
    s.repos
        .values()
        .filter(|r| q.is_empty() || r.name.to_lowercase().contains(&q) || r.description.to_lowercase().contains(&q))
        .filter(|r| searchable(s, req, r))
        .collect()
}

/// Quay's `search_entity_view` of a user, organization or robot.
fn entity_view(e: &Entity, score: f64) -> Value {
    let (kind, title, href) = match e.kind {
        Kind::Org => ("organization", "org", format!("/organization/{}", e.name)),
        Kind::User => ("user", "user", format!("/user/{}", e.name)),
        Kind::Robot => {
            let parent = e.name.split('+').next().unwrap_or_default();
            ("robot", "robot", format!("/organization/{parent}?tab=robots&showRobot={}", e.name))
        }
    };
    let avatar = if e.kind == Kind::Robot { Value::Null } else { natural_avatar(e) };
    let mut v = json!({"title": title, "kind": kind, "avatar": avatar, "name": e.name, "score": score, "href": href});
    if e.kind == Kind::Robot {
        v["short_name"] = json!(e.name.split_once('+').map(|x| x.1).unwrap_or_default());
    }
    v
}

/// Quay's `repo_result_view`, with the usage fields when asked for.
fn repo_view(s: &State, r: &Repo, usage: bool) -> Value {
    let ns = s.entity(r.ns).map(|e| entity_view(e, 1.0)).unwrap_or(Value::Null);
    let mut v = json!({
        "kind": "repository", "title": "repo", "namespace": ns, "name": r.name,
        "description": r.description, "is_public": r.public, "score": 4,
        "href": format!("/repository/{}/{}", s.name_of(r.ns), r.name),
    });
    if usage {
        if let Some(t) = r.tags.iter().map(|t| t.start).max() {
            v["last_modified"] = json!(t);
        }
        v["stars"] = json!(r.starred_by.len());
        v["popularity"] = json!(0.0);
    }
    v
}

/// conductRepoSearch: 10 a page, `page` clamped to 1..10, past the end an empty page.
pub(crate) fn repos(s: &mut State, req: &Req) -> ApiResult {
    let query = req.q("query").unwrap_or_default();
    let page = req.q_int("page", "The page.")?.unwrap_or(1).clamp(1, MAX_PAGES);
    let usage = req.q_bool("includeUsage", false);
    let offset = (page as usize - 1) * PER_PAGE;
    let all = matching_repos(s, req, query);
    let results: Vec<Value> = all.iter().skip(offset).take(PER_PAGE).map(|r| repo_view(s, r, usage)).collect();
    ok(
        200,
        json!({
            "results": results, "has_additional": all.len() > offset + PER_PAGE, "page": page,
            "page_size": PER_PAGE, "start_index": offset,
        }),
    )
}

/// conductSearch: for a signed-in caller its matching teams (member or admin) and robots, then
/// matching repositories and namespaces (5 of each), best score first; an empty query finds
/// nothing.
pub(crate) fn all(s: &mut State, req: &Req) -> ApiResult {
    // require_scope(READ_REPO): a token without repo:read is refused.
    if req.ident.token.is_some() && !req.ident.has_scope("repo:read") {
        return Err(req.unauthorized(s));
    }
    let query = req.q("query").unwrap_or_default().to_string();
    if query.is_empty() {
        return ok(200, json!({"results": []}));
    }
    let q = query.to_lowercase();
    let prefixed = |name: &str| name.to_lowercase().starts_with(&q);
    let mut results: Vec<Value> = vec![];
    if let Some(uid) = req.ident.user {
        let mut teams = 0;
        for org in s.entities.values().filter(|e| e.kind == Kind::Org) {
            let admin = req.ident.org_admin(s, &org.name);
            for t in org.teams.iter().filter(|t| prefixed(&t.name) && (admin || t.members.contains(&uid))) {
                if teams == 10 {
                    break;
                }
                teams += 1;
                results.push(json!({
                    "kind": "team", "name": t.name, "organization": entity_view(org, 1.0),
                    "avatar": team_avatar(t), "score": 2.0,
                    "href": format!("/organization/{}/teams/{}", org.name, t.name),
                }));
            }
        }
        let robots = s.entities.values().filter(|e| e.kind == Kind::Robot).filter(|e| {
            let (parent, short) = e.name.split_once('+').unwrap_or_default();
            short.to_lowercase().starts_with(&q) && (parent == s.name_of(uid) || req.ident.org_admin(s, parent))
        });
        results.extend(robots.take(5).map(|e| entity_view(e, 1.0)));
    }
    let repos: Vec<Value> = matching_repos(s, req, &query).into_iter().take(5).map(|r| repo_view(s, r, false)).collect();
    results.extend(repos);
    let namespaces = s.entities.values().filter(|e| e.kind != Kind::Robot && e.enabled && prefixed(&e.name));
    results.extend(namespaces.take(5).map(|e| entity_view(e, 1.0)));
    for r in &mut results {
        let name = r.get("short_name").or_else(|| r.get("name")).and_then(Value::as_str).unwrap_or_default().to_string();
        let base = r["score"].as_f64().unwrap_or(1.0);
        r["score"] = json!(base * closeness(&name, &query));
    }
    results.sort_by(|a, b| b["score"].as_f64().partial_cmp(&a["score"].as_f64()).unwrap_or(std::cmp::Ordering::Equal));
    ok(200, json!({"results": results}))
}

/// getMatchingEntities: users (and robots of `namespace` for its members, its teams with
/// includeTeams, the organization itself with includeOrgs for its admins) by name prefix.
pub(crate) fn entities(s: &mut State, req: &Req) -> ApiResult {
    let prefix: String = req.p("prefix").chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let namespace = req.q("namespace").unwrap_or_default();
    let org = s.find(namespace).filter(|e| e.kind == Kind::Org);
    let mut robot_ns = None;
    let mut results = vec![];
    let mut org_entry = vec![];
    if let Some(o) = org {
        if req.ident.org_member(s, namespace) || req.ident.superuser(s) {
            robot_ns = Some(o.name.clone());
            if req.q_bool("includeTeams", false) {
                for t in o.teams.iter().filter(|t| t.name.starts_with(&prefix)) {
                    results.push(json!({"name": t.name, "kind": "team", "is_org_member": true, "avatar": team_avatar(t)}));
                }
            }
            if req.q_bool("includeOrgs", false) && namespace.starts_with(&prefix) {
                org_entry.push(json!({"name": o.name, "kind": "org", "is_org_member": true, "avatar": natural_avatar(o)}));
            }
        }
    } else if req.ident.user.is_some_and(|u| s.name_of(u) == namespace) && req.ident.user_admin() {
        robot_ns = Some(namespace.to_string());
    }
    let users = s
        .entities
        .values()
        .filter(|e| e.enabled && e.name.starts_with(&prefix))
        .filter(|e| match e.kind {
            Kind::User => true,
            Kind::Robot => robot_ns.as_deref().is_some_and(|ns| e.name.starts_with(&format!("{ns}+"))),
            Kind::Org => false,
        })
        .take(10);
    for e in users {
        let mut v = json!({"name": e.name, "kind": "user", "is_robot": e.kind == Kind::Robot, "avatar": natural_avatar(e)});
        if let Some(o) = org {
            // A team membership or any permission on one of the organization's repositories.
            let member = e.kind == Kind::Robot
                || s.is_org_member(o.id, e.id)
                || s.repos.values().any(|r| r.ns == o.id && r.user_perms.iter().any(|(u, _)| *u == e.id));
            v["is_org_member"] = json!(member);
        }
        results.push(v);
    }
    results.extend(org_entry);
    ok(200, json!({"results": results}))
}
