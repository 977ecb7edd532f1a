//! Who is calling (OAuth bearer token, session cookie or nobody) and the roles they hold.
//!
//! Roles follow Quay's permission model: a token's scopes cap the roles a user really holds
//! (repo:read caps repository roles at read, org:admin lets team roles reach admin, and so on),
//! and superuser powers need the `super:user` scope.

use crate::model::{Kind, REPO_ROLES, State, TEAM_ROLES, Token, rank};

/// The authenticated context of one request.
#[derive(Clone, Debug, Default)]
pub(crate) struct Identity {
    /// Authenticated user id.
    pub(crate) user: Option<u64>,
    /// The validated OAuth token, when the caller used one.
    pub(crate) token: Option<Token>,
    /// True when signed in through a session cookie (all roles, no scope cap).
    pub(crate) direct: bool,
}

impl Identity {
    /// Resolves the caller: a known, enabled user's bearer token wins; else a signed-in session;
    /// else anonymous. Invalid tokens and HTTP Basic credentials count as anonymous.
    pub(crate) fn resolve(s: &State, authorization: Option<&str>, session: Option<&str>) -> Identity {
        if let Some(tok) = authorization.and_then(|a| a.strip_prefix("Bearer "))
            && let Some(t) = s.tokens.get(tok.trim())
                && s.entity(t.user).is_some_and(|u| u.enabled) {
                    return Identity { user: Some(t.user), token: Some(t.clone()), direct: false };
                }
        if let Some(user) = session.and_then(|id| s.sessions.get(id)).and_then(|x| x.user)
            && s.entity(user).is_some_and(|u| u.enabled) {
                return Identity { user: Some(user), token: None, direct: true };
            }
        Identity::default()
    }

    /// True when a user is authenticated.
    pub(crate) fn authed(&self) -> bool {
        self.user.is_some()
    }

    /// Whether the caller's scopes include `scope` (sessions have every scope).
    pub(crate) fn has_scope(&self, scope: &str) -> bool {
        self.direct || self.token.as_ref().is_some_and(|t| t.scopes.contains(scope))
    }

    fn cap(&self, table: &[(&str, usize)]) -> usize {
        if self.direct {
            return usize::MAX;
        }
        let Some(t) = &self.token else { return 0 };
        table.iter().filter(|(s, _)| t.scopes.contains(*s)).map(|(_, r)| *r).max().unwrap_or(0)
    }

    fn repo_cap(&self) -> usize {
        self.cap(&[("repo:read", 1), ("repo:write", 2), ("repo:admin", 3)])
    }

    fn team_cap(&self) -> usize {
        self.cap(&[("repo:create", 2), ("org:admin", 3)])
    }

    fn user_cap(&self) -> usize {
        self.cap(&[("user:read", 1), ("user:admin", 2)])
    }

    /// SuperUserPermission: a superuser whose token carries `super:user` (or a session).
    pub(crate) fn superuser(&self, s: &State) -> bool {
        self.user.and_then(|u| s.entity(u)).is_some_and(|u| u.superuser) && self.has_scope("super:user")
    }

    /// UserAdminPermission on the caller's own account (needs `user:admin`).
    pub(crate) fn user_admin(&self) -> bool {
        self.user.is_some() && self.user_cap() >= 2
    }

    /// UserReadPermission on the caller's own account (needs `user:read`).
    pub(crate) fn user_read(&self) -> bool {
        self.user.is_some() && self.user_cap() >= 1
    }

    /// The caller's org-wide team rank in namespace `ns` (a user is admin of their own namespace).
    pub(crate) fn org_role(&self, s: &State, ns: &str) -> usize {
        let Some(uid) = self.user else { return 0 };
        let Some(e) = s.find(ns) else { return 0 };
        let actual = if e.id == uid {
            3
        } else if e.kind == Kind::Org {
            e.teams.iter().filter(|t| t.members.contains(&uid)).map(|t| rank(&TEAM_ROLES, &t.role)).max().unwrap_or(0)
        } else {
            0
        };
        actual.min(self.team_cap())
    }

    /// AdministerOrganizationPermission.
    pub(crate) fn org_admin(&self, s: &State, ns: &str) -> bool {
        self.org_role(s, ns) >= 3
    }

    /// OrganizationMemberPermission.
    pub(crate) fn org_member(&self, s: &State, ns: &str) -> bool {
        self.org_role(s, ns) >= 1
    }

    /// CreateRepositoryPermission.
    pub(crate) fn can_create_repo(&self, s: &State, ns: &str) -> bool {
        self.org_role(s, ns) >= 2
    }

    /// The caller's effective repository rank on `ns/name` (0 none .. 3 admin).
    pub(crate) fn repo_role(&self, s: &State, ns: &str, name: &str) -> usize {
        let Some(uid) = self.user else { return 0 };
        let cap = self.repo_cap();
        let Some(e) = s.find(ns) else { return 0 };
        let owns = e.id == uid
            || (e.kind == Kind::Org && e.teams.iter().any(|t| t.role == "admin" && t.members.contains(&uid)));
        let mut best = if owns { 3 } else { 0 };
        if let Some(r) = s.repo(ns, name) {
            for (u, role) in &r.user_perms {
                if *u == uid {
                    best = best.max(rank(&REPO_ROLES, role));
                }
            }
            for (t, role) in &r.team_perms {
                if s.team_by_id(*t).is_some_and(|(_, team)| team.members.contains(&uid)) {
                    best = best.max(rank(&REPO_ROLES, role));
                }
            }
        }
        best.min(cap)
    }

    /// ReadRepositoryPermission (public repositories are readable by anyone where Quay allows it).
    pub(crate) fn can_read(&self, s: &State, ns: &str, name: &str) -> bool {
        self.repo_role(s, ns, name) >= 1
    }

    /// ModifyRepositoryPermission.
    pub(crate) fn can_write(&self, s: &State, ns: &str, name: &str) -> bool {
        self.repo_role(s, ns, name) >= 2
    }

    /// AdministerRepositoryPermission.
    pub(crate) fn can_admin(&self, s: &State, ns: &str, name: &str) -> bool {
        self.repo_role(s, ns, name) >= 3
    }

    /// Metadata Quay adds to log entries made with an OAuth token.
    pub(crate) fn log_metadata(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        if let Some(t) = &self.token {
            m.insert("oauth_token_id".into(), t.id.into());
            m.insert("oauth_token_application_id".into(), t.app_client_id.clone().into());
            m.insert("oauth_token_application".into(), t.app_name.clone().into());
        }
        m
    }
}
