//! The rule table: every rule `validate` applies, per flavour, with its severity and its
//! source, so that a user can see why the package says no (docs/RULES.md is this table,
//! rendered by [`rule_table_markdown`] and kept fresh by a test).
//!
//! Type and field rules are read from the catalogue rows; the few rules that belong to no
//! type (the body's `type` and `id`, the path and the query) are listed in [`GENERAL`].

use super::{Field, Kind, TypeDef, TYPES};
use crate::flavour::Flavour;
use crate::issue::{IssueCode, Severity};

/// One rule: what is checked (`subject`, `rule`), the issue it raises and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `body.type`, `query.pageNum`, `PROMETHEUS.tlsPemPath`, ...
    pub subject: String,
    /// What is checked, in a few words.
    pub rule: String,
    pub code: IssueCode,
    /// A section of INTEGRATIONS.md or a docs page; empty only for warnings without one.
    pub source: &'static str,
}

impl Rule {
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Where the masking rule comes from (every secret field): a client guard, not a server rule.
const MASK_SOURCE: &str = "INTEGRATIONS.md §4.2 (responses mask secrets; a PUT replaces them), \
                           §8 item 4 (never send masked values back): a client-side guard";
/// Where the deprecations come from (New Relic's end of life, HipChat's).
const DEPRECATED_SOURCE: &str = "INTEGRATIONS.md §4.3, §5";
/// Where the webhook template limits come from (both are warnings: the server falls back).
const TEMPLATE_SOURCE: &str = "INTEGRATIONS.md §4.3 WEBHOOK (over the limit or not JSON, the \
                               default payload or headers are used)";

/// The rules of no particular type: `(flavours, subject, rule, code, source)`.
type General = (
    &'static [Flavour],
    &'static str,
    &'static str,
    IssueCode,
    &'static str,
);

const EVERY: &[Flavour] = &Flavour::ALL;
const ATLAS: &[Flavour] = &[Flavour::AtlasV2, Flavour::AtlasV1];
const MANAGERS: &[Flavour] = &[Flavour::CloudManager, Flavour::OpsManager];

/// The rules of the body as a whole, the path and the query, as `validate` applies them.
const GENERAL: &[General] = &[
    (EVERY, "groupId", "24 lowercase hexadecimal digits", IssueCode::InvalidFormat, "INTEGRATIONS.md §3.1 (pattern ^([a-f0-9]{24})$)"),
    (EVERY, "integrationType", "a type the flavour accepts, on create and update", IssueCode::UnsupportedType, "INTEGRATIONS.md §3.1, §5"),
    (EVERY, "integrationType", "a known type the flavour no longer accepts: allowed on get and delete, so that an old configuration can be read or removed", IssueCode::LegacyType, "INTEGRATIONS.md §3.1 (HIP_CHAT is in the Atlas path enum), §5"),
    (EVERY, "body.type", "present", IssueCode::MissingType, "INTEGRATIONS.md §4.1 (it selects the oneOf branch; every flavour's docs send it)"),
    (EVERY, "body.type", "a known integration type", IssueCode::UnknownType, "INTEGRATIONS.md §3.1, §4.1"),
    (EVERY, "body.type", "equal to the integrationType of the path", IssueCode::TypeMismatch, "INTEGRATIONS.md §2 (the body type must equal the path segment)"),
    (EVERY, "body.id", "a string or null", IssueCode::WrongType, "INTEGRATIONS.md §4.1 (id: string, nullable)"),
    (EVERY, "body.id", "set by the server, not needed", IssueCode::ReadOnlyField, "INTEGRATIONS.md §4.1 (inferred)"),
    (EVERY, "body.<other>", "a field of the type in some flavour", IssueCode::UnknownField, "INTEGRATIONS.md §4.1 (no additionalProperties; the server may answer INVALID_ATTRIBUTE)"),
    (EVERY, "query.pageNum, query.itemsPerPage", "whole numbers, pageNum >= 1, itemsPerPage 1..500", IssueCode::OutOfRange, "INTEGRATIONS.md §3.2"),
    (EVERY, "query.*", "booleans for includeCount, pretty, envelope (and backupJobsEnabledOnly)", IssueCode::WrongType, "INTEGRATIONS.md §3.2"),
    (EVERY, "query.<other>", "one of the documented parameters", IssueCode::UnsupportedParameter, "INTEGRATIONS.md §3.2; §6 INVALID_QUERY_PARAMETER"),
    (ATLAS, "query.pageNum, itemsPerPage, includeCount", "only on list, create and update", IssueCode::UnsupportedParameter, "INTEGRATIONS.md §2, §3.2 (the Atlas spec's parameters per operation)"),
    (ATLAS, "query.backupJobsEnabledOnly", "not a parameter of the Atlas APIs", IssueCode::UnsupportedParameter, "INTEGRATIONS.md §3.2 (not in the Atlas specs)"),
    (MANAGERS, "query.backupJobsEnabledOnly", "a boolean, accepted on every operation", IssueCode::WrongType, "INTEGRATIONS.md §3.2 correction (Cloud Manager PUT page, Ops Manager update and get-one pages)"),
    (MANAGERS, "query.pageNum, itemsPerPage", "listed for get and delete too, with no effect there", IssueCode::IneffectiveParameter, "INTEGRATIONS.md §3.2 correction"),
    (MANAGERS, "query.includeCount", "not in the Cloud Manager or Ops Manager docs", IssueCode::UndocumentedParameter, "INTEGRATIONS.md §3.2 (uncertain)"),
];

/// Every rule that applies in `flavour`: the general ones, then type by type in catalogue
/// order.
pub fn rules(flavour: Flavour) -> Vec<Rule> {
    let mut out: Vec<Rule> = GENERAL
        .iter()
        .filter(|(flavours, ..)| flavours.contains(&flavour))
        .map(|&(_, subject, rule, code, source)| Rule {
            subject: subject.to_owned(),
            rule: rule.to_owned(),
            code,
            source,
        })
        .collect();
    for def in TYPES {
        type_rules(def, flavour, &mut out);
    }
    out
}

fn type_rules(def: &TypeDef, flavour: Flavour, out: &mut Vec<Rule>) {
    let mut push = |subject: String, rule: String, code: IssueCode, source: &'static str| {
        out.push(Rule {
            subject,
            rule,
            code,
            source,
        })
    };
    if !def.supports(flavour) {
        let rule = "refused on create and update; get and delete warn".to_owned();
        push(
            def.name.to_owned(),
            rule,
            IssueCode::UnsupportedType,
            def.unsupported_source,
        );
        return;
    }
    if def.deprecated.is_some() {
        let rule = "deprecated".to_owned();
        push(
            def.name.to_owned(),
            rule,
            IssueCode::DeprecatedType,
            DEPRECATED_SOURCE,
        );
    }
    if let Some(dispute) = def.dispute_in(flavour) {
        let rule = "sources disagree on whether the flavour accepts it".to_owned();
        push(
            def.name.to_owned(),
            rule,
            IssueCode::DisputedType,
            dispute.source,
        );
    }
    for field in def.fields {
        let subject = format!("{}.{}", def.name, field.name);
        if !field.exists_in(flavour) {
            if field.flavours.iter().next().is_some() {
                let rule = "exists in another flavour only".to_owned();
                push(subject, rule, IssueCode::UnsupportedField, field.source);
            }
            continue;
        }
        for (rule, code) in field_rules(field, flavour) {
            let source = match code {
                IssueCode::MaskedSecret => MASK_SOURCE,
                IssueCode::TemplateTooLong | IssueCode::TemplateNotJson => TEMPLATE_SOURCE,
                _ => field.source,
            };
            push(subject.clone(), rule, code, source);
        }
    }
}

