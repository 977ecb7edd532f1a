//! Building a [`Client`]: registry, token, TLS, timeouts, user agent and retries.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::registry::TokenKind;
use crate::retry::RetryPolicy;
use crate::hooks::Hooks;
use crate::{Client, Error, Result, generated};

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Configures and builds a [`Client`]. TLS verification is on unless
/// [`danger_accept_invalid_certs`](ClientBuilder::danger_accept_invalid_certs) turns it off.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    registry: Option<String>,
    token: Option<SecretString>,
    token_kind: TokenKind,
    env_token_kind: Option<String>,
    ca_bundle: Option<PathBuf>,
    accept_invalid_certs: bool,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            registry: None,
            token: None,
            token_kind: TokenKind::OAuth,
            env_token_kind: None,
            ca_bundle: None,
            accept_invalid_certs: false,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!("quay-sdk/", env!("CARGO_PKG_VERSION")).to_string(),
            retry: RetryPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// The registry: a host (`quay.example.com`, https is assumed) or a URL (`http://` is
    /// allowed for local servers). A trailing `/` or `/api/v1` is ignored.
    pub fn registry(mut self, registry: impl Into<String>) -> Self {
        self.registry = Some(registry.into());
        self
    }

    /// The OAuth bearer token. It is never shown by `Debug`, in errors or in logs.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SecretString::from(token.into()));
        self
    }

    /// What the token is: an OAuth token ([`TokenKind::OAuth`], the default) or an app-specific
    /// token ([`TokenKind::App`]). Registry (`/v2`) operations exchange it at `/v2/auth` for a
    /// registry token, as the password of `$oauthtoken` or of `$app` respectively.
    pub fn token_kind(mut self, kind: TokenKind) -> Self {
        self.token_kind = kind;
        self
    }

    /// Trusts the certificates of a PEM file in addition to the system's roots.
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }

    /// Turns TLS certificate verification off. Only for test registries you control.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// Time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Reads `QUAY_REGISTRY` and `QUAY_TOKEN` (falling back to the curl guide's `quay_registry`
    /// and `bearer_token`), and `QUAY_CA_BUNDLE` and `QUAY_TOKEN_KIND` (`oauth` or `app`) if set.
    /// An unknown `QUAY_TOKEN_KIND` is refused by [`build`](ClientBuilder::build).
    pub fn from_env(mut self) -> Self {
        let var = |names: &[&str]| names.iter().find_map(|n| std::env::var(n).ok().filter(|v| !v.is_empty()));
        if let Some(r) = var(&["QUAY_REGISTRY", "quay_registry"]) {
            self.registry = Some(r);
        }
        if let Some(t) = var(&["QUAY_TOKEN", "bearer_token"]) {
            self.token = Some(SecretString::from(t));
        }
        if let Some(ca) = var(&["QUAY_CA_BUNDLE"]) {
            self.ca_bundle = Some(PathBuf::from(ca));
        }
        self.env_token_kind = var(&["QUAY_TOKEN_KIND"]);
        self
    }

    /// Validates the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let registry = self.registry.as_deref().ok_or_else(|| {
            Error::invalid_input("no registry given (set QUAY_REGISTRY or call .registry(...))")
        })?;
        let base = base_url(registry)?;
        let token_kind = match &self.env_token_kind {
            Some(name) => TokenKind::parse(name).map_err(|_| {
                Error::invalid_input(format!("QUAY_TOKEN_KIND must be \"oauth\" or \"app\", not {name:?}"))
            })?,
            None => self.token_kind,
        };
        let auth = match &self.token {
            None => None,
            Some(t) => {
                let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {}", t.expose_secret()))
                    .map_err(|_| Error::invalid_input("the token holds characters not allowed in an HTTP header"))?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent.clone())
            .tls_danger_accept_invalid_certs(self.accept_invalid_certs);
        if let Some(path) = &self.ca_bundle {
            let pem = std::fs::read(path)
                .map_err(|e| Error::invalid_input(format!("cannot read CA bundle {}: {e}", path.display())))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| Error::invalid_input(format!("CA bundle {} is not valid PEM: {e}", path.display())))?;
            if certs.is_empty() {
                return Err(Error::invalid_input(format!("CA bundle {} holds no certificate", path.display())));
            }
            for cert in certs {
                http = http.add_root_certificate(cert);
            }
        }
        let http = http.build().map_err(|e| Error::transport(format!("cannot build the HTTP client: {e}")))?;
        let registry = std::sync::Arc::new(crate::registry::RegistryAuth::new(token_kind, self.token.clone()));
        let hooks = Hooks { auth, retry: self.retry, server_clock: Default::default(), registry };
        Ok(Client::from_generated(generated::Client::new_with_client(&base, http, hooks)))
    }
}

/// Turns what the user gave as the registry into a base URL without a trailing slash.
pub(crate) fn base_url(registry: &str) -> Result<String> {
    let registry = registry.trim();
    if registry.is_empty() {
        return Err(Error::invalid_input("the registry is empty"));
    }
    let with_scheme =
        if registry.contains("://") { registry.to_string() } else { format!("https://{registry}") };
    let url = url::Url::parse(&with_scheme)
        .map_err(|e| Error::invalid_input(format!("registry `{registry}` is not a valid host or URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::invalid_input(format!("registry `{registry}`: only http and https are supported")));
    }
    if url.host_str().is_none() {
        return Err(Error::invalid_input(format!("registry `{registry}` has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(Error::invalid_input(format!(
            "registry `{registry}` must be a plain host or URL (no credentials, query or fragment)"
        )));
    }
    let mut text = url.to_string();
    for suffix in ["/", "/api/v1", "/api/v1/"] {
        if let Some(stripped) = text.strip_suffix(suffix) {
            text = stripped.to_string();
        }
    }
    Ok(text.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_forms() {
        assert_eq!(base_url("quay.example.com").unwrap(), "https://quay.example.com");
        assert_eq!(base_url("http://127.0.0.1:8080/").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(base_url("https://quay.example.com/api/v1").unwrap(), "https://quay.example.com");
        assert!(matches!(base_url("ftp://x"), Err(Error::InvalidInput(_))));
        assert!(matches!(base_url(""), Err(Error::InvalidInput(_))));
        assert!(matches!(base_url("https://u:p@h"), Err(Error::InvalidInput(_))));
    }

    #[test]
    fn token_never_in_debug() {
        let b = ClientBuilder::default().registry("q.example.com").token("s3cr3t-token");
        assert!(!format!("{b:?}").contains("s3cr3t-token"));
        let c = b.build().unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t-token"));
    }

    #[test]
    fn bad_ca_bundle_is_invalid_input() {
        let dir = std::env::temp_dir().join(format!("quay-sdk-ca-{}", std::process::id()));
        std::fs::write(&dir, "not a pem").unwrap();
        let err = ClientBuilder::default().registry("q").ca_bundle(&dir).build().unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
        let missing = ClientBuilder::default().registry("q").ca_bundle("/nonexistent/ca.pem").build().unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/ca.pem"));
        std::fs::remove_file(dir).ok();
    }
}
