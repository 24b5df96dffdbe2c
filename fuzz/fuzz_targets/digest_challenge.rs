//! WWW-Authenticate header values through the Digest challenge parser and the session; a
//! challenge that parses is answered, and the answer must be one header line.
//! Input: header, zero, user, zero, password, zero, uri.
#![no_main]
use atlas_integrations::digest::{self, Credentials, DigestSession, Legacy};
use atlas_integrations_fuzz::{split, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts = split(data, 4);
    let header = text(parts[0]);
    let creds = Credentials::new(text(parts[1]), text(parts[2]));
    let uri = text(parts[3]);
    if let Ok(challenge) = digest::parse_challenge(&header, Legacy::Allow) {
        for nc in [1, u32::MAX] {
            let h = digest::authorization(&challenge, &creds, "GET", &uri, "0a4f113b", nc);
            assert!(!h.contains(['\r', '\n', '\0']), "header answer holds a line break");
            assert!(h.starts_with("Digest "));
        }
    }
    let mut session = DigestSession::new();
    for signed in [false, true] {
        if session.on_unauthorized(&header, signed).is_ok() {
            let h = session.authorize(&creds, "PUT", &uri, "cn").expect("a stored challenge signs");
            assert!(!h.contains(['\r', '\n', '\0']));
        } else {
            assert!(!session.has_challenge());
            assert!(session.authorize(&creds, "GET", &uri, "cn").is_none());
        }
    }
});
