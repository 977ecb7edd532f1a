//! Repositories: their state (normal, read-only, mirror), lookups, creation (with the creator's
//! admin grant and the organization's default permissions) and deletion.

use super::{AutoPrunePolicy, BuildTrigger, ImmutabilityPolicy, Kind, Manifest, Mirror, RepoNotification, State, TagRow};
use crate::util::uuid4;
use std::collections::{BTreeMap, BTreeSet};

/// Repository state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RepoState {
    /// Normal.
    Normal,
    /// Read-only (value 1).
    ReadOnly,
    /// Mirror (value 2).
    Mirror,
}

impl RepoState {
    /// Name as the API shows it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            RepoState::Normal => "NORMAL",
            RepoState::ReadOnly => "READ_ONLY",
            RepoState::Mirror => "MIRROR",
        }
    }
    /// Integer value as Quay prints it in its 503 message.
    pub(crate) fn value(self) -> u8 {
        self as u8
    }
    /// Parses an API name.
    pub(crate) fn parse(s: &str) -> Option<RepoState> {
        match s {
            "NORMAL" => Some(RepoState::Normal),
            "READ_ONLY" => Some(RepoState::ReadOnly),
            "MIRROR" => Some(RepoState::Mirror),
            _ => None,
        }
    }
}

/// A repository.
#[derive(Clone, Debug)]
pub(crate) struct Repo {
    /// Repository id.
    pub(crate) id: u64,
    /// Namespace entity id.
    pub(crate) ns: u64,
    /// Name.
    pub(crate) name: String,
    /// Description.
    pub(crate) description: String,
    /// Public visibility.
    pub(crate) public: bool,
    /// State.
    pub(crate) state: RepoState,
    /// Kind (`image`).
    pub(crate) kind: String,
    /// Badge/status token.
    pub(crate) status_token: String,
    /// User and robot permissions (entity id, role) in grant order.
    pub(crate) user_perms: Vec<(u64, String)>,
    /// Team permissions (team id, role) in grant order.
    pub(crate) team_perms: Vec<(u64, String)>,
    /// Manifests by digest.
    pub(crate) manifests: BTreeMap<String, Manifest>,
    /// Tag history rows.
    pub(crate) tags: Vec<TagRow>,
    /// Mirror configuration.
    pub(crate) mirror: Option<Mirror>,
    /// Users who starred it.
    pub(crate) starred_by: BTreeSet<u64>,
    /// Pulls by tag name: (count, last pull).
    pub(crate) tag_pulls: BTreeMap<String, (u64, i64)>,
    /// Notifications in creation order.
    pub(crate) notifications: Vec<RepoNotification>,
    /// Auto-prune policies in creation order.
    pub(crate) autoprune: Vec<AutoPrunePolicy>,
    /// Immutability policies in creation order.
    pub(crate) immutability: Vec<ImmutabilityPolicy>,
    /// Build triggers in set-up order.
    pub(crate) triggers: Vec<BuildTrigger>,
}

impl State {
    /// Repository by namespace and name.
    pub(crate) fn repo(&self, ns: &str, name: &str) -> Option<&Repo> {
        let ns = self.find(ns)?.id;
        self.repos.values().find(|r| r.ns == ns && r.name == name)
    }

    /// Repository id by namespace and name.
    pub(crate) fn repo_id(&self, ns: &str, name: &str) -> Option<u64> {
        self.repo(ns, name).map(|r| r.id)
    }

    /// Mutable repository by id.
    pub(crate) fn repo_mut(&mut self, id: u64) -> &mut Repo {
        self.repos.get_mut(&id).expect("repository id")
    }

    /// Creates a repository owned by namespace `ns` with the creator's admin grant and the
    /// organization's prototypes applied; returns its id.
    pub(crate) fn create_repository(&mut self, ns: u64, name: &str, creator: Option<u64>, description: &str, public: bool) -> u64 {
        let id = self.alloc_id();
        self.repos.insert(
            id,
            Repo {
                id,
                ns,
                name: name.to_string(),
                description: description.to_string(),
                public,
                state: RepoState::Normal,
                kind: "image".into(),
                status_token: uuid4(),
                user_perms: vec![],
                team_perms: vec![],
                manifests: BTreeMap::new(),
                tags: vec![],
                mirror: None,
                starred_by: Default::default(),
                tag_pulls: BTreeMap::new(),
                notifications: vec![],
                autoprune: vec![],
                immutability: vec![],
                triggers: vec![],
            },
        );
        if let Some(c) = creator.filter(|c| self.entity(*c).is_some_and(|e| e.kind == Kind::User)) {
            self.repo_mut(id).user_perms.push((c, "admin".into()));
            self.apply_prototypes(id, c);
        }
        id
    }

    /// Deletes a repository and its builds.
    pub(crate) fn delete_repository(&mut self, id: u64) {
        self.repos.remove(&id);
        self.builds.retain(|b| b.repo != id);
    }
}
