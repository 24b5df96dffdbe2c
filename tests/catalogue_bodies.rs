//! `validate::body` against every type of the catalogue: hand-written bodies that pin the
//! contract, then generated ones that break each rule of each field in turn.

use atlas_integrations::catalogue::{self, Field, Kind, Mask, TypeDef, TYPES};
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::{Issue, IssueCode, Severity};
use atlas_integrations::operation::OpKind;
use atlas_integrations::validate;
use serde_json::{json, Map, Value};

use Flavour::{AtlasV1, AtlasV2, CloudManager, OpsManager};

fn codes(issues: &[Issue]) -> Vec<(String, &'static str)> {
    issues
        .iter()
        .map(|i| (i.path.clone(), i.code.as_str()))
        .collect()
}

fn errors(issues: &[Issue]) -> Vec<(String, &'static str)> {
    let errors: Vec<Issue> = issues.iter().filter(|i| i.is_error()).cloned().collect();
    codes(&errors)
}

fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    list.iter().map(|(p, c)| (p.to_string(), *c)).collect()
}

/// Warnings a valid body of this type always gets in `flavour`; `all` when the body holds
/// every field (else the fields that are only recommended are missing).
fn type_warnings(def: &TypeDef, flavour: Flavour, all: bool) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if !all {
        for field in def.fields_in(flavour) {
            if field.recommended.contains(flavour) {
                out.push((field.name.to_string(), "missing_recommended"));
            }
        }
    }
    if def.deprecated.is_some() {
        out.push(("type".to_string(), "deprecated_type"));
    }
    if def.dispute_in(flavour).is_some() {
        out.push(("type".to_string(), "disputed_type"));
    }
    if def.name == "SLACK" {
        out.push((String::new(), "slack_oauth_required"));
    }
    out
}

// ---------------------------------------------------------------- hand-written examples

#[test]
fn pagerduty() {
    let key = "0123456789abcdef0123456789ABCDEF";
    let full = json!({"type": "PAGER_DUTY", "serviceKey": key, "region": "EU"});
    assert_eq!(codes(&validate::body(&full, None, AtlasV2)), vec![]);
    assert_eq!(
        codes(&validate::body(&full, Some("PAGER_DUTY"), AtlasV1)),
        vec![]
    );
    // region is Atlas-only.
    assert_eq!(
        codes(&validate::body(&full, None, CloudManager)),
        pairs(&[("region", "unsupported_field")])
    );
    let minimal = json!({"type": "PAGER_DUTY", "serviceKey": key});
    for f in Flavour::ALL {
        assert_eq!(codes(&validate::body(&minimal, None, f)), vec![], "{f:?}");
    }
    let short = json!({"type": "PAGER_DUTY", "serviceKey": "abc"});
    assert_eq!(
        codes(&validate::body(&short, None, OpsManager)),
        pairs(&[("serviceKey", "invalid_format")])
    );
}

