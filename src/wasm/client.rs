//! `AtlasClient`: sends the core's requests with credentials, timeouts, aborts and
//! retries, and turns answers into typed values or real JS errors. The only place that
//! holds a credential.
//!
//! Two ways to drive a call share every decision: the async path here, and the fast path JS
//! drives (`fast.rs`: calls with at most `signal` and `timeoutMs`; Node's build only, build.rs).

#[cfg(fast_path)]
mod fast;

use super::config::{credential, millis, AuthConfig, Config};
use super::convert::{self, js_from, json_from_js, prop};
use super::errors::{ErrorName, JsErr};
use super::http::{self, Failure, Incoming, Outgoing};
use super::{js, validation_error};
use crate::digest::{Credentials, DigestSession, Unauthorized};
use crate::json::object;
use crate::operation::OpKind;
use crate::preview::PreviewAuth;
use crate::request::{self, Request};
use crate::response::{self, Failure as Problem, Success as Answer};
use crate::retry::{self, Decision, Outcome};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

/// A client for one base URL and flavour. Cheap to share: every call clones an `Rc`.
#[wasm_bindgen]
pub struct AtlasClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: Config,
    /// The Digest challenge and nonce count, shared by all requests of this client.
    digest: RefCell<DigestSession>,
    /// The service-account token and its expiry.
    token: RefCell<Option<crate::oauth::AccessToken>>,
    /// A token exchange under way, so that concurrent requests share one exchange.
    exchange: RefCell<Option<js_sys::Promise>>,
    /// Operations already validated and built (a bulk run sends one body to many projects).
    built: RefCell<request::BuildCache>,
    /// Whether calls may take the fast path: a fixed token or none (no await, no challenge).
    #[cfg(fast_path)]
    fast: bool,
}

/// A service-account token is renewed this long before it expires, so that a request
/// never arrives with a token that expired on the way.
const TOKEN_SKEW_MS: u64 = 60_000;

/// The token of a `Bearer …` header value.
fn bare(authorization: &str) -> String {
    authorization
        .strip_prefix("Bearer ")
        .unwrap_or(authorization)
        .to_owned()
}

/// Per-call options: `{ signal?, timeoutMs? }`.
struct CallOptions {
    signal: Option<AbortSignal>,
    timeout_ms: Option<u32>,
}

impl CallOptions {
    fn from_js(options: &JsValue, default_timeout: Option<u32>) -> Result<CallOptions, JsValue> {
        if options.is_undefined() {
            return Ok(CallOptions {
                signal: None,
                timeout_ms: default_timeout,
            });
        }
        let signal = prop(options, "signal");
        let signal = if signal.is_undefined() || signal.is_null() {
            None
        } else {
            Some(signal.dyn_into::<AbortSignal>().map_err(|_| {
                super::errors::config("invalid_option", "signal must be an AbortSignal.")
            })?)
        };
        let timeout_ms = call_timeout(
            millis(&prop(options, "timeoutMs"), "timeoutMs")?,
            default_timeout,
        );
        Ok(CallOptions { signal, timeout_ms })
    }
}

/// The timeout of one call: the client's, unless the call sets its own (`0`: none). Both
/// paths read `timeoutMs` through this.
fn call_timeout(per_call: Option<u32>, default_timeout: Option<u32>) -> Option<u32> {
    match per_call {
        None => default_timeout,
        Some(0) => None,
        Some(ms) => Some(ms),
    }
}

/// The query parameters among a call's options, as the operation's `query` object.
fn query_of(options: &JsValue, keys: &[&str]) -> Result<Value, JsValue> {
    let mut query = Map::new();
    // No options object: nothing to read (and no crossing per key).
    if options.is_undefined() {
        return Ok(Value::Object(query));
    }
    for key in keys {
        let raw = prop(options, key);
        if raw.is_undefined() {
            continue;
        }
        let value = json_from_js(&raw).map_err(|e| validation_error(&[not_json(key, e.0)]))?;
        query.insert((*key).to_owned(), value);
    }
    Ok(Value::Object(query))
}

fn not_json(path: &str, message: String) -> crate::issue::Issue {
    crate::issue::Issue::new(path, crate::issue::IssueCode::InvalidJson, message)
}

const PAGED: &[&str] = &[
    "pageNum",
    "itemsPerPage",
    "includeCount",
    "pretty",
    "envelope",
];
const SINGLE: &[&str] = &["pretty", "envelope"];

