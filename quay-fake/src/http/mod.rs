//! The HTTP vocabulary handlers speak, below access checks and handlers (it knows nothing of the
//! registry): replies and their rendering, Quay's error shapes, request-body validation against
//! Quay's schemas, and paging tokens.

pub(crate) mod errors;
pub(crate) mod paging;
pub(crate) mod reply;
pub(crate) mod schema;

pub(crate) use reply::{ApiResult, Body, Reply};
