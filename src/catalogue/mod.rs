//! The catalogue: every integration type × flavour × field, written once.
//!
//! Validation, request redaction, plans, TypeScript types, form metadata, JSON Schema and
//! the docs all read this table; a field rule written anywhere else is a bug.

mod rules;
mod types;

use crate::flavour::{Flavour, FlavourSet};
use crate::issue::IssueCode;

pub use rules::{rule_table_markdown, rules, Rule};
pub(crate) use types::SLACK_OAUTH_NOTE;
pub use types::TYPES;

/// What kind of value a field holds, with its constraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Free text with optional length bounds (in characters).
    Text {
        min_len: Option<u32>,
        max_len: Option<u32>,
    },
    Boolean,
    /// One of a fixed list of strings (case-sensitive, as the API is).
    Enum(&'static [&'static str]),
    /// An absolute `http://` or `https://` URL.
    Url,
    /// Exactly `len` hexadecimal digits; `lowercase` when the API's pattern is `[0-9a-f]`.
    HexKey {
        len: u32,
        lowercase: bool,
    },
    /// A webhook template that must render to JSON (an object when `object`), at most
    /// `max_bytes` bytes once rendered.
    Template {
        max_bytes: u32,
        object: bool,
    },
    /// `host:port` (Prometheus `listenAddress` on Cloud/Ops Manager).
    HostPort,
    /// An absolute file-system path on the monitored host.
    AbsolutePath,
}

impl Kind {
    /// Every kind's name in form metadata (`kind.type` of `describeTypes`) with what a form
    /// should know of it: the TypeScript union `FieldKindType`.
    pub const NAMES: [(&'static str, &'static str); 8] = [
        (
            "text",
            "Free text, within `minLength` and `maxLength` when given.",
        ),
        ("boolean", "A checkbox."),
        ("enum", "One of `options`."),
        (
            "url",
            "An absolute `http://` or `https://` URL (`format` is `uri`).",
        ),
        (
            "hexKey",
            "Hexadecimal digits: exactly `minLength` of them, matching `pattern`.",
        ),
        (
            "template",
            "A webhook JSON template (see `maxBytes` and `rendersToObject`).",
        ),
        ("hostPort", "`host:port`."),
        (
            "absolutePath",
            "An absolute file-system path on the monitored host.",
        ),
    ];

    /// Its name in [`Kind::NAMES`] (spelt only there). Each index is a constant, so only
    /// the name reaches the wasm module, not the whole table with its docs.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Text { .. } => Self::NAMES[0].0,
            Kind::Boolean => Self::NAMES[1].0,
            Kind::Enum(_) => Self::NAMES[2].0,
            Kind::Url => Self::NAMES[3].0,
            Kind::HexKey { .. } => Self::NAMES[4].0,
            Kind::Template { .. } => Self::NAMES[5].0,
            Kind::HostPort => Self::NAMES[6].0,
            Kind::AbsolutePath => Self::NAMES[7].0,
        }
    }
}

/// How a secret comes back in API responses (INTEGRATIONS.md §4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mask {
    /// Everything but the last four characters replaced by `*`.
    LastFour,
    /// Completely replaced by `*`.
    Full,
    /// A URL whose tail is replaced by `****` (`https://webhook.com/****`).
    Url,
    /// Never returned at all.
    WriteOnly,
}

impl Mask {
    /// Every mask, in declaration order (the TypeScript union `SecretMask`).
    pub const ALL: [Mask; 4] = [Mask::LastFour, Mask::Full, Mask::Url, Mask::WriteOnly];

    /// Its name in form metadata (`secret.mask` of `describeTypes`).
    pub const fn id(self) -> &'static str {
        match self {
            Mask::LastFour => "lastFour",
            Mask::Full => "full",
            Mask::Url => "url",
            Mask::WriteOnly => "writeOnly",
        }
    }

    /// What API responses show of a secret masked this way.
    pub const fn description(self) -> &'static str {
        match self {
            Mask::LastFour => "responses show only its last four characters",
            Mask::Full => "responses show only asterisks",
            Mask::Url => "responses mask the end of the URL",
            Mask::WriteOnly => "responses never include it",
        }
    }
}

/// A default the server applies when the field is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DefaultValue {
    Bool(bool),
    Str(&'static str),
}

