//! Tags: history listing (page/has_additional), create/move/expire, delete and restore.

use super::common::{Req, ok};
use crate::access::{require_normal, require_read, require_write};
use crate::http::errors::{self, invalid_request, not_found, problem};
use crate::http::{ApiResult, Reply};
use crate::model::{Repo, State, TagRow, valid_tag_name};
use crate::util::rfc2822;
use serde_json::{Value, json};

const TAG_ERROR: &str =
    "Invalid tag: must match [A-Za-z0-9_.-], NOT start with \".\" or \"-\", and can contain 1-128 characters";

/// One entry of listRepoTags (`immutable` only with FEATURE_IMMUTABLE_TAGS on, as in Quay).
fn tag_dict(r: &Repo, t: &TagRow, immutable_tags: bool) -> Value {
    let mut v = json!({"name": t.name, "reversion": t.reversion});
    let m = v.as_object_mut().expect("object");
    if immutable_tags {
        m.insert("immutable".into(), json!(t.immutable));
    }
    if t.start > 0 {
        m.insert("start_ts".into(), json!(t.start));
    }
    if let Some(e) = t.end.filter(|e| *e > 0) {
        m.insert("end_ts".into(), json!(e));
    }
    m.insert("manifest_digest".into(), json!(t.digest));
    m.insert("is_manifest_list".into(), json!(false));
    m.insert("size".into(), json!(r.manifests.get(&t.digest).map(|x| x.size).unwrap_or(0)));
    if t.start > 0 {
        m.insert("last_modified".into(), json!(rfc2822(t.start)));
    }
    if let Some(e) = t.end {
        m.insert("expiration".into(), json!(rfc2822(e)));
    }
    v
}

/// listRepoTags.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let limit = req.q_int("limit", "Limit to the number of results to return per page. Max 100.")?;
    let page = req.q_int("page", "Page index for the results. Default 1.")?;
    let page = page.unwrap_or(1).max(1) as usize;
    let limit = limit.unwrap_or(s.pages.tags_default as i64).clamp(1, s.pages.tags_max.max(1) as i64) as usize;
    let specific = req.q("specificTag").filter(|x| !x.is_empty());
    let filter = req.q("filter_tag_name").filter(|x| !x.is_empty());
    let active_only = req.q_bool("onlyActiveTags", false);
    let (ns, name) = req.repo();
    let r = s.repo(ns, name).ok_or_else(not_found)?;
    let t = s.now();
    let mut rows: Vec<&TagRow> = r
        .tags
        .iter()
        .filter(|x| specific.is_none_or(|n| x.name == n))
        .filter(|x| match filter.and_then(|f| f.split_once(':')) {
            Some(("like", v)) => x.name.contains(v),
            Some(("eq", v)) => x.name == v,
            _ => true,
        })
        .filter(|x| !active_only || x.end.is_none_or(|e| e > t))
        .collect();
    rows.sort_by_key(|x| std::cmp::Reverse((x.start, x.id)));
    let skip = (page - 1).saturating_mul(limit);
    let immutable_tags = s.features.immutable_tags;
    let tags: Vec<Value> = rows.iter().skip(skip).take(limit).map(|x| tag_dict(r, x, immutable_tags)).collect();
    ok(200, json!({"tags": tags, "page": page, "has_additional": rows.len() > skip + limit}))
}

