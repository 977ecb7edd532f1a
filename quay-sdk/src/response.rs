//! Reading a response's body and handing on an identical response: what the hooks do to keep
//! Quay's body as sent, to tell a read-only 503 and to normalise an error body.

use bytes::Bytes;

/// A response's head: what is kept while its body is read.
pub(crate) struct Head {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    version: reqwest::Version,
}

impl Head {
    /// The status.
    pub(crate) fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The headers, to change before [`Head::rebuild`].
    pub(crate) fn headers_mut(&mut self) -> &mut reqwest::header::HeaderMap {
        &mut self.headers
    }

    /// A response with this head and `body`.
    pub(crate) fn rebuild(self, body: impl Into<Bytes>) -> reqwest::Response {
        let mut rebuilt = http::Response::new(body.into());
        *rebuilt.status_mut() = self.status;
        *rebuilt.headers_mut() = self.headers;
        *rebuilt.version_mut() = self.version;
        reqwest::Response::from(rebuilt)
    }
}

/// Reads the whole body, keeping the head to rebuild the response from.
pub(crate) async fn take(response: reqwest::Response) -> reqwest::Result<(Head, Bytes)> {
    let head = Head { status: response.status(), headers: response.headers().clone(), version: response.version() };
    let body = response.bytes().await?;
    Ok((head, body))
}
