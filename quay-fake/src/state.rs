//! The in-memory registry: users, organizations, robots, teams, repositories, tags and the rest.

use crate::clock::Clock;
use crate::util::{self, uuid4};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What kind of namespace entity a record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A human user.
    User,
    /// An organization.
    Org,
    /// A robot account (`namespace+short`).
    Robot,
}

/// A namespace quota.
#[derive(Clone, Debug)]
pub struct Quota {
    /// Quota id (shared counter across namespaces, as in Quay).
    pub id: u64,
    /// Limit in bytes.
    pub limit_bytes: i64,
}

/// A team of an organization.
#[derive(Clone, Debug)]
pub struct Team {
    /// Team id.
    pub id: u64,
    /// Team name.
    pub name: String,
    /// Markdown description.
    pub description: String,
    /// Org-wide role: member, creator or admin.
    pub role: String,
    /// Member entity ids (users and robots), in the order added.
    pub members: Vec<u64>,
    /// Backing-group sync (team syncing feature): the group config and when it was set.
    pub sync: Option<TeamSync>,
}

/// A team's backing-group sync configuration.
#[derive(Clone, Debug)]
pub struct TeamSync {
    /// The group lookup config as sent (e.g. `{"group_dn": ...}`).
    pub config: serde_json::Value,
    /// Unix time of the last change.
    pub last_updated: i64,
}

/// A default-permission prototype.
#[derive(Clone, Debug)]
pub struct Prototype {
    /// Generated uuid.
    pub id: String,
    /// The repository-creating user the rule applies to, if any.
    pub activating_user: Option<u64>,
    /// Delegate user or robot.
    pub delegate_user: Option<u64>,
    /// Delegate team id.
    pub delegate_team: Option<u64>,
    /// read, write or admin.
    pub role: String,
}

/// An OAuth application registered by an organization.
#[derive(Clone, Debug)]
pub struct Application {
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Homepage URI.
    pub application_uri: String,
    /// Redirect URI.
    pub redirect_uri: String,
    /// Avatar e-mail.
    pub avatar_email: Option<String>,
}

/// Robot-specific data.
#[derive(Clone, Debug)]
pub struct RobotInfo {
    /// Owning namespace id.
    pub parent: u64,
    /// Description.
    pub description: String,
    /// Unstructured metadata (null when not given).
    pub metadata: Value,
    /// The robot's token (password for /v2).
    pub token: String,
}

/// A user, organization or robot.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Entity id.
    pub id: u64,
    /// Name (robots: `namespace+short`).
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Stored e-mail (Quay stores a uuid placeholder when none was given).
    pub email: String,
    /// Whether an e-mail was actually given at creation.
    pub email_given: bool,
    /// Password, if any.
    pub password: Option<String>,
    /// Whether the account is enabled.
    pub enabled: bool,
    /// Whether this is a superuser.
    pub superuser: bool,
    /// Creation time.
    pub created: i64,
    /// Invoice e-mail flag.
    pub invoice_email: bool,
    /// Invoice address.
    pub invoice_email_address: Option<String>,
    /// Tag expiration (time machine) in seconds.
    pub tag_expiration_s: i64,
    /// Namespace quota.
    pub quota: Option<Quota>,
    /// Teams (organizations only), ordered by id.
    pub teams: Vec<Team>,
    /// Default permissions (organizations only).
    pub prototypes: Vec<Prototype>,
    /// OAuth applications (organizations only).
    pub applications: Vec<Application>,
    /// Robot data (robots only).
    pub robot: Option<RobotInfo>,
}

/// Repository state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepoState {
    /// Normal.
    Normal,
    /// Read-only (value 1).
    ReadOnly,
    /// Mirror (value 2).
    Mirror,
}

impl RepoState {
    /// Name as the API shows it.
    pub fn name(self) -> &'static str {
        match self {
            RepoState::Normal => "NORMAL",
            RepoState::ReadOnly => "READ_ONLY",
            RepoState::Mirror => "MIRROR",
        }
    }
    /// Integer value as Quay prints it in its 503 message.
    pub fn value(self) -> u8 {
        self as u8
    }
    /// Parses an API name.
    pub fn parse(s: &str) -> Option<RepoState> {
        match s {
            "NORMAL" => Some(RepoState::Normal),
            "READ_ONLY" => Some(RepoState::ReadOnly),
            "MIRROR" => Some(RepoState::Mirror),
            _ => None,
        }
    }
}

