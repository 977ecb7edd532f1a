//! The client object: configured by the JSON of every binding, one blocking `call` by
//! operationId, pagers over paged operations, and shutdown.

use std::convert::Infallible;
use std::sync::Arc;

use quay_bindings::{ClientConfig, ClientHandle, ErrorEnvelope};
use serde_json::Value;

use crate::{NativeError, QuayCancel, QuayPager};

/// A configured Quay client, shared by every thread and coroutine. `shutdown` drops its
/// connection pool; later calls fail with the `closed` code.
#[derive(Debug, uniffi::Object)]
pub struct QuayClient {
    handle: ClientHandle,
}

/// The arguments of a call: a JSON object, or `null`/empty text for none.
pub(crate) fn arguments_envelope(operation: &str, args_json: &str) -> Result<Value, ErrorEnvelope> {
    if args_json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(args_json).map_err(|e| ErrorEnvelope::invalid_input(format!("{operation}: the arguments are not JSON: {e}")))
}

fn arguments(operation: &str, args_json: &str) -> Result<Value, NativeError> {
    Ok(arguments_envelope(operation, args_json)?)
}

impl QuayClient {
    /// The client of `quay-bindings` underneath.
    pub(crate) fn handle(&self) -> &ClientHandle {
        &self.handle
    }

    /// [`QuayClient::paginate`] with the envelope as its error.
    pub(crate) fn paginate_envelope(self: Arc<Self>, operation: String, args_json: String) -> Result<Arc<QuayPager>, ErrorEnvelope> {
        let made = quay_bindings::runner::block_on(
            async move {
                let args = arguments_envelope(&operation, &args_json)?;
                Ok::<_, ErrorEnvelope>(QuayPager::new(self.handle.paginate(&operation, args)?))
            },
            || Ok::<(), Infallible>(()),
        );
        match made {
            Ok(pager) => pager.map(Arc::new),
            Err(quay_bindings::runner::Interrupted::Refused(e)) => Err(e),
            Err(quay_bindings::runner::Interrupted::ByCaller(never)) => match never {},
        }
    }
}

#[uniffi::export]
impl QuayClient {
    /// A client for a JSON configuration (`{"registry": "quay.example.com", "token": "...",
    /// "verify_tls": true, "timeout": 60, "retries": 3, ...}`: the keys of every binding).
    /// Refuses bad JSON, unknown keys and bad values with the `invalid_input` code.
    #[uniffi::constructor]
    pub fn new(config_json: String) -> Result<Arc<QuayClient>, NativeError> {
        let config = ClientConfig::from_json(&config_json)?;
        Ok(Arc::new(QuayClient { handle: ClientHandle::new(&config)? }))
    }

    /// The URL requests go to (never holds the token).
    pub fn base_url(&self) -> String {
        self.handle.base_url().to_string()
    }

    /// Calls an operation by operationId (`getRepo`) or snake_case name with its arguments as
    /// a JSON object (path and query parameters and body fields by name, or the body under
    /// `"body"`; empty text for none). The result is Quay's JSON as sent (`null` for no
    /// content). Blocks the calling thread, running the request on a runtime and connection pool
    /// of that thread (its first call with this client takes the shared runtime): no hop between
    /// threads. Cancelling `cancel` from another thread drops the request in flight; the call
    /// then ends with the `cancelled` code.
    pub fn call(&self, operation: String, args_json: String, cancel: Arc<QuayCancel>) -> Result<String, NativeError> {
        let args = arguments(&operation, &args_json)?;
        match self.handle.call_blocking(&operation, args, Some(cancel.token()), || Ok::<(), Infallible>(())) {
            Ok(value) => Ok(value.to_string()),
            Err(quay_bindings::handle::CallFailure::Error(e)) => Err(e.into()),
            Err(quay_bindings::handle::CallFailure::Interrupted(never)) => match never {},
        }
    }

    /// A pager over a paged operation's items, with the arguments of `call`. Every argument is
    /// validated now; nothing is sent until the first item is asked for. (The validation runs
    /// on a thread of the shared runtime: the calling thread's stack may be small, such as a JVM
    /// thread's 1 MiB, and the SDK's dispatch is deep in a debug build.)
    pub fn paginate(self: Arc<Self>, operation: String, args_json: String) -> Result<Arc<QuayPager>, NativeError> {
        Ok(self.paginate_envelope(operation, args_json)?)
    }

    /// Registers this client for the JVM's fast path (`crate::jvm`) and returns its number,
    /// which names it until `quay_jvm_client_release` (the Kotlin facade releases it when the
    /// facade is collected).
    pub fn jvm_id(self: Arc<Self>) -> u64 {
        crate::jvm::register_client(self)
    }

    /// Drops the connection pool (once calls in flight end); later calls fail with `closed`.
    /// Pagers already made go on. (Not `close`: uniffi gives every object a `close` that frees
    /// the object itself.)
    pub fn shutdown(&self) {
        self.handle.close();
    }

    /// Whether `shutdown` was called.
    pub fn is_closed(&self) -> bool {
        self.handle.closed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_configurations_and_arguments_are_refused() {
        let unknown = QuayClient::new(r#"{"registy": "x"}"#.to_string()).unwrap_err();
        assert!(matches!(unknown, NativeError::InvalidInput { .. }), "{unknown:?}");
        assert!(unknown.details().message.contains("registy"));
        let client = QuayClient::new(r#"{"registry": "http://127.0.0.1:1", "token": "s3cr3t", "retries": 0}"#.to_string()).unwrap();
        assert!(!format!("{client:?}").contains("s3cr3t"));
        let bad = client.clone().paginate("listRepoTags".to_string(), "{nope".to_string()).unwrap_err();
        assert!(bad.details().message.contains("listRepoTags: the arguments are not JSON"), "{bad}");
        let not_paged = client.clone().paginate("getRepo".to_string(), r#"{"namespace": "a", "repository": "b"}"#.to_string()).unwrap_err();
        assert!(matches!(not_paged, NativeError::InvalidInput { .. }), "{not_paged:?}");
        client.shutdown();
        assert!(client.is_closed());
        let closed = client.call("getRepo".to_string(), String::new(), QuayCancel::new()).unwrap_err();
        assert!(matches!(closed, NativeError::ClientClosed { .. }), "{closed:?}");
    }

    /// A cancelled token ends a call waiting on a server that never answers, from another thread.
    #[test]
    fn a_cancelled_token_ends_the_call() {
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", silent.local_addr().unwrap());
        let client = QuayClient::new(format!(r#"{{"registry": "{url}", "token": "t", "retries": 0}}"#)).unwrap();
        let args = r#"{"orgname": "acme"}"#.to_string();
        let cancel = QuayCancel::new();
        let canceller = {
            let cancel = cancel.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(200));
                cancel.cancel();
            })
        };
        let start = std::time::Instant::now();
        let e = client.call("getOrganization".to_string(), args.clone(), cancel.clone()).unwrap_err();
        canceller.join().unwrap();
        assert_eq!(e.details().code, "cancelled", "{e:?}");
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        assert!(cancel.is_cancelled());
        // A token cancelled before the call: the call is not sent.
        let again = client.call("getOrganization".to_string(), args, cancel).unwrap_err();
        assert_eq!(again.details().code, "cancelled", "{again:?}");
    }
}
