//! Browser sessions (the `session` cookie): the CSRF token each one is issued and the user
//! signed in through it.

use super::State;
use crate::util::{ALNUM, base64, rand_bytes, rand_string};

/// A browser session (cookie), holding a CSRF token and maybe a signed-in user.
#[derive(Clone, Debug, Default)]
pub(crate) struct Session {
    /// Signed-in user.
    pub(crate) user: Option<u64>,
    /// CSRF token, once issued.
    pub(crate) csrf: Option<String>,
}

impl State {
    /// The CSRF token of the session `cookie` names, issuing one if needed; a cookie naming no
    /// session starts a new one. Returns the token and, for a new session, its id.
    pub(crate) fn csrf_token(&mut self, cookie: Option<String>) -> (String, Option<String>) {
        let existing = cookie.filter(|s| self.sessions.contains_key(s));
        let id = existing.clone().unwrap_or_else(|| rand_string(32, ALNUM));
        let sess = self.sessions.entry(id.clone()).or_default();
        let token = sess.csrf.get_or_insert_with(|| base64(&rand_bytes(48))).clone();
        (token, existing.is_none().then_some(id))
    }
}
