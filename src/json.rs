//! JSON objects built from key/value pairs, for the values this crate makes itself.
//!
//! Used instead of `serde_json::json!`, which passes every interpolated value through
//! `to_value(..).unwrap()`: a `Value` is deep-copied by serialising it, and the `unwrap`
//! keeps serde_json's `Debug` formatting of errors (with every I/O error message) in the
//! wasm module, about 4 KB for a panic that cannot happen.

use serde_json::{Map, Value};

use crate::catalogue::DefaultValue;

/// The object of `entries` (a later key would replace an earlier one; like every
/// `serde_json` object, it is sorted by key).
pub(crate) fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(map(entries))
}

/// [`object`] as a map, for an object that gets more keys afterwards (inserted into the
/// map rather than through `value[key] = …`, whose panic for a non-object brings its own
/// formatting into the module).
pub(crate) fn map<const N: usize>(entries: [(&str, Value); N]) -> Map<String, Value> {
    from_entries(&mut entries.into_iter())
}

/// [`map`]'s work, compiled once rather than once per number of entries.
fn from_entries(entries: &mut dyn Iterator<Item = (&str, Value)>) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, value) in entries {
        map.insert(key.to_owned(), value);
    }
    map
}

// Here rather than beside the type: build.rs compiles the catalogue without serde_json.
impl DefaultValue {
    /// The default as the JSON value the server stores.
    pub fn to_json(self) -> Value {
        match self {
            DefaultValue::Bool(b) => b.into(),
            DefaultValue::Str(s) => s.into(),
        }
    }
}
