//! The client's `pacing` option, read into the core's [`PaceOptions`].

use super::convert::json_from_js;
use super::errors;
use crate::pace::PaceOptions;
use crate::retry::RetryPolicy;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// `pacing`: `undefined`, `null` or `true` (on), `false` (off: only `Retry-After` and the
/// backoff after a 429 are waited out), or `{ enabled?, maxDelayMs? }`. The longest wait
/// defaults to the client's `retries.maxDelayMs`, and the backoff after a 429 without
/// `Retry-After` starts at `retries.baseDelayMs`: one retry policy for every wait.
///
/// # Errors
/// `AtlasConfigError` `invalid_option` for anything else (an unknown key included).
pub(crate) fn pace_options(pacing: &JsValue, retry: &RetryPolicy) -> Result<PaceOptions, JsValue> {
    let default_cap = retry.max_delay_ms;
    let defaults = PaceOptions {
        enabled: true,
        max_delay_ms: default_cap,
        base_backoff_ms: retry.base_delay_ms,
    };
    let options = match json_from_js(pacing) {
        Ok(Value::Null) | Ok(Value::Bool(true)) => Ok(defaults),
        Ok(Value::Bool(false)) => Ok(PaceOptions {
            enabled: false,
            ..defaults
        }),
        Ok(Value::Object(mut map)) => {
            if !map.contains_key("maxDelayMs") {
                map.insert("maxDelayMs".into(), default_cap.into());
            }
            serde_json::from_value(Value::Object(map))
                .map(|o: PaceOptions| PaceOptions {
                    base_backoff_ms: retry.base_delay_ms,
                    ..o
                })
                .map_err(|_| ())
        }
        _ => Err(()),
    };
    options.map_err(|()| {
        errors::config(
            "invalid_option",
            "pacing must be true, false or { enabled?: boolean, maxDelayMs?: number } (a whole number of milliseconds).",
        )
    })
}