/// The JSON of a JS argument, or an `AtlasValidationError` naming it.
fn arg(value: &JsValue, path: &str) -> Result<Value, JsValue> {
    arg_from(json_from_js(value), path)
}

/// [`arg`] for a value already read.
fn arg_from(json: Result<Value, convert::NotJson>, path: &str) -> Result<Value, JsValue> {
    json.map_err(|e| validation_error(&[not_json(path, e.0)]))
}

/// Like [`arg`] for a project id or an integration type, which are short strings in every
/// real call: one crossing instead of a `JSON.stringify` and a parse (same result).
fn id_arg(value: &JsValue, path: &str) -> Result<Value, JsValue> {
    match js::short_string(value, 1024) {
        Some(s) => Ok(Value::String(s)),
        None => arg(value, path),
    }
}

/// Every string value of a secret field in `body`, to scrub from anything the server
/// echoes back (an error `detail` may quote the request).
fn secrets_of(body: Option<&Value>) -> Vec<String> {
    let Some(obj) = body.and_then(Value::as_object) else {
        return Vec::new();
    };
    let def = obj
        .get("type")
        .and_then(Value::as_str)
        .and_then(crate::catalogue::find);
    obj.iter()
        .filter(|(k, _)| def.map_or(true, |d| d.field(k).is_some_and(|f| f.secret.is_some())))
        .filter_map(|(_, v)| v.as_str())
        .filter(|s| s.len() >= 4)
        .map(str::to_owned)
        .collect()
}

/// Replaces every known secret in server-provided text.
fn scrub(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .fold(text.to_owned(), |t, s| t.replace(s.as_str(), "<redacted>"))
}

fn scrub_value(value: &Value, secrets: &[String]) -> Value {
    response::map_strings(value, &|s| scrub(s, secrets))
}

impl Inner {
    fn call_options(&self, options: &JsValue) -> Result<CallOptions, JsValue> {
        CallOptions::from_js(options, self.config.timeout_ms)
    }

    /// Every credential this client holds, for scrubbing.
    fn credentials(&self) -> Vec<String> {
        match &self.config.auth {
            AuthConfig::Token(t) => vec![t.clone()],
            AuthConfig::Digest { private_key, .. } => vec![private_key.clone()],
            AuthConfig::ServiceAccount { client_secret, .. } => {
                let mut v = vec![client_secret.clone()];
                if let Some(t) = self.token.borrow().as_ref() {
                    v.push(bare(&t.authorization()));
                }
                v
            }
            AuthConfig::None | AuthConfig::Provider(_) => Vec::new(),
        }
    }

    /// The `Authorization` header for one attempt (`None` for Digest before a challenge).
    async fn authorization(
        self: &Rc<Self>,
        req: &Request,
        opts: &CallOptions,
    ) -> Result<Option<String>, JsValue> {
        match &self.config.auth {
            AuthConfig::None => Ok(None),
            AuthConfig::Token(t) => Ok(Some(format!("Bearer {t}"))),
            AuthConfig::Provider(f) => {
                let token = call_provider(f, opts).await?;
                Ok(Some(format!("Bearer {token}")))
            }
            AuthConfig::ServiceAccount { .. } => {
                let token = self.service_token(opts).await?;
                Ok(Some(format!("Bearer {token}")))
            }
            AuthConfig::Digest {
                public_key,
                private_key,
            } => {
                let creds = Credentials::new(public_key.as_str(), private_key.as_str());
                let cnonce = js::random_hex(16).ok_or_else(|| {
                    JsErr::new(
                        ErrorName::Auth,
                        "no_crypto",
                        "HTTP Digest needs crypto.getRandomValues, which this runtime lacks.",
                    )
                })?;
                let uri = crate::url::request_uri(&req.url);
                Ok(self
                    .digest
                    .borrow_mut()
                    .authorize(&creds, req.method, &uri, &cnonce))
            }
        }
    }

