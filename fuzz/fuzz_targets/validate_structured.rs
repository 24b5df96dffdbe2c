//! Structured JSON biased towards the catalogue (type names, field names, enum options,
//! masked values, URLs), through body and operation validation and the request builder for
//! every flavour. Secret values are marked: no issue and no curl preview may show one.
#![no_main]
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::has_errors;
use atlas_integrations::preview::{self, PreviewAuth};
use atlas_integrations::request;
use atlas_integrations::url::Target;
use atlas_integrations::validate;
use atlas_integrations_fuzz::{
    assert_no_secret_in_issues, assert_request_shape, mark_secrets, operation_around, Names, J,
    SECRET_MARK,
};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static NAMES: OnceLock<Names> = OnceLock::new();

fuzz_target!(|input: (u8, J, Option<J>)| {
    let names = NAMES.get_or_init(Names::default);
    let (sel, body, query) = input;
    let mut body = names.value(&body);
    mark_secrets(&mut body);
    let query = query.map(|q| names.value(&q));
    let op = operation_around(sel, body.clone(), query);
    let local = |f| Target::new(f, Some("http://127.0.0.1:1/prefix"), false).ok();
    for flavour in Flavour::ALL {
        let issues = validate::body(&body, None, flavour);
        assert_no_secret_in_issues(&issues, "validate::body");
        let checked = validate::operation(&op, flavour);
        assert_no_secret_in_issues(&checked.issues, "validate::operation");
        assert_eq!(checked.operation.is_some(), !has_errors(&checked.issues));
        for target in [Target::default_for(flavour).ok(), local(flavour)].into_iter().flatten() {
            match request::build_from_json(&op, &target) {
                Ok(req) => {
                    assert!(checked.operation.is_some(), "built what validation refused");
                    assert_request_shape(&req, &target);
                    for auth in [PreviewAuth::None, PreviewAuth::Bearer] {
                        let curl = preview::curl(&req, &auth);
                        assert!(!curl.contains(SECRET_MARK), "curl preview shows a secret: {curl}");
                    }
                }
                Err(issues) => {
                    assert!(has_errors(&issues), "refused without an error");
                    assert_no_secret_in_issues(&issues, "build_from_json");
                }
            }
        }
    }
});
