//! Build triggers (listBuildTriggers, getBuildTrigger, updateBuildTrigger,
//! activateBuildTrigger, manuallyStartBuildTrigger, listTriggerRecentBuilds,
//! deleteBuildTrigger) as Quay's `endpoints/api/trigger.py` and its custom-git handler serve
//! them.
//!
//! Like Quay, the handlers find a trigger by its uuid alone (the repository in the path is only
//! what the caller must administer), and a manual start queues the build in the path's
//! repository. The fake reaches no GitHub, GitLab or Bitbucket: their triggers stay inactive,
//! and activating one fails as Quay does when the service cannot be reached (the connection
//! error is not caught: an HTML 500).

use super::build::{Caller, view as build_view};
use super::common::{Req, ok};
use crate::access::{require_admin, require_normal};
use crate::http::errors::{invalid_request, not_found, server_error};
use crate::http::{ApiResult, Reply, schema};
use crate::model::{Build, BuildTrigger, Kind, State};
use crate::util::{ALNUM, base64, rand_bytes, rand_string, uuid4};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// Quay's `trigger_view`: `can_read` shows the build source, `can_admin` the configuration
/// (and makes `can_invoke` true); builds never show the pull robot.
pub(crate) fn view(s: &State, t: &BuildTrigger, can_read: bool, can_admin: bool, for_build: bool) -> Value {
    let mut v = json!({
        "id": t.uuid,
        "service": t.service,
        "is_active": t.is_active(),
        "build_source": if can_read { t.build_source().cloned().unwrap_or(Value::Null) } else { Value::Null },
        // Custom git has no repository URL; the other services' triggers never get a build
        // source here (they cannot be activated without reaching the service).
        "repository_url": null,
        "config": if can_admin { Value::Object(t.config.clone()) } else { json!({}) },
        "can_invoke": can_admin,
        "enabled": t.enabled,
        "disabled_reason": t.disabled_reason,
    });
    if !for_build
        && can_admin
        && let Some(robot) = t.pull_robot.and_then(|id| s.entity(id)) {
            v["pull_robot"] = json!({"name": robot.name, "kind": "user", "is_robot": true});
        }
    v
}

/// `get_trigger`: the trigger with this uuid, wherever it lives, or 404.
fn find(s: &State, req: &Req) -> Result<BuildTrigger, Reply> {
    s.trigger(req.p("trigger_uuid")).map(|(_, t)| t.clone()).ok_or_else(not_found)
}

/// listBuildTriggers: the repository's triggers (none for a missing repository).
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let triggers: Vec<Value> =
        s.repo(ns, name).map(|r| r.triggers.iter().map(|t| view(s, t, true, true, false)).collect()).unwrap_or_default();
    ok(200, json!({"triggers": triggers}))
}

/// getBuildTrigger (404 for an unknown trigger).
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let t = find(s, req)?;
    ok(200, view(s, &t, true, true, false))
}

/// updateBuildTrigger: enables or disables an activated trigger; the answer hides the config.
pub(crate) fn update(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let body = req.json("UpdateTrigger")?;
    let t = find(s, req)?;
    if !t.is_active() {
        return Err(invalid_request("Cannot update an unactivated trigger"));
    }
    let enable = body["enabled"].as_bool().unwrap_or_default();
    let t = s.trigger_mut(&t.uuid).ok_or_else(not_found)?;
    t.enabled = enable;
    if !enable {
        t.disabled_reason = Some("user_toggled".into());
    }
    let t = t.clone();
    let (ns, name) = req.repo();
    let meta = json!({"repo": name, "trigger_id": t.uuid, "service": t.service, "enabled": enable});
    let ns_id = s.find(ns).map(|e| e.id);
    req.log(s, "toggle_repo_trigger", ns_id, meta);
    ok(200, view(s, &t, false, false, false))
}

/// deleteBuildTrigger: 204; an active trigger is deactivated (and the deletion logged) first.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let t = find(s, req)?;
    if t.is_active() {
        let (ns, name) = req.repo();
        let meta = json!({"repo": name, "trigger_id": t.uuid, "service": t.service});
        let ns_id = s.find(ns).map(|e| e.id);
        req.log(s, "delete_repo_trigger", ns_id, meta);
    }
    s.delete_trigger(&t.uuid);
    Ok(Reply::empty(204))
}