/// A manifest stored in a repository.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// `sha256:...` digest.
    pub digest: String,
    /// Layer size in bytes.
    pub size: i64,
}

/// One row of tag history (a tag version).
#[derive(Clone, Debug)]
pub struct TagRow {
    /// Row id (ordering tie-break).
    pub id: u64,
    /// Tag name.
    pub name: String,
    /// Manifest digest.
    pub digest: String,
    /// Lifetime start (seconds).
    pub start: i64,
    /// Lifetime end (deleted, moved or expiring), if any.
    pub end: Option<i64>,
    /// Created by a restore.
    pub reversion: bool,
    /// Immutable flag.
    pub immutable: bool,
}

/// A repository mirror configuration.
#[derive(Clone, Debug)]
pub struct Mirror {
    /// Enabled flag.
    pub is_enabled: bool,
    /// External reference.
    pub external_reference: String,
    /// Registry username.
    pub username: Option<String>,
    /// Registry password.
    pub password: Option<String>,
    /// external_registry_config object.
    pub registry_config: Value,
    /// Sync interval in seconds.
    pub sync_interval: i64,
    /// Next sync start.
    pub sync_start_date: i64,
    /// Sync expiration, if running.
    pub sync_expiration_date: Option<i64>,
    /// Retries left.
    pub retries_remaining: i64,
    /// NEVER_RUN, SYNC_NOW, CANCEL, ...
    pub sync_status: String,
    /// Root rule (`{rule_kind, rule_value}`).
    pub root_rule: Value,
    /// Robot entity id.
    pub robot: u64,
    /// Skopeo timeout.
    pub skopeo_timeout: i64,
    /// Architecture filter.
    pub architecture_filter: Vec<Value>,
}

/// A repository.
#[derive(Clone, Debug)]
pub struct Repo {
    /// Repository id.
    pub id: u64,
    /// Namespace entity id.
    pub ns: u64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Public visibility.
    pub public: bool,
    /// State.
    pub state: RepoState,
    /// Kind (`image`).
    pub kind: String,
    /// Badge/status token.
    pub status_token: String,
    /// User and robot permissions (entity id, role) in grant order.
    pub user_perms: Vec<(u64, String)>,
    /// Team permissions (team id, role) in grant order.
    pub team_perms: Vec<(u64, String)>,
    /// Manifests by digest.
    pub manifests: BTreeMap<String, Manifest>,
    /// Tag history rows.
    pub tags: Vec<TagRow>,
    /// Mirror configuration.
    pub mirror: Option<Mirror>,
    /// Users who starred it.
    pub starred_by: BTreeSet<u64>,
}

impl Repo {
    /// The live tag row named `name`, if any.
    pub fn live_tag(&self, name: &str, at: i64) -> Option<&TagRow> {
        self.tags.iter().filter(|t| t.name == name && t.end.is_none_or(|e| e > at)).max_by_key(|t| t.id)
    }
}

/// An OAuth access token.
#[derive(Clone, Debug)]
pub struct Token {
    /// Token id.
    pub id: u64,
    /// Owner entity id.
    pub user: u64,
    /// Granted scopes.
    pub scopes: BTreeSet<String>,
    /// Issuing application's client id.
    pub app_client_id: String,
    /// Issuing application's name.
    pub app_name: String,
}

/// A browser session (cookie), holding a CSRF token and maybe a signed-in user.
#[derive(Clone, Debug, Default)]
pub struct Session {
    /// Signed-in user.
    pub user: Option<u64>,
    /// CSRF token, once issued.
    pub csrf: Option<String>,
}

/// An audit log entry.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// Log kind (e.g. `create_repo`).
    pub kind: String,
    /// Metadata object.
    pub metadata: Map<String, Value>,
    /// Time.
    pub datetime: i64,
    /// Performer entity id.
    pub performer: Option<u64>,
    /// Namespace entity id.
    pub namespace: Option<u64>,
}

/// Service key approval.
#[derive(Clone, Debug)]
pub struct KeyApproval {
    /// `ServiceKeyApprovalType.SUPERUSER` etc.
    pub kind: String,
    /// Approver entity id.
    pub approver: Option<u64>,
    /// Approval time.
    pub date: i64,
    /// Notes.
    pub notes: String,
}

