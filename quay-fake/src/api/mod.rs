//! Handlers of Quay's /api/v1 operations, one module per chapter (a large chapter in a few:
//! `org_members`, `org_apps` and `proxy_cache` continue `organization`, `team_invite` continues
//! `team`; `trigger` renders its builds with `build`'s view). Chapters use the model and the
//! access checks, and share `common` (the request view)
//! and `views` (JSON views used by several chapters); beyond that only a chapter's own modules
//! import each other (and `org_mirror` the private-network rule of `proxy_cache`). The route
//! table is in `server::routes`; `registry_login` serves `/v2/auth`.

pub(crate) mod apptoken;
pub(crate) mod autoprune;
pub(crate) mod build;
pub(crate) mod common;
pub(crate) mod globalmessages;
pub(crate) mod immutability;
pub(crate) mod logs;
pub(crate) mod manifest;
pub(crate) mod mirror;
pub(crate) mod mirrorhealth;
pub(crate) mod namespace_notification;
pub(crate) mod org_apps;
pub(crate) mod org_members;
pub(crate) mod org_mirror;
pub(crate) mod organization;
pub(crate) mod permission;
pub(crate) mod platform;
pub(crate) mod prototype;
pub(crate) mod proxy_cache;
pub(crate) mod quota;
pub(crate) mod referrers;
pub(crate) mod quota_limit;
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
pub(crate) mod team_invite;
pub(crate) mod trigger;
pub(crate) mod user;
pub(crate) mod user_robot;
pub(crate) mod views;
