//! Checks one field of a body against its catalogue row.

use super::text;
use crate::catalogue::{Field, Kind};
use crate::flavour::{Flavour, FlavourSet};
use crate::issue::{Issue, IssueCode};
use crate::mask;
use crate::operation::OpKind;
use serde_json::{Map, Value};

/// Appends the problems of `field` in `body` for `flavour`; `op` is the operation the body
/// is for, when known (`None` judges it as a create: the stricter reading).
pub(super) fn check(
    field: &Field,
    body: &Map<String, Value>,
    flavour: Flavour,
    op: Option<OpKind>,
    out: &mut Vec<Issue>,
) {
    let name = field.name;
    let label = field.label;
    let value = body.get(name);
    if !field.exists_in(flavour) {
        if value.is_some() {
            out.push(Issue::new(
                name,
                IssueCode::UnsupportedField,
                format!(
                    "{label} is not documented for {} ({}); the server may ignore it.",
                    flavour.label(),
                    where_it_exists(field.flavours)
                ),
            ));
        }
        return;
    }
    let unset = match value {
        None => true,
        // A nullable key that is required or asked for must be present, but null is a value
        // (the Atlas spec's Slack channelName).
        Some(Value::Null) => {
            !(field.nullable && (field.required_in(flavour) || field.recommended.contains(flavour)))
        }
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    };
    let missing = if unset {
        absent(field, body, flavour, op)
    } else {
        None
    };
    let reported = missing.is_some();
    out.extend(missing);
    match value {
        None => {}
        // One that must be there was reported as missing already.
        Some(Value::Null) if !field.nullable && !reported => {
            out.push(Issue::new(
                name,
                IssueCode::WrongType,
                format!("{label} cannot be null; leave it out instead."),
            ));
        }
        Some(Value::Null) => {}
        Some(Value::String(s)) if s.is_empty() && reported => {}
        Some(value) => check_value(field, value, flavour, out),
    }
}

/// The issue for a field left out (or null, or empty) in `flavour`, if any.
fn absent(
    field: &Field,
    body: &Map<String, Value>,
    flavour: Flavour,
    op: Option<OpKind>,
) -> Option<Issue> {
    let (name, label) = (field.name, field.label);
    if field.required_in(flavour) {
        if field.kept_on_update && op == Some(OpKind::Update) {
            return Some(Issue::new(
                name,
                IssueCode::KeptOnUpdate,
                format!(
                    "{label} is left out: the server keeps the current {label_lc}.",
                    label_lc = label.to_ascii_lowercase()
                ),
            ));
        }
        let message = if field.kept_on_update {
            format!("{label} is required when creating the integration; an update may leave it out to keep the current one.")
        } else {
            format!("{label} is required.")
        };
        return Some(Issue::new(name, IssueCode::MissingField, message));
    }
    if let Some((other, wanted)) = field.required_if {
        if body.get(other).and_then(Value::as_str) == Some(wanted) {
            return Some(Issue::new(
                name,
                IssueCode::MissingField,
                format!("{label} is required when {other} is {wanted}."),
            ));
        }
    }
    if field.recommended.contains(flavour) {
        return Some(Issue::new(
            name,
            IssueCode::MissingRecommended,
            format!(
                "{label} is asked for by some {} sources, while others call it optional or \
                 older configurations lack it; the server may accept the request without it.",
                flavour.label()
            ),
        ));
    }
    None
}

