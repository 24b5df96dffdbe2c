//! TypeScript declarations generated from the catalogue, so the `.d.ts` never drifts from
//! the rules the validator enforces.
//!
//! `build.rs` also compiles this file (with `flavour`, `issue`, `catalogue` and
//! `type_catalogue`) through `#[path]`, so it may use only those modules, `std` and `serde`:
//! no `serde_json`.

use crate::catalogue::{self, Field, Kind, Mask, TypeDef};
use crate::flavour::{Flavour, FlavourSet};
use crate::issue::IssueCode;
use crate::type_catalogue::{self, Interface};
use std::fmt::Write as _;

/// The declarations: `Flavour`, `IssueCode`, `IntegrationType`, one interface per type
/// (`PagerDutyIntegration`, ...) and their discriminated union `Integration`; then what
/// `describeTypes` returns (`TypeCatalogue` and the objects in it, from `type_catalogue`).
///
/// A field is required (no `?`) only when every flavour that accepts the type requires it;
/// the JSDoc of the others says where they are required or exist.
pub fn declarations() -> String {
    let mut out =
        String::from("// Generated from the atlas-integrations catalogue. Do not edit.\n\n");
    union(
        &mut out,
        "The API flavour.",
        "Flavour",
        Flavour::ALL.iter().map(|f| (f.id(), Some(f.label()))),
    );
    union(
        &mut out,
        "The closed set of validation problem codes.",
        "IssueCode",
        IssueCode::ALL
            .iter()
            .map(|c| (c.as_str(), Some(c.description()))),
    );
    union(
        &mut out,
        "Every integration type this library knows (not all are accepted by every flavour).",
        "IntegrationType",
        catalogue::TYPES.iter().map(|t| (t.name, Some(t.label))),
    );
    for def in catalogue::TYPES {
        interface(&mut out, def);
    }
    out.push_str(
        "/** Any integration body, discriminated by `type`. */\nexport type Integration =\n",
    );
    for def in catalogue::TYPES {
        let _ = writeln!(out, "  | {}", interface_name(def.name));
    }
    out.push_str(";\n\n");
    union(
        &mut out,
        "The kind of a field's value (`FieldKind.type`): which input to render.",
        "FieldKindType",
        Kind::NAMES.iter().map(|(name, doc)| (*name, Some(*doc))),
    );
    let masks: Vec<(&str, String)> = Mask::ALL
        .iter()
        .map(|m| (m.id(), format!("API {}.", m.description())))
        .collect();
    union(
        &mut out,
        "How API responses mask a secret field (`FieldSecret.mask`).",
        "SecretMask",
        masks.iter().map(|(id, doc)| (*id, Some(doc.as_str()))),
    );
    for def in type_catalogue::INTERFACES {
        object_interface(&mut out, def);
    }
    out
}

/// The interface of one object of `describeTypes`' answer.
fn object_interface(out: &mut String, def: &Interface) {
    let _ = writeln!(
        out,
        "{}export interface {} {{",
        jsdoc(&doc_text(def.doc), ""),
        def.name
    );
    for member in def.members {
        let optional = if member.optional { "?" } else { "" };
        let _ = writeln!(
            out,
            "{}  {}{optional}: {};",
            jsdoc(&doc_text(member.doc), "  "),
            member.key,
            member.ts
        );
    }
    out.push_str("}\n\n");
}

/// Doc-comment lines (`/// text` gives `" text"`) as plain text.
fn doc_text(lines: &[&str]) -> String {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n")
}

/// `export type Name = "a" | "b";` with one JSDoc line per member.
fn union<'a>(
    out: &mut String,
    doc: &str,
    name: &str,
    members: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) {
    let _ = writeln!(out, "/** {} */\nexport type {name} =", comment(doc));
    for (value, doc) in members {
        if let Some(doc) = doc {
            let _ = writeln!(out, "  /** {} */", comment(doc));
        }
        let _ = writeln!(out, "  | {}", string_literal(value));
    }
    out.push_str(";\n\n");
}

fn interface(out: &mut String, def: &TypeDef) {
    let mut doc = format!("{} integration.", def.label);
    let supported: Vec<&str> = def.supported.iter().map(Flavour::id).collect();
    if supported.is_empty() {
        let _ = write!(doc, " Accepted by no flavour: {}", def.unsupported_note);
    } else {
        let _ = write!(doc, " Accepted by: {}.", supported.join(", "));
    }
    for note in def.notes_for(None) {
        let _ = write!(doc, "\n{note}");
    }
    if let Some(note) = def.deprecated {
        let _ = write!(doc, "\n@deprecated {note}");
    }
    let _ = writeln!(
        out,
        "{}export interface {} {{",
        jsdoc(&doc, ""),
        interface_name(def.name)
    );
    out.push_str("  /** The integration type: what tells the types of this union apart. */\n");
    let _ = writeln!(out, "  type: {};", string_literal(def.name));
    for field in def.fields {
        member(out, def, field);
    }
    out.push_str("  /** Set by the server; there is no need to send it. */\n");
    out.push_str("  id?: string | null;\n}\n\n");
}

fn member(out: &mut String, def: &TypeDef, field: &Field) {
    let always = def.always_requires(field);
    let mut doc = format!("{}: {}", field.label, field.help);
    let exists: Vec<&str> = field.flavours.iter().map(Flavour::id).collect();
    if field.flavours != def.supported {
        let _ = write!(doc, "\nOnly in: {}.", or_none(&exists));
    }
    if !always && field.required != FlavourSet::NONE {
        let required: Vec<&str> = field.required.iter().map(Flavour::id).collect();
        let _ = write!(
            doc,
            "\nRequired in: {}; optional elsewhere.",
            required.join(", ")
        );
    }
    if let Some(mask) = field.secret {
        let _ = write!(
            doc,
            "\nSecret: {}; never send a masked value back.",
            mask.description()
        );
    }
    if let Some(note) = field.deprecated {
        let _ = write!(doc, "\n@deprecated {note}");
    }
    let optional = if always { "" } else { "?" };
    let null = if field.nullable { " | null" } else { "" };
    let _ = writeln!(
        out,
        "{}  {}{optional}: {}{null};",
        jsdoc(&doc, "  "),
        field.name,
        ts_type(field.kind)
    );
}

fn ts_type(kind: Kind) -> String {
    match kind {
        Kind::Boolean => "boolean".to_string(),
        Kind::Enum(options) => options
            .iter()
            .map(|o| string_literal(o))
            .collect::<Vec<_>>()
            .join(" | "),
        Kind::Text { .. }
        | Kind::Url
        | Kind::HexKey { .. }
        | Kind::Template { .. }
        | Kind::HostPort
        | Kind::AbsolutePath => "string".to_string(),
    }
}

/// `PAGER_DUTY` → `PagerDutyIntegration`.
fn interface_name(type_name: &str) -> String {
    let mut name = String::new();
    for word in type_name.split('_') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    name.push_str("Integration");
    name
}

fn or_none(ids: &[&str]) -> String {
    if ids.is_empty() {
        "no current flavour".to_string()
    } else {
        ids.join(", ")
    }
}

/// A multi-line JSDoc block indented by `indent`.
fn jsdoc(text: &str, indent: &str) -> String {
    let mut out = format!("{indent}/**\n");
    for line in comment(text).lines() {
        let _ = writeln!(out, "{indent} * {line}");
    }
    let _ = writeln!(out, "{indent} */");
    out
}

/// Text made safe inside a `/** */` comment.
fn comment(text: &str) -> String {
    text.replace("*/", "*\\/")
}

/// A double-quoted TypeScript string literal.
fn string_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
