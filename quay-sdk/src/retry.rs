//! Retries with exponential backoff and jitter (delays from the `backon` crate), for
//! idempotent methods only, on connection errors and 429/502/503/504, honouring `Retry-After`,
//! bounded in attempts and in total time.

use std::time::{Duration, Instant, SystemTime};

use backon::BackoffBuilder;
use reqwest::{Method, Request, Response, StatusCode};

/// How the client retries failed calls.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: usize,
    /// The first backoff delay.
    pub initial_delay: Duration,
    /// The largest backoff delay.
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the first attempt; a
    /// `Retry-After` longer than what remains ends the retries.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> RetryPolicy {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    fn delays(&self) -> impl Iterator<Item = Duration> {
        backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .with_jitter()
            .build()
    }
}

/// Whether a method may be sent twice with the same effect.
fn idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
}

fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The delay a `Retry-After` header asks for (seconds or an HTTP date).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Logs one attempt at debug level: method, URL and outcome. Never headers, so never the token.
fn log_attempt(method: &Method, url: &reqwest::Url, result: &reqwest::Result<Response>) {
    match result {
        Ok(r) => tracing::debug!(%method, %url, status = r.status().as_u16(), "quay-sdk: answered"),
        Err(e) => tracing::debug!(%method, %url, error = %e, "quay-sdk: failed"),
    }
}

/// Sends a request, retrying as the policy allows.
pub(crate) async fn execute(
    client: &reqwest::Client,
    request: Request,
    policy: &RetryPolicy,
) -> reqwest::Result<Response> {
    if !idempotent(request.method()) || policy.max_retries == 0 {
        let (method, url) = (request.method().clone(), request.url().clone());
        let result = client.execute(request).await;
        log_attempt(&method, &url, &result);
        return result;
    }
    let start = Instant::now();
    let mut delays = policy.delays();
    loop {
        // A streaming body cannot be cloned: send it once.
        let Some(attempt) = request.try_clone() else {
            return client.execute(request).await;
        };
        let result = client.execute(attempt).await;
        log_attempt(request.method(), request.url(), &result);
        let wanted = match &result {
            Ok(r) if retryable_status(r.status()) => Some(retry_after(r.headers())),
            Err(e) if e.is_connect() => Some(None),
            _ => None,
        };
        let Some(asked) = wanted else { return result };
        let Some(backoff) = delays.next() else { return result };
        let delay = asked.unwrap_or(backoff);
        if start.elapsed() + delay > policy.max_elapsed {
            tracing::debug!(?delay, "quay-sdk: retry budget spent, giving up");
            return result;
        }
        tracing::debug!(?delay, "quay-sdk: retrying");
        drop(result);
        tokio::time::sleep(delay).await;
    }
}
