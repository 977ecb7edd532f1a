//! A pager over a paged operation: items fetched page by page, as they are used.

use std::sync::Arc;

use futures::StreamExt;
use quay_sdk::paging::ItemStream;
use serde_json::Value;

use crate::handle::CallFailure;
use crate::runner;
use crate::{CancelToken, ErrorEnvelope};

/// Items of a paged operation. A page is requested only when the previous one is used up.
/// Shareable between threads; one item is handed out at a time.
#[derive(Clone)]
pub struct Pager {
    /// The operationId, for the message of a cancelled wait.
    operation: Arc<str>,
    /// The stream, and whether it has ended (a finished stream must not be polled again).
    stream: Arc<tokio::sync::Mutex<(ItemStream<'static, Value>, bool)>>,
}

impl std::fmt::Debug for Pager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pager")
    }
}

impl Pager {
    /// Wraps the SDK's item stream of `operation`.
    pub fn new(operation: &str, stream: ItemStream<'static, Value>) -> Pager {
        Pager { operation: operation.into(), stream: Arc::new(tokio::sync::Mutex::new((stream, false))) }
    }

    /// The next item, or `None` after the last one (and on every call after that).
    pub async fn next(&self) -> Option<Result<Value, ErrorEnvelope>> {
        let mut guard = self.stream.lock().await;
        let (stream, done) = &mut *guard;
        if *done {
            return None;
        }
        let item = stream.next().await;
        *done = item.is_none();
        item.map(|r| r.map_err(ErrorEnvelope::from))
    }

    /// Up to `max` next items (fewer at the end; empty after the last one).
    pub async fn next_batch(&self, max: usize) -> Result<Vec<Value>, ErrorEnvelope> {
        let mut guard = self.stream.lock().await;
        let (stream, done) = &mut *guard;
        let mut out = Vec::new();
        while !*done && out.len() < max.max(1) {
            match stream.next().await {
                Some(Ok(v)) => out.push(v),
                Some(Err(e)) => return Err(e.into()),
                None => *done = true,
            }
        }
        Ok(out)
    }

    /// [`Pager::next`] that `cancel` stops: a cancelled wait ends with the `cancelled` code. The
    /// page request in flight is kept, not dropped: a later call waits for the same page.
    pub async fn next_cancellable(&self, cancel: Option<&CancelToken>) -> Option<Result<Value, ErrorEnvelope>> {
        let Some(token) = cancel else { return self.next().await };
        if token.is_cancelled() {
            return Some(Err(ErrorEnvelope::cancelled(&self.operation)));
        }
        tokio::select! {
            item = self.next() => item,
            _ = token.cancelled() => Some(Err(ErrorEnvelope::cancelled(&self.operation))),
        }
    }

    /// [`Pager::next_cancellable`], waiting on the calling thread (see [`runner::block_on`]).
    pub fn next_blocking<E>(
        &self,
        cancel: Option<&CancelToken>,
        check: impl FnMut() -> Result<(), E>,
    ) -> Result<Option<Value>, CallFailure<E>> {
        let (pager, cancel) = (self.clone(), cancel.cloned());
        runner::block_on(async move { pager.next_cancellable(cancel.as_ref()).await }, check)?
            .transpose()
            .map_err(CallFailure::Error)
    }
}
