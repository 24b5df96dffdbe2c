//! Arbitrary bytes, read as JSON text the way the wasm boundary reads every JS input, through
//! both validators for every flavour (with and without a path type). Besides not panicking:
//! `operation` is `Some` exactly when no issue is an error, and validation is deterministic.
#![no_main]
use atlas_integrations::catalogue::TYPES;
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::has_errors;
use atlas_integrations::validate;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let path_type = data
        .first()
        .map(|b| TYPES[usize::from(*b) % TYPES.len()].name);
    for flavour in Flavour::ALL {
        let a = validate::body(&value, None, flavour);
        let _ = validate::body(&value, path_type, flavour);
        let _ = validate::body(&value, Some(text), flavour);
        let checked = validate::operation(&value, flavour);
        assert_eq!(
            checked.operation.is_some(),
            !has_errors(&checked.issues),
            "operation built despite errors, or refused without one"
        );
        if let Some(body) = value.get("body") {
            let _ = validate::body(body, value.get("integrationType").and_then(Value::as_str), flavour);
        }
        let b = validate::body(&value, None, flavour);
        assert_eq!(a, b, "validation is not deterministic");
    }
});
