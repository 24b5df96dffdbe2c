//! The rule table (docs/RULES.md): generated from the catalogue, fresh, and every error
//! rule in it names its source; texts that reach users carry no source references.

use atlas_integrations::catalogue::{self, rule_table_markdown, rules, TYPES};
use atlas_integrations::flavour::{Flavour, FlavourSet};
use atlas_integrations::issue::{IssueCode, Severity};
use atlas_integrations::schema::describe_types;
use serde_json::Value;

const RULES_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/RULES.md");

/// docs/RULES.md is exactly what the catalogue renders; `UPDATE_RULES=1` rewrites it.
#[test]
fn rules_md_is_fresh() {
    let fresh = rule_table_markdown();
    if std::env::var_os("UPDATE_RULES").is_some() {
        std::fs::write(RULES_MD, &fresh).unwrap();
    }
    let on_disk = std::fs::read_to_string(RULES_MD).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "docs/RULES.md is stale: run `UPDATE_RULES=1 cargo test --test catalogue_rules`"
    );
}

#[test]
fn every_error_rule_names_its_source() {
    for flavour in Flavour::ALL {
        let table = rules(flavour);
        assert!(table.len() > 50, "{flavour:?}: {}", table.len());
        for rule in &table {
            assert_eq!(rule.severity(), rule.code.severity());
            if rule.severity() == Severity::Error {
                assert!(
                    rule.source.starts_with("INTEGRATIONS.md §") || rule.source.contains("docs"),
                    "{flavour:?} {} {}: no source",
                    rule.subject,
                    rule.rule
                );
            }
        }
    }
    // Each field with a rule in some flavour has a source, and each refused type one too.
    for def in TYPES {
        assert_eq!(
            def.supported == FlavourSet::ALL,
            def.unsupported_source.is_empty(),
            "{}",
            def.name
        );
        for field in def
            .fields
            .iter()
            .filter(|f| f.flavours.iter().next().is_some())
        {
            assert!(
                field.source.starts_with("INTEGRATIONS.md §"),
                "{}.{}",
                def.name,
                field.name
            );
        }
    }
}

