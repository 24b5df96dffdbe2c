//! Planning: what would change if a desired integration were applied to a project, given
//! the integration as the API returns it now (with its secrets masked).
//!
//! Masked secrets cannot be compared, and pretending they can would either hide a real
//! change or report a change on every run. So a masked secret is `unknown` unless what
//! stays visible (the last four characters, the start of a URL) already proves a change.
//! A plan of only unknowns is `none`: to push secrets anyway (e.g. after a rotation), a
//! caller sends the plan's body as an update regardless — PUT replaces the whole
//! configuration, so that is always safe.

use crate::catalogue::{self, DefaultValue, Field, Mask, TypeDef};
use crate::flavour::Flavour;
use crate::issue::{has_errors, Issue, IssueCode};
use crate::mask::{is_masked, visible_tail};
use crate::operation::OpKind;
use crate::response::{Failure, Success};
use crate::validate;
use serde::Serialize;
use serde_json::{Map, Value};

/// What applying the desired integration takes: `none` when nothing differs but masked secrets that cannot be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
// In TypeScript `PlanAction`: a bare `Action` would be too vague in a package's namespace.
#[cfg_attr(target_arch = "wasm32", tsify(rename = "PlanAction"))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Action {
    /// The type is not configured yet: POST.
    Create,
    /// At least one field provably differs: PUT.
    Update,
    /// Nothing provably differs (there may be unknowns).
    None,
}

/// How a field differs: `unknown` when the current value is masked (or never returned), so it cannot be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    /// A secret that comes back masked or not at all: it cannot be compared.
    Unknown,
}

/// One difference between a desired and a current integration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Change {
    /// The JSON name of the field.
    pub field: String,
    /// `unknown`: the current value is masked (or never returned), so it cannot be compared.
    pub kind: ChangeKind,
}

/// What it takes to make the project match a desired integration.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Plan {
    /// `none` when nothing differs but masked secrets that cannot be compared.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "PlanAction"))]
    pub action: Action,
    /// Every difference, in field order.
    pub changes: Vec<Change>,
    /// The body to send for create or update (never holds a masked value); `null` for `none`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Integration | null"))]
    pub body: Option<Value>,
}

/// Compares `desired` (a create/update body) with `current` (the API's view, or `None`
/// when the type is not configured).
///
/// # Errors
/// The validation issues when `desired` has errors for `flavour` — notably a masked secret,
/// which would overwrite the real one — or when `current` is of another type. Each of these
/// issues is about the desired body, so its `field` is set as `validate::body` sets it.
/// A `current` that is not an object (a string, a number, an array) is refused with a
/// `not_an_object` issue at `current`, without a `field`: compared as an empty integration it
/// would plan a false update.
pub fn plan(
    desired: &Value,
    current: Option<&Value>,
    flavour: Flavour,
) -> Result<Plan, Vec<Issue>> {
    if current.is_some_and(|c| !c.is_object()) {
        return Err(vec![Issue::new(
            "current",
            IssueCode::NotAnObject,
            "The current integration must be an object, or null when the type is not configured.",
        )]);
    }
    compare_bodies(desired, current, flavour)
        .map_err(|issues| issues.into_iter().map(Issue::in_body_field).collect())
}

fn compare_bodies(
    desired: &Value,
    current: Option<&Value>,
    flavour: Flavour,
) -> Result<Plan, Vec<Issue>> {
    // What is sent is an update when the type is configured, a create when not: only a
    // create must carry a write-only secret the server would otherwise keep.
    let op = if current.is_some() {
        OpKind::Update
    } else {
        OpKind::Create
    };
    let issues = validate::body_for(desired, None, flavour, op);
    if has_errors(&issues) {
        return Err(issues);
    }
    let (want, def) = checked_desired(desired)?;
    let Some(current) = current else {
        let changes = keys(want, &Map::new(), def, flavour)
            .filter(|k| present(want.get(k.as_str())).is_some())
            .map(|field| Change {
                field,
                kind: ChangeKind::Added,
            })
            .collect();
        return Ok(Plan {
            action: Action::Create,
            changes,
            body: Some(desired.clone()),
        });
    };
    let empty = Map::new();
    // `plan` refused any other value.
    let have = current.as_object().unwrap_or(&empty);
    if let Some(t) = have.get("type").and_then(Value::as_str) {
        if t != def.name {
            return Err(vec![Issue::new(
                "type",
                IssueCode::TypeMismatch,
                format!("The current integration is {t}, not {}.", def.name),
            )]);
        }
    }
    let changes: Vec<Change> = keys(want, have, def, flavour)
        .filter_map(|field| {
            let spec = def.field(&field);
            let kind = compare(
                spec,
                present(want.get(field.as_str())),
                present(have.get(field.as_str())),
            )?;
            Some(Change { field, kind })
        })
        .collect();
    let proven = changes.iter().any(|c| c.kind != ChangeKind::Unknown);
    Ok(Plan {
        action: if proven { Action::Update } else { Action::None },
        changes,
        body: proven.then(|| desired.clone()),
    })
}

