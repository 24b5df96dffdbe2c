//! Form metadata (`describe_types`) and JSON Schema (`json_schema`) against the catalogue
//! and the validator.

use atlas_integrations::catalogue::{self, TYPES};
use atlas_integrations::flavour::Flavour;
use atlas_integrations::schema::{describe_types, json_schema, JSON_SCHEMA_DIALECT};
use atlas_integrations::validate;
use serde_json::{json, Value};

fn type_entry<'a>(described: &'a Value, name: &str) -> &'a Value {
    described["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

fn field_entry<'a>(ty: &'a Value, name: &str) -> &'a Value {
    ty["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

#[test]
fn without_a_flavour_every_type_with_per_flavour_support() {
    let all = describe_types(None);
    assert_eq!(all["flavour"], Value::Null);
    assert_eq!(all["types"].as_array().unwrap().len(), TYPES.len());
    let flavours: Vec<_> = Flavour::ALL
        .into_iter()
        .map(|f| json!({"id": f.id(), "label": f.label(), "deprecated": f.deprecation()}))
        .collect();
    assert_eq!(all["flavours"], json!(flavours));
    let deprecated: Vec<&Value> = all["flavours"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["deprecated"].is_string())
        .map(|f| &f["id"])
        .collect();
    assert_eq!(
        deprecated,
        [&json!("atlasV1")],
        "only Atlas v1.0 is deprecated (§1)"
    );
    assert_eq!(
        describe_types(Some(Flavour::OpsManager))["flavours"],
        json!(flavours),
        "the flavour list never depends on the flavour asked for"
    );
    let datadog = type_entry(&all, "DATADOG");
    assert_eq!(
        datadog["supportedIn"],
        json!(["atlasV2", "atlasV1", "opsManager"])
    );
    assert_eq!(
        datadog["flavours"]["cloudManager"],
        json!({"supported": false, "deprecated": false, "disputed": false})
    );
    // Ops Manager's request and response docs disagree on Datadog (INTEGRATIONS.md §5).
    assert_eq!(
        datadog["flavours"]["opsManager"],
        json!({"supported": true, "deprecated": false, "disputed": true})
    );
    assert!(datadog["unsupportedNote"]
        .as_str()
        .unwrap()
        .contains("Cloud Manager does not support Datadog"));
    let hipchat = type_entry(&all, "HIP_CHAT");
    assert_eq!(
        hipchat["flavours"]["opsManager"],
        json!({"supported": true, "deprecated": true, "disputed": false})
    );
    let flowdock = type_entry(&all, "FLOWDOCK");
    assert_eq!(flowdock["supported"], false);
    assert_eq!(flowdock["fields"].as_array().unwrap().len(), 3);
    assert_eq!(
        type_entry(&all, "PAGER_DUTY")["unsupportedNote"],
        Value::Null
    );

    // "required" without a flavour: required wherever the type is accepted.
    let slack = type_entry(&all, "SLACK");
    let channel = field_entry(slack, "channelName");
    assert_eq!(channel["required"], false);
    assert_eq!(channel["requiredIn"], json!(["atlasV2"]));
    assert_eq!(channel["nullable"], true);
    assert_eq!(
        channel["kind"],
        json!({"type": "text", "minLength": 1, "maxLength": 80})
    );
    assert_eq!(field_entry(slack, "apiToken")["required"], true);
    assert_eq!(
        field_entry(slack, "apiToken")["secret"],
        json!({"mask": "lastFour"})
    );
}

#[test]
fn with_a_flavour_only_what_it_accepts() {
    let cm = describe_types(Some(Flavour::CloudManager));
    assert_eq!(cm["flavour"], "cloudManager");
    let names: Vec<&str> = cm["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = catalogue::supported_types(Flavour::CloudManager)
        .map(|t| t.name)
        .collect();
    assert_eq!(names, expected);
    assert!(!names.contains(&"DATADOG") && !names.contains(&"HIP_CHAT"));
    let prom = type_entry(&cm, "PROMETHEUS");
    assert!(prom.get("flavours").is_none());
    let fields: Vec<&str> = prom["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "username",
            "password",
            "serviceDiscovery",
            "enabled",
            "scheme",
            "listenAddress",
            "tlsPemPath",
            "tlsPemPassword"
        ]
    );
    assert_eq!(field_entry(prom, "scheme")["required"], true);
    assert_eq!(
        field_entry(prom, "scheme")["kind"],
        json!({"type": "enum", "options": ["http", "https"]})
    );
    assert_eq!(
        field_entry(prom, "password")["secret"],
        json!({"mask": "writeOnly"})
    );
    let slack = type_entry(&cm, "SLACK");
    assert_eq!(field_entry(slack, "channelName")["required"], false);

    let v2 = describe_types(Some(Flavour::AtlasV2));
    let pd = type_entry(&v2, "PAGER_DUTY");
    assert_eq!(
        field_entry(pd, "serviceKey")["kind"],
        json!({"type": "hexKey", "minLength": 32, "maxLength": 32, "pattern": "^[0-9a-fA-F]{32}$"})
    );
    assert_eq!(field_entry(pd, "region")["default"], "US");
    let webhook = type_entry(&v2, "WEBHOOK");
    assert_eq!(
        field_entry(webhook, "headersTemplate")["kind"],
        json!({"type": "template", "maxBytes": 4096, "rendersToObject": true})
    );
}

#[test]
fn json_schemas() {
    assert_eq!(json_schema("DATADOG", Flavour::CloudManager), None);
    assert_eq!(json_schema("NOPE", Flavour::AtlasV2), None);
    assert_eq!(json_schema("FLOWDOCK", Flavour::OpsManager), None);

    let pd = json_schema("PAGER_DUTY", Flavour::AtlasV2).unwrap();
    assert_eq!(pd["$schema"], JSON_SCHEMA_DIALECT);
    assert_eq!(pd["type"], "object");
    assert_eq!(pd["additionalProperties"], false);
    assert_eq!(pd["required"], json!(["type", "serviceKey"]));
    assert_eq!(pd["properties"]["type"]["const"], "PAGER_DUTY");
    assert_eq!(pd["properties"]["region"]["enum"], json!(["US", "EU"]));
    assert_eq!(
        pd["properties"]["serviceKey"]["pattern"],
        "^[0-9a-fA-F]{32}$"
    );
    // Every secret is write-only and refuses the masked echo of a read.
    assert_eq!(pd["properties"]["serviceKey"]["writeOnly"], true);
    assert_eq!(
        pd["properties"]["serviceKey"]["not"],
        json!({"pattern": r"^\*+(?:[^*][\s\S]{0,3})?$"})
    );

    let slack_v2 = json_schema("SLACK", Flavour::AtlasV2).unwrap();
    let channel = &slack_v2["properties"]["channelName"];
    // Required and nullable in the Atlas spec: the key must be there, null is a value.
    assert_eq!(channel["type"], json!(["string", "null"]));
    assert!(slack_v2["required"]
        .as_array()
        .unwrap()
        .contains(&json!("channelName")));
    assert_eq!(channel["minLength"], 1);
    assert_eq!(channel["maxLength"], 80);
    let slack_om = json_schema("SLACK", Flavour::OpsManager).unwrap();
    let channel = &slack_om["properties"]["channelName"];
    assert_eq!(channel["type"], json!(["string", "null"]));
    assert!(
        channel.get("minLength").is_none(),
        "optional: \"\" is unset"
    );
    assert_eq!(slack_om["required"], json!(["type", "apiToken"]));
    // The 80-character limit is the Atlas spec's: only a warning on Ops Manager, so neither
    // the schema nor the form metadata for Ops Manager states it.
    assert!(channel.get("maxLength").is_none(), "{channel}");
    let om = describe_types(Some(Flavour::OpsManager));
    assert_eq!(
        field_entry(type_entry(&om, "SLACK"), "channelName")["kind"],
        json!({"type": "text", "minLength": 1})
    );

    let prom = json_schema("PROMETHEUS", Flavour::AtlasV2).unwrap();
    assert_eq!(prom["properties"]["password"]["writeOnly"], true);
    assert!(prom["properties"].get("scheme").is_none());
    assert!(prom.get("allOf").is_none());
    // Cloud Manager and Ops Manager: https needs tlsPemPath, as validate says.
    for flavour in [Flavour::CloudManager, Flavour::OpsManager] {
        let prom = json_schema("PROMETHEUS", flavour).unwrap();
        assert_eq!(
            prom["allOf"],
            json!([{"if": {"properties": {"scheme": {"const": "https"}}, "required": ["scheme"]},
                    "then": {"required": ["tlsPemPath"],
                             "properties": {"tlsPemPath": {"type": "string", "minLength": 1}}}}])
        );
    }
    let teams = json_schema("MICROSOFT_TEAMS", Flavour::AtlasV1).unwrap();
    // A URL's shape is a warning (`invalid_url`), so the schema leaves it free; only an
    // empty or masked value is refused.
    let url = &teams["properties"]["microsoftTeamsWebhookUrl"];
    assert!(
        url.get("pattern").is_none() && url.get("format").is_none(),
        "{url}"
    );
    assert_eq!(url["minLength"], 1);
    assert_eq!(url["not"]["pattern"], r"\*\*\*|^\*+(?:[^*][\s\S]{0,3})?$");
    // Only standard keywords: strict JSON Schema validators refuse unknown ones.
    for def in TYPES {
        for flavour in def.supported.iter() {
            let text = json_schema(def.name, flavour).unwrap().to_string();
            assert!(!text.contains("\"x-"), "{} {flavour:?}", def.name);
        }
    }
    assert_eq!(
        json_schema("NEW_RELIC", Flavour::AtlasV2).unwrap()["deprecated"],
        true
    );
}

/// Every schema's `required` list is exactly what `validate` reports missing on `{type}`.
#[test]
fn schemas_and_validator_agree_on_required() {
    for def in TYPES {
        for flavour in def.supported.iter() {
            let schema = json_schema(def.name, flavour).unwrap();
            let mut required: Vec<String> = schema["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .filter(|n| n != "type")
                .collect();
            required.sort();
            let mut missing: Vec<String> =
                validate::body(&json!({"type": def.name}), None, flavour)
                    .into_iter()
                    .filter(|i| i.code.as_str() == "missing_field")
                    .map(|i| i.path)
                    .collect();
            missing.sort();
            assert_eq!(required, missing, "{} {flavour:?}", def.name);
        }
    }
}
