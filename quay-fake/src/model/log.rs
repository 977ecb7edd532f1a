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
}

impl State {
    /// Appends an audit log entry.
    pub(crate) fn log(&mut self, kind: &str, namespace: Option<u64>, performer: Option<u64>, metadata: Map<String, Value>) {
        self.logs.push(LogEntry { kind: kind.into(), metadata, datetime: self.now(), performer, namespace });
    }
}
