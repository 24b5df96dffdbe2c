//! Every integration type × operation × flavour through the public path a caller takes:
//! JSON operation → `validate::operation` → `request::build`, compared field by field, plus
//! curl previews with canary secrets and responses parsed back.

use atlas_integrations::catalogue::{self, Field, Kind, TypeDef};
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::IssueCode;
use atlas_integrations::operation::OpKind;
use atlas_integrations::plan::{plan, Action};
use atlas_integrations::preview::{curl, PreviewAuth};
use atlas_integrations::request::{build_from_json, Request};
use atlas_integrations::response::{parse, Success};
use atlas_integrations::url::Target;
use serde_json::{json, Map, Value};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

/// A value the catalogue accepts for `field`; secrets carry a canary so their absence from
/// previews can be asserted.
fn sample(field: &Field) -> Value {
    // Secret and non-secret hex keys differ, so a secret's absence can be asserted.
    let digits = if field.secret.is_some() {
        "0123456789abcdef"
    } else {
        "fedcba9876543210"
    };
    let hex = |len: u32| -> String { digits.chars().cycle().take(len as usize).collect() };
    let value = match field.kind {
        Kind::Boolean => return json!(true),
        Kind::Enum(values) => return json!(values.first().copied().unwrap_or_default()),
        Kind::Url => "https://hooks.example.com/CANARYURL".to_owned(),
        Kind::HexKey { len, .. } => hex(len),
        Kind::Template { .. } if field.secret.is_some() => {
            r#"{"X-Key":"CANARY-${eventType}"}"#.to_owned()
        }
        Kind::Template { .. } => r#"{"event":"${eventType}"}"#.to_owned(),
        Kind::HostPort => "0.0.0.0:9216".to_owned(),
        Kind::AbsolutePath => "/etc/ssl/prom.pem".to_owned(),
        Kind::Text { .. } if field.secret.is_some() => "CANARY-secret-text".to_owned(),
        Kind::Text { .. } => "value".to_owned(),
        _ => "value".to_owned(),
    };
    json!(value)
}

/// A body with every field the type has in `flavour`.
fn full_body(def: &TypeDef, flavour: Flavour) -> Value {
    let mut map = Map::new();
    map.insert("type".into(), json!(def.name));
    for f in def.fields_in(flavour) {
        map.insert(f.name.into(), sample(f));
    }
    Value::Object(map)
}

fn target(flavour: Flavour) -> Target {
    Target::new(flavour, Some("https://om.example.com:8443"), false).unwrap()
}

fn expected_prefix(flavour: Flavour) -> String {
    format!(
        "https://om.example.com:8443{}/groups/{GROUP}/integrations",
        flavour.path_prefix()
    )
}

fn op_json(kind: OpKind, def: &TypeDef, flavour: Flavour) -> Value {
    let mut op = json!({"op": kind.id(), "groupId": GROUP});
    if kind.needs_type() {
        op["integrationType"] = json!(def.name);
    }
    if kind.has_body() {
        op["body"] = full_body(def, flavour);
    }
    op
}

#[test]
fn every_supported_type_operation_and_flavour() {
    let mut built = 0;
    for flavour in Flavour::ALL {
        for def in catalogue::supported_types(flavour) {
            for kind in OpKind::ALL {
                let op = op_json(kind, def, flavour);
                let req = build_from_json(&op, &target(flavour)).unwrap_or_else(|issues| {
                    panic!("{} {} {:?}: {issues:?}", def.name, kind.id(), flavour)
                });
                let url = if kind.needs_type() {
                    format!("{}/{}", expected_prefix(flavour), def.name)
                } else {
                    expected_prefix(flavour)
                };
                let media = flavour.media_type();
                let mut headers = json!({"Accept": media});
                if kind.has_body() {
                    headers["Content-Type"] = json!(media);
                }
                let as_json = serde_json::to_value(&req).unwrap();
                assert_eq!(as_json["method"], kind.method());
                assert_eq!(as_json["url"], url.as_str());
                assert_eq!(as_json["headers"], headers, "{} {:?}", def.name, flavour);
                match &req.body {
                    Some(body) => {
                        assert!(kind.has_body());
                        let sent: Value = serde_json::from_str(body).unwrap();
                        assert_eq!(sent, op["body"]);
                    }
                    None => assert!(!kind.has_body()),
                }
                built += 1;
            }
        }
    }
    // 4 flavours × their types × 5 operations: a shrinking catalogue would show here.
    assert!(built >= 4 * 7 * 5, "{built}");
}

/// A type the flavour does not accept is never created or updated, but an old
/// configuration of it can be read and removed (issue 17 point 4).
#[test]
fn unsupported_types_are_only_read_or_removed() {
    for flavour in Flavour::ALL {
        for def in catalogue::TYPES.iter().filter(|d| !d.supports(flavour)) {
            for kind in [OpKind::Create, OpKind::Update] {
                let issues =
                    build_from_json(&op_json(kind, def, flavour), &target(flavour)).unwrap_err();
                assert!(
                    issues.iter().any(|i| i.code == IssueCode::UnsupportedType),
                    "{} {:?}: {issues:?}",
                    def.name,
                    flavour
                );
            }
            for kind in [OpKind::Get, OpKind::Delete] {
                let request = build_from_json(&op_json(kind, def, flavour), &target(flavour))
                    .unwrap_or_else(|e| panic!("{} {flavour:?} {kind:?}: {e:?}", def.name));
                assert!(request
                    .url
                    .ends_with(&format!("/integrations/{}", def.name)));
            }
        }
    }
}

