//! The pager object: the items of a paged operation, one page fetched when the previous one is
//! used up.

use std::convert::Infallible;
use std::sync::Arc;

use quay_bindings::handle::CallFailure;
use quay_bindings::{CancelToken, ErrorEnvelope, Pager};
use serde_json::Value;

use crate::{NativeError, QuayCancel};

/// Items of a paged operation, as JSON. Shareable between threads; one item at a time.
#[derive(Debug, uniffi::Object)]
pub struct QuayPager {
    pager: Pager,
}

impl QuayPager {
    /// Wraps a pager of `quay-bindings`.
    pub fn new(pager: Pager) -> QuayPager {
        QuayPager { pager }
    }
}

#[uniffi::export]
impl QuayPager {
    /// The next item's JSON, or `None` after the last one (and on every call after that).
    /// Blocks the calling thread while a page is fetched (items of a page already fetched come at
    /// once). Cancelling `cancel` from another thread ends the wait with the `cancelled` code;
    /// the page request in flight is kept, so a later call waits for the same page.
    pub fn next(&self, cancel: Arc<QuayCancel>) -> Result<Option<String>, NativeError> {
        Ok(self.next_item(Some(cancel.token()))?.map(|v| v.to_string()))
    }
}

impl QuayPager {
    /// [`QuayPager::next`] with any token (or none) and the envelope as its error.
    pub(crate) fn next_item(&self, cancel: Option<&CancelToken>) -> Result<Option<Value>, ErrorEnvelope> {
        match self.pager.next_blocking(cancel, || Ok::<(), Infallible>(())) {
            Ok(item) => Ok(item),
            Err(CallFailure::Error(e)) => Err(e),
            Err(CallFailure::Interrupted(never)) => match never {},
        }
    }
}
