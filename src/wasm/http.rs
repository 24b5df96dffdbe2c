//! One HTTP attempt through gloo-net (which calls the global `fetch`: browsers and Node 20+),
//! bounded in time and in size, with redirects never followed.
//!
//! - Time: one [`Deadline`] signal per attempt follows the caller's `AbortSignal` and the
//!   timeout; it covers the body as well as the headers. An attempt with neither has none.
//! - Size: the body is read from its stream chunk by chunk, counted after decompression,
//!   and reading stops (the stream is cancelled) past `max_bytes`: a huge or endless answer
//!   never reaches wasm memory whole.
//! - Redirects: `redirect: "manual"`. A 3xx (Node) or an opaque redirect (browsers, status
//!   0) is a failure, never followed: a followed 301/302/303 turns a write into a GET that
//!   would look like success, and a 307/308 would resend the body, secrets included, to
//!   wherever the server points.
//!
//! - Transport: the caller's `fetch` (client option) when given, else the global one
//!   through gloo-net; outside browsers a default `User-Agent` (browsers forbid setting it).
//!
//! Nothing here throws or traps: every rejection becomes a [`Failure`].

use super::js::Deadline;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, ReadableStream, ReadableStreamDefaultReader, RequestRedirect, ResponseType,
};

#[wasm_bindgen]
extern "C" {
    /// What `ReadableStreamDefaultReader.read()` resolves to.
    type ReadResult;
    #[wasm_bindgen(method, getter)]
    fn done(this: &ReadResult) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    fn value(this: &ReadResult) -> JsValue;
}

/// The fetch `credentials` mode.
pub(crate) type Credentials = web_sys::RequestCredentials;

/// What to send: the pure core's request plus the `Authorization` header the client adds.
pub(crate) struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub authorization: Option<&'a str>,
    pub body: Option<&'a str>,
    /// Whether the browser adds cookies (and may show its own login dialog on a 401).
    pub credentials: Credentials,
    /// The caller's `fetch` (client option `fetch`), called with the `Request`.
    pub fetch: Option<&'a js_sys::Function>,
    /// Whether to send [`USER_AGENT`] (not in browsers, which forbid it; not when a custom
    /// `User-Agent` header is given).
    pub user_agent: bool,
}

/// The default `User-Agent` where the runtime lets a script set it.
pub(crate) const USER_AGENT: &str = concat!("atlas-integrations/", env!("CARGO_PKG_VERSION"));

/// What came back: enough for the core's response parser, the retry logic and a pacer.
pub(crate) struct Incoming {
    pub status: u16,
    /// `Retry-After` and `WWW-Authenticate`, read in an error reply only (not a 2xx).
    pub retry_after: Option<String>,
    pub www_authenticate: Option<String>,
    /// `RateLimit-Limit` and `RateLimit-Remaining`, as sent, for the client's pacer.
    pub rate_limit_limit: Option<String>,
    pub rate_limit_remaining: Option<String>,
    pub body: String,
}

/// Why an attempt got no usable response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Refused, reset, DNS, CORS, a request fetch refused to build.
    Network,
    /// The timeout elapsed (while waiting for headers or reading the body).
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// The status and headers arrived, then the connection closed before the whole body.
    Interrupted { status: u16 },
    /// The body grew past the client's `maxResponseBytes` (counted after decompression).
    TooLarge { status: u16, max_bytes: u32 },
    /// A redirect, not followed: `status` (0 for a browser's opaque redirect) and the
    /// `Location` header when the runtime shows it.
    Redirect {
        status: u16,
        location: Option<String>,
    },
}

/// Why reading a body stopped early.
enum BodyError {
    Broken,
    TooLarge,
}

/// Sends one attempt. Never panics and never rejects with a raw JS value.
pub(crate) async fn send(
    out: &Outgoing<'_>,
    caller: Option<&AbortSignal>,
    timeout_ms: Option<u32>,
    max_bytes: u32,
) -> Result<Incoming, Failure> {
    if caller.is_some_and(AbortSignal::aborted) {
        return Err(Failure::Aborted);
    }
    // No caller's signal and no timeout: nothing could ever abort the attempt, so no
    // signal is made. A signal that cannot fire still costs a Node fetch about 20 µs a
    // call (an `AbortController`, and each `Request` that follows it registers a listener,
    // a `WeakRef` and a finalizer), and more after an idle wait.
    let deadline =
        (caller.is_some() || timeout_ms.is_some()).then(|| Deadline::new(caller, timeout_ms));
    let result = attempt(out, deadline.as_ref(), max_bytes).await;
    let Some(deadline) = deadline else {
        return result;
    };
    let result = result.map_err(|failure| match failure {
        Failure::Network | Failure::Interrupted { .. } if deadline.caller_aborted() => {
            Failure::Aborted
        }
        Failure::Network | Failure::Interrupted { .. } if deadline.timed_out() => Failure::Timeout,
        other => other,
    });
    deadline.dispose();
    result
}

