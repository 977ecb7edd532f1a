//! Namespace notifications (an organization's or the caller's quota events) and the user
//! notifications that the `quay_notification` method delivers, which the caller lists.

use super::common::{Req, ok};
use crate::access::require_org_admin;
use crate::http::errors::{invalid_request, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{NamespaceNotification, State, UserNotification};
use crate::util::{rfc2822, uuid4};
use serde_json::{Value, json};

/// The events a namespace notification may watch.
const EVENTS: [&str; 2] = ["quota_error", "quota_warning"];
/// The delivery methods Quay knows.
const METHODS: [&str; 6] = ["quay_notification", "email", "webhook", "flowdock", "hipchat", "slack"];

fn view(n: &NamespaceNotification) -> Value {
    json!({
        "uuid": n.uuid,
        "title": n.title,
        "event": n.event,
        "method": n.method,
        "config": n.config,
        "event_config": n.event_config,
        "number_of_failures": n.failures,
    })
}

/// Whether a webhook URL points somewhere Quay may call (http(s), not a local address).
fn webhook_allowed(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("").rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let private = ["127.", "10.", "192.168.", "169.254.", "0."].iter().any(|p| host.starts_with(p));
    !(host.is_empty() || host == "localhost" || host.ends_with(".localhost") || private || host.starts_with('['))
}

/// Validates a creation body the way Quay's handler does, after the JSON schema.
fn check(body: &Value) -> Result<(), Reply> {
    let event = body["event"].as_str().unwrap_or_default();
    if !EVENTS.contains(&event) {
        return Err(invalid_request(format!("Invalid event '{event}'. Must be one of: {}", EVENTS.join(", "))));
    }
    let method = body["method"].as_str().unwrap_or_default();
    if !METHODS.contains(&method) {
        return Err(invalid_request(format!("Unknown notification method '{method}'")));
    }
    let config = &body["config"];
    match method {
        "webhook" if !config["url"].as_str().is_some_and(webhook_allowed) => Err(invalid_request("Invalid webhook URL")),
        "quay_notification" if !config.get("target").is_some_and(Value::is_object) => Err(invalid_request("Missing target")),
        _ => Ok(()),
    }
}

fn create_in(s: &mut State, req: &Req, ns: u64, body: &Value) -> ApiResult {
    check(body)?;
    let n = NamespaceNotification {
        uuid: uuid4(),
        namespace: ns,
        title: body.get("title").and_then(Value::as_str).map(str::to_string),
        event: body["event"].as_str().unwrap_or_default().to_string(),
        method: body["method"].as_str().unwrap_or_default().to_string(),
        config: body["config"].clone(),
        event_config: body["eventConfig"].clone(),
        failures: 0,
        queued: 0,
    };
    let v = view(&n);
    s.chapters.namespace_notifications.push(n);
    req.log(s, "add_namespace_notification", Some(ns), json!({"notification_id": v["uuid"], "event": v["event"], "method": v["method"]}));
    ok(201, v)
}

fn list_in(s: &State, ns: u64) -> Value {
    json!({"notifications": s.chapters.namespace_notifications.iter().filter(|n| n.namespace == ns).map(view).collect::<Vec<_>>()})
}

fn index_in(s: &State, ns: u64, uuid: &str) -> Result<usize, Reply> {
    s.chapters.namespace_notifications.iter().position(|n| n.namespace == ns && n.uuid == uuid).ok_or_else(not_found)
}

/// The organization of the route, for its administrators (404 when missing).
fn admin_org(s: &State, req: &Req) -> Result<u64, Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    s.org_id(req.p("orgname")).ok_or_else(not_found)
}

/// listOrgNotifications.
pub(crate) fn org_list(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    ok(200, list_in(s, org))
}

/// createOrgNotification (201 with the notification).
pub(crate) fn org_create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewNamespaceNotification")?;
    let org = admin_org(s, req)?;
    create_in(s, req, org, &body)
}

/// getOrgNotification.
pub(crate) fn org_get(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let at = index_in(s, org, req.p("uuid"))?;
    ok(200, view(&s.chapters.namespace_notifications[at]))
}