    /// A fresh service-account token: cached until shortly before it expires, and one
    /// exchange shared by all requests that need it at the same time.
    async fn service_token(self: &Rc<Self>, opts: &CallOptions) -> Result<String, JsValue> {
        if let Some(t) = self.token.borrow().as_ref() {
            if t.is_fresh(now_ms(), TOKEN_SKEW_MS) {
                return Ok(bare(&t.authorization()));
            }
        }
        let pending = self.exchange.borrow().clone();
        let promise = match pending {
            Some(p) => p,
            None => {
                let me = Rc::clone(self);
                let signal = opts.signal.clone();
                let timeout = opts.timeout_ms;
                let p = future_to_promise(async move {
                    let result = me.exchange_token(signal, timeout).await;
                    me.exchange.borrow_mut().take();
                    result.map(|()| JsValue::UNDEFINED)
                });
                *self.exchange.borrow_mut() = Some(p.clone());
                p
            }
        };
        JsFuture::from(promise).await?;
        self.token
            .borrow()
            .as_ref()
            .map(|t| bare(&t.authorization()))
            .ok_or_else(|| {
                JsErr::new(
                    ErrorName::Auth,
                    "token_exchange_failed",
                    "No token was issued.",
                )
                .into()
            })
    }

    async fn exchange_token(
        &self,
        signal: Option<AbortSignal>,
        timeout_ms: Option<u32>,
    ) -> Result<(), JsValue> {
        let AuthConfig::ServiceAccount {
            client_id,
            client_secret,
        } = &self.config.auth
        else {
            return Ok(());
        };
        let creds =
            crate::oauth::ClientCredentials::new(client_id.as_str(), client_secret.as_str());
        let req = crate::oauth::token_request(&self.config.target, &creds);
        let out = Outgoing {
            method: req.method,
            url: &req.url,
            headers: &req.headers,
            authorization: None,
            body: req.body.as_deref(),
            credentials: self.config.credentials,
        };
        let incoming = http::send(&out, signal.as_ref(), timeout_ms)
            .await
            .map_err(|f| transport_error(f, "POST", &req.url, timeout_ms))?;
        let token = crate::oauth::parse_token_response(incoming.status, &incoming.body, now_ms())
            .map_err(|e| {
            let message = scrub(&e.to_string(), std::slice::from_ref(client_secret));
            JsErr::new(ErrorName::Auth, "token_exchange_failed", &message)
                .with("status", JsValue::from(incoming.status))
        })?;
        *self.token.borrow_mut() = Some(token);
        Ok(())
    }

    /// Validates and builds `op` (the client's own headers added), with every secret to
    /// scrub from what the server sends back.
    fn prepare(&self, op: &Value) -> Result<Call, JsValue> {
        let req = self
            .built
            .borrow_mut()
            .build(op, &self.config.target)
            .map_err(|issues| validation_error(&issues))?;
        Ok(self.call(op, req))
    }

    /// The call for `op`, built as `req`: the client's own headers added, and the secrets.
    fn call(&self, op: &Value, mut req: Request) -> Call {
        let kind = op
            .get("op")
            .and_then(Value::as_str)
            .and_then(OpKind::from_id)
            .unwrap_or(OpKind::Get);
        let mut secrets = secrets_of(op.get("body"));
        secrets.extend(self.credentials());
        for (name, value) in &self.config.headers {
            if req.header(name).is_none() {
                req.headers.push((name.clone(), value.clone()));
            }
        }
        Call { kind, req, secrets }
    }

    /// What one attempt sends.
    fn outgoing<'a>(&self, req: &'a Request, authorization: Option<&'a str>) -> Outgoing<'a> {
        Outgoing {
            method: req.method,
            url: &req.url,
            headers: &req.headers,
            authorization,
            body: req.body.as_deref(),
            credentials: self.config.credentials,
        }
    }

    /// Sends a prepared call until it gets a final answer: Digest challenges answered,
    /// 429/503 and network errors retried for idempotent methods, everything bounded.
    async fn execute(
        self: &Rc<Self>,
        call: &mut Call,
        opts: &CallOptions,
    ) -> Result<Incoming, JsValue> {
        let mut attempt = 0u32;
        let mut challenges = 0u32;
        loop {
            let authorization = self.authorization(&call.req, opts).await?;
            let signed = authorization.is_some();
            remember_token(&mut call.secrets, authorization.as_deref());
            let out = self.outgoing(&call.req, authorization.as_deref());
            let outcome = http::send(&out, opts.signal.as_ref(), opts.timeout_ms).await;
            if let Ok(inc) = &outcome {
                if inc.status == 401 && challenges < 2 {
                    if let (AuthConfig::Digest { .. }, Some(header)) =
                        (&self.config.auth, inc.www_authenticate.as_deref())
                    {
                        challenges += 1;
                        let next = self.digest.borrow_mut().on_unauthorized(header, signed);
                        if next == Ok(Unauthorized::Retry) {
                            continue;
                        }
                    }
                }
            }
            match self.after_attempt(call, &call.req.url, attempt, outcome, opts.timeout_ms) {
                Next::Retry(ms) => {
                    attempt += 1;
                    if !js::sleep(ms, opts.signal.as_ref()).await {
                        return Err(transport_error(
                            Failure::Aborted,
                            call.req.method,
                            &call.req.url,
                            None,
                        ));
                    }
                }
                Next::Done(result) => return result,
            }
        }
    }