/// The rows that issue 17 changed, in the flavours they concern.
#[test]
fn the_table_states_the_decisions() {
    let find = |flavour: Flavour, subject: &str, code: IssueCode| {
        rules(flavour)
            .into_iter()
            .find(|r| r.subject == subject && r.code == code)
            .unwrap_or_else(|| panic!("{flavour:?}: no {subject} {code:?}"))
    };
    use Flavour::*;
    for f in [CloudManager, OpsManager] {
        assert_eq!(
            find(f, "PROMETHEUS.tlsPemPath", IssueCode::MissingField).rule,
            "required when scheme is https"
        );
        find(f, "SLACK.teamName", IssueCode::MissingRecommended);
        find(f, "query.backupJobsEnabledOnly", IssueCode::WrongType);
        find(
            f,
            "query.pageNum, itemsPerPage",
            IssueCode::IneffectiveParameter,
        );
    }
    for f in [AtlasV2, AtlasV1] {
        assert_eq!(
            find(f, "PROMETHEUS.scheme", IssueCode::UnsupportedField).severity(),
            Severity::Warning
        );
        find(
            f,
            "query.backupJobsEnabledOnly",
            IssueCode::UnsupportedParameter,
        );
        assert_eq!(
            find(f, "HIP_CHAT", IssueCode::UnsupportedType).severity(),
            Severity::Error
        );
    }
    for f in Flavour::ALL {
        find(f, "PROMETHEUS.password", IssueCode::KeptOnUpdate);
        assert_eq!(
            find(f, "PROMETHEUS.password", IssueCode::MissingField).rule,
            "required on create"
        );
        find(f, "integrationType", IssueCode::LegacyType);
        find(f, "body.id", IssueCode::WrongType);
    }
    assert_eq!(
        find(AtlasV2, "SLACK.channelName", IssueCode::MissingField).rule,
        "present (null allowed)"
    );
    find(AtlasV1, "SLACK.channelName", IssueCode::MissingRecommended);
    // The 80-character limit is the Atlas spec's: an error there, a warning on CM/OM.
    for f in [AtlasV2, AtlasV1] {
        find(f, "SLACK.channelName", IssueCode::TooLong);
    }
    for f in [CloudManager, OpsManager] {
        let rule = find(f, "SLACK.channelName", IssueCode::MayBeTooLong);
        assert_eq!(rule.severity(), Severity::Warning);
        assert!(!rules(f)
            .iter()
            .any(|r| r.subject == "SLACK.channelName" && r.code == IssueCode::TooLong));
    }
    // "" counts as unset, so a minimum of 1 is no rule of its own: none is listed.
    for f in Flavour::ALL {
        assert!(
            !rules(f).iter().any(|r| r.code == IssueCode::TooShort),
            "{f:?}"
        );
    }
    assert!(!rules(AtlasV1)
        .iter()
        .any(|r| r.subject == "SLACK.channelName" && r.code == IssueCode::MissingField));
    assert_eq!(
        find(AtlasV2, "WEBHOOK.bodyTemplate", IssueCode::TemplateTooLong).severity(),
        Severity::Warning
    );
    find(OpsManager, "DATADOG.region", IssueCode::UnsupportedField);
    // Ops Manager's request and response docs disagree on Datadog: a warning there only.
    assert_eq!(
        find(OpsManager, "DATADOG", IssueCode::DisputedType).severity(),
        Severity::Warning
    );
    for f in [AtlasV2, AtlasV1] {
        assert!(!rules(f).iter().any(|r| r.code == IssueCode::DisputedType));
    }
    find(
        OpsManager,
        "DATADOG.sendDatabaseMetrics",
        IssueCode::UnsupportedField,
    );
    let md = rule_table_markdown();
    assert!(md.contains("## Ops Manager (`opsManager`)"));
    assert!(md.contains("| `PROMETHEUS.tlsPemPath` | required when scheme is https | `missing_field` | error | INTEGRATIONS.md §4.3"));
}

/// Issue 19 point 6: labels, help and notes that reach users name no source section, no
/// open question and no error code; a note about one flavour shows for that flavour only.
#[test]
fn user_facing_text_is_clean() {
    let mut texts = Vec::new();
    for flavour in Flavour::ALL.into_iter().map(Some).chain([None]) {
        collect_strings(&describe_types(flavour), &mut texts);
    }
    let codes: Vec<&str> = IssueCode::ALL.iter().map(|c| c.as_str()).collect();
    for text in &texts {
        assert!(!text.contains('§') && !text.contains("uncertain"), "{text}");
        assert!(!text.contains("issue "), "{text}");
        assert!(!codes.iter().any(|c| text.contains(c)), "{text}");
        // API error codes such as HIPCHAT_NOT_SUPPORTED (type names like PAGER_DUTY are fine).
        for word in text.split(|c: char| !(c.is_ascii_uppercase() || c == '_')) {
            assert!(
                word.matches('_').count() < 2 || catalogue::find(word).is_some(),
                "{text}"
            );
        }
    }
    let notes = |flavour: Option<Flavour>, name: &str| -> Vec<String> {
        let described = describe_types(flavour);
        described["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| {
                t["notes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    use Flavour::*;
    assert!(notes(Some(AtlasV2), "DATADOG").is_empty());
    assert!(notes(Some(AtlasV1), "DATADOG").is_empty());
    assert_eq!(notes(Some(OpsManager), "DATADOG").len(), 1);
    assert!(notes(None, "DATADOG")[0].starts_with("Ops Manager: "));
    // Point 15: the Slack set-up note names the product in use.
    assert!(notes(Some(OpsManager), "SLACK")[0].contains("in the Ops Manager UI"));
    assert!(notes(Some(CloudManager), "SLACK")[0].contains("in the Cloud Manager UI"));
    assert!(notes(Some(AtlasV2), "SLACK")[0].contains("in the Atlas UI"));
    assert!(!notes(None, "SLACK")[0].contains("{product}"));
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}
