//! The client's `pacing` option, read into the core's [`PaceOptions`].

use super::convert::json_from_js;
use super::errors;
use crate::pace::PaceOptions;
use crate::retry::RetryPolicy;
use wasm_bindgen::prelude::*;

/// `pacing` (see [`PaceOptions::from_json`]): the longest wait defaults to the client's
/// `retries.maxDelayMs`, and the backoff after a 429 without `Retry-After` starts at
/// `retries.baseDelayMs`: one retry policy for every wait.
///
/// # Errors
/// `AtlasConfigError` `invalid_option` for anything else (an unknown key included).
pub(crate) fn pace_options(pacing: &JsValue, retry: &RetryPolicy) -> Result<PaceOptions, JsValue> {
    json_from_js(pacing)
        .ok()
        .and_then(|value| PaceOptions::from_json(&value, retry))
        .ok_or_else(|| {
            errors::config(
                "invalid_option",
                "pacing must be true, false or { enabled?: boolean, maxDelayMs?: number } (a whole number of milliseconds).",
            )
        })
}
