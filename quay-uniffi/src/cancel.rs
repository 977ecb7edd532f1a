//! The cancel token of a blocking call, an object the foreign language holds.

use std::sync::Arc;

use quay_bindings::CancelToken;

/// Cancels the blocking [`crate::QuayClient::call`] it is given to, from any thread: the
/// request in flight is dropped and the call ends with the `cancelled` code (the request may or
/// may not have reached Quay). The Kotlin facade cancels it when the calling coroutine is
/// cancelled.
#[derive(Debug, Default, uniffi::Object)]
pub struct QuayCancel {
    token: CancelToken,
}

#[uniffi::export]
impl QuayCancel {
    /// A token not yet cancelled.
    #[uniffi::constructor]
    pub fn new() -> Arc<QuayCancel> {
        Arc::new(QuayCancel::default())
    }

    /// Cancels the call given this token (now or later).
    pub fn cancel(&self) {
        self.token.cancel();
    }

    /// Whether [`QuayCancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }
}

impl QuayCancel {
    /// The token of `quay-bindings` the call waits on.
    pub(crate) fn token(&self) -> &CancelToken {
        &self.token
    }
}
