//! The few platform calls that wasm-bindgen has no typed binding for in both browsers and
//! Node: a timer that an `AbortSignal` can cut short, cryptographic randomness, and a
//! one-crossing read of short string arguments.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) { resolve(false); return; }
    const onAbort = () => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}
export function settleWithin(value, ms, signal) {
  return new Promise((resolve) => {
    let timer;
    const finish = (outcome) => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish({ outcome: 'aborted' });
    if (signal && signal.aborted) return finish({ outcome: 'aborted' });
    if (ms > 0) timer = setTimeout(() => finish({ outcome: 'timeout' }), ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    try {
      Promise.resolve(value).then((v) => finish({ outcome: 'ok', value: v }), (e) => finish({ outcome: 'error', error: e }));
    } catch (e) {
      finish({ outcome: 'error', error: e });
    }
  });
}
export function shortString(value, max) {
  return typeof value === 'string' && value.length <= max && typeof value.isWellFormed === 'function' && value.isWellFormed() ? value : undefined;
}
export function randomHex(bytes) {
  const a = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}
"#)]
extern "C" {
    /// Resolves `true` after `ms`, or `false` as soon as `signal` aborts.
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: f64, signal: Option<&web_sys::AbortSignal>) -> js_sys::Promise;

    /// Resolves (never rejects) with `{outcome: "ok", value}`, `{outcome: "error", error}`,
    /// `{outcome: "timeout"}` after `ms` (0: never) or `{outcome: "aborted"}`.
    #[wasm_bindgen(js_name = settleWithin)]
    fn settle_within_js(
        value: &JsValue,
        ms: f64,
        signal: Option<&web_sys::AbortSignal>,
    ) -> js_sys::Promise;

    /// `value` itself when it is a primitive string of at most `max` UTF-16 units without
    /// lone surrogates, else `undefined`.
    #[wasm_bindgen(js_name = shortString)]
    fn short_string_js(value: &JsValue, max: u32) -> Option<String>;

    /// `bytes` random bytes from `crypto.getRandomValues`, hex-encoded.
    #[wasm_bindgen(js_name = randomHex, catch)]
    fn random_hex_js(bytes: u32) -> Result<String, JsValue>;
}

/// Waits `ms` milliseconds; returns `false` when the signal aborted first.
pub(crate) async fn sleep(ms: u32, signal: Option<&web_sys::AbortSignal>) -> bool {
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

/// How a caller-supplied value (a token provider's result) settled.
pub(crate) enum Settled {
    Value(JsValue),
    Error(JsValue),
    TimedOut,
    Aborted,
}

/// Awaits `value` (a promise, a thenable or a plain value) for at most `ms` milliseconds
/// (`None`: no limit) and no longer than `signal` allows, so that a caller's promise that
/// never settles cannot hang a request.
pub(crate) async fn settle_within(
    value: &JsValue,
    ms: Option<u32>,
    signal: Option<&web_sys::AbortSignal>,
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
