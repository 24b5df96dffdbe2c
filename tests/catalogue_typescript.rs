//! Structural checks of the generated TypeScript declarations (no snapshot: each assertion
//! names what must be there).

use atlas_integrations::catalogue::{Kind, Mask, TYPES};
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::IssueCode;
use atlas_integrations::type_catalogue::INTERFACES;
use atlas_integrations::typescript::declarations;
use std::collections::BTreeSet;

#[test]
fn mentions_every_type_code_and_flavour() {
    let ts = declarations();
    for def in TYPES {
        assert!(ts.contains(&format!("| \"{}\"", def.name)), "{}", def.name);
        assert!(
            ts.contains(&format!("type: \"{}\";", def.name)),
            "{}",
            def.name
        );
    }
    for code in IssueCode::ALL {
        assert!(ts.contains(&format!("| \"{}\"", code.as_str())), "{code:?}");
        assert!(ts.contains(code.description().split('`').next().unwrap()));
    }
    for f in Flavour::ALL {
        assert!(ts.contains(&format!("| \"{}\"", f.id())));
    }
    for name in ["Flavour", "IssueCode", "IntegrationType", "Integration"] {
        assert!(ts.contains(&format!("export type {name} =")), "{name}");
    }
}

#[test]
fn interfaces_follow_the_required_rule() {
    let ts = declarations();
    let pd = interface(&ts, "PagerDutyIntegration");
    assert!(pd.contains("  serviceKey: string;"), "{pd}");
    assert!(pd.contains("  region?: \"US\" | \"EU\";"), "{pd}");
    assert!(pd.contains("  id?: string | null;"), "{pd}");
    // Required on Atlas v2 only, nullable: optional in TypeScript, with a note.
    let slack = interface(&ts, "SlackIntegration");
    assert!(slack.contains("  channelName?: string | null;"), "{slack}");
    assert!(slack.contains("Required in: atlasV2; optional elsewhere."));
    // Required wherever Prometheus exists in CM/OM, but absent from Atlas.
    let prom = interface(&ts, "PrometheusIntegration");
    assert!(prom.contains("  scheme?: \"http\" | \"https\";"), "{prom}");
    assert!(prom.contains("  password: string;"), "{prom}");
    assert!(prom.contains("  enabled: boolean;"), "{prom}");
    assert!(prom.contains("responses never include it"), "{prom}");
    // Deprecated and retired types carry @deprecated.
    assert!(interface(&ts, "NewRelicIntegration").contains("@deprecated"));
    let flowdock = interface(&ts, "FlowdockIntegration");
    assert!(flowdock.contains("@deprecated") && flowdock.contains("  flowName?: string;"));
    // The union lists every interface.
    let union = ts.split("export type Integration =").nth(1).unwrap();
    for def in TYPES {
        let name = interface_name(def.name);
        assert!(union.contains(&format!("| {name}")), "{name}");
        assert!(
            ts.contains(&format!("export interface {name} {{")),
            "{name}"
        );
    }
}

#[test]
fn declares_what_describe_types_answers() {
    let ts = declarations();
    let names: Vec<&str> = INTERFACES.iter().map(|i| i.name).collect();
    assert_eq!(
        names,
        [
            "TypeCatalogue",
            "FlavourDescription",
            "TypeDescription",
            "FlavourSupport",
            "FieldDescription",
            "FieldSecret",
            "FieldKind"
        ]
    );
    for def in INTERFACES {
        let decl = interface(&ts, def.name);
        assert!(!def.doc.is_empty(), "{} has no doc comment", def.name);
        for m in def.members {
            let optional = if m.optional { "?" } else { "" };
            let line = format!("\n  {}{optional}: {};", m.key, m.ts);
            assert!(decl.contains(&line), "{}: no {line:?} in\n{decl}", def.name);
            assert!(
                !m.doc.is_empty(),
                "{}.{} has no doc comment",
                def.name,
                m.key
            );
        }
        let lines = decl.lines().filter(|l| l.ends_with(';')).count();
        assert_eq!(lines, def.members.len(), "{decl}");
    }
    let kind = interface(&ts, "FieldKind");
    assert!(kind.contains("  type: FieldKindType;") && kind.contains("  minLength?: number;"));
    let field = interface(&ts, "FieldDescription");
    assert!(field.contains("  secret: null | FieldSecret;"), "{field}");
    let union = ts.split("export type FieldKindType =").nth(1).unwrap();
    let union = &union[..union.find(';').unwrap()];
    for (name, doc) in Kind::NAMES {
        assert!(
            union.contains(&format!("/** {doc} */\n  | \"{name}\"")),
            "{name}"
        );
    }
    for mask in Mask::ALL {
        assert!(ts.contains(&format!("  | \"{}\"", mask.id())), "{mask:?}");
    }
}

#[test]
fn kind_and_mask_names_are_distinct_and_each_in_use() {
    let kinds: BTreeSet<&str> = Kind::NAMES.iter().map(|(name, _)| *name).collect();
    assert_eq!(kinds.len(), Kind::NAMES.len());
    let masks: BTreeSet<&str> = Mask::ALL.iter().map(|m| m.id()).collect();
    assert_eq!(masks.len(), Mask::ALL.len());
    // Every name is some kind's (or mask's): none is left over from a wrong index.
    let fields = || TYPES.iter().flat_map(|t| t.fields);
    let used: BTreeSet<&str> = fields().map(|f| f.kind.name()).collect();
    assert_eq!(used, kinds);
    let used: BTreeSet<&str> = fields().filter_map(|f| f.secret).map(Mask::id).collect();
    assert_eq!(used, masks);
}

#[test]
fn comments_and_braces_are_balanced() {
    let ts = declarations();
    assert_eq!(ts.matches("/**").count(), ts.matches("*/").count());
    assert_eq!(ts.matches('{').count(), ts.matches('}').count());
    assert!(!ts.contains("\"\""), "no empty literal");
}

fn interface<'a>(ts: &'a str, name: &str) -> &'a str {
    let decl = ts.find(&format!("export interface {name} {{")).unwrap();
    let start = ts[..decl].rfind("/**").unwrap();
    let rest = &ts[start..];
    &rest[..rest.find("\n}\n").unwrap()]
}

fn interface_name(type_name: &str) -> String {
    let mut out: String = type_name
        .split('_')
        .map(|w| w[..1].to_string() + &w[1..].to_lowercase())
        .collect();
    out.push_str("Integration");
    out
}

#[test]
#[ignore = "prints the declarations for a human to read"]
fn print() {
    println!("{}", declarations());
}
