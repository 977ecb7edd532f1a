//! JSON views shared by several chapters: avatars, quota views and reports, the superuser
//! panel's user and organization views, member summaries.

use crate::model::{Entity, Kind, Quota, State, Team};
use crate::util::{human_size, sha256_hex};
use serde_json::{Value, json};

const COLORS: [&str; 40] = [
    "#969696", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    "#bcbd22", "#1f77b4", "#17becf", "#9edae5", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede",
    "#637939", "#8ca252", "#b5cf6b", "#cedb9c", "#8c6d31", "#bd9e39", "#e7ba52", "#e7cb94",
    "#843c39", "#ad494a", "#d6616b", "#e7969c", "#7b4173", "#a55194", "#ce6dbd", "#de9ed6",
];

/// Quay's avatar object `{name, hash, color, kind}` for a name and the string it hashes.
pub(crate) fn avatar(name: &str, hash_source: &str, kind: &str) -> Value {
    let hash = sha256_hex(hash_source.trim().to_lowercase().as_bytes());
    let idx = u64::from_str_radix(&hash[0..8], 16).unwrap_or(0) as usize % COLORS.len();
    json!({"name": name, "hash": hash, "color": COLORS[idx], "kind": kind})
}

/// Avatar of a user, robot or organization with an explicit `kind` label.
pub(crate) fn entity_avatar(e: &Entity, kind: &str) -> Value {
    let source = if e.kind == Kind::Robot { e.name.clone() } else { e.email.clone() };
    avatar(&e.name, &source, kind)
}

/// Avatar of an entity with its natural kind (`user`, `robot` or `org`).
pub(crate) fn natural_avatar(e: &Entity) -> Value {
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
pub(crate) fn team_avatar(t: &Team) -> Value {
    avatar(&t.name, &t.name, "team")
}

/// The full quota view (`getOrganizationQuota`, the quota lists).
pub(crate) fn quota_full(q: &Quota) -> Value {
    json!({
        "id": q.id,
        "limit_bytes": q.limit_bytes,
        "limit": human_size(q.limit_bytes),
        "default_config": false,
        "limits": quota_limits(q),
        "default_config_exists": false,
    })
}

/// A quota's thresholds, in Quay's order.
pub(crate) fn quota_limits(q: &Quota) -> Value {
    let limits: Vec<Value> =
        q.sorted_limits().iter().map(|l| json!({"id": l.id, "type": l.kind, "limit_percent": l.percent})).collect();
    Value::Array(limits)
}

/// The short quota view embedded in namespace views.
pub(crate) fn quota_short(q: &Quota) -> Value {
    json!({"id": q.id, "limit_bytes": q.limit_bytes, "limits": quota_limits(q)})
}

/// `quota_report` of a namespace view.
pub(crate) fn quota_report(s: &State, ns: u64) -> Value {
    let e = s.entity(ns);
    let configured = e.and_then(|e| e.quota.as_ref()).map(|q| q.limit_bytes);
    let backfill = if configured.is_some() { "complete" } else { "waiting" };
    json!({
        "quota_bytes": s.namespace_bytes(ns),
        "configured_quota": configured,
        "running_backfill": backfill,
        "backfill_status": backfill,
    })
}

/// `quotas` list of a namespace view.
pub(crate) fn quotas_short(e: &Entity) -> Value {
    Value::Array(e.quota.iter().map(quota_short).collect())
}

/// The superuser panel's user view (`listAllUsers`, `changeInstallUser`, key approvers); the
/// quota fields only with quota management on.
pub(crate) fn superuser_user_view(s: &State, e: &Entity) -> Value {
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
pub(crate) fn superuser_org_view(s: &State, e: &Entity) -> Value {
    let mut v = json!({
        "name": e.name,
        "email": e.email,
        "avatar": entity_avatar(e, "org"),
    });
    with_quotas(s, e, &mut v);
    v
}

/// The user/robot summary used by permission and prototype views.
pub(crate) fn member_view(s: &State, org: u64, e: &Entity) -> Value {
    json!({
        "name": e.name,
        "is_robot": e.kind == Kind::Robot,
        "kind": "user",
        "is_org_member": s.is_org_member(org, e.id),
        "avatar": natural_avatar(e),
    })
}
