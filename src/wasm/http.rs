//! One HTTP attempt through gloo-net (the global `fetch`, in browsers and Node 20+), with
//! the caller's `AbortSignal` and a per-request timeout combined into one signal.

use gloo_net::http::{Method, RequestBuilder};
use web_sys::{AbortSignal, RequestCredentials};

/// What to send: the pure core's request plus the `Authorization` header the client adds.
pub(crate) struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub authorization: Option<&'a str>,
    pub body: Option<&'a str>,
    /// Whether the browser adds cookies (and may show its own login dialog on a 401).
    pub credentials: RequestCredentials,
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

fn method(name: &str) -> Method {
    match name {
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    }
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
        (Some(c), Some(t)) => {
            let both = js_sys::Array::of2(c, t);
            Some(AbortSignal::any(&both))
        }
        (Some(c), None) => Some(c.clone()),
        (None, Some(t)) => Some(t.clone()),
        (None, None) => None,
    };
    let classify = |e: gloo_net::Error| -> Failure {
        if caller.is_some_and(AbortSignal::aborted) {
            Failure::Aborted
        } else if timer.as_ref().is_some_and(AbortSignal::aborted) {
            Failure::Timeout
        } else {
            match e {
                gloo_net::Error::JsError(js) if js.name == "TimeoutError" => Failure::Timeout,
                gloo_net::Error::JsError(js) if js.name == "AbortError" => Failure::Aborted,
                _ => Failure::Network,
            }
        }
    };

    let mut builder = RequestBuilder::new(out.url)
        .method(method(out.method))
        .credentials(out.credentials)
        .abort_signal(combined.as_ref());
    for (name, value) in out.headers {
        builder = builder.header(name, value);
    }
    if let Some(auth) = out.authorization {
        builder = builder.header("Authorization", auth);
    }
    let request = match out.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(classify)?;
    let response = request.send().await.map_err(classify)?;
    let headers = response.headers();
    let status = response.status();
    let retry_after = headers.get("retry-after");
    let www_authenticate = headers.get("www-authenticate");
    let body = response.text().await.map_err(|e| match classify(e) {
        Failure::Network => Failure::Interrupted { status },
        other => other,
    })?;
    Ok(Incoming {
        status,
        retry_after,
        www_authenticate,
        body,
    })
}
