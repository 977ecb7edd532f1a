//! Mirror health (getRepositoryMirrorHealth, getSuperUserRepositoryMirrorHealth): the enabled
//! mirrors of the registry, or of one namespace, counted by sync status, with the issues Quay
//! reports (never synced, out of retries, too many failing). No mirror worker runs in the fake,
//! as in the recorded Quay's API process: no worker counts, no pending tags, no last syncs.

use super::common::Req;
use crate::access::require_superuser;
use crate::http::errors::not_found;
use crate::http::{ApiResult, Reply};
use crate::model::{Kind, Mirror, RepoState, State};
use crate::util::iso_z;
use serde_json::{Value, json};

/// Most issues of each kind Quay lists.
const ISSUE_SAMPLE_CAP: usize = 5;

/// Quay's health document for namespace `ns` (all when None), with the per-repository page
/// `(limit, offset)` when detailed; the status is 200 when healthy, else 503.
fn health(s: &State, ns: Option<u64>, detailed: Option<(i64, i64)>) -> (u16, Value) {
    let mut mirrors: Vec<(String, &str, &Mirror)> = s
        .repos
        .values()
        .filter(|r| r.state == RepoState::Mirror && ns.is_none_or(|n| r.ns == n))
        .filter_map(|r| r.mirror.as_ref().filter(|m| m.is_enabled).map(|m| (s.name_of(r.ns), r.name.as_str(), m)))
        .collect();
    mirrors.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let count = |status: &str| mirrors.iter().filter(|(_, _, m)| m.sync_status == status).count();
    let (total, failed, never_run) = (mirrors.len(), count("FAIL"), count("NEVER_RUN"));
    let now = iso_z(s.now());
    let issue = |severity: &str, message: String| json!({"severity": severity, "message": message, "timestamp": now});
    let mut issues: Vec<Value> = mirrors
        .iter()
        .filter(|(_, _, m)| m.sync_status == "NEVER_RUN")
        .take(ISSUE_SAMPLE_CAP)
        .map(|(n, r, _)| issue("warning", format!("Repository {n}/{r} has never been synced")))
        .collect();
    issues.extend(
        mirrors
            .iter()
            .filter(|(_, _, m)| m.sync_status == "FAIL" && m.retries_remaining == 0)
            .take(ISSUE_SAMPLE_CAP)
            .map(|(n, r, _)| issue("error", format!("Repository {n}/{r} has exhausted all retry attempts"))),
    );
    let ran = total - never_run;
    let rate = if ran > 0 { failed as f64 / ran as f64 } else { 0.0 };
    let healthy = rate <= 0.2;
    if !healthy {
        issues.insert(0, issue("critical", format!("{:.1}% of repositories are failing (threshold: 20.0%)", rate * 100.0)));
    }
    let mut repositories = json!({
        "total": total, "syncing": count("SYNCING"), "completed": count("SUCCESS"), "failed": failed, "never_run": never_run,
    });
    if let Some((limit, offset)) = detailed {
        let (lim, off) = (limit.clamp(1, 1000) as usize, offset.max(0) as usize);
        let details: Vec<Value> = mirrors
            .iter()
            .skip(off)
            .take(lim)
            .map(|(n, r, m)| {
                json!({
                    "namespace": n, "repository": r, "sync_status": m.sync_status, "is_enabled": m.is_enabled,
                    "last_sync": null, "retries_remaining": m.retries_remaining,
                })
            })
            .collect();
        repositories["details"] = json!(details);
        repositories["pagination"] = json!({"limit": lim, "offset": off, "has_more": mirrors.len() > off + lim});
    }
    let doc = json!({
        "healthy": healthy,
        "workers": {"active": 0, "configured": 0, "status": if healthy { "healthy" } else { "degraded" }},
        "repositories": repositories,
        "tags_pending": 0,
        "last_check": now,
        "issues": issues,
    });
    (if healthy { 200 } else { 503 }, doc)
}

fn reply(status: u16, doc: Value) -> ApiResult {
    Ok(Reply::json(status, doc).with_header("Cache-Control", "no-cache, no-store, must-revalidate"))
}

/// getRepositoryMirrorHealth: superusers only, as the recorded Quay answered (an ordinary user
/// gets 403 even for its own namespace); an unknown namespace is 404.
pub(crate) fn repository(s: &mut State, req: &Req) -> ApiResult {
    let limit = req.q_int("limit", "Maximum repositories in detailed view (when detailed=true)")?;
    let offset = req.q_int("offset", "Offset into the sorted mirror list for detailed view")?;
    require_superuser(s, &req.ident)?;
    let ns = match req.q("namespace") {
        Some(name) => Some(s.find(name).filter(|e| e.kind != Kind::Robot).ok_or_else(not_found)?.id),
        None => None,
    };
    let detailed = req.q_bool("detailed", false).then(|| (limit.unwrap_or(100), offset.unwrap_or(0)));
    let (status, doc) = health(s, ns, detailed);
    reply(status, doc)
}

/// getSuperUserRepositoryMirrorHealth: the whole registry.
pub(crate) fn superuser(s: &mut State, req: &Req) -> ApiResult {
    require_superuser(s, &req.ident)?;
    let (status, doc) = health(s, None, None);
    reply(status, doc)
}
