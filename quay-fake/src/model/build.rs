//! Repository builds (requested, never run: they stay `waiting`).

/// A repository build.
#[derive(Clone, Debug)]
pub(crate) struct Build {
    /// Build uuid.
    pub(crate) uuid: String,
    /// Repository id.
    pub(crate) repo: u64,
    /// Namespace name at request time.
    pub(crate) namespace: String,
    /// Repository name at request time.
    pub(crate) repo_name: String,
    /// Phase (`waiting`).
    pub(crate) phase: String,
    /// Start time.
    pub(crate) started: i64,
    /// Display name.
    pub(crate) display_name: String,
    /// Requested tags.
    pub(crate) tags: Vec<String>,
    /// Requesting user name.
    pub(crate) manual_user: Option<String>,
    /// Archive URL.
    pub(crate) archive_url: Option<String>,
    /// Subdirectory.
    pub(crate) subdirectory: String,
    /// Dockerfile path.
    pub(crate) dockerfile_path: String,
    /// Context.
    pub(crate) context: String,
    /// Pull robot (its full name).
    pub(crate) pull_robot: Option<String>,
    /// The trigger that started it (None for other builds, and once the trigger is deleted).
    pub(crate) trigger: Option<String>,
    /// The trigger's metadata (`{}` for other builds).
    pub(crate) trigger_metadata: serde_json::Value,
}
