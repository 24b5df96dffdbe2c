//! Property tests: whatever JSON arrives, the validators never panic, always give the same
//! answer for the same input, build an operation exactly when there is no error, and never
//! echo a secret in a message.
#![cfg(not(target_arch = "wasm32"))]

use atlas_integrations::catalogue::{self, TYPES};
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::{has_errors, Issue};
use atlas_integrations::operation::OpKind;
use atlas_integrations::validate;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Keys worth hitting: every field name, the implicit ones, and operation keys.
fn known_keys() -> Vec<String> {
    let mut keys: Vec<String> = TYPES
        .iter()
        .flat_map(|t| t.fields.iter().map(|f| f.name.to_string()))
        .collect();
    for k in [
        "type",
        "id",
        "op",
        "groupId",
        "integrationType",
        "body",
        "query",
        "pageNum",
        "itemsPerPage",
        "includeCount",
        "pretty",
        "envelope",
        "backupJobsEnabledOnly",
    ] {
        keys.push(k.to_string());
    }
    keys
}

/// Strings that stress the checks: unicode, controls, masks, placeholders, type names.
fn odd_string() -> impl Strategy<Value = String> {
    let mut specials: Vec<String> = TYPES.iter().map(|t| t.name.to_string()).collect();
    specials.extend(
        [
            "",
            "list",
            "get",
            "create",
            "update",
            "delete",
            "32b6e34b3d91647abb20e7b8",
            "****",
            "******7890",
            "https://webhook.com/****",
            "https://example.com/x",
            "${",
            "${a}",
            "{\"a\": ${b}}",
            "[::1]:9216",
            "0.0.0.0:9216",
            "C:\\x",
            "/etc/x",
            "é€𝄞",
            "\u{0}\u{7f}\u{202e}",
        ]
        .map(String::from),
    );
    prop_oneof![
        proptest::sample::select(specials),
        any::<String>(),
        "[ -~]{0,40}",
        "[*]{0,8}[a-zA-Z0-9]{0,6}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![proptest::sample::select(known_keys()), odd_string()]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![Just(1e300), Just(-0.0), Just(0.5), Just(500.0), Just(501.0)]
            .prop_map(Value::from),
        odd_string().prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A body of a real type whose fields get arbitrary values, so the field checks run.
fn body_like() -> impl Strategy<Value = Value> {
    let types: Vec<&'static str> = TYPES.iter().map(|t| t.name).collect();
    (
        proptest::sample::select(types),
        proptest::collection::btree_map(key(), json_value(), 0..10),
    )
        .prop_map(|(name, fields)| {
            let mut map: Map<String, Value> = fields.into_iter().collect();
            map.insert("type".into(), json!(name));
            Value::Object(map)
        })
}

fn operation_like() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(vec!["list", "get", "create", "update", "delete", "x"]),
        prop_oneof![Just(json!("32b6e34b3d91647abb20e7b8")), json_value()],
        prop_oneof![
            Just(Value::Null),
            proptest::sample::select(TYPES.iter().map(|t| json!(t.name)).collect::<Vec<_>>()),
            json_value()
        ],
        prop_oneof![Just(Value::Null), body_like(), json_value()],
        prop_oneof![Just(Value::Null), json_value()],
    )
        .prop_map(|(op, group, ty, body, query)| {
            json!({"op": op, "groupId": group, "integrationType": ty, "body": body, "query": query})
        })
}

fn flavour() -> impl Strategy<Value = Flavour> {
    proptest::sample::select(Flavour::ALL.to_vec())
}

fn path_type() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(odd_string())
}

fn check_operation(value: &Value, flavour: Flavour) -> Vec<Issue> {
    let first = validate::operation(value, flavour);
    let again = validate::operation(value, flavour);
    assert_eq!(first.issues, again.issues, "deterministic");
    assert_eq!(first.operation.is_some(), !has_errors(&first.issues));
    if let Some(op) = &first.operation {
        let id = op.group_id();
        assert!(id.len() == 24 && id.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
        if let Some(def) = op.integration_type() {
            // Only get and delete reach a type the flavour no longer accepts.
            assert!(def.supports(flavour) || matches!(op.kind(), OpKind::Get | OpKind::Delete));
            assert!(def.name.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        }
        assert_eq!(op.body().is_some(), op.kind().has_body());
    }
    first.issues
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn body_never_panics_and_is_deterministic(
        value in prop_oneof![json_value(), body_like()],
        path in path_type(),
        flavour in flavour(),
    ) {
        let first = validate::body(&value, path.as_deref(), flavour);
        let again = validate::body(&value, path.as_deref(), flavour);
        prop_assert_eq!(&first, &again);
        if !value.is_object() {
            prop_assert_eq!(first.len(), 1);
        }
    }

    #[test]
    fn operation_never_panics_and_is_deterministic(
        value in prop_oneof![json_value(), operation_like()],
        flavour in flavour(),
    ) {
        check_operation(&value, flavour);
    }

    /// Masked or real, a secret's value (or its visible tail) never reaches a message.
    #[test]
    fn secrets_never_echoed(
        type_index in 0..TYPES.len(),
        stars in 0usize..40,
        tail in "[QXZ#@%]{4}",
        extra in "[QXZ#@%0-9]{0,30}",
        flavour in flavour(),
    ) {
        let def = &TYPES[type_index];
        let mut body = Map::new();
        body.insert("type".into(), json!(def.name));
        for field in def.fields.iter().filter(|f| f.secret.is_some()) {
            let value = format!("{}{extra}{tail}", "*".repeat(stars));
            body.insert(field.name.into(), json!(value));
        }
        let body = Value::Object(body);
        let request = json!({"op": "update", "groupId": "32b6e34b3d91647abb20e7b8", "body": body});
        let mut issues = validate::body(&body, None, flavour);
        issues.extend(check_operation(&request, flavour));
        for issue in &issues {
            prop_assert!(!issue.message.contains(&tail), "{}", issue.message);
        }
    }
}

/// Deep nesting: the validators look one level into user data, so depth costs nothing.
/// The value is built (serde_json refuses to parse it), and built and dropped on a thread
/// with a large stack because serde_json's own `Drop` recurses.
#[test]
fn ten_thousand_deep_values() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "serde_json's recursion limit turns this into invalid JSON, not a crash"
    );
    let worker = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(|| {
            let mut deep = json!([]);
            for _ in 0..10_000 {
                deep = Value::Array(vec![deep]);
            }
            let pd = catalogue::find("PAGER_DUTY").unwrap();
            let body = json!({"type": pd.name, "serviceKey": deep.clone(), "extra": deep.clone()});
            let issues = validate::body(&body, None, Flavour::AtlasV2);
            assert!(issues.iter().any(|i| i.path == "serviceKey"));
            assert_eq!(validate::body(&deep, None, Flavour::AtlasV2).len(), 1);
            let request = json!({"op": deep.clone(), "groupId": deep.clone(),
                                 "integrationType": deep.clone(), "body": body,
                                 "query": {"pageNum": deep.clone(), "x": deep}});
            let checked = validate::operation(&request, Flavour::CloudManager);
            assert!(checked.operation.is_none() && checked.issues.len() >= 5);
        })
        .unwrap();
    worker.join().unwrap();
}
