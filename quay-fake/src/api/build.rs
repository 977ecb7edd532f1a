//! Builds: requesting, listing, reading and cancelling a repository's builds, and the superuser
//! build status, view and logs.

use super::common::{Req, ok};
use super::trigger;
use crate::access::{require_admin, require_normal, require_org_admin, require_read, require_write, unauthorized};
use crate::http::errors::{invalid_request, invalid_response, message, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Build, Kind, State};
use crate::util::{self, rfc2822, uuid4};
use serde_json::{Value, json};

/// What the caller may do on a build's repository (Quay's Read/Modify/AdministerRepository
/// permissions; a superuser may do everything).
#[derive(Clone, Copy)]
pub(crate) struct Caller {
    /// ReadRepositoryPermission (a public repository's visibility is not one).
    pub(crate) read: bool,
    /// ModifyRepositoryPermission.
    pub(crate) write: bool,
    /// AdministerRepositoryPermission.
    pub(crate) admin: bool,
}

impl Caller {
    /// The request's caller on the request's repository.
    pub(crate) fn of(s: &State, req: &Req) -> Caller {
        let (ns, name) = req.repo();
        let su = req.ident.superuser(s);
        Caller {
            read: req.ident.can_read(s, ns, name) || su,
            write: req.ident.can_write(s, ns, name) || su,
            admin: req.ident.can_admin(s, ns, name) || su,
        }
    }
}

/// Quay's `build_status_view`; `superuser_view` is the superuser panel's reduced view. The
/// caller's permissions decide `is_writer`, whether `archive_url` and the trigger metadata are
/// shown, and how much of the trigger.
pub(crate) fn view(s: &State, b: &Build, superuser_view: bool, caller: Caller) -> Value {
    let trigger = match (&b.trigger, superuser_view) {
        (Some(uuid), false) => s.trigger(uuid).map(|(_, t)| trigger::view(s, t, caller.read, caller.admin, true)),
        _ => None,
    };
    let pull_robot = b.pull_robot.as_ref().map(|name| json!({"name": name, "kind": "user", "is_robot": true}));
    let trigger_metadata = match (superuser_view, caller.read) {
        (false, true) => b.trigger_metadata.clone(),
        _ => Value::Null,
    };
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
        "is_writer": caller.write,
        "trigger": trigger,
        "trigger_metadata": trigger_metadata,
        "resource_key": null,
        "pull_robot": pull_robot,
        "repository": {"namespace": b.namespace, "name": b.repo_name},
        "error": null,
    });
    if !superuser_view
        && caller.write
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
    if let Some(p) = &pull_robot {
        // As Quay: an unknown robot is 404; a name that is no robot's, or a robot whose
        // namespace the caller does not administer, is 403.
        let Some((robot_ns, _)) = p.split_once('+') else { return Err(unauthorized(s, &req.ident)) };
        if s.find_kind(p, Kind::Robot).is_none() {
            return Err(not_found());
        }
        require_org_admin(s, &req.ident, robot_ns)?;
    }
    let (ns, name) = req.repo();
    let repo = s.repo_id(ns, name).ok_or_else(not_found)?;
    if let Some(f) = file_id {
        // No upload (getFiledropUrl) ever reaches the fake, so no file id is known.
        return Err(invalid_request(format!("File {f} could not be found or is invalid")));
    }
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
        trigger: None,
        trigger_metadata: json!({}),
    };
    let v = view(s, &b, false, Caller::of(s, req));
    // Quay's start_build logs it with neither performer nor token details.
    let meta = json!({"build_id": uuid, "docker_tags": b.tags, "repo": name, "namespace": ns, "is_manual": true, "manual_user": b.manual_user});
    s.builds.push(b);
    let ns_id = s.repos[&repo].ns;
    if let Value::Object(meta) = meta {
        s.log("build_dockerfile", Some(ns_id), None, meta);
    }
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
    ok(200, view(s, b, true, Caller { read: true, write: true, admin: true }))
}

/// getRepoBuildStatusSuperUser (400 invalid_response for an unknown build).
pub(crate) fn su_status(s: &mut State, req: &Req) -> ApiResult {
    let uuid = req.p("build_uuid").to_string();
    let b = superuser_build(s, req)?
        .ok_or_else(|| invalid_response(format!("Unable to locate a build by id: {uuid}")))?;
    ok(200, view(s, b, true, Caller { read: true, write: true, admin: true }))
}

/// getRepoBuildLogsSuperUser (400 invalid_response for an unknown build).
pub(crate) fn su_logs(s: &mut State, req: &Req) -> ApiResult {
    let uuid = req.p("build_uuid").to_string();
    superuser_build(s, req)?.ok_or_else(|| invalid_response(format!("Unable to locate a build by id: {uuid}")))?;
    ok(200, json!({"start": 0, "total": 0, "logs": []}))
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
    let caller = Caller::of(s, req);
    let mut builds: Vec<&Build> =
        s.builds.iter().filter(|b| Some(b.repo) == repo && since.is_none_or(|t| b.started >= t)).collect();
    // Newest first; of builds started in the same second, the later request first.
    builds.reverse();
    builds.sort_by_key(|b| std::cmp::Reverse(b.started));
    let views: Vec<Value> = builds.into_iter().take(limit).map(|b| view(s, b, false, caller)).collect();
    ok(200, json!({"builds": views}))
}

/// getRepoBuild (404 for an unknown build or one of another repository).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let b = repo_build(s, req).ok_or_else(not_found)?;
    ok(200, view(s, b, false, Caller::of(s, req)))
}

/// getRepoBuildStatus (an unknown build id is Quay's uncaught 400 message).
pub(crate) fn status(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let uuid = req.p("build_uuid");
    if !s.builds.iter().any(|b| b.uuid == uuid) {
        return Err(message(400, format!("Unable to locate a build by id: {uuid}")));
    }
    let b = repo_build(s, req).ok_or_else(not_found)?;
    ok(200, view(s, b, false, Caller::of(s, req)))
}

/// getRepoBuildLogs: writers and superusers only (READER_BUILD_LOGS is off); builds never run,
/// so no log entry exists.
pub(crate) fn logs(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    if !Caller::of(s, req).write {
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
    let (ns, _) = req.repo();
    let ns_id = s.find(ns).map(|e| e.id);
    req.log_in_repo(s, "cancel_build", ns_id, json!({"build_uuid": uuid}));
    ok(201, json!("Okay"))
}