    /// Whether an attempt (number `attempt`, from 0) of `call`, sent to `url`, is tried
    /// again, and after how long, or what it comes to: the one decision the async path and
    /// the fast path share.
    fn after_attempt(
        &self,
        call: &Call,
        url: &str,
        attempt: u32,
        outcome: Result<Incoming, Failure>,
        timeout_ms: Option<u32>,
    ) -> Next {
        let retry_outcome = match &outcome {
            Err(Failure::Network | Failure::Interrupted { .. }) => Outcome::NetworkError,
            Err(f) => {
                return Next::Done(Err(transport_error(*f, call.req.method, url, timeout_ms)))
            }
            Ok(inc) => Outcome::Status {
                status: inc.status,
                retry_after_ms: inc
                    .retry_after
                    .as_deref()
                    .and_then(|h| response::parse_retry_after(h, now_ms())),
            },
        };
        match retry::decide(
            &self.config.retry,
            call.kind.is_idempotent(),
            attempt,
            retry_outcome,
            js_sys::Math::random,
        ) {
            Decision::RetryAfter(ms) => Next::Retry(ms),
            Decision::Stop => Next::Done(
                outcome.map_err(|f| transport_error(f, call.req.method, url, timeout_ms)),
            ),
        }
    }

    /// The answer to `call`, sent to `url`: its typed result, or the error the final reply
    /// means.
    fn conclude(&self, call: &Call, url: &str, incoming: &Incoming) -> Result<Answer, JsValue> {
        response::parse(call.kind, incoming.status, &incoming.body)
            .map_err(|e| response_error(e, call.req.method, url, incoming, &call.secrets))
    }

    /// Validates, builds, sends and interprets one operation.
    async fn run(self: &Rc<Self>, op: &Value, opts: &CallOptions) -> Result<Answer, JsValue> {
        let mut call = self.prepare(op)?;
        let incoming = self.execute(&mut call, opts).await?;
        self.conclude(&call, &call.req.url, &incoming)
    }
}

/// An operation validated and built, with what its answer must be scrubbed of.
struct Call {
    kind: OpKind,
    req: Request,
    secrets: Vec<String>,
}

/// What comes after an attempt.
enum Next {
    /// Wait this many milliseconds, then send the same request again.
    Retry(u32),
    /// The final reply, or the error the call ends with.
    Done(Result<Incoming, JsValue>),
}

/// A provider's or a freshly exchanged token is known only when it is sent: scrub it too.
fn remember_token(secrets: &mut Vec<String>, authorization: Option<&str>) {
    if let Some(token) = authorization.and_then(|a| a.strip_prefix("Bearer ")) {
        if !secrets.iter().any(|s| s == token) {
            secrets.push(token.to_owned());
        }
    }
}

/// Calls a token provider and awaits its result (a string or a promise of one), within
/// the call's timeout and abort signal.
async fn call_provider(f: &js_sys::Function, opts: &CallOptions) -> Result<String, JsValue> {
    let failed = |cause: JsValue| -> JsValue {
        JsErr::new(
            ErrorName::Auth,
            "token_provider_failed",
            "The token provider threw or rejected (see cause).",
        )
        .with_cause(cause)
        .into()
    };
    let value = f.call0(&JsValue::UNDEFINED).map_err(failed)?;
    let value = match js::settle_within(&value, opts.timeout_ms, opts.signal.as_ref()).await {
        js::Settled::Value(v) => v,
        js::Settled::Error(e) => return Err(failed(e)),
        js::Settled::TimedOut => {
            return Err(JsErr::new(
                ErrorName::Timeout,
                "timeout",
                "The token provider did not settle within the request timeout.",
            )
            .with(
                "timeoutMs",
                JsValue::from(opts.timeout_ms.unwrap_or_default()),
            )
            .into())
        }
        js::Settled::Aborted => {
            return Err(JsErr::new(
                ErrorName::Abort,
                "aborted",
                "The request was aborted while waiting for the token provider.",
            )
            .into())
        }
    };
    credential(&value, "The token returned by the token provider").map_err(|_| {
        JsErr::new(
            ErrorName::Auth,
            "invalid_token",
            "The token provider must return (or resolve to) a non-empty string without spaces.",
        )
        .into()
    })
}