/// A service key.
#[derive(Clone, Debug)]
pub struct ServiceKey {
    /// Key id.
    pub kid: String,
    /// Friendly name.
    pub name: String,
    /// Service name.
    pub service: String,
    /// Metadata.
    pub metadata: Map<String, Value>,
    /// Creation time.
    pub created: i64,
    /// Expiration.
    pub expiration: Option<i64>,
    /// Approval.
    pub approval: Option<KeyApproval>,
    /// JWK modulus (base64url).
    pub jwk_n: String,
    /// PEM public key.
    pub public_pem: String,
}

/// A repository build.
#[derive(Clone, Debug)]
pub struct Build {
    /// Build uuid.
    pub uuid: String,
    /// Repository id.
    pub repo: u64,
    /// Namespace name at request time.
    pub namespace: String,
    /// Repository name at request time.
    pub repo_name: String,
    /// Phase (`waiting`).
    pub phase: String,
    /// Start time.
    pub started: i64,
    /// Display name.
    pub display_name: String,
    /// Requested tags.
    pub tags: Vec<String>,
    /// Requesting user name.
    pub manual_user: Option<String>,
    /// Archive URL.
    pub archive_url: Option<String>,
    /// Subdirectory.
    pub subdirectory: String,
    /// Dockerfile path.
    pub dockerfile_path: String,
    /// Context.
    pub context: String,
    /// Pull robot.
    pub pull_robot: Option<String>,
}

/// Page sizes used by the paged listings (configurable so tests can page cheaply).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageSizes {
    /// listRepos page size (Quay: 100).
    pub repos: usize,
    /// listAllLogs page size (Quay: 20).
    pub logs: usize,
    /// listRepoTags default `limit` (Quay: 50).
    pub tags_default: usize,
    /// listRepoTags maximum `limit` (Quay: 100).
    pub tags_max: usize,
    /// Largest `limit` accepted by listAllUsers/listAllOrganizations (Quay: 100).
    pub superuser_max_limit: usize,
}

impl Default for PageSizes {
    fn default() -> Self {
        PageSizes { repos: 100, logs: 20, tags_default: 50, tags_max: 100, superuser_max_limit: 100 }
    }
}

/// Quay's feature switches that change which operations exist or what answers hold. Every
/// switch defaults to Quay's own default (its `config.py`): all off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Default)]
pub struct Features {
    /// FEATURE_TEAM_SYNCING (off: the syncing routes answer 405, team member lists carry no
    /// `can_sync`/`synced`).
    pub team_syncing: bool,
    /// FEATURE_SUPERUSER_CONFIGDUMP (off: getConfigDump answers 403).
    pub config_dump: bool,
    /// FEATURE_IMMUTABLE_TAGS (off: listRepoTags entries carry no `immutable`, and a tag marked
    /// immutable can still be moved, restored over and deleted; marking stays allowed, as in
    /// Quay, whose data model only enforces immutability with the flag on).
    pub immutable_tags: bool,
    /// FEATURE_QUOTA_MANAGEMENT (off: organization, user and superuser views carry no
    /// `quotas`/`quota_report`, and listRepos entries no `quota_report`). The quota operations
    /// themselves are served either way.
    pub quota_management: bool,
}

impl Features {
    /// Every switch on (the fake as the recordings saw Quay, plus team syncing and config dump).
    pub fn all() -> Features {
        Features { team_syncing: true, config_dump: true, immutable_tags: true, quota_management: true }
    }
}


/// The whole registry.
#[derive(Debug)]
pub struct State {
    /// Base URL of the server (no trailing slash).
    pub base_url: String,
    /// Page sizes.
    pub pages: PageSizes,
    /// Features.
    pub features: Features,
    /// Next id for entities, teams, repos and tag rows.
    pub next_id: u64,
    /// Next quota id.
    pub next_quota_id: u64,
    /// Entities by id.
    pub entities: BTreeMap<u64, Entity>,
    /// Names of deleted entities (Quay renames them to a uuid) for log rendering.
    pub tombstones: HashMap<u64, (String, Kind)>,
    /// Repositories by id.
    pub repos: BTreeMap<u64, Repo>,
    /// OAuth tokens by token string.
    pub tokens: HashMap<String, Token>,
    /// Sessions by cookie value.
    pub sessions: HashMap<String, Session>,
    /// Audit log.
    pub logs: Vec<LogEntry>,
    /// Service keys.
    pub keys: Vec<ServiceKey>,
    /// Builds.
    pub builds: Vec<Build>,
    /// Registry size calculation queued.
    pub registry_size_queued: bool,
    /// The clock every timestamp comes from (shared with the server and the test driving it).
    pub clock: Clock,
}

