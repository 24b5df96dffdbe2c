//! The parameters of an operation: `op`, the path parameters `groupId` and
//! `integrationType`, and the query (INTEGRATIONS.md §3).
//!
//! Only values that pass these checks reach a URL: a group id is 24 lowercase hex digits
//! and a type is a catalogue name (`A-Z` and `_`), so no input can add a slash, a dot, a
//! `%` or anything else that changes the path.

use super::text;
use crate::catalogue::TypeDef;
use crate::flavour::Flavour;
use crate::issue::{Issue, IssueCode};
use crate::operation::{OpKind, Query};
use serde_json::{Map, Value};

/// Reads `op`; `None` (with an issue) when it is not one of the five operations.
pub(super) fn op(value: Option<&Value>, out: &mut Vec<Issue>) -> Option<OpKind> {
    match value {
        None | Some(Value::Null) => out.push(Issue::new(
            "op",
            IssueCode::MissingParameter,
            "The operation (op) is required: list, get, create, update or delete.",
        )),
        Some(Value::String(id)) => match OpKind::from_id(id) {
            Some(kind) => return Some(kind),
            None => out.push(Issue::new(
                "op",
                IssueCode::InvalidEnum,
                format!(
                    "The operation must be list, get, create, update or delete; got {}.",
                    text::quote(id)
                ),
            )),
        },
        Some(_) => out.push(Issue::new(
            "op",
            IssueCode::WrongType,
            "The operation (op) must be a string.",
        )),
    }
    None
}

/// Reads `groupId`: 24 lowercase hexadecimal digits, `^([a-f0-9]{24})$` (§3.1).
pub(super) fn group_id(value: Option<&Value>, out: &mut Vec<Issue>) -> Option<String> {
    match value {
        None | Some(Value::Null) => missing(out, "groupId", "The project ID (groupId)"),
        Some(Value::String(id)) if id.is_empty() => {
            missing(out, "groupId", "The project ID (groupId)")
        }
        Some(Value::String(id)) if text::is_hex(id, 24, true) => return Some(id.clone()),
        Some(Value::String(id)) => out.push(Issue::new(
            "groupId",
            IssueCode::InvalidFormat,
            format!(
                "The project ID (groupId) must be 24 lowercase hexadecimal digits; got {}.",
                text::quote(id)
            ),
        )),
        Some(_) => out.push(Issue::new(
            "groupId",
            IssueCode::WrongType,
            "The project ID (groupId) must be a string.",
        )),
    }
    None
}

/// Reads an explicit `integrationType`: a catalogue type that the flavour supports (or, for
/// get and delete, any catalogue type).
pub(super) fn integration_type(
    value: &Value,
    flavour: Flavour,
    op: Option<OpKind>,
    out: &mut Vec<Issue>,
) -> Option<&'static TypeDef> {
    let name = match value {
        Value::String(name) if !name.is_empty() => name,
        Value::String(_) => {
            missing(out, "integrationType", "The integration type");
            return None;
        }
        _ => {
            out.push(Issue::new(
                "integrationType",
                IssueCode::WrongType,
                "The integration type must be a string (e.g. \"PAGER_DUTY\").",
            ));
            return None;
        }
    };
    super::known_type("integrationType", name, flavour, op, out)
}

/// Pushes a `missing_parameter` issue.
pub(super) fn missing(out: &mut Vec<Issue>, path: &str, what: &str) {
    out.push(Issue::new(
        path,
        IssueCode::MissingParameter,
        format!("{what} is required."),
    ));
}