fn transport_error(f: Failure, method: &str, url: &str, timeout_ms: Option<u32>) -> JsValue {
    let (name, code, message) = match f {
        Failure::Network => (
            ErrorName::Network,
            "network_error",
            format!("{method} {url} got no response (connection refused or reset, DNS, or CORS)."),
        ),
        Failure::Timeout => (
            ErrorName::Timeout,
            "timeout",
            format!(
                "{method} {url} timed out after {} ms.",
                timeout_ms.unwrap_or_default()
            ),
        ),
        Failure::Aborted => (
            ErrorName::Abort,
            "aborted",
            format!("{method} {url} was aborted by the caller."),
        ),
        Failure::Interrupted { status } => {
            return JsErr::new(
                ErrorName::Response,
                "unexpected_response",
                &format!(
                    "{method} {url} answered {status}, then the connection closed before the whole body arrived."
                ),
            )
            .with("status", JsValue::from(status))
            .with("bodySnippet", JsValue::from_str(""))
            .with("method", JsValue::from_str(method))
            .with("url", JsValue::from_str(url))
            .into()
        }
    };
    let mut err = JsErr::new(name, code, &message)
        .with("method", JsValue::from_str(method))
        .with("url", JsValue::from_str(url));
    if let (Failure::Timeout, Some(ms)) = (f, timeout_ms) {
        err = err.with("timeoutMs", JsValue::from(ms));
    }
    err.into()
}

/// Milliseconds since the epoch, as the core's time-based helpers take them.
fn now_ms() -> u64 {
    // Date.now() is a positive whole number of milliseconds well inside u64.
    js_sys::Date::now() as u64
}

/// The `errorCode` of the `AtlasApiError` a failure becomes (`None`: another error).
fn api_error_code(e: &Problem) -> Option<String> {
    match e {
        Problem::ApiError(api) => Some(api.error_code.clone()),
        Problem::OauthError { error, .. } => Some(error.to_ascii_uppercase()),
        Problem::HttpError { .. } | Problem::UnexpectedResponse { .. } => None,
    }
}

fn response_error(
    e: Problem,
    method: &str,
    url: &str,
    incoming: &Incoming,
    secrets: &[String],
) -> JsValue {
    let retry_after = incoming
        .retry_after
        .as_deref()
        .and_then(|h| response::parse_retry_after(h, now_ms()));
    let status = JsValue::from(e.status());
    let message = scrub(
        &format!("{method} {url} failed with {}: {}", e.status(), e.message()),
        secrets,
    );
    let code = api_error_code(&e).unwrap_or_default();
    let err = match &e {
        Problem::ApiError(api) => JsErr::new(ErrorName::Api, "api_error", &message)
            .with("errorCode", JsValue::from_str(&code))
            .with_opt_str(
                "reason",
                api.reason.as_deref().map(|r| scrub(r, secrets)).as_deref(),
            )
            .with_opt_str(
                "detail",
                api.detail.as_deref().map(|d| scrub(d, secrets)).as_deref(),
            )
            .with(
                "parameters",
                js_from(&scrub_value(&Value::Array(api.parameters.clone()), secrets)),
            )
            .with(
                "badRequestDetail",
                if api.bad_request_detail.is_empty() {
                    JsValue::NULL
                } else {
                    let fields =
                        serde_json::to_value(&api.bad_request_detail).unwrap_or(Value::Null);
                    js_from(&object([("fields", scrub_value(&fields, secrets))]))
                },
            ),
        Problem::OauthError { description, .. } => {
            JsErr::new(ErrorName::Api, "api_error", &message)
                .with("errorCode", JsValue::from_str(&code))
                .with_opt_str(
                    "detail",
                    description.as_deref().map(|d| scrub(d, secrets)).as_deref(),
                )
                .with("parameters", js_sys::Array::new().into())
                .with("badRequestDetail", JsValue::NULL)
        }
        Problem::HttpError { snippet, .. } => {
            JsErr::new(ErrorName::Response, "http_error", &message)
                .with("bodySnippet", JsValue::from_str(&scrub(snippet, secrets)))
        }
        Problem::UnexpectedResponse { snippet, .. } => {
            JsErr::new(ErrorName::Response, "unexpected_response", &message)
                .with("bodySnippet", JsValue::from_str(&scrub(snippet, secrets)))
        }
    };
    let mut err = err
        .with("status", status)
        .with("method", JsValue::from_str(method))
        .with("url", JsValue::from_str(url));
    if let Some(ms) = retry_after {
        err = err.with("retryAfterMs", JsValue::from(ms as f64));
    }
    err.into()
}

