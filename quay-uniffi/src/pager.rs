//! The pager object: the items of a paged operation, one page fetched when the previous one is
//! used up.

use quay_bindings::Pager;

use crate::NativeError;

/// Items of a paged operation, as JSON. Shareable between threads; one item at a time.
#[derive(Debug, uniffi::Object)]
pub struct QuayPager {
    operation: String,
    pager: Pager,
}

impl QuayPager {
    /// Wraps a pager of `quay-bindings`.
    pub fn new(operation: String, pager: Pager) -> QuayPager {
        QuayPager { operation, pager }
    }
}

#[uniffi::export]
impl QuayPager {
    /// The next item's JSON, or `None` after the last one (and on every call after that).
    /// Dropping the future (a cancelled coroutine) stops the wait.
    pub async fn next(&self) -> Result<Option<String>, NativeError> {
        let pager = self.pager.clone();
        crate::task::spawn(&self.operation, async move {
            match pager.next().await {
                None => Ok(None),
                Some(Ok(v)) => Ok(Some(v.to_string())),
                Some(Err(e)) => Err(e.into()),
            }
        })
        .await
    }
}
