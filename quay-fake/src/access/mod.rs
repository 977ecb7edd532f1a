//! Access: who is calling (identity resolution from a bearer token or a session cookie) and the
//! permission checks handlers share (repository read/write/admin, organization admin and member,
//! superuser, the "repository is in normal state" check, CSRF). Above the model, below handlers.

mod checks;
mod identity;

pub(crate) use checks::{
    check_csrf, require_admin, require_normal, require_org_admin, require_org_member, require_read,
    require_superuser, require_write, unauthorized,
};
pub(crate) use identity::Identity;
