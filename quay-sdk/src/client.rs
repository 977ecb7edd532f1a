//! The client: progenitor's typed builders (through `Deref`) plus the dynamic entry points
//! that every binding uses, [`Client::call`] and [`Client::paginate`].

use std::ops::Deref;

use progenitor_client::ClientInfo;
use serde_json::{Map, Value};

use crate::args::Args;
use crate::config::ClientBuilder;
use crate::hooks::RequestPreview;
use crate::ops::PagingInfo;
use crate::paging::{Cursor, ItemStream, Next, Page, Style, item_stream_from};
use crate::{Error, Result, generated};

/// A Quay API client. Cheap to clone and safe to share between tasks and threads.
///
/// Every operation of the spec is a method returning a request builder, e.g.
/// `client.create_org_robot().orgname("acme").robot_shortname("ci").call().await`.
#[derive(Clone, Debug)]
pub struct Client {
    inner: generated::Client,
}

impl Deref for Client {
    type Target = generated::Client;

    fn deref(&self) -> &generated::Client {
        &self.inner
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Client> {
        ClientBuilder::default().from_env().build()
    }

    pub(crate) fn from_generated(inner: generated::Client) -> Client {
        Client { inner }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.baseurl()
    }

    /// Calls any operation by its operationId (or snake_case name) with JSON arguments:
    /// parameters by name, and the body either under `body` or as flat fields (a body field
    /// that shares a parameter's name goes under `body`). Arguments are validated (names,
    /// digests, enums, required and unknown keys) before anything is sent.
    pub async fn call(&self, operation: &str, args: Value) -> Result<Value> {
        let op = crate::ops::operation(operation)
            .ok_or_else(|| Error::invalid_input(format!("unknown operation `{operation}`")))?;
        let mut args = Args::new(op, args)?;
        let request = generated::prepare(&self.inner, &mut args)?;
        request.await
    }

    /// The HTTP request [`Client::call`] would send for these arguments (method, URL with the
    /// query string, JSON body), validated exactly as a call is, but never sent: what the CLI's
    /// `--dry-run` prints. The token is not part of it.
    pub async fn preview(&self, operation: &str, args: Value) -> Result<RequestPreview> {
        let op = crate::ops::operation(operation)
            .ok_or_else(|| Error::invalid_input(format!("unknown operation `{operation}`")))?;
        let mut args = Args::new(op, args)?;
        let request = generated::prepare(&self.inner, &mut args)?;
        crate::hooks::preview(request).await
    }

    /// Streams the items of a paged operation lazily across pages, as JSON values.
    pub fn paginate(&self, operation: &str, args: Value) -> Result<ItemStream<'static, Value>> {
        let op = crate::ops::operation(operation)
            .ok_or_else(|| Error::invalid_input(format!("unknown operation `{operation}`")))?;
        let paging = op
            .paging
            .ok_or_else(|| Error::invalid_input(format!("operation `{}` is not paged", op.id)))?;
        let base = match args {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            _ => return Err(Error::invalid_input(format!("{}: arguments must be an object", op.id))),
        };
        // Validate every argument up front (building the first request and dropping it unsent),
        // so that bad input fails here rather than at the stream's first poll.
        let mut check = Args::new(op, Value::Object(base.clone()))?;
        drop(generated::prepare(&self.inner, &mut check)?);
        let client = self.clone();
        let style = match paging {
            PagingInfo::NextPage { .. } => Style::NextPage,
            PagingInfo::Page { .. } => Style::Page,
            PagingInfo::Limit { .. } => Style::Limit,
        };
        // Where the listing starts: the caller's page, or for a limited listing its first limit.
        let start = |key: &str, default: i64| {
            base.get(key).and_then(|p| p.as_i64().or_else(|| p.as_str()?.parse().ok())).unwrap_or(default)
        };
        let first = match style {
            Style::Limit => start("limit", crate::paging::FIRST_LIMIT),
            Style::NextPage | Style::Page => start("page", 1),
        };
        Ok(item_stream_from(style, first, move |cursor| {
            let client = client.clone();
            let mut args = base.clone();
            match cursor {
                Cursor::Start => {}
                Cursor::Token(t) => {
                    args.insert("next_page".into(), Value::String(t));
                }
                Cursor::Page(n) => {
                    args.insert("page".into(), Value::from(n));
                }
                Cursor::Limit(n) => {
                    args.insert("limit".into(), Value::from(n));
                }
            }
            Box::pin(async move {
                let mut page = client.call(op.id, Value::Object(args)).await?;
                let items = match page.get_mut(paging.items()).map(Value::take) {
                    Some(Value::Array(items)) => items,
                    None | Some(Value::Null) => Vec::new(),
                    Some(_) => {
                        return Err(Error::decode(format!("{}: `{}` is not an array", op.id, paging.items())));
                    }
                };
                let next = match paging {
                    PagingInfo::NextPage { .. } => {
                        Next::token(page.get("next_page").and_then(Value::as_str).map(str::to_string))
                    }
                    PagingInfo::Page { more, .. } => Next::more_at(
                        page.get(more).and_then(Value::as_bool),
                        page.get("page").and_then(Value::as_i64),
                    ),
                    PagingInfo::Limit { .. } => Next::Limited,
                };
                Ok(Page { items, next })
            })
        }))
    }
}