/// Runs an async body as a JS promise that rejects only with the package's errors.
fn promise<F>(future: F) -> js_sys::Promise
where
    F: std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    future_to_promise(future)
}

/// The JSON text of a call's result; `None` when it has none (a delete).
fn answer_json(answer: &Answer) -> Option<String> {
    let text = match answer {
        Answer::Page(page) => serde_json::to_string(page),
        Answer::Item { integration } => serde_json::to_string(integration),
        _ => return None,
    };
    // Our own types always serialise; if that ever changed, `null` is safer than a trap.
    Some(text.unwrap_or_else(|_| "null".to_owned()))
}

/// A call's result as the async methods resolve to it (the fast path hands JS the text).
fn page_or_value(answer: Answer) -> JsValue {
    answer_json(&answer).map_or(JsValue::UNDEFINED, |text| {
        js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
    })
}

/// The `integrationType` of a body, for create and update paths.
fn body_type(body: &Value) -> Value {
    body.get("type").cloned().unwrap_or(Value::Null)
}

fn is_api_error(e: &JsValue, code: &str) -> bool {
    prop(e, "name").as_string().as_deref() == Some(ErrorName::Api.as_str())
        && prop(e, "errorCode").as_string().as_deref() == Some(code)
}

#[wasm_bindgen]
impl AtlasClient {
    /// A client for one base URL and flavour.
    ///
    /// @throws AtlasConfigError for a bad flavour, base URL (plain http to a non-loopback
    /// host needs `allowInsecureHttp`), credentials, headers, timeout or retry settings.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<AtlasClient, JsValue> {
        let options = convert::options(options);
        let config = Config::from_js(&options)?;
        Ok(AtlasClient {
            inner: Rc::new(Inner {
                #[cfg(fast_path)]
                fast: matches!(config.auth, AuthConfig::None | AuthConfig::Token(_)),
                config,
                digest: RefCell::new(DigestSession::new()),
                token: RefCell::new(None),
                exchange: RefCell::new(None),
                built: RefCell::new(request::BuildCache::default()),
            }),
        })
    }

    /// The flavour this client speaks.
    #[wasm_bindgen(getter, unchecked_return_type = "Flavour")]
    pub fn flavour(&self) -> String {
        self.inner.config.target.flavour().id().to_owned()
    }

    /// The normalised base URL requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.target.base_url().to_owned()
    }

    fn start(&self, op: Result<Value, JsValue>, options: &JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        let opts = inner.call_options(options);
        promise(async move {
            let answer = inner.run(&op?, &opts?).await?;
            Ok(page_or_value(answer))
        })
    }

    /// One page of the project's integrations (secrets masked by the server).
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(list_op(&group_id, &options), &options)
    }

    /// One integration by type. Rejects with `AtlasApiError` (`errorCode`
    /// `INTEGRATION_NOT_CONFIGURED`, status 404) when the type is not configured.
    #[wasm_bindgen(unchecked_return_type = "Promise<Integration>")]
    pub fn get(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(js_name = integrationType, unchecked_param_type = "IntegrationType")]
        integration_type: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "RequestOptions & Pick<Query, \"pretty\" | \"envelope\">"
        )]
        options: Option<js_sys::Object>,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(
            typed_op("get", &group_id, &integration_type, &options),
            &options,
        )
    }

    /// Creates the integration of `body.type`; resolves to the list of all integrations.
    /// Never retried (a POST could act twice). 409 `INTEGRATION_ALREADY_CONFIGURED` when
    /// the type exists: see `upsert`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn create(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(write_op("create", &group_id, &body, &options), &options)
    }

    /// Replaces the integration of `body.type` (send every secret again: the API masks
    /// them in answers); resolves to the list of all integrations.
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn update(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(write_op("update", &group_id, &body, &options), &options)
    }

    /// Removes the integration of one type.
    #[wasm_bindgen(js_name = delete, unchecked_return_type = "Promise<void>")]
    pub fn remove(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(js_name = integrationType, unchecked_param_type = "IntegrationType")]
        integration_type: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "RequestOptions & Pick<Query, \"pretty\" | \"envelope\">"
        )]
        options: Option<js_sys::Object>,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(
            typed_op("delete", &group_id, &integration_type, &options),
            &options,
        )
    }

    /// Creates the integration, or updates it when the project already has one of that
    /// type (409 `INTEGRATION_ALREADY_CONFIGURED`). Resolves to the list of all.
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn upsert(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        let inner = Rc::clone(&self.inner);
        let op = write_op("create", &group_id, &body, &options);
        let opts = inner.call_options(&options);
        promise(async move {
            let (mut op, opts) = (op?, opts?);
            match inner.run(&op, &opts).await {
                Ok(answer) => Ok(page_or_value(answer)),
                // Only now is the update built: a bulk upsert mostly creates.
                Err(e) if is_api_error(&e, "INTEGRATION_ALREADY_CONFIGURED") => {
                    if let Some(fields) = op.as_object_mut() {
                        fields.insert("op".into(), "update".into());
                    }
                    Ok(page_or_value(inner.run(&op, &opts).await?))
                }
                Err(e) => Err(e),
            }
        })
    }

    /// Compares `desired` with what the project has now, without changing anything.
    /// Masked secrets are reported as `unknown` changes, never as false differences.
    #[wasm_bindgen(unchecked_return_type = "Promise<Plan>")]
    pub fn plan(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] desired: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        let inner = Rc::clone(&self.inner);
        let desired = arg(&desired, "body");
        let group = id_arg(&group_id, "groupId");
        let opts = inner.call_options(&options);
        promise(async move {
            let plan = inner.plan(&group?, &desired?, &opts?).await?;
            Ok(js_from(&plan))
        })
    }

    /// Plans, then creates or updates as needed. With `force`, updates even when the only
    /// differences are masked secrets that cannot be compared.
    #[wasm_bindgen(unchecked_return_type = "Promise<ApplyResult>")]
    pub fn apply(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] desired: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ApplyOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        let inner = Rc::clone(&self.inner);
        let desired = arg(&desired, "body");
        let group = id_arg(&group_id, "groupId");
        let force = prop(&options, "force").as_bool() == Some(true);
        let opts = inner.call_options(&options);
        promise(async move {
            let (group, desired, opts) = (group?, desired?, opts?);
            let plan = inner.plan(&group, &desired, &opts).await?;
            let action = match plan.action {
                crate::plan::Action::Create => Some("create"),
                crate::plan::Action::Update => Some("update"),
                crate::plan::Action::None if force => Some("update"),
                _ => None,
            };
            let mut result = serde_json::to_value(&plan).unwrap_or(Value::Null);
            let body = plan.body.clone().unwrap_or(desired);
            if let Some(op) = action {
                let answer = inner
                    .run(
                        &object([
                            ("op", op.into()),
                            ("groupId", group),
                            ("integrationType", body_type(&body)),
                            ("body", body.clone()),
                        ]),
                        &opts,
                    )
                    .await?;
                if let (Some(obj), Answer::Page(page)) = (result.as_object_mut(), answer) {
                    obj.insert("action".into(), op.into());
                    obj.insert("body".into(), body.clone());
                    obj.insert(
                        "page".into(),
                        serde_json::to_value(page).unwrap_or(Value::Null),
                    );
                }
            }
            Ok(js_from(&result))
        })
    }

    /// The request this client would send for an operation, as a `curl` command line
    /// with the credentials and every secret field redacted.
    ///
    /// @throws AtlasValidationError when the operation has errors.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OperationInput")] op: JsValue,
    ) -> Result<JsValue, JsValue> {
        let value = arg(&op, "")?;
        let mut req = request::build_from_json(&value, &self.inner.config.target)
            .map_err(|issues| validation_error(&issues))?;
        for (name, v) in &self.inner.config.headers {
            req.headers.push((name.clone(), v.clone()));
        }
        let auth = match &self.inner.config.auth {
            AuthConfig::None => PreviewAuth::None,
            AuthConfig::Digest { public_key, .. } => PreviewAuth::Digest {
                public_key: public_key.clone(),
            },
            _ => PreviewAuth::Bearer,
        };
        Ok(JsValue::from_str(&crate::preview::curl(&req, &auth)))
    }
}

