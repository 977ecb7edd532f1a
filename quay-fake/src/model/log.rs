//! The audit log: entries stamped with the fake's clock.

use super::State;
use serde_json::{Map, Value};

/// An audit log entry.
#[derive(Clone, Debug)]
pub(crate) struct LogEntry {
    /// Log kind (e.g. `create_repo`).
    pub(crate) kind: String,
    /// Metadata object.
    pub(crate) metadata: Map<String, Value>,
    /// Time.
    pub(crate) datetime: i64,
    /// Performer entity id.
    pub(crate) performer: Option<u64>,
    /// Namespace entity id.
    pub(crate) namespace: Option<u64>,
    /// The repository it concerns (Quay's `repository` column; the metadata's `repo`, unless
    /// Quay leaves it out of the metadata).
    pub(crate) repository: Option<String>,
    /// Whether a request made it (Quay then records the caller's IP address; a background
    /// change records none).
    pub(crate) from_request: bool,
}

impl State {
    /// Appends an audit log entry.
    pub(crate) fn log(&mut self, kind: &str, namespace: Option<u64>, performer: Option<u64>, metadata: Map<String, Value>) {
        let repository = metadata.get("repo").and_then(Value::as_str).map(str::to_string);
        self.logs.push(LogEntry { kind: kind.into(), metadata, datetime: self.now(), performer, namespace, repository, from_request: true });
    }

    /// Appends an audit log entry about repository `repo` whose metadata does not name it.
    pub(crate) fn log_in_repo(&mut self, kind: &str, namespace: Option<u64>, repo: &str, performer: Option<u64>, metadata: Map<String, Value>) {
        self.log(kind, namespace, performer, metadata);
        if let Some(entry) = self.logs.last_mut() {
            entry.repository = Some(repo.to_string());
        }
    }

    /// Appends an audit log entry of Quay's data model itself (no performer, no IP address).
    pub(crate) fn log_background(&mut self, kind: &str, namespace: u64, metadata: Map<String, Value>) {
        let datetime = self.now();
        let repository = metadata.get("repo").and_then(Value::as_str).map(str::to_string);
        let entry = LogEntry { kind: kind.into(), metadata, datetime, performer: None, namespace: Some(namespace), repository, from_request: false };
        self.logs.push(entry);
    }
}
