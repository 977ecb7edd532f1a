//! Permissions: role ranks, direct repository grants to users, robots and teams, and an
//! organization's default permissions (prototypes) applied to the repositories created in it.

use super::{Repo, State};

/// Repository role ranks: none, read, write, admin.
pub(crate) const REPO_ROLES: [&str; 4] = ["", "read", "write", "admin"];
/// Team (org-wide) role ranks: none, member, creator, admin.
pub(crate) const TEAM_ROLES: [&str; 4] = ["", "member", "creator", "admin"];

/// The rank of `role` in `roles` (0 when unknown).
pub(crate) fn rank(roles: &[&str], role: &str) -> usize {
    roles.iter().position(|r| *r == role).unwrap_or(0)
}

/// A default-permission prototype.
#[derive(Clone, Debug)]
pub(crate) struct Prototype {
    /// Generated uuid.
    pub(crate) id: String,
    /// The repository-creating user the rule applies to, if any.
    pub(crate) activating_user: Option<u64>,
    /// Delegate user or robot.
    pub(crate) delegate_user: Option<u64>,
    /// Delegate team id.
    pub(crate) delegate_team: Option<u64>,
    /// read, write or admin.
    pub(crate) role: String,
}

/// Sets `who`'s role in a grant list, adding the grant when missing.
fn grant(list: &mut Vec<(u64, String)>, who: u64, role: &str) {
    match list.iter_mut().find(|(id, _)| *id == who) {
        Some((_, r)) => *r = role.to_string(),
        None => list.push((who, role.to_string())),
    }
}

impl Repo {
    /// Grants (or changes) a user's or robot's role.
    pub(crate) fn grant_user(&mut self, user: u64, role: &str) {
        grant(&mut self.user_perms, user, role);
    }

    /// Grants (or changes) a team's role.
    pub(crate) fn grant_team(&mut self, team: u64, role: &str) {
        grant(&mut self.team_perms, team, role);
    }
}

impl State {
    /// Applies an organization's prototypes to a repository just created by `creator`.
    pub(crate) fn apply_prototypes(&mut self, repo: u64, creator: u64) {
        let ns = self.repos[&repo].ns;
        let protos = self.entity(ns).map(|e| e.prototypes.clone()).unwrap_or_default();
        let rank = |r: &str| rank(&REPO_ROLES, r);
        let r = self.repo_mut(repo);
        for p in protos.iter().filter(|p| p.activating_user.is_none_or(|a| a == creator)) {
            let list = if p.delegate_user.is_some() { &mut r.user_perms } else { &mut r.team_perms };
            let who = p.delegate_user.or(p.delegate_team).unwrap_or(0);
            if p.delegate_user == Some(creator) {
                continue;
            }
            match list.iter_mut().find(|(id, _)| *id == who) {
                Some((_, role)) if rank(role) < rank(&p.role) => *role = p.role.clone(),
                Some(_) => {}
                None => list.push((who, p.role.clone())),
            }
        }
    }
}