/// One field of one integration type.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Field {
    /// JSON (and JS) name.
    pub name: &'static str,
    /// Human label for forms.
    pub label: &'static str,
    /// One sentence of help for forms and docs.
    pub help: &'static str,
    pub kind: Kind,
    /// Flavours in which the field exists at all.
    pub flavours: FlavourSet,
    /// Flavours in which it is required (on create and update alike: same schema).
    pub required: FlavourSet,
    /// Whether `null` is an accepted value (treated as "not set").
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    /// `Some` for secrets: how responses mask them.
    pub secret: Option<Mask>,
    /// Deprecation or end-of-life note.
    pub deprecated: Option<&'static str>,
    /// Where the field's error rules (presence, JSON type, format) come from: a section of
    /// INTEGRATIONS.md or a docs page. Printed in docs/RULES.md, never shown in forms.
    pub source: &'static str,
    /// Also required when another field holds a value: `(field, value)`.
    pub required_if: Option<(&'static str, &'static str)>,
    /// Flavours where a source asks for the field but another calls it optional, or older
    /// configurations lack it: its absence is a warning there.
    pub recommended: FlavourSet,
    /// A write-only field that an update may leave out (the server keeps the current
    /// value): required on create only.
    pub kept_on_update: bool,
    /// Flavours whose sources state the maximum length of a text: a longer value is a
    /// `too_long` error there, and only a `may_be_too_long` warning elsewhere.
    pub bounded: FlavourSet,
}

impl Field {
    /// An optional, non-secret field that exists in every flavour; the table narrows it with
    /// the `const` setters below so each row states only what differs.
    const fn new(name: &'static str, label: &'static str, help: &'static str, kind: Kind) -> Field {
        Field {
            name,
            label,
            help,
            kind,
            flavours: FlavourSet::ALL,
            required: FlavourSet::NONE,
            nullable: false,
            default: None,
            secret: None,
            deprecated: None,
            source: "",
            required_if: None,
            recommended: FlavourSet::NONE,
            kept_on_update: false,
            bounded: FlavourSet::ALL,
        }
    }
    const fn source(self, source: &'static str) -> Field {
        Field { source, ..self }
    }
    const fn required_if(self, field: &'static str, value: &'static str) -> Field {
        Field {
            required_if: Some((field, value)),
            ..self
        }
    }
    const fn recommended(self, recommended: FlavourSet) -> Field {
        Field {
            recommended,
            ..self
        }
    }
    const fn bounded(self, bounded: FlavourSet) -> Field {
        Field { bounded, ..self }
    }
    const fn kept_on_update(self) -> Field {
        Field {
            kept_on_update: true,
            ..self
        }
    }
    /// Limits the flavours in which the field exists (and in which it can be required).
    const fn only(self, flavours: FlavourSet) -> Field {
        Field { flavours, ..self }
    }
    const fn required(self, required: FlavourSet) -> Field {
        Field { required, ..self }
    }
    const fn nullable(self) -> Field {
        Field {
            nullable: true,
            ..self
        }
    }
    const fn default(self, default: DefaultValue) -> Field {
        Field {
            default: Some(default),
            ..self
        }
    }
    const fn secret(self, mask: Mask) -> Field {
        Field {
            secret: Some(mask),
            ..self
        }
    }

    pub fn exists_in(&self, flavour: Flavour) -> bool {
        self.flavours.contains(flavour)
    }
    pub fn required_in(&self, flavour: Flavour) -> bool {
        self.required.contains(flavour)
    }
    /// The minimum length a text can break. A minimum of 1 is none: an empty text counts as
    /// unset (a `missing_field` where the field is required, nothing elsewhere, as CM/OM
    /// return "" for an unset Slack channel), so `validate` and the rule table skip it.
    pub fn min_chars(&self) -> Option<u32> {
        match self.kind {
            Kind::Text { min_len, .. } => min_len.filter(|&min| min > 1),
            _ => None,
        }
    }
    /// The issue code of a text over its maximum length in `flavour`.
    pub fn too_long_code(&self, flavour: Flavour) -> IssueCode {
        if self.bounded.contains(flavour) {
            IssueCode::TooLong
        } else {
            IssueCode::MayBeTooLong
        }
    }
}

