//! Handlers of Quay's /api/v1 operations, one module per chapter. Chapters use the model and
//! the access checks, and share only `common` (the request view) and `views` (JSON views used by
//! several chapters); they never import each other. The route table is in `server::routes`.

pub(crate) mod apptoken;
pub(crate) mod autoprune;
pub(crate) mod build;
pub(crate) mod common;
pub(crate) mod logs;
pub(crate) mod manifest;
pub(crate) mod globalmessages;
pub(crate) mod mirror;
pub(crate) mod organization;
pub(crate) mod permission;
pub(crate) mod platform;
pub(crate) mod prototype;
pub(crate) mod quota;
pub(crate) mod registry_login;
pub(crate) mod repository;
pub(crate) mod repositorynotification;
pub(crate) mod robot;
pub(crate) mod search;
pub(crate) mod service_key;
pub(crate) mod star;
pub(crate) mod superuser;
pub(crate) mod tag;
pub(crate) mod team;
pub(crate) mod user;
pub(crate) mod views;
