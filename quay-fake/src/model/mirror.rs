//! Repository mirroring: a mirror's configuration and sync status (a mirrored repository is in
//! MIRROR state), and the sync-now and cancel transitions.

use super::{Repo, RepoState};
use serde_json::Value;

/// A repository mirror configuration.
#[derive(Clone, Debug)]
pub(crate) struct Mirror {
    /// Enabled flag.
    pub(crate) is_enabled: bool,
    /// External reference.
    pub(crate) external_reference: String,
    /// Registry username.
    pub(crate) username: Option<String>,
    /// Registry password.
    pub(crate) password: Option<String>,
    /// external_registry_config object.
    pub(crate) registry_config: Value,
    /// Sync interval in seconds.
    pub(crate) sync_interval: i64,
    /// Next sync start.
    pub(crate) sync_start_date: i64,
    /// Sync expiration, if running.
    pub(crate) sync_expiration_date: Option<i64>,
    /// Retries left.
    pub(crate) retries_remaining: i64,
    /// NEVER_RUN, SYNC_NOW, CANCEL, ...
    pub(crate) sync_status: String,
    /// Root rule (`{rule_kind, rule_value}`).
    pub(crate) root_rule: Value,
    /// Robot entity id.
    pub(crate) robot: u64,
    /// Skopeo timeout.
    pub(crate) skopeo_timeout: i64,
    /// Architecture filter.
    pub(crate) architecture_filter: Vec<Value>,
}

impl Mirror {
    /// Asks for a sync now; false (nothing changes) while a sync is running.
    pub(crate) fn sync_now(&mut self) -> bool {
        if self.sync_status == "SYNCING" {
            return false;
        }
        self.sync_status = "SYNC_NOW".into();
        self.sync_expiration_date = None;
        self.retries_remaining = self.retries_remaining.max(1);
        true
    }

    /// Cancels a pending or running sync (status CANCEL, no retries left); false (nothing
    /// changes) when none is pending.
    pub(crate) fn cancel_sync(&mut self) -> bool {
        if !matches!(self.sync_status.as_str(), "SYNC_NOW" | "SYNCING") {
            return false;
        }
        self.sync_status = "CANCEL".into();
        self.sync_expiration_date = None;
        self.retries_remaining = 0;
        true
    }
}

impl Repo {
    /// Configures the repository's mirror; the repository enters MIRROR state.
    pub(crate) fn set_mirror(&mut self, m: Mirror) {
        self.mirror = Some(m);
        self.state = RepoState::Mirror;
    }
}
