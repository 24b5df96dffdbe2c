//! Where requests go: a checked base URL per flavour, and the URLs built under it.
//!
//! Parsed by hand rather than with the `url` crate, which would add far more to the browser
//! bundle than the handful of rules needed here. Only what a base URL legitimately holds is
//! accepted (scheme, host, port, a path prefix for proxies); anything else is refused rather
//! than guessed at, because a wrong guess would send credentials to the wrong place.

use crate::flavour::Flavour;
use core::net::{Ipv4Addr, Ipv6Addr};
use serde::Serialize;
use std::fmt;

/// Why a base URL was refused. Messages never repeat the URL, which may hold credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlError {
    /// No base URL was given and the flavour has no default (Ops Manager).
    Missing,
    /// Plain `http://` to a host other than loopback, without `allow_insecure_http`.
    Insecure,
    /// Not an acceptable base URL; the text says which rule it broke.
    Invalid(&'static str),
}

impl UrlError {
    /// Machine-readable code: `missing_base_url`, `insecure_base_url` or `invalid_base_url`.
    pub const fn code(self) -> &'static str {
        match self {
            UrlError::Missing => "missing_base_url",
            UrlError::Insecure => "insecure_base_url",
            UrlError::Invalid(_) => "invalid_base_url",
        }
    }

    /// One plain sentence for people.
    pub fn message(self) -> String {
        match self {
            UrlError::Missing => {
                "Ops Manager runs on your own host: give its base URL (e.g. https://opsmanager.example.com:8443).".to_owned()
            }
            UrlError::Insecure => "Plain http:// would send credentials unencrypted; use https://, a loopback host, or set allowInsecureHttp.".to_owned(),
            UrlError::Invalid(why) => format!("The base URL is not valid: {why}."),
        }
    }
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for UrlError {}

impl Serialize for UrlError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("UrlError", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.message())?;
        st.end()
    }
}

/// A flavour plus the checked, normalised base URL its requests go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    flavour: Flavour,
    /// `scheme://host[:port][/prefix]`, lowercase scheme and host, no trailing slash.
    base_url: String,
}

impl Target {
    /// Checks `base_url` (or the flavour's default when `None` or blank).
    ///
    /// # Errors
    /// [`UrlError::Missing`] for Ops Manager without a URL, [`UrlError::Insecure`] for plain
    /// http to a non-loopback host unless `allow_insecure_http`, [`UrlError::Invalid`] for
    /// anything that is not `http(s)://host[:port][/path]`.
    pub fn new(
        flavour: Flavour,
        base_url: Option<&str>,
        allow_insecure_http: bool,
    ) -> Result<Target, UrlError> {
        let given = base_url.map(str::trim).filter(|s| !s.is_empty());
        let raw = given
            .or(flavour.default_base_url())
            .ok_or(UrlError::Missing)?;
        let parsed = parse_base(raw)?;
        if !parsed.https && !parsed.loopback && !allow_insecure_http {
            return Err(UrlError::Insecure);
        }
        Ok(Target {
            flavour,
            base_url: parsed.normalised,
        })
    }

    /// The flavour's default base URL (not for Ops Manager).
    ///
    /// # Errors
    /// [`UrlError::Missing`] for Ops Manager.
    pub fn default_for(flavour: Flavour) -> Result<Target, UrlError> {
        Target::new(flavour, None, false)
    }

    pub fn flavour(&self) -> Flavour {
        self.flavour
    }

    /// The normalised base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `…/groups/{groupId}/integrations[/{integrationType}]`, segments percent-encoded.
    pub fn integrations_url(&self, group_id: &str, integration_type: Option<&str>) -> String {
        let mut url = format!(
            "{}{}/groups/{}/integrations",
            self.base_url,
            self.flavour.path_prefix(),
            encode_component(group_id)
        );
        if let Some(t) = integration_type {
            url.push('/');
            url.push_str(&encode_component(t));
        }
        url
    }

