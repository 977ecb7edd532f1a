//! OAuth access tokens and the scopes they carry.

use super::State;
use crate::util::{ALNUM, rand_string};
use std::collections::BTreeSet;

/// Every OAuth scope Quay knows.
pub(crate) const ALL_SCOPES: [&str; 8] = [
    "repo:read",
    "repo:write",
    "repo:admin",
    "repo:create",
    "user:read",
    "user:admin",
    "org:admin",
    "super:user",
];

/// An OAuth access token.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    /// Token id.
    pub(crate) id: u64,
    /// Owner entity id.
    pub(crate) user: u64,
    /// Granted scopes.
    pub(crate) scopes: BTreeSet<String>,
    /// Issuing application's client id.
    pub(crate) app_client_id: String,
    /// Issuing application's name.
    pub(crate) app_name: String,
}

impl State {
    /// Registers a token string for a user with scopes.
    pub(crate) fn insert_token(&mut self, token: &str, user: u64, scopes: &[&str]) {
        let id = self.tokens.values().map(|t| t.id).max().unwrap_or(0) + 1;
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
    pub(crate) fn mint_token(&mut self, user: u64, scopes: &[&str]) -> String {
        let token = rand_string(40, ALNUM);
        self.insert_token(&token, user, scopes);
        token
    }
}
