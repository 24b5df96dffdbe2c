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

/// Why serde_json refused a text that `JSON.stringify` wrote, which is JSON in every other
/// respect: a string holding half of a surrogate pair (JavaScript strings may; JSON text
/// cannot, and `JSON.stringify` writes it as a `\ud800`-style escape), or nesting deeper than
/// serde_json's limit of 128. Named for people, since serde_json's own message would bring
/// its formatting into the module. Only called on that error path, by the wasm boundary.
#[cfg(any(test, target_arch = "wasm32"))]
pub(crate) fn why_refused(text: &str) -> &'static str {
    const MAX_DEPTH: usize = 128;
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut in_string, mut i) = (0usize, 0usize, false, 0usize);
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (true, b'\\') => {
                // `\ud800`-`\udfff`: a whole pair would have been written as its character.
                let escape = bytes.get(i + 1..i + 4);
                if matches!(
                    escape,
                    Some([b'u', b'd' | b'D', b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'])
                ) {
                    return "it holds half of a UTF-16 surrogate pair, which JSON cannot carry";
                }
                i += 1;
            }
            (true, b'"') => in_string = false,
            (false, b'"') => in_string = true,
            (false, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    if deepest > MAX_DEPTH {
        "it is nested more than 128 levels deep"
    } else {
        "syntax error"
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn why_refused_names_a_lone_surrogate_or_deep_nesting() {
        let lone = r#"{"url":"https://x/\ud800"}"#;
        assert!(serde_json::from_str::<Value>(lone).is_err());
        assert!(why_refused(lone).contains("surrogate"));
        let deep = format!("{}1{}", "[".repeat(129), "]".repeat(129));
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        assert_eq!(why_refused(&deep), "it is nested more than 128 levels deep");
        // Brackets and escapes inside strings count for nothing.
        let quoted = format!(r#"{{"a":"{}\\ud800"}}"#, "[".repeat(200));
        assert_eq!(why_refused(&quoted), "syntax error");
        assert_eq!(why_refused("{,}"), "syntax error");
    }
}
