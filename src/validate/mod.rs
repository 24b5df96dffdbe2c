//! Validation: walks the catalogue and returns every problem at once, as data.
//!
//! Nothing here panics or stops at the first problem, and the order of issues depends only
//! on the input: structural problems first, then fields in catalogue order, then unknown
//! keys in map order, then type-level warnings.

mod body;
mod field;
mod params;
mod text;
pub(crate) use text::quote;

use crate::catalogue::TypeDef;
use crate::flavour::Flavour;
use crate::issue::{has_errors, Issue, IssueCode};
use crate::operation::{OpKind, Operation};
use serde_json::Value;

/// The outcome of checking an operation: `operation` is `Some` exactly when no issue is an error.
#[derive(Clone, Debug)]
pub struct Checked {
    pub operation: Option<Operation>,
    pub issues: Vec<Issue>,
}

/// Checks a create/update body. `path_type` is the `integrationType` of the path, if known.
///
/// Issue paths are body keys (`"serviceKey"`), or `""` for the body as a whole; `field` is
/// the same key (`None` for the whole body). The body is judged as for a create, the
/// stricter reading; see [`body_for`].
pub fn body(value: &Value, path_type: Option<&str>, flavour: Flavour) -> Vec<Issue> {
    body_issues(value, path_type, flavour, None)
}

/// [`body`] for a known operation: an update may leave out a write-only secret (the
/// Prometheus password), which the server then keeps.
pub fn body_for(
    value: &Value,
    path_type: Option<&str>,
    flavour: Flavour,
    op: OpKind,
) -> Vec<Issue> {
    body_issues(value, path_type, flavour, Some(op))
}

/// The body check with each issue's `field` set: every entry point goes through here.
fn body_issues(
    value: &Value,
    path_type: Option<&str>,
    flavour: Flavour,
    op: Option<OpKind>,
) -> Vec<Issue> {
    body::check(value, path_type, flavour, op)
        .into_iter()
        .map(Issue::in_body_field)
        .collect()
}

/// Whether [`operation`] accepts `id` as the `groupId`: it judges the project id on its own
/// (no other check reads it, and it reads no other field), so an operation already accepted
/// stays accepted with any such id in place of its own.
pub fn group_id_is_valid(id: &str) -> bool {
    params::group_id(Some(&Value::String(id.to_owned())), &mut Vec::new()).is_some()
}

/// The keys of an operation object.
const OPERATION_KEYS: [&str; 5] = ["op", "groupId", "integrationType", "body", "query"];