#[test]
fn query_parameters_through_the_validator() {
    let t = Target::default_for(Flavour::AtlasV2).unwrap();
    let op = json!({"op": "list", "groupId": GROUP,
        "query": {"envelope": true, "pretty": false, "includeCount": false, "itemsPerPage": 500, "pageNum": 3}});
    let req = build_from_json(&op, &t).unwrap();
    assert_eq!(
        req.url,
        format!("https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/integrations?pageNum=3&itemsPerPage=500&includeCount=false&pretty=false&envelope=true")
    );
    let get = json!({"op": "get", "groupId": GROUP, "integrationType": "SLACK", "query": {"pretty": true}});
    assert!(build_from_json(&get, &t)
        .unwrap()
        .url
        .ends_with("/integrations/SLACK?pretty=true"));
    let bad = json!({"op": "list", "groupId": GROUP, "query": {"itemsPerPage": 501}});
    let issues = build_from_json(&bad, &t).unwrap_err();
    assert!(
        issues.iter().any(|i| i.code == IssueCode::OutOfRange),
        "{issues:?}"
    );
}

#[test]
fn invalid_operations_return_every_issue() {
    let t = Target::default_for(Flavour::AtlasV2).unwrap();
    let issues = build_from_json(&json!({"op": "get", "groupId": "../../admin"}), &t).unwrap_err();
    let codes: Vec<_> = issues.iter().map(|i| i.code).collect();
    assert!(codes.contains(&IssueCode::InvalidFormat), "{codes:?}");
    assert!(codes.contains(&IssueCode::MissingParameter), "{codes:?}");
    assert!(build_from_json(&json!("list"), &t).is_err());
}

#[test]
fn previews_never_hold_a_secret() {
    for flavour in Flavour::ALL {
        for def in catalogue::supported_types(flavour) {
            let req =
                build_from_json(&op_json(OpKind::Update, def, flavour), &target(flavour)).unwrap();
            for auth in [
                PreviewAuth::Bearer,
                PreviewAuth::Digest {
                    public_key: "PUBKEY".into(),
                },
            ] {
                let out = curl(&req, &auth);
                assert!(!out.contains("CANARY"), "{}: {out}", def.name);
                let secret_hex: String = "0123456789abcdef".chars().cycle().take(32).collect();
                let has_hex_secret = def
                    .fields_in(flavour)
                    .any(|f| f.secret.is_some() && matches!(f.kind, Kind::HexKey { .. }));
                if has_hex_secret {
                    assert!(!out.contains(&secret_hex), "{}: {out}", def.name);
                }
                assert!(out.contains("<redacted>"));
            }
        }
    }
}

#[test]
fn previews_show_the_public_key_and_the_bearer_slot() {
    let def = catalogue::find("PAGER_DUTY").unwrap();
    let req = build_from_json(
        &op_json(OpKind::Create, def, Flavour::CloudManager),
        &target(Flavour::CloudManager),
    )
    .unwrap();
    let digest = curl(
        &req,
        &PreviewAuth::Digest {
            public_key: "PUBKEY".into(),
        },
    );
    assert!(digest.contains("--digest --user 'PUBKEY:<redacted>'"));
    assert!(curl(&req, &PreviewAuth::Bearer).contains("'Authorization: Bearer <redacted>'"));
}

#[test]
fn round_trip_create_then_plan_against_the_masked_answer() {
    let def = catalogue::find("DATADOG").unwrap();
    let body = full_body(def, Flavour::AtlasV2);
    let req: Request = build_from_json(
        &op_json(OpKind::Create, def, Flavour::AtlasV2),
        &target(Flavour::AtlasV2),
    )
    .unwrap();
    assert_eq!(req.method, "POST");
    // What the server answers: the list of all integrations, the key masked.
    let mut echoed = body.clone();
    let key = body["apiKey"].as_str().unwrap();
    echoed["apiKey"] = json!(format!(
        "****************************{}",
        &key[key.len() - 4..]
    ));
    echoed["id"] = json!("abc");
    let answer = json!({"results": [echoed], "totalCount": 1, "links": []}).to_string();
    let Ok(Success::Page(page)) = parse(OpKind::Create, 200, &answer) else {
        panic!("not a page")
    };
    let current = page.results.first().unwrap();
    let p = plan(&body, Some(current), Flavour::AtlasV2).unwrap();
    assert_eq!(p.action, Action::None, "{p:?}");
    let masked_back = plan(current, Some(current), Flavour::AtlasV2).unwrap_err();
    assert!(masked_back
        .iter()
        .any(|i| i.code == IssueCode::MaskedSecret));
}

#[test]
fn base_url_rules_through_the_public_api() {
    assert_eq!(
        Target::new(Flavour::OpsManager, None, false)
            .unwrap_err()
            .code(),
        "missing_base_url"
    );
    assert_eq!(
        Target::new(Flavour::OpsManager, Some("http://om.corp:8080"), false)
            .unwrap_err()
            .code(),
        "insecure_base_url"
    );
    let local = Target::new(
        Flavour::AtlasV2,
        Some("http://127.0.0.1:4010/proxy/"),
        false,
    )
    .unwrap();
    let req = build_from_json(&json!({"op": "list", "groupId": GROUP}), &local).unwrap();
    assert_eq!(
        req.url,
        format!("http://127.0.0.1:4010/proxy/api/atlas/v2/groups/{GROUP}/integrations")
    );
}
