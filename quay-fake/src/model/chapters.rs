//! What the namespace, identity and platform chapters keep: app-specific tokens, global
//! messages, the bootstrap token and the registry login back-off (one field of [`State`], so
//! that these chapters stay apart from the rest of the model).

use super::{State, Token};
use crate::util::{ALNUM, rand_string, uuid4};
use std::collections::{HashMap, HashSet};

/// An app-specific token: a registry password of its owner, used with the username `$app`.
#[derive(Clone, Debug)]
pub(crate) struct AppToken {
    /// Public id.
    pub(crate) uuid: String,
    /// Owner user id.
    pub(crate) owner: u64,
    /// Title given at creation.
    pub(crate) title: String,
    /// The secret code (the password).
    pub(crate) code: String,
    /// Creation time (Unix seconds).
    pub(crate) created: i64,
    /// Last use on the registry login, if any.
    pub(crate) last_accessed: Option<i64>,
    /// Expiration, if any (Quay's APP_SPECIFIC_TOKEN_EXPIRATION is unset by default: none).
    pub(crate) expiration: Option<i64>,
}

/// A message a superuser posted for every user.
#[derive(Clone, Debug)]
pub(crate) struct GlobalMessage {
    /// Public id.
    pub(crate) uuid: String,
    /// Text.
    pub(crate) content: String,
    /// `text/plain` or `text/markdown`.
    pub(crate) media_type: String,
    /// `info`, `warning` or `error`.
    pub(crate) severity: String,
}

/// The state of these chapters.
#[derive(Clone, Debug, Default)]
pub(crate) struct Chapters {
    /// App-specific tokens, oldest first.
    pub(crate) app_tokens: Vec<AppToken>,
    /// Global messages, oldest first.
    pub(crate) messages: Vec<GlobalMessage>,
    /// The programmatic bootstrap token (what Quay's bootstrap token file holds), when the
    /// feature is on.
    pub(crate) bootstrap_token: Option<String>,
    /// Users whose last registry login failed (the next failure meets the back-off).
    pub(crate) failed_logins: HashSet<String>,
    /// Registry tokens handed out by `/v2/auth`, by token.
    pub(crate) registry_tokens: HashMap<String, super::RegistryGrant>,
    /// Federation configurations by robot id: (issuer, subject) pairs.
    pub(crate) federations: HashMap<u64, Vec<(String, String)>>,
    /// The last quota limit id handed out.
    pub(crate) last_limit_id: u64,
    /// Tokens of organizations' OAuth applications, oldest first.
    pub(crate) org_app_tokens: Vec<OrgAppToken>,
    /// Namespace (quota) notifications, oldest first.
    pub(crate) namespace_notifications: Vec<NamespaceNotification>,
    /// Notifications delivered to users (the `quay_notification` method), oldest first.
    pub(crate) user_notifications: Vec<UserNotification>,
    /// Pending e-mail invitations to teams: (team id, e-mail address), oldest first.
    pub(crate) team_invites: Vec<(u64, String)>,
    /// Proxy-cache configurations by organization id.
    pub(crate) proxy_caches: HashMap<u64, ProxyCache>,
    /// Organization mirror configurations by organization id.
    pub(crate) org_mirrors: HashMap<u64, OrgMirror>,
}

/// An organization's proxy-cache configuration.
#[derive(Clone, Debug)]
pub(crate) struct ProxyCache {
    /// `host[:port][/namespace]` of the upstream registry.
    pub(crate) upstream_registry: String,
    /// How long cached images stay (seconds).
    pub(crate) expiration_s: i64,
    /// Whether the upstream is reached without TLS.
    pub(crate) insecure: bool,
    /// Upstream login user, if any (the password is not kept).
    pub(crate) username: Option<String>,
}