/// An SSH public key in OpenSSH's `ssh-rsa` format (the fake keeps no private key: no build
/// ever clones the source).
fn ssh_public_key() -> String {
    let mut modulus = rand_bytes(256);
    modulus[0] |= 0x80;
    let mut wire = Vec::new();
    for part in [b"ssh-rsa".to_vec(), vec![1, 0, 1], [vec![0], modulus].concat()] {
        wire.extend_from_slice(&(part.len() as u32).to_be_bytes());
        wire.extend_from_slice(&part);
    }
    format!("ssh-rsa {}", base64(&wire))
}

/// activateBuildTrigger: stores the config, the pull robot and (custom git) the credentials.
pub(crate) fn activate(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let body = req.json("BuildTriggerActivateRequest")?;
    let t = find(s, req)?;
    if t.is_active() {
        return Err(invalid_request("Trigger config is not sufficient for activation."));
    }
    // UserAdminPermission of the user who set the trigger up.
    if req.ident.user != Some(t.connected_user) || !req.ident.user_admin() {
        return Err(req.unauthorized(s));
    }
    let (ns, name) = req.repo();
    let mut pull_robot = t.pull_robot;
    if let Some(robot) = body.get("pull_robot").and_then(Value::as_str).filter(|r| !r.is_empty()) {
        let id = s.find_kind(robot, Kind::Robot).ok_or_else(not_found)?;
        let robot_ns = robot.split_once('+').map_or(robot, |(n, _)| n);
        if !req.ident.org_admin(s, robot_ns) || robot_ns != ns {
            return Err(req.unauthorized(s));
        }
        pull_robot = Some(id);
    }
    if t.service != "custom-git" {
        return Err(server_error());
    }
    let mut config: Map<String, Value> = body["config"].as_object().cloned().unwrap_or_default();
    let (scheme, host) = s.base_url.split_once("://").unwrap_or(("http", &s.base_url));
    let write_token = rand_string(64, ALNUM);
    let webhook = format!("{scheme}://$token:{write_token}@{host}/webhooks/push/trigger/{}", t.uuid);
    let ssh_key = ssh_public_key();
    config.insert(
        "credentials".into(),
        json!([{"name": "SSH Public Key", "value": ssh_key}, {"name": "Webhook Endpoint URL", "value": webhook}]),
    );
    let robot_name = pull_robot.map(|id| s.name_of(id));
    // Quay logs the whole config; the fake masks the secret token of the webhook URL (the audit
    // log is readable by organization admins), as the recordings show it.
    let mut logged = config.clone();
    logged.insert(
        "credentials".into(),
        json!([{"name": "SSH Public Key", "value": ssh_key}, {"name": "Webhook Endpoint URL", "value": webhook.replace(&write_token, "<token>")}]),
    );
    let stored = s.trigger_mut(&t.uuid).ok_or_else(not_found)?;
    stored.config = config;
    stored.pull_robot = pull_robot;
    let stored = stored.clone();
    let meta = json!({
        "repo": name, "namespace": ns, "trigger_id": t.uuid, "service": t.service,
        "pull_robot": robot_name, "config": logged,
    });
    let ns_id = s.find(ns).map(|e| e.id);
    req.log(s, "setup_repo_trigger", ns_id, meta);
    ok(200, view(s, &stored, true, true, false))
}

