//! The fast path: a call with no per-call options but `signal` and `timeoutMs`, on a client
//! with a fixed token (or none), is driven from JS (`pkg-template/js/fast.js`) in
//! synchronous Rust steps. JS reads and checks those two options (anything else, or an
//! invalid value, takes the async path, which reports it). Rust validates
//! and builds the request and hands JS an object to send (`__prepare`); JS sends it with
//! the same `fetchOnce` helper as the async path. A success reply that `reply.js` can read
//! as `response::parse` would (most of them) ends the call in JS (`__release`); every other
//! reply comes back here (`__finish`), and Rust answers with the result, the error, a delay
//! before the same request is sent again, or the next request (an upsert's update). Every
//! decision is the async path's own (`Inner::call`, `after_attempt`, `conclude`), so
//! results, errors, redaction and retry counts are the same (tests/client/fastpath.test.mjs).
//!
//! Why: against a server on the same machine, the promise plumbing between
//! wasm-bindgen-futures and the fetch helper (a task, two closures and several microtask
//! hops per attempt) and the per-call building cost more than the rest of a request's own
//! work (BENCHMARKS.md, "Client"). So a request Rust built is also handed to JS as a
//! [`FastTemplate`] when it can be sent again: JS keeps the last few per client and sends
//! the same operation (same kind, same integration type or body JSON text, same timeout
//! option) to another project itself, its URL being `prefix + project id + suffix` for a
//! project id of 24 lowercase hex digits (what Rust accepts, and where the URL is exactly
//! that: checked when the template is made). A success reply JS can read then ends the call
//! without entering wasm at all (a bulk run's project: no crossing where there were seven,
//! no body text copied in); any other reply is handed back here with the call
//! ([`FastTemplate::adopt`]), as a call prepared here would be.
//!
//! A call in flight lives in a table here, not in the client: it (and a template) holds its
//! own `Rc` of the client's state, so a client freed (or collected) during a call still
//! finishes it, as on the async path. JS always ends what it prepared: the helper never
//! rejects.

use super::{
    answer_json, arg_from, call_timeout, is_api_error, list_op, remember_token, typed_op,
    validation_error, write_op_value, write_op_with, AtlasClient, AuthConfig, Call, Inner, Next,
};
use crate::operation::Operation;
use crate::request;
use crate::wasm::convert;
use crate::wasm::errors::{ErrorName, JsErr};
use crate::wasm::http::{self, Fixed, Reply};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// The kinds of call `__prepare` takes (the numbers fast.js passes).
const LIST: u32 = 0;
const GET: u32 = 1;
const CREATE: u32 = 2;
const UPDATE: u32 = 3;
const DELETE: u32 = 4;
const UPSERT: u32 = 5;

/// A request the fast path built, for the same operation to any project (see the module
/// documentation). JS holds it; wasm-bindgen frees it when JS lets go of it.
#[wasm_bindgen(js_name = __FastTemplate, skip_typescript)]
pub struct FastTemplate {
    inner: Rc<Inner>,
    /// The checked operation without its body: the URL for another project.
    shape: Operation,
    call: Rc<Call>,
    fixed: Fixed,
    timeout_ms: Option<u32>,
    /// An upsert's body, for its update.
    body: Option<Rc<Value>>,
}

/// Larger bodies make no template (wasm memory never shrinks; such bodies are rare).
const MAX_TEMPLATE_BODY: usize = 16 * 1024;

/// The URL of `shape` for any project id JS accepts, as `(prefix, suffix)`: `None` unless
/// the URL for each of two such ids is exactly `prefix + id + suffix`.
fn url_parts(shape: &Operation, inner: &Inner) -> Option<(String, String)> {
    const A: &str = "000000000000000000000000";
    const B: &str = "ffffffffffffffffffffffff";
    let target = &inner.config.target;
    let a = request::url(shape, A, target);
    let at = a.rfind(A)?;
    let (prefix, suffix) = (a.get(..at)?, a.get(at + A.len()..)?);
    (request::url(shape, B, target) == format!("{prefix}{B}{suffix}"))
        .then(|| (prefix.to_owned(), suffix.to_owned()))
}

#[wasm_bindgen(js_class = __FastTemplate)]
impl FastTemplate {
    /// The call this template's request makes for project `group_id` (which JS checked and
    /// sent it to), as a call in flight: the request to hand its reply to `__finish` with.
    pub fn adopt(&self, group_id: String) -> JsValue {
        let url = request::url(&self.shape, &group_id, &self.inner.config.target);
        let upsert = self.body.as_ref().map(|body| Upsert {
            group_id: Value::String(group_id),
            body: Rc::clone(body),
        });
        let call = in_flight(
            &self.inner,
            Rc::clone(&self.call),
            url,
            self.timeout_ms,
            upsert,
        );
        begin(call, &self.fixed)
    }
}

