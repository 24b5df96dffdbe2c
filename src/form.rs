//! A form's string values as a typed integration body.
//!
//! An HTML form (or `FormData`) holds only strings: a checkbox is `"on"` or absent, a
//! cleared text box is `""`. The catalogue knows each field's kind, so it alone decides how
//! a string becomes JSON; a form library never restates the field list.

use crate::catalogue::{self, Kind};
use crate::flavour::FlavourSet;
use crate::json::map;
use serde_json::Value;

/// What a checkbox or a boolean `<select>` sends for "yes" and "no". Anything else is kept as
/// the string it is, so that validation reports it (`wrong_type`) instead of guessing.
fn boolean(text: &str) -> Option<bool> {
    match text {
        "on" | "true" | "1" | "yes" => Some(true),
        "off" | "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// The body for `integration_type` from a form's `(name, value)` entries, in order.
///
/// - `type` is always `integration_type` (an entry named `type` is ignored).
/// - An empty value leaves the field out: a required one is then reported as
///   `missing_field` by validation, an optional one keeps the server's default.
/// - A boolean field takes `on`/`true`/`1`/`yes` or `off`/`false`/`0`/`no`. A required one
///   the form leaves out is `false`: a browser sends nothing for an unchecked checkbox, so
///   without this a form could never say "no" (Prometheus `enabled`). An optional one left
///   out stays out, keeping the server's default.
/// - Every other value stays a string, unknown field names included: validation, not
///   coercion, says what is wrong with them.
/// - A name given twice keeps its last non-empty value, as a form post read into an
///   object would.
pub fn body_from_entries<'a>(
    integration_type: &str,
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Value {
    let def = catalogue::find(integration_type);
    let mut body = map([("type", Value::String(integration_type.to_owned()))]);
    for (name, text) in entries {
        if name == "type" || text.is_empty() {
            continue;
        }
        let kind = def.and_then(|d| d.field(name)).map(|f| f.kind);
        let value = match (kind, boolean(text)) {
            (Some(Kind::Boolean), Some(b)) => Value::Bool(b),
            _ => Value::String(text.to_owned()),
        };
        body.insert(name.to_owned(), value);
    }
    let booleans = def.into_iter().flat_map(|d| d.fields);
    for field in booleans.filter(|f| f.kind == Kind::Boolean && f.required != FlavourSet::NONE) {
        body.entry(field.name).or_insert(Value::Bool(false));
    }
    Value::Object(body)
}

/// The most entries [`entries_of`] reads: a form has tens of fields; this bounds a runaway
/// iterator or a huge object.
pub const MAX_ENTRIES: usize = 10_000;

/// A form's values, as `FormData`, `[name, value]` pairs or an object read as JSON, as the
/// `(name, text)` entries [`body_from_entries`] takes. A value a form library already typed
/// (a checkbox's `true`, a number input's `8`) becomes its text; one that is no form text
/// (a file, `null`, a nested object) is left out, as an empty input is.
pub fn entries_of(values: &Value) -> Vec<(String, String)> {
    let pair = |entry: &Value| match entry.as_array().map(Vec::as_slice) {
        Some([Value::String(name), value]) => Some((name.clone(), text_of(value)?)),
        _ => None,
    };
    match values {
        Value::Array(items) => items.iter().take(MAX_ENTRIES).filter_map(pair).collect(),
        Value::Object(map) => map
            .iter()
            .take(MAX_ENTRIES)
            .filter_map(|(name, value)| Some((name.clone(), text_of(value)?)))
            .collect(),
        _ => Vec::new(),
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flavour::Flavour;
    use serde_json::json;

    fn body(t: &str, entries: &[(&str, &str)]) -> Value {
        body_from_entries(t, entries.iter().copied())
    }

    #[test]
    fn checkboxes_become_booleans_and_text_stays_text() {
        let b = body(
            "DATADOG",
            &[
                ("apiKey", "0123456789abcdef0123456789abcdef"),
                ("region", "US"),
                ("sendCollectionLatencyMetrics", "on"),
                ("sendDatabaseMetrics", "false"),
            ],
        );
        assert_eq!(
            b,
            json!({"type": "DATADOG", "apiKey": "0123456789abcdef0123456789abcdef", "region": "US",
                   "sendCollectionLatencyMetrics": true, "sendDatabaseMetrics": false})
        );
    }

    #[test]
    fn an_unchecked_required_checkbox_is_false_and_an_optional_one_stays_out() {
        let entries = [
            ("username", "prom"),
            ("password", "pw"),
            ("serviceDiscovery", "http"),
        ];
        let b = body("PROMETHEUS", &entries);
        assert_eq!(b["enabled"], json!(false));
        assert!(b.get("sendUserProvidedResourceTagsEnabled").is_none());
        assert!(!crate::issue::has_errors(&crate::validate::body(
            &b,
            None,
            Flavour::AtlasV2
        )));
        let checked = body("PROMETHEUS", &[("enabled", "on"), ("username", "prom")]);
        assert_eq!(checked["enabled"], json!(true));
        let datadog = body("DATADOG", &[("apiKey", "0123456789abcdef0123456789abcdef")]);
        assert!(datadog.get("sendDatabaseMetrics").is_none());
    }

    #[test]
    fn empty_values_are_left_out_so_validation_reports_required_ones() {
        let b = body("PAGER_DUTY", &[("serviceKey", ""), ("region", "EU")]);
        assert_eq!(b, json!({"type": "PAGER_DUTY", "region": "EU"}));
        let issues = crate::validate::body(&b, None, Flavour::AtlasV2);
        assert!(issues
            .iter()
            .any(|i| i.path == "serviceKey" && i.code == crate::issue::IssueCode::MissingField));
    }

    #[test]
    fn odd_booleans_unknown_fields_and_type_entries_are_not_guessed() {
        let b = body(
            "WEBHOOK",
            &[
                ("type", "SLACK"),
                ("url", "https://example.com/x"),
                ("colour", "red"),
            ],
        );
        assert_eq!(
            b,
            json!({"type": "WEBHOOK", "url": "https://example.com/x", "colour": "red"})
        );
        let b = body("DATADOG", &[("sendDatabaseMetrics", "maybe")]);
        assert_eq!(b["sendDatabaseMetrics"], json!("maybe"));
    }

    #[test]
    fn the_last_non_empty_value_of_a_repeated_name_wins() {
        let b = body(
            "SLACK",
            &[
                ("channelName", "a"),
                ("channelName", "b"),
                ("channelName", ""),
            ],
        );
        assert_eq!(b["channelName"], json!("b"));
    }

    #[test]
    fn an_unknown_type_still_gives_a_body_that_validation_explains() {
        let b = body("NOPE", &[("x", "on")]);
        assert_eq!(b, json!({"type": "NOPE", "x": "on"}));
    }

    #[test]
    fn pairs_and_objects_give_the_same_entries_and_non_text_is_left_out() {
        let pairs = json!([
            ["region", "US"],
            ["sendDatabaseMetrics", true],
            ["file", {}],
            ["n", 8],
            [1, "x"],
            "junk",
            ["only-one"]
        ]);
        let object = json!({"region": "US", "sendDatabaseMetrics": true, "file": {}, "n": 8});
        let want = vec![
            ("region".to_owned(), "US".to_owned()),
            ("sendDatabaseMetrics".to_owned(), "true".to_owned()),
            ("n".to_owned(), "8".to_owned()),
        ];
        assert_eq!(entries_of(&pairs), want);
        let mut from_object = entries_of(&object);
        from_object.sort();
        let mut sorted = want.clone();
        sorted.sort();
        assert_eq!(from_object, sorted);
        assert!(entries_of(&json!("text")).is_empty());
        let many: Vec<Value> = (0..MAX_ENTRIES + 5)
            .map(|i| json!([format!("f{i}"), "x"]))
            .collect();
        assert_eq!(entries_of(&Value::Array(many)).len(), MAX_ENTRIES);
    }
}