/// One integration type.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct TypeDef {
    /// The API's `type` value, e.g. `PAGER_DUTY`.
    pub name: &'static str,
    /// Human label, e.g. `PagerDuty`.
    pub label: &'static str,
    /// The OpenAPI schema that describes it in Atlas v2, if any.
    pub schema_name: Option<&'static str>,
    /// Flavours that accept it.
    pub supported: FlavourSet,
    /// Why a flavour outside `supported` refuses it (shown in the `unsupported_type` message).
    pub unsupported_note: &'static str,
    /// Where the refusal comes from (docs/RULES.md), empty when every flavour accepts it.
    pub unsupported_source: &'static str,
    /// Deprecation or end-of-life note (a `deprecated_type` warning).
    pub deprecated: Option<&'static str>,
    /// Facts a form or the docs should show next to the type (set-up steps, open questions).
    pub notes: &'static [Note],
    /// Where the sources disagree on whether a flavour accepts the type.
    pub disputed: Option<Dispute>,
    pub fields: &'static [Field],
}

/// A disagreement between sources on whether some flavours accept a type. The type stays
/// accepted there (no source says the server refuses it for sure), and a body of it gets a
/// `disputed_type` warning whose message is the note, also shown with the type's notes.
#[derive(Clone, Copy, Debug)]
pub struct Dispute {
    pub note: Note,
    /// Where the disagreement is stated (docs/RULES.md).
    pub source: &'static str,
}

/// A fact shown next to a type, in the flavours it concerns only.
#[derive(Clone, Copy, Debug)]
pub struct Note {
    pub flavours: FlavourSet,
    /// Plain text; [`PRODUCT`] stands for the product in use ("the Ops Manager UI").
    pub text: &'static str,
}

/// The placeholder in a note for the product's name.
pub const PRODUCT: &str = "{product}";

impl Note {
    /// A note about every flavour.
    const fn all(text: &'static str) -> Note {
        Note {
            flavours: FlavourSet::ALL,
            text,
        }
    }

    /// The text for `flavour`, or, without one, for any flavour the note concerns (then a
    /// note about some flavours only names them first).
    pub fn text_for(&self, flavour: Option<Flavour>) -> String {
        match flavour {
            Some(f) => self.text.replace(PRODUCT, product(Some(f))),
            None if self.flavours == FlavourSet::ALL => self.text.replace(PRODUCT, product(None)),
            None => {
                let names: Vec<&str> = self.flavours.iter().map(Flavour::label).collect();
                format!(
                    "{}: {}",
                    names.join(", "),
                    self.text.replace(PRODUCT, product(None))
                )
            }
        }
    }
}

/// The product whose UI a message points to: "Ops Manager" rather than "Atlas" for an Ops
/// Manager user.
pub fn product(flavour: Option<Flavour>) -> &'static str {
    match flavour {
        Some(Flavour::AtlasV2 | Flavour::AtlasV1) => "Atlas",
        Some(Flavour::CloudManager) => "Cloud Manager",
        Some(Flavour::OpsManager) => "Ops Manager",
        _ => "Atlas, Cloud Manager or Ops Manager",
    }
}

impl TypeDef {
    pub fn supports(&self, flavour: Flavour) -> bool {
        self.supported.contains(flavour)
    }
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    /// Whether `field` must be sent wherever this type is accepted: the one notion of
    /// "required" for flavour-independent outputs (TypeScript, form metadata without a
    /// flavour). A type accepted nowhere (Flowdock) has no such field.
    pub fn always_requires(&self, field: &Field) -> bool {
        self.supported.iter().next().is_some()
            && self.supported.iter().all(|f| field.required_in(f))
    }
    /// The notes that concern `flavour`, as text (every note without a flavour).
    pub fn notes_for(&self, flavour: Option<Flavour>) -> Vec<String> {
        self.disputed
            .iter()
            .map(|d| &d.note)
            .chain(self.notes)
            .filter(|n| flavour.map_or(true, |f| n.flavours.contains(f)))
            .map(|n| n.text_for(flavour))
            .collect()
    }
    /// The disagreement on whether `flavour` accepts the type, if any.
    pub fn dispute_in(&self, flavour: Flavour) -> Option<&Dispute> {
        self.disputed
            .as_ref()
            .filter(|d| d.note.flavours.contains(flavour))
    }
    /// The fields that exist in `flavour`.
    pub fn fields_in(&self, flavour: Flavour) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().filter(move |f| f.exists_in(flavour))
    }
}

/// Looks a type up by its API name (`PAGER_DUTY`); exact and case-sensitive like the API.
pub fn find(name: &str) -> Option<&'static TypeDef> {
    TYPES.iter().find(|t| t.name == name)
}

/// The types a flavour accepts, in catalogue order.
pub fn supported_types(flavour: Flavour) -> impl Iterator<Item = &'static TypeDef> {
    TYPES.iter().filter(move |t| t.supports(flavour))
}
