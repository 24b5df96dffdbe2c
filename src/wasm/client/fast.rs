//! The fast path: a call without per-call options on a client with a fixed token (or none)
//! is driven from JS (`pkg-template/js/extras.js`) in synchronous steps. Rust validates and
//! builds the request and hands JS an object to send (`__prepare`); JS sends it with the
//! same `fetchOnce` helper as the async path and gives the reply back (`__finish`), and
//! Rust answers with the result, the error, a delay before the same request is sent again,
//! or the next request (an upsert's update). Every decision is the async path's own
//! (`Inner::prepare`, `after_attempt`, `conclude`), so results, errors, redaction and retry
//! counts are the same.
//!
//! Why: against a server on the same machine, the promise plumbing between
//! wasm-bindgen-futures and the fetch helper (a task, two closures and several microtask
//! hops per attempt) cost more than the work itself (BENCHMARKS.md, "Client").
//!
//! A call in flight lives in a table here, not in the client: it holds its own `Rc` of the
//! client's state, so a client freed (or collected) during a call still finishes it, as on
//! the async path. JS always finishes what it prepared: the helper never rejects.

use super::{
    answer_json, is_api_error, list_op, remember_token, typed_op, write_op, AtlasClient,
    AuthConfig, Call, Inner, Next,
};
use crate::wasm::errors::{ErrorName, JsErr};
use crate::wasm::http::{self, Reply};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// One call between `__prepare` and its last `__finish`.
struct InFlight {
    inner: Rc<Inner>,
    call: Call,
    /// The `Authorization` header (fixed for the clients of the fast path).
    authorization: Option<String>,
    /// Attempts made before the current one.
    attempt: u32,
    /// An upsert's operation, to send as an update if the create finds the type configured.
    upsert: Option<Value>,
}

thread_local! {
    /// Calls in flight, by id (a slot index; free slots are reused).
    static IN_FLIGHT: RefCell<Vec<Option<InFlight>>> = const { RefCell::new(Vec::new()) };
}

fn store(call: InFlight) -> u32 {
    IN_FLIGHT.with(|table| {
        let mut table = table.borrow_mut();
        let index = match table.iter().position(Option::is_none) {
            Some(free) => free,
            None => {
                table.push(None);
                table.len() - 1
            }
        };
        if let Some(slot) = table.get_mut(index) {
            *slot = Some(call);
        }
        // More calls in flight than u32 can count cannot exist (each holds memory).
        u32::try_from(index).unwrap_or(u32::MAX)
    })
}

fn store_at(id: u32, call: InFlight) {
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

/// The kinds of call `__prepare` takes (the numbers extras.js passes).
const LIST: u32 = 0;
const GET: u32 = 1;
const CREATE: u32 = 2;
const UPDATE: u32 = 3;
const DELETE: u32 = 4;
const UPSERT: u32 = 5;

/// The request object for JS to send, for a call stored under `id`. The header lines
/// cannot hold a line break here (the constructor refuses them in tokens and headers);
/// should one ever, the attempt fails as `fetch` itself would fail it.
fn request_for(id: u32, call: &InFlight) -> Result<JsValue, JsValue> {
    let out = call
        .inner
        .outgoing(&call.call.req, call.authorization.as_deref());
    http::prepared(id, &out, call.inner.config.timeout_ms).map_err(|f| {
        super::transport_error(
            f,
            call.call.req.method,
            &call.call.req.url,
            call.inner.config.timeout_ms,
        )
    })
}

#[wasm_bindgen]
impl AtlasClient {
    /// Fast path, step 1: the request for `list` (0), `get` (1), `create` (2), `update`
    /// (3), `delete` (4) or `upsert` (5) without options, for JS to send; `undefined` when
    /// this client takes the async path (then nothing was read). Throws what the async
    /// method rejects with for invalid arguments.
    #[wasm_bindgen(js_name = __prepare, skip_typescript)]
    pub fn fast_prepare(
        &self,
        kind: u32,
        group_id: JsValue,
        arg: JsValue,
    ) -> Result<JsValue, JsValue> {
        let inner = &self.inner;
        if !inner.fast {
            return Ok(JsValue::UNDEFINED);
        }
        let authorization = match &inner.config.auth {
            AuthConfig::Token(t) => Some(format!("Bearer {t}")),
            _ => None,
        };
        let none = JsValue::UNDEFINED;
        let op = match kind {
            LIST => list_op(&group_id, &none)?,
            GET => typed_op("get", &group_id, &arg, &none)?,
            DELETE => typed_op("delete", &group_id, &arg, &none)?,
            CREATE | UPSERT => write_op("create", &group_id, &arg, &none)?,
            UPDATE => write_op("update", &group_id, &arg, &none)?,
            _ => return Ok(JsValue::UNDEFINED),
        };
        let mut call = inner.prepare(&op)?;
        remember_token(&mut call.secrets, authorization.as_deref());
        let in_flight = InFlight {
            inner: Rc::clone(inner),
            call,
            authorization,
            attempt: 0,
            upsert: (kind == UPSERT).then_some(op),
        };
        let id = store(in_flight);
        let request = IN_FLIGHT.with(|table| match table.borrow().get(id as usize) {
            Some(Some(call)) => request_for(id, call),
            _ => Ok(JsValue::UNDEFINED),
        });
        if request.is_err() {
            take(id);
        }
        request
    }

    /// Fast path, step 2: the reply to the request of call `id`. Returns the result as
    /// JSON text (`undefined` for a delete), a number of milliseconds to wait before
    /// sending the same request again, or the next request to send; throws the call's
    /// error.
    #[wasm_bindgen(js_name = __finish, skip_typescript)]
    pub fn fast_finish(id: u32, reply: JsValue) -> Result<JsValue, JsValue> {
        let Some(mut call) = take(id) else {
            return Err(JsErr::new(
                ErrorName::Config,
                "invalid_call",
                "This request is not in flight.",
            )
            .into());
        };
        let inner = Rc::clone(&call.inner);
        let outcome = http::read_reply(Some(reply.unchecked_ref::<Reply>()), None);
        let timeout_ms = inner.config.timeout_ms;
        let result = match inner.after_attempt(
            &call.call.req,
            call.call.kind,
            call.attempt,
            outcome,
            timeout_ms,
        ) {
            Next::Retry(ms) => {
                call.attempt += 1;
                store_at(id, call);
                return Ok(JsValue::from(ms));
            }
            Next::Done(result) => result.and_then(|incoming| inner.conclude(&call.call, &incoming)),
        };
        match result {
            Ok(answer) => {
                Ok(answer_json(&answer).map_or(JsValue::UNDEFINED, |t| JsValue::from_str(&t)))
            }
            Err(e) => match call.upsert.take() {
                // Only now is the update built: a bulk upsert mostly creates.
                Some(mut op) if is_api_error(&e, "INTEGRATION_ALREADY_CONFIGURED") => {
                    op["op"] = json!("update");
                    let mut next = inner.prepare(&op)?;
                    remember_token(&mut next.secrets, call.authorization.as_deref());
                    call.call = next;
                    call.attempt = 0;
                    let request = request_for(id, &call);
                    if request.is_ok() {
                        store_at(id, call);
                    }
                    request
                }
                _ => Err(e),
            },
        }
    }
}
