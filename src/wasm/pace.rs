//! The pacer (`crate::pace`) as a JS handle. Internal (`__` names, no TypeScript): until
//! the client's retry loop owns one per client, `pkg-template/js/bulk.js` makes one per
//! bulk run and shares it between the run's workers.

use super::convert::{js_from, json_from_js};
use super::errors;
use super::AtlasClient;
use crate::pace::{Observed, PaceOptions, Pacer, Slot};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// One pacer; JS holds it for a run and wasm-bindgen frees it when JS lets go.
#[wasm_bindgen(js_name = __Pacer, skip_typescript)]
pub struct PacerHandle {
    pacer: Pacer,
}

#[wasm_bindgen(js_class = __Pacer)]
impl PacerHandle {
    /// Before sending at `now_ms`: `{send: true, waitMs}` (wait, then send: a token is
    /// reserved) or `{send: false, waitMs}` (wait, then ask again).
    #[wasm_bindgen(js_name = beforeSend, skip_typescript)]
    pub fn before_send(&mut self, now_ms: f64) -> JsValue {
        let (send, wait_ms) = match self.pacer.before_send(now_ms) {
            Slot::Send { wait_ms } => (true, wait_ms),
            Slot::Later { wait_ms } => (false, wait_ms),
        };
        js_from(&json!({ "send": send, "waitMs": wait_ms }))
    }

    /// Every answer or failure, at `now_ms`: `{status, ratelimitLimit, ratelimitRemaining,
    /// retryAfterMs, parameters}` (an `AtlasApiError` has the last three). Anything
    /// unreadable counts as "no answer" (status 0): it teaches nothing.
    #[wasm_bindgen(skip_typescript)]
    pub fn observe(&mut self, now_ms: f64, seen: JsValue) {
        let seen: Observed = json_from_js(&seen)
            .ok()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        self.pacer.observe(now_ms, &seen);
    }
}

#[wasm_bindgen]
impl AtlasClient {
    /// A pacer for `pacing`: `undefined`, `null` or `true` (the defaults), `false` (off), or
    /// `{enabled, maxDelayMs}`. Throws `AtlasConfigError` `invalid_option` otherwise.
    #[wasm_bindgen(js_name = __pacer, skip_typescript)]
    pub fn pacer(pacing: JsValue) -> Result<PacerHandle, JsValue> {
        let options = match json_from_js(&pacing) {
            Ok(Value::Null) | Ok(Value::Bool(true)) => Ok(PaceOptions::default()),
            Ok(Value::Bool(false)) => Ok(PaceOptions {
                enabled: false,
                ..PaceOptions::default()
            }),
            Ok(v @ Value::Object(_)) => serde_json::from_value(v).map_err(|_| ()),
            _ => Err(()),
        }
        .map_err(|()| {
            errors::config(
                "invalid_option",
                "pacing must be true, false or { enabled?: boolean, maxDelayMs?: number } (a whole number of milliseconds).",
            )
        })?;
        Ok(PacerHandle {
            pacer: Pacer::new(options),
        })
    }
}
