//! The `onRequest` and `onResponse` client options: instrumentation that sees each attempt's
//! method, URL, attempt number, status and duration, and nothing else. No header, body or
//! credential is ever passed (URLs never hold credentials: they travel in headers), so a
//! hook that logs everything it gets logs no secret.

use super::super::config::Config;
use super::super::convert::js_from;
use super::super::http::{Failure, Incoming, Outgoing};
use super::super::js;
use crate::json::object;
use serde_json::Value;

/// One attempt being timed for `onResponse`.
pub(super) struct Attempt {
    method: String,
    url: String,
    attempt: u32,
    started: f64,
}

impl Attempt {
    /// Calls `onRequest({method, url, attempt})` (attempt 0 is the first try) and starts
    /// the clock. Nothing is allocated when neither hook is set.
    pub(super) fn start(config: &Config, out: &Outgoing<'_>, attempt: u32) -> Option<Attempt> {
        if config.on_request.is_undefined() && config.on_response.is_undefined() {
            return None;
        }
        let this = Attempt {
            method: out.method.to_owned(),
            url: out.url.to_owned(),
            attempt,
            started: js_sys::Date::now(),
        };
        if !config.on_request.is_undefined() {
            js::notify(&config.on_request, &js_from(&this.fields()));
        }
        Some(this)
    }
}

impl Attempt {
    /// `{method, url, attempt}`.
    fn fields(&self) -> Value {
        object([
            ("method", self.method.as_str().into()),
            ("url", self.url.as_str().into()),
            ("attempt", self.attempt.into()),
        ])
    }
}

/// Ends an attempt started by [`Attempt::start`]: calls `onResponse` with the status (`0`
/// without a response), the duration in whole milliseconds, and the kind of failure
/// (`network`, `timeout`, `aborted`, `interrupted`, `too_large`, `redirect`; `null` when
/// a response was read, whatever its status).
pub(super) trait End {
    fn end(self, config: &Config, outcome: &Result<Incoming, Failure>);
}

impl End for Option<Attempt> {
    fn end(self, config: &Config, outcome: &Result<Incoming, Failure>) {
        let Some(a) = self else { return };
        if config.on_response.is_undefined() {
            return;
        }
        let (status, error) = match outcome {
            Ok(incoming) => (incoming.status, None),
            Err(Failure::Network) => (0, Some("network")),
            Err(Failure::Timeout) => (0, Some("timeout")),
            Err(Failure::Aborted) => (0, Some("aborted")),
            Err(Failure::Interrupted { status }) => (*status, Some("interrupted")),
            Err(Failure::TooLarge { status, .. }) => (*status, Some("too_large")),
            Err(Failure::Redirect { status, .. }) => (*status, Some("redirect")),
        };
        // Whole milliseconds as an integer: no float formatting in the module for this.
        let duration = (js_sys::Date::now() - a.started).max(0.0).round() as u64;
        let mut info = a.fields();
        if let Value::Object(map) = &mut info {
            map.insert("status".into(), status.into());
            map.insert("durationMs".into(), duration.into());
            map.insert("error".into(), error.map_or(Value::Null, Value::from));
        }
        js::notify(&config.on_response, &js_from(&info));
    }
}
