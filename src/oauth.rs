//! Service-account tokens: the OAuth2 client-credentials request and its answer.
//!
//! Tokens last an hour (INTEGRATIONS.md §1.1); a cache asks [`AccessToken::is_fresh`] and
//! fetches a new one shortly before expiry instead of failing a request with a 401. The
//! client secret and the token are kept out of every Debug output and error.

use crate::request::Request;
use crate::response::{error_from, snippet, Failure};
use crate::url::Target;
use serde_json::Value;
use std::fmt;

/// A service account's client id and secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    pub client_id: String,
    client_secret: String,
}

impl ClientCredentials {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// `POST {base}/api/oauth/token` with HTTP Basic credentials and
/// `grant_type=client_credentials`. The id and secret go into Basic as they are, as
/// MongoDB's own examples do (`curl --user id:secret`); Atlas ids and secrets contain no
/// characters that form-encoding would change.
pub fn token_request(target: &Target, creds: &ClientCredentials) -> Request {
    let basic = base64(format!("{}:{}", creds.client_id, creds.client_secret).as_bytes());
    Request {
        method: "POST",
        url: target.url_for("/api/oauth/token"),
        headers: vec![
            ("Accept".to_owned(), "application/json".to_owned()),
            (
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("Authorization".to_owned(), format!("Basic {basic}")),
        ],
        body: Some("grant_type=client_credentials".to_owned()),
    }
}

/// A bearer token and when it stops working.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    token: String,
    /// Unix epoch milliseconds.
    pub expires_at_ms: u64,
}

impl AccessToken {
    /// The `Authorization` header value.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// Still usable for at least `skew_ms` more (so a request sent now does not arrive
    /// with a token that expired on the way).
    pub fn is_fresh(&self, now_ms: u64, skew_ms: u64) -> bool {
        now_ms.saturating_add(skew_ms) < self.expires_at_ms
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"<redacted>")
            .field("expires_at_ms", &self.expires_at_ms)
            .finish()
    }
}

/// Parses the token endpoint's answer; `now_ms` is when the request was sent (so the
/// expiry errs early). A missing `expires_in` is taken as the documented hour.
///
/// # Errors
/// The endpoint's error for non-2xx statuses (`invalid_client`, `rate_limited`, …), and
/// `unexpected_response` for a 2xx body without a bearer `access_token`.
pub fn parse_token_response(status: u16, body: &str, now_ms: u64) -> Result<AccessToken, Failure> {
    let json = serde_json::from_str::<Value>(body).ok();
    if !(200..300).contains(&status) {
        return Err(error_from(status, json.as_ref(), body));
    }
    let unexpected = |message| Failure::UnexpectedResponse {
        status,
        message,
        // The body may hold a token: show only its shape, never its text.
        snippet: if json.is_some() {
            "(JSON)".to_owned()
        } else {
            snippet(body)
        },
    };
    let obj = json
        .as_ref()
        .and_then(Value::as_object)
        .ok_or_else(|| unexpected("The token response is not a JSON object."))?;
    let token = obj
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unexpected("The token response has no access_token."))?;
    if !crate::header::credential_ok(token) {
        return Err(unexpected(
            "The issued access_token is not printable ASCII without spaces, so it cannot be sent as a bearer token.",
        ));
    }
    let bearer = obj
        .get("token_type")
        .and_then(Value::as_str)
        .map_or(true, |t| t.eq_ignore_ascii_case("bearer"));
    if !bearer {
        return Err(unexpected("The token is not a bearer token."));
    }
    let expires_in_s = match obj.get("expires_in") {
        None | Some(Value::Null) => 3600,
        Some(v) => {
            expires_in(v).ok_or_else(|| unexpected("expires_in is not a number of seconds."))?
        }
    };
    Ok(AccessToken {
        token: token.to_owned(),
        expires_at_ms: now_ms.saturating_add(expires_in_s.saturating_mul(1000)),
    })
}

/// `expires_in` in whole seconds. RFC 6749 gives a number; servers also write `3600.0` or
/// the string `"3600"`, which mean the same. Below zero is already expired (0); anything
/// else (a word, `true`) is refused. The caller saturates the milliseconds.
fn expires_in(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            // A fraction, a negative or an exponent: `as` saturates (below zero is 0).
            let seconds = n.as_f64()?;
            seconds.is_finite().then(|| seconds.floor() as u64)
        }),
        // Digits only: a float parser for a string would add ~12 KiB gzip to the module.
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