/// testOrgNotification: queues a test event for the notification worker (200 `{}`).
pub(crate) fn org_test(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let at = index_in(s, org, req.p("uuid"))?;
    s.chapters.namespace_notifications[at].queued += 1;
    ok(200, json!({}))
}

/// resetOrgNotificationFailures (a POST on the item, 204).
pub(crate) fn org_reset(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let at = index_in(s, org, req.p("uuid"))?;
    s.chapters.namespace_notifications[at].failures = 0;
    Ok(Reply::empty(204))
}

/// deleteOrgNotification.
pub(crate) fn org_delete(s: &mut State, req: &Req) -> ApiResult {
    let org = admin_org(s, req)?;
    let at = index_in(s, org, req.p("uuid"))?;
    let n = s.chapters.namespace_notifications.remove(at);
    req.log(s, "delete_namespace_notification", Some(org), json!({"notification_id": n.uuid}));
    Ok(Reply::empty(204))
}

/// The caller (with `user:admin`).
fn me(s: &State, req: &Req) -> Result<u64, Reply> {
    match req.ident.user {
        Some(u) if req.ident.user_admin() => Ok(u),
        _ => Err(req.unauthorized(s)),
    }
}

/// listUserNamespaceNotifications.
pub(crate) fn user_list(s: &mut State, req: &Req) -> ApiResult {
    let u = me(s, req)?;
    ok(200, list_in(s, u))
}

/// createUserNamespaceNotification.
pub(crate) fn user_create(s: &mut State, req: &Req) -> ApiResult {
    let body = req.json("NewNamespaceNotification")?;
    let u = me(s, req)?;
    create_in(s, req, u, &body)
}

/// getUserNamespaceNotification (another namespace's gives 404, even to a superuser).
pub(crate) fn user_get(s: &mut State, req: &Req) -> ApiResult {
    let u = me(s, req)?;
    let at = index_in(s, u, req.p("uuid"))?;
    ok(200, view(&s.chapters.namespace_notifications[at]))
}

/// testUserNamespaceNotification: queues a test event for the notification worker (200 `{}`).
pub(crate) fn user_test(s: &mut State, req: &Req) -> ApiResult {
    let u = me(s, req)?;
    let at = index_in(s, u, req.p("uuid"))?;
    s.chapters.namespace_notifications[at].queued += 1;
    ok(200, json!({}))
}

/// resetUserNamespaceNotificationFailures.
pub(crate) fn user_reset(s: &mut State, req: &Req) -> ApiResult {
    let u = me(s, req)?;
    let at = index_in(s, u, req.p("uuid"))?;
    s.chapters.namespace_notifications[at].failures = 0;
    Ok(Reply::empty(204))
}

/// deleteUserNamespaceNotification.
pub(crate) fn user_delete(s: &mut State, req: &Req) -> ApiResult {
    let u = me(s, req)?;
    let at = index_in(s, u, req.p("uuid"))?;
    s.chapters.namespace_notifications.remove(at);
    Ok(Reply::empty(204))
}

/// listUserNotifications: the caller's notifications, newest first, `limit` (default 5) a
/// page from `page` (1-based), `additional` when more follow.
pub(crate) fn user_notifications(s: &mut State, req: &Req) -> ApiResult {
    let limit = req.q_int("limit", "Limit on the number of results (int)")?;
    let page = req.q_int("page", "Offset page number. (int)")?;
    let u = me(s, req)?;
    let limit = limit.unwrap_or(5).max(1) as usize;
    let page = page.unwrap_or(1).max(1) as usize;
    let mine: Vec<&UserNotification> = s.chapters.user_notifications.iter().rev().filter(|n| s.sees_notification(u, n)).collect();
    let start = (page - 1) * limit;
    let items: Vec<Value> = mine
        .iter()
        .skip(start)
        .take(limit)
        .map(|n| {
            json!({
                "id": n.uuid,
                "organization": n.organization,
                "kind": n.kind,
                "created": rfc2822(n.created),
                "metadata": n.metadata,
                "dismissed": false,
            })
        })
        .collect();
    ok(200, json!({"notifications": items, "additional": mine.len() > start + limit}))
}
