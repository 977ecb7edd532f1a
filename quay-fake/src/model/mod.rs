//! The model: the in-memory registry, one file per entity, with the operations that keep each
//! entity's invariants (creating a repository applies the organization's default permissions,
//! retargeting a tag ends its live version, deleting a namespace takes its robots, repositories
//! and grants along...). The clock and the fake's configuration (features, page sizes) live here
//! too. The model knows nothing of HTTP, access checks or handlers.

mod autoprune;
mod build;
mod chapters;
mod clock;
mod config;
mod entity;
mod immutability;
mod log;
mod mirror;
mod names;
mod notification;
mod permission;
mod quota;
mod registry;
mod repository;
mod robot;
mod seed;
mod service_key;
mod session;
mod tag;
mod team;
mod token;
mod trigger;

pub use clock::Clock;
pub use config::{Features, PageSizes};
pub use notification::Deliveries;

pub(crate) use autoprune::{AutoPrunePolicy, check_policy};
pub(crate) use build::Build;
pub(crate) use chapters::{
    AppToken, Chapters, GlobalMessage, NamespaceNotification, OrgAppToken, OrgMirror, OrgMirrorRepo, ProxyCache, UserNotification,
};
pub(crate) use entity::{Application, Entity, Kind};
pub(crate) use immutability::ImmutabilityPolicy;
pub(crate) use log::LogEntry;
pub(crate) use mirror::Mirror;
pub(crate) use notification::{EVENTS, METHODS, RepoNotification};
pub(crate) use names::{namespace_error, valid_email, valid_repo_name, valid_tag_name};
pub(crate) use permission::{Prototype, REPO_ROLES, TEAM_ROLES, rank};
pub(crate) use quota::{Quota, QuotaLimit};
pub(crate) use registry::{REFERRER_MEDIA_TYPE, RegistryGrant};
pub(crate) use repository::{Repo, RepoState};
pub(crate) use robot::RobotInfo;
pub(crate) use service_key::{KeyApproval, ServiceKey, pem};
pub(crate) use session::Session;
pub(crate) use tag::{Label, Manifest, Referrer, TagRow};
pub(crate) use team::{Team, TeamSync};
pub(crate) use token::{ALL_SCOPES, Token};
pub(crate) use trigger::{BuildTrigger, SERVICES as TRIGGER_SERVICES};

use std::collections::{BTreeMap, HashMap};

/// The whole registry.
#[derive(Debug)]
pub(crate) struct State {
    /// Base URL of the server (no trailing slash).
    pub(crate) base_url: String,
    /// Page sizes.
    pub(crate) pages: PageSizes,
    /// Features.
    pub(crate) features: Features,
    /// Next id for entities, teams, repos and tag rows.
    pub(crate) next_id: u64,
    /// Next quota id.
    pub(crate) next_quota_id: u64,
    /// Entities by id.
    pub(crate) entities: BTreeMap<u64, Entity>,
    /// Names of deleted entities (Quay renames them to a uuid) for log rendering.
    pub(crate) tombstones: HashMap<u64, (String, Kind)>,
    /// Repositories by id.
    pub(crate) repos: BTreeMap<u64, Repo>,
    /// OAuth tokens by token string.
    pub(crate) tokens: HashMap<String, Token>,
    /// Sessions by cookie value.
    pub(crate) sessions: HashMap<String, Session>,
    /// Audit log.
    pub(crate) logs: Vec<LogEntry>,
    /// Service keys.
    pub(crate) keys: Vec<ServiceKey>,
    /// Builds.
    pub(crate) builds: Vec<Build>,
    /// Auto-prune policies of namespaces (organizations and users) by entity id.
    pub(crate) ns_autoprune: BTreeMap<u64, Vec<AutoPrunePolicy>>,
    /// Immutability policies of namespaces (organizations and users) by entity id.
    pub(crate) ns_immutability: BTreeMap<u64, Vec<ImmutabilityPolicy>>,
    /// Registry size calculation queued.
    pub(crate) registry_size_queued: bool,
    /// Whether Quay's SMTP server answers (with mailing on, a mail that cannot go out fails
    /// the call with 400 after its change is made, as on a Quay whose SMTP server is down).
    pub(crate) smtp_reachable: bool,
    /// The clock every timestamp comes from (shared with the server and the test driving it).
    pub(crate) clock: Clock,
    /// The namespace, identity and platform chapters' objects (app tokens, messages, ...).
    pub(crate) chapters: Chapters,
}

/// Quay's answer when a mail cannot go out.
pub(crate) const MAIL_FAILED: &str = "Could not send email. Please contact an administrator and report this problem.";

/// Name of the built-in superuser.
pub(crate) const SUPERUSER: &str = "quayadmin";

impl State {
    /// A fresh registry holding only the superuser (with `superuser_token`) and the boot service key.
    pub(crate) fn new(base_url: &str, superuser_token: &str, pages: PageSizes, features: Features, clock: Clock) -> State {
        let mut s = State {
            base_url: base_url.to_string(),
            pages,
            features,
            next_id: 1,
            next_quota_id: 1,
            entities: BTreeMap::new(),
            tombstones: HashMap::new(),
            repos: BTreeMap::new(),
            tokens: HashMap::new(),
            sessions: HashMap::new(),
            logs: vec![],
            keys: vec![],
            builds: vec![],
            ns_autoprune: BTreeMap::new(),
            ns_immutability: BTreeMap::new(),
            registry_size_queued: false,
            smtp_reachable: true,
            clock,
            chapters: Chapters::default(),
        };
        let admin =
            s.create_user(SUPERUSER, Some("quayadmin@example.com"), Some("password".into()), true);
        s.insert_token(superuser_token, admin, &ALL_SCOPES);
        s.add_boot_key(base_url);
        if s.features.programmatic_bootstrap {
            s.rotate_bootstrap_token(admin);
        }
        s
    }

    /// Allocates an id.
    pub(crate) fn alloc_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The current time (Unix seconds) on the fake's clock.
    pub(crate) fn now(&self) -> i64 {
        self.clock.now()
    }
}