/// An upsert's update, sent if the create finds the type configured.
struct Upsert {
    group_id: Value,
    body: Rc<Value>,
}

/// One call between `__prepare` (or `adopt`) and its end (`__release`, or `__finish` with an
/// answer).
struct InFlight {
    inner: Rc<Inner>,
    /// The call (a template's: its request's URL is that of the first project it was built
    /// for).
    call: Rc<Call>,
    /// Where this call's request goes.
    url: String,
    /// Attempts made before the current one.
    attempt: u32,
    /// This call's timeout per attempt (`None`: none).
    timeout_ms: Option<u32>,
    upsert: Option<Upsert>,
}

thread_local! {
    /// Calls in flight, by id (a slot index; free slots are reused).
    static IN_FLIGHT: RefCell<Vec<Option<InFlight>>> = const { RefCell::new(Vec::new()) };
}

fn in_flight(
    inner: &Rc<Inner>,
    call: Rc<Call>,
    url: String,
    timeout_ms: Option<u32>,
    upsert: Option<Upsert>,
) -> InFlight {
    InFlight {
        inner: Rc::clone(inner),
        call,
        url,
        attempt: 0,
        timeout_ms,
        upsert,
    }
}

/// Stores a call and returns the request object for JS, tagged with the call's id.
fn begin(call: InFlight, fixed: &Fixed) -> JsValue {
    IN_FLIGHT.with(|table| {
        let mut table = table.borrow_mut();
        let index = match table.iter().position(Option::is_none) {
            Some(free) => free,
            None => {
                table.push(None);
                table.len() - 1
            }
        };
        // More calls in flight than u32 can count cannot exist (each holds memory).
        let id = u32::try_from(index).unwrap_or(u32::MAX);
        let request = fixed.request(id, &call.url, call.timeout_ms);
        if let Some(slot) = table.get_mut(index) {
            *slot = Some(call);
        }
        request
    })
}

fn put_back(id: u32, call: InFlight) {
    IN_FLIGHT.with(|table| {
        if let Some(slot) = table.borrow_mut().get_mut(id as usize) {
            *slot = Some(call);
        }
    });
}

fn take(id: u32) -> Option<InFlight> {
    IN_FLIGHT.with(|table| {
        table
            .borrow_mut()
            .get_mut(id as usize)
            .and_then(Option::take)
    })
}

impl Inner {
    /// The `Authorization` header of a fast-path client.
    fn fixed_authorization(&self) -> Option<String> {
        match &self.config.auth {
            AuthConfig::Token(t) => Some(format!("Bearer {t}")),
            _ => None,
        }
    }

    /// What JS sends for `call` besides the URL. The header lines cannot hold a line break
    /// here (the constructor refuses them in tokens and headers); should one ever, the call
    /// fails as `fetch` itself would fail it.
    fn fixed(&self, call: &mut Call) -> Result<Fixed, JsValue> {
        let authorization = self.fixed_authorization();
        remember_token(&mut call.secrets, authorization.as_deref());
        let out = self.outgoing(&call.req, authorization.as_deref());
        Fixed::new(&out).map_err(|f| {
            super::transport_error(f, call.req.method, &call.req.url, self.config.timeout_ms)
        })
    }
}

#[wasm_bindgen]
impl AtlasClient {
    /// Whether this client's calls may take the fast path (JS asks once per client).
    #[wasm_bindgen(js_name = __fast, skip_typescript)]
    pub fn fast_client(&self) -> bool {
        self.inner.fast
    }

