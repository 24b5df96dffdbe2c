//! `validate::operation`: path parameters, query, body placement, and the checked
//! `Operation` it builds.

use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::Issue;
use atlas_integrations::operation::{OpKind, Query};
use atlas_integrations::validate::{self, Checked};
use serde_json::{json, Value};

use Flavour::{AtlasV1, AtlasV2, CloudManager, OpsManager};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const KEY: &str = "0123456789abcdef0123456789abcdef";

fn codes(issues: &[Issue]) -> Vec<(String, &'static str)> {
    issues
        .iter()
        .map(|i| (i.path.clone(), i.code.as_str()))
        .collect()
}

fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    list.iter().map(|(p, c)| (p.to_string(), *c)).collect()
}

fn check(value: Value, flavour: Flavour) -> Checked {
    validate::operation(&value, flavour)
}

#[test]
fn list_with_query() {
    let checked = check(
        json!({"op": "list", "groupId": GROUP,
               "query": {"pageNum": 2.0, "itemsPerPage": 500, "includeCount": false,
                         "pretty": true, "envelope": null}}),
        AtlasV2,
    );
    assert_eq!(codes(&checked.issues), vec![]);
    let op = checked.operation.unwrap();
    assert_eq!(op.kind(), OpKind::List);
    assert_eq!(op.group_id(), GROUP);
    assert!(op.integration_type().is_none() && op.body().is_none());
    assert_eq!(
        *op.query(),
        Query {
            page_num: Some(2),
            items_per_page: Some(500),
            include_count: Some(false),
            pretty: Some(true),
            envelope: None,
        }
    );
}

#[test]
fn get_and_delete_need_a_type_and_no_body() {
    for op in ["get", "delete"] {
        let checked = check(
            json!({"op": op, "groupId": GROUP, "integrationType": "SLACK"}),
            CloudManager,
        );
        let operation = checked.operation.unwrap();
        assert_eq!(operation.integration_type().unwrap().name, "SLACK");
        assert!(operation.body().is_none());
        let checked = check(json!({"op": op, "groupId": GROUP, "body": {}}), AtlasV2);
        assert_eq!(
            codes(&checked.issues),
            pairs(&[
                ("integrationType", "missing_parameter"),
                ("body", "unexpected_body")
            ])
        );
        assert!(checked.operation.is_none());
    }
}

#[test]
fn create_takes_its_type_from_the_body() {
    let body = json!({"type": "PAGER_DUTY", "serviceKey": KEY});
    let checked = check(
        json!({"op": "create", "groupId": GROUP, "body": body}),
        OpsManager,
    );
    assert_eq!(codes(&checked.issues), vec![]);
    let op = checked.operation.unwrap();
    assert_eq!(op.integration_type().unwrap().name, "PAGER_DUTY");
    assert_eq!(op.body().unwrap(), body.as_object().unwrap());
    // Explicit and different: a mismatch on the body's type; the fields follow the body.
    let checked = check(
        json!({"op": "update", "groupId": GROUP, "integrationType": "SLACK", "body": body}),
        AtlasV2,
    );
    assert_eq!(
        codes(&checked.issues),
        pairs(&[("body.type", "type_mismatch")])
    );
    assert!(checked.operation.is_none());
}

#[test]
fn create_without_body_and_body_problems_are_rooted_under_body() {
    let checked = check(json!({"op": "create", "groupId": GROUP}), AtlasV2);
    assert_eq!(codes(&checked.issues), pairs(&[("body", "missing_body")]));
    let checked = check(
        json!({"op": "update", "groupId": GROUP, "integrationType": "WEBHOOK", "body": "x"}),
        AtlasV2,
    );
    assert_eq!(codes(&checked.issues), pairs(&[("body", "not_an_object")]));
    let checked = check(
        json!({"op": "update", "groupId": GROUP, "body": {"serviceKey": "****1234"}}),
        AtlasV2,
    );
    assert_eq!(
        codes(&checked.issues),
        pairs(&[("body.type", "missing_type")])
    );
}

#[test]
fn warnings_do_not_block() {
    let checked = check(
        json!({"op": "update", "groupId": GROUP,
               "body": {"type": "SLACK", "apiToken": "t", "id": "abc"},
               "query": {"includeCount": true}}),
        CloudManager,
    );
    assert_eq!(
        codes(&checked.issues),
        pairs(&[
            ("body.id", "read_only_field"),
            ("body", "slack_oauth_required"),
            ("query.includeCount", "undocumented_parameter"),
        ])
    );
    assert_eq!(checked.operation.unwrap().query().include_count, Some(true));
}

#[test]
fn group_ids_that_could_change_the_path_never_pass() {
    for bad in [
        "32b6e34b3d91647abb20e7b",
        "32b6e34b3d91647abb20e7b89",
        "32B6E34B3D91647ABB20E7B8",
        "../../../../../../admin/",
        "32b6e34b3d91647abb20e7/8",
        "32b6e34b3d91647abb20e%2e",
        "32b6e34b3d91647abb20e7.8",
        "32b6e34b3d91647abb20e7 8",
        "32b6e34b3d91647abb20e7é",
        "32b6e34b3d91647abb20e７8",
        "32b6e34b3d91647abb20e7b8\n",
    ] {
        let checked = check(json!({"op": "list", "groupId": bad}), AtlasV2);
        assert!(checked.operation.is_none(), "{bad:?}");
        assert_eq!(
            codes(&checked.issues),
            pairs(&[("groupId", "invalid_format")])
        );
    }
    for (value, code) in [
        (json!(null), "missing_parameter"),
        (json!(""), "missing_parameter"),
        (json!(12), "wrong_type"),
    ] {
        let checked = check(json!({"op": "list", "groupId": value}), AtlasV2);
        assert_eq!(codes(&checked.issues), pairs(&[("groupId", code)]));
    }
}