    /// An absolute URL for a path that starts with `/` (e.g. the OAuth token endpoint).
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// The request-URI (path and query) of an absolute URL, as HTTP Digest signs it.
/// The path is `/` when the URL has none.
pub fn request_uri(url: &str) -> String {
    let after_scheme = url
        .find("://")
        .map_or(url, |i| url.get(i + 3..).unwrap_or(""));
    let tail = after_scheme
        .find(['/', '?'])
        .and_then(|i| after_scheme.get(i..))
        .unwrap_or("");
    if tail.starts_with('/') {
        tail.to_owned()
    } else {
        format!("/{tail}")
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so a value can never
/// change the path or the query around it.
pub fn encode_component(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

struct Parsed {
    https: bool,
    loopback: bool,
    normalised: String,
}

fn parse_base(raw: &str) -> Result<Parsed, UrlError> {
    let invalid = UrlError::Invalid;
    let (https, rest) = if let Some(r) = strip_prefix_ci(raw, "https://") {
        (true, r)
    } else if let Some(r) = strip_prefix_ci(raw, "http://") {
        (false, r)
    } else {
        return Err(invalid("it must start with https:// (or http://)"));
    };
    if rest.contains(['?', '#']) {
        return Err(invalid("a base URL has no query or fragment"));
    }
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("it contains spaces or control characters"));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(invalid(
            "it must not hold a user name or password (give credentials separately)",
        ));
    }
    let (host, loopback, port) = parse_authority(authority)?;
    let prefix = parse_path_prefix(path)?;
    let scheme = if https { "https" } else { "http" };
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    Ok(Parsed {
        https,
        loopback,
        normalised: format!("{scheme}://{host}{port}{prefix}"),
    })
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// Host (lowercased, IPv6 kept in brackets), whether it is loopback, and the port.
fn parse_authority(authority: &str) -> Result<(String, bool, Option<u16>), UrlError> {
    let invalid = UrlError::Invalid;
    let (host, port_text) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6
            .find(']')
            .ok_or(invalid("an IPv6 address must be closed with ]"))?;
        let addr: Ipv6Addr = v6
            .get(..end)
            .and_then(|a| a.parse().ok())
            .ok_or(invalid("the IPv6 address is malformed"))?;
        let after = v6.get(end + 1..).unwrap_or("");
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(invalid("unexpected text after the IPv6 address")),
        };
        let loopback = addr.is_loopback()
            || addr
                .to_ipv4_mapped()
                .is_some_and(|v4| Ipv4Addr::is_loopback(&v4));
        return Ok((format!("[{addr}]"), loopback, parse_port(port)?));
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(invalid("the host is missing"));
    }
    let host_ok = host.len() <= 253
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l.bytes().all(is_host_byte));
    if !host_ok {
        return Err(invalid(
            "the host must be a DNS name (letters, digits, - and .; punycode for others) or an IP address",
        ));
    }
    let host = host.to_ascii_lowercase();
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback());
    Ok((host, loopback, parse_port(port_text)?))
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn parse_port(port: Option<&str>) -> Result<Option<u16>, UrlError> {
    let Some(p) = port else { return Ok(None) };
    if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UrlError::Invalid(
            "the port must be a number from 1 to 65535",
        ));
    }
    match p.parse::<u16>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(UrlError::Invalid(
            "the port must be a number from 1 to 65535",
        )),
    }
}

/// A proxy prefix such as `/proxy/atlas`: no empty, `.` or `..` segments, only characters
/// that need no encoding, well-formed `%XX`. Returned without a trailing slash.
fn parse_path_prefix(path: &str) -> Result<String, UrlError> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    for segment in trimmed.split('/').skip(1) {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(UrlError::Invalid(
                "the path must not contain empty, . or .. segments",
            ));
        }
        if !segment_is_clean(segment) {
            return Err(UrlError::Invalid(
                "the path holds characters that must be percent-encoded",
            ));
        }
    }
    Ok(trimmed.to_owned())
}