/// Quay's `escape_tag`: a usable tag name (`latest` for an empty one).
fn escape_tag(tag: &str) -> String {
    if tag.is_empty() {
        return "latest".into();
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    tag.chars()
        .enumerate()
        .map(|(i, c)| if word(c) || (i > 0 && (c == '.' || c == '-')) { c } else { '_' })
        .take(127)
        .collect()
}

/// One of the config's `tag_templates` applied to the build metadata: each `${dotted.path}`
/// replaced by the metadata's string or number there; None when one is missing.
fn apply_template(template: &str, metadata: &Value) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let end = rest[start..].find('}')? + start;
        out.push_str(&rest[..start]);
        let value = rest[start + 2..end].split('.').try_fold(metadata, |v, k| v.get(k))?;
        match value {
            Value::String(text) => out.push_str(text),
            Value::Number(n) => out.push_str(&n.to_string()),
            _ => return None,
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Quay's `_determine_tags` for a manual start (no git ref): the templates' results, or the
/// short SHA.
fn determine_tags(config: &Map<String, Value>, metadata: &Value, commit: &str) -> Vec<String> {
    let mut data = metadata.clone();
    data["commit_info"] = json!({"short_sha": short_sha(commit)});
    let templates = config.get("tag_templates").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut tags: BTreeSet<String> = templates
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|t| apply_template(t, &data))
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() {
        tags.insert(short_sha(commit));
    }
    tags.iter().map(|t| escape_tag(t)).collect()
}

fn short_sha(commit: &str) -> String {
    commit.chars().take(7).collect()
}

/// A prepared build's subdirectory or context from the config: absent or null makes Quay's
/// `PreparedBuild` raise (a 500).
fn config_text(config: &Map<String, Value>, key: &str) -> Result<String, Reply> {
    match config.get(key) {
        None | Some(Value::Null) => Err(server_error()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(other) => Ok(other.to_string()),
    }
}

/// manuallyStartBuildTrigger: 201 with the queued build.
pub(crate) fn start(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let body = req.json("RunParameters")?;
    let t = find(s, req)?;
    if !t.enabled {
        return Err(invalid_request("Trigger is not enabled."));
    }
    if !t.is_active() {
        return Err(invalid_request("Trigger is not active."));
    }
    let (ns, name) = req.repo();
    let Some(repo) = s.repo_id(ns, name) else { return Err(server_error()) };
    if t.service != "custom-git" {
        // Reading branches and commits needs the service, which the fake cannot reach.
        return Err(server_error());
    }
    let Some(commit) = body.get("commit_sha").and_then(Value::as_str) else {
        return Err(invalid_request("missing required parameter"));
    };
    // The config's build_source is read unchecked: a KeyError (500) without one.
    let git_url = t.build_source().cloned().ok_or_else(server_error)?;
    let metadata = json!({"commit": commit, "git_url": git_url});
    let hex = commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit());
    if !hex {
        return Err(invalid_request(format!("{} does not match '^([A-Fa-f0-9]{{7,}})$'", schema::py_repr(&json!(commit)))));
    }
    if !git_url.is_string() {
        return Err(invalid_request(format!("{} is not of type 'string'", schema::py_repr(&git_url))));
    }
    let dockerfile_path = config_text(&t.config, "dockerfile_path")?;
    let context = config_text(&t.config, "context")?;
    let tags = determine_tags(&t.config, &metadata, commit);
    let uuid = uuid4();
    let manual_user = req.ident.user.map(|u| s.name_of(u));
    let b = Build {
        uuid: uuid.clone(),
        repo,
        namespace: ns.to_string(),
        repo_name: name.to_string(),
        phase: "waiting".into(),
        started: s.now(),
        display_name: short_sha(commit),
        tags: tags.clone(),
        manual_user: manual_user.clone(),
        archive_url: None,
        subdirectory: dockerfile_path.clone(),
        dockerfile_path,
        context,
        pull_robot: t.pull_robot.and_then(|id| s.entity(id)).map(|e| e.name.clone()),
        trigger: Some(t.uuid.clone()),
        trigger_metadata: metadata.clone(),
    };
    s.builds.push(b);
    let b = s.builds.last().ok_or_else(server_error)?;
    let v = build_view(s, b, false, Caller::of(s, req));
    // Quay's start_build logs it with the caller as performer but no token details.
    let meta = json!({
        "build_id": uuid, "docker_tags": tags, "repo": name, "namespace": ns, "is_manual": true,
        "manual_user": manual_user, "trigger_id": t.uuid, "trigger_kind": t.service, "trigger_metadata": metadata,
        "trigger_manual": true,
    });
    let ns_id = s.find(ns).map(|e| e.id);
    if let Value::Object(meta) = meta {
        s.log("build_dockerfile", ns_id, req.ident.user, meta);
    }
    let location = format!("{}/api/v1/repository/{ns}/{name}/build/{uuid}", s.base_url);
    Ok(Reply::json(201, v).with_header("Location", &location))
}

/// listTriggerRecentBuilds: the trigger's builds in this repository, newest first, at most
/// `limit` (default 5); an unknown or deleted trigger lists nothing.
pub(crate) fn builds(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let limit = req.q_int("limit", "The maximum number of builds to return")?.unwrap_or(5).max(0) as usize;
    let (ns, name) = req.repo();
    let repo = s.repo_id(ns, name);
    let uuid = req.p("trigger_uuid");
    let caller = Caller::of(s, req);
    let mut builds: Vec<&Build> =
        s.builds.iter().filter(|b| Some(b.repo) == repo && b.trigger.as_deref() == Some(uuid)).collect();
    builds.reverse();
    builds.sort_by_key(|b| std::cmp::Reverse(b.started));
    let views: Vec<Value> = builds.into_iter().take(limit).map(|b| build_view(s, b, false, caller)).collect();
    ok(200, json!({"builds": views}))
}
