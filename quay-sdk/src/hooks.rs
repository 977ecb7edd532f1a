//! The hooks progenitor's client calls around every request (authentication, retries, the
//! normalisation of error bodies), and what a call observes on the way: the path requested,
//! how many times it was sent and, for the dynamic entry point, the body exactly as Quay sent it.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};

use crate::error::CallInfo;
use crate::generated::{Client, types};
use crate::retry::RetryPolicy;
use crate::{Error, Result};

/// Per-client state the hooks need (progenitor's "inner" value of the generated client). Its
/// `Debug` never shows the token.
#[derive(Clone, Debug)]
pub struct Hooks {
    /// `Authorization: Bearer ...`, marked sensitive.
    pub(crate) auth: Option<reqwest::header::HeaderValue>,
    /// How failed calls are retried.
    pub(crate) retry: RetryPolicy,
    /// The server's clock, as its `Date` headers tell it.
    pub(crate) server_clock: Arc<ServerClock>,
    /// The `/v2/auth` credentials and the registry tokens of registry (`/v2`) operations.
    pub(crate) registry: Arc<crate::registry::RegistryAuth>,
}

/// The registry's time as its answers' `Date` headers tell it: the offset from this machine's
/// clock, learnt from each answer. "In the past" means in the past for Quay, which is what
/// Quay checks, whatever this machine's clock says.
#[derive(Debug, Default)]
pub struct ServerClock {
    offset: AtomicI64,
    known: AtomicBool,
}

fn local_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl ServerClock {
    /// Learns the offset from an answer's `Date` header.
    pub(crate) fn observe(&self, headers: &reqwest::header::HeaderMap) {
        let Some(date) = headers.get(reqwest::header::DATE).and_then(|v| v.to_str().ok()) else { return };
        let Ok(when) = httpdate::parse_http_date(date) else { return };
        let Ok(server) = when.duration_since(UNIX_EPOCH) else { return };
        self.offset.store(server.as_secs() as i64 - local_now(), Ordering::Relaxed);
        self.known.store(true, Ordering::Relaxed);
    }

    /// The server's current time (this machine's until an answer has told it).
    pub fn now(&self) -> i64 {
        local_now() + if self.known.load(Ordering::Relaxed) { self.offset.load(Ordering::Relaxed) } else { 0 }
    }
}

/// A past Unix time in a field that must lie in the future, explained.
fn past_field(body: &[u8], fields: &[&str], now: i64) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    fields.iter().find_map(|f| {
        let t = value.get(*f)?.as_f64()? as i64;
        (t <= now).then(|| {
            format!(
                "body field `{f}` {t} ({}) is not in the future: Quay refuses an expiration at or before its current time ({})",
                crate::field::utc(t),
                crate::field::utc(now)
            )
        })
    })
}

/// What the hooks saw of one call.
#[derive(Debug, Default)]
struct Observed {
    /// The request's path.
    path: Option<String>,
    /// How many times the request was sent.
    attempts: u32,
    /// Whether to keep the success body's bytes.
    keep_raw: bool,
    /// The success body as Quay sent it.
    raw: Option<Bytes>,
    /// For a registry operation: the scope of the registry token sent, and whether that token
    /// came from the cache.
    registry_scope: Option<(String, bool)>,
    /// For a registry operation: why no registry token could be had.
    registry_error: Option<Error>,
}

tokio::task_local! {
    static OBSERVED: RefCell<Observed>;
}

