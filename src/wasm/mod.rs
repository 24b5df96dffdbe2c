//! The JavaScript boundary. Every export has the same three steps: convert the JS input
//! (never trusting it), call the pure core, convert the result out; errors are made in
//! `errors` only. Nothing here holds logic the core could hold.
//!
//! Two modules are built from it (scripts/build-pkg.sh): the full one, and with
//! `--no-default-features` the forms module (`forms` only: no client, no HTTP, no Digest).

#[cfg(feature = "client")]
mod bulk;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod config;
mod convert;
mod errors;
mod forms;
#[cfg(feature = "client")]
mod http;
#[cfg(feature = "client")]
mod js;
mod options;
#[cfg(feature = "client")]
mod pace;
#[cfg(feature = "client")]
mod requests;

#[cfg(feature = "client")]
pub use client::AtlasClient;
pub use forms::{describe_types, json_schema, validate_bodies, validate_body};
#[cfg(feature = "client")]
pub use requests::{build_request, plan_changes, preview_curl, validate_operation};
#[cfg(feature = "client")]
pub(crate) use requests::{target_of, validation_error};

use crate::flavour::Flavour;
use crate::issue::{Issue, IssueCode};
use convert::{json_from_js, prop};
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CATALOGUE_TYPES: &'static str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &'static str = include_str!("api.d.ts");

/// The package version (equal to the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// The keys of `FlavourOptions`, the options of the functions that read only a flavour.
const FLAVOUR_OPTIONS: &[&str] = &["flavour"];

/// `options.flavour`, defaulting to Atlas v2. An unknown name is a programming error, so
/// it throws an `AtlasConfigError` rather than coming back as a form issue.
fn flavour_of(options: &JsValue) -> Result<Flavour, JsValue> {
    Ok(flavour_value(&prop(options, "flavour"))?.unwrap_or(Flavour::AtlasV2))
}

/// A flavour given as any JS value: `undefined` and `null` mean none was given; anything
/// but a known id throws (checked here, not by the glue, which would trust a non-string).
fn flavour_value(raw: &JsValue) -> Result<Option<Flavour>, JsValue> {
    if raw.is_undefined() || raw.is_null() {
        return Ok(None);
    }
    raw.as_string()
        .as_deref()
        .and_then(Flavour::from_id)
        .map(Some)
        .ok_or_else(|| {
            errors::config(
                "invalid_flavour",
                "flavour must be one of \"atlasV2\", \"atlasV1\", \"cloudManager\", \"opsManager\".",
            )
        })
}

/// JS input as JSON, or the single issue explaining why it cannot be read.
fn input(value: &JsValue) -> Result<Value, Vec<Issue>> {
    json_from_js(value).map_err(|e| vec![Issue::new("", IssueCode::InvalidJson, e.0)])
}

/// talc instead of the standard library's dlmalloc: less code for every page to download
/// (the forms module is what a form waits for), for slightly slower allocations; the
/// figures of both are in BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