/// `{op: "list", groupId, query}`.
fn list_op(group_id: &JsValue, options: &JsValue) -> Result<Value, JsValue> {
    Ok(object([
        ("op", "list".into()),
        ("groupId", id_arg(group_id, "groupId")?),
        ("query", query_of(options, PAGED)?),
    ]))
}

/// `{op, groupId, integrationType, query}` for get and delete.
fn typed_op(
    kind: &str,
    group_id: &JsValue,
    integration_type: &JsValue,
    options: &JsValue,
) -> Result<Value, JsValue> {
    Ok(object([
        ("op", kind.into()),
        ("groupId", id_arg(group_id, "groupId")?),
        (
            "integrationType",
            id_arg(integration_type, "integrationType")?,
        ),
        ("query", query_of(options, SINGLE)?),
    ]))
}

/// `{op, groupId, integrationType: body.type, body, query}` for create and update.
fn write_op(
    kind: &str,
    group_id: &JsValue,
    body: &JsValue,
    options: &JsValue,
) -> Result<Value, JsValue> {
    write_op_with(kind, group_id, arg(body, "body"), options)
}

/// [`write_op`] for a body already read (`Err`: the error reading it gave).
fn write_op_with(
    kind: &str,
    group_id: &JsValue,
    body: Result<Value, JsValue>,
    options: &JsValue,
) -> Result<Value, JsValue> {
    let body = body?;
    let group_id = id_arg(group_id, "groupId")?;
    Ok(write_op_value(
        kind,
        group_id,
        body,
        query_of(options, PAGED)?,
    ))
}