/// Checks a whole operation `{op, groupId, integrationType?, body?, query?}`.
///
/// For create and update, a missing `integrationType` is taken from `body.type`. Issue
/// paths are `"op"`, `"groupId"`, `"integrationType"`, `"query.<name>"`, `"body"` and
/// `"body.<field>"`; only the last have a `field` (`"<field>"`). Any other key is an
/// `unsupported_parameter` error at its own path, naming the key meant: a misspelt `qurey`
/// would otherwise drop the query without a word.
pub fn operation(value: &Value, flavour: Flavour) -> Checked {
    let mut issues = Vec::new();
    let Some(map) = value.as_object() else {
        issues.push(Issue::new(
            "",
            IssueCode::NotAnObject,
            "The operation must be a JSON object {op, groupId, integrationType?, body?, query?}.",
        ));
        return Checked {
            operation: None,
            issues,
        };
    };
    for key in map.keys().filter(|k| !OPERATION_KEYS.contains(&k.as_str())) {
        issues.push(Issue::new(
            key.as_str(),
            IssueCode::UnsupportedParameter,
            crate::suggest::unknown_key("operation key", key, &OPERATION_KEYS),
        ));
    }
    let kind = params::op(map.get("op"), &mut issues);
    let group_id = params::group_id(map.get("groupId"), &mut issues);
    let explicit_type = map.get("integrationType").filter(|v| !v.is_null());
    let mut def: Option<&'static TypeDef> = None;
    match (kind, explicit_type) {
        (Some(k), Some(_)) if !k.needs_type() => issues.push(Issue::new(
            "integrationType",
            IssueCode::UnsupportedParameter,
            "List reads every integration of the project; it takes no integrationType.",
        )),
        (_, Some(value)) => def = params::integration_type(value, flavour, kind, &mut issues),
        (Some(k), None) if k.needs_type() && !k.has_body() => {
            params::missing(&mut issues, "integrationType", "The integration type");
        }
        // Create and update take it from the body below; list needs none.
        (_, None) => {}
    }
    let body_value = map.get("body").filter(|v| !v.is_null());
    let mut body_map = None;
    match (kind, body_value) {
        (Some(k), None) if k.has_body() => issues.push(Issue::new(
            "body",
            IssueCode::MissingBody,
            format!("{} needs a body (the integration, with its type).", k.id()),
        )),
        (Some(k), Some(_)) if !k.has_body() => issues.push(Issue::new(
            "body",
            IssueCode::UnexpectedBody,
            format!("{} takes no body.", k.id()),
        )),
        (Some(_), Some(value)) => {
            let path_type = explicit_type.and_then(Value::as_str);
            issues.extend(
                body_issues(value, path_type, flavour, kind)
                    .into_iter()
                    .map(in_body),
            );
            body_map = value.as_object().cloned();
            if explicit_type.is_none() {
                def = body_map
                    .as_ref()
                    .and_then(|b| b.get("type"))
                    .and_then(Value::as_str)
                    .and_then(crate::catalogue::find)
                    .filter(|t| t.supports(flavour));
            }
        }
        // An unknown operation: the body cannot be judged without knowing whether it belongs.
        (None, _) | (Some(_), None) => {}
    }
    let query = params::query(map.get("query"), kind, flavour, &mut issues);
    let operation = match (kind, group_id) {
        (Some(kind), Some(group_id)) if !has_errors(&issues) => {
            if kind.needs_type() && def.is_none() {
                // Unreachable in practice (every path to `None` reports an error), but an
                // operation without its type must never be built.
                params::missing(&mut issues, "integrationType", "The integration type");
                None
            } else {
                Some(Operation {
                    kind,
                    group_id,
                    integration_type: def.filter(|_| kind.needs_type()),
                    body: body_map.filter(|_| kind.has_body()),
                    query,
                })
            }
        }
        _ => None,
    };
    Checked { operation, issues }
}

/// Re-roots a body issue under `body` (`serviceKey` → `body.serviceKey`, `""` → `body`);
/// its `field` stays the body key, so a form maps it as it maps `validateBody`'s.
fn in_body(mut issue: Issue) -> Issue {
    issue.path = if issue.path.is_empty() {
        "body".to_string()
    } else {
        format!("body.{}", issue.path)
    };
    issue
}

