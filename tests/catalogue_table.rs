//! Invariants of the catalogue table itself, and the decisions recorded in it.

use atlas_integrations::catalogue::{self, DefaultValue, Kind, Mask, TYPES};
use atlas_integrations::flavour::{Flavour, FlavourSet};
use std::collections::BTreeSet;

#[test]
fn rows_are_consistent() {
    let names: BTreeSet<&str> = TYPES.iter().map(|t| t.name).collect();
    assert_eq!(names.len(), TYPES.len(), "type names are unique");
    for def in TYPES {
        assert!(def.name.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        assert_eq!(catalogue::find(def.name).map(|t| t.name), Some(def.name));
        assert_eq!(
            def.supported == FlavourSet::ALL,
            def.unsupported_note.is_empty(),
            "{}: a note exactly where some flavour refuses the type",
            def.name
        );
        let fields: BTreeSet<&str> = def.fields.iter().map(|f| f.name).collect();
        assert_eq!(
            fields.len(),
            def.fields.len(),
            "{}: unique fields",
            def.name
        );
        for field in def.fields {
            let at = format!("{}.{}", def.name, field.name);
            assert!(field.name != "type" && field.name != "id", "{at}: implicit");
            for f in Flavour::ALL {
                assert!(
                    !field.required_in(f) || field.exists_in(f),
                    "{at}: required ⊆ exists"
                );
                assert!(
                    !field.exists_in(f) || def.supports(f),
                    "{at}: exists ⊆ supported"
                );
            }
            assert!(!field.label.is_empty() && field.help.ends_with('.'), "{at}");
            match (field.kind, field.default) {
                (Kind::Boolean, Some(DefaultValue::Bool(_))) | (_, None) => {}
                (Kind::Enum(options), Some(DefaultValue::Str(s))) => {
                    assert!(options.contains(&s), "{at}: default among options")
                }
                other => panic!("{at}: default does not fit the kind: {other:?}"),
            }
        }
    }
    assert_eq!(catalogue::find("pager_duty").map(|t| t.name), None);
}

#[test]
fn recorded_decisions() {
    let supported = |name: &str| catalogue::find(name).unwrap().supported;
    let field = |t: &str, f: &str| *catalogue::find(t).unwrap().field(f).unwrap();
    use Flavour::*;
    assert_eq!(
        supported("DATADOG"),
        FlavourSet::of(&[AtlasV2, AtlasV1, OpsManager])
    );
    assert_eq!(supported("HIP_CHAT"), FlavourSet::OPS_MANAGER);
    assert_eq!(supported("FLOWDOCK"), FlavourSet::NONE);
    assert_eq!(supported("NEW_RELIC"), FlavourSet::ATLAS);
    for deprecated in ["NEW_RELIC", "HIP_CHAT", "FLOWDOCK"] {
        assert!(catalogue::find(deprecated).unwrap().deprecated.is_some());
    }
    assert!(catalogue::find("NEW_RELIC")
        .unwrap()
        .deprecated
        .unwrap()
        .contains("2021-06-16"));
    for t in ["bodyTemplate", "headersTemplate"] {
        assert_eq!(field("WEBHOOK", t).flavours, FlavourSet::ATLAS_V2);
    }
    assert_eq!(
        field("WEBHOOK", "bodyTemplate").kind,
        Kind::Template {
            max_bytes: 16384,
            object: false
        }
    );
    assert_eq!(
        field("WEBHOOK", "headersTemplate").kind,
        Kind::Template {
            max_bytes: 4096,
            object: true
        }
    );
    for f in ["scheme", "listenAddress"] {
        assert_eq!(field("PROMETHEUS", f).required, FlavourSet::MANAGERS);
    }
    assert_eq!(
        field("PROMETHEUS", "tlsPemPath").flavours,
        FlavourSet::MANAGERS
    );
    assert_eq!(
        field("PROMETHEUS", "sendUserProvidedResourceTagsEnabled").flavours,
        FlavourSet::ATLAS
    );
    assert_eq!(field("PROMETHEUS", "password").required, FlavourSet::ALL);
    assert_eq!(field("SLACK", "channelName").required, FlavourSet::ATLAS_V2);
    assert_eq!(
        field("SLACK", "channelName").recommended,
        FlavourSet::of(&[Flavour::AtlasV1])
    );
    assert_eq!(field("PAGER_DUTY", "region").flavours, FlavourSet::ATLAS);
    assert_eq!(
        field("OPS_GENIE", "region").default,
        Some(DefaultValue::Str("US"))
    );
    let secrets: Vec<(&str, &str, Mask)> = TYPES
        .iter()
        .filter(|t| t.supported != FlavourSet::NONE)
        .flat_map(|t| {
            t.fields
                .iter()
                .filter_map(move |f| f.secret.map(|m| (t.name, f.name, m)))
        })
        .collect();
    assert_eq!(
        secrets,
        [
            ("PAGER_DUTY", "serviceKey", Mask::LastFour),
            ("SLACK", "apiToken", Mask::LastFour),
            ("DATADOG", "apiKey", Mask::LastFour),
            ("NEW_RELIC", "licenseKey", Mask::LastFour),
            ("NEW_RELIC", "readToken", Mask::LastFour),
            ("NEW_RELIC", "writeToken", Mask::LastFour),
            ("OPS_GENIE", "apiKey", Mask::LastFour),
            ("VICTOR_OPS", "apiKey", Mask::LastFour),
            ("WEBHOOK", "url", Mask::Url),
            ("WEBHOOK", "secret", Mask::Full),
            ("WEBHOOK", "bodyTemplate", Mask::Full),
            ("WEBHOOK", "headersTemplate", Mask::Full),
            ("MICROSOFT_TEAMS", "microsoftTeamsWebhookUrl", Mask::Url),
            ("PROMETHEUS", "password", Mask::WriteOnly),
            ("PROMETHEUS", "tlsPemPassword", Mask::WriteOnly),
            ("HIP_CHAT", "notificationToken", Mask::LastFour),
        ]
    );
}
