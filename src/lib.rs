//! # atlas-integrations
//!
//! Validate, build and send requests for the third-party service integrations of MongoDB
//! Atlas, Cloud Manager and Ops Manager projects.
//!
//! The core (everything but `wasm`) is pure Rust with no I/O: a catalogue of every
//! integration type × flavour × field, validators that return every problem as data, and
//! request builders that turn a checked operation into `{method, url, headers, body}`.
//! The `wasm` module is the thin boundary to JavaScript and the fetch client.

pub mod bulk;
pub mod catalogue;
// HTTP Digest needs MD5 and SHA-256, which only the client uses.
#[cfg(feature = "client")]
pub mod digest;
pub mod flavour;
pub mod form;
pub mod header;
pub mod issue;
mod json;
pub mod mask;
pub mod oauth;
pub mod operation;
pub mod pace;
pub mod paging;
pub mod plan;
pub mod preview;
pub mod range;
pub mod request;
pub mod response;
pub mod retry;
pub mod schema;
pub mod secrets;
pub mod standard;
pub mod suggest;
pub mod type_catalogue;
pub mod typescript;
pub mod url;
pub mod validate;

/// The JavaScript boundary: public so that wasm-bindgen tests can call the exports the way
/// JS does; Rust users should use the core modules instead.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The crate version, also the npm package version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