    /// Fast path, step 1: the request for `list` (0), `get` (1), `create` (2), `update`
    /// (3), `delete` (4) or `upsert` (5), for JS to send, on a client whose `__fast` is
    /// true (else an `AtlasConfigError`, nothing read). For create, update and upsert, `arg` is what
    /// `JSON.stringify` returned for the body, or what it threw (`threw`): JS keys its
    /// templates by that text. `timeout_ms` is the call's valid `timeoutMs` option (JS
    /// checked it; `None`: the client's). When the request can be sent again to other
    /// projects, the answer is `{request, template, prefix, suffix}` instead. Throws what the
    /// async method rejects with for invalid arguments. Reads each argument once.
    #[wasm_bindgen(js_name = __prepare, skip_typescript)]
    pub fn fast_prepare(
        &self,
        kind: u32,
        group_id: JsValue,
        arg: JsValue,
        timeout_ms: Option<u32>,
        threw: bool,
    ) -> Result<JsValue, JsValue> {
        let inner = &self.inner;
        if !inner.fast || kind > UPSERT {
            return Err(JsErr::new(
                ErrorName::Config,
                "invalid_call",
                "This call cannot take the fast path.",
            )
            .into());
        }
        let timeout_ms = call_timeout(timeout_ms, inner.config.timeout_ms);
        let text = matches!(kind, CREATE | UPDATE | UPSERT).then(|| {
            convert::json_text_of(if threw {
                Err(arg.clone())
            } else {
                Ok(arg.clone().unchecked_into())
            })
        });
        // A template for a body small enough, or for an operation without one.
        let templatable = match &text {
            None => true,
            Some(Ok(Some(t))) => t.len() <= MAX_TEMPLATE_BODY,
            Some(_) => false,
        };
        let none = JsValue::UNDEFINED;
        let body = || {
            let text = text.unwrap_or(Ok(None));
            arg_from(text.and_then(|t| convert::json_parse(t.as_deref())), "body")
        };
        let op = match kind {
            LIST => list_op(&group_id, &none)?,
            GET => typed_op("get", &group_id, &arg, &none)?,
            DELETE => typed_op("delete", &group_id, &arg, &none)?,
            UPDATE => write_op_with("update", &group_id, body(), &none)?,
            _ => write_op_with("create", &group_id, body(), &none)?,
        };
        let (operation, req) = request::build_checked(&op, &inner.config.target)
            .map_err(|issues| validation_error(&issues))?;
        let mut call = inner.call(&op, req);
        let fixed = inner.fixed(&mut call)?;
        let upsert_body =
            (kind == UPSERT).then(|| Rc::new(op.get("body").cloned().unwrap_or(Value::Null)));
        let upsert = upsert_body.as_ref().map(|body| Upsert {
            group_id: op.get("groupId").cloned().unwrap_or(Value::Null),
            body: Rc::clone(body),
        });
        let url = call.req.url.clone();
        let call = Rc::new(call);
        let request = begin(
            in_flight(inner, Rc::clone(&call), url, timeout_ms, upsert),
            &fixed,
        );
        let shape = Operation {
            body: None,
            ..operation
        };
        let Some((prefix, suffix)) = templatable.then(|| url_parts(&shape, inner)).flatten() else {
            return Ok(request);
        };
        let template = FastTemplate {
            inner: Rc::clone(inner),
            shape,
            call,
            fixed,
            timeout_ms,
            body: upsert_body,
        };
        Ok(http::templated(&request, template.into(), &prefix, &suffix))
    }

    /// Fast path, the end of a call whose success reply JS read itself (`reply.js`).
    #[wasm_bindgen(js_name = __release, skip_typescript)]
    pub fn fast_release(id: u32) {
        take(id);
    }

    /// Fast path, step 2: the reply to the request of call `id`, sent with the caller's
    /// `signal` (if any; an attempt it cut short, or a wait it ended, comes as a reply
    /// without an answer). Returns the result as JSON text (`undefined` for a delete), a
    /// number of milliseconds to wait before sending the same request again, or the next
    /// request to send; throws the call's error.
    #[wasm_bindgen(js_name = __finish, skip_typescript)]
    pub fn fast_finish(
        id: u32,
        reply: JsValue,
        signal: Option<AbortSignal>,
    ) -> Result<JsValue, JsValue> {
        let Some(mut call) = take(id) else {
            return Err(JsErr::new(
                ErrorName::Config,
                "invalid_call",
                "This request is not in flight.",
            )
            .into());
        };
        let inner = Rc::clone(&call.inner);
        let outcome = http::read_reply(Some(reply.unchecked_ref::<Reply>()), signal.as_ref());
        let result = match inner.after_attempt(
            &call.call,
            &call.url,
            call.attempt,
            outcome,
            call.timeout_ms,
        ) {
            Next::Retry(ms) => {
                call.attempt += 1;
                put_back(id, call);
                return Ok(JsValue::from(ms));
            }
            Next::Done(result) => {
                result.and_then(|incoming| inner.conclude(&call.call, &call.url, &incoming))
            }
        };
        match result {
            Ok(answer) => {
                Ok(answer_json(&answer).map_or(JsValue::UNDEFINED, |t| JsValue::from_str(&t)))
            }
            Err(e) => match call.upsert.take() {
                // Only now is the update built: a bulk upsert mostly creates.
                Some(up) if is_api_error(&e, "INTEGRATION_ALREADY_CONFIGURED") => {
                    let op = write_op_value("update", up.group_id, (*up.body).clone(), json!({}));
                    let mut next = inner.prepare(&op)?;
                    let fixed = inner.fixed(&mut next)?;
                    let url = next.req.url.clone();
                    let next = in_flight(&inner, Rc::new(next), url, call.timeout_ms, None);
                    Ok(begin(next, &fixed))
                }
                _ => Err(e),
            },
        }
    }
}
