//! Checks one field of a body against its catalogue row.

use super::text;
use crate::catalogue::{Field, Kind};
use crate::flavour::{Flavour, FlavourSet};
use crate::issue::{Issue, IssueCode};
use crate::mask;
use serde_json::Value;

/// Appends the problems of `value` (`None` when the key is absent) for `field` in `flavour`.
pub(super) fn check(field: &Field, value: Option<&Value>, flavour: Flavour, out: &mut Vec<Issue>) {
    let name = field.name;
    let label = field.label;
    if !field.exists_in(flavour) {
        if value.is_some() {
            out.push(Issue::new(
                name,
                IssueCode::UnsupportedField,
                format!(
                    "{label} does not exist in {}; {}.",
                    flavour.label(),
                    where_it_exists(field.flavours)
                ),
            ));
        }
        return;
    }
    let required = field.required_in(flavour);
    let missing = || {
        Issue::new(
            name,
            IssueCode::MissingField,
            format!("{label} is required."),
        )
    };
    match value {
        None if required => out.push(missing()),
        None => {}
        Some(Value::Null) if required => out.push(missing()),
        Some(Value::Null) if !field.nullable => out.push(Issue::new(
            name,
            IssueCode::WrongType,
            format!("{label} cannot be null; leave it out instead."),
        )),
        Some(Value::Null) => {}
        Some(Value::String(s)) if s.is_empty() && required => out.push(missing()),
        Some(value) => check_value(field, value, out),
    }
}

/// The JSON type, masking and format checks of a present, non-null value.
fn check_value(field: &Field, value: &Value, out: &mut Vec<Issue>) {
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
        Kind::Text { min_len, max_len } => {
            let chars = s.chars().count();
            if let Some(min) = min_len.filter(|&min| chars < min as usize) {
                out.push(issue(
                    IssueCode::TooShort,
                    format!("{label} must be at least {min} characters long."),
                ));
            }
            if let Some(max) = max_len.filter(|&max| chars > max as usize) {
                out.push(issue(
                    IssueCode::TooLong,
                    format!("{label} must be at most {max} characters long (it has {chars})."),
                ));
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
        Kind::Url => {
            if !text::is_http_url(s) {
                out.push(issue(
                    IssueCode::InvalidUrl,
                    format!(
                        "{label} must be an absolute http:// or https:// URL with a host and no spaces."
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
            if s.len() > max_bytes as usize {
                out.push(issue(
                    IssueCode::TooLong,
                    format!(
                        "{label} must be at most {max_bytes} bytes (it has {}).",
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