#[test]
fn slack_channel_is_required_on_atlas_only_and_counts_characters() {
    let base = json!({"type": "SLACK", "apiToken": "xoxb-123", "teamName": "t"});
    let warn = pairs(&[("", "slack_oauth_required")]);
    assert_eq!(
        codes(&validate::body(&base, None, AtlasV2)),
        pairs(&[
            ("channelName", "missing_field"),
            ("", "slack_oauth_required")
        ])
    );
    assert_eq!(codes(&validate::body(&base, None, CloudManager)), warn);
    // Atlas v1.0: its docs call it optional, its spec schema was not read (INTEGRATIONS.md
    // §4.3, §9): the sources disagree, so its absence is a warning, not an error.
    let issues = validate::body(&base, None, AtlasV1);
    assert_eq!(
        codes(&issues),
        pairs(&[
            ("channelName", "missing_recommended"),
            ("", "slack_oauth_required")
        ])
    );
    assert!(!issues[0].is_error() && issues[0].message.contains("Atlas Admin API v1.0"));
    // Required and nullable in the Atlas spec: null is a value, accepted everywhere.
    let mut with = base.clone();
    with["channelName"] = json!(null);
    for f in Flavour::ALL {
        assert_eq!(codes(&validate::body(&with, None, f)), warn, "{f:?}");
    }
    // "" counts as unset where optional (CM/OM return it for an unset channel).
    with["channelName"] = json!("");
    assert_eq!(codes(&validate::body(&with, None, CloudManager)), warn);
    assert_eq!(
        errors(&validate::body(&with, None, AtlasV2)),
        pairs(&[("channelName", "missing_field")])
    );
    with["channelName"] = json!("é".repeat(80));
    assert_eq!(codes(&validate::body(&with, None, AtlasV2)), warn);
    // Over 80 characters: an error on Atlas, whose spec states the limit; only a warning
    // on Cloud Manager and Ops Manager, whose sources state none.
    with["channelName"] = json!("é".repeat(81));
    for f in [AtlasV2, AtlasV1] {
        let issues = validate::body(&with, None, f);
        assert_eq!(
            errors(&issues),
            pairs(&[("channelName", "too_long")]),
            "{f:?}"
        );
        assert!(issues[0].message.contains("Channel name") && issues[0].message.contains("80"));
    }
    for f in [CloudManager, OpsManager] {
        let issues = validate::body(&with, None, f);
        assert_eq!(
            codes(&issues),
            pairs(&[
                ("channelName", "may_be_too_long"),
                ("", "slack_oauth_required")
            ]),
            "{f:?}"
        );
        assert!(!issues[0].is_error());
        assert!(issues[0].message.contains("80") && issues[0].message.contains(f.label()));
    }
}

#[test]
fn datadog_support_and_regions() {
    let body = json!({"type": "DATADOG", "apiKey": "0123456789abcdef0123456789abcdef",
        "region": "US1_FED", "sendCollectionLatencyMetrics": true, "sendDatabaseMetrics": false,
        "sendQueryStatsMetrics": true, "sendUserProvidedResourceTags": false});
    for f in [AtlasV2, AtlasV1] {
        assert_eq!(codes(&validate::body(&body, None, f)), vec![], "{f:?}");
    }
    // The Ops Manager request docs list only apiKey: a warning for each other field.
    let issues = validate::body(&body, None, OpsManager);
    assert_eq!(
        codes(&issues),
        pairs(&[
            ("region", "unsupported_field"),
            ("sendCollectionLatencyMetrics", "unsupported_field"),
            ("sendDatabaseMetrics", "unsupported_field"),
            ("sendQueryStatsMetrics", "unsupported_field"),
            ("sendUserProvidedResourceTags", "unsupported_field"),
            ("type", "disputed_type"),
        ])
    );
    assert!(issues.iter().all(|i| !i.is_error()));
    assert!(issues[0].message.contains("not documented for Ops Manager"));
    // The Ops Manager request docs list Datadog, its response docs call it unsupported
    // (INTEGRATIONS.md §5, §9): accepted, with a warning naming the disagreement, on
    // create and update alike; Atlas has no such warning.
    let minimal = json!({"type": "DATADOG", "apiKey": "0123456789abcdef0123456789abcdef"});
    let judged = [
        validate::body(&minimal, None, OpsManager),
        validate::body_for(&minimal, None, OpsManager, OpKind::Create),
        validate::body_for(&minimal, None, OpsManager, OpKind::Update),
    ];
    for issues in judged {
        assert_eq!(codes(&issues), pairs(&[("type", "disputed_type")]));
        assert!(!issues[0].is_error());
        let message = &issues[0].message;
        assert!(message.contains("request docs") && message.contains("response docs"));
    }
    for f in [AtlasV2, AtlasV1] {
        assert_eq!(codes(&validate::body(&minimal, None, f)), vec![], "{f:?}");
    }
    let issues = validate::body(&body, None, CloudManager);
    assert_eq!(codes(&issues), pairs(&[("type", "unsupported_type")]));
    assert!(issues[0]
        .message
        .contains("Cloud Manager does not support Datadog"));
    let mut bad = body.clone();
    bad["region"] = json!("us");
    bad["sendDatabaseMetrics"] = json!("yes");
    let issues = validate::body(&bad, None, AtlasV2);
    assert_eq!(
        codes(&issues),
        pairs(&[
            ("region", "invalid_enum"),
            ("sendDatabaseMetrics", "wrong_type")
        ])
    );
    assert!(issues[0].message.contains("\"us\"") && issues[0].message.contains("US1_FED"));
}

