//! The exported functions called the way JavaScript calls them, in Node and in headless
//! Chromium: every kind of JS value in, never a trap out, and errors as real `Error`s.
#![cfg(target_arch = "wasm32")]

use atlas_integrations::wasm::{
    build_request, describe_types, json_schema, plan_changes, preview_curl, validate_bodies,
    validate_body, validate_operation, AtlasClient,
};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const KEY: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON parses")
}

fn obj(text: &str) -> Option<Object> {
    Some(json(text).unchecked_into())
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property readable")
}

/// `[code, code, ...]` of an issue array.
fn codes(issues: &JsValue) -> Vec<String> {
    Array::from(issues)
        .iter()
        .map(|i| get(&i, "code").as_string().unwrap_or_default())
        .collect()
}

fn error_name(e: &JsValue) -> String {
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "thrown value is an Error"
    );
    get(e, "name").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn valid_body_has_no_issues() {
    let body = json(&format!(r#"{{"type":"PAGER_DUTY","serviceKey":"{KEY}"}}"#));
    let issues = validate_body(body, None).expect("no throw");
    assert_eq!(Array::from(&issues).length(), 0);
}

#[wasm_bindgen_test]
fn every_problem_at_once_with_js_paths() {
    let body = json(r#"{"type":"PAGER_DUTY","serviceKey":"****7890","region":"MARS","extra":1}"#);
    let issues = validate_body(body, None).expect("no throw");
    let mut got = codes(&issues);
    got.sort();
    assert_eq!(got, ["invalid_enum", "masked_secret", "unknown_field"]);
    let first = Array::from(&issues).get(0);
    assert_eq!(
        get(&first, "severity").as_string().as_deref(),
        Some("error")
    );
    // The masked value itself is not repeated in any message.
    assert!(!JSON::stringify(&issues)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("****7890"));
}

#[wasm_bindgen_test]
fn non_objects_are_issues_not_traps() {
    let values: Vec<JsValue> = vec![
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from(42),
        JsValue::from_str("PAGER_DUTY"),
        JsValue::from(true),
        Array::new().into(),
        json("[1,2,3]"),
        JsValue::from(f64::NAN),
    ];
    for v in values {
        let issues = validate_body(v, None).expect("no throw");
        assert_eq!(codes(&issues), ["not_an_object"]);
        let op = validate_operation(JsValue::NULL, None).expect("no throw");
        assert!(codes(&op).contains(&"not_an_object".to_owned()));
    }
}

#[wasm_bindgen_test]
fn unserialisable_values_are_invalid_json() {
    // A cyclic object.
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    // A BigInt.
    let big = Object::new();
    Reflect::set(&big, &"n".into(), &js_sys::BigInt::from(7u64).into()).unwrap();
    // A getter that throws.
    let throwing: JsValue = js_sys::Function::new_no_args(
        "return Object.defineProperty({}, 'type', { enumerable: true, get() { throw new Error('no'); } });",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap();
    for v in [cyclic.into(), big.into(), throwing] {
        let issues = validate_body(v, None).expect("no throw");
        assert_eq!(codes(&issues), ["invalid_json"]);
    }
}

#[wasm_bindgen_test]
fn deep_nesting_is_refused_without_a_trap() {
    let mut text = String::new();
    for _ in 0..10_000 {
        text.push_str("{\"a\":");
    }
    text.push('1');
    for _ in 0..10_000 {
        text.push('}');
    }
    let deep = json(&text);
    let issues = validate_body(deep, None).expect("no throw");
    assert_eq!(codes(&issues), ["invalid_json"]);
    // The instance still works afterwards.
    let body = json(&format!(r#"{{"type":"PAGER_DUTY","serviceKey":"{KEY}"}}"#));
    assert_eq!(Array::from(&validate_body(body, None).unwrap()).length(), 0);
}

#[wasm_bindgen_test]
fn flavour_option_is_checked() {
    let slack_cm = json(r#"{"type":"DATADOG","apiKey":"0f1e2d3c4b5a69788796a5b4c3d2e1f0"}"#);
    let issues = validate_body(slack_cm, obj(r#"{"flavour":"cloudManager"}"#)).unwrap();
    assert_eq!(codes(&issues), ["unsupported_type"]);
    let e = validate_body(JsValue::NULL, obj(r#"{"flavour":"atlas"}"#)).unwrap_err();
    assert_eq!(error_name(&e), "AtlasConfigError");
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("invalid_flavour")
    );
}

#[wasm_bindgen_test]
fn build_request_shapes_and_errors() {
    let op = json(&format!(
        r#"{{"op":"create","groupId":"{GROUP}","body":{{"type":"PAGER_DUTY","serviceKey":"{KEY}"}},"query":{{"itemsPerPage":5}}}}"#
    ));
    let req = build_request(op, None).expect("builds");
    assert_eq!(get(&req, "method").as_string().as_deref(), Some("POST"));
    assert_eq!(
        get(&req, "url").as_string().unwrap(),
        format!("https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/integrations/PAGER_DUTY?itemsPerPage=5")
    );
    let headers = get(&req, "headers");
    assert_eq!(
        get(&headers, "Accept").as_string().as_deref(),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    assert!(get(&req, "body").as_string().unwrap().contains(KEY));

    let bad = json(r#"{"op":"get","groupId":"../../x","integrationType":"PAGER_DUTY"}"#);
    let e = build_request(bad, None).unwrap_err();
    assert_eq!(error_name(&e), "AtlasValidationError");
    assert_eq!(codes(&get(&e, "issues")), ["invalid_format"]);

    let list = json(&format!(r#"{{"op":"list","groupId":"{GROUP}"}}"#));
    let e = build_request(list, obj(r#"{"baseUrl":"http://atlas.example.com"}"#)).unwrap_err();
    assert_eq!(error_name(&e), "AtlasConfigError");
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("insecure_base_url")
    );
}

#[wasm_bindgen_test]
fn previews_never_show_secrets() {
    let op = json(&format!(
        r#"{{"op":"create","groupId":"{GROUP}","body":{{"type":"PAGER_DUTY","serviceKey":"{KEY}"}}}}"#
    ));
    let curl = preview_curl(op, obj(r#"{"auth":"digest","publicKey":"pub"}"#)).unwrap();
    assert!(curl.starts_with("curl"));
    assert!(!curl.contains(KEY));
    assert!(curl.contains("pub:<redacted>") || curl.contains("pub"));
}

#[wasm_bindgen_test]
fn metadata_and_schemas() {
    let all = describe_types(JsValue::UNDEFINED).unwrap();
    let types = Array::from(&get(&all, "types"));
    assert_eq!(types.length(), 11);
    let cm = describe_types("cloudManager".into()).unwrap();
    let names: Vec<String> = Array::from(&get(&cm, "types"))
        .iter()
        .map(|t| get(&t, "name").as_string().unwrap())
        .collect();
    assert!(!names.contains(&"DATADOG".to_owned()));
    assert!(describe_types("nope".into()).is_err());
    // Non-strings are refused with a config error, never trusted by the glue.
    for bad in [
        JsValue::from(3),
        JsValue::from(f64::NAN),
        Object::new().into(),
    ] {
        assert_eq!(
            error_name(&describe_types(bad.clone()).unwrap_err()),
            "AtlasConfigError"
        );
        assert_eq!(
            error_name(&json_schema(bad, JsValue::UNDEFINED).unwrap_err()),
            "AtlasConfigError"
        );
    }
    let schema = json_schema("PAGER_DUTY".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&schema, "type").as_string().as_deref(), Some("object"));
    assert!(json_schema("NOPE".into(), JsValue::UNDEFINED)
        .unwrap()
        .is_undefined());
}

#[wasm_bindgen_test]
fn plans_treat_masked_secrets_as_unknown() {
    let desired = json(&format!(r#"{{"type":"PAGER_DUTY","serviceKey":"{KEY}"}}"#));
    let current =
        json(r#"{"type":"PAGER_DUTY","serviceKey":"****************************8f90","id":"x"}"#);
    let plan = plan_changes(desired, current, None).unwrap();
    assert_eq!(get(&plan, "action").as_string().as_deref(), Some("none"));
    let masked = json(r#"{"type":"PAGER_DUTY","serviceKey":"****8f90"}"#);
    let e = plan_changes(masked, JsValue::NULL, None).unwrap_err();
    assert_eq!(error_name(&e), "AtlasValidationError");
}

#[wasm_bindgen_test]
fn client_options_are_checked_at_construction() {
    let ok = AtlasClient::new(obj(r#"{"token":"t0k","flavour":"atlasV1"}"#)).expect("builds");
    assert_eq!(ok.flavour(), "atlasV1");
    assert_eq!(ok.base_url(), "https://cloud.mongodb.com");
    for bad in [
        r#"{"flavour":"opsManager"}"#,
        r#"{"token":"has space"}"#,
        r#"{"token":"a","digest":{"publicKey":"p","privateKey":"k"}}"#,
        r#"{"timeoutMs":-1}"#,
        r#"{"retries":{"max":99}}"#,
        r#"{"headers":{"Authorization":"Bearer x"}}"#,
        r#"{"baseUrl":"ftp://example.com"}"#,
        r#"{"baseUrl":42}"#,
        r#"{"retries":{"max":1.5}}"#,
        r#"{"retries":{"later":1}}"#,
    ] {
        let e = AtlasClient::new(obj(bad)).err().expect(bad);
        assert_eq!(error_name(&e), "AtlasConfigError", "{bad}");
        // The message never repeats a credential.
        let text = JSON::stringify(&e).unwrap().as_string().unwrap();
        assert!(
            !text.contains("has space") && !text.contains("Bearer x"),
            "{bad}"
        );
    }
}

#[wasm_bindgen_test]
fn headers_that_json_would_drop_are_refused_not_lost() {
    let with_header = |value: &JsValue| {
        let headers = Object::new();
        Reflect::set(&headers, &"X-Trace".into(), value).unwrap();
        let options = obj(r#"{"token":"t0k"}"#).unwrap();
        Reflect::set(&options, &"headers".into(), &headers).unwrap();
        AtlasClient::new(Some(options))
    };
    for value in [
        js_sys::Symbol::for_("trace").into(),
        js_sys::Function::new_no_args("return 'x'").into(),
    ] {
        let e = with_header(&value).err().expect("refused");
        assert_eq!(error_name(&e), "AtlasConfigError");
        let message = Reflect::get(&e, &"message".into())
            .unwrap()
            .as_string()
            .unwrap();
        assert!(message.contains("X-Trace"), "{message}");
    }
    // `undefined` means "not set", as for every other option.
    assert!(with_header(&JsValue::UNDEFINED).is_ok());
    // A Map (or a Headers) is `{}` to JSON: refused with the way out.
    let map = js_sys::Map::new();
    map.set(&"X-Trace".into(), &"x".into());
    let options = obj(r#"{"token":"t0k"}"#).unwrap();
    Reflect::set(&options, &"headers".into(), &map).unwrap();
    let e = AtlasClient::new(Some(options)).err().expect("refused");
    let message = Reflect::get(&e, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("Object.fromEntries"), "{message}");
}

#[wasm_bindgen_test]
fn batch_validation_keeps_each_bodys_issues_in_place() {
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let bodies = Array::new();
    bodies.push(&json(&format!(
        r#"{{"type":"PAGER_DUTY","serviceKey":"{KEY}"}}"#
    )));
    bodies.push(&JsValue::NULL);
    bodies.push(&cyclic);
    bodies.push(&json(r#"{"type":"OPS_GENIE"}"#));
    let all = Array::from(&validate_bodies(bodies.into(), None).expect("no throw"));
    assert_eq!(all.length(), 4);
    assert!(codes(&all.get(0)).is_empty());
    assert_eq!(codes(&all.get(1)), ["not_an_object"]);
    assert_eq!(codes(&all.get(2)), ["invalid_json"]);
    assert_eq!(codes(&all.get(3)), ["missing_field"]);
    let e = validate_bodies(JsValue::from(3), None).unwrap_err();
    assert_eq!(error_name(&e), "AtlasConfigError");
}
