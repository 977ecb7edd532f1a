//! Builds: requesting, listing, reading and cancelling a repository's builds, and the superuser
//! build status, view and logs.

use super::common::{Req, ok};
use crate::access::{require_admin, require_normal, require_read, require_write};
use crate::http::errors::{invalid_request, invalid_response, message, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Build, Kind, State};
use crate::util::{self, rfc2822, uuid4};
use serde_json::{Value, json};

/// Quay's `build_status_view`; `superuser_view` is the superuser panel's reduced view, and
/// `can_write` decides `is_writer` and whether `archive_url` is shown.
fn view(b: &Build, superuser_view: bool, can_write: bool) -> Value {
    let mut v = json!({
        "id": b.uuid,
        "phase": b.phase,
        "started": rfc2822(b.started),
        "display_name": b.display_name,
        "status": {},
        "subdirectory": if superuser_view { "" } else { b.subdirectory.as_str() },
        "dockerfile_path": if superuser_view { "" } else { b.dockerfile_path.as_str() },
        "context": if superuser_view { "" } else { b.context.as_str() },
        "tags": if superuser_view { vec![] } else { b.tags.clone() },
        "manual_user": if superuser_view { None } else { b.manual_user.clone() },
        "is_writer": can_write,
        "trigger": null,
        "trigger_metadata": if superuser_view { Value::Null } else { json!({}) },
        "resource_key": null,
        "pull_robot": b.pull_robot,
        "repository": {"namespace": b.namespace, "name": b.repo_name},
        "error": null,
    });
    if !superuser_view
        && can_write
        && let Some(url) = &b.archive_url {
            v["archive_url"] = json!(url);
        }
    v
}

/// requestRepoBuild (201 build view; no worker ever runs, so builds stay `waiting`).
pub(crate) fn request(s: &mut State, req: &Req) -> ApiResult {
    require_write(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let body = req.json("RepositoryBuildRequest")?;
    let file_id = body.get("file_id").and_then(Value::as_str);
    let archive_url = body.get("archive_url").and_then(Value::as_str);
    if file_id.is_none() && archive_url.is_none() {
        return Err(invalid_request("file_id or archive_url required"));
    }
    if archive_url.is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://"))) {
        return Err(invalid_request("Invalid Archive URL: Must be http or https"));
    }
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let (dockerfile_path, context) = match (text("dockerfile_path"), text("subdirectory")) {
        (Some(p), _) => {
            let ctx = text("context").unwrap_or_else(|| p.rsplit_once('/').map(|x| x.0).unwrap_or("").to_string());
            (p, if ctx.is_empty() { "/".into() } else { ctx })
        }
        (None, Some(sub)) => (format!("{}/Dockerfile", sub.trim_end_matches('/')), sub),
        (None, None) => ("/Dockerfile".to_string(), text("context").unwrap_or_else(|| "/".into())),
    };
    let pull_robot = text("pull_robot");
    if let Some(p) = &pull_robot
        && s.find_kind(p, Kind::Robot).is_none() {
            return Err(invalid_request(format!("Invalid pull robot {p}")));
        }
    let (ns, name) = req.repo();
    let repo = s.repo_id(ns, name).ok_or_else(not_found)?;
    let tags: Vec<String> = body
        .get("docker_tags")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_else(|| vec!["latest".into()]);
    let uuid = uuid4();
    let b = Build {
        uuid: uuid.clone(),
        repo,
        namespace: ns.to_string(),
        repo_name: name.to_string(),
        phase: "waiting".into(),
        started: s.now(),
        display_name: util::hex(&util::rand_bytes(4))[..7].to_string(),
        tags,
        manual_user: req.ident.user.map(|u| s.name_of(u)),
        archive_url: archive_url.map(str::to_string),
        subdirectory: dockerfile_path.clone(),
        dockerfile_path,
        context,
        pull_robot,
    };
    let v = view(&b, false, true);
    s.builds.push(b);
    let ns_id = s.repos[&repo].ns;
    let meta = json!({"repo": name, "namespace": ns, "fileid": file_id, "archive_url": archive_url, "manual": true, "build_uuid": uuid});
    req.log(s, "build_dockerfile", Some(ns_id), meta);
    let location = format!("{}/api/v1/repository/{ns}/{name}/build/{uuid}", s.base_url);
    Ok(Reply::json(201, v).with_header("Location", &location))
}

fn superuser_build<'a>(s: &'a State, req: &Req) -> Result<Option<&'a Build>, Reply> {
    if !req.ident.authed() || !req.ident.superuser(s) {
        return Err(req.unauthorized(s));
    }
    Ok(s.builds.iter().find(|b| b.uuid == req.p("build_uuid")))
}