#[test]
fn new_relic_is_atlas_only_and_deprecated() {
    let hex40 = "0123456789abcdef0123456789abcdef01234567";
    let body = json!({"type": "NEW_RELIC", "accountId": hex40, "licenseKey": hex40,
        "readToken": "r", "writeToken": "w"});
    assert_eq!(
        codes(&validate::body(&body, None, AtlasV2)),
        pairs(&[("type", "deprecated_type")])
    );
    assert_eq!(
        codes(&validate::body(&body, None, OpsManager)),
        pairs(&[("type", "unsupported_type")])
    );
    let mut upper = body.clone();
    upper["licenseKey"] = json!(hex40.to_uppercase());
    assert_eq!(
        errors(&validate::body(&upper, None, AtlasV1)),
        pairs(&[("licenseKey", "invalid_format")])
    );
}

#[test]
fn webhook_templates() {
    let body = json!({"type": "WEBHOOK", "url": "https://hooks.example.com/a", "secret": "s3cr3t",
        "bodyTemplate": "{\"alert\": \"${alertId}\", \"value\": ${metricValue}}",
        "headersTemplate": "{\"X-Event\": \"${eventType}\"}"});
    assert_eq!(codes(&validate::body(&body, None, AtlasV2)), vec![]);
    assert_eq!(
        codes(&validate::body(&body, None, AtlasV1)),
        pairs(&[
            ("bodyTemplate", "unsupported_field"),
            ("headersTemplate", "unsupported_field")
        ])
    );
    let mut bad = body.clone();
    bad["bodyTemplate"] = json!("alert ${alertId}");
    bad["headersTemplate"] = json!("[\"${eventType}\"]");
    assert_eq!(
        codes(&validate::body(&bad, None, AtlasV2)),
        pairs(&[
            ("bodyTemplate", "template_not_json"),
            ("headersTemplate", "template_not_json")
        ])
    );
    let mut big = body.clone();
    big["headersTemplate"] = json!(format!("{{\"a\": \"{}\"}}", "x".repeat(4096)));
    big["bodyTemplate"] = json!(format!("\"{}\"", "x".repeat(16 * 1024 - 2)));
    // Over the limit the server falls back to its default: a warning, not an error.
    assert_eq!(
        codes(&validate::body(&big, None, AtlasV2)),
        pairs(&[("headersTemplate", "template_too_long")])
    );
    // FreeMarker directives and defaults are not flagged.
    let mut freemarker = body.clone();
    freemarker["bodyTemplate"] = json!(
        r#"{"id":"${alertId}"<#if metricValue??>,"v":${metricValue}</#if>,"h":"${hostname!"none"}"}"#
    );
    freemarker["headersTemplate"] = json!(r#"{"X-Env":"${env!"prod"}"}"#);
    assert_eq!(codes(&validate::body(&freemarker, None, AtlasV2)), vec![]);
    let mut url = body.clone();
    url["url"] = json!("hooks.example.com/a");
    assert_eq!(
        codes(&validate::body(&url, None, CloudManager)),
        pairs(&[
            ("url", "invalid_url"),
            ("bodyTemplate", "unsupported_field"),
            ("headersTemplate", "unsupported_field")
        ])
    );
}

/// No source says the server refuses any URL shape (INTEGRATIONS.md §4.3; the spec's URL
/// fields are plain strings): a malformed URL is a warning in every flavour, and a URL that
/// WHATWG URL accepts (an internationalised or percent-encoded host) gets no issue at all.
#[test]
fn webhook_urls_are_only_warned_about() {
    for f in Flavour::ALL {
        for (ty, field) in [
            ("WEBHOOK", "url"),
            ("MICROSOFT_TEAMS", "microsoftTeamsWebhookUrl"),
        ] {
            for bad in ["ftp://x.example.com/x", "not a url", "https://a b.com/"] {
                let issues = validate::body(&json!({"type": ty, (field): bad}), None, f);
                assert_eq!(
                    codes(&issues),
                    pairs(&[(field, "invalid_url")]),
                    "{f:?} {bad}"
                );
                assert_eq!(issues[0].severity, Severity::Warning);
            }
            for good in ["https://例え.jp/x", "https://ex%41mple.com/a%20b"] {
                let issues = validate::body(&json!({"type": ty, (field): good}), None, f);
                assert_eq!(codes(&issues), vec![], "{f:?} {good}");
            }
        }
    }
}

#[test]
fn prometheus_differs_between_atlas_and_managers() {
    let atlas = json!({"type": "PROMETHEUS", "username": "prom_user", "password": "pw",
        "serviceDiscovery": "http", "enabled": true, "sendUserProvidedResourceTagsEnabled": true});
    assert_eq!(codes(&validate::body(&atlas, None, AtlasV2)), vec![]);
    assert_eq!(
        codes(&validate::body(&atlas, None, CloudManager)),
        pairs(&[
            ("sendUserProvidedResourceTagsEnabled", "unsupported_field"),
            ("scheme", "missing_field"),
            ("listenAddress", "missing_field"),
        ])
    );
    let managers = json!({"type": "PROMETHEUS", "username": "prom_user", "password": "pw",
        "serviceDiscovery": "file", "enabled": false, "scheme": "https",
        "listenAddress": "0.0.0.0:9216", "tlsPemPath": "/etc/ssl/prom.pem", "tlsPemPassword": "x"});
    assert_eq!(codes(&validate::body(&managers, None, OpsManager)), vec![]);
    assert_eq!(
        codes(&validate::body(&managers, None, AtlasV1)),
        pairs(&[
            ("scheme", "unsupported_field"),
            ("listenAddress", "unsupported_field"),
            ("tlsPemPath", "unsupported_field"),
            ("tlsPemPassword", "unsupported_field"),
        ])
    );
    let mut bad = managers.clone();
    bad["listenAddress"] = json!("9216");
    bad["tlsPemPath"] = json!("certs/prom.pem");
    bad["scheme"] = json!("HTTPS");
    bad["enabled"] = json!("true");
    assert_eq!(
        codes(&validate::body(&bad, None, CloudManager)),
        pairs(&[
            ("enabled", "wrong_type"),
            ("scheme", "invalid_enum"),
            ("listenAddress", "invalid_format"),
            ("tlsPemPath", "invalid_format"),
        ])
    );
    // Password: required by the docs although the spec makes it optional.
    let mut no_password = atlas.clone();
    no_password.as_object_mut().unwrap().remove("password");
    assert_eq!(
        codes(&validate::body(&no_password, None, AtlasV2)),
        pairs(&[("password", "missing_field")])
    );
}

#[test]
fn hipchat_only_on_ops_manager() {
    let body = json!({"type": "HIP_CHAT", "notificationToken": "tok", "roomName": "ops"});
    assert_eq!(
        codes(&validate::body(&body, None, OpsManager)),
        pairs(&[("type", "deprecated_type")])
    );
    for f in [AtlasV2, AtlasV1, CloudManager] {
        let issues = validate::body(&body, None, f);
        assert_eq!(codes(&issues), pairs(&[("type", "unsupported_type")]));
        assert!(issues[0].message.contains("only available on Ops Manager"));
    }
}

#[test]
fn flowdock_is_retired_everywhere() {
    let body = json!({"type": "FLOWDOCK", "flowName": "f", "apiToken": "t", "orgName": "o"});
    for f in Flavour::ALL {
        let issues = validate::body(&body, None, f);
        assert_eq!(codes(&issues), pairs(&[("type", "unsupported_type")]));
        assert!(issues[0].message.contains("retired"));
    }
}

#[test]
fn structure_type_and_extra_keys() {
    assert_eq!(
        codes(&validate::body(&json!([1]), None, AtlasV2)),
        pairs(&[("", "not_an_object")])
    );
    assert_eq!(
        codes(&validate::body(&json!({}), None, AtlasV2)),
        pairs(&[("type", "missing_type")])
    );
    assert_eq!(
        codes(&validate::body(&json!({"type": 7}), None, AtlasV2)),
        pairs(&[("type", "wrong_type")])
    );
    assert_eq!(
        codes(&validate::body(
            &json!({"type": "pager_duty"}),
            None,
            AtlasV2
        )),
        pairs(&[("type", "unknown_type")])
    );
    // Without a body type, the path type still drives the field checks.
    assert_eq!(
        codes(&validate::body(&json!({}), Some("OPS_GENIE"), AtlasV2)),
        pairs(&[("type", "missing_type"), ("apiKey", "missing_field")])
    );
    let body = json!({"type": "OPS_GENIE", "apiKey": "k", "id": "5d", "extra": 1, "Region": "EU"});
    let issues = validate::body(&body, Some("VICTOR_OPS"), CloudManager);
    assert_eq!(
        codes(&issues),
        pairs(&[
            ("type", "type_mismatch"),
            ("id", "read_only_field"),
            ("Region", "unknown_field"),
            ("extra", "unknown_field"),
        ])
    );
    assert_eq!(issues[1].severity, Severity::Warning);
    // A null id is what responses carry: no warning.
    let body = json!({"type": "OPS_GENIE", "apiKey": "k", "id": null});
    assert_eq!(codes(&validate::body(&body, None, AtlasV2)), vec![]);
    // A non-nullable optional field cannot be null.
    let body = json!({"type": "OPS_GENIE", "apiKey": "k", "region": null});
    assert_eq!(
        codes(&validate::body(&body, None, AtlasV2)),
        pairs(&[("region", "wrong_type")])
    );
}

// ---------------------------------------------------------------- generated from the table

/// A value that satisfies `field`.
fn good(field: &Field) -> Value {
    match field.kind {
        Kind::Text { min_len, .. } => json!("v".repeat(min_len.unwrap_or(1).max(3) as usize)),
        Kind::Boolean => json!(true),
        Kind::Enum(options) => json!(options.last().unwrap()),
        Kind::Url => json!("https://hooks.example.com/T000/B000"),
        Kind::HexKey { len, lowercase } => {
            let digits = if lowercase {
                "0123456789abcdef"
            } else {
                "0123456789abcDEF"
            };
            json!(digits
                .chars()
                .cycle()
                .take(len as usize)
                .collect::<String>())
        }
        Kind::Template { object: true, .. } => json!("{\"X-Alert\": \"${alertId}\"}"),
        Kind::Template { .. } => json!("{\"alert\": \"${alertId}\", \"n\": ${metricValue}}"),
        Kind::HostPort => json!("10.0.0.1:9216"),
        Kind::AbsolutePath => json!("/etc/ssl/prometheus.pem"),
        _ => unreachable!("a new kind needs a test value"),
    }
}

/// Values that break `field` in `flavour`, with the code each must produce.
fn bad(field: &Field, flavour: Flavour) -> Vec<(Value, IssueCode)> {
    let mut out = vec![
        (json!(12), IssueCode::WrongType),
        (json!({}), IssueCode::WrongType),
    ];
    match field.kind {
        Kind::Text { max_len, .. } => {
            if let Some(max) = max_len {
                let code = field.too_long_code(flavour);
                out.push((json!("x".repeat(max as usize + 1)), code));
            }
            if let Some(min) = field.min_chars() {
                out.push((json!("x".repeat(min as usize - 1)), IssueCode::TooShort));
            }
        }
        Kind::Boolean => {
            out = vec![
                (json!("true"), IssueCode::WrongType),
                (json!(1), IssueCode::WrongType),
            ]
        }
        Kind::Enum(options) => {
            out.push((
                json!(options[0].to_lowercase() + "x"),
                IssueCode::InvalidEnum,
            ));
            out.push((json!(" "), IssueCode::InvalidEnum));
        }
        Kind::Url => {
            for url in ["ftp://x.com", "https://", "https://a b.com/", "/relative"] {
                out.push((json!(url), IssueCode::InvalidUrl));
            }
        }
        Kind::HexKey { len, lowercase } => {
            out.push((
                json!("a".repeat(len as usize - 1)),
                IssueCode::InvalidFormat,
            ));
            out.push((
                json!("a".repeat(len as usize + 1)),
                IssueCode::InvalidFormat,
            ));
            out.push((json!("g".repeat(len as usize)), IssueCode::InvalidFormat));
            if lowercase {
                out.push((json!("A".repeat(len as usize)), IssueCode::InvalidFormat));
            }
        }
        Kind::Template { max_bytes, object } => {
            out.push((
                json!("x".repeat(max_bytes as usize + 1)),
                IssueCode::TemplateTooLong,
            ));
            out.push((json!("${a} is not JSON"), IssueCode::TemplateNotJson));
            if object {
                out.push((json!("[1]"), IssueCode::TemplateNotJson));
            }
        }
        Kind::HostPort => {
            for v in ["host", "host:0", "host:65536", ":1"] {
                out.push((json!(v), IssueCode::InvalidFormat));
            }
        }
        Kind::AbsolutePath => out.push((json!("relative/path.pem"), IssueCode::InvalidFormat)),
        _ => unreachable!("a new kind needs bad values"),
    }
    out
}

fn body_with(def: &TypeDef, flavour: Flavour, all: bool) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("type".into(), json!(def.name));
    for field in def.fields_in(flavour) {
        // A conditional requirement follows a field before it in the table (scheme https).
        let needed = field
            .required_if
            .is_some_and(|(other, value)| map.get(other) == Some(&json!(value)));
        if all || needed || field.required_in(flavour) {
            map.insert(field.name.into(), good(field));
        }
    }
    map
}