#[test]
fn integration_types_must_be_catalogue_names_supported_here() {
    for bad in [
        "PAGER_DUTY/..",
        "pager_duty",
        "PAGER_DUTY ",
        "..",
        "%50AGER_DUTY",
        "SLACK\u{0}",
    ] {
        let checked = check(
            json!({"op": "delete", "groupId": GROUP, "integrationType": bad}),
            AtlasV2,
        );
        assert!(checked.operation.is_none());
        assert_eq!(
            codes(&checked.issues),
            pairs(&[("integrationType", "unknown_type")])
        );
    }
    // HIP_CHAT is in the Atlas path enum, but Atlas refuses it (§3.1).
    let checked = check(
        json!({"op": "get", "groupId": GROUP, "integrationType": "HIP_CHAT"}),
        AtlasV1,
    );
    assert_eq!(
        codes(&checked.issues),
        pairs(&[("integrationType", "unsupported_type")])
    );
    assert!(checked.issues[0].message.contains("HIPCHAT_NOT_SUPPORTED"));
    let checked = check(
        json!({"op": "list", "groupId": GROUP, "integrationType": "SLACK"}),
        AtlasV2,
    );
    assert_eq!(
        codes(&checked.issues),
        pairs(&[("integrationType", "unsupported_parameter")])
    );
}

#[test]
fn query_values() {
    let cases: &[(Value, &[(&str, &'static str)])] = &[
        (json!({"pageNum": 0}), &[("query.pageNum", "out_of_range")]),
        (json!({"pageNum": -3}), &[("query.pageNum", "out_of_range")]),
        (json!({"pageNum": 1.5}), &[("query.pageNum", "wrong_type")]),
        (json!({"pageNum": "2"}), &[("query.pageNum", "wrong_type")]),
        (
            json!({"pageNum": 1e300}),
            &[("query.pageNum", "out_of_range")],
        ),
        (
            json!({"pageNum": 4294967296u64}),
            &[("query.pageNum", "out_of_range")],
        ),
        (
            json!({"itemsPerPage": 501}),
            &[("query.itemsPerPage", "out_of_range")],
        ),
        (
            json!({"itemsPerPage": 0}),
            &[("query.itemsPerPage", "out_of_range")],
        ),
        (
            json!({"envelope": "true"}),
            &[("query.envelope", "wrong_type")],
        ),
        (json!({"pretty": 1}), &[("query.pretty", "wrong_type")]),
        (
            json!({"backupJobsEnabledOnly": true}),
            &[("query.backupJobsEnabledOnly", "unsupported_parameter")],
        ),
        (
            json!({"limit": 5}),
            &[("query.limit", "unsupported_parameter")],
        ),
        (json!([1]), &[("query", "wrong_type")]),
    ];
    for (query, expected) in cases {
        let checked = check(
            json!({"op": "list", "groupId": GROUP, "query": query}),
            AtlasV2,
        );
        assert_eq!(codes(&checked.issues), pairs(expected), "{query}");
        assert!(checked.operation.is_none());
    }
    let checked = check(
        json!({"op": "list", "groupId": GROUP, "query": {"pageNum": 4294967295u64}}),
        AtlasV2,
    );
    assert_eq!(checked.operation.unwrap().query().page_num, Some(u32::MAX));
}

#[test]
fn paging_only_on_list_create_update() {
    let checked = check(
        json!({"op": "get", "groupId": GROUP, "integrationType": "SLACK",
               "query": {"pageNum": 1, "itemsPerPage": 5, "includeCount": true, "envelope": true}}),
        AtlasV2,
    );
    assert_eq!(
        codes(&checked.issues),
        pairs(&[
            ("query.includeCount", "unsupported_parameter"),
            ("query.itemsPerPage", "unsupported_parameter"),
            ("query.pageNum", "unsupported_parameter"),
        ])
    );
    let checked = check(
        json!({"op": "create", "groupId": GROUP,
               "body": {"type": "OPS_GENIE", "apiKey": "k"},
               "query": {"pageNum": 1, "itemsPerPage": 5, "includeCount": true}}),
        AtlasV1,
    );
    assert_eq!(codes(&checked.issues), vec![]);
    assert!(checked.operation.is_some());
}

#[test]
fn op_itself() {
    for (op, code) in [
        (json!(null), "missing_parameter"),
        (json!("patch"), "invalid_enum"),
        (json!(["list"]), "wrong_type"),
    ] {
        let checked = check(json!({"op": op, "groupId": GROUP}), AtlasV2);
        assert_eq!(codes(&checked.issues), pairs(&[("op", code)]));
        assert!(checked.operation.is_none());
    }
    let checked = check(json!("list"), AtlasV2);
    assert_eq!(codes(&checked.issues), pairs(&[("", "not_an_object")]));
}

#[test]
fn messages_never_echo_secrets() {
    let secret = "************************abcd";
    let checked = check(
        json!({"op": "update", "groupId": GROUP,
               "body": {"type": "DATADOG", "apiKey": secret, "region": "XX"}}),
        AtlasV2,
    );
    assert_eq!(
        codes(&checked.issues),
        pairs(&[
            ("body.apiKey", "masked_secret"),
            ("body.region", "invalid_enum")
        ])
    );
    for issue in &checked.issues {
        assert!(!issue.message.contains("abcd"), "{}", issue.message);
    }
}