/// The checks `validate` makes on a field that exists in `flavour`.
fn field_rules(field: &Field, flavour: Flavour) -> Vec<(String, IssueCode)> {
    let mut out = Vec::new();
    if field.required_in(flavour) && field.kept_on_update {
        out.push(("required on create".to_owned(), IssueCode::MissingField));
        out.push((
            "may be left out of an update".to_owned(),
            IssueCode::KeptOnUpdate,
        ));
    } else if field.required_in(flavour) {
        let rule = if field.nullable {
            "present (null allowed)"
        } else {
            "required"
        };
        out.push((rule.to_owned(), IssueCode::MissingField));
    }
    if field.recommended.contains(flavour) {
        out.push((
            "asked for by some sources".to_owned(),
            IssueCode::MissingRecommended,
        ));
    }
    if let Some((other, value)) = field.required_if {
        out.push((
            format!("required when {other} is {value}"),
            IssueCode::MissingField,
        ));
    }
    let json = if field.kind == Kind::Boolean {
        "a boolean"
    } else {
        "a string"
    };
    out.push((json.to_owned(), IssueCode::WrongType));
    match field.kind {
        Kind::Text { max_len, .. } => {
            if let Some(min) = field.min_chars() {
                out.push((format!("at least {min} characters"), IssueCode::TooShort));
            }
            if let Some(max) = max_len {
                let code = field.too_long_code(flavour);
                out.push((format!("at most {max} characters"), code));
            }
        }
        Kind::Boolean => {}
        Kind::Enum(options) => out.push((
            format!("one of {}", options.join(", ")),
            IssueCode::InvalidEnum,
        )),
        Kind::Url => out.push(("an absolute http(s) URL".to_owned(), IssueCode::InvalidUrl)),
        Kind::HexKey { len, .. } => out.push((
            format!("{len} hexadecimal digits"),
            IssueCode::InvalidFormat,
        )),
        Kind::Template { max_bytes, .. } => {
            out.push((
                format!("at most {max_bytes} bytes"),
                IssueCode::TemplateTooLong,
            ));
            out.push((
                "renders to JSON (FreeMarker directives are not judged)".to_owned(),
                IssueCode::TemplateNotJson,
            ));
        }
        Kind::HostPort => out.push(("host:port".to_owned(), IssueCode::InvalidFormat)),
        Kind::AbsolutePath => out.push(("an absolute path".to_owned(), IssueCode::InvalidFormat)),
    }
    if field.secret.is_some() {
        out.push((
            "not the masked value a response shows".to_owned(),
            IssueCode::MaskedSecret,
        ));
    }
    out
}