/// Reads the query (§3.2). `kind` is `None` when the operation itself is invalid; the
/// values are still checked then, but not whether the operation takes them. A `null`
/// value counts as left out.
pub(super) fn query(
    value: Option<&Value>,
    kind: Option<OpKind>,
    flavour: Flavour,
    out: &mut Vec<Issue>,
) -> Query {
    let mut query = Query::default();
    let map: &Map<String, Value> = match value {
        None | Some(Value::Null) => return query,
        Some(Value::Object(map)) => map,
        Some(_) => {
            out.push(Issue::new(
                "query",
                IssueCode::WrongType,
                "The query must be an object of parameter names to values.",
            ));
            return query;
        }
    };
    let managers = matches!(flavour, Flavour::CloudManager | Flavour::OpsManager);
    for (key, value) in map.iter().filter(|(_, v)| !v.is_null()) {
        let path = format!("query.{key}");
        let paged_only = matches!(key.as_str(), "pageNum" | "itemsPerPage" | "includeCount");
        if paged_only && kind.is_some_and(|k| !k.is_paged()) {
            if !managers {
                // The Atlas specs declare them on list, create and update only (§2, §3.2).
                out.push(Issue::new(
                    path,
                    IssueCode::UnsupportedParameter,
                    format!("{key} is only accepted by list, create and update."),
                ));
                continue;
            }
            // The CM/OM pages list pageNum and itemsPerPage on single-object operations too
            // (§3.2 correction); includeCount gets its undocumented warning below.
            if key != "includeCount" {
                out.push(Issue::new(
                    path.as_str(),
                    IssueCode::IneffectiveParameter,
                    format!("{key} has no effect on a single integration."),
                ));
            }
        }
        match key.as_str() {
            "pageNum" => query.page_num = integer(value, &path, "pageNum", u32::MAX, out),
            "itemsPerPage" => {
                query.items_per_page = integer(value, &path, "itemsPerPage", 500, out)
            }
            "includeCount" => {
                query.include_count = boolean(value, &path, "includeCount", out);
                // The CM/OM docs do not list it (§3.2, uncertain): allowed, with a warning.
                if managers {
                    out.push(Issue::new(
                        path,
                        IssueCode::UndocumentedParameter,
                        format!(
                            "includeCount is not documented for {}; the server may ignore it.",
                            flavour.label()
                        ),
                    ));
                }
            }
            "pretty" => query.pretty = boolean(value, &path, "pretty", out),
            "envelope" => query.envelope = boolean(value, &path, "envelope", out),
            // Listed for this resource by the CM PUT page and the OM update and get-one
            // pages (§3.2 correction), on no Atlas page.
            "backupJobsEnabledOnly" if managers => {
                query.backup_jobs_enabled_only = boolean(value, &path, key, out)
            }
            _ => out.push(Issue::new(
                path,
                IssueCode::UnsupportedParameter,
                format!(
                    "{} is not a query parameter of this resource in {} (accepted: pageNum, \
                     itemsPerPage, includeCount, pretty, envelope{}).",
                    text::quote(key),
                    flavour.label(),
                    if managers {
                        ", backupJobsEnabledOnly"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }
    query
}

/// A whole number from 1 to `max`. JS numbers arrive as `f64`, so `2.0` counts as 2.
fn integer(value: &Value, path: &str, name: &str, max: u32, out: &mut Vec<Issue>) -> Option<u32> {
    let Some(number) = value
        .as_f64()
        .filter(|n| value.is_number() && n.fract() == 0.0)
    else {
        out.push(Issue::new(
            path,
            IssueCode::WrongType,
            format!("{name} must be a whole number."),
        ));
        return None;
    };
    if number < 1.0 || number > f64::from(max) {
        out.push(Issue::new(
            path,
            IssueCode::OutOfRange,
            format!("{name} must be from 1 to {max}."),
        ));
        return None;
    }
    // In range and integral, so the conversion is exact.
    Some(number as u32)
}

fn boolean(value: &Value, path: &str, name: &str, out: &mut Vec<Issue>) -> Option<bool> {
    let flag = value.as_bool();
    if flag.is_none() {
        out.push(Issue::new(
            path,
            IssueCode::WrongType,
            format!("{name} must be true or false."),
        ));
    }
    flag
}
