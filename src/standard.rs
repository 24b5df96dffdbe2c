//! Validation as a Standard Schema v1 result (<https://standardschema.dev>), the interface
//! react-hook-form, TanStack Form and others read through their own resolvers: success is
//! `{ value }`, failure `{ issues: [{ message, path? }] }`. Only errors fail; Standard Schema
//! has no warnings, and a warning never blocks a request.

use crate::flavour::Flavour;
use crate::issue::Issue;
use serde::Serialize;
use serde_json::Value;

/// One Standard Schema issue: `path` is `[field]`, absent for the body as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StandardIssue {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<[String; 1]>,
}

/// Checks `value` as a body of `type_name`. A form's values seldom hold `type` (the schema
/// is for one type already), so an object without one gets it; one with another type is
/// a `type_mismatch`. `Ok` holds the body with its `type`.
pub fn validate(
    type_name: &str,
    value: &Value,
    flavour: Flavour,
) -> Result<Value, Vec<StandardIssue>> {
    let mut body = value.clone();
    if let Some(map) = body.as_object_mut() {
        map.entry("type")
            .or_insert_with(|| Value::String(type_name.to_owned()));
    }
    let errors = from_issues(crate::validate::body(&body, Some(type_name), flavour));
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors)
    }
}

/// The errors among `issues`, as Standard Schema issues (warnings dropped).
pub fn from_issues(issues: Vec<Issue>) -> Vec<StandardIssue> {
    issues
        .into_iter()
        .filter(Issue::is_error)
        .map(|i| StandardIssue {
            message: i.message,
            path: i.field.map(|f| [f]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_valid_form_passes_with_its_type_and_warnings_do_not_fail() {
        let key = "0123456789abcdef0123456789abcdef";
        let ok = validate(
            "PAGER_DUTY",
            &json!({"serviceKey": key, "colour": "red"}),
            Flavour::AtlasV2,
        );
        assert_eq!(
            ok,
            Ok(json!({"type": "PAGER_DUTY", "serviceKey": key, "colour": "red"}))
        );
    }

    #[test]
    fn errors_fail_with_the_field_as_path_and_whole_body_errors_without_one() {
        let bad = validate("PAGER_DUTY", &json!({"serviceKey": ""}), Flavour::AtlasV2).unwrap_err();
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].path, Some(["serviceKey".to_owned()]));
        assert!(!bad[0].message.is_empty());
        let other =
            validate("PAGER_DUTY", &json!({"type": "SLACK"}), Flavour::AtlasV2).unwrap_err();
        assert!(
            other.iter().any(|i| i.path == Some(["type".to_owned()])),
            "{other:?}"
        );
        let whole = validate("PAGER_DUTY", &json!(null), Flavour::AtlasV2).unwrap_err();
        assert_eq!(whole.len(), 1);
        assert_eq!(serde_json::to_value(&whole[0]).unwrap().get("path"), None);
    }
}
