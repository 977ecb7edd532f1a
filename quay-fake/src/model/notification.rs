//! Repository and namespace notifications: an event, a delivery method with its config, the
//! failure counter and the test events queued for the notification worker, which the fake runs
//! on demand; Quay's own method (`quay_notification`) then notifies its target users.

use super::{Kind, State, UserNotification};
use serde_json::{Value, json};

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

    /// Whom a `quay_notification` config of namespace `ns` notifies: a user, the organization
    /// itself (seen by its administrators) or a team's members, as (entity id, organization
    /// name when the target is one). `None` when the target no longer resolves.
    fn targets(&self, ns: u64, config: &Value) -> Option<Vec<(u64, Option<String>)>> {
        let target = &config["target"];
        let name = target["name"].as_str().unwrap_or_default();
        match target["kind"].as_str() {
            Some("user") => self.find_kind(name, Kind::User).map(|u| vec![(u, None)]),
            Some("org") => self.org_id(name).filter(|&o| o == ns).map(|o| vec![(o, Some(name.to_string()))]),
            Some("team") => self.team(ns, name).map(|t| t.members.iter().map(|&m| (m, None)).collect()),
            _ => None,
        }
    }

    /// Delivers `count` queued events of a notification of namespace `ns`: Quay's own method
    /// creates a user notification of kind `event` per target and event; any other method would
    /// call out of the fake, which makes no outbound calls, so it fails as Quay's does when its
    /// target cannot be reached. Returns whether it was delivered.
    fn deliver(&mut self, ns: u64, method: &str, config: &Value, event: &str, metadata: &Value, count: u64) -> bool {
        let targets = if method == "quay_notification" { self.targets(ns, config) } else { None };
        let Some(targets) = targets else { return false };
        let now = self.now();
        for _ in 0..count {
            for (user, organization) in &targets {
                self.chapters.user_notifications.push(UserNotification {
                    uuid: crate::util::uuid4(),
                    user: *user,
                    organization: organization.clone(),
                    kind: event.to_string(),
                    created: now,
                    metadata: metadata.clone(),
                });
            }
        }
        true
    }

    /// Runs the notification worker once over every queued event, of repository and namespace
    /// notifications alike (see [`State::deliver`]); a failed delivery adds one to its
    /// notification's failure count per event.
    pub(crate) fn deliver_notifications(&mut self) -> Deliveries {
        let mut done = Deliveries::default();
        let mut tally = |ok: bool, q: u64, failures: &mut u64| {
            if ok {
                done.delivered += q;
            } else {
                *failures += q;
                done.failed += q;
            }
        };
        let ids: Vec<u64> = self.repos.keys().copied().collect();
        for id in ids {
            for at in 0..self.repos[&id].notifications.len() {
                let (ns, name) = (self.repos[&id].ns, self.repos[&id].name.clone());
                let n = &mut self.repo_mut(id).notifications[at];
                let q = std::mem::take(&mut n.queued);
                if q == 0 {
                    continue;
                }
                let n = n.clone();
                let namespace = self.name_of(ns);
                let metadata = json!({"repository": format!("{namespace}/{name}"), "namespace": namespace, "name": name, "notification_uuid": n.uuid});
                let ok = self.deliver(ns, &n.method, &n.config, &n.event, &metadata, q);
                tally(ok, q, &mut self.repo_mut(id).notifications[at].failures);
            }
        }
        for at in 0..self.chapters.namespace_notifications.len() {
            let q = std::mem::take(&mut self.chapters.namespace_notifications[at].queued);
            if q == 0 {
                continue;
            }
            let n = self.chapters.namespace_notifications[at].clone();
            let metadata = json!({"namespace": self.name_of(n.namespace), "notification_uuid": n.uuid});
            let ok = self.deliver(n.namespace, &n.method, &n.config, &n.event, &metadata, q);
            tally(ok, q, &mut self.chapters.namespace_notifications[at].failures);
        }
        done
    }

    /// Whether user `user` sees user notification `n`: it is theirs, or it targets an
    /// organization they administer.
    pub(crate) fn sees_notification(&self, user: u64, n: &UserNotification) -> bool {
        n.user == user
            || (n.organization.is_some()
                && self.entity(n.user).is_some_and(|o| o.teams.iter().any(|t| t.role == "admin" && t.members.contains(&user))))
    }
}
