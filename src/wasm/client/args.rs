//! Reading a client method's arguments: the per-call options (`signal`, `timeoutMs`), the
//! query parameters, and the operation object the core validates and builds.

use super::super::config::{function, millis};
use super::super::convert::{self, json_from_js, prop};
use super::super::{errors, js, validation_error};
use crate::issue::{Issue, IssueCode};
use crate::json::object;
use crate::operation::OpKind;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// Per-call options: `{ signal?, timeoutMs?, onRateLimit? }`.
pub(super) struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u32>,
    /// Called with `{waitMs, method, url}` before each wait of this call for the rate limit
    /// (besides the client's own `onRateLimit`).
    pub on_rate_limit: JsValue,
    /// Made when the call started, for its stack (by the method's JS wrapper, before wasm
    /// was entered: `js::call_origin`): see [`super::failure::finish`].
    pub origin: js_sys::Error,
}

/// The keys every method's options may have.
const COMMON: &[&str] = &["signal", "timeoutMs", "onRateLimit"];

/// The options of each method besides [`COMMON`]: its query parameters, and `force` for
/// `apply`. A key outside them is a typo (a misspelt `signal` would leave the call
/// unabortable), refused as `invalid_option` with the closest known key.
pub(super) mod known {
    pub const LIST: &[&str] = super::PAGED;
    pub const SINGLE: &[&str] = super::SINGLE;
    pub const PLAN: &[&str] = &[];
    pub const APPLY: &[&str] = &["force"];
    /// `listAll` (`pkg-template/js/bulk.js`), besides the common keys.
    pub const LIST_ALL: &[&str] = &["itemsPerPage", "maxPages"];
    /// `applyToProjects` (`pkg-template/js/bulk.js`), besides the common keys.
    pub const APPLY_TO_PROJECTS: &[&str] = &[
        "concurrency",
        "maxRateLimitWaits",
        "onProgress",
        "mode",
        "dryRun",
        "force",
    ];
}

/// The options every method reads, checked (`timeout_ms` as given: `None` when absent).
pub(super) struct Common {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u32>,
    pub on_rate_limit: JsValue,
}

/// Checks a method's options object (`undefined` and `null` are none): an `AtlasConfigError`
/// for anything but an object, for its first own key that `method` does not read (neither
/// [`COMMON`] nor `extra`), and for a bad common option.
pub(super) fn common(options: &JsValue, method: &str, extra: &[&str]) -> Result<Common, JsValue> {
    let known: Vec<&str> = COMMON.iter().chain(extra).copied().collect();
    super::super::options::check(options, method, &known)?;
    Ok(Common {
        signal: signal_of(options)?,
        timeout_ms: millis(&prop(options, "timeoutMs"), "timeoutMs")?,
        on_rate_limit: function(options, "onRateLimit")?,
    })
}

/// The `signal` option: `None` when absent, else it must be an `AbortSignal`.
fn signal_of(options: &JsValue) -> Result<Option<AbortSignal>, JsValue> {
    let signal = prop(options, "signal");
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    signal
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| errors::config("invalid_option", "signal must be an AbortSignal."))
}

impl CallOptions {
    /// The call's error as the caller gets it (see [`super::failure::finish`]).
    pub fn finish(&self, err: JsValue) -> JsValue {
        super::failure::finish(err, self.signal.as_ref(), &self.origin)
    }

    /// `null` and `undefined` mean no options; `extra` are the keys of the method's
    /// options besides the common ones (see [`known`]).
    pub fn from_js(
        options: &JsValue,
        default_timeout: Option<u32>,
        method: &str,
        extra: &[&str],
    ) -> Result<CallOptions, JsValue> {
        let origin = js::call_origin();
        if options.is_undefined() || options.is_null() {
            return Ok(CallOptions {
                signal: None,
                timeout_ms: default_timeout,
                on_rate_limit: JsValue::UNDEFINED,
                origin,
            });
        }
        let Common {
            signal,
            timeout_ms,
            on_rate_limit,
        } = common(options, method, extra)?;
        let timeout_ms = match timeout_ms {
            None => default_timeout,
            Some(0) => None,
            Some(ms) => Some(ms),
        };
        Ok(CallOptions {
            signal,
            timeout_ms,
            on_rate_limit,
            origin,
        })
    }
}

/// The query parameters among a call's options, as the operation's `query` object.
fn query_of(options: &JsValue, keys: &[&str]) -> Result<Value, JsValue> {
    let mut query = Map::new();
    // No options object: nothing to read (and no crossing per key).
    if options.is_undefined() || options.is_null() {
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

fn not_json(path: &str, message: String) -> Issue {
    Issue::new(path, IssueCode::InvalidJson, message)
}

/// The query parameters a call's options may carry; the core says which ones the operation
/// accepts in the client's flavour (`backupJobsEnabledOnly`: Cloud and Ops Manager only).
const PAGED: &[&str] = &[
    "pageNum",
    "itemsPerPage",
    "includeCount",
    "pretty",
    "envelope",
    "backupJobsEnabledOnly",
];
const SINGLE: &[&str] = &["pretty", "envelope", "backupJobsEnabledOnly"];

/// The JSON of a JS argument, or an `AtlasValidationError` naming it.
pub(super) fn arg(value: &JsValue, path: &str) -> Result<Value, JsValue> {
    json_from_js(value).map_err(|e: convert::NotJson| validation_error(&[not_json(path, e.0)]))
}

/// Like [`arg`] for a project id or an integration type, which are short strings in every
/// real call: one crossing instead of a `JSON.stringify` and a parse (same result).
pub(super) fn id_arg(value: &JsValue, path: &str) -> Result<Value, JsValue> {
    match js::short_string(value, 1024) {
        Some(s) => Ok(Value::String(s)),
        None => arg(value, path),
    }
}

/// `{op: "list", groupId, query}`.
pub(super) fn list_op(group_id: &JsValue, options: &JsValue) -> Result<Value, JsValue> {
    Ok(object([
        ("op", "list".into()),
        ("groupId", id_arg(group_id, "groupId")?),
        ("query", query_of(options, PAGED)?),
    ]))
}

/// `{op, groupId, integrationType, query}` for get and delete.
pub(super) fn typed_op(
    kind: OpKind,
    group_id: &JsValue,
    integration_type: &JsValue,
    options: &JsValue,
) -> Result<Value, JsValue> {
    Ok(object([
        ("op", kind.id().into()),
        ("groupId", id_arg(group_id, "groupId")?),
        (
            "integrationType",
            id_arg(integration_type, "integrationType")?,
        ),
        ("query", query_of(options, SINGLE)?),
    ]))
}

/// `{op, groupId, integrationType: body.type, body, query}` for create and update.
pub(super) fn write_op(
    kind: OpKind,
    group_id: &JsValue,
    body: &JsValue,
    options: &JsValue,
) -> Result<Value, JsValue> {
    let body = arg(body, "body")?;
    let group_id = id_arg(group_id, "groupId")?;
    Ok(write_op_value(
        kind,
        group_id,
        body,
        query_of(options, PAGED)?,
    ))
}

/// [`write_op`] for values already read.
pub(super) fn write_op_value(kind: OpKind, group_id: Value, body: Value, query: Value) -> Value {
    object([
        ("op", kind.id().into()),
        ("groupId", group_id),
        ("integrationType", body_type(&body)),
        ("body", body),
        ("query", query),
    ])
}

/// The `integrationType` of a body, for create and update paths.
pub(super) fn body_type(body: &Value) -> Value {
    body.get("type").cloned().unwrap_or(Value::Null)
}
