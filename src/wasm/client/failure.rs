//! Failures mapped to the package's JS errors: a transport failure (no usable reply) or
//! the core's reading of an error reply. Every server-provided text was scrubbed of the
//! call's secrets before it got here (`response::parse_scrubbed`); messages name the
//! method and URL, never a credential.

use super::super::convert::{js_from, prop};
use super::super::errors::{ErrorName, JsErr};
use super::super::http::{Failure, Incoming};
use crate::json::object;
use crate::response::{self, Failure as Problem};
use crate::secrets::Secrets;
use js_sys::Reflect;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Milliseconds since the epoch, as the core's time-based helpers take them.
pub(super) fn now_ms() -> u64 {
    // Date.now() is a positive whole number of milliseconds well inside u64.
    js_sys::Date::now() as u64
}

/// The error a transport failure becomes.
pub(super) fn transport_error(
    f: &Failure,
    method: &str,
    url: &str,
    timeout_ms: Option<u32>,
) -> JsValue {
    let response = |code: &str, status: u16, message: String| {
        JsErr::new(ErrorName::Response, code, &message)
            .with("status", JsValue::from(status))
            .with("bodySnippet", JsValue::from_str(""))
    };
    let err = match f {
        Failure::Network => JsErr::new(
            ErrorName::Network,
            "network_error",
            &format!("{method} {url} got no response (connection refused or reset, DNS, CORS, or a `fetch` that gave no `Response`)."),
        ),
        Failure::Timeout => JsErr::new(
            ErrorName::Timeout,
            "timeout",
            &format!(
                "{method} {url} timed out after {} ms.",
                timeout_ms.unwrap_or_default()
            ),
        )
        .with("timeoutMs", JsValue::from(timeout_ms.unwrap_or_default())),
        Failure::Aborted => JsErr::new(
            ErrorName::Abort,
            "aborted",
            &format!("{method} {url} was aborted by the caller."),
        ),
        Failure::Interrupted { status } => response(
            "unexpected_response",
            *status,
            format!("{method} {url} answered {status}, then the connection closed before the whole body arrived."),
        ),
        Failure::TooLarge { status, max_bytes } => response(
            "response_too_large",
            *status,
            format!("{method} {url} answered {status} with a body larger than maxResponseBytes ({max_bytes} bytes); it was not read."),
        )
        .with("maxResponseBytes", JsValue::from(*max_bytes)),
        Failure::Redirect { status, location } => {
            let origin = response::redirect_origin(location.as_deref(), url);
            let to = origin.as_deref().unwrap_or("an undisclosed location");
            response(
                "unexpected_redirect",
                *status,
                format!("{method} {url} answered with a redirect ({status}) to {to}; redirects are never followed, nothing is known to have been done."),
            )
            .with_opt_str("redirectOrigin", origin.as_deref())
        }
    };
    err.with("method", JsValue::from_str(method))
        .with("url", JsValue::from_str(url))
        .into()
}

/// The `errorCode` of the `AtlasApiError` a failure becomes (`None`: another error).
pub(super) fn api_error_code(e: &Problem) -> Option<String> {
    match e {
        Problem::ApiError(api) => Some(api.error_code.clone()),
        Problem::OauthError { error, .. } => Some(error.to_ascii_uppercase()),
        _ => None,
    }
}

