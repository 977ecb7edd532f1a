//! The running server, on top of every other layer: the route table and the router, the front
//! that dispatches each request (faults, caller, CSRF, handler, coverage), the serve loop with
//! its keep-alive handling, injected faults, and the control API under `/__fake/`.
//!
//! Within it dependencies point one way: `serve` → `dispatch` → (`control`, `router` →
//! `routes`), and `serve`, `dispatch` and `control` → `app` → `faults`.

mod app;
mod control;
mod discovery;
mod dispatch;
mod faults;
mod router;
mod routes;
mod serve;

pub(crate) use app::App;
pub use discovery::document as discovery_document;
pub use faults::Fault;
pub(crate) use serve::serve;