fn segment_is_clean(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        let ok = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> Result<String, UrlError> {
        Target::new(Flavour::AtlasV2, Some(url), false).map(|t| t.base_url().to_owned())
    }

    #[test]
    fn defaults_per_flavour() {
        let t = Target::default_for(Flavour::CloudManager).unwrap();
        assert_eq!(t.base_url(), "https://cloud.mongodb.com");
        assert_eq!(
            Target::default_for(Flavour::OpsManager),
            Err(UrlError::Missing)
        );
        assert_eq!(
            Target::new(Flavour::OpsManager, Some("  "), false),
            Err(UrlError::Missing)
        );
        assert_eq!(UrlError::Missing.code(), "missing_base_url");
    }

    #[test]
    fn normalises() {
        assert_eq!(
            base("HTTPS://Cloud.MongoDB.com/").unwrap(),
            "https://cloud.mongodb.com"
        );
        assert_eq!(
            base("https://om.example.com:8443").unwrap(),
            "https://om.example.com:8443"
        );
        assert_eq!(
            base(" http://127.0.0.1:8080/proxy/ ").unwrap(),
            "http://127.0.0.1:8080/proxy"
        );
        assert_eq!(base("http://[::1]:4010").unwrap(), "http://[::1]:4010");
        assert_eq!(
            base("https://[2001:DB8::1]/a%2Fb").unwrap(),
            "https://[2001:db8::1]/a%2Fb"
        );
    }

    #[test]
    fn http_only_for_loopback() {
        for ok in [
            "http://localhost:4010",
            "http://127.0.0.1",
            "http://127.9.8.7:1",
            "http://[::1]",
            "http://[0:0:0:0:0:0:0:1]:80",
            "http://[::ffff:127.0.0.1]",
            "http://api.localhost",
        ] {
            assert!(base(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://cloud.mongodb.com",
            "http://128.0.0.1",
            "http://[::2]",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
        ] {
            assert_eq!(base(bad), Err(UrlError::Insecure), "{bad}");
        }
        let t = Target::new(Flavour::OpsManager, Some("http://om.internal:8080"), true).unwrap();
        assert_eq!(t.base_url(), "http://om.internal:8080");
    }

    #[test]
    fn refuses_what_a_base_url_cannot_hold() {
        for bad in [
            "cloud.mongodb.com",
            "ftp://x.com",
            "https://",
            "https://:443",
            "https://user:pw@x.com",
            "https://x.com/?a=1",
            "https://x.com#f",
            "https://x.com:0",
            "https://x.com:65536",
            "https://x.com:",
            "https://x.com:8a",
            "https://x .com",
            "https://x..com",
            "https://[::1",
            "https://[::g]",
            "https://[::1]x",
            "https://x.com/a//b",
            "https://x.com/a/../b",
            "https://x.com/a b",
            "https://x.com/%zz",
            "https://exämple.com",
            "https://x.com/\u{0}",
        ] {
            let err = base(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_base_url", "{bad}");
        }
    }

    #[test]
    fn messages_never_echo_the_url() {
        let err = base("https://alice:CANARY-PW@x.com").unwrap_err();
        assert!(!err.message().contains("CANARY"));
        assert!(!format!("{err:?}").contains("CANARY"));
        let json = serde_json::to_value(err).unwrap();
        assert_eq!(json["code"], "invalid_base_url");
        assert!(!json.to_string().contains("CANARY"));
    }

    #[test]
    fn builds_integration_urls() {
        let t = Target::new(
            Flavour::CloudManager,
            Some("http://127.0.0.1:8080/proxy"),
            false,
        )
        .unwrap();
        assert_eq!(
            t.integrations_url("32b6e34b3d91647abb20e7b8", Some("WEBHOOK")),
            "http://127.0.0.1:8080/proxy/api/public/v1.0/groups/32b6e34b3d91647abb20e7b8/integrations/WEBHOOK"
        );
        assert_eq!(
            t.integrations_url("a/../b?x#", None),
            "http://127.0.0.1:8080/proxy/api/public/v1.0/groups/a%2F..%2Fb%3Fx%23/integrations"
        );
    }

    #[test]
    fn encodes_components() {
        assert_eq!(encode_component("aZ09-._~"), "aZ09-._~");
        assert_eq!(encode_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }

    #[test]
    fn request_uris() {
        assert_eq!(request_uri("https://x.com/a/b?c=1"), "/a/b?c=1");
        assert_eq!(request_uri("https://x.com"), "/");
        assert_eq!(request_uri("https://x.com?q"), "/?q");
        assert_eq!(request_uri("/dir/index.html"), "/dir/index.html");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*", insecure in any::<bool>()) {
            let _ = Target::new(Flavour::OpsManager, Some(&s), insecure);
            let _ = request_uri(&s);
        }

        #[test]
        fn accepted_urls_are_stable(s in "(https?)://[a-z0-9.:\\[\\]-]{1,30}(/[a-z%0-9]{0,8}){0,3}") {
            if let Ok(t) = Target::new(Flavour::OpsManager, Some(&s), true) {
                let again = Target::new(Flavour::OpsManager, Some(t.base_url()), true).unwrap();
                prop_assert_eq!(again.base_url(), t.base_url());
            }
        }
    }
}
