//! A client's configuration as JSON, with the same keys in every language:
//!
//! ```json
//! {"registry": "quay.example.com", "token": "...", "token_kind": "oauth", "ca_bundle": "/etc/ssl/quay.pem",
//!  "verify_tls": true, "timeout": 60, "connect_timeout": 10, "retries": 3,
//!  "retry_policy": {"max_retries": 3, "initial_delay": 0.2, "max_delay": 5, "max_elapsed": 30},
//!  "user_agent": "my-tool/1.0", "from_env": false}
//! ```
//!
//! Every key is optional; with `from_env` the SDK's environment variables (`QUAY_REGISTRY`,
//! `QUAY_TOKEN`, `QUAY_CA_BUNDLE`, `QUAY_TOKEN_KIND`) fill what is not given. Times are seconds.
//! `token_kind` says what the token is, `"oauth"` (an OAuth token, the default) or `"app"` (an
//! app-specific token): registry (`/v2`) operations exchange it at `/v2/auth` for a registry
//! token as the password of `$oauthtoken` or `$app`.

use std::time::Duration;

use serde::Deserialize;

use crate::ErrorEnvelope;

/// How failed calls are retried (seconds for the delays).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryConfig {
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: u32,
    /// The first backoff delay.
    pub initial_delay: f64,
    /// The largest backoff delay.
    pub max_delay: f64,
    /// No retry starts once this much time has passed since the first attempt.
    pub max_elapsed: f64,
}

/// A client's configuration (see the module documentation). Its `Debug` never shows the token.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The registry: a host (https assumed) or a URL.
    pub registry: Option<String>,
    /// The OAuth bearer token.
    pub token: Option<String>,
    /// What the token is: `oauth` (the default) or `app` (an app-specific token).
    pub token_kind: Option<String>,
    /// A PEM file of extra trusted certificates.
    pub ca_bundle: Option<String>,
    /// `false` turns TLS verification off (test registries only). On by default.
    pub verify_tls: Option<bool>,
    /// Seconds allowed for a whole request.
    pub timeout: Option<f64>,
    /// Seconds allowed to connect.
    pub connect_timeout: Option<f64>,
    /// The number of retries (the default policy otherwise).
    pub retries: Option<u32>,
    /// A whole retry policy.
    pub retry_policy: Option<RetryConfig>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// Read the SDK's environment variables for what is not given.
    pub from_env: Option<bool>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("registry", &self.registry)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("token_kind", &self.token_kind)
            .field("ca_bundle", &self.ca_bundle)
            .field("verify_tls", &self.verify_tls)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retries", &self.retries)
            .field("retry_policy", &self.retry_policy)
            .field("user_agent", &self.user_agent)
            .field("from_env", &self.from_env)
            .finish()
    }
}

fn seconds(name: &str, value: f64) -> Result<Duration, ErrorEnvelope> {
    if value.is_finite() && value > 0.0 {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(ErrorEnvelope::invalid_input(format!("configuration: `{name}` must be a number of seconds > 0, not {value}")))
    }
}

impl ClientConfig {
    /// Reads a configuration from JSON text, refusing unknown keys and ill-typed values.
    pub fn from_json(text: &str) -> Result<ClientConfig, ErrorEnvelope> {
        serde_json::from_str(text).map_err(|e| ErrorEnvelope::invalid_input(format!("configuration: {e}")))
    }

    /// The SDK's client builder for this configuration.
    pub fn builder(&self) -> Result<quay_sdk::ClientBuilder, ErrorEnvelope> {
        let mut b = quay_sdk::Client::builder();
        if self.from_env == Some(true) {
            b = b.from_env();
        }
        if let Some(r) = &self.registry {
            b = b.registry(r.clone());
        }
        if let Some(t) = &self.token {
            b = b.token(t.clone());
        }
        if let Some(kind) = &self.token_kind {
            b = b.token_kind(quay_sdk::TokenKind::parse(kind).map_err(|e| ErrorEnvelope::new("invalid_input", e.to_string()))?);
        }
        if let Some(ca) = &self.ca_bundle {
            b = b.ca_bundle(ca.clone());
        }
        b = b.danger_accept_invalid_certs(self.verify_tls == Some(false));
        if let Some(t) = self.timeout {
            b = b.timeout(seconds("timeout", t)?);
        }
        if let Some(t) = self.connect_timeout {
            b = b.connect_timeout(seconds("connect_timeout", t)?);
        }
        let mut policy = quay_sdk::RetryPolicy::default();
        if let Some(p) = self.retry_policy {
            policy = quay_sdk::RetryPolicy {
                max_retries: p.max_retries as usize,
                initial_delay: seconds("retry_policy.initial_delay", p.initial_delay)?,
                max_delay: seconds("retry_policy.max_delay", p.max_delay)?,
                max_elapsed: seconds("retry_policy.max_elapsed", p.max_elapsed)?,
            };
        }
        if let Some(n) = self.retries {
            policy.max_retries = n as usize;
        }
        b = b.retry(policy);
        if let Some(ua) = &self.user_agent {
            b = b.user_agent(ua.clone());
        }
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_configuration_is_checked_and_never_shows_the_token() {
        let c = ClientConfig::from_json(r#"{"registry": "http://127.0.0.1:1", "token": "s3cr3t", "retries": 0}"#).unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
        assert!(c.builder().is_ok());
        let unknown = ClientConfig::from_json(r#"{"registy": "x"}"#).unwrap_err();
        assert_eq!(unknown.code, "invalid_input");
        assert!(unknown.message.contains("registy"), "{unknown}");
        let bad = ClientConfig { timeout: Some(-1.0), ..ClientConfig::default() }.builder().unwrap_err();
        assert!(bad.message.contains("`timeout` must be a number of seconds > 0, not -1"), "{bad}");
        let kind = ClientConfig::from_json(r#"{"registry": "q", "token_kind": "robot"}"#).unwrap().builder().unwrap_err();
        assert_eq!(kind.code, "invalid_input");
        assert!(kind.message.contains("`token_kind` must be \"oauth\"") && kind.message.contains("\"robot\""), "{kind}");
        assert!(ClientConfig::from_json(r#"{"registry": "q", "token_kind": "app"}"#).unwrap().builder().is_ok());
    }
}
