//! Structural checks of the generated TypeScript declarations (no snapshot: each assertion
//! names what must be there).

use atlas_integrations::catalogue::TYPES;
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::IssueCode;
use atlas_integrations::typescript::declarations;

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
    // Required on Atlas only, nullable: optional in TypeScript, with a note.
    let slack = interface(&ts, "SlackIntegration");
    assert!(slack.contains("  channelName?: string | null;"), "{slack}");
    assert!(slack.contains("Required in: atlasV2, atlasV1; optional elsewhere."));
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
