//! Users and organizations (and the record robots share with them): lookups by id and name,
//! creation, renaming, taking ownership, and deletion with everything that hangs off an entity.

use super::{Prototype, Quota, RobotInfo, State, Team};
use crate::util::uuid4;
use std::collections::BTreeSet;

/// What kind of namespace entity a record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A human user.
    User,
    /// An organization.
    Org,
    /// A robot account (`namespace+short`).
    Robot,
}

/// An OAuth application registered by an organization.
#[derive(Clone, Debug)]
pub(crate) struct Application {
    /// Client id.
    pub(crate) client_id: String,
    /// Client secret.
    pub(crate) client_secret: String,
    /// Name.
    pub(crate) name: String,
    /// Description.
    pub(crate) description: String,
    /// Homepage URI.
    pub(crate) application_uri: String,
    /// Redirect URI.
    pub(crate) redirect_uri: String,
    /// Avatar e-mail.
    pub(crate) avatar_email: Option<String>,
}

/// A user, organization or robot.
#[derive(Clone, Debug)]
pub(crate) struct Entity {
    /// Entity id.
    pub(crate) id: u64,
    /// Name (robots: `namespace+short`).
    pub(crate) name: String,
    /// Kind.
    pub(crate) kind: Kind,
    /// Stored e-mail (Quay stores a uuid placeholder when none was given).
    pub(crate) email: String,
    /// Whether an e-mail was actually given at creation.
    pub(crate) email_given: bool,
    /// Password, if any.
    pub(crate) password: Option<String>,
    /// Whether the account is enabled.
    pub(crate) enabled: bool,
    /// Whether this is a superuser.
    pub(crate) superuser: bool,
    /// Creation time.
    pub(crate) created: i64,
    /// Invoice e-mail flag.
    pub(crate) invoice_email: bool,
    /// Invoice address.
    pub(crate) invoice_email_address: Option<String>,
    /// Tag expiration (time machine) in seconds.
    pub(crate) tag_expiration_s: i64,
    /// Namespace quota.
    pub(crate) quota: Option<Quota>,
    /// Teams (organizations only), ordered by id.
    pub(crate) teams: Vec<Team>,
    /// Default permissions (organizations only).
    pub(crate) prototypes: Vec<Prototype>,
    /// OAuth applications (organizations only).
    pub(crate) applications: Vec<Application>,
    /// Robot data (robots only).
    pub(crate) robot: Option<RobotInfo>,
}

impl State {
    /// Entity by id.
    pub(crate) fn entity(&self, id: u64) -> Option<&Entity> {
        self.entities.get(&id)
    }

    /// Entity by name, any kind.
    pub(crate) fn find(&self, name: &str) -> Option<&Entity> {
        self.entities.values().find(|e| e.name == name)
    }

    /// Id of the entity named `name` of kind `kind`.
    pub(crate) fn find_kind(&self, name: &str, kind: Kind) -> Option<u64> {
        self.find(name).filter(|e| e.kind == kind).map(|e| e.id)
    }

    /// Id of the organization named `name`.
    pub(crate) fn org_id(&self, name: &str) -> Option<u64> {
        self.find_kind(name, Kind::Org)
    }

    /// Name of an entity (or its tombstone).
    pub(crate) fn name_of(&self, id: u64) -> String {
        match self.entities.get(&id) {
            Some(e) => e.name.clone(),
            None => self.tombstones.get(&id).map(|t| t.0.clone()).unwrap_or_default(),
        }
    }

    /// Name and kind of an entity, or of its tombstone once deleted (for log rendering).
    pub(crate) fn label_of(&self, id: u64) -> (String, Kind) {
        match self.entity(id) {
            Some(e) => (e.name.clone(), e.kind),
            None => self.tombstones.get(&id).cloned().unwrap_or((String::new(), Kind::User)),
        }
    }

    /// A new entity record with Quay's defaults (not yet inserted).
    pub(super) fn blank(&mut self, name: &str, kind: Kind, email: Option<&str>) -> Entity {
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
    pub(crate) fn create_user(&mut self, name: &str, email: Option<&str>, password: Option<String>, superuser: bool) -> u64 {
        let mut e = self.blank(name, Kind::User, email);
        e.password = password;
        e.superuser = superuser;
        let id = e.id;
        self.entities.insert(id, e);
        id
    }

    /// Creates an organization owned by `creator` (an `owners` admin team holding the creator).
    pub(crate) fn create_org(&mut self, name: &str, email: Option<&str>, creator: u64) -> u64 {
        let mut e = self.blank(name, Kind::Org, email);
        let team = Team::owners(self.alloc_id(), creator);
        e.teams.push(team);
        let id = e.id;
        self.entities.insert(id, e);
        id
    }

    /// Renames an entity, and the robots of a namespace along with it.
    pub(crate) fn rename(&mut self, id: u64, new: &str) {
        let old = self.name_of(id);
        self.entities.get_mut(&id).expect("entity").name = new.to_string();
        for e in self.entities.values_mut() {
            if e.robot.as_ref().is_some_and(|r| r.parent == id)
                && let Some(short) = e.name.strip_prefix(&format!("{old}+")) {
                    e.name = format!("{new}+{short}");
                }
        }
    }

    /// Makes `owner` an administrator of namespace `id`: a user namespace becomes an
    /// organization (owned by an `owners` team holding `owner`, its tokens revoked); an
    /// organization gets `owner` added to its admin team.
    pub(crate) fn take_ownership(&mut self, id: u64, owner: u64) {
        if self.entity(id).is_some_and(|e| e.kind == Kind::User) {
            let team = Team::owners(self.alloc_id(), owner);
            let e = self.entities.get_mut(&id).expect("entity");
            e.kind = Kind::Org;
            e.password = None;
            e.email = String::new();
            e.teams = vec![team];
            self.tokens.retain(|_, t| t.user != id);
        } else {
            let e = self.entities.get_mut(&id).expect("entity");
            match e.teams.iter_mut().find(|t| t.role == "admin") {
                Some(t) if !t.members.contains(&owner) => t.members.push(owner),
                Some(_) => {}
                None => {}
            }
        }
    }

    /// Removes an entity and everything that hangs off it (robots, repos, tokens, grants).
    pub(crate) fn delete_entity(&mut self, id: u64) {
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
}
