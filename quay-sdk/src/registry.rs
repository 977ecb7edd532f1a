//! Registry (`/v2`) operations' authentication. They take a registry bearer token from
//! `GET /v2/auth` rather than the API's OAuth token: the SDK obtains one per repository scope
//! (`repository:<namespace>/<repository>:pull`) with HTTP basic credentials, the configured
//! token as the password of `$oauthtoken` (an OAuth token) or `$app` (an app-specific token),
//! keeps it until it expires (by the server's clock) and sends it on that scope's requests.
//! Neither the configured token nor a registry token ever appears in `Debug`, logs or errors.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use progenitor_client::ClientInfo;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::generated::Client;
use crate::{Error, Result};

/// A registry token's lifetime when neither `expires_in` nor the token's own `exp` says (the
/// Docker registry token specification's default).
const DEFAULT_LIFETIME: i64 = 60;

/// A cached token counts as expired this many seconds before its expiry, so that it does not
/// expire in flight.
const MARGIN: i64 = 10;

/// What the configured token is, which decides the user name it goes with at `/v2/auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TokenKind {
    /// An OAuth access token (of a Quay application), sent as the password of `$oauthtoken`.
    /// The default.
    #[default]
    OAuth,
    /// An app-specific token (a user's registry password), sent as the password of `$app`.
    App,
}

impl TokenKind {
    /// The configuration's name: `oauth` or `app`.
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::OAuth => "oauth",
            TokenKind::App => "app",
        }
    }

    /// The user name this kind of token goes with at `/v2/auth`.
    pub fn username(self) -> &'static str {
        match self {
            TokenKind::OAuth => "$oauthtoken",
            TokenKind::App => "$app",
        }
    }

    /// Reads a configuration's name (`oauth` or `app`).
    pub fn parse(name: &str) -> Result<TokenKind> {
        match name {
            "oauth" => Ok(TokenKind::OAuth),
            "app" => Ok(TokenKind::App),
            other => Err(Error::invalid_input(format!(
                "configuration: `token_kind` must be \"oauth\" (an OAuth token, the default) or \"app\" (an app-specific token), not {other:?}"
            ))),
        }
    }
}

/// One registry token and when it expires (server time, Unix seconds).
struct Cached {
    header: HeaderValue,
    expires: i64,
}

/// The credentials for `/v2/auth` and the registry tokens obtained with them, by scope. Its
/// `Debug` shows the token kind and the cached scopes, never a token.
pub(crate) struct RegistryAuth {
    login: Option<(TokenKind, SecretString)>,
    cache: Mutex<HashMap<String, Cached>>,
}

impl std::fmt::Debug for RegistryAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scopes: Vec<String> = self.lock().keys().cloned().collect();
        f.debug_struct("RegistryAuth")
            .field("token_kind", &self.login.as_ref().map(|(k, _)| k.name()))
            .field("cached_scopes", &scopes)
            .finish()
    }
}

