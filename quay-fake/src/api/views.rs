//! Views shared by several chapters: avatars, quota views and reports, user summaries.

use crate::state::{Entity, Kind, Quota, State, Team};
use crate::util::{avatar, human_size};
use serde_json::{Value, json};

/// Avatar of a user, robot or organization with an explicit `kind` label.
pub fn entity_avatar(e: &Entity, kind: &str) -> Value {
    let source = if e.kind == Kind::Robot { e.name.clone() } else { e.email.clone() };
    avatar(&e.name, &source, kind)
}

/// Avatar of an entity with its natural kind (`user`, `robot` or `org`).
pub fn natural_avatar(e: &Entity) -> Value {
    entity_avatar(
        e,
        match e.kind {
            Kind::User => "user",
            Kind::Robot => "robot",
            Kind::Org => "org",
        },
    )
}

/// Avatar of a team.
pub fn team_avatar(t: &Team) -> Value {
    avatar(&t.name, &t.name, "team")
}

/// The full quota view (`getOrganizationQuota`, the quota lists).
pub fn quota_full(q: &Quota) -> Value {
    json!({
        "id": q.id,
        "limit_bytes": q.limit_bytes,
        "limit": human_size(q.limit_bytes),
        "default_config": false,
        "limits": [],
        "default_config_exists": false,
    })
}

/// The short quota view embedded in namespace views.
pub fn quota_short(q: &Quota) -> Value {
    json!({"id": q.id, "limit_bytes": q.limit_bytes, "limits": []})
}

/// Bytes used by a namespace: sizes of the manifests its repositories hold.
pub fn namespace_bytes(s: &State, ns: u64) -> i64 {
    s.repos.values().filter(|r| r.ns == ns).flat_map(|r| r.manifests.values()).map(|m| m.size).sum()
}

/// Bytes used by one repository.
pub fn repo_bytes(s: &State, repo: u64) -> i64 {
    s.repos.get(&repo).map(|r| r.manifests.values().map(|m| m.size).sum()).unwrap_or(0)
}

/// `quota_report` of a namespace view.
pub fn quota_report(s: &State, ns: u64) -> Value {
    let e = s.entity(ns);
    let configured = e.and_then(|e| e.quota.as_ref()).map(|q| q.limit_bytes);
    let backfill = if configured.is_some() { "complete" } else { "waiting" };
    json!({
        "quota_bytes": namespace_bytes(s, ns),
        "configured_quota": configured,
        "running_backfill": backfill,
        "backfill_status": backfill,
    })
}

/// `quotas` list of a namespace view.
pub fn quotas_short(e: &Entity) -> Value {
    Value::Array(e.quota.iter().map(quota_short).collect())
}

/// The superuser panel's user view (`listAllUsers`, `changeInstallUser`, key approvers); the
/// quota fields only with quota management on.
pub fn superuser_user_view(s: &State, e: &Entity) -> Value {
    let mut v = json!({
        "kind": "user",
        "name": e.name,
        "username": e.name,
        "email": e.email,
        "verified": true,
        "avatar": entity_avatar(e, "user"),
        "super_user": e.superuser,
        "global_readonly_super_user": false,
        "enabled": e.enabled,
    });
    with_quotas(s, e, &mut v);
    v
}

/// Adds a namespace's `quotas` and `quota_report` to its view when quota management is on.
fn with_quotas(s: &State, e: &Entity, view: &mut Value) {
    if s.features.quota_management {
        view["quotas"] = quotas_short(e);
        view["quota_report"] = quota_report(s, e.id);
    }
}

/// The superuser panel's organization view (`listAllOrganizations`, `changeOrganization`); the
/// quota fields only with quota management on.
pub fn superuser_org_view(s: &State, e: &Entity) -> Value {
    let mut v = json!({
        "name": e.name,
        "email": e.email,
        "avatar": entity_avatar(e, "org"),
    });
    with_quotas(s, e, &mut v);
    v
}

/// Whether entity `member` belongs to organization `org` (through a team, or as its robot).
pub fn is_org_member(s: &State, org: u64, member: u64) -> bool {
    let Some(o) = s.entity(org) else { return false };
    if o.teams.iter().any(|t| t.members.contains(&member)) {
        return true;
    }
    s.entity(member).and_then(|m| m.robot.as_ref()).is_some_and(|r| r.parent == org)
}

/// The user/robot summary used by permission and prototype views.
pub fn member_view(s: &State, org: u64, e: &Entity) -> Value {
    json!({
        "name": e.name,
        "is_robot": e.kind == Kind::Robot,
        "kind": "user",
        "is_org_member": is_org_member(s, org, e.id),
        "avatar": natural_avatar(e),
    })
}