/// docs/RULES.md: one table per flavour of rule → issue code → severity → source.
pub fn rule_table_markdown() -> String {
    let mut md = String::from(
        "# Validation rules\n\n\
         Generated from the catalogue (`src/catalogue/rules.rs`); do not edit by hand. \
         A test fails when this file is stale: regenerate it with \
         `UPDATE_RULES=1 cargo test --test catalogue_rules`.\n\n\
         Errors block a request and are used only where a named source says the server \
         rejects it; warnings never block. The one exception is `masked_secret`, a deliberate \
         client-side guard: sending back the masked value a response shows would overwrite \
         the real secret. Sources are sections of INTEGRATIONS.md (the \
         project's API contract, which cites the Atlas OpenAPI specs and the Atlas, Cloud \
         Manager and Ops Manager docs pages) or docs pages themselves.\n",
    );
    for flavour in Flavour::ALL {
        md.push_str(&format!(
            "\n## {} (`{}`)\n\n| Subject | Rule | Code | Severity | Source |\n|---|---|---|---|---|\n",
            flavour.label(),
            flavour.id()
        ));
        for rule in rules(flavour) {
            let severity = match rule.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            md.push_str(&format!(
                "| `{}` | {} | `{}` | {} | {} |\n",
                rule.subject,
                cell(&rule.rule),
                rule.code.as_str(),
                severity,
                cell(if rule.source.is_empty() {
                    "—"
                } else {
                    rule.source
                }),
            ));
        }
    }
    md
}

/// A table cell: a `|` would end it early.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