/// `{op, groupId, integrationType: body.type, body, query}` for create and update.
fn write_op_value(kind: &str, group_id: Value, body: Value, query: Value) -> Value {
    object([
        ("op", kind.into()),
        ("groupId", group_id),
        ("integrationType", body_type(&body)),
        ("body", body),
        ("query", query),
    ])
}

impl Inner {
    /// GET the current integration (404 `INTEGRATION_NOT_CONFIGURED` = none) and diff.
    async fn plan(
        self: &Rc<Self>,
        group: &Value,
        desired: &Value,
        opts: &CallOptions,
    ) -> Result<crate::plan::Plan, JsValue> {
        let flavour = self.config.target.flavour();
        // Refuse an invalid desired body before any request.
        let issues = crate::validate::body(desired, None, flavour);
        if crate::issue::has_errors(&issues) {
            return Err(validation_error(&issues));
        }
        let get = object([
            ("op", "get".into()),
            ("groupId", group.clone()),
            ("integrationType", body_type(desired)),
        ]);
        let mut call = self.prepare(&get)?;
        // The GET sends no body, but the server may hold (and echo) the secrets the caller
        // is about to send: its errors are scrubbed of them too.
        call.secrets.extend(secrets_of(Some(desired)));
        let incoming = self.execute(&mut call, opts).await?;
        let current = self.current(&call, &incoming)?;
        crate::plan::plan(desired, current.as_ref(), flavour)
            .map_err(|issues| validation_error(&issues))
    }

    /// The integration a plan compares with, from the final reply to its GET: none when the
    /// type is not configured (404 `INTEGRATION_NOT_CONFIGURED`, recognised before an error
    /// is made of it: making a JS error costs a bulk `apply` to fresh projects about a tenth
    /// of its time, BENCHMARKS.md "Client").
    fn current(&self, call: &Call, incoming: &Incoming) -> Result<Option<Value>, JsValue> {
        match response::parse(call.kind, incoming.status, &incoming.body) {
            Ok(Answer::Item { integration }) => Ok(Some(integration)),
            Ok(_) => Ok(None),
            Err(e) if api_error_code(&e).as_deref() == Some("INTEGRATION_NOT_CONFIGURED") => {
                Ok(None)
            }
            Err(e) => Err(response_error(
                e,
                call.req.method,
                &call.req.url,
                incoming,
                &call.secrets,
            )),
        }
    }
}