impl Plan {
    /// The operation `apply` sends for this plan: create when the type is not configured,
    /// update when a field provably differs, and with `force` an update even when the
    /// only differences are unknown (masked secrets: a PUT replaces the whole
    /// configuration, so resending the desired body is always safe). `None`: nothing.
    pub fn apply_op(&self, force: bool) -> Option<OpKind> {
        match self.action {
            Action::Create => Some(OpKind::Create),
            Action::Update => Some(OpKind::Update),
            Action::None if force => Some(OpKind::Update),
            Action::None => None,
        }
    }
}

/// The integration a plan compares with, from the answer to its GET: any 404 means the
/// type is not configured (Atlas says `INTEGRATION_NOT_CONFIGURED`; Cloud and Ops Manager
/// versions and proxies answer 404 with other codes or none), any other failure stays one.
///
/// # Errors
/// The failure, when it is not a 404.
pub fn current_from(answer: Result<Success, Failure>) -> Result<Option<Value>, Failure> {
    match answer {
        Ok(Success::Item { integration }) => Ok(Some(integration)),
        Ok(_) => Ok(None),
        Err(f) if f.status() == 404 => Ok(None),
        Err(f) => Err(f),
    }
}

/// The desired object and its type. The validator has already refused anything else; this
/// is the planner's own guarantee that it never returns a body holding a masked secret.
fn checked_desired(desired: &Value) -> Result<(&Map<String, Value>, &'static TypeDef), Vec<Issue>> {
    let map = desired.as_object().ok_or_else(|| {
        vec![Issue::new(
            "",
            IssueCode::NotAnObject,
            "The desired integration must be an object.",
        )]
    })?;
    let def = map
        .get("type")
        .and_then(Value::as_str)
        .and_then(catalogue::find)
        .ok_or_else(|| {
            vec![Issue::new(
                "type",
                IssueCode::UnknownType,
                "The desired integration needs a known type.",
            )]
        })?;
    let masked: Vec<Issue> = def
        .fields
        .iter()
        .filter_map(|f| {
            let mask = f.secret?;
            let value = map.get(f.name)?.as_str()?;
            is_masked(mask, value).then(|| {
                Issue::new(
                    f.name,
                    IssueCode::MaskedSecret,
                    format!("{} holds a masked value; give the real secret.", f.label),
                )
            })
        })
        .collect();
    if masked.is_empty() {
        Ok((map, def))
    } else {
        Err(masked)
    }
}

/// The fields to compare: the type's fields in this flavour (catalogue order), then other
/// desired keys. Keys only the current side has and the catalogue does not know (e.g. a
/// server-added `scheme`) are not compared: the server sets them.
fn keys<'a>(
    want: &'a Map<String, Value>,
    have: &'a Map<String, Value>,
    def: &'static TypeDef,
    flavour: Flavour,
) -> impl Iterator<Item = String> + 'a {
    let known = def
        .fields_in(flavour)
        .filter(|f| want.contains_key(f.name) || have.contains_key(f.name) || f.default.is_some())
        .map(|f| f.name.to_owned());
    let extra = want
        .keys()
        .filter(move |k| {
            k.as_str() != "type"
                && k.as_str() != "id"
                && def.field(k).map_or(true, |f| !f.exists_in(flavour))
        })
        .cloned();
    known.chain(extra)
}

/// `null` and `""` both mean "not set" (responses hold `""` for an unset Slack channel).
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null() && v.as_str() != Some(""))
}

fn compare(spec: Option<&Field>, want: Option<&Value>, have: Option<&Value>) -> Option<ChangeKind> {
    if let Some(mask) = spec.and_then(|f| f.secret) {
        return compare_secret(mask, want, have);
    }
    let default = spec.and_then(|f| f.default).map(DefaultValue::to_json);
    let want = want.or(default.as_ref());
    let have = have.or(default.as_ref());
    match (want, have) {
        (None, None) => None,
        (Some(_), None) => Some(ChangeKind::Added),
        (None, Some(_)) => Some(ChangeKind::Removed),
        (Some(w), Some(h)) => (w != h).then_some(ChangeKind::Changed),
    }
}

