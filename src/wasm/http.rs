//! One HTTP attempt through the global `fetch` (browsers and Node 20+), with the caller's
//! `AbortSignal` and a per-request timeout.
//!
//! `fetch` is called with a plain init object: measured against the stand-in, building a
//! `Request` and a `Headers` object first (as gloo-net does) made each request ~80% more
//! expensive than a plain `fetch`, because the runtime copies them again (BENCHMARKS.md).
//! The timeout is one `AbortController` and a timer that is cleared when the attempt
//! ends; the caller's signal is followed through one `abort` listener that is removed
//! afterwards. Node 20's `AbortSignal.timeout` and `AbortSignal.any` cost ~9 and ~20 µs a
//! request, and every timeout signal kept a 30 s timer alive after its request was done.
//! The JS helper never rejects: it reports which stage failed as data, so a connection
//! cut after the status is told apart from no answer at all, and Rust reads the reply
//! through typed getters (no property-name strings cross the boundary).
//!
//! One helper, two ways: [`send`] awaits it (the async path); `Fixed::request` hands JS a
//! request whose `send()` calls it, for the fast path (`fast.rs`, `cfg(fast_path)`: the web
//! build has none, and ignores the snippet's `Prepared` and the two imports of it below,
//! one snippet serving both builds). Both read the reply with [`read_reply`].

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[wasm_bindgen(inline_js = r#"
// `name\nvalue\n…` → `{name: value}`.
export function headersOf(headerLines) {
  const lines = headerLines.split('\n');
  const headers = {};
  for (let i = 0; i + 1 < lines.length; i += 2) headers[lines[i]] = lines[i + 1];
  return headers;
}
const statusBits = (status) => (typeof status === 'number' && status >= 100 && status <= 999 ? Math.trunc(status) * 16 : 0);
export function fetchOnce(url, method, headerLines, body, caller, timeoutMs, credentials) {
  return fetchWith(url, method, headersOf(headerLines), body, caller, timeoutMs, credentials);
}
// `headers` is only read (fetch copies it), so the fast path passes one object for all the
// requests of a template.
async function fetchWith(url, method, headers, body, caller, timeoutMs, credentials) {
  // summary: bits 0-1 what failed (0 = nothing, 1 = no answer or an unreadable one, 2 = the
  // body broke off), bit 2 a Retry-After, bit 3 a WWW-Authenticate, bits 4+ the status when
  // it is a number in 100..=999 (else 0): one read from Rust for the common answer.
  const reply = { summary: 1, retryAfter: undefined, wwwAuthenticate: undefined, body: '', name: undefined, timedOut: false };
  let timer;
  let onAbort;
  try {
    const init = { method, headers, credentials };
    if (body !== undefined) init.body = body;
    if (timeoutMs !== undefined) {
      const controller = new AbortController();
      timer = setTimeout(() => {
        reply.timedOut = true;
        controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, timeoutMs);
      // Like AbortSignal.timeout's timer, this one does not keep a Node process alive.
      if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref();
      if (caller !== undefined) {
        onAbort = () => controller.abort(caller.reason);
        caller.addEventListener('abort', onAbort);
      }
      init.signal = controller.signal;
    } else if (caller !== undefined) {
      init.signal = caller;
    }
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      const name = e && e.name;
      if (typeof name === 'string') reply.name = name;
      return reply;
    }
    const status = res.status;
    const retryAfter = res.headers.get('retry-after');
    const wwwAuthenticate = res.headers.get('www-authenticate');
    let text;
    try {
      text = await res.text();
    } catch (e) {
      const name = e && e.name;
      reply.summary = 2 + statusBits(status);
      if (typeof name === 'string') reply.name = name;
      return reply;
    }
    let summary = statusBits(status);
    if (typeof retryAfter === 'string') {
      reply.retryAfter = retryAfter;
      summary += 4;
    }
    if (typeof wwwAuthenticate === 'string') {
      reply.wwwAuthenticate = wwwAuthenticate;
      summary += 8;
    }
    if (typeof text === 'string') reply.body = text;
    reply.summary = summary;
    return reply;
  } catch {
    reply.summary = 1;
    reply.name = undefined;
    return reply;
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) caller.removeEventListener('abort', onAbort);
  }
}
// A request of the fast path (fast.rs), prepared by Rust: JS sends it (again, for a retry)
// and gives the reply back to Rust with the call's id.
class Prepared {
  constructor(id, method, url, headers, body, timeoutMs, credentials) {
    this.id = id;
    this.method = method;
    this.url = url;
    this.headers = headers;
    this.body = body;
    this.timeoutMs = timeoutMs;
    this.credentials = credentials;
  }
  send(caller) {
    return fetchWith(this.url, this.method, this.headers, this.body, caller, this.timeoutMs, this.credentials);
  }
  // The same request to `url` (a template's, to another project), with no call in Rust
  // until one is adopted for it.
  to(url) {
    return new Prepared(undefined, this.method, url, this.headers, this.body, this.timeoutMs, this.credentials);
  }
}
export function prepared(id, method, url, headers, body, timeoutMs, credentials) {
  return new Prepared(id, method, url, headers, body, timeoutMs, credentials);
}
export function templated(request, template, prefix, suffix) {
  return { request, template, prefix, suffix };
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fetchOnce)]
    fn fetch_once(
        url: &str,
        method: &str,
        header_lines: &str,
        body: Option<&str>,
        caller: Option<&AbortSignal>,
        timeout_ms: Option<u32>,
        credentials: &str,
    ) -> js_sys::Promise;

    /// A request JS sends itself (the fast path): `{id, method, url, …, send(signal), to(url)}`.
    #[wasm_bindgen(js_name = prepared)]
    fn prepared_js(
        id: u32,
        method: &JsValue,
        url: &str,
        headers: &JsValue,
        body: &JsValue,
        timeout_ms: Option<u32>,
        credentials: &JsValue,
    ) -> JsValue;

    /// A request with its template (`fast.rs`): `{request, template, prefix, suffix}`.
    #[wasm_bindgen(js_name = templated)]
    pub(crate) fn templated(
        request: &JsValue,
        template: JsValue,
        prefix: &str,
        suffix: &str,
    ) -> JsValue;

    /// `{name: value}` of header lines.
    #[wasm_bindgen(js_name = headersOf)]
    fn headers_of(header_lines: &str) -> JsValue;

    /// What `fetchOnce` resolves to; every field is always of the type read here.
    pub(crate) type Reply;
    #[wasm_bindgen(method, getter)]
    fn summary(this: &Reply) -> u32;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Reply) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = wwwAuthenticate)]
    fn www_authenticate(this: &Reply) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Reply) -> String;
    #[wasm_bindgen(method, getter)]
    fn name(this: &Reply) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = timedOut)]
    fn timed_out(this: &Reply) -> bool;
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

