//! A client handle: the one JSON entry point every binding calls.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use serde_json::Value;

use crate::runner::{self, Interrupted};
use crate::{CancelToken, ClientConfig, ErrorEnvelope, Pager};

/// A configured client, shared by every thread of the binding's language. Closing it drops its
/// connection pool (once calls in flight end); later calls fail with the `closed` code.
#[derive(Debug)]
pub struct ClientHandle {
    client: RwLock<Option<quay_sdk::Client>>,
    /// The configuration, for the per-thread clients of blocking calls.
    builder: quay_sdk::ClientBuilder,
    /// Set by `close`; the per-thread clients are keyed by it and dropped once it is set.
    closed: Arc<AtomicBool>,
    base_url: String,
    /// The process that made the client (its connections are useless in a forked child).
    pid: u32,
}

/// Why a blocking call ended without a result.
#[derive(Debug)]
pub enum CallFailure<E> {
    /// The SDK's error (or a refusal), as an envelope.
    Error(ErrorEnvelope),
    /// The caller's check stopped the wait, with its error.
    Interrupted(E),
}

impl<E> From<ErrorEnvelope> for CallFailure<E> {
    fn from(e: ErrorEnvelope) -> CallFailure<E> {
        CallFailure::Error(e)
    }
}

impl<E> From<Interrupted<E>> for CallFailure<E> {
    fn from(i: Interrupted<E>) -> CallFailure<E> {
        match i {
            Interrupted::ByCaller(e) => CallFailure::Interrupted(e),
            Interrupted::Refused(e) => CallFailure::Error(e),
        }
    }
}

impl ClientHandle {
    /// A client for a configuration. Building reads the CA bundle and the system's roots.
    pub fn new(config: &ClientConfig) -> Result<ClientHandle, ErrorEnvelope> {
        let builder = config.builder()?;
        let client = builder.clone().build().map_err(ErrorEnvelope::from)?;
        Ok(ClientHandle {
            base_url: client.base_url().to_string(),
            client: RwLock::new(Some(client)),
            builder,
            closed: Arc::new(AtomicBool::new(false)),
            pid: std::process::id(),
        })
    }

    /// A client for a JSON configuration (see [`crate::config`]).
    pub fn from_json(config: &str) -> Result<ClientHandle, ErrorEnvelope> {
        ClientHandle::new(&ClientConfig::from_json(config)?)
    }

    /// The URL requests go to (never holds the token).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether [`ClientHandle::close`] was called.
    pub fn closed(&self) -> bool {
        self.client.read().unwrap_or_else(|e| e.into_inner()).is_none()
    }

    /// Drops the connection pool; later calls fail with `closed`.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.client.write().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// The SDK client, unless closed or made by the parent of this forked process.
    pub fn client(&self) -> Result<quay_sdk::Client, ErrorEnvelope> {
        if self.pid != std::process::id() {
            return Err(ErrorEnvelope::new(
                "closed",
                "this client was made before the process forked: its connections belong to the parent; create a client in this process",
            ));
        }
        self.client.read().unwrap_or_else(|e| e.into_inner()).clone().ok_or_else(ErrorEnvelope::closed)
    }

    /// Calls an operation by operationId (or snake_case name) with JSON arguments; the result is
    /// Quay's JSON as sent. Cancelled by `cancel`, if given.
    pub async fn call(&self, operation: &str, args: Value, cancel: Option<&CancelToken>) -> Result<Value, ErrorEnvelope> {
        let client = self.client()?;
        call_with(client, operation, args, cancel).await
    }

    /// [`ClientHandle::call`], waiting on the calling thread (see [`runner::block_on`]).
    pub fn call_blocking<E>(
        &self,
        operation: &str,
        args: Value,
        cancel: Option<&CancelToken>,
        check: impl FnMut() -> Result<(), E>,
    ) -> Result<Value, CallFailure<E>> {
        let client = self.client()?;
        let mut check = check;
        // The calling thread's runtime and pool when it has one for this client (no thread hop),
        // else the shared runtime.
        let mut args = Some(args);
        if let Some(outcome) = crate::local::run(
            &self.closed,
            &self.builder,
            |local| {
                let args = args.take().unwrap_or(Value::Null);
                async move { call_with(local, operation, args, cancel).await }
            },
            &mut check,
        ) {
            return outcome?.map_err(CallFailure::Error);
        }
        let args = args.take().unwrap_or(Value::Null);
        let (operation, cancel) = (operation.to_string(), cancel.cloned());
        runner::block_on(async move { call_with(client, &operation, args, cancel.as_ref()).await }, check)?
            .map_err(CallFailure::Error)
    }

    /// A pager over a paged operation's items. Every argument is validated now, so bad input
    /// fails here and nothing is sent until the first item is asked for.
    pub fn paginate(&self, operation: &str, args: Value) -> Result<Pager, ErrorEnvelope> {
        let client = self.client()?;
        // Validation may touch tokio primitives: enter the runtime.
        let _guard = runner::runtime().enter();
        client.paginate(operation, args).map(|stream| Pager::new(operation, stream)).map_err(ErrorEnvelope::from)
    }
}

async fn call_with(client: quay_sdk::Client, operation: &str, args: Value, cancel: Option<&CancelToken>) -> Result<Value, ErrorEnvelope> {
    let call = client.call(operation, args);
    match cancel {
        None => call.await.map_err(ErrorEnvelope::from),
        Some(token) => {
            if token.is_cancelled() {
                return Err(ErrorEnvelope::cancelled(operation));
            }
            tokio::select! {
                r = call => r.map_err(ErrorEnvelope::from),
                _ = token.cancelled() => Err(ErrorEnvelope::cancelled(operation)),
            }
        }
    }
}

/// The operation table as JSON: every operation's id, method, path, chapter, summary,
/// parameters, body fields and paging, for tools and bindings that introspect.
pub fn operations_json() -> Value {
    use quay_sdk::ops::{Location, PagingInfo};
    Value::Array(
        quay_sdk::ops::operations()
            .iter()
            .map(|op| {
                let params: Vec<Value> = op
                    .params
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "name": p.name, "snake_name": p.snake_name, "required": p.required,
                            "in": if p.location == Location::Path { "path" } else { "query" },
                            "description": p.description,
                        })
                    })
                    .collect();
                let body = op.body.map(|b| {
                    serde_json::json!({
                        "schema": b.schema, "required": b.required, "fields": b.fields,
                        "required_fields": b.required_fields,
                    })
                });
                let paging = op.paging.map(|p| match p {
                    PagingInfo::NextPage { items } => serde_json::json!({"style": "next_page", "items": items}),
                    PagingInfo::Page { items, more } => serde_json::json!({"style": "page", "items": items, "more": more}),
                    PagingInfo::Limit { items } => serde_json::json!({"style": "limit", "items": items}),
                });
                serde_json::json!({
                    "id": op.id, "snake_name": op.snake_name, "method": op.method, "path": op.path,
                    "chapter": op.tag, "summary": op.summary, "params": params, "body": body, "paging": paging,
                })
            })
            .collect(),
    )
}
