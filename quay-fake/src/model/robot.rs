//! Robot accounts (`namespace+short`): creation, lookup and token regeneration.

use super::{Kind, State};
use crate::util::{UPPER_ALNUM, rand_string};
use serde_json::Value;

/// Robot-specific data.
#[derive(Clone, Debug)]
pub(crate) struct RobotInfo {
    /// Owning namespace id.
    pub(crate) parent: u64,
    /// Description.
    pub(crate) description: String,
    /// Unstructured metadata (null when not given).
    pub(crate) metadata: Value,
    /// The robot's token (password for /v2).
    pub(crate) token: String,
}

/// A fresh robot token.
fn new_token() -> String {
    rand_string(64, UPPER_ALNUM)
}

impl State {
    /// Creates a robot `parent+short` and returns its id.
    pub(crate) fn create_robot(&mut self, parent: u64, short: &str, description: &str, metadata: Value) -> u64 {
        let name = format!("{}+{}", self.name_of(parent), short);
        let mut e = self.blank(&name, Kind::Robot, None);
        e.robot = Some(RobotInfo { parent, description: description.to_string(), metadata, token: new_token() });
        let id = e.id;
        self.entities.insert(id, e);
        id
    }

    /// Id of the robot `short` of namespace `namespace`.
    pub(crate) fn robot(&self, namespace: &str, short: &str) -> Option<u64> {
        self.find_kind(&format!("{namespace}+{short}"), Kind::Robot)
    }

    /// Gives robot `id` a new token; returns (its namespace id, the token).
    pub(crate) fn regenerate_robot_token(&mut self, id: u64) -> (u64, String) {
        let ri = self.entities.get_mut(&id).and_then(|e| e.robot.as_mut()).expect("robot");
        ri.token = new_token();
        (ri.parent, ri.token.clone())
    }
}
