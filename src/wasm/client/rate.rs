//! Pacing every call of a client under the rate limit: the client's one pacer
//! (`crate::pace`) says how long to wait before each attempt and learns from each reply;
//! this only sleeps, reports the wait and hands the pacer what came back.

use super::super::convert::js_from;
use super::super::http::{Failure, Incoming};
use super::super::js;
use super::args::CallOptions;
use super::failure::{now_ms, transport_error};
use super::Inner;
use crate::json::object;
use crate::pace::{Observed, Slot};
use crate::response;
use wasm_bindgen::prelude::*;

/// How often one attempt asks the pacer again when no token is due within the wait cap
/// (each round waits the cap): after that it is sent, and a 429 is handled as usual.
const MAX_SLOT_ROUNDS: u32 = 100;

impl Inner {
    /// Waits until the pacer has a token for the next attempt of `method url`, telling the
    /// client's and the call's `onRateLimit` of each wait.
    ///
    /// # Errors
    /// `AtlasAbortError` when the caller's signal fires during a wait.
    pub(super) async fn wait_for_slot(
        &self,
        method: &str,
        url: &str,
        opts: &CallOptions,
    ) -> Result<(), JsValue> {
        for _ in 0..MAX_SLOT_ROUNDS {
            // Date.now() in milliseconds: the same clock as `observe`.
            let slot = self.pacer.borrow_mut().before_send(now_ms() as f64);
            let (wait_ms, send) = match slot {
                Slot::Send { wait_ms } => (wait_ms, true),
                Slot::Later { wait_ms } => (wait_ms, false),
            };
            if wait_ms > 0 {
                let info = object([
                    ("waitMs", wait_ms.into()),
                    ("method", method.into()),
                    ("url", url.into()),
                ]);
                let info = js_from(&info);
                js::notify(&self.config.on_rate_limit, &info);
                js::notify(&opts.on_rate_limit, &info);
                if !js::sleep(wait_ms, opts.signal.as_ref()).await {
                    return Err(transport_error(&Failure::Aborted, method, url, None));
                }
            }
            if send {
                break;
            }
        }
        Ok(())
    }

    /// Hands the pacer what an attempt came to: a reply's status, `RateLimit-*` headers,
    /// `Retry-After` and a 429's parameters, or "no answer".
    pub(super) fn observe(&self, outcome: &Result<Incoming, Failure>) {
        let now = now_ms();
        let seen = match outcome {
            Ok(inc) => Observed::from_reply(
                inc.status,
                inc.rate_limit_limit.as_deref(),
                inc.rate_limit_remaining.as_deref(),
                inc.retry_after
                    .as_deref()
                    .and_then(|h| response::parse_retry_after(h, now)),
                &inc.body,
            ),
            Err(_) => Observed::default(),
        };
        self.pacer.borrow_mut().observe(now as f64, &seen);
    }
}