impl RegistryAuth {
    /// Credentials from the configured token (none: registry operations fail with a clear error).
    pub(crate) fn new(kind: TokenKind, token: Option<SecretString>) -> RegistryAuth {
        RegistryAuth { login: token.map(|t| (kind, t)), cache: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Cached>> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets the token of a scope (after the registry refused it).
    pub(crate) fn forget(&self, scope: &str) {
        self.lock().remove(scope);
    }
}

/// The pull scope of a registry request's path (`/v2/<namespace>/<repository>/...`).
fn scope_of(path: &str) -> Option<String> {
    let rest = path.split("/v2/").nth(1)?;
    let mut parts = rest.split('/');
    let (ns, repo) = (parts.next()?, parts.next()?);
    (!ns.is_empty() && !repo.is_empty()).then(|| format!("repository:{ns}/{repo}:pull"))
}

/// The service name `/v2/auth` expects: the registry's host (and port).
fn service_of(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

/// The `exp` claim of a JWT, read without checking its signature (only to know when to ask for
/// a new one).
fn jwt_expiry(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice::<Value>(&bytes).ok()?.get("exp")?.as_i64()
}

/// Why `/v2/auth` refused, in words that say what to change.
fn refusal(kind: TokenKind, status: u16, bytes: &[u8]) -> String {
    let detail = crate::error::canonical_body(status, bytes)["detail"].as_str().unwrap_or_default().to_string();
    let advice = match (status, kind) {
        (401, TokenKind::OAuth) => {
            "the token was refused as an OAuth token (user `$oauthtoken`): it is invalid, expired or revoked, \
             or it is an app-specific token (configure token_kind \"app\")"
        }
        (401, TokenKind::App) => {
            "the token was refused as an app-specific token (user `$app`): it is invalid, expired or revoked, \
             or it is an OAuth token (configure token_kind \"oauth\")"
        }
        (429, _) => "Quay is holding logins back after a failed one; retry later",
        _ => "the registry login failed",
    };
    format!("/v2/auth answered {status} ({detail}): {advice}")
}

impl Client {
    /// Puts a registry token for the request's repository on a registry request: the cached
    /// one while it lasts, else a new one from `/v2/auth`. Returns the scope, and whether the
    /// token came from the cache.
    pub(crate) async fn authorize_registry(&self, request: &mut reqwest::Request) -> Result<(String, bool)> {
        let hooks = self.inner();
        let auth = &hooks.registry;
        let scope = scope_of(request.url().path())
            .ok_or_else(|| Error::invalid_input(format!("{} is not a repository's registry path", request.url().path())))?;
        let now = hooks.server_clock.now();
        let cached = auth.lock().get(&scope).filter(|c| c.expires - MARGIN > now).map(|c| c.header.clone());
        let from_cache = cached.is_some();
        let header = match cached {
            Some(h) => h,
            None => self.registry_login(&scope, request.url()).await?,
        };
        request.headers_mut().insert(reqwest::header::AUTHORIZATION, header);
        Ok((scope, from_cache))
    }

    /// Asks `/v2/auth` for a token of `scope` and caches it.
    async fn registry_login(&self, scope: &str, url: &reqwest::Url) -> Result<HeaderValue> {
        let hooks = self.inner();
        let auth = &hooks.registry;
        let Some((kind, secret)) = &auth.login else {
            return Err(Error::RegistryAuth {
                reason: "no token is configured: registry (/v2) operations need a registry token, which the SDK \
                         obtains from /v2/auth with the configured OAuth or app-specific token"
                    .into(),
                status: None,
                call: None,
            });
        };
        let mut login = url.clone();
        login.set_path("/v2/auth");
        login.set_query(None);
        login.query_pairs_mut().append_pair("service", &service_of(url)).append_pair("scope", scope);
        let request = self
            .client()
            .get(login)
            .basic_auth(kind.username(), Some(secret.expose_secret()))
            .build()
            .map_err(|e| Error::transport(format!("cannot build the /v2/auth request: {e}")))?;
        let (result, attempts) = crate::retry::execute(self.client(), request, &hooks.retry).await;
        let response = result.map_err(|e| match crate::error::from_reqwest(e) {
            Error::Timeout { message, .. } => Error::Timeout { message: format!("/v2/auth: {message}"), call: None, attempts },
            Error::Transport { message, .. } => Error::Transport { message: format!("/v2/auth: {message}"), call: None, attempts },
            other => other,
        })?;
        hooks.server_clock.observe(response.headers());
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(crate::error::from_reqwest)?;
        if status != 200 {
            return Err(Error::RegistryAuth { reason: refusal(*kind, status, &bytes), status: Some(status), call: None });
        }
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let token = body.get("token").or_else(|| body.get("access_token")).and_then(Value::as_str).ok_or_else(|| {
            Error::RegistryAuth { reason: "/v2/auth answered 200 without a token".into(), status: Some(status), call: None }
        })?;
        let now = hooks.server_clock.now();
        let expires = match body.get("expires_in").and_then(Value::as_i64) {
            Some(lifetime) => now + lifetime,
            None => jwt_expiry(token).unwrap_or(now + DEFAULT_LIFETIME),
        };
        let mut header = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| Error::RegistryAuth {
            reason: "/v2/auth answered a token that cannot travel in an HTTP header".into(),
            status: Some(status),
            call: None,
        })?;
        header.set_sensitive(true);
        auth.lock().insert(scope.to_string(), Cached { header: header.clone(), expires });
        tracing::debug!(scope, expires, "quay-sdk: obtained a registry token");
        Ok(header)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_services_and_expiries() {
        assert_eq!(scope_of("/v2/acme/web/referrers/sha256:00").as_deref(), Some("repository:acme/web:pull"));
        assert_eq!(scope_of("/api/v1/repository"), None);
        let url = reqwest::Url::parse("http://127.0.0.1:8080/v2/a/b/referrers/x").unwrap();
        assert_eq!(service_of(&url), "127.0.0.1:8080");
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"exp": 1900000000}"#);
        assert_eq!(jwt_expiry(&format!("eyJhbGciOiJSUzI1NiJ9.{payload}.sig")), Some(1_900_000_000));
        assert_eq!(jwt_expiry("opaque"), None);
        assert_eq!(TokenKind::parse("app").unwrap().username(), "$app");
        assert!(TokenKind::parse("oauth2").unwrap_err().to_string().contains("token_kind"));
    }

    #[test]
    fn debug_shows_no_token() {
        let auth = RegistryAuth::new(TokenKind::App, Some(SecretString::from("s3cr3t-app-token")));
        let mut h = HeaderValue::from_static("Bearer eyJregistry-token");
        h.set_sensitive(true);
        auth.lock().insert("repository:a/b:pull".into(), Cached { header: h, expires: 0 });
        let text = format!("{auth:?}");
        assert!(!text.contains("s3cr3t") && !text.contains("eyJ"), "{text}");
        assert!(text.contains("repository:a/b:pull") && text.contains("app"), "{text}");
    }
}
