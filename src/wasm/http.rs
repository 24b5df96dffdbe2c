//! One HTTP attempt through the global `fetch` (browsers and Node 20+), with the caller's
//! `AbortSignal` and a per-request timeout combined into one signal.
//!
//! `fetch` is called with a plain init object: measured against the stand-in, building a
//! `Request` and a `Headers` object first (as gloo-net does) made each request ~80% more
//! expensive than a plain `fetch`, because the runtime copies them again (BENCHMARKS.md).
//! The JS helper never rejects: it reports which stage failed as data, so a connection
//! cut after the status is told apart from no answer at all.

use super::convert::prop;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(inline_js = r#"
export async function fetchOnce(url, method, headers, body, signal, credentials) {
  const init = { method, headers, credentials };
  if (body !== undefined) init.body = body;
  if (signal !== undefined) init.signal = signal;
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    return { failed: 'request', name: e && e.name };
  }
  const out = {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    wwwAuthenticate: res.headers.get('www-authenticate'),
  };
  try {
    out.body = await res.text();
  } catch (e) {
    out.failed = 'body';
    out.name = e && e.name;
  }
  return out;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fetchOnce)]
    fn fetch_once(
        url: &str,
        method: &str,
        headers: &js_sys::Object,
        body: Option<&str>,
        signal: Option<&AbortSignal>,
        credentials: &str,
    ) -> js_sys::Promise;
}

/// The fetch `credentials` mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Credentials {
    Omit,
    SameOrigin,
    Include,
}

impl Credentials {
    const fn as_str(self) -> &'static str {
        match self {
            Credentials::Omit => "omit",
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
        }
    }
}

/// What to send: the pure core's request plus the `Authorization` header the client adds.
pub(crate) struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub authorization: Option<&'a str>,
    pub body: Option<&'a str>,
    /// Whether the browser adds cookies (and may show its own login dialog on a 401).
    pub credentials: Credentials,
}

/// What came back: enough for the core's response parser and the retry logic.
pub(crate) struct Incoming {
    pub status: u16,
    pub retry_after: Option<String>,
    pub www_authenticate: Option<String>,
    pub body: String,
}

/// Why an attempt got no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Refused, reset, DNS, CORS: `fetch` rejected with a `TypeError`.
    Network,
    /// The timeout elapsed (while waiting for headers or reading the body).
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// The status and headers arrived, then the connection closed before the whole body.
    Interrupted { status: u16 },
}

fn headers_object(out: &Outgoing<'_>) -> js_sys::Object {
    let headers = js_sys::Object::new();
    let pairs = out
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(out.authorization.map(|a| ("Authorization", a)));
    for (name, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        );
    }
    headers
}

/// Sends one attempt. Never panics and never rejects with a raw JS value.
pub(crate) async fn send(
    out: &Outgoing<'_>,
    caller: Option<&AbortSignal>,
    timeout_ms: Option<u32>,
) -> Result<Incoming, Failure> {
    if caller.is_some_and(AbortSignal::aborted) {
        return Err(Failure::Aborted);
    }
    let timer = timeout_ms.map(AbortSignal::timeout_with_u32);
    let combined = match (caller, timer.as_ref()) {
        (Some(c), Some(t)) => Some(AbortSignal::any(&js_sys::Array::of2(c, t))),
        (Some(c), None) => Some(c.clone()),
        (None, Some(t)) => Some(t.clone()),
        (None, None) => None,
    };
    let promise = fetch_once(
        out.url,
        out.method,
        &headers_object(out),
        out.body,
        combined.as_ref(),
        out.credentials.as_str(),
    );
    let result = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap_or(JsValue::UNDEFINED);
    let classify = |name: Option<String>| -> Failure {
        if caller.is_some_and(AbortSignal::aborted) {
            Failure::Aborted
        } else if timer.as_ref().is_some_and(AbortSignal::aborted) {
            Failure::Timeout
        } else {
            match name.as_deref() {
                Some("TimeoutError") => Failure::Timeout,
                Some("AbortError") => Failure::Aborted,
                _ => Failure::Network,
            }
        }
    };
    let text = |key: &str| prop(&result, key).as_string();
    let status = prop(&result, "status")
        .as_f64()
        .filter(|s| (100.0..=999.0).contains(s))
        .map(|s| s as u16);
    match (text("failed").as_deref(), status) {
        (None, Some(status)) => Ok(Incoming {
            status,
            retry_after: text("retryAfter"),
            www_authenticate: text("wwwAuthenticate"),
            body: text("body").unwrap_or_default(),
        }),
        (Some("body"), Some(status)) => match classify(text("name")) {
            Failure::Network => Err(Failure::Interrupted { status }),
            other => Err(other),
        },
        _ => Err(classify(text("name"))),
    }
}
