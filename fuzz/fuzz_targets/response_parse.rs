//! A status and an arbitrary body through the response parser for every operation kind,
//! the token-response parser, Retry-After parsing and the snippet/scrub helpers.
//! Input: 2 bytes of status (big endian), then the body (also used as a Retry-After value).
#![no_main]
use atlas_integrations::oauth;
use atlas_integrations::operation::OpKind;
use atlas_integrations::response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]), rest),
        _ => return,
    };
    let body = String::from_utf8_lossy(body);
    for kind in OpKind::ALL {
        match response::parse(kind, status, &body) {
            Ok(_) => {}
            Err(failure) => {
                // Every accessor of a failure must work on whatever the server sent.
                let _ = failure.code();
                let _ = failure.status();
                let _ = failure.message();
                let _ = failure.to_string();
            }
        }
    }
    for now in [0, 1_700_000_000_000, u64::MAX] {
        let _ = oauth::parse_token_response(status, &body, now);
        let _ = response::parse_retry_after(&body, now);
    }
    let _ = response::snippet(&body);
    let _ = response::scrub(&body);
});
