//! What the namespace, identity and platform chapters keep: app-specific tokens, global
//! messages, the bootstrap token and the registry login back-off (one field of [`State`], so
//! that these chapters stay apart from the rest of the model).

use super::{State, Token};
use crate::util::{ALNUM, rand_string, uuid4};
use std::collections::HashSet;

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