/// An organization's mirror configuration and the repositories it discovered.
#[derive(Clone, Debug)]
pub(crate) struct OrgMirror {
    /// Whether syncing is on.
    pub(crate) is_enabled: bool,
    /// `quay` or `harbor`.
    pub(crate) registry_type: String,
    /// The source registry's URL.
    pub(crate) url: String,
    /// The source namespace.
    pub(crate) namespace: String,
    /// Source login user.
    pub(crate) username: Option<String>,
    /// Source login password (a secret: only its presence is shown).
    pub(crate) password: Option<String>,
    /// TLS and proxy settings.
    pub(crate) registry_config: serde_json::Value,
    /// Glob patterns of the repositories to mirror (none: all).
    pub(crate) repository_filters: Vec<String>,
    /// The robot that creates the repositories.
    pub(crate) robot: u64,
    /// Visibility of the created repositories.
    pub(crate) visibility: String,
    /// Seconds between syncs.
    pub(crate) sync_interval: i64,
    /// Next sync.
    pub(crate) sync_start_date: i64,
    /// When the current sync ends, if one runs or was cancelled.
    pub(crate) sync_expiration_date: Option<i64>,
    /// `NEVER_RUN`, `SYNC_NOW`, `CANCEL`, ...
    pub(crate) sync_status: String,
    /// Retries left.
    pub(crate) sync_retries_remaining: i64,
    /// Skopeo timeout (seconds).
    pub(crate) skopeo_timeout: i64,
    /// Creation time.
    pub(crate) creation_date: i64,
    /// Discovered repositories, by name.
    pub(crate) repos: Vec<OrgMirrorRepo>,
}

/// A repository organization mirroring discovered.
#[derive(Clone, Debug)]
pub(crate) struct OrgMirrorRepo {
    /// Its name in the source namespace.
    pub(crate) name: String,
    /// Its sync status.
    pub(crate) status: String,
    /// When it was discovered.
    pub(crate) discovery_date: i64,
}

/// A notification configured on a namespace for its quota events.
#[derive(Clone, Debug)]
pub(crate) struct NamespaceNotification {
    /// Public id.
    pub(crate) uuid: String,
    /// The namespace (organization or user) id.
    pub(crate) namespace: u64,
    /// Title, if given.
    pub(crate) title: Option<String>,
    /// `quota_warning` or `quota_error`.
    pub(crate) event: String,
    /// How it is delivered (`email`, `webhook`, `quay_notification`, ...).
    pub(crate) method: String,
    /// The method's configuration.
    pub(crate) config: serde_json::Value,
    /// The event's configuration.
    pub(crate) event_config: serde_json::Value,
    /// Failed deliveries since the last reset.
    pub(crate) failures: u64,
    /// Test events queued and not delivered yet.
    pub(crate) queued: u64,
}

/// A notification shown to a user in Quay's UI.
#[derive(Clone, Debug)]
pub(crate) struct UserNotification {
    /// Public id.
    pub(crate) uuid: String,
    /// The user it is for, or the organization when it targets one.
    pub(crate) user: u64,
    /// The organization's name, when it targets one (its administrators see it).
    pub(crate) organization: Option<String>,
    /// Kind, e.g. `test_notification`.
    pub(crate) kind: String,
    /// When it was created.
    pub(crate) created: i64,
    /// What the notification says.
    pub(crate) metadata: serde_json::Value,
}

/// A token of an organization's OAuth application (an OAuth token of its creator, with the
/// scopes asked for).
#[derive(Clone, Debug)]
pub(crate) struct OrgAppToken {
    /// Public id.
    pub(crate) uuid: String,
    /// The application's client id.
    pub(crate) client_id: String,
    /// Name (trimmed).
    pub(crate) name: String,
    /// Scopes, space-separated.
    pub(crate) scope: String,
    /// Creation time.
    pub(crate) created: i64,
    /// Expiration.
    pub(crate) expires_at: i64,
    /// Creator's user id.
    pub(crate) created_by: u64,
    /// The OAuth token itself.
    pub(crate) token: String,
}

impl State {
    /// Creates an app-specific token for `owner`.
    pub(crate) fn create_app_token(&mut self, owner: u64, title: &str) -> AppToken {
        let t = AppToken {
            uuid: uuid4(),
            owner,
            title: title.to_string(),
            code: rand_string(72, ALNUM),
            created: self.now(),
            last_accessed: None,
            expiration: None,
        };
        self.chapters.app_tokens.push(t.clone());
        t
    }

    /// Mints the bootstrap token: an ordinary OAuth token of `user` with every scope, which
    /// only renewBootstrapToken treats specially. Replaces (and revokes) the previous one.
    pub(crate) fn rotate_bootstrap_token(&mut self, user: u64) -> String {
        if let Some(old) = self.chapters.bootstrap_token.take() {
            self.tokens.remove(&old);
        }
        let token = self.mint_token(user, &super::ALL_SCOPES);
        self.chapters.bootstrap_token = Some(token.clone());
        token
    }

    /// Whether `token` is the current bootstrap token.
    pub(crate) fn is_bootstrap_token(&self, token: &Token) -> bool {
        self.chapters.bootstrap_token.as_ref().and_then(|t| self.tokens.get(t)).is_some_and(|b| b.id == token.id && b.user == token.user)
    }
}
