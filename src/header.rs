//! Which custom headers a client may send on every request. `fetch` refuses some headers
//! outright (a value with a line break or a character above U+00FF throws a `TypeError`;
//! Node's fetch also throws for `Transfer-Encoding`, `Connection`, ...) and browsers drop
//! the forbidden ones silently. Accepting them at construction would make every call fail
//! as a network error, retried: they are refused up front instead.

/// Headers the Fetch standard forbids a script to set, or that the client sets itself
/// (compared in lower case; any `proxy-` or `sec-` name is forbidden too).
const FORBIDDEN: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "authorization",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Why a custom header cannot be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refused {
    /// The name is not an HTTP token.
    BadName,
    /// The value holds a character `fetch` refuses (a line break, NUL, anything above
    /// U+00FF, which includes U+2028).
    BadValue,
    /// `fetch` refuses or drops this header, or the client sets it from its credentials.
    Forbidden,
}

impl Refused {
    /// One sentence for people, naming the header (never its value).
    pub fn message(self, name: &str) -> String {
        match self {
            Refused::BadName => "a header name is not a valid HTTP token.".to_owned(),
            Refused::BadValue => format!(
                "header {name} holds a character fetch refuses (a line break, NUL or one above U+00FF)."
            ),
            Refused::Forbidden if name.eq_ignore_ascii_case("authorization") => {
                "Pass credentials as token, digest or serviceAccount, not as a header.".to_owned()
            }
            Refused::Forbidden => {
                format!("header {name} is set by the runtime, not by a script (fetch refuses or drops it).")
            }
        }
    }
}

/// Whether `value` can be a credential in an `Authorization` header (a token, a Digest
/// key): non-empty printable ASCII without spaces, as RFC 6750's `b68token` and the keys
/// Atlas issues are. The rule for a caller's credentials and a server's issued token alike.
pub fn credential_ok(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic())
}

/// Whether `fetch` accepts `value` as a header value (else it throws a `TypeError`): no
/// line break, no NUL, nothing above U+00FF. Also checked on every attempt for the values
/// the client did not get at construction (a provider's or an exchanged token).
pub fn value_ok(value: &str) -> bool {
    !value
        .chars()
        .any(|c| matches!(c, '\r' | '\n' | '\0') || u32::from(c) > 0xFF)
}

/// Whether `fetch` sends `name: value` as given on every request.
///
/// # Errors
/// Why it would not.
pub fn check(name: &str, value: &str) -> Result<(), Refused> {
    let token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token_char) {
        return Err(Refused::BadName);
    }
    if !value_ok(value) {
        return Err(Refused::BadValue);
    }
    let lower = name.to_ascii_lowercase();
    if FORBIDDEN.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
    {
        return Err(Refused::Forbidden);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_headers_pass() {
        assert_eq!(check("X-Request-Id", "abc 123"), Ok(()));
        assert_eq!(
            check("Api-Key", "caf\u{e9}"),
            Ok(()),
            "Latin-1 is a ByteString"
        );
    }

    #[test]
    fn what_fetch_refuses_is_refused() {
        assert_eq!(check("X-A", "a\u{2028}b"), Err(Refused::BadValue));
        assert_eq!(check("X-A", "a\nb"), Err(Refused::BadValue));
        assert_eq!(check("X-A", "a\0b"), Err(Refused::BadValue));
        assert_eq!(check("X-A", "\u{100}"), Err(Refused::BadValue));
        for name in [
            "Content-Length",
            "transfer-encoding",
            "Host",
            "Proxy-Foo",
            "Sec-Fetch-Mode",
            "Connection",
        ] {
            assert_eq!(check(name, "1"), Err(Refused::Forbidden), "{name}");
        }
        assert_eq!(check("Bad Name", "x"), Err(Refused::BadName));
        assert_eq!(check("", "x"), Err(Refused::BadName));
        assert!(Refused::Forbidden
            .message("Authorization")
            .contains("token, digest"));
        assert!(!Refused::BadValue.message("X-A").contains("a\nb"));
    }
}