/// getRepoBuildSuperUser (404 for an unknown build).
pub(crate) fn su_get(s: &mut State, req: &Req) -> ApiResult {
    let b = superuser_build(s, req)?.ok_or_else(not_found)?;
    ok(200, view(b, true, true))
}

/// getRepoBuildStatusSuperUser (400 invalid_response for an unknown build).
pub(crate) fn su_status(s: &mut State, req: &Req) -> ApiResult {
    let uuid = req.p("build_uuid").to_string();
    let b = superuser_build(s, req)?
        .ok_or_else(|| invalid_response(format!("Unable to locate a build by id: {uuid}")))?;
    ok(200, view(b, true, true))
}

/// getRepoBuildLogsSuperUser (400 invalid_response for an unknown build).
pub(crate) fn su_logs(s: &mut State, req: &Req) -> ApiResult {
    let uuid = req.p("build_uuid").to_string();
    superuser_build(s, req)?.ok_or_else(|| invalid_response(format!("Unable to locate a build by id: {uuid}")))?;
    ok(200, json!({"start": 0, "total": 0, "logs": []}))
}

/// Whether the caller may write to the repository of the request (or is a superuser).
fn writer(s: &State, req: &Req) -> bool {
    let (ns, name) = req.repo();
    req.ident.can_write(s, ns, name) || req.ident.superuser(s)
}

/// The build `build_uuid` of the request's repository, if any.
fn repo_build<'a>(s: &'a State, req: &Req) -> Option<&'a Build> {
    let (ns, name) = req.repo();
    s.builds.iter().find(|b| b.uuid == req.p("build_uuid") && s.repo_id(ns, name) == Some(b.repo))
}

/// getRepoBuilds: newest first, at most `limit` (default 5), started at or after `since`; a
/// missing repository lists nothing.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let limit = req.q_int("limit", "The maximum number of builds to return")?.unwrap_or(5).max(0) as usize;
    let since = req.q_int("since", "Returns all builds since the given unix timecode")?;
    let (ns, name) = req.repo();
    let repo = s.repo_id(ns, name);
    let can_write = writer(s, req);
    let mut builds: Vec<&Build> =
        s.builds.iter().filter(|b| Some(b.repo) == repo && since.is_none_or(|t| b.started >= t)).collect();
    // Newest first; of builds started in the same second, the later request first.
    builds.reverse();
    builds.sort_by_key(|b| std::cmp::Reverse(b.started));
    let views: Vec<Value> = builds.into_iter().take(limit).map(|b| view(b, false, can_write)).collect();
    ok(200, json!({"builds": views}))
}

/// getRepoBuild (404 for an unknown build or one of another repository).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let b = repo_build(s, req).ok_or_else(not_found)?;
    ok(200, view(b, false, writer(s, req)))
}

/// getRepoBuildStatus (an unknown build id is Quay's uncaught 400 message).
pub(crate) fn status(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let uuid = req.p("build_uuid");
    if !s.builds.iter().any(|b| b.uuid == uuid) {
        return Err(message(400, format!("Unable to locate a build by id: {uuid}")));
    }
    let b = repo_build(s, req).ok_or_else(not_found)?;
    ok(200, view(b, false, writer(s, req)))
}

/// getRepoBuildLogs: writers and superusers only (READER_BUILD_LOGS is off); builds never run,
/// so no log entry exists.
pub(crate) fn logs(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    if !writer(s, req) {
        return Err(req.unauthorized(s));
    }
    let uuid = req.p("build_uuid");
    if !s.builds.iter().any(|b| b.uuid == uuid) {
        return Err(message(400, format!("Unable to locate a build by id: {uuid}")));
    }
    repo_build(s, req).ok_or_else(not_found)?;
    ok(200, json!({"start": 0, "total": 0, "logs": []}))
}

/// cancelRepoBuild: a waiting build becomes `cancelled` (201 "Okay"); any other phase is 400.
pub(crate) fn cancel(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let uuid = repo_build(s, req).ok_or_else(not_found)?.uuid.clone();
    let b = s.builds.iter_mut().find(|b| b.uuid == uuid).ok_or_else(not_found)?;
    if b.phase != "waiting" {
        return Err(invalid_request("Build is currently running or has finished"));
    }
    b.phase = "cancelled".into();
    let (ns, name) = req.repo();
    let ns_id = s.find(ns).map(|e| e.id);
    req.log(s, "cancel_build", ns_id, json!({"build_uuid": uuid, "repo": name, "namespace": ns}));
    ok(201, json!("Okay"))
}
