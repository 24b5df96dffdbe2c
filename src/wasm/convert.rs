//! Converting values across the boundary without ever trusting them.
//!
//! Input goes through `JSON.stringify` inside a `catch`: cyclic objects, BigInts, getters
//! and proxy traps that throw all come back as an error value instead of a trap, and the
//! Rust side then parses plain JSON text (serde_json has a recursion limit). That one
//! crossing is also cheaper than walking a JS object property by property.

use js_sys::{Reflect, JSON};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Why a JS value could not be read as JSON. The text never contains the value itself.
pub(crate) struct NotJson(pub(crate) String);

/// The largest JSON text copied into wasm memory, in UTF-16 units. The API refuses bodies
/// over 1 MiB anyway; without a cap, one huge value would grow the module's memory for
/// good (wasm memory never shrinks).
const MAX_INPUT: u32 = 4 * 1024 * 1024;

/// JS value → JSON. `undefined` (and functions, symbols) become `null`.
pub(crate) fn json_from_js(value: &JsValue) -> Result<Value, NotJson> {
    json_text(value).and_then(|text| json_parse(text.as_deref()))
}

/// The first half of [`json_from_js`]: the value's JSON text, read once (`None` where JSON
/// has no text for it: `undefined`, functions, symbols).
pub(crate) fn json_text(value: &JsValue) -> Result<Option<String>, NotJson> {
    if value.is_undefined() {
        return Ok(None);
    }
    json_text_of(JSON::stringify(value))
}

/// [`json_text`] from what `JSON.stringify` returned (`Ok`) or threw (`Err`) for the value:
/// the checks (a throw, no text, the size cap) apart from the call, for a caller that
/// stringified the value itself.
pub(crate) fn json_text_of(
    stringified: Result<js_sys::JsString, JsValue>,
) -> Result<Option<String>, NotJson> {
    let text = match stringified {
        Ok(s) => s,
        Err(e) => {
            return Err(NotJson(format!(
                "The value cannot be converted to JSON ({}).",
                error_name(&e)
            )))
        }
    };
    if !text.is_string() {
        return Ok(None);
    }
    if text.length() > MAX_INPUT {
        return Err(NotJson(
            "The value is too large (over 4 MB as JSON).".to_owned(),
        ));
    }
    Ok(Some(text.as_string().unwrap_or_default()))
}

/// The second half of [`json_from_js`]: the JSON of a text from [`json_text`].
pub(crate) fn json_parse(text: Option<&str>) -> Result<Value, NotJson> {
    let Some(text) = text else {
        return Ok(Value::Null);
    };
    serde_json::from_str(text).map_err(|e| {
        let why = match e.classify() {
            serde_json::error::Category::Syntax => crate::json::why_refused(text),
            _ => e.classify_name(),
        };
        NotJson(format!("The value cannot be read as JSON ({why})."))
    })
}

/// The elements of a JS array-like, read through catching property reads only (a revoked
/// or throwing Proxy must not unwind through wasm). `None` unless it has a whole-number
/// `length` of at most `max`.
pub(crate) fn elements(value: &JsValue, max: u32) -> Option<Vec<JsValue>> {
    let len = prop(value, "length")
        .as_f64()
        .and_then(|n| crate::range::WholeRange::new(0, max).check(n))?;
    Some(
        (0..len)
            .map(|i| Reflect::get(value, &JsValue::from(i)).unwrap_or(JsValue::UNDEFINED))
            .collect(),
    )
}

/// Our own data (issues, the catalogue, JSON Schemas) → plain JS data, built by
/// serde-wasm-bindgen as JSON would shape it (maps as objects, `None` as `null`). Measured
/// faster than [`js_from`]'s JSON text for these (bench/validation.mjs, BENCHMARKS.md); only
/// for values whose keys are all ours: it assigns keys, so a caller's `__proto__` key would
/// set a prototype.
pub(crate) fn js_data<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // Our own types always serialise; if that ever changed, `null` is safer than a trap.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// Rust value → plain JS data (objects, arrays, numbers, strings, booleans, null), for values
/// that hold a caller's keys (plans, requests, pages, form bodies).
///
/// Serialised to JSON text here and parsed with one `JSON.parse` in JS: one crossing
/// instead of one per key and value, and `JSON.parse` defines `__proto__` keys as own
/// properties rather than assigning them.
pub(crate) fn js_from<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // Our own types always serialise to valid JSON; if that ever changed, `null` is safer
    // than a trap.
    serde_json::to_string(value)
        .ok()
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// An optional options argument as a plain JS value (`undefined` when left out), read
/// afterwards only through [`prop`].
pub(crate) fn options(options: Option<js_sys::Object>) -> JsValue {
    options.map(Into::into).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[key]`, treating a throwing getter or proxy trap, or a non-object, as "absent".
pub(crate) fn prop(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The `name` of a thrown JS value, for messages (never its message: it may hold data).
pub(crate) fn error_name(e: &JsValue) -> String {
    prop(e, "name")
        .as_string()
        .filter(|n| !n.is_empty() && n.len() < 64)
        .unwrap_or_else(|| "unknown error".to_string())
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "data error",
            serde_json::error::Category::Eof => "unexpected end",
        }
    }
}
