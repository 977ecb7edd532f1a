//! The fake's configuration as the model sees it: Quay's feature switches and the page sizes of
//! the paged listings.

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
/// switch defaults to Quay's own default (its `config.py`): all off, except app-specific tokens
/// and mailing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    /// FEATURE_TEAM_SYNCING (off: the syncing routes answer 405, team member lists carry no
    /// `can_sync`/`synced`).
    pub team_syncing: bool,
    /// FEATURE_SUPERUSER_CONFIGDUMP (off: getConfigDump answers 403).
    pub config_dump: bool,
    /// FEATURE_IMMUTABLE_TAGS (off: listRepoTags entries carry no `immutable`, and a tag marked
    /// immutable can still be moved, restored over and deleted; marking stays allowed, as in
    /// Quay, whose data model only enforces immutability with the flag on; on: the
    /// immutability policy routes of organizations and repositories exist too).
    pub immutable_tags: bool,
    /// FEATURE_QUOTA_MANAGEMENT (off: organization, user and superuser views carry no
    /// `quotas`/`quota_report`, and listRepos entries no `quota_report`). The quota operations
    /// themselves are served either way.
    pub quota_management: bool,
    /// FEATURE_IMAGE_PULL_STATS (off: the tag and manifest pull statistics operations do not
    /// exist).
    pub image_pull_stats: bool,
    /// FEATURE_SECURITY_SCANNER (off: getRepoManifestSecurity does not exist; on, the fake
    /// answers as a Quay whose scanner cannot be reached: every scan stays `queued`).
    pub security_scanner: bool,
    /// FEATURE_APP_SPECIFIC_TOKENS (on by default; off: the app-token routes do not exist and
    /// `$app` logins are refused).
    pub app_specific_tokens: bool,
    /// FEATURE_MAILING (on by default; off: the team e-mail invite routes do not exist).
    pub mailing: bool,
    /// FEATURE_PROGRAMMATIC_BOOTSTRAP (on: the fake holds a bootstrap token of the superuser,
    /// and renewBootstrapToken exists).
    pub programmatic_bootstrap: bool,
    /// FEATURE_PROXY_CACHE (on: the organization proxy-cache routes exist).
    pub proxy_cache: bool,
    /// FEATURE_ORG_MIRROR (on: the organization mirroring routes exist).
    pub org_mirror: bool,
    /// FEATURE_AUTO_PRUNE (on: the auto-prune policy routes of organizations, repositories and
    /// users exist).
    pub auto_prune: bool,
    /// FEATURE_QUOTA_NOTIFICATIONS (on: the namespace notification routes exist).
    pub quota_notifications: bool,
    /// FEATURE_REFERRERS_API (on: the OCI referrers listing `GET /v2/.../referrers/{digest}`
    /// exists).
    pub referrers_api: bool,
    /// FEATURE_USER_METADATA (on: users are asked for their name and company, so the signed-in
    /// user's `prompts` lists `enter_name` and `enter_company`; off: no prompts).
    pub user_metadata: bool,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            team_syncing: false,
            config_dump: false,
            immutable_tags: false,
            quota_management: false,
            app_specific_tokens: true,
            mailing: true,
            programmatic_bootstrap: false,
            proxy_cache: false,
            org_mirror: false,
            quota_notifications: false,
            referrers_api: false,
            user_metadata: false,
            auto_prune: false,
            image_pull_stats: false,
            security_scanner: false,
        }
    }
}

impl Features {
    /// Every switch on (the fake as the recordings saw Quay, plus team syncing and config dump).
    pub fn all() -> Features {
        Features {
            team_syncing: true,
            config_dump: true,
            immutable_tags: true,
            quota_management: true,
            image_pull_stats: true,
            security_scanner: true,
            app_specific_tokens: true,
            mailing: true,
            programmatic_bootstrap: true,
            proxy_cache: true,
            org_mirror: true,
            quota_notifications: true,
            referrers_api: true,
            user_metadata: true,
            auto_prune: true,
        }
    }
}
