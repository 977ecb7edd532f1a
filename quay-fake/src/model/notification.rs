//! Repository notifications: an event, a delivery method with its config, the failure counter
//! and the test events queued for the notification worker, which the fake runs on demand.

use super::{Kind, State};
use serde_json::Value;

/// The events Quay knows (`NotificationEvent` subclasses).
pub(crate) const EVENTS: [&str; 11] = [
    "repo_push",
    "build_queued",
    "build_start",
    "build_success",
    "build_failure",
    "build_cancelled",
    "vulnerability_found",
    "repo_mirror_sync_started",
    "repo_mirror_sync_success",
    "repo_mirror_sync_failed",
    "repo_image_expiry",
];

/// The delivery methods Quay knows (`NotificationMethod` subclasses).
pub(crate) const METHODS: [&str; 6] = ["quay_notification", "email", "webhook", "flowdock", "hipchat", "slack"];

/// A notification of a repository.
#[derive(Clone, Debug)]
pub(crate) struct RepoNotification {
    /// Its id (a UUID).
    pub(crate) uuid: String,
    /// Title, if one was given.
    pub(crate) title: Option<String>,
    /// Event name.
    pub(crate) event: String,
    /// Method name.
    pub(crate) method: String,
    /// The method's config as given.
    pub(crate) config: Value,
    /// The event's config as given.
    pub(crate) event_config: Value,
    /// Failed deliveries since creation or the last reset.
    pub(crate) failures: u64,
    /// Test events queued and not delivered yet.
    pub(crate) queued: u64,
}

/// What one run of the notification worker did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Deliveries {
    /// Events delivered.
    pub delivered: u64,
    /// Events whose delivery failed (each adds one to its notification's failure count).
    pub failed: u64,
}

impl State {
    /// The repository and index of notification `uuid` (Quay looks notifications up by id
    /// alone for get and test).
    pub(crate) fn notification_at(&self, uuid: &str) -> Option<(u64, usize)> {
        self.repos.values().find_map(|r| r.notifications.iter().position(|n| n.uuid == uuid).map(|i| (r.id, i)))
    }

    /// Whether a quay_notification target still resolves in namespace `ns`.
    fn target_exists(&self, ns: u64, config: &Value) -> bool {
        let target = &config["target"];
        let name = target["name"].as_str().unwrap_or_default();
        match target["kind"].as_str() {
            Some("user") => self.find(name).is_some_and(|e| e.kind == Kind::User),
            Some("org") => self.find(name).is_some_and(|e| e.kind == Kind::Org && e.id == ns),
            Some("team") => self.team(ns, name).is_some(),
            _ => false,
        }
    }

    /// Runs the notification worker once over every queued event. Quay's own notifications
    /// (quay_notification) are delivered while their target exists; every other method would
    /// call out of the fake, which makes no outbound calls: those deliveries fail as they do
    /// in Quay when the target cannot be reached, and count as failures.
    pub(crate) fn deliver_notifications(&mut self) -> Deliveries {
        let mut done = Deliveries::default();
        let ids: Vec<u64> = self.repos.keys().copied().collect();
        for id in ids {
            let ns = self.repos[&id].ns;
            let outcomes: Vec<bool> = self.repos[&id]
                .notifications
                .iter()
                .map(|n| n.method == "quay_notification" && self.target_exists(ns, &n.config))
                .collect();
            for (n, ok) in self.repo_mut(id).notifications.iter_mut().zip(outcomes) {
                let q = std::mem::take(&mut n.queued);
                if ok {
                    done.delivered += q;
                } else {
                    n.failures += q;
                    done.failed += q;
                }
            }
        }
        done
    }
}
