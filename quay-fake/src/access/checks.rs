//! The permission checks handlers share. Each passes or answers Quay's error: `Unauthorized()`
//! (401 for anonymous callers, else 403), the 503 of a repository that is not in normal state,
//! or the CSRF 403 of a write made without a token.

use super::Identity;
use crate::http::{Reply, errors};
use crate::model::{Kind, RepoState, State};

/// Quay's `Unauthorized()` for this caller (an organization's token counts as anonymous).
pub(crate) fn unauthorized(s: &State, ident: &Identity) -> Reply {
    let org = ident.user.and_then(|u| s.entity(u)).is_some_and(|e| e.kind == Kind::Org);
    errors::unauthorized(ident.authed() && !org)
}

fn allow(s: &State, ident: &Identity, allowed: bool) -> Result<(), Reply> {
    if allowed { Ok(()) } else { Err(unauthorized(s, ident)) }
}

/// The caller may read the repository: a grant, public visibility, or a full-access superuser.
fn read_allowed(s: &State, ident: &Identity, ns: &str, name: &str) -> bool {
    ident.can_read(s, ns, name) || s.repo(ns, name).is_some_and(|r| r.public) || ident.superuser(s)
}

/// Quay's `require_repo_read(allow_for_superuser=True)` on repository `(namespace, name)`.
pub(crate) fn require_read(s: &State, ident: &Identity, (ns, name): (&str, &str)) -> Result<(), Reply> {
    allow(s, ident, read_allowed(s, ident, ns, name))
}

/// Quay's `require_repo_write(allow_for_superuser=True)` on repository `(namespace, name)`.
pub(crate) fn require_write(s: &State, ident: &Identity, (ns, name): (&str, &str)) -> Result<(), Reply> {
    allow(s, ident, ident.can_write(s, ns, name) || ident.superuser(s))
}

/// Quay's `require_repo_admin(allow_for_superuser=True)` on repository `(namespace, name)`.
pub(crate) fn require_admin(s: &State, ident: &Identity, (ns, name): (&str, &str)) -> Result<(), Reply> {
    allow(s, ident, ident.can_admin(s, ns, name) || ident.superuser(s))
}

/// Quay's `disallow_for_non_normal_repositories` on repository `(namespace, name)`: 503 while
/// READ_ONLY or MIRROR.
pub(crate) fn require_normal(s: &State, (ns, name): (&str, &str)) -> Result<(), Reply> {
    match s.repo(ns, name) {
        Some(r) if r.state != RepoState::Normal => {
            Err(errors::message(503, format!("Repository is in read only or mirror mode: {}", r.state.value())))
        }
        _ => Ok(()),
    }
}

/// SuperUserPermission.
pub(crate) fn require_superuser(s: &State, ident: &Identity) -> Result<(), Reply> {
    allow(s, ident, ident.superuser(s))
}

/// AdministerOrganizationPermission on `org`, or a superuser.
pub(crate) fn require_org_admin(s: &State, ident: &Identity, org: &str) -> Result<(), Reply> {
    allow(s, ident, ident.org_admin(s, org) || ident.superuser(s))
}

/// OrganizationMemberPermission on `org`, or a superuser.
pub(crate) fn require_org_member(s: &State, ident: &Identity, org: &str) -> Result<(), Reply> {
    allow(s, ident, ident.org_member(s, org) || ident.superuser(s))
}

/// Quay's CSRF protection: a write (anything but GET and HEAD) made without an OAuth token must
/// carry the CSRF token of its session in `X-CSRF-Token`.
pub(crate) fn check_csrf(s: &State, ident: &Identity, method: &str, session: Option<&str>, given: Option<&str>) -> Result<(), Reply> {
    if ident.token.is_some() || method == "GET" || method == "HEAD" {
        return Ok(());
    }
    let expected = session.and_then(|id| s.sessions.get(id)).and_then(|x| x.csrf.as_deref());
    if expected.is_none() || expected != given {
        let mut msg = "CSRF token was invalid or missing.".to_string();
        if let Some(u) = ident.user {
            msg = format!("{msg} (authorized: user {})", s.name_of(u));
        }
        return Err(errors::csrf(&msg));
    }
    Ok(())
}
