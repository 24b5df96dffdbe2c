//! `validate::operation`: path parameters, query, body placement, and the checked
//! `Operation` it builds.

use atlas_integrations::catalogue::TYPES;
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::{Issue, IssueCode};
use atlas_integrations::operation::{OpKind, Query};
use atlas_integrations::request;
use atlas_integrations::url::Target;
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

fn errors(issues: &[Issue]) -> Vec<(String, &'static str)> {
    let errors: Vec<Issue> = issues.iter().filter(|i| i.is_error()).cloned().collect();
    codes(&errors)
}

fn target(flavour: Flavour) -> Target {
    Target::new(flavour, Some("https://om.example.com"), false).unwrap()
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
            backup_jobs_enabled_only: None,
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
            ("body.teamName", "missing_recommended"),
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
    // HIP_CHAT is in the Atlas path enum, but Atlas refuses a HipChat body (§3.1).
    let checked = check(
        json!({"op": "update", "groupId": GROUP, "integrationType": "HIP_CHAT",
               "body": {"type": "HIP_CHAT", "notificationToken": "t", "roomName": "r"}}),
        AtlasV1,
    );
    assert_eq!(
        errors(&checked.issues),
        pairs(&[
            ("integrationType", "unsupported_type"),
            ("body.type", "unsupported_type")
        ])
    );
    assert!(checked.issues[0]
        .message
        .contains("only available on Ops Manager"));
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
        // Documented for Cloud Manager and Ops Manager only (see backup_jobs_enabled_only).
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

/// Issue 17 point 1: the CM PUT page and the OM update and get-one pages list
/// `backupJobsEnabledOnly` (a boolean) and, on single-object operations, `pageNum` and
/// `itemsPerPage` (INTEGRATIONS.md §3.2 correction).
#[test]
fn backup_jobs_enabled_only_and_single_object_paging_on_managers() {
    let body = json!({"type": "OPS_GENIE", "apiKey": "k"});
    for flavour in [CloudManager, OpsManager] {
        for op in ["list", "get", "create", "update", "delete"] {
            let mut input = json!({"op": op, "groupId": GROUP,
                                   "query": {"backupJobsEnabledOnly": false}});
            if op != "list" {
                input["integrationType"] = json!("OPS_GENIE");
            }
            if op == "create" || op == "update" {
                input["body"] = body.clone();
            }
            let checked = check(input.clone(), flavour);
            assert_eq!(codes(&checked.issues), vec![], "{flavour:?} {op}");
            let operation = checked.operation.unwrap();
            assert_eq!(operation.query().backup_jobs_enabled_only, Some(false));
            let url = request::build(&operation, &target(flavour));
            assert!(
                url.url.ends_with("?backupJobsEnabledOnly=false"),
                "{}",
                url.url
            );
            input["query"] = json!({"backupJobsEnabledOnly": "yes"});
            assert_eq!(
                codes(&check(input, flavour).issues),
                pairs(&[("query.backupJobsEnabledOnly", "wrong_type")])
            );
        }
        for op in ["get", "delete"] {
            let checked = check(
                json!({"op": op, "groupId": GROUP, "integrationType": "SLACK",
                       "query": {"pageNum": 1, "itemsPerPage": 5, "includeCount": true}}),
                flavour,
            );
            assert_eq!(
                codes(&checked.issues),
                pairs(&[
                    ("query.includeCount", "undocumented_parameter"),
                    ("query.itemsPerPage", "ineffective_parameter"),
                    ("query.pageNum", "ineffective_parameter"),
                ]),
                "{flavour:?} {op}"
            );
            assert!(checked.operation.is_some());
        }
    }
    for flavour in [AtlasV2, AtlasV1] {
        let checked = check(
            json!({"op": "get", "groupId": GROUP, "integrationType": "SLACK",
                   "query": {"backupJobsEnabledOnly": true}}),
            flavour,
        );
        assert_eq!(
            errors(&checked.issues),
            pairs(&[("query.backupJobsEnabledOnly", "unsupported_parameter")])
        );
    }
}

/// Issue 17 point 4: a project may still hold a HipChat or Flowdock integration; get and
/// delete reach it with a warning, create and update stay refused.
#[test]
fn legacy_types_can_be_read_and_removed() {
    let mut checked_pairs = 0;
    for def in TYPES {
        for flavour in Flavour::ALL.into_iter().filter(|f| !def.supports(*f)) {
            for op in ["get", "delete"] {
                let checked = check(
                    json!({"op": op, "groupId": GROUP, "integrationType": def.name}),
                    flavour,
                );
                assert_eq!(
                    codes(&checked.issues),
                    pairs(&[("integrationType", "legacy_type")]),
                    "{} {flavour:?} {op}",
                    def.name
                );
                assert!(!checked.issues[0].is_error());
                let operation = checked.operation.unwrap();
                assert_eq!(operation.integration_type().map(|t| t.name), Some(def.name));
                checked_pairs += 1;
            }
            let checked = check(
                json!({"op": "update", "groupId": GROUP, "integrationType": def.name,
                       "body": {"type": def.name}}),
                flavour,
            );
            assert!(checked.operation.is_none());
            assert!(
                errors(&checked.issues).contains(&("integrationType".into(), "unsupported_type"))
            );
        }
    }
    // HIP_CHAT off Ops Manager (3), FLOWDOCK everywhere (4), DATADOG on CM, NEW_RELIC on CM/OM.
    assert_eq!(checked_pairs, 2 * 10);
    let checked = check(
        json!({"op": "delete", "groupId": GROUP, "integrationType": "FLOWDOCK"}),
        AtlasV2,
    );
    let url = request::build(&checked.operation.unwrap(), &target(AtlasV2));
    assert!(url.url.ends_with("/integrations/FLOWDOCK"), "{}", url.url);
}

/// Issue 17 point 2: an update may leave out the Prometheus password (write-only; the
/// server keeps the current one); a create may not.
#[test]
fn prometheus_password_required_on_create_only() {
    for flavour in Flavour::ALL {
        let mut body = json!({"type": "PROMETHEUS", "username": "u", "serviceDiscovery": "http",
                              "enabled": false});
        if matches!(flavour, CloudManager | OpsManager) {
            body["scheme"] = json!("http");
            body["listenAddress"] = json!("0.0.0.0:9216");
        }
        let update = check(
            json!({"op": "update", "groupId": GROUP, "body": body}),
            flavour,
        );
        assert_eq!(
            codes(&update.issues),
            pairs(&[("body.password", "kept_on_update")]),
            "{flavour:?}"
        );
        assert!(update.issues[0]
            .message
            .contains("keeps the current password"));
        assert!(update.operation.is_some());
        let create = check(
            json!({"op": "create", "groupId": GROUP, "body": body}),
            flavour,
        );
        assert_eq!(
            errors(&create.issues),
            pairs(&[("body.password", "missing_field")])
        );
        assert!(create.operation.is_none());
        // Without a known operation, validate::body judges as for a create.
        let plain = validate::body(&body, None, flavour);
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].code, IssueCode::MissingField);
        assert_eq!(
            validate::body_for(&body, None, flavour, OpKind::Update)[0].code,
            IssueCode::KeptOnUpdate
        );
    }
}