/// Resolves a type name for `path` (`"type"` or `"integrationType"`): a catalogue type that
/// the flavour accepts, or an `unknown_type` / `unsupported_type` issue saying why not.
///
/// `op` is the operation of an explicit `integrationType`. Get and delete also reach a
/// type the flavour no longer accepts, with a `legacy_type` warning: a project may still
/// hold a HipChat or Flowdock integration, and its owner must be able to read and remove it.
fn known_type(
    path: &str,
    name: &str,
    flavour: Flavour,
    op: Option<OpKind>,
    out: &mut Vec<Issue>,
) -> Option<&'static TypeDef> {
    let Some(def) = crate::catalogue::find(name) else {
        out.push(Issue::new(
            path,
            IssueCode::UnknownType,
            format!("{} is not a known integration type.", text::quote(name)),
        ));
        return None;
    };
    if !def.supports(flavour) && matches!(op, Some(OpKind::Get | OpKind::Delete)) {
        out.push(Issue::new(
            path,
            IssueCode::LegacyType,
            format!(
                "{} is not available in {} for new configurations; reading or removing an \
                 old one is allowed.",
                def.label,
                flavour.label()
            ),
        ));
        return Some(def);
    }
    if !def.supports(flavour) {
        out.push(Issue::new(
            path,
            IssueCode::UnsupportedType,
            format!(
                "{} is not available in {}. {}",
                def.label,
                flavour.label(),
                def.unsupported_note
            ),
        ));
        return None;
    }
    Some(def)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(issues: &[Issue]) -> Vec<(&str, Option<&str>)> {
        issues
            .iter()
            .map(|i| (i.path.as_str(), i.field.as_deref()))
            .collect()
    }

    #[test]
    fn body_issues_name_their_field_and_whole_body_issues_none() {
        let b = json!({"type": "SLACK", "apiToken": 3, "colour": "red", "id": "x"});
        let issues = body(&b, None, Flavour::AtlasV2);
        let got = fields(&issues);
        for (path, field) in &got {
            match *path {
                "" => assert_eq!(*field, None, "{issues:?}"),
                p => assert_eq!(*field, Some(p), "{issues:?}"),
            }
        }
        assert!(got.contains(&("apiToken", Some("apiToken"))), "{got:?}");
        assert!(got.contains(&("colour", Some("colour"))), "{got:?}");
        assert!(got.contains(&("id", Some("id"))), "{got:?}");
        // The Slack OAuth2 warning is about the body as a whole.
        assert!(got.contains(&("", None)), "{got:?}");
        assert_eq!(
            fields(&body(&json!([]), None, Flavour::AtlasV2)),
            [("", None)]
        );
    }

    #[test]
    fn operation_issues_keep_the_body_field_of_validate_body() {
        let op = json!({"op": "create", "groupId": "nope",
                        "body": {"type": "PAGER_DUTY", "serviceKey": ""},
                        "query": {"itemsPerPage": 0}});
        let checked = operation(&op, Flavour::AtlasV2);
        let got = fields(&checked.issues);
        assert!(
            got.contains(&("body.serviceKey", Some("serviceKey"))),
            "{got:?}"
        );
        assert!(got.contains(&("groupId", None)), "{got:?}");
        assert!(
            got.iter()
                .any(|(p, f)| p.starts_with("query.") && f.is_none()),
            "{got:?}"
        );
        for (path, field) in &got {
            match path.strip_prefix("body.") {
                Some(key) => assert_eq!(*field, Some(key), "{got:?}"),
                None => assert_eq!(*field, None, "{got:?}"),
            }
        }
        let missing = operation(
            &json!({"op": "create", "groupId": "0".repeat(24)}),
            Flavour::AtlasV2,
        );
        assert_eq!(fields(&missing.issues), [("body", None)]);
    }

    #[test]
    fn an_unknown_operation_key_is_an_error_naming_the_key_meant() {
        let group = "0123456789abcdef01234567";
        let checked = operation(
            &json!({"op": "list", "groupId": group, "qurey": {"pageNum": 2}}),
            Flavour::AtlasV2,
        );
        assert!(checked.operation.is_none());
        assert_eq!(fields(&checked.issues), [("qurey", None)]);
        assert_eq!(checked.issues[0].code, IssueCode::UnsupportedParameter);
        assert!(
            checked.issues[0].message.contains("did you mean query?"),
            "{}",
            checked.issues[0].message
        );
        let unrelated = operation(
            &json!({"op": "list", "groupId": group, "zzzzzzzz": 1}),
            Flavour::AtlasV2,
        );
        assert!(
            unrelated.issues[0].message.contains("(known: op, groupId"),
            "{:?}",
            unrelated.issues
        );
        let known = json!({"op": "list", "groupId": group, "integrationType": null,
                           "body": null, "query": {}});
        assert_eq!(operation(&known, Flavour::AtlasV2).issues, []);
    }
}
