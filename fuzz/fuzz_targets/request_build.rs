//! An arbitrary base URL and an arbitrary operation (JSON text) → Target::new →
//! build_from_json → curl preview, for every flavour, with and without allowInsecureHttp.
//! Input: base URL, a zero byte, the operation's JSON text. A request that is built must
//! keep the shape of `assert_request_shape` (no path escape, no header injection).
#![no_main]
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::has_errors;
use atlas_integrations::preview::{self, PreviewAuth};
use atlas_integrations::request;
use atlas_integrations::url::{request_uri, Target};
use atlas_integrations_fuzz::{assert_request_shape, split, text};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let parts = split(data, 2);
    let base = text(parts[0]);
    let op = serde_json::from_slice::<Value>(parts[1]).unwrap_or_else(|_| Value::String(text(parts[1])));
    for flavour in Flavour::ALL {
        for insecure in [false, true] {
            let target = match Target::new(flavour, Some(&base), insecure) {
                Ok(t) => t,
                Err(e) => {
                    let _ = e.message();
                    let _ = e.code();
                    continue;
                }
            };
            let b = target.base_url();
            assert!(
                b.starts_with("https://") || b.starts_with("http://"),
                "base url {b:?}"
            );
            assert!(!b.ends_with('/') && !b.contains(['#', '?', ' ', '\r', '\n', '\\']), "base url {b:?}");
            match request::build_from_json(&op, &target) {
                Ok(req) => {
                    assert_request_shape(&req, &target);
                    assert!(request_uri(&req.url).starts_with('/'));
                    let _ = preview::curl(&req, &PreviewAuth::Bearer);
                    let _ = preview::curl(&req, &PreviewAuth::Digest { public_key: base.clone() });
                }
                Err(issues) => assert!(has_errors(&issues)),
            }
        }
    }
});