fn compare_secret(mask: Mask, want: Option<&Value>, have: Option<&Value>) -> Option<ChangeKind> {
    if mask == Mask::WriteOnly {
        return want.map(|_| ChangeKind::Unknown);
    }
    let (want, have) = match (want, have) {
        (None, None) => return None,
        (Some(_), None) => return Some(ChangeKind::Added),
        (None, Some(_)) => return Some(ChangeKind::Removed),
        (Some(w), Some(h)) => (w, h),
    };
    let (Some(w), Some(h)) = (want.as_str(), have.as_str()) else {
        return (want != have).then_some(ChangeKind::Changed);
    };
    if !is_masked(mask, h) {
        return (w != h).then_some(ChangeKind::Changed);
    }
    let proven = match mask {
        Mask::LastFour => visible_tail(h).is_some_and(|tail| !w.ends_with(tail)),
        Mask::Url => h.split('*').next().is_some_and(|head| !w.starts_with(head)),
        Mask::Full | Mask::WriteOnly => false,
    };
    Some(if proven {
        ChangeKind::Changed
    } else {
        ChangeKind::Unknown
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "0123456789abcdef0123456789ab7890";

    #[test]
    fn a_current_that_is_not_an_object_is_refused() {
        let desired = json!({"type": "PAGER_DUTY", "serviceKey": KEY, "region": "US"});
        for current in [json!("garbage"), json!(42), json!(true), json!([])] {
            let issues = plan(&desired, Some(&current), Flavour::AtlasV2).unwrap_err();
            assert_eq!(issues.len(), 1, "{current}");
            assert_eq!(issues[0].code, IssueCode::NotAnObject);
            assert_eq!(
                (issues[0].path.as_str(), issues[0].field.as_deref()),
                ("current", None)
            );
        }
        // No current integration is a create.
        assert_eq!(
            plan(&desired, None, Flavour::AtlasV2).unwrap().action,
            Action::Create
        );
    }

    #[test]
    fn apply_op_per_action_and_force() {
        let plan = |action| Plan {
            action,
            changes: Vec::new(),
            body: None,
        };
        assert_eq!(plan(Action::Create).apply_op(false), Some(OpKind::Create));
        assert_eq!(plan(Action::Create).apply_op(true), Some(OpKind::Create));
        assert_eq!(plan(Action::Update).apply_op(false), Some(OpKind::Update));
        assert_eq!(plan(Action::None).apply_op(false), None);
        assert_eq!(plan(Action::None).apply_op(true), Some(OpKind::Update));
    }

    #[test]
    fn any_404_is_not_configured() {
        use crate::response::parse;
        let get = |status, body| current_from(parse(OpKind::Get, status, body));
        let not_configured = r#"{"error":404,"errorCode":"INTEGRATION_NOT_CONFIGURED"}"#;
        assert_eq!(get(404, not_configured), Ok(None));
        assert_eq!(
            get(404, r#"{"error":404,"errorCode":"RESOURCE_NOT_FOUND"}"#),
            Ok(None)
        );
        assert_eq!(get(404, "<html>Not Found</html>"), Ok(None));
        assert_eq!(get(404, ""), Ok(None));
        let err = get(401, r#"{"error":401,"errorCode":"USER_UNAUTHORIZED"}"#).unwrap_err();
        assert_eq!(err.status(), 401);
        let found = get(200, r#"{"type":"SLACK","channelName":"c"}"#).unwrap();
        assert_eq!(found, Some(json!({"type":"SLACK","channelName":"c"})));
    }

    fn pd(key: &str) -> Value {
        json!({"type": "PAGER_DUTY", "serviceKey": key})
    }

    fn kinds(p: &Plan) -> Vec<(&str, ChangeKind)> {
        p.changes
            .iter()
            .map(|c| (c.field.as_str(), c.kind))
            .collect()
    }

    #[test]
    fn create_when_absent() {
        let p = plan(&pd(KEY), None, Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::Create);
        assert_eq!(kinds(&p), vec![("serviceKey", ChangeKind::Added)]);
        assert_eq!(p.body, Some(pd(KEY)));
    }

    #[test]
    fn masked_secret_is_unknown_and_default_is_no_change() {
        let current =
            json!({"id": "x", "type": "PAGER_DUTY", "serviceKey": "******7890", "region": "US"});
        let p = plan(&pd(KEY), Some(&current), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::None);
        assert_eq!(kinds(&p), vec![("serviceKey", ChangeKind::Unknown)]);
        assert_eq!(p.body, None);
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"action": "none", "changes": [{"field": "serviceKey", "kind": "unknown"}], "body": null})
        );
    }

    #[test]
    fn visible_tail_proves_a_change() {
        let current =
            json!({"type": "PAGER_DUTY", "serviceKey": "****************************1111"});
        let p = plan(&pd(KEY), Some(&current), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::Update);
        assert_eq!(kinds(&p), vec![("serviceKey", ChangeKind::Changed)]);
        assert_eq!(p.body, Some(pd(KEY)));
    }

    #[test]
    fn plain_fields_change() {
        let desired = json!({"type": "PAGER_DUTY", "serviceKey": KEY, "region": "EU"});
        let current = json!({"type": "PAGER_DUTY", "serviceKey": "******7890"});
        let p = plan(&desired, Some(&current), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::Update);
        assert_eq!(
            kinds(&p),
            vec![
                ("serviceKey", ChangeKind::Unknown),
                ("region", ChangeKind::Changed)
            ]
        );
    }

    #[test]
    fn masked_desired_is_refused() {
        let issues = plan(
            &pd("****************************7890"),
            None,
            Flavour::AtlasV2,
        )
        .unwrap_err();
        assert!(
            issues.iter().any(|i| i.code == IssueCode::MaskedSecret
                && i.path == "serviceKey"
                && i.field.as_deref() == Some("serviceKey")),
            "{issues:?}"
        );
    }

    #[test]
    fn invalid_or_mismatched_is_refused() {
        assert!(plan(&json!({"type": "NOPE"}), None, Flavour::AtlasV2).is_err());
        assert!(plan(&json!([]), None, Flavour::AtlasV2).is_err());
        let slack = json!({"type": "SLACK", "apiToken": "****abcd"});
        let issues = plan(&pd(KEY), Some(&slack), Flavour::AtlasV2).unwrap_err();
        assert_eq!(issues[0].code, IssueCode::TypeMismatch);
    }

    #[test]
    fn webhook_urls_and_full_masks() {
        let desired =
            json!({"type": "WEBHOOK", "url": "https://hooks.example.com/abc", "secret": "s3cret"});
        let same =
            json!({"type": "WEBHOOK", "url": "https://hooks.example.com/****", "secret": "******"});
        let p = plan(&desired, Some(&same), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::None);
        assert_eq!(
            kinds(&p),
            vec![
                ("url", ChangeKind::Unknown),
                ("secret", ChangeKind::Unknown)
            ]
        );
        let moved = json!({"type": "WEBHOOK", "url": "https://other.example.com/****"});
        let p = plan(&desired, Some(&moved), Flavour::AtlasV2).unwrap();
        assert_eq!(
            kinds(&p),
            vec![("url", ChangeKind::Changed), ("secret", ChangeKind::Added)]
        );
        let no_secret = json!({"type": "WEBHOOK", "url": "https://hooks.example.com/abc"});
        let p = plan(&no_secret, Some(&same), Flavour::AtlasV2).unwrap();
        assert_eq!(
            kinds(&p),
            vec![
                ("url", ChangeKind::Unknown),
                ("secret", ChangeKind::Removed)
            ]
        );
        assert_eq!(p.action, Action::Update);
    }

    /// A secret the API returns in clear (a proxy, an old server) is compared like any
    /// field: equal is no change, different is a proven change.
    #[test]
    fn unmasked_secret_in_the_reply_is_compared() {
        let same = json!({"type": "PAGER_DUTY", "serviceKey": KEY, "region": "US"});
        let p = plan(&pd(KEY), Some(&same), Flavour::AtlasV2).unwrap();
        assert_eq!((p.action, kinds(&p)), (Action::None, vec![]));
        assert_eq!(p.body, None);
        let other = json!({"type": "PAGER_DUTY", "serviceKey": "fedcba9876543210fedcba9876547890"});
        let p = plan(&pd(KEY), Some(&other), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::Update);
        assert_eq!(kinds(&p), vec![("serviceKey", ChangeKind::Changed)]);
        assert_eq!(p.body, Some(pd(KEY)));
        let hook =
            json!({"type": "WEBHOOK", "url": "https://hooks.example.com/abc", "secret": "s3cret"});
        let p = plan(&hook, Some(&hook), Flavour::AtlasV2).unwrap();
        assert_eq!((p.action, kinds(&p)), (Action::None, vec![]));
        let moved =
            json!({"type": "WEBHOOK", "url": "https://hooks.example.com/abd", "secret": "s3cret"});
        let p = plan(&hook, Some(&moved), Flavour::AtlasV2).unwrap();
        assert_eq!(kinds(&p), vec![("url", ChangeKind::Changed)]);
    }

    /// A secret that comes back as a number, a list or an object is not the desired string:
    /// a proven change, never "unknown" and never "no change".
    #[test]
    fn secret_that_is_not_a_string_is_a_change() {
        for odd in [
            json!(7890),
            json!(true),
            json!(["****7890"]),
            json!({"v": KEY}),
        ] {
            let current = json!({"type": "PAGER_DUTY", "serviceKey": odd});
            let p = plan(&pd(KEY), Some(&current), Flavour::AtlasV2).unwrap();
            assert_eq!(p.action, Action::Update, "{odd}");
            assert_eq!(
                kinds(&p),
                vec![("serviceKey", ChangeKind::Changed)],
                "{odd}"
            );
            assert_eq!(p.body, Some(pd(KEY)));
        }
    }

    /// Desired keys the catalogue does not know are compared; `id` never is (the server
    /// sets it, and a desired body copied from a GET carries the old one).
    #[test]
    fn extra_desired_keys_are_compared_but_not_the_id() {
        let desired = json!({"type": "PAGER_DUTY", "serviceKey": KEY, "id": "old", "note": "n"});
        let current = json!({"type": "PAGER_DUTY", "serviceKey": "******7890", "id": "new"});
        let p = plan(&desired, Some(&current), Flavour::AtlasV2).unwrap();
        assert_eq!(
            kinds(&p),
            vec![
                ("serviceKey", ChangeKind::Unknown),
                ("note", ChangeKind::Added)
            ]
        );
        assert_eq!(p.action, Action::Update);
    }

    #[test]
    fn write_only_is_always_unknown() {
        let desired = json!({"type": "PROMETHEUS", "username": "prom", "password": "pw", "serviceDiscovery": "http", "enabled": true});
        let current = json!({"type": "PROMETHEUS", "username": "prom", "serviceDiscovery": "http", "enabled": true, "sendUserProvidedResourceTagsEnabled": false});
        let p = plan(&desired, Some(&current), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::None);
        assert_eq!(kinds(&p), vec![("password", ChangeKind::Unknown)]);
    }

    #[test]
    fn a_prometheus_password_may_be_left_out_of_an_update_only() {
        let desired = json!({"type": "PROMETHEUS", "username": "prom", "serviceDiscovery": "http", "enabled": false});
        let current = json!({"type": "PROMETHEUS", "username": "prom", "serviceDiscovery": "http", "enabled": true});
        let p = plan(&desired, Some(&current), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::Update);
        assert_eq!(kinds(&p), vec![("enabled", ChangeKind::Changed)]);
        assert_eq!(p.body.as_ref().and_then(|b| b.get("password")), None);
        let issues = plan(&desired, None, Flavour::AtlasV2).unwrap_err();
        assert!(issues
            .iter()
            .any(|i| i.path == "password" && i.code == IssueCode::MissingField));
    }

    #[test]
    fn empty_string_is_unset_and_server_extras_are_ignored() {
        let desired = json!({"type": "SLACK", "apiToken": "xoxb-token-abcd", "channelName": "alerts", "teamName": "t"});
        let current = json!({"type": "SLACK", "apiToken": "****abcd", "channelName": "alerts", "teamName": "t", "serverOnly": 1});
        let p = plan(&desired, Some(&current), Flavour::AtlasV2).unwrap();
        assert_eq!(p.action, Action::None, "{p:?}");
        let cm = json!({"type": "SLACK", "apiToken": "xoxb-token-abcd"});
        let cur = json!({"type": "SLACK", "apiToken": "****abcd", "channelName": ""});
        assert_eq!(
            plan(&cm, Some(&cur), Flavour::CloudManager).unwrap().action,
            Action::None
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod prop {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        /// Whatever the API answers, planning never panics and only ever proposes the
        /// desired body itself.
        #[test]
        fn never_panics_and_only_sends_desired(key in "\\PC{0,40}", region in "\\PC{0,6}", extra in any::<i64>()) {
            let desired = json!({"type": "PAGER_DUTY", "serviceKey": "0123456789abcdef0123456789abcdef"});
            let current = json!({"type": "PAGER_DUTY", "serviceKey": key, "region": region, "x": extra});
            if let Ok(p) = plan(&desired, Some(&current), Flavour::AtlasV2) {
                prop_assert!(p.body.is_none() || p.body.as_ref() == Some(&desired));
                prop_assert_eq!(p.body.is_some(), p.action == Action::Update);
            }
        }
    }
}
