//! Build triggers. No API operation creates one: Quay's web UI sets a trigger up (custom git,
//! or GitHub, GitLab and Bitbucket after an OAuth dance), inactive until activated through the
//! API; the fake's test hook stands in for the web UI. A trigger belongs to a repository and is
//! found by its uuid alone, as Quay's handlers find it.

use super::State;
use crate::util::uuid4;
use serde_json::{Map, Value};

/// The services a trigger can build from (Quay's handlers' `service_name`s).
pub(crate) const SERVICES: [&str; 4] = ["custom-git", "github", "gitlab", "bitbucket"];

/// A build trigger of a repository.
#[derive(Clone)]
pub(crate) struct BuildTrigger {
    /// Trigger uuid.
    pub(crate) uuid: String,
    /// Service name (one of [`SERVICES`]).
    pub(crate) service: String,
    /// The user who set it up (Quay's `connected_user`); only they may activate it.
    pub(crate) connected_user: u64,
    /// The configuration (`{}` until activated); a custom-git trigger's `credentials` hold the
    /// webhook URL with the secret write token.
    pub(crate) config: Map<String, Value>,
    /// Whether it may start builds.
    pub(crate) enabled: bool,
    /// Why it was last disabled (kept when enabled again, as Quay keeps it).
    pub(crate) disabled_reason: Option<String>,
    /// The robot whose credentials pull base images (entity id).
    pub(crate) pull_robot: Option<u64>,
}

/// Never shows the configuration: it holds the webhook's secret token.
impl std::fmt::Debug for BuildTrigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildTrigger")
            .field("uuid", &self.uuid)
            .field("service", &self.service)
            .field("active", &self.is_active())
            .field("enabled", &self.enabled)
            .field("config", &"<hidden>")
            .finish()
    }
}

impl BuildTrigger {
    /// Quay's handlers' `is_active`: a custom-git trigger once its config holds credentials,
    /// the others once a hook was installed on the service.
    pub(crate) fn is_active(&self) -> bool {
        let key = if self.service == "custom-git" { "credentials" } else { "hook_id" };
        self.config.contains_key(key)
    }

    /// The configured `build_source`, if any.
    pub(crate) fn build_source(&self) -> Option<&Value> {
        self.config.get("build_source")
    }
}

impl State {
    /// The repository id holding trigger `uuid` and the trigger.
    pub(crate) fn trigger(&self, uuid: &str) -> Option<(u64, &BuildTrigger)> {
        self.repos.values().find_map(|r| r.triggers.iter().find(|t| t.uuid == uuid).map(|t| (r.id, t)))
    }

    /// Trigger `uuid`, mutable.
    pub(crate) fn trigger_mut(&mut self, uuid: &str) -> Option<&mut BuildTrigger> {
        self.repos.values_mut().flat_map(|r| r.triggers.iter_mut()).find(|t| t.uuid == uuid)
    }

    /// Sets up an inactive trigger of `service` on repository `repo` for `user`, as Quay's web
    /// UI does; returns its uuid.
    pub(crate) fn add_trigger(&mut self, repo: u64, service: &str, user: u64) -> String {
        let uuid = uuid4();
        self.repo_mut(repo).triggers.push(BuildTrigger {
            uuid: uuid.clone(),
            service: service.to_string(),
            connected_user: user,
            config: Map::new(),
            enabled: true,
            disabled_reason: None,
            pull_robot: None,
        });
        uuid
    }

    /// Deletes trigger `uuid`; the builds it started stay, no longer linked to it.
    pub(crate) fn delete_trigger(&mut self, uuid: &str) {
        for r in self.repos.values_mut() {
            r.triggers.retain(|t| t.uuid != uuid);
        }
        for b in self.builds.iter_mut().filter(|b| b.trigger.as_deref() == Some(uuid)) {
            b.trigger = None;
        }
    }
}
