//! Organization teams: lookups, membership, the `owners` team an organization starts with, and
//! deletion (with the team's repository grants and default permissions).

use super::State;

/// A team of an organization.
#[derive(Clone, Debug)]
pub(crate) struct Team {
    /// Team id.
    pub(crate) id: u64,
    /// Team name.
    pub(crate) name: String,
    /// Markdown description.
    pub(crate) description: String,
    /// Org-wide role: member, creator or admin.
    pub(crate) role: String,
    /// Member entity ids (users and robots), in the order added.
    pub(crate) members: Vec<u64>,
    /// Backing-group sync (team syncing feature): the group config and when it was set.
    pub(crate) sync: Option<TeamSync>,
}

/// A team's backing-group sync configuration.
#[derive(Clone, Debug)]
pub(crate) struct TeamSync {
    /// The group lookup config as sent (e.g. `{"group_dn": ...}`).
    pub(crate) config: serde_json::Value,
    /// Unix time of the last change.
    pub(crate) last_updated: i64,
}

impl Team {
    /// The `owners` admin team holding `member`, as a new organization gets.
    pub(crate) fn owners(id: u64, member: u64) -> Team {
        Team { id, name: "owners".into(), description: String::new(), role: "admin".into(), members: vec![member], sync: None }
    }
}

impl State {
    /// Org team by name.
    pub(crate) fn team(&self, org: u64, name: &str) -> Option<&Team> {
        self.entity(org)?.teams.iter().find(|t| t.name == name)
    }

    /// (org id, team) for a team id.
    pub(crate) fn team_by_id(&self, team: u64) -> Option<(u64, &Team)> {
        self.entities.values().find_map(|e| e.teams.iter().find(|t| t.id == team).map(|t| (e.id, t)))
    }

    /// Whether entity `member` belongs to organization `org` (through a team, or as its robot).
    pub(crate) fn is_org_member(&self, org: u64, member: u64) -> bool {
        let Some(o) = self.entity(org) else { return false };
        if o.teams.iter().any(|t| t.members.contains(&member)) {
            return true;
        }
        self.entity(member).and_then(|m| m.robot.as_ref()).is_some_and(|r| r.parent == org)
    }

    /// Deletes the `idx`th team of `org`, with its repository grants and the default
    /// permissions delegating to it.
    pub(crate) fn delete_team(&mut self, org: u64, idx: usize) {
        let t = self.entities.get_mut(&org).expect("org").teams.remove(idx);
        for r in self.repos.values_mut() {
            r.team_perms.retain(|(id, _)| *id != t.id);
        }
        for e in self.entities.values_mut() {
            e.prototypes.retain(|p| p.delegate_team != Some(t.id));
        }
    }
}