/// Name of the built-in superuser.
pub const SUPERUSER: &str = "quayadmin";

/// Every OAuth scope Quay knows.
pub const ALL_SCOPES: [&str; 8] = [
    "repo:read",
    "repo:write",
    "repo:admin",
    "repo:create",
    "user:read",
    "user:admin",
    "org:admin",
    "super:user",
];

impl State {
    /// A fresh registry holding only the superuser (with `superuser_token`) and the boot service key.
    pub fn new(base_url: &str, superuser_token: &str, pages: PageSizes, features: Features, clock: Clock) -> State {
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
            registry_size_queued: false,
            clock,
        };
        let admin =
            s.create_user(SUPERUSER, Some("quayadmin@example.com"), Some("password".into()), true);
        s.insert_token(superuser_token, admin, &ALL_SCOPES);
        let key = crate::api::superuser::new_key(&mut s, base_url, "quay");
        s.keys.push(ServiceKey {
            metadata: [("created_by".to_string(), Value::from("CLI tool"))].into_iter().collect(),
            expiration: Some(s.now() + 7200),
            approval: Some(KeyApproval {
                kind: "ServiceKeyApprovalType.AUTOMATIC".into(),
                approver: None,
                date: s.now(),
                notes: String::new(),
            }),
            ..key
        });
        s
    }

    /// Allocates an id.
    pub fn alloc_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Entity by id.
    pub fn entity(&self, id: u64) -> Option<&Entity> {
        self.entities.get(&id)
    }

    /// Entity by name, any kind.
    pub fn find(&self, name: &str) -> Option<&Entity> {
        self.entities.values().find(|e| e.name == name)
    }

    /// Id of the entity named `name` of kind `kind`.
    pub fn find_kind(&self, name: &str, kind: Kind) -> Option<u64> {
        self.find(name).filter(|e| e.kind == kind).map(|e| e.id)
    }

    /// Name of an entity (or its tombstone).
    pub fn name_of(&self, id: u64) -> String {
        match self.entities.get(&id) {
            Some(e) => e.name.clone(),
            None => self.tombstones.get(&id).map(|t| t.0.clone()).unwrap_or_default(),
        }
    }

    /// Org team by name.
    pub fn team(&self, org: u64, name: &str) -> Option<&Team> {
        self.entity(org)?.teams.iter().find(|t| t.name == name)
    }

    /// (org id, team) for a team id.
    pub fn team_by_id(&self, team: u64) -> Option<(u64, &Team)> {
        self.entities.values().find_map(|e| e.teams.iter().find(|t| t.id == team).map(|t| (e.id, t)))
    }

    /// Repository by namespace and name.
    pub fn repo(&self, ns: &str, name: &str) -> Option<&Repo> {
        let ns = self.find(ns)?.id;
        self.repos.values().find(|r| r.ns == ns && r.name == name)
    }

    /// Repository id by namespace and name.
    pub fn repo_id(&self, ns: &str, name: &str) -> Option<u64> {
        self.repo(ns, name).map(|r| r.id)
    }

    /// Mutable repository by id.
    pub fn repo_mut(&mut self, id: u64) -> &mut Repo {
        self.repos.get_mut(&id).expect("repository id")
    }

    fn blank(&mut self, name: &str, kind: Kind, email: Option<&str>) -> Entity {
        Entity {
            id: self.alloc_id(),
            name: name.to_string(),
            kind,
            email: email.map(str::to_string).unwrap_or_else(uuid4),
            email_given: email.is_some(),
            password: None,
            enabled: true,
            superuser: false,
            created: self.now(),
            invoice_email: false,
            invoice_email_address: None,
            tag_expiration_s: 1_209_600,
            quota: None,
            teams: vec![],
            prototypes: vec![],
            applications: vec![],
            robot: None,
        }
    }

    /// Creates a user and returns its id.
    pub fn create_user(&mut self, name: &str, email: Option<&str>, password: Option<String>, superuser: bool) -> u64 {
        let mut e = self.blank(name, Kind::User, email);
        e.password = password;
        e.superuser = superuser;
        let id = e.id;
        self.entities.insert(id, e);
        id
    }

    /// Creates an organization owned by `creator` (an `owners` admin team holding the creator).
    pub fn create_org(&mut self, name: &str, email: Option<&str>, creator: u64) -> u64 {
        let mut e = self.blank(name, Kind::Org, email);
        let team = Team {
            id: self.alloc_id(),
            name: "owners".into(),
            description: String::new(),
            role: "admin".into(),
            members: vec![creator],
            sync: None,
        };
        e.teams.push(team);
        let id = e.id;
        self.entities.insert(id, e);
        id
    }

    /// Creates a robot `parent+short` and returns its id.
    pub fn create_robot(&mut self, parent: u64, short: &str, description: &str, metadata: Value) -> u64 {
        let name = format!("{}+{}", self.name_of(parent), short);
        let mut e = self.blank(&name, Kind::Robot, None);
        e.robot = Some(RobotInfo {
            parent,
            description: description.to_string(),
            metadata,
            token: util::rand_string(64, util::UPPER_ALNUM),
        });
        let id = e.id;
        self.entities.insert(id, e);
        id
    }

    /// Registers a token string for a user with scopes.
    pub fn insert_token(&mut self, token: &str, user: u64, scopes: &[&str]) {
        let id = self.tokens.len() as u64 + 1;
        self.tokens.insert(
            token.to_string(),
            Token {
                id,
                user,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                app_client_id: self.name_of(user),
                app_name: "automation".into(),
            },
        );
    }

    /// Mints a new random token for a user with scopes.
    pub fn mint_token(&mut self, user: u64, scopes: &[&str]) -> String {
        let token = util::rand_string(40, util::ALNUM);
        self.insert_token(&token, user, scopes);
        token
    }

    /// Removes an entity and everything that hangs off it (robots, repos, tokens, grants).
    pub fn delete_entity(&mut self, id: u64) {
        let Some(e) = self.entities.remove(&id) else { return };
        self.tombstones.insert(id, (uuid4(), e.kind));
        let robots: Vec<u64> = self
            .entities
            .values()
            .filter(|r| r.robot.as_ref().is_some_and(|ri| ri.parent == id))
            .map(|r| r.id)
            .collect();
        for r in robots {
            self.delete_entity(r);
        }
        let team_ids: BTreeSet<u64> = e.teams.iter().map(|t| t.id).collect();
        self.repos.retain(|_, r| r.ns != id);
        for r in self.repos.values_mut() {
            r.user_perms.retain(|(u, _)| *u != id);
            r.team_perms.retain(|(t, _)| !team_ids.contains(t));
            r.starred_by.remove(&id);
        }
        for other in self.entities.values_mut() {
            for t in other.teams.iter_mut() {
                t.members.retain(|m| *m != id);
            }
            other.prototypes.retain(|p| p.delegate_user != Some(id) && p.activating_user != Some(id));
        }
        self.tokens.retain(|_, t| t.user != id);
        for s in self.sessions.values_mut() {
            if s.user == Some(id) {
                s.user = None;
            }
        }
    }

    /// The current time (Unix seconds) on the fake's clock.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Appends an audit log entry.
    pub fn log(&mut self, kind: &str, namespace: Option<u64>, performer: Option<u64>, metadata: Map<String, Value>) {
        self.logs.push(LogEntry { kind: kind.into(), metadata, datetime: self.now(), performer, namespace });
    }

    /// Pushes a manifest (as /v2 would) into a repository, optionally tagging it; returns the digest.
    pub fn push_manifest(&mut self, repo: u64, tag: Option<&str>) -> String {
        let payload = format!("{{\"schemaVersion\":2,\"nonce\":\"{}\"}}", util::hex(&util::rand_bytes(16)));
        let digest = format!("sha256:{}", util::sha256_hex(payload.as_bytes()));
        let size = 100 + (util::rand_u64() % 900) as i64;
        let row_id = self.alloc_id();
        let t = self.now();
        let r = self.repo_mut(repo);
        r.manifests.insert(digest.clone(), Manifest { digest: digest.clone(), size });
        if let Some(tag) = tag {
            crate::api::tag::retarget(r, row_id, tag, &digest, false, t);
        }
        digest
    }
}