impl ClientHooks<Hooks> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> std::result::Result<(), progenitor_client::Error<E>> {
        if let Some(problem) = self.past_time(request, info) {
            return Err(progenitor_client::Error::InvalidRequest(problem));
        }
        // Registry operations ask for their own media type and carry a registry token instead
        // of the API's (none on a preview, which sends nothing).
        let registry = crate::ops::operation(info.operation_id).filter(|op| op.is_registry());
        if let Some(op) = registry {
            request.headers_mut().insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static(op.media_type));
        }
        // A preview ([`crate::Client::preview`]) keeps the request and stops it here, unsent.
        let previewed = PREVIEW.try_with(|p| *p.borrow_mut() = Some(RequestPreview::of(request)));
        if previewed.is_ok() {
            return Err(progenitor_client::Error::Custom("previewed, not sent".into()));
        }
        if registry.is_some() {
            let path = request.url().path().to_string();
            let _ = OBSERVED.try_with(|o| o.borrow_mut().path = Some(path));
            match self.authorize_registry(request).await {
                Ok(scope) => {
                    let _ = OBSERVED.try_with(|o| o.borrow_mut().registry_scope = Some(scope));
                }
                Err(e) => {
                    let summary = e.to_string();
                    let _ = OBSERVED.try_with(|o| o.borrow_mut().registry_error = Some(e));
                    return Err(progenitor_client::Error::Custom(summary));
                }
            }
        }
        Ok(())
    }

    async fn exec(
        &self,
        mut request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let hooks = self.inner();
        // A registry request already carries its registry token (see `pre`).
        if let Some(auth) = &hooks.auth
            && !request.headers().contains_key(reqwest::header::AUTHORIZATION)
        {
            request.headers_mut().insert(reqwest::header::AUTHORIZATION, auth.clone());
        }
        let path = request.url().path().to_string();
        let _ = OBSERVED.try_with(|o| o.borrow_mut().path = Some(path));
        let registry = OBSERVED.try_with(|o| o.borrow().registry_scope.clone()).ok().flatten();
        let again = registry.as_ref().filter(|(_, cached)| *cached).and_then(|_| request.try_clone());
        let (mut result, mut attempts) = crate::retry::execute(self.client(), request, &hooks.retry).await;
        if let Ok(r) = &result {
            hooks.server_clock.observe(r.headers());
        }
        // A registry token refused: forget it, and when it came from the cache (it may have
        // expired by a clock this client has not seen move yet) ask for a new one and resend once.
        let refused = result.as_ref().is_ok_and(|r| r.status() == reqwest::StatusCode::UNAUTHORIZED);
        if let (true, Some((scope, _))) = (refused, &registry) {
            hooks.registry.forget(scope);
            if let Some(mut again) = again {
                match self.authorize_registry(&mut again).await {
                    Ok(_) => {
                        let (second, more) = crate::retry::execute(self.client(), again, &hooks.retry).await;
                        if let Ok(r) = &second {
                            hooks.server_clock.observe(r.headers());
                        }
                        (result, attempts) = (second, attempts + more);
                    }
                    Err(e) => {
                        let _ = OBSERVED.try_with(|o| o.borrow_mut().registry_error = Some(e));
                    }
                }
            }
        }
        let _ = OBSERVED.try_with(|o| o.borrow_mut().attempts = attempts);
        let response = crate::error::normalize(result?).await?;
        let keep = OBSERVED.try_with(|o| o.borrow().keep_raw).unwrap_or(false);
        if !keep || !response.status().is_success() {
            return Ok(response);
        }
        // Keep the body as sent (every key, null and empty ones included, and integers as
        // integers) and hand progenitor an identical response to decode.
        let (head, bytes) = crate::response::take(response).await?;
        let _ = OBSERVED.try_with(|o| o.borrow_mut().raw = Some(bytes.clone()));
        Ok(head.rebuild(bytes))
    }
}

impl Client {
    /// Why a request's body cannot be sent: a time that must lie in the future does not.
    fn past_time(&self, request: &reqwest::Request, info: &OperationInfo) -> Option<String> {
        // Only requests with a body can hold a time; look the operation up only for them.
        let body = request.body().and_then(reqwest::Body::as_bytes)?;
        let future = crate::ops::operation(info.operation_id).and_then(|op| op.body).map(|b| b.future_fields).unwrap_or(&[]);
        if future.is_empty() {
            return None;
        }
        past_field(body, future, self.inner().server_clock.now())
    }
}

/// The HTTP request a call would send, as [`crate::Client::preview`] returns it: never the
/// token (the `Authorization` header is added only when a request is really sent).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPreview {
    /// The HTTP method, e.g. `PUT`.
    pub method: String,
    /// The full URL, query string included.
    pub url: String,
    /// The JSON body, if the request has one.
    pub body: Option<serde_json::Value>,
}

impl RequestPreview {
    fn of(request: &reqwest::Request) -> RequestPreview {
        let body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .map(|b| serde_json::from_slice(b).unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(b).into_owned())));
        RequestPreview { method: request.method().to_string(), url: request.url().to_string(), body }
    }
}

tokio::task_local! {
    /// Set while a preview runs: the request is kept here and not sent.
    static PREVIEW: RefCell<Option<RequestPreview>>;
}

/// Runs a prepared call as a preview: its request is built, checked and returned, never sent.
pub(crate) async fn preview(call: impl Future<Output = Result<serde_json::Value>>) -> Result<RequestPreview> {
    let (result, seen) = PREVIEW
        .scope(RefCell::new(None), async move {
            let result = call.await;
            (result, PREVIEW.with(|p| p.borrow_mut().take()))
        })
        .await;
    match (seen, result) {
        (Some(preview), _) => Ok(preview),
        (None, Err(e)) => Err(e),
        (None, Ok(_)) => Err(Error::transport("the request was sent during a preview")),
    }
}

/// Runs one generated call, turning its error into a [`crate::Error`] that names the call
/// (operationId, method, path) and, for transport errors, how many attempts were made. With
/// `keep_raw`, also returns the success body's bytes exactly as Quay sent them.
pub(crate) async fn observe<T>(
    op: &'static crate::ops::OperationInfo,
    keep_raw: bool,
    call: impl Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<types::ApiError>>>,
) -> Result<(T, Option<Bytes>)> {
    let cell = RefCell::new(Observed { keep_raw, ..Observed::default() });
    let (result, seen) = OBSERVED
        .scope(cell, async move {
            let result = call.await;
            let seen = OBSERVED.with(|o| std::mem::take(&mut *o.borrow_mut()));
            (result, seen)
        })
        .await;
    match result {
        Ok(value) => Ok((value.into_inner(), seen.raw)),
        Err(e) => {
            let info = CallInfo {
                operation: op.id,
                method: op.method,
                path: seen.path.unwrap_or_else(|| op.path.to_string()),
            };
            let e = match seen.registry_error.unwrap_or_else(|| Error::from(e)) {
                Error::InvalidInput(m) => Error::InvalidInput(format!("{}: {m}", op.id)),
                other => other,
            };
            Err(e.in_call(info, seen.attempts))
        }
    }
}
