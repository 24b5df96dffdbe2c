//! Regression inputs for the pure core, from fuzzing (fuzz/, scripts/fuzz.sh).
//!
//! When a fuzz target finds a crash: minimise it (`scripts/fuzz.sh tmin TARGET ARTIFACT`),
//! add the input here as a test calling the public API exactly as the target did, and keep
//! the panic message and location in the comment. No crash has been found so far (see
//! RELIABILITY.md for the runs); the tests below pin the boundary inputs the fuzzers kept
//! coming back to, so a change that starts panicking on them fails here first.

use atlas_integrations::digest::{self, DigestSession, Legacy};
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::has_errors;
use atlas_integrations::operation::OpKind;
use atlas_integrations::plan::plan;
use atlas_integrations::request::build_from_json;
use atlas_integrations::response;
use atlas_integrations::url::Target;
use atlas_integrations::validate;
use serde_json::{json, Value};

/// JSON text nested as deep as the JS boundary can deliver (serde_json stops at 128).
fn nested(levels: usize, leaf: &str) -> Value {
    let text = format!("{}{}{}", "[".repeat(levels), leaf, "]".repeat(levels));
    serde_json::from_str(&text).expect("within serde_json's recursion limit")
}

#[test]
fn deepest_readable_json_through_both_validators() {
    let deep = nested(126, "{\"type\": \"SLACK\"}");
    for flavour in Flavour::ALL {
        assert!(has_errors(&validate::body(&deep, None, flavour)));
        let op = json!({"op": "create", "groupId": "0123456789abcdef01234567", "body": deep.clone(), "query": deep.clone()});
        let checked = validate::operation(&op, flavour);
        assert!(checked.operation.is_none() && has_errors(&checked.issues));
    }
}

#[test]
fn extreme_statuses_and_bodies_for_every_operation() {
    let bodies = [
        "",
        "null",
        "{\"status\": 70000, \"content\": {}}",
        "{\"status\": -1, \"content\": null}",
        "{\"results\": [null], \"totalCount\": -5, \"links\": [{\"href\": 1}]}",
        "{\"error\": 1e400, \"errorCode\": [], \"detail\": {}}",
        "\u{feff}<html>\u{0}</html>",
    ];
    for kind in OpKind::ALL {
        for status in [0, 1, 99, 199, 200, 204, 299, 300, 429, 599, 600, u16::MAX] {
            for body in bodies {
                if let Err(failure) = response::parse(kind, status, body) {
                    let _ = (failure.code(), failure.status(), failure.message());
                }
            }
        }
    }
    for value in [
        "",
        " ",
        "99999999999999999999999",
        "Sun, 31 Feb 9999 99:99:99 GMT",
        "-1",
    ] {
        let _ = response::parse_retry_after(value, u64::MAX);
        let _ = response::parse_retry_after(value, 0);
    }
}

#[test]
fn digest_headers_made_of_separators() {
    for header in [
        "Digest",
        "Digest ,,,,",
        "Digest realm=\"",
        "Digest realm=\"\\",
        "Digest nonce=\"n\", nonce=\"m\", algorithm=SHA-256-sess, qop=\"auth\", userhash=true",
        "Bearer, Digest nonce=n, Digest nonce=\"x\", qop=\"auth-int\"",
        "digest\tnonce=\"\r\n\"",
    ] {
        let _ = digest::parse_challenge(header, Legacy::Refuse);
        let _ = digest::parse_challenge(header, Legacy::Allow);
        let mut s = DigestSession::new();
        if s.on_unauthorized(header, true).is_ok() {
            let creds = digest::Credentials::new("u\r\n", "p");
            let h = s
                .authorize(&creds, "GET", "/\r\nx", "c")
                .expect("signs after a challenge");
            assert!(!h.contains(['\r', '\n']));
        }
    }
}

/// Where fetch would really send a built request: the URL as WHATWG parsing resolves it
/// (dot segments, `%2e`, backslashes, default ports), not the string the core built.
/// It must keep the base URL's origin and sit exactly at the operation's path under the
/// prefix as the base URL writes it (so a prefix that resolves away is caught).
#[test]
fn odd_base_urls_never_build_an_escaping_request() {
    let op =
        json!({"op": "get", "groupId": "0123456789abcdef01234567", "integrationType": "SLACK"});
    let mut accepted = 0;
    for base in [
        "http://127.0.0.1:1/a/../../b",
        "https://h/%2e%2e/",
        "https://h/a/.%2e",
        "https://h/a/%2E./b",
        "https://h/a/%2e",
        "https://h/a/.%2E/",
        "https://h/a\\..\\b",
        "https://user:pw@h",
        "https://h?x=1",
        "https://h#f",
        "https://[::1",
        "https://h:99999",
        "https:// h",
        "https://h\\@evil",
        "https://h\\evil",
        "https://h:443/p",
        "http://127.1/x",
        "https://H/a/b%2Fc/..%2f/d",
        "https://h/a/...",
        "https://h/proxy/atlas/",
    ] {
        for flavour in Flavour::ALL {
            let Ok(target) = Target::new(flavour, Some(base), true) else {
                continue;
            };
            let Ok(req) = build_from_json(&op, &target) else {
                continue;
            };
            accepted += 1;
            let sent = url::Url::parse(&req.url).expect("a built URL parses as fetch parses it");
            let base_url = url::Url::parse(target.base_url()).expect("the base URL parses");
            assert_eq!(sent.origin(), base_url.origin(), "{base} -> {}", req.url);
            let written_prefix = target
                .base_url()
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
                .unwrap_or("");
            let expected = format!(
                "{written_prefix}{}/groups/0123456789abcdef01234567/integrations/SLACK",
                flavour.path_prefix()
            );
            assert_eq!(sent.path(), expected, "{base} -> {}", req.url);
            assert!(sent.query().is_none() && sent.fragment().is_none());
            assert!(sent.username().is_empty() && sent.password().is_none());
        }
    }
    // The accepted ones (h:443/p, 127.1/x, the %2F and ... names, the proxy prefix) were checked.
    assert_eq!(accepted, 5 * Flavour::ALL.len());
}

#[test]
fn plan_against_mismatched_and_odd_current_values() {
    let desired = json!({"type": "SLACK", "apiToken": "xoxb-1111-2222-aaaa", "channelName": "a"});
    for current in [
        json!(null),
        json!([]),
        json!({"type": "DATADOG"}),
        json!({"type": "SLACK", "apiToken": "*", "channelName": null}),
        json!({"type": "SLACK", "apiToken": "****aaaa", "channelName": ["a"]}),
        nested(120, "1"),
    ] {
        for flavour in Flavour::ALL {
            let _ = plan(&desired, Some(&current), flavour);
        }
    }
}
