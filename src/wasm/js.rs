//! The few platform calls that wasm-bindgen has no typed binding for in both browsers and
//! Node: a timer that an `AbortSignal` can cut short, and cryptographic randomness.

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

    /// `bytes` random bytes from `crypto.getRandomValues`, hex-encoded.
    #[wasm_bindgen(js_name = randomHex, catch)]
    fn random_hex_js(bytes: u32) -> Result<String, JsValue>;
}

/// Waits `ms` milliseconds; returns `false` when the signal aborted first.
pub(crate) async fn sleep(ms: u32, signal: Option<&web_sys::AbortSignal>) -> bool {
    let done = wasm_bindgen_futures::JsFuture::from(sleep_js(f64::from(ms), signal)).await;
    matches!(done, Ok(v) if v.as_bool() == Some(true))
}

/// A random hex string (for Digest client nonces); `None` without Web Crypto.
pub(crate) fn random_hex(bytes: u32) -> Option<String> {
    random_hex_js(bytes).ok()
}
