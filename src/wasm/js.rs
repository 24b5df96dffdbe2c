//! The platform calls that wasm-bindgen has no typed binding for in both browsers and
//! Node (`pkg-template/js/runtime.js`): an attempt's deadline (the caller's signal and a
//! timeout in one signal), a timer that an `AbortSignal` can cut short, settling a
//! caller's promise within a limit, cryptographic randomness, a one-crossing read of
//! short string arguments, calling a caller's callback without letting it throw, and an
//! `Array.isArray` that cannot throw through the module.

use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/pkg-template/js/runtime.js")]
extern "C" {
    /// The signal of one attempt; see `runtime.js`.
    pub(crate) type Deadline;
    #[wasm_bindgen(constructor)]
    pub(crate) fn new(caller: Option<&AbortSignal>, timeout_ms: Option<u32>) -> Deadline;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn signal(this: &Deadline) -> AbortSignal;
    #[wasm_bindgen(method, getter, js_name = timedOut)]
    pub(crate) fn timed_out(this: &Deadline) -> bool;
    #[wasm_bindgen(method, getter, js_name = callerAborted)]
    pub(crate) fn caller_aborted(this: &Deadline) -> bool;
    #[wasm_bindgen(method)]
    pub(crate) fn dispose(this: &Deadline);

    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: f64, signal: Option<&AbortSignal>) -> js_sys::Promise;

    #[wasm_bindgen(js_name = settleWithin)]
    fn settle_within_js(value: &JsValue, ms: f64, signal: Option<&AbortSignal>) -> js_sys::Promise;

    #[wasm_bindgen(js_name = shortString)]
    fn short_string_js(value: &JsValue, max: u32) -> Option<String>;

    #[wasm_bindgen(js_name = randomHex, catch)]
    fn random_hex_js(bytes: u32) -> Result<String, JsValue>;

    /// Hides `result.body` from logs, showing `redacted` there (see `runtime.js`).
    #[wasm_bindgen(js_name = hideBody)]
    pub(crate) fn hide_body(result: &JsValue, redacted: &JsValue) -> JsValue;

    /// `fetch(request)` as a promise of a `Response`: a synchronous throw or another value
    /// rejects (see `runtime.js`).
    #[wasm_bindgen(js_name = callFetch)]
    pub(crate) fn call_fetch(
        fetch: &js_sys::Function,
        request: &web_sys::Request,
    ) -> js_sys::Promise;

    /// The caller's stack for the client call being entered, made before wasm was (see
    /// `runtime.js`).
    #[wasm_bindgen(js_name = callOrigin)]
    pub(crate) fn call_origin() -> js_sys::Error;

    /// Whether the code runs in a browser page (see `runtime.js`).
    #[wasm_bindgen(js_name = inBrowser)]
    pub(crate) fn in_browser() -> bool;

    /// Calls `callback(value)` when it is a function, ignoring what it throws or rejects.
    pub(crate) fn notify(callback: &JsValue, value: &JsValue);
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array_js(value: &JsValue) -> Result<bool, JsValue>;
}

/// `Array.isArray(value)`, arrays of other realms included; `false` when it throws (a
/// revoked Proxy).
pub(crate) fn is_array(value: &JsValue) -> bool {
    is_array_js(value).unwrap_or(false)
}

/// Waits `ms` milliseconds; returns `false` when the signal aborted first.
pub(crate) async fn sleep(ms: u32, signal: Option<&AbortSignal>) -> bool {
    let done = wasm_bindgen_futures::JsFuture::from(sleep_js(f64::from(ms), signal)).await;
    matches!(done, Ok(v) if v.as_bool() == Some(true))
}

/// A short, well-formed string argument in one crossing; `None` for anything else (then
/// the caller takes the general JSON path). For such a string that path would give the
/// very same text: `JSON.stringify` and serde_json's parse round-trip every well-formed
/// string exactly, and `max` keeps it far below the input cap.
pub(crate) fn short_string(value: &JsValue, max: u32) -> Option<String> {
    short_string_js(value, max)
}

/// A random hex string (for Digest client nonces); `None` without Web Crypto.
pub(crate) fn random_hex(bytes: u32) -> Option<String> {
    random_hex_js(bytes).ok()
}

/// How a caller-supplied value (a token provider's result, a shared token exchange)
/// settled.
pub(crate) enum Settled {
    Value(JsValue),
    Error(JsValue),
    TimedOut,
    Aborted,
}

/// Awaits `value` (a promise, a thenable or a plain value) for at most `ms` milliseconds
/// (`None`: no limit) and no longer than `signal` allows, so that a promise that never
/// settles cannot hang a request, and a caller who gives up abandons only their own wait.
pub(crate) async fn settle_within(
    value: &JsValue,
    ms: Option<u32>,
    signal: Option<&AbortSignal>,
) -> Settled {
    let promise = settle_within_js(value, f64::from(ms.unwrap_or(0)), signal);
    let result = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap_or(JsValue::UNDEFINED);
    let field = |key: &str| super::convert::prop(&result, key);
    match field("outcome").as_string().as_deref() {
        Some("ok") => Settled::Value(field("value")),
        Some("timeout") => Settled::TimedOut,
        Some("aborted") => Settled::Aborted,
        _ => Settled::Error(field("error")),
    }
}
