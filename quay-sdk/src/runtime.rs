//! The hooks progenitor's client calls around every request: authentication, retries and the
//! normalisation of error bodies.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

use crate::generated::Client;
use crate::retry::RetryPolicy;

/// Per-client state the hooks need. Its `Debug` never shows the token.
#[derive(Clone, Debug)]
pub struct Runtime {
    /// `Authorization: Bearer ...`, marked sensitive.
    pub(crate) auth: Option<reqwest::header::HeaderValue>,
    /// How failed calls are retried.
    pub(crate) retry: RetryPolicy,
}

impl ClientHooks<Runtime> for Client {
    async fn exec(
        &self,
        mut request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let runtime = self.inner();
        if let Some(auth) = &runtime.auth {
            request.headers_mut().insert(reqwest::header::AUTHORIZATION, auth.clone());
        }
        let response = crate::retry::execute(self.client(), request, &runtime.retry).await?;
        crate::error::normalize(response).await
    }
}
