//! Refusing an options argument that is not an object, or that holds a key its function
//! does not read: a misspelt key (`flavor`, `baseURL`) would otherwise keep a default in
//! silence, and a string given where the options go (`validateBody(body, "opsManager")`)
//! would be no options at all. One check, and one message, for every function.

use super::convert::prop;
use super::errors;
use wasm_bindgen::prelude::*;

/// An `AtlasConfigError` (`invalid_option`) for the first own key of `options` not in
/// `known`, naming the closest known key (or, with none close, every one). `what` names
/// the options in the message: `"client option"`, `"option of list()"`.
pub(crate) fn unknown_key(options: &JsValue, what: &str, known: &[&str]) -> Result<(), JsValue> {
    // A Proxy whose `ownKeys` trap throws has no readable keys: nothing to refuse.
    let keys = js_sys::Reflect::own_keys(options).unwrap_or_default();
    match keys
        .iter()
        .filter_map(|k| k.as_string())
        .find(|k| !known.contains(&k.as_str()))
    {
        Some(key) => Err(errors::config(
            "invalid_option",
            &crate::suggest::unknown_key(what, &key, known),
        )),
        None => Ok(()),
    }
}

/// The options of the stand-alone function `function` (`"validateBody"`): `undefined` and
/// `null` are none; anything but an object, or an object with a key outside `known`, is
/// refused with an `AtlasConfigError` (`invalid_option`).
pub(crate) fn check(options: &JsValue, function: &str, known: &[&str]) -> Result<(), JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    if !options.is_object() {
        // Pushed rather than formatted key by key: the message is the same, the code smaller.
        let mut keys = String::new();
        for key in known {
            if !keys.is_empty() {
                keys.push_str(", ");
            }
            keys.push_str(key);
            keys.push('?');
        }
        return Err(errors::config(
            "invalid_option",
            &format!("The options of {function}() must be an object ({{ {keys} }})."),
        ));
    }
    unknown_key(options, &format!("option of {function}()"), known)
}

/// A string option: `None` when absent (`undefined`, `null`), an `AtlasConfigError`
/// (`invalid_option`) for anything but a string.
pub(crate) fn string(options: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let raw = prop(options, key);
    if raw.is_undefined() || raw.is_null() {
        return Ok(None);
    }
    raw.as_string()
        .map(Some)
        .ok_or_else(|| errors::config("invalid_option", &format!("{key} must be a string.")))
}
