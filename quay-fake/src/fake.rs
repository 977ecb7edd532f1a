//! A running fake: its URL and superuser token, seeding, page sizes, the clock, faults,
//! coverage and request count, reset and shutdown.

use crate::model::{Clock, PageSizes};
use crate::server::{App, Fault};
use crate::Builder;
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::watch;

/// A running fake Quay; shuts down when dropped.
pub struct FakeQuay {
    pub(crate) app: Arc<App>,
    pub(crate) stop: Option<watch::Sender<bool>>,
    pub(crate) task: Option<tokio::task::JoinHandle<()>>,
    pub(crate) thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeQuay {
    /// Options for starting a fake.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Starts a fake with default options on 127.0.0.1 and a free port (async).
    pub async fn start() -> FakeQuay {
        Builder::default().start().await
    }

    /// Starts a fake with default options on its own background runtime (blocking).
    pub fn start_blocking() -> FakeQuay {
        Builder::default().start_blocking()
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> String {
        self.app.base_url.clone()
    }

    /// Token of the built-in superuser `quayadmin` (all scopes).
    pub fn superuser_token(&self) -> String {
        self.app.superuser_token.clone()
    }

    /// Creates a user with e-mail `email` and returns a token carrying every scope.
    /// Panics if the name is taken.
    pub fn create_user(&self, name: &str, email: &str) -> String {
        let created = self.app.state().seed_user(name, Some(email), None, false);
        created.map(|(t, _)| t).expect("create_user")
    }

    /// The programmatic bootstrap token (what Quay's bootstrap token file holds) while the
    /// `programmatic_bootstrap` feature is on: an OAuth token of the superuser, replaced by
    /// each renewBootstrapToken.
    pub fn bootstrap_token(&self) -> Option<String> {
        self.app.state().chapters.bootstrap_token.clone()
    }

    /// Mints a token for an existing user with the given scopes (e.g. `&["repo:read"]`).
    /// Panics for an unknown user or scope.
    pub fn mint_token(&self, user: &str, scopes: &[&str]) -> String {
        let minted = self.app.state().seed_token(user, scopes);
        minted.expect("mint_token")
    }

    /// Pushes a new manifest into `namespace/repo` (created if missing), as `/v2` would, and
    /// optionally points `tag` at it. Returns the `sha256:` digest. Panics for an unknown
    /// namespace, a bad name, or an immutable `tag` (see [`FakeQuay::try_push_image`]).
    pub fn push_manifest(&self, namespace: &str, repo: &str, tag: Option<&str>) -> String {
        self.try_push_image(namespace, repo, tag.as_slice(), &[]).expect("push_manifest")
    }

    /// Pushes an image into `namespace/repo` (created if missing), as `/v2` would: a new manifest
    /// whose image config carries `labels` (key, value), which Quay imports as the manifest's
    /// labels (`source_type` `manifest`), with each of `tags` pointed at it. Returns the
    /// `sha256:` digest. Panics where [`FakeQuay::try_push_image`] fails.
    pub fn push_image(&self, namespace: &str, repo: &str, tags: &[&str], labels: &[(&str, &str)]) -> String {
        self.try_push_image(namespace, repo, tags, labels).expect("push_image")
    }

    /// [`FakeQuay::push_image`], failing with what is wrong instead of panicking: an unknown
    /// namespace, a bad repository or tag name, or (with the `immutable_tags` feature on) a tag
    /// that is immutable, which Quay's registry refuses with 409 `TAG_IMMUTABLE`; nothing is
    /// pushed then.
    pub fn try_push_image(&self, namespace: &str, repo: &str, tags: &[&str], labels: &[(&str, &str)]) -> Result<String, String> {
        self.app.state().seed_manifest(namespace, repo, tags, labels)
    }

    /// Counts a pull of `reference` (a tag or a digest) of `namespace/repo`, as Quay's pull
    /// statistics show it once its flush worker ran. Panics for an unknown repository or
    /// reference.
    pub fn record_pull(&self, namespace: &str, repo: &str, reference: &str) {
        let state = &mut *self.app.state();
        let id = state.repo_id(namespace, repo).unwrap_or_else(|| panic!("record_pull: no repository {namespace}/{repo}"));
        assert!(state.record_pull(id, reference), "record_pull: nothing named {reference} in {namespace}/{repo}");
    }

    /// Pushes an OCI artifact into `namespace/repo` that refers to the manifest `subject` (its
    /// `subject`), of type `artifact_type`, with `annotations`, untagged (as `oras attach`
    /// would); returns its digest. The referrers listing (getReferrers) shows it. Fails for an
    /// unknown namespace, repository or subject manifest, or an artifact type that is not a
    /// media type.
    pub fn push_referrer(
        &self,
        namespace: &str,
        repo: &str,
        subject: &str,
        artifact_type: &str,
        annotations: &[(&str, &str)],
    ) -> Result<String, String> {
        let annotations = annotations.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.app.state().seed_referrer(namespace, repo, subject, artifact_type, annotations)
    }

    /// Number of registry logins (`GET /v2/auth`) received so far.
    pub fn registry_login_count(&self) -> u64 {
        self.app.control().registry_logins
    }

    /// Runs Quay's notification worker once over the queued notification events (those
    /// testRepoNotification, testOrgNotification and testUserNamespaceNotification queued):
    /// Quay's own notifications (`quay_notification`) are delivered to their target user, team
    /// or organization, where listUserNotifications shows them; webhook, e-mail and chat
    /// deliveries fail, as to an unreachable target (the fake makes no outbound calls), each
    /// adding one to its notification's `number_of_failures`.
    pub fn deliver_notifications(&self) -> crate::Deliveries {
        self.app.state().deliver_notifications()
    }

    /// Sets up an inactive build trigger on `namespace/repo` for `user`, as Quay's web UI does
    /// (no API operation creates one): `service` is `custom-git` (which activateBuildTrigger
    /// activates with its credentials) or `github`, `gitlab` or `bitbucket` (whose activation
    /// fails, as on a Quay that cannot reach the service). Only `user` may activate it.
    /// Returns the trigger's uuid. Panics for an unknown repository, user or service.
    pub fn create_build_trigger(&self, namespace: &str, repo: &str, service: &str, user: &str) -> String {
        let created = self.app.state().seed_trigger(namespace, repo, service, user);
        created.expect("create_build_trigger")
    }

    /// Pushes one manifest and points `count` new tags `{prefix}{i}` at it; returns the digest.
    /// Panics for an unknown namespace or a bad prefix (see [`FakeQuay::try_push_tags`]).
    pub fn push_tags(&self, namespace: &str, repo: &str, count: usize, prefix: &str) -> String {
        self.try_push_tags(namespace, repo, count, prefix).expect("push_tags")
    }

    /// [`FakeQuay::push_tags`], failing with what is wrong (an unknown namespace, a prefix that
    /// makes bad tag names, a bad repository name) instead of panicking.
    pub fn try_push_tags(&self, namespace: &str, repo: &str, count: usize, prefix: &str) -> Result<String, String> {
        self.app.state().seed_tags(namespace, repo, count, prefix)
    }

    /// Sets the page sizes of the paged listings.
    pub fn set_page_sizes(&self, pages: PageSizes) {
        self.app.state().pages = pages;
    }

    /// Makes Quay's SMTP server reachable or not (reachable by default; kept by [`FakeQuay::reset`]).
    /// While it is down, with mailing on, the calls that send mail make their change and then
    /// answer 400 "Could not send email...", as a real Quay does: createInstallUser creates the
    /// user (its generated password is lost), inviteTeamMemberEmail stores the invitation.
    pub fn set_smtp_reachable(&self, reachable: bool) {
        self.app.state().smtp_reachable = reachable;
    }

    /// Current page sizes.
    pub fn page_sizes(&self) -> PageSizes {
        self.app.state().pages
    }

    /// The fake's clock (shared: moving it moves the fake's time).
    pub fn clock(&self) -> Clock {
        self.app.clock.clone()
    }

    /// The fake's current time in Unix seconds.
    pub fn now(&self) -> i64 {
        self.app.clock.now()
    }

    /// Pins the fake's clock at `unix_seconds`; it stands still until moved again.
    pub fn set_time(&self, unix_seconds: i64) {
        self.app.clock.set(unix_seconds);
    }

    /// Moves the fake's clock forward by `by` (whole seconds; a pinned clock stays pinned).
    /// Tags and service keys whose expiration passes expire, as on a Quay that waited that long.
    /// Returns the new time.
    pub fn advance(&self, by: std::time::Duration) -> i64 {
        self.app.clock.advance(i64::try_from(by.as_secs()).unwrap_or(i64::MAX))
    }

    /// Injects a fault (answered by the first matching requests, then normal behaviour resumes).
    pub fn inject_fault(&self, fault: Fault) {
        self.app.control().faults.push(fault);
    }

    /// Removes all pending faults.
    pub fn clear_faults(&self) {
        self.app.control().faults.clear();
    }

    /// The operationIds answered with a 2xx status so far.
    pub fn coverage(&self) -> BTreeSet<String> {
        self.app.control().coverage.clone()
    }

    /// Number of API requests received so far: /api/v1, and the registry's /v2 operations
    /// (not the registry login `/v2/auth`, counted by [`FakeQuay::registry_login_count`]).
    pub fn request_count(&self) -> u64 {
        self.app.control().requests
    }

    /// Empties the registry (back to just `quayadmin`, same superuser token) and drops faults.
    /// Coverage, the request counter, page sizes and the clock are kept.
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Stops the server (also done on drop).
    pub fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FakeQuay {
    fn drop(&mut self) {
        self.shutdown();
    }
}
