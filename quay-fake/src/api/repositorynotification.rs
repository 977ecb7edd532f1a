//! Repository notifications (createRepoNotification, listRepoNotifications,
//! getRepoNotification, testRepoNotification, resetRepositoryNotificationFailures,
//! deleteRepoNotification), with each method's config checks as Quay makes them.

use super::common::{Req, ok};
use crate::access::require_admin;
use crate::http::errors::{invalid_request, not_found, server_error};
use crate::http::{ApiResult, Reply};
use crate::model::{EVENTS, Kind, METHODS, RepoNotification, State};
use crate::util::uuid4;
use serde_json::{Value, json};

/// Hosts Quay's webhook method refuses (its `HOSTNAME_BLACKLIST`, matched literally).
const HOSTNAME_BLACKLIST: [&str; 2] = ["localhost", "127.0.0.1"];

fn view(n: &RepoNotification) -> Value {
    json!({
        "uuid": n.uuid, "title": n.title, "event": n.event, "method": n.method,
        "config": n.config, "event_config": n.event_config, "number_of_failures": n.failures,
    })
}

/// Python's `urlparse(url)`: the scheme and the lowercased host (None when there is none).
fn scheme_and_host(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else { return (String::new(), None) };
    let valid_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !valid_scheme {
        return (String::new(), None);
    }
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let hostport = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let host = if let Some(v6) = hostport.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        hostport.split(':').next().unwrap_or_default()
    };
    (scheme.to_ascii_lowercase(), Some(host.to_ascii_lowercase()).filter(|h| !h.is_empty()))
}

/// The method's `validate`: Ok, a 400 message, or Quay's 500 for the shapes it crashes on.
fn validate_method(s: &State, ns: &str, method: &str, config: &Value) -> Result<(), Reply> {
    let text = |k: &str| config.get(k).and_then(Value::as_str).unwrap_or_default();
    let refuse = |m: &str| Err(invalid_request(m));
    match method {
        "quay_notification" => {
            let target = &config["target"];
            let kind = target["kind"].as_str().unwrap_or_default();
            if !target.is_object() || kind.is_empty() {
                return refuse("Missing target");
            }
            let name = target["name"].as_str().unwrap_or_default();
            match kind {
                "user" if !s.find(name).is_some_and(|e| e.kind == Kind::User) => refuse(&format!("Unknown user {name}")),
                "user" => Ok(()),
                "org" if !s.find(name).is_some_and(|e| e.kind == Kind::Org) => refuse(&format!("Unknown organization {name}")),
                // Quay returns a 2-tuple where its caller unpacks three: a 500.
                "org" if name != ns => Err(server_error()),
                "org" => Ok(()),
                "team" => match s.find(ns).and_then(|o| s.team(o.id, name)) {
                    Some(_) => Ok(()),
                    None => refuse(&format!("Unknown team {name}")),
                },
                _ => Err(server_error()),
            }
        }
        "email" if text("email").is_empty() => refuse("Missing e-mail address"),
        // The fake keeps no authorized (confirmed) e-mail addresses for repositories.
        "email" => refuse("The specified e-mail address is not authorized to receive notifications for this repository"),
        "webhook" => {
            let url = text("url");
            if url.is_empty() {
                return refuse("Missing webhook URL");
            }
            match scheme_and_host(url) {
                (scheme, _) if scheme != "http" && scheme != "https" => refuse("Invalid webhook URL"),
                (_, None) => Err(server_error()),
                (_, Some(host)) if HOSTNAME_BLACKLIST.contains(&host.as_str()) => refuse("Invalid webhook URL"),
                _ => Ok(()),
            }
        }
        "flowdock" if text("flow_api_token").is_empty() => refuse("Missing Flowdock API Token"),
        "hipchat" if text("notification_token").is_empty() => refuse("Missing Hipchat Room Notification Token"),
        "hipchat" if text("room_id").is_empty() => refuse("Missing Hipchat Room ID"),
        "slack" if text("url").is_empty() => refuse("Missing Slack Callback URL"),
        "flowdock" | "hipchat" | "slack" => Ok(()),
        // InvalidNotificationMethodException is not caught: Quay answers an HTML 500.
        _ => Err(server_error()),
    }
}

