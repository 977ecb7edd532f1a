//! Seeding, as tests do it through `FakeQuay`'s methods and the control API: users with a
//! full-scope token, more tokens, manifests pushed as `/v2` would (creating the repository),
//! many tags at once, and build triggers as Quay's web UI sets them up. Errors are plain messages (the control API answers them with a 400).

use super::{ALL_SCOPES, Kind, State, TRIGGER_SERVICES, TagRow, valid_repo_name, valid_tag_name};
use crate::util::{ALNUM, rand_string};

impl State {
    /// Creates a user (full scopes token); returns (token, password).
    pub(crate) fn seed_user(&mut self, name: &str, email: Option<&str>, password: Option<&str>, superuser: bool) -> Result<(String, String), String> {
        if self.find(name).is_some() {
            return Err(format!("namespace {name} already exists"));
        }
        let password = password.map(str::to_string).unwrap_or_else(|| rand_string(24, ALNUM));
        let email = email.map(str::to_string).unwrap_or_else(|| format!("{name}@example.com"));
        let id = self.create_user(name, Some(&email), Some(password.clone()), superuser);
        Ok((self.mint_token(id, &ALL_SCOPES), password))
    }

    /// Mints a token for an existing user or robot with the given scopes.
    pub(crate) fn seed_token(&mut self, user: &str, scopes: &[&str]) -> Result<String, String> {
        let id = self.find(user).filter(|e| e.kind != Kind::Org).map(|e| e.id).ok_or_else(|| format!("no user {user}"))?;
        if let Some(bad) = scopes.iter().find(|s| !ALL_SCOPES.contains(s)) {
            return Err(format!("unknown scope {bad}"));
        }
        Ok(self.mint_token(id, scopes))
    }

    /// Pushes an image (as /v2 would) into `namespace/repo`, creating the repository if needed:
    /// a manifest whose config carries `labels`, with each of `tags` pointed at it. Returns the
    /// `sha256:` digest.
    pub(crate) fn seed_manifest(&mut self, namespace: &str, repo: &str, tags: &[&str], labels: &[(&str, &str)]) -> Result<String, String> {
        let ns = self.find(namespace).filter(|e| e.kind != Kind::Robot).map(|e| e.id).ok_or_else(|| format!("no namespace {namespace}"))?;
        if let Some(bad) = tags.iter().find(|t| !valid_tag_name(t)) {
            return Err(format!("invalid tag name {bad}"));
        }
        let id = match self.repo_id(namespace, repo) {
            Some(id) => id,
            None => {
                if !valid_repo_name(repo) {
                    return Err(format!("invalid repository name {repo}"));
                }
                let creator = self.entity(ns).filter(|e| e.kind == Kind::User).map(|e| e.id);
                self.create_repository(ns, repo, creator, "", false)
            }
        };
        self.push_image(id, tags, labels).map_err(|e| format!("{namespace}/{repo}: {e}"))
    }

    /// Pushes one manifest into `namespace/repo` and points `count` new tags at it, named
    /// `{prefix}{i}` (for large listings, e.g. benchmarks). The names must not exist yet. Returns
    /// the digest.
    pub(crate) fn seed_tags(&mut self, namespace: &str, repo: &str, count: usize, prefix: &str) -> Result<String, String> {
        if !valid_tag_name(&format!("{prefix}{count}")) {
            return Err(format!("invalid tag prefix {prefix}"));
        }
        let digest = self.seed_manifest(namespace, repo, &[], &[])?;
        let id = self.repo_id(namespace, repo).ok_or_else(|| format!("no repository {namespace}/{repo}"))?;
        let now = self.now();
        if self.repos[&id].tags.iter().any(|t| t.name.starts_with(prefix)) {
            return Err(format!("tags named {prefix}* already exist in {namespace}/{repo}"));
        }
        for i in 0..count {
            let row = self.alloc_id();
            self.repo_mut(id).tags.push(TagRow {
                id: row,
                name: format!("{prefix}{i}"),
                digest: digest.clone(),
                start: now,
                end: None,
                reversion: false,
                immutable: false,
            });
        }
        Ok(digest)
    }

    /// Sets up an inactive build trigger of `service` (custom-git, github, gitlab, bitbucket)
    /// on `namespace/repo` for `user`, who alone may activate it (Quay's web UI does this; no
    /// API operation does). Returns its uuid.
    pub(crate) fn seed_trigger(&mut self, namespace: &str, repo: &str, service: &str, user: &str) -> Result<String, String> {
        if !TRIGGER_SERVICES.contains(&service) {
            return Err(format!("unknown trigger service {service:?}: use one of {}", TRIGGER_SERVICES.join(", ")));
        }
        let id = self.repo_id(namespace, repo).ok_or_else(|| format!("no repository {namespace}/{repo}"))?;
        let user = self.find_kind(user, Kind::User).ok_or_else(|| format!("no user {user}"))?;
        Ok(self.add_trigger(id, service, user))
    }
}