/// changeTag (201 "Updated"): `expiration` (null clears, absent leaves), `immutable`, `manifest_digest`.
/// Marking a tag immutable is accepted whatever FEATURE_IMMUTABLE_TAGS says (Quay's API does not
/// check the flag); only with the flag on does an immutable tag refuse to move (409) or to take
/// an expiration (a bare 400). A new tag's version is immutable when a policy selects it.
pub(crate) fn change(s: &mut State, req: &Req) -> ApiResult {
    require_write(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let body = req.json("ChangeTag")?;
    let tag = req.p("tag").to_string();
    if !valid_tag_name(&tag) {
        return Err(errors::message(400, TAG_ERROR));
    }
    let (ns, name) = (req.repo().0.to_string(), req.repo().1.to_string());
    let id = s.repo_id(&ns, &name).ok_or_else(not_found)?;
    let ns_id = s.repos[&id].ns;
    let username = req.ident.user.map(|u| s.name_of(u));
    let t = s.now();
    if let Some(exp) = body.get("expiration") {
        let live = s.repos[&id].live_tag(&tag, t).ok_or_else(not_found)?;
        if s.features.immutable_tags && live.immutable {
            return Err(errors::message(400, format!("Cannot set expiration on immutable tag '{tag}'")));
        }
        let row = live.id;
        let new_end = match exp.as_f64() {
            Some(f) if (f as i64) <= t => return Err(errors::werkzeug_400()),
            Some(f) => Some(f as i64),
            None => None,
        };
        let row = s.repo_mut(id).tag_row_mut(row);
        let old = row.end;
        row.end = new_end;
        if !(old.is_none() && new_end.is_none()) {
            let meta = json!({
                "username": username, "repo": name, "tag": tag, "namespace": ns,
                "expiration_date": new_end, "old_expiration_date": old.map(|o| o * 1000),
            });
            req.log(s, "change_tag_expiration", Some(ns_id), meta);
        }
    }
    if let Some(flag) = body.get("immutable").and_then(Value::as_bool) {
        let row = s.repos[&id].live_tag(&tag, t).map(|x| x.id).ok_or_else(not_found)?;
        if !(flag || req.ident.can_admin(s, &ns, &name) || req.ident.superuser(s)) {
            return Err(req.unauthorized(s));
        }
        let previous = std::mem::replace(&mut s.repo_mut(id).tag_row_mut(row).immutable, flag);
        let meta = json!({"username": username, "repo": name, "tag": tag, "namespace": ns, "immutable": flag, "previous_immutable": previous});
        req.log(s, "change_tag_immutability", Some(ns_id), meta);
    }
    if let Some(digest) = body.get("manifest_digest") {
        let existing = s.repos[&id].live_tag(&tag, t).cloned();
        if s.features.immutable_tags && existing.as_ref().is_some_and(|x| x.immutable) {
            return Err(problem(409, "tag_immutable", format!("Cannot overwrite immutable tag '{tag}'")));
        }
        let digest = digest.as_str().unwrap_or_default().to_string();
        if !s.repos[&id].manifests.contains_key(&digest) {
            return Err(not_found());
        }
        s.retarget_tag(id, &tag, &digest, false);
        let kind = if existing.is_some() { "move_tag" } else { "create_tag" };
        let meta = json!({
            "username": username, "repo": name, "tag": tag, "namespace": ns,
            "manifest_digest": digest, "original_manifest_digest": existing.map(|x| x.digest),
        });
        req.log(s, kind, Some(ns_id), meta);
    }
    ok(201, json!("Updated"))
}

/// deleteFullTag.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    require_write(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let (ns, name) = req.repo();
    let id = s.repo_id(ns, name).ok_or_else(not_found)?;
    let tag = req.p("tag");
    let t = s.now();
    let row = s.repos[&id].live_tag(tag, t).cloned().ok_or_else(not_found)?;
    if s.features.immutable_tags && row.immutable {
        return Err(problem(409, "tag_immutable", format!("Cannot delete immutable tag '{tag}'")));
    }
    let r = s.repo_mut(id);
    r.tag_row_mut(row.id).end = Some(t);
    let ns_id = r.ns;
    let username = req.ident.user.map(|u| s.name_of(u));
    req.log(s, "delete_tag", Some(ns_id), json!({"username": username, "repo": name, "namespace": ns, "tag": tag}));
    Ok(Reply::empty(204))
}

/// restoreTag (200 `{}`; creates the tag when the name never existed).
pub(crate) fn restore(s: &mut State, req: &Req) -> ApiResult {
    require_write(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let body = req.json("RestoreTag")?;
    let (ns, name) = req.repo();
    let id = s.repo_id(ns, name).ok_or_else(not_found)?;
    let Some(digest) = body.get("manifest_digest").and_then(Value::as_str) else {
        return Err(invalid_request("Missing manifest_digest"));
    };
    if !s.repos[&id].manifests.contains_key(digest) {
        return Err(not_found());
    }
    let tag = req.p("tag");
    let t = s.now();
    if s.features.immutable_tags && s.repos[&id].live_tag(tag, t).is_some_and(|x| x.immutable) {
        return Err(problem(409, "tag_immutable", format!("Cannot overwrite immutable tag '{tag}'")));
    }
    s.retarget_tag(id, tag, digest, true);
    let ns_id = s.repos[&id].ns;
    let username = req.ident.user.map(|u| s.name_of(u));
    req.log(s, "revert_tag", Some(ns_id), json!({"username": username, "repo": name, "tag": tag, "manifest_digest": digest}));
    ok(200, json!({}))
}