/// The 400 Quay answers for a notification the repository does not hold.
fn missing(req: &Req) -> Reply {
    let (ns, name) = req.repo();
    invalid_request(format!("No repository notification found for: {ns}, {name}, {}", req.p("uuid")))
}

/// createRepoNotification: 201 with the notification.
pub(crate) fn create(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let body = req.json("RepoNotificationCreateRequest")?;
    let (ns, name) = req.repo();
    let method = body["method"].as_str().unwrap_or_default();
    if !METHODS.contains(&method) {
        return Err(server_error());
    }
    validate_method(s, ns, method, &body["config"])?;
    let event = body["event"].as_str().unwrap_or_default();
    // An unknown event, or a repository that does not exist, fails inside Quay's model: 500.
    let Some(repo) = s.repo_id(ns, name).filter(|_| EVENTS.contains(&event)) else { return Err(server_error()) };
    let n = RepoNotification {
        uuid: uuid4(),
        title: body["title"].as_str().map(str::to_string),
        event: event.to_string(),
        method: method.to_string(),
        config: body["config"].clone(),
        event_config: body["eventConfig"].clone(),
        failures: 0,
        queued: 0,
    };
    let out = view(&n);
    let meta = json!({"repo": name, "namespace": ns, "notification_id": n.uuid, "event": n.event, "method": n.method});
    let ns_id = s.repos[&repo].ns;
    s.repo_mut(repo).notifications.push(n);
    req.log(s, "add_repo_notification", Some(ns_id), meta);
    ok(201, out)
}

/// listRepoNotifications: a missing repository lists none.
pub(crate) fn list(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let items: Vec<Value> = s.repo(ns, name).map(|r| r.notifications.iter().map(view).collect()).unwrap_or_default();
    ok(200, json!({"notifications": items}))
}

/// getRepoNotification: looked up by id alone, as Quay does; 404 when unknown.
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (repo, at) = s.notification_at(req.p("uuid")).ok_or_else(not_found)?;
    ok(200, view(&s.repos[&repo].notifications[at]))
}

/// The repository id and index of the request's notification in the request's repository.
fn in_repo(s: &State, req: &Req) -> Option<(u64, usize)> {
    let (ns, name) = req.repo();
    let r = s.repo(ns, name)?;
    r.notifications.iter().position(|n| n.uuid == req.p("uuid")).map(|i| (r.id, i))
}

fn log_change(s: &mut State, req: &Req, kind: &str, n: &RepoNotification, ns_id: u64) {
    let (ns, name) = req.repo();
    let meta = json!({"repo": name, "namespace": ns, "notification_id": n.uuid, "event": n.event, "method": n.method});
    req.log(s, kind, Some(ns_id), meta);
}

/// deleteRepoNotification: 204; an unknown one is 400.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (repo, at) = in_repo(s, req).ok_or_else(|| missing(req))?;
    let ns_id = s.repos[&repo].ns;
    let n = s.repo_mut(repo).notifications.remove(at);
    log_change(s, req, "delete_repo_notification", &n, ns_id);
    Ok(Reply::empty(204))
}

/// resetRepositoryNotificationFailures: 204 with the count back at 0; an unknown one is 400.
pub(crate) fn reset(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (repo, at) = in_repo(s, req).ok_or_else(|| missing(req))?;
    let ns_id = s.repos[&repo].ns;
    let n = &mut s.repo_mut(repo).notifications[at];
    n.failures = 0;
    let n = n.clone();
    log_change(s, req, "reset_repo_notification", &n, ns_id);
    Ok(Reply::empty(204))
}

/// testRepoNotification: queues a test event for the worker and answers 200 `{}`; an unknown
/// notification (looked up by id alone) is 400.
pub(crate) fn test(s: &mut State, req: &Req) -> ApiResult {
    require_admin(s, &req.ident, req.repo())?;
    let (repo, at) = s.notification_at(req.p("uuid")).ok_or_else(|| missing(req))?;
    s.repo_mut(repo).notifications[at].queued += 1;
    ok(200, json!({}))
}