/// Standard base64 with padding (RFC 4648 §4); a few lines instead of a crate in the bundle.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextet = |n: u32, shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sextet(n, 18));
        out.push(sextet(n, 12));
        out.push(if chunk.len() > 1 { sextet(n, 6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(n, 0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flavour::Flavour;
    use serde_json::json;

    #[test]
    fn base64_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x3e]), "//4+");
    }

    #[test]
    fn token_request_in_full() {
        let t = Target::default_for(Flavour::AtlasV2).unwrap();
        let req = token_request(
            &t,
            &ClientCredentials::new("mdb_sa_id_1", "mdb_sa_sk_CANARY"),
        );
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({
                "method": "POST",
                "url": "https://cloud.mongodb.com/api/oauth/token",
                "headers": {
                    "Accept": "application/json",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Authorization": format!("Basic {}", base64(b"mdb_sa_id_1:mdb_sa_sk_CANARY"))
                },
                "body": "grant_type=client_credentials"
            })
        );
        assert!(!format!("{req:?}").contains(&base64(b"mdb_sa_id_1:mdb_sa_sk_CANARY")));
        let proxied = Target::new(Flavour::AtlasV2, Some("http://localhost:9/p"), false).unwrap();
        assert_eq!(
            token_request(&proxied, &ClientCredentials::new("a", "b")).url,
            "http://localhost:9/p/api/oauth/token"
        );
    }

    #[test]
    fn expires_in_as_servers_write_it_and_unusable_tokens() {
        let at = |expires: &str| {
            let body = format!(r#"{{"access_token":"t0k","expires_in":{expires}}}"#);
            parse_token_response(200, &body, 0).map(|t| t.expires_at_ms)
        };
        assert_eq!(at("3600.0").ok(), Some(3_600_000));
        assert_eq!(at(r#""3600""#).ok(), Some(3_600_000));
        assert_eq!(at("59.9").ok(), Some(59_000));
        assert_eq!(at("-5").ok(), Some(0));
        assert_eq!(at("1e300").ok(), Some(u64::MAX));
        assert!(at(r#""soon""#).is_err());
        assert!(at("true").is_err());
        for token in ["has space", r"tab\there", r"caf\u00e9"] {
            let body = format!(r#"{{"access_token":"{token}"}}"#);
            assert!(parse_token_response(200, &body, 0).is_err(), "{token}");
        }
    }

    #[test]
    fn parses_tokens_and_freshness() {
        let tok = parse_token_response(
            200,
            r#"{"access_token":"CANARY-TOKEN","expires_in":3600,"token_type":"Bearer"}"#,
            1_000,
        )
        .unwrap();
        assert_eq!(tok.expires_at_ms, 3_601_000);
        assert_eq!(tok.authorization(), "Bearer CANARY-TOKEN");
        assert!(tok.is_fresh(1_000, 60_000));
        assert!(!tok.is_fresh(3_541_000, 60_000));
        assert!(tok.is_fresh(3_540_999, 60_000));
        assert!(!tok.is_fresh(u64::MAX, 0));
        assert!(!format!("{tok:?}").contains("CANARY"));
        let default = parse_token_response(200, r#"{"access_token":"x"}"#, 0).unwrap();
        assert_eq!(default.expires_at_ms, 3_600_000);
    }

    #[test]
    fn token_errors_never_show_the_token() {
        for body in [
            r#"{"access_token":"CANARY","token_type":"mac"}"#,
            r#"{"access_token":"CANARY","expires_in":"soon"}"#,
            r#"{"token":"CANARY"}"#,
            r#"["CANARY"]"#,
        ] {
            let err = parse_token_response(200, body, 0).unwrap_err();
            assert_eq!(err.code(), "unexpected_response");
            assert!(!format!("{err:?} {err}").contains("CANARY"), "{err:?}");
        }
        let err = parse_token_response(
            401,
            r#"{"error":"invalid_client","error_description":"Bad credentials"}"#,
            0,
        )
        .unwrap_err();
        assert_eq!(err.code(), "INVALID_CLIENT");
        assert_eq!(err.message(), "Bad credentials");
        let err = parse_token_response(
            429,
            r#"{"error":"rate_limited","error_description":"Slow down"}"#,
            0,
        )
        .unwrap_err();
        assert_eq!(err.code(), "RATE_LIMITED");
        assert_eq!(
            parse_token_response(502, "<html>", 0).unwrap_err().code(),
            "http_error"
        );
    }

    #[test]
    fn credentials_debug_hides_the_secret() {
        let d = format!("{:?}", ClientCredentials::new("id", "CANARY"));
        assert!(d.contains("id") && !d.contains("CANARY"));
    }
}