async fn attempt(
    out: &Outgoing<'_>,
    deadline: Option<&Deadline>,
    max_bytes: u32,
) -> Result<Incoming, Failure> {
    // One `Request`, made here and sent by gloo-net: its builder would make a second one,
    // a `URL` and a `URLSearchParams` to merge query parameters we never give it, and set
    // headers through calls that throw (through wasm) on a value fetch refuses; here every
    // step returns a `Result`.
    let signal = deadline.map(Deadline::signal);
    let request = build(out, signal.as_ref()).ok_or(Failure::Network)?;
    let response: web_sys::Response = match out.fetch {
        // A custom fetch must resolve to a `Response` of this runtime: `callFetch` rejects
        // anything else, and a throw, as it does for the global fetch (`globalFetch`); both
        // are a network failure. `dyn_into` is the typed conversion, checked again here so
        // that nothing JS hands back is trusted unchecked.
        Some(fetch) => JsFuture::from(super::js::call_fetch(fetch, &request))
            .await
            .map_err(|_| Failure::Network)?
            .dyn_into()
            .map_err(|_| Failure::Network)?,
        None => gloo_net::http::Request::from(request)
            .send()
            .await
            .map_err(|_| Failure::Network)?
            .into(),
    };
    let status = response.status();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
        let location = header("location");
        cancel(response.body()).await;
        return Err(Failure::Redirect { status, location });
    }
    // `Retry-After` and `WWW-Authenticate` only matter in an error reply (a wait to honour,
    // a Digest challenge): a success skips their lookups (each a few µs in Node's fetch).
    let error = !(200..300).contains(&status);
    let incoming = Incoming {
        status,
        retry_after: error.then(|| header("retry-after")).flatten(),
        www_authenticate: error.then(|| header("www-authenticate")).flatten(),
        rate_limit_limit: header("ratelimit-limit"),
        rate_limit_remaining: header("ratelimit-remaining"),
        body: String::new(),
    };
    match read_bounded(response.body(), max_bytes).await {
        Ok(body) => Ok(Incoming { body, ..incoming }),
        Err(BodyError::Broken) => Err(Failure::Interrupted { status }),
        Err(BodyError::TooLarge) => Err(Failure::TooLarge { status, max_bytes }),
    }
}

/// The `Request` of one attempt, aborted by `signal` when there is one; `None` when fetch
/// would refuse it (then nothing is sent).
fn build(out: &Outgoing<'_>, signal: Option<&AbortSignal>) -> Option<web_sys::Request> {
    // A custom header was checked when the client was made (config.rs); a token is checked
    // here: fetch refuses such a request before sending anything.
    let values = out.headers.iter().map(|(_, v)| v.as_str());
    if !values.chain(out.authorization).all(crate::header::value_ok) {
        return None;
    }
    let headers = web_sys::Headers::new().ok()?;
    for (name, value) in out.headers {
        headers.append(name, value).ok()?;
    }
    if let Some(authorization) = out.authorization {
        headers.append("Authorization", authorization).ok()?;
    }
    if out.user_agent {
        headers.append("User-Agent", USER_AGENT).ok()?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(out.method);
    init.set_headers(&headers);
    init.set_credentials(out.credentials);
    init.set_redirect(RequestRedirect::Manual);
    if signal.is_some() {
        init.set_signal(signal);
    }
    if let Some(body) = out.body {
        init.set_body(&JsValue::from_str(body));
    }
    web_sys::Request::new_with_str_and_init(out.url, &init).ok()
}

/// Lets go of a body that will not be read (awaited: a cancel that rejected later would
/// be an unhandled rejection).
async fn cancel(body: Option<ReadableStream>) {
    if let Some(body) = body {
        let _ = JsFuture::from(body.cancel()).await;
    }
}

/// The body as text (invalid UTF-8 replaced), read chunk by chunk and never past
/// `max_bytes`. The loop ends: every chunk but the last adds at least one byte (an empty
/// one is counted as one) towards a bound of `max_bytes + 1`, and the attempt's deadline
/// cuts a stalled stream.
async fn read_bounded(body: Option<ReadableStream>, max_bytes: u32) -> Result<String, BodyError> {
    let Some(stream) = body else {
        return Ok(String::new());
    };
    let max = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::new();
    let mut steps = 0usize;
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| BodyError::Broken)?
            .unchecked_into::<ReadResult>();
        if chunk.done() != Some(false) {
            break;
        }
        let value = chunk.value();
        let Some(array) = value.dyn_ref::<Uint8Array>() else {
            let _ = JsFuture::from(reader.cancel()).await;
            return Err(BodyError::Broken);
        };
        let len = usize::try_from(array.length()).unwrap_or(usize::MAX);
        steps = steps.saturating_add(len.max(1));
        if bytes.len().saturating_add(len) > max || steps > max.saturating_add(1) {
            let _ = JsFuture::from(reader.cancel()).await;
            return Err(BodyError::TooLarge);
        }
        let start = bytes.len();
        bytes.resize(start + len, 0);
        if let Some(slot) = bytes.get_mut(start..) {
            array.copy_to(slot);
        }
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}