fn supported() -> impl Iterator<Item = (&'static TypeDef, Flavour)> {
    TYPES
        .iter()
        .flat_map(|t| t.supported.iter().map(move |f| (t, f)))
}

#[test]
fn minimal_and_full_bodies_are_valid_everywhere_supported() {
    let mut checked = 0;
    for (def, flavour) in supported() {
        for all in [false, true] {
            let body = Value::Object(body_with(def, flavour, all));
            let issues = validate::body(&body, Some(def.name), flavour);
            assert_eq!(
                codes(&issues),
                type_warnings(def, flavour, all),
                "{} {flavour:?} {body}",
                def.name
            );
            checked += 1;
        }
    }
    // 34 (type, flavour) pairs: see the support matrix, INTEGRATIONS.md §5.
    assert_eq!(checked, 2 * 34);
}

#[test]
fn each_required_field_missing_in_turn() {
    let mut checked = 0;
    for (def, flavour) in supported() {
        for field in def.fields_in(flavour).filter(|f| f.required_in(flavour)) {
            for hole in [None, Some(json!(null)), Some(json!(""))] {
                if hole == Some(json!("")) && field.kind == Kind::Boolean {
                    continue;
                }
                // A required nullable key (Slack channelName in Atlas) accepts null.
                if hole == Some(json!(null)) && field.nullable {
                    continue;
                }
                let mut body = body_with(def, flavour, true);
                match &hole {
                    None => body.remove(field.name),
                    Some(v) => body.insert(field.name.into(), v.clone()),
                };
                let issues = validate::body(&Value::Object(body), None, flavour);
                assert_eq!(
                    errors(&issues),
                    vec![(field.name.to_string(), "missing_field")],
                    "{} {} {flavour:?} {hole:?}",
                    def.name,
                    field.name
                );
                let issue = issues.iter().find(|i| i.is_error()).unwrap();
                assert!(issue.message.contains(field.label), "{}", issue.message);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn each_rule_broken_in_turn() {
    for (def, flavour) in supported() {
        for field in def.fields_in(flavour) {
            for (value, code) in bad(field, flavour) {
                let mut body = body_with(def, flavour, true);
                body.insert(field.name.into(), value.clone());
                let issues = validate::body(&Value::Object(body), None, flavour);
                let mine: Vec<_> = issues.iter().filter(|i| i.path == field.name).collect();
                assert!(
                    mine.iter().any(|i| i.code == code),
                    "{} {} {flavour:?} {value}: {issues:?}",
                    def.name,
                    field.name
                );
                assert!(
                    issues.iter().all(|i| i.path == field.name || !i.is_error()),
                    "{issues:?}"
                );
                if field.secret.is_some() {
                    for issue in &issues {
                        if let Some(s) = value.as_str().filter(|s| s.len() > 9) {
                            assert!(!issue.message.contains(s), "{}", issue.message);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn masked_secrets_are_refused_without_echo() {
    let mut checked = 0;
    for (def, flavour) in supported() {
        for field in def.fields_in(flavour) {
            let Some(mask) = field.secret else { continue };
            let samples: &[&str] = match mask {
                Mask::Url => &[
                    "https://webhook.com/****",
                    "https://hooks.slack.com/****/Zq9x",
                ],
                _ => &["****************************7890", "******7890", "********"],
            };
            for masked in samples {
                let mut body = body_with(def, flavour, true);
                body.insert(field.name.into(), json!(masked));
                let issues = validate::body(&Value::Object(body), None, flavour);
                assert_eq!(
                    errors(&issues),
                    vec![(field.name.to_string(), "masked_secret")],
                    "{} {} {masked}",
                    def.name,
                    field.name
                );
                for issue in &issues {
                    assert!(!issue.message.contains("7890") && !issue.message.contains("Zq9x"));
                    assert!(!issue.message.contains("****"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "{checked}");
}

#[test]
fn fields_of_other_flavours_are_warnings() {
    let mut checked = 0;
    for (def, flavour) in supported() {
        for field in def.fields.iter().filter(|f| !f.exists_in(flavour)) {
            let mut body = body_with(def, flavour, true);
            body.insert(field.name.into(), good(field));
            let issues = validate::body(&Value::Object(body), None, flavour);
            assert_eq!(errors(&issues), vec![], "{} {}", def.name, field.name);
            let issue = issues.iter().find(|i| i.path == field.name).unwrap();
            assert_eq!(issue.code, IssueCode::UnsupportedField);
            assert_eq!(issue.severity, Severity::Warning);
            let message = &issue.message;
            assert!(message.contains(flavour.label()), "{message}");
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn unsupported_types_name_the_reason() {
    for def in TYPES {
        for flavour in Flavour::ALL.into_iter().filter(|f| !def.supports(*f)) {
            let body = json!({"type": def.name});
            let issues = validate::body(&body, None, flavour);
            assert_eq!(codes(&issues), pairs(&[("type", "unsupported_type")]));
            assert!(issues[0].message.contains(def.unsupported_note));
            assert!(!def.unsupported_note.is_empty());
        }
    }
    assert!(catalogue::find("DATADOG").is_some_and(|t| !t.supports(CloudManager)));
}

// ---------------------------------------------------------------- issue 17, point by point

/// Point 3: a v1.0 GET returns Prometheus `scheme`; sending that body back to v1.0 or v2
/// is a warning, not a refusal. An unknown field stays what it was (a warning).
#[test]
fn echoed_fields_of_other_flavours_are_warnings() {
    let echoed = json!({"type": "PROMETHEUS", "id": null, "username": "prom_user", "password": "pw",
        "serviceDiscovery": "http", "enabled": true, "scheme": "https"});
    for f in [AtlasV2, AtlasV1] {
        let issues = validate::body(&echoed, None, f);
        assert_eq!(
            codes(&issues),
            pairs(&[("scheme", "unsupported_field")]),
            "{f:?}"
        );
        assert_eq!(issues[0].severity, Severity::Warning);
        assert!(
            issues[0].message.contains("Cloud Manager, Ops Manager"),
            "{}",
            issues[0].message
        );
    }
    let unknown = json!({"type": "PAGER_DUTY", "serviceKey": "0123456789abcdef0123456789abcdef", "colour": "red"});
    assert_eq!(
        codes(&validate::body(&unknown, None, AtlasV2)),
        pairs(&[("colour", "unknown_field")])
    );
}

/// Point 7: on Cloud Manager and Ops Manager, scheme https needs tlsPemPath (§4.3).
#[test]
fn prometheus_https_needs_a_pem_path_on_managers() {
    let body = json!({"type": "PROMETHEUS", "username": "u", "password": "pw",
        "serviceDiscovery": "http", "enabled": true, "scheme": "https", "listenAddress": "0.0.0.0:9216"});
    for f in [CloudManager, OpsManager] {
        let issues = validate::body(&body, None, f);
        assert_eq!(
            errors(&issues),
            pairs(&[("tlsPemPath", "missing_field")]),
            "{f:?}"
        );
        assert!(issues[0].message.contains("scheme is https"));
        for hole in [json!(null), json!("")] {
            let mut with = body.clone();
            with["tlsPemPath"] = hole;
            assert_eq!(
                errors(&validate::body(&with, None, f)),
                pairs(&[("tlsPemPath", "missing_field")])
            );
        }
        let mut ok = body.clone();
        ok["tlsPemPath"] = json!("/etc/ssl/prom.pem");
        assert_eq!(codes(&validate::body(&ok, None, f)), vec![]);
        let mut http = body.clone();
        http["scheme"] = json!("http");
        assert_eq!(codes(&validate::body(&http, None, f)), vec![]);
    }
}

/// Point 8: the spec's `id` is a string or null; any other JSON type is refused.
#[test]
fn id_of_the_wrong_json_type() {
    for f in Flavour::ALL {
        for id in [json!(42), json!(true), json!(["x"]), json!({"$oid": "x"})] {
            let body = json!({"type": "OPS_GENIE", "apiKey": "k", "id": id});
            let issues = validate::body(&body, None, f);
            assert_eq!(codes(&issues), pairs(&[("id", "wrong_type")]), "{f:?} {id}");
            assert!(issues[0].is_error());
        }
        let body = json!({"type": "OPS_GENIE", "apiKey": "k", "id": "5d0f1f73cf09a29120e173cf"});
        assert_eq!(
            codes(&validate::body(&body, None, f)),
            pairs(&[("id", "read_only_field")])
        );
    }
}

/// Point 10: the CM/OM docs require Slack teamName when reconfiguring; legacy
/// configurations may lack it, so its absence is a warning there, and nothing on Atlas.
#[test]
fn slack_team_name_on_managers() {
    let body = json!({"type": "SLACK", "apiToken": "xoxb-1", "channelName": "alerts"});
    for f in [CloudManager, OpsManager] {
        let issues = validate::body(&body, None, f);
        assert_eq!(
            codes(&issues),
            pairs(&[
                ("teamName", "missing_recommended"),
                ("", "slack_oauth_required")
            ])
        );
        assert!(issues[0].message.contains(f.label()) && !issues[0].is_error());
        let mut empty = body.clone();
        empty["teamName"] = json!("");
        assert_eq!(
            codes(&validate::body(&empty, None, f))[0],
            ("teamName".into(), "missing_recommended")
        );
    }
    for f in [AtlasV2, AtlasV1] {
        assert_eq!(
            codes(&validate::body(&body, None, f)),
            pairs(&[("", "slack_oauth_required")])
        );
    }
}

/// Point 15: the Slack set-up warning names the product in use, not "Atlas" everywhere.
#[test]
fn slack_warning_names_the_product() {
    let body = json!({"type": "SLACK", "apiToken": "xoxb-1", "channelName": "a", "teamName": "t"});
    for (f, ui) in [
        (AtlasV2, "Atlas UI"),
        (AtlasV1, "Atlas UI"),
        (CloudManager, "Cloud Manager UI"),
        (OpsManager, "Ops Manager UI"),
    ] {
        let issues = validate::body(&body, None, f);
        assert_eq!(issues.len(), 1);
        assert!(
            issues[0].message.contains(ui),
            "{f:?}: {}",
            issues[0].message
        );
    }
}
