//! Checks a create/update body: its `type`, every field of that type, and the keys that
//! belong to no field. Looks one level into the object only, so deep input costs nothing.

use super::{field, text};
use crate::catalogue::{self, TypeDef, PRODUCT, SLACK_OAUTH_NOTE};
use crate::flavour::Flavour;
use crate::issue::{Issue, IssueCode};
use crate::operation::OpKind;
use serde_json::{Map, Value};

/// The API name of the one type whose body always gets the OAuth2 warning (§4.3).
const SLACK: &str = "SLACK";

/// `op` is the operation the body is for, when known (create and update differ only in
/// what an update may leave out).
pub(super) fn check(
    value: &Value,
    path_type: Option<&str>,
    flavour: Flavour,
    op: Option<OpKind>,
) -> Vec<Issue> {
    let mut out = Vec::new();
    let Some(map) = value.as_object() else {
        out.push(Issue::new(
            "",
            IssueCode::NotAnObject,
            "The integration must be a JSON object.",
        ));
        return out;
    };
    // When the type cannot be taken from the body, the fields are still checked against
    // the path type (if any), so a form sees every problem at once.
    let Some(def) = body_type(map, path_type, flavour, &mut out) else {
        return out;
    };
    match map.get("id") {
        None | Some(Value::Null) => {}
        Some(Value::String(_)) => out.push(Issue::new(
            "id",
            IssueCode::ReadOnlyField,
            "The id is set by the server; there is no need to send it.",
        )),
        // The spec's id is a string or null (§4.1): anything else fails to parse.
        Some(_) => out.push(Issue::new(
            "id",
            IssueCode::WrongType,
            "The id must be a string or null; it is set by the server, so it can be left out.",
        )),
    }
    for f in def.fields {
        field::check(f, map, flavour, op, &mut out);
    }
    for key in map.keys() {
        if key != "type" && key != "id" && def.field(key).is_none() {
            out.push(Issue::new(
                key.as_str(),
                IssueCode::UnknownField,
                format!(
                    "{} is not a field of {}; the API ignores or rejects it.",
                    text::quote(key),
                    def.label
                ),
            ));
        }
    }
    if let Some(note) = def.deprecated {
        out.push(Issue::new(
            "type",
            IssueCode::DeprecatedType,
            format!("{} is deprecated: {note}", def.label),
        ));
    }
    if let Some(dispute) = def.dispute_in(flavour) {
        out.push(Issue::new(
            "type",
            IssueCode::DisputedType,
            dispute.note.text_for(Some(flavour)),
        ));
    }
    if def.name == SLACK {
        out.push(Issue::new(
            "",
            IssueCode::SlackOauthRequired,
            SLACK_OAUTH_NOTE.replace(PRODUCT, catalogue::product(Some(flavour))),
        ));
    }
    out
}

/// Reads and checks `type`; returns the type whose fields apply, or `None` when none can
/// be checked (unknown, or not supported by the flavour: then the fields depend on a type
/// the user still has to change).
fn body_type(
    map: &Map<String, Value>,
    path_type: Option<&str>,
    flavour: Flavour,
    out: &mut Vec<Issue>,
) -> Option<&'static TypeDef> {
    let name = match map.get("type") {
        Some(Value::String(name)) if !name.is_empty() => name.as_str(),
        None | Some(Value::Null) | Some(Value::String(_)) => {
            out.push(Issue::new(
                "type",
                IssueCode::MissingType,
                "The integration type is required (e.g. \"PAGER_DUTY\").",
            ));
            return path_type
                .and_then(catalogue::find)
                .filter(|t| t.supports(flavour));
        }
        Some(_) => {
            out.push(Issue::new(
                "type",
                IssueCode::WrongType,
                "The integration type must be a string (e.g. \"PAGER_DUTY\").",
            ));
            return path_type
                .and_then(catalogue::find)
                .filter(|t| t.supports(flavour));
        }
    };
    if let Some(expected) = path_type.filter(|expected| *expected != name) {
        out.push(Issue::new(
            "type",
            IssueCode::TypeMismatch,
            format!(
                "The body type {} differs from the integration type {} of the request.",
                text::quote(name),
                text::quote(expected)
            ),
        ));
    }
    super::known_type("type", name, flavour, None, out)
}