/// The error an error reply becomes; `e` was made from the scrubbed body and `secrets`
/// scrub the message once more (it quotes the URL).
pub(super) fn response_error(
    e: &Problem,
    method: &str,
    url: &str,
    incoming: &Incoming,
    secrets: &Secrets,
) -> JsValue {
    let retry_after = incoming
        .retry_after
        .as_deref()
        .and_then(|h| response::parse_retry_after(h, now_ms()));
    let message = secrets.scrub(&format!(
        "{method} {url} failed with {}: {}",
        e.status(),
        e.message()
    ));
    let code = api_error_code(e).unwrap_or_default();
    let err = match e {
        Problem::ApiError(api) => JsErr::new(ErrorName::Api, "api_error", &message)
            .with("errorCode", JsValue::from_str(&code))
            .with_opt_str("reason", api.reason.as_deref())
            .with_opt_str("detail", api.detail.as_deref())
            .with("parameters", js_from(&api.parameters))
            .with(
                "badRequestDetail",
                if api.bad_request_detail.is_empty() {
                    JsValue::NULL
                } else {
                    let fields =
                        serde_json::to_value(&api.bad_request_detail).unwrap_or(Value::Null);
                    js_from(&object([("fields", fields)]))
                },
            ),
        Problem::OauthError { description, .. } => {
            JsErr::new(ErrorName::Api, "api_error", &message)
                .with("errorCode", JsValue::from_str(&code))
                .with_opt_str("detail", description.as_deref())
                .with("parameters", js_sys::Array::new().into())
                .with("badRequestDetail", JsValue::NULL)
        }
        Problem::HttpError { snippet, .. } => {
            JsErr::new(ErrorName::Response, "http_error", &message)
                .with("bodySnippet", JsValue::from_str(snippet))
        }
        Problem::UnexpectedResponse { snippet, .. } => {
            JsErr::new(ErrorName::Response, "unexpected_response", &message)
                .with("bodySnippet", JsValue::from_str(snippet))
        }
    };
    let mut err = err
        .with("status", JsValue::from(e.status()))
        .with("method", JsValue::from_str(method))
        .with("url", JsValue::from_str(url));
    if let Some(ms) = retry_after {
        err = err.with("retryAfterMs", JsValue::from(ms as f64));
    }
    err.into()
}

/// What the caller's side of a call adds to its error: the caller's signal (an
/// `AtlasAbortError` gets the signal's reason as `cause`, and an abort by
/// `AbortSignal.timeout()`, whose reason is a `TimeoutError`, is an `AtlasTimeoutError`),
/// and the caller's stack. An error made in a later task of an async call has only wasm and
/// microtask frames in its stack, so the stack of an `Error` made synchronously when the
/// call started (`origin`; V8 formats it only when read, here only on failure) is appended.
pub(super) fn finish(
    err: JsValue,
    signal: Option<&web_sys::AbortSignal>,
    origin: &js_sys::Error,
) -> JsValue {
    let err = match signal {
        Some(signal)
            if signal.aborted()
                && prop(&err, "name").as_string().as_deref() == Some("AtlasAbortError") =>
        {
            by_signal(&err, signal.reason())
        }
        _ => err,
    };
    // Only the package's own errors: a caller's value passed through is left as it is.
    let ours = prop(&err, "name")
        .as_string()
        .is_some_and(|n| n.starts_with("Atlas"));
    if ours && err.is_instance_of::<js_sys::Error>() {
        let own = prop(&err, "stack").as_string().unwrap_or_default();
        let caller = prop(origin, "stack").as_string().unwrap_or_default();
        let _ = Reflect::set(
            &err,
            &"stack".into(),
            &with_caller_frames(&own, &caller).into(),
        );
    }
    err
}

/// The error an abort by the caller's signal becomes, given the signal's reason.
fn by_signal(aborted: &JsValue, reason: JsValue) -> JsValue {
    // `AbortSignal.timeout()`'s reason is a `DOMException` named `TimeoutError`.
    if prop(&reason, "name").as_string().as_deref() != Some("TimeoutError") {
        let _ = Reflect::set(aborted, &"cause".into(), &reason);
        return aborted.clone();
    }
    let method = prop(aborted, "method").as_string();
    let url = prop(aborted, "url").as_string();
    let message = match (&method, &url) {
        (Some(m), Some(u)) => {
            format!("{m} {u} timed out: the caller's AbortSignal.timeout() fired.")
        }
        _ => "The request timed out: the caller's AbortSignal.timeout() fired.".to_owned(),
    };
    JsErr::new(ErrorName::Timeout, "timeout", &message)
        .with_opt_str("method", method.as_deref())
        .with_opt_str("url", url.as_deref())
        .with_cause(reason)
        .into()
}

/// The most frames of the caller's stack appended to an error's.
const MAX_CALLER_FRAMES: usize = 16;

/// `own` followed by the frames of `caller` (its header line, `Error` in V8, which
/// Firefox and Safari do not write, and the package's own wasm frames left out), under a
/// line that says where they come from. Strings of the runtime's formatting; bounded by
/// [`MAX_CALLER_FRAMES`].
fn with_caller_frames(own: &str, caller: &str) -> String {
    let frames: Vec<&str> = caller
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "Error")
        .filter(|l| !l.contains("wasm://") && !l.contains("wasm-function"))
        .take(MAX_CALLER_FRAMES)
        .collect();
    if frames.is_empty() {
        return own.to_owned();
    }
    format!("{own}\n    --- called from ---\n{}", frames.join("\n"))
}