/// The headers as `name\nvalue\n…` for the JS helper: one string crossing instead of one
/// per name and value. `None` when a name or value holds a line break: `fetch` refuses
/// such a header with a `TypeError` before sending anything, and here it could not be told
/// apart from the separator (a server-supplied token must not smuggle in a header).
fn header_lines(out: &Outgoing<'_>) -> Option<String> {
    let mut lines = String::with_capacity(256);
    let pairs = out
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(out.authorization.map(|a| ("Authorization", a)));
    for (name, value) in pairs {
        if name.contains('\n') || value.contains('\n') {
            return None;
        }
        if !lines.is_empty() {
            lines.push('\n');
        }
        lines.push_str(name);
        lines.push('\n');
        lines.push_str(value);
    }
    Some(lines)
}

/// What `fetch` itself does with a header that holds a line break: a `TypeError`, nothing
/// sent (see [`header_lines`]).
fn checked_lines(out: &Outgoing<'_>) -> Result<String, Failure> {
    header_lines(out).ok_or(Failure::Network)
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
    let lines = checked_lines(out)?;
    let promise = fetch_once(
        out.url,
        out.method,
        &lines,
        out.body,
        caller,
        timeout_ms,
        out.credentials.as_str(),
    );
    let reply = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .map(JsCast::unchecked_into::<Reply>);
    read_reply(reply.as_ref(), caller)
}

/// What a fast-path request sends besides its URL and timeout, as JS strings made once:
/// requests of the same operation to other projects reuse them instead of copying the text
/// out again.
#[cfg(fast_path)]
pub(crate) struct Fixed {
    method: JsValue,
    headers: JsValue,
    body: JsValue,
    credentials: JsValue,
}

#[cfg(fast_path)]
impl Fixed {
    /// `Err` where [`send`] would fail before sending, for any signal: a header that
    /// `fetch` refuses (which the constructor already makes impossible).
    pub(crate) fn new(out: &Outgoing<'_>) -> Result<Fixed, Failure> {
        let lines = checked_lines(out)?;
        Ok(Fixed {
            method: JsValue::from_str(out.method),
            headers: headers_of(&lines),
            body: out.body.map_or(JsValue::UNDEFINED, JsValue::from_str),
            credentials: JsValue::from_str(out.credentials.as_str()),
        })
    }

    /// The request object JS sends on the fast path, tagged with the call's `id`.
    pub(crate) fn request(&self, id: u32, url: &str, timeout_ms: Option<u32>) -> JsValue {
        prepared_js(
            id,
            &self.method,
            url,
            &self.headers,
            &self.body,
            timeout_ms,
            &self.credentials,
        )
    }
}

/// What an attempt came to, from the helper's reply (`None`: it rejected, which it never
/// does) and the caller's signal.
pub(crate) fn read_reply(
    reply: Option<&Reply>,
    caller: Option<&AbortSignal>,
) -> Result<Incoming, Failure> {
    let classify = |name: Option<String>, timed_out: bool| -> Failure {
        if caller.is_some_and(AbortSignal::aborted) {
            Failure::Aborted
        } else if timed_out {
            Failure::Timeout
        } else {
            match name.as_deref() {
                Some("TimeoutError") => Failure::Timeout,
                Some("AbortError") => Failure::Aborted,
                _ => Failure::Network,
            }
        }
    };
    // The helper never rejects; if it ever did, that is an attempt without an answer.
    let Some(reply) = reply else {
        return Err(classify(None, false));
    };
    // One crossing for what failed, the status and which headers came (see the helper);
    // the header values are read only when present.
    let summary = reply.summary();
    let status = u16::try_from(summary >> 4).ok().filter(|s| *s != 0);
    match (summary & 3, status) {
        (0, Some(status)) => Ok(Incoming {
            status,
            retry_after: (summary & 4 != 0).then(|| reply.retry_after()).flatten(),
            www_authenticate: (summary & 8 != 0)
                .then(|| reply.www_authenticate())
                .flatten(),
            body: reply.body(),
        }),
        (2, Some(status)) => match classify(reply.name(), reply.timed_out()) {
            Failure::Network => Err(Failure::Interrupted { status }),
            other => Err(other),
        },
        _ => Err(classify(reply.name(), reply.timed_out())),
    }
}
