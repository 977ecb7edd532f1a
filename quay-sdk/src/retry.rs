//! Retries with exponential backoff and jitter (delays from the `backon` crate), for
//! idempotent methods only, on connection errors and 429/502/503/504 (but not Quay's read-only
//! 503, which no retry can cure), honouring `Retry-After`, bounded in attempts and in total time.
//!
//! Besides, whatever the policy, an idempotent request whose connection closes before any
//! answer (a pooled keep-alive connection the server had just closed) is sent again at once,
//! once: the standard safety net of HTTP clients against that race.

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

/// Whether an error is the connection closing (or being reset) before any answer: what a
/// request sent on a pooled connection the server had just closed runs into.
fn closed_before_answer(e: &reqwest::Error) -> bool {
    if e.is_timeout() || e.is_connect() || !e.is_request() {
        return false;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(h) = s.downcast_ref::<hyper::Error>()
            && (h.is_incomplete_message() || h.is_canceled() || h.is_closed())
        {
            return true;
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof
            )
        {
            return true;
        }
        source = s.source();
    }
    false
}

/// Whether a retryable-looking answer is Quay's read-only 503, which is permanent. Reads the
/// body to tell, and returns the response rebuilt with the same body.
async fn read_only(response: Response) -> (bool, reqwest::Result<Response>) {
    match crate::response::take(response).await {
        Ok((head, bytes)) => {
            let detail = crate::error::canonical_body(head.status().as_u16(), &bytes);
            let permanent = crate::error::is_read_only(detail["detail"].as_str().unwrap_or_default());
            (permanent, Ok(head.rebuild(bytes)))
        }
        Err(e) => (false, Err(e)),
    }
}

/// Sends a request, retrying as the policy allows; returns the outcome and how many times the
/// request was sent.
pub(crate) async fn execute(
    client: &reqwest::Client,
    request: Request,
    policy: &RetryPolicy,
) -> (reqwest::Result<Response>, u32) {
    let (method, url) = (request.method().clone(), request.url().clone());
    if !idempotent(&method) {
        let result = client.execute(request).await;
        log_attempt(&method, &url, &result);
        return (result, 1);
    }
    let start = Instant::now();
    let mut delays = policy.delays();
    let mut attempts = 0u32;
    let mut resent_on_closed = false;
    loop {
        // A streaming body cannot be cloned: send it once.
        let Some(attempt) = request.try_clone() else {
            let result = client.execute(request).await;
            log_attempt(&method, &url, &result);
            return (result, attempts + 1);
        };
        attempts += 1;
        let mut result = client.execute(attempt).await;
        log_attempt(&method, &url, &result);
        if let Err(e) = &result
            && !resent_on_closed
            && closed_before_answer(e)
        {
            tracing::debug!("quay-sdk: the connection closed before any answer; sending again at once");
            resent_on_closed = true;
            continue;
        }
        if policy.max_retries == 0 {
            return (result, attempts);
        }
        let wanted = match result {
            Ok(r) if r.status() == StatusCode::SERVICE_UNAVAILABLE => {
                let (permanent, rebuilt) = read_only(r).await;
                result = rebuilt;
                match &result {
                    Ok(r) if !permanent => Some(retry_after(r.headers())),
                    _ => None,
                }
            }
            Ok(ref r) if retryable_status(r.status()) => Some(retry_after(r.headers())),
            Err(ref e) if e.is_connect() || closed_before_answer(e) => Some(None),
            _ => None,
        };
        let Some(asked) = wanted else { return (result, attempts) };
        let Some(backoff) = delays.next() else { return (result, attempts) };
        let delay = asked.unwrap_or(backoff);
        if start.elapsed() + delay > policy.max_elapsed {
            tracing::debug!(?delay, "quay-sdk: retry budget spent, giving up");
            return (result, attempts);
        }
        tracing::debug!(?delay, "quay-sdk: retrying");
        drop(result);
        tokio::time::sleep(delay).await;
    }
}