/// The JSON type, masking and format checks of a present, non-null value.
fn check_value(field: &Field, value: &Value, flavour: Flavour, out: &mut Vec<Issue>) {
    let name = field.name;
    let label = field.label;
    let issue = |code, message: String| Issue::new(name, code, message);
    if field.kind == Kind::Boolean {
        if !value.is_boolean() {
            out.push(issue(
                IssueCode::WrongType,
                format!("{label} must be true or false."),
            ));
        }
        return;
    }
    let Some(s) = value.as_str() else {
        out.push(issue(
            IssueCode::WrongType,
            format!("{label} must be a string."),
        ));
        return;
    };
    if let Some(mask_kind) = field.secret {
        if mask::is_masked(mask_kind, s) {
            // Never quote the value: even a masked echo shows part of the secret.
            out.push(issue(
                IssueCode::MaskedSecret,
                format!(
                    "{label} holds the masked value that the API returns; enter the real \
                     secret again, or the update would overwrite it with asterisks."
                ),
            ));
            return;
        }
    }
    match field.kind {
        // An optional text left empty counts as unset (CM/OM return "" for an unset Slack
        // channel, §4.3); a required one was reported as missing already.
        Kind::Text { .. } | Kind::Template { .. } if s.is_empty() => {}
        Kind::Text { max_len, .. } => {
            let chars = s.chars().count();
            if let Some(min) = field.min_chars().filter(|&min| chars < min as usize) {
                out.push(issue(
                    IssueCode::TooShort,
                    format!("{label} must be at least {min} characters long."),
                ));
            }
            if let Some(max) = max_len.filter(|&max| chars > max as usize) {
                let code = field.too_long_code(flavour);
                let message = if code == IssueCode::TooLong {
                    format!("{label} must be at most {max} characters long (it has {chars}).")
                } else {
                    format!(
                        "{label} is over {max} characters (it has {chars}), a limit no {} \
                         source states; the server may accept it.",
                        flavour.label()
                    )
                };
                out.push(issue(code, message));
            }
        }
        Kind::Boolean => {}
        Kind::Enum(options) => {
            if !options.contains(&s) {
                // Quote the offending value only when it cannot be a secret.
                let got = match field.secret {
                    None => format!("; got {}", text::quote(s)),
                    Some(_) => String::new(),
                };
                out.push(issue(
                    IssueCode::InvalidEnum,
                    format!("{label} must be one of {}{got}.", options.join(", ")),
                ));
            }
        }
        // A warning: no source says the server refuses any URL shape (§4.3; the spec has a
        // plain string), but a typo here means alerts that never arrive.
        Kind::Url => {
            if !text::is_http_url(s) {
                out.push(issue(
                    IssueCode::InvalidUrl,
                    format!(
                        "{label} does not look like an absolute http:// or https:// URL with a \
                         host and no spaces; alerts sent to it may never arrive."
                    ),
                ));
            }
        }
        Kind::HexKey { len, lowercase } => {
            if !text::is_hex(s, len, lowercase) {
                let digits = if lowercase {
                    "0-9, a-f"
                } else {
                    "0-9, a-f or A-F"
                };
                out.push(issue(
                    IssueCode::InvalidFormat,
                    format!("{label} must be exactly {len} hexadecimal digits ({digits})."),
                ));
            }
        }
        Kind::Template { max_bytes, object } => {
            // Over the limit the server sends its default payload instead (§4.3): a warning.
            if s.len() > max_bytes as usize {
                out.push(issue(
                    IssueCode::TemplateTooLong,
                    format!(
                        "{label} is over {max_bytes} bytes (it has {}); the API would use its \
                         default instead.",
                        s.len()
                    ),
                ));
            }
            if !text::template_renders_to_json(s, object) {
                let what = if object { "a JSON object" } else { "JSON" };
                out.push(issue(
                    IssueCode::TemplateNotJson,
                    format!(
                        "{label} does not render to {what} once its ${{...}} placeholders are \
                         filled in; the API would use its default instead."
                    ),
                ));
            }
        }
        Kind::HostPort => {
            if !text::is_host_port(s) {
                out.push(issue(
                    IssueCode::InvalidFormat,
                    format!("{label} must be host:port, e.g. 0.0.0.0:9216."),
                ));
            }
        }
        Kind::AbsolutePath => {
            if !text::is_absolute_path(s) {
                out.push(issue(
                    IssueCode::InvalidFormat,
                    format!("{label} must be an absolute path, e.g. /etc/ssl/prometheus.pem."),
                ));
            }
        }
    }
}

/// "it exists only in Cloud Manager and Ops Manager" (or "in no current API").
fn where_it_exists(flavours: FlavourSet) -> String {
    let names: Vec<&str> = flavours.iter().map(Flavour::label).collect();
    if names.is_empty() {
        "it exists in no current API".to_string()
    } else {
        format!("it exists only in {}", names.join(", "))
    }
}
