//! Where requests go: a checked base URL per flavour, and the URLs built under it.
//!
//! Parsed by hand rather than with the `url` crate, which would add far more to the browser
//! bundle than the handful of rules needed here. Only what a base URL legitimately holds is
//! accepted (scheme, host, port, a path prefix for proxies); anything else is refused rather
//! than guessed at, because a wrong guess would send credentials to the wrong place.

use crate::flavour::Flavour;
use serde::Serialize;
use std::fmt;
use std::fmt::Write as _;

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
    percent_encode(value, Encoding::RFC3986)
}

/// How a percent-encoder writes a byte: the bytes besides ASCII letters and digits it
/// leaves as they are, whether a space is `+` (form encoding) and the case of its hex.
#[derive(Clone, Copy)]
pub(crate) struct Encoding {
    pub keep: &'static [u8],
    pub space_as_plus: bool,
    pub lowercase: bool,
}

impl Encoding {
    /// RFC 3986: everything but the unreserved characters, in uppercase hex.
    pub const RFC3986: Encoding = Encoding {
        keep: b"-._~",
        space_as_plus: false,
        lowercase: false,
    };
}

/// `value` percent-encoded as `encoding` writes it.
pub(crate) fn percent_encode(value: &str, encoding: Encoding) -> String {
    let hex: &[u8; 16] = if encoding.lowercase {
        b"0123456789abcdef"
    } else {
        b"0123456789ABCDEF"
    };
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || encoding.keep.contains(&b) {
            out.push(char::from(b));
        } else if encoding.space_as_plus && b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(hex[usize::from(b >> 4)]));
            out.push(char::from(hex[usize::from(b & 15)]));
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
        let addr = v6
            .get(..end)
            .and_then(parse_ipv6)
            .ok_or(invalid("the IPv6 address is malformed"))?;
        let after = v6.get(end + 1..).unwrap_or("");
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(invalid("unexpected text after the IPv6 address")),
        };
        let loopback = match addr {
            [0, 0, 0, 0, 0, 0, 0, 1] => true,
            // ::ffff:127.x.y.z, an IPv4-mapped loopback address.
            [0, 0, 0, 0, 0, 0xffff, hi, _] => hi >> 8 == 127,
            _ => false,
        };
        return Ok((
            format!("[{}]", format_ipv6(addr)),
            loopback,
            parse_port(port)?,
        ));
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
    // Only names that cannot leave the machine. `localhost` is in every hosts file, but a
    // subdomain such as `api.localhost` is not: browsers pin it to loopback, while Node
    // asks the system resolver, which may send it (and the plain-http credentials) anywhere.
    let loopback = host == "localhost" || parse_ipv4(&host).is_some_and(|[first, ..]| first == 127);
    Ok((host, loopback, parse_port(port_text)?))
}

// IP addresses by hand, with exactly the grammar and the text of `core::net` (the tests
// compare them): its parser and `Display` cost ~4.4 KB of wasm for these few lines' worth.

/// `a.b.c.d` as `Ipv4Addr` parses it: four decimal octets, no leading zeros.
fn parse_ipv4(text: &str) -> Option<[u8; 4]> {
    let mut cursor = Cursor(text.as_bytes());
    let octets = cursor.ipv4()?;
    cursor.0.is_empty().then_some(octets)
}

/// The eight groups of an IPv6 address as `Ipv6Addr` parses it: hex groups of 1-4 digits,
/// one `::` standing for at least one zero group, an IPv4 address in the last 32 bits.
fn parse_ipv6(text: &str) -> Option<[u16; 8]> {
    let mut cursor = Cursor(text.as_bytes());
    let mut head = [0; 8];
    let (head_len, head_ipv4) = cursor.groups(&mut head);
    if head_len < 8 {
        if head_ipv4 || !cursor.eat(b':') || !cursor.eat(b':') {
            return None;
        }
        let mut tail = [0; 7];
        let (tail_len, _) = cursor.groups(tail.get_mut(..7 - head_len)?);
        for (slot, group) in head
            .get_mut(8 - tail_len..)?
            .iter_mut()
            .zip(tail.get(..tail_len)?)
        {
            *slot = *group;
        }
    }
    cursor.0.is_empty().then_some(head)
}

/// The canonical text of an IPv6 address, as `Ipv6Addr`'s `Display` writes it (RFC 5952):
/// `::ffff:a.b.c.d` for IPv4-mapped addresses, else lowercase hex groups with the first
/// longest run of two or more zero groups written `::`.
fn format_ipv6(groups: [u16; 8]) -> String {
    if let [0, 0, 0, 0, 0, 0xffff, hi, lo] = groups {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        return format!("::ffff:{a}.{b}.{c}.{d}");
    }
    let (mut start, mut len, mut run_start, mut run_len) = (0, 0, 0, 0);
    for (i, group) in groups.iter().enumerate() {
        if *group == 0 {
            if run_len == 0 {
                run_start = i;
            }
            run_len += 1;
            if run_len > len {
                (start, len) = (run_start, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    let join = |part: &[u16]| {
        let mut out = String::new();
        for (i, group) in part.iter().enumerate() {
            let sep = if i == 0 { "" } else { ":" };
            let _ = write!(out, "{sep}{group:x}");
        }
        out
    };
    match (groups.get(..start), groups.get(start + len..)) {
        (Some(before), Some(after)) if len > 1 => format!("{}::{}", join(before), join(after)),
        _ => join(&groups),
    }
}

/// What is left of an address being parsed; every reader consumes nothing when it fails.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn eat(&mut self, byte: u8) -> bool {
        match self.0.split_first() {
            Some((b, rest)) if *b == byte => {
                self.0 = rest;
                true
            }
            _ => false,
        }
    }

    /// Runs `read` and keeps its progress only when it succeeds.
    fn atomically<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let before = self.0;
        let value = read(self);
        if value.is_none() {
            self.0 = before;
        }
        value
    }

    /// A number of 1 to `max_digits` digits in `radix` (more digits fail, as in core);
    /// with `zero_prefix` false, a leading zero only as the whole number. `None` also
    /// when the value overflows `u16`.
    fn number(&mut self, radix: u32, max_digits: usize, zero_prefix: bool) -> Option<u16> {
        let digits = self
            .0
            .iter()
            .take_while(|b| char::from(**b).is_digit(radix))
            .count();
        let (text, rest) = self.0.split_at_checked(digits)?;
        if digits == 0
            || digits > max_digits
            || (!zero_prefix && digits > 1 && text.first() == Some(&b'0'))
        {
            return None;
        }
        let value = text.iter().try_fold(0u16, |n, b| {
            n.checked_mul(radix as u16)?
                .checked_add(char::from(*b).to_digit(radix)? as u16)
        })?;
        self.0 = rest;
        Some(value)
    }

    fn ipv4(&mut self) -> Option<[u8; 4]> {
        self.atomically(|c| {
            let mut octets = [0; 4];
            for (i, octet) in octets.iter_mut().enumerate() {
                if i > 0 && !c.eat(b'.') {
                    return None;
                }
                *octet = u8::try_from(c.number(10, 3, false)?).ok()?;
            }
            Some(octets)
        })
    }

    /// Colon-separated groups into `groups` (an IPv4 address counts as the last two, when
    /// two are left); returns how many, and whether an IPv4 address ended them.
    fn groups(&mut self, groups: &mut [u16]) -> (usize, bool) {
        let limit = groups.len();
        for i in 0..limit {
            let sep = |c: &mut Self| i == 0 || c.eat(b':');
            if i + 1 < limit {
                if let Some([a, b, c, d]) =
                    self.atomically(|cur| sep(cur).then(|| cur.ipv4()).flatten())
                {
                    if let Some(pair) = groups.get_mut(i..i + 2) {
                        pair.copy_from_slice(&[
                            u16::from_be_bytes([a, b]),
                            u16::from_be_bytes([c, d]),
                        ]);
                    }
                    return (i + 2, true);
                }
            }
            match self.atomically(|cur| sep(cur).then(|| cur.number(16, 4, true)).flatten()) {
                Some(group) => {
                    if let Some(slot) = groups.get_mut(i) {
                        *slot = group;
                    }
                }
                None => return (i, false),
            }
        }
        (limit, false)
    }
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

/// A proxy prefix such as `/proxy/atlas`: no empty, `.` or `..` segments (also written
/// `%2e`, which URL parsers resolve as a dot), only characters that need no encoding,
/// well-formed `%XX`. Returned without a trailing slash.
fn parse_path_prefix(path: &str) -> Result<String, UrlError> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    for segment in trimmed.split('/').skip(1) {
        if segment.is_empty() || is_dot_segment(segment) {
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

/// `.` or `..`, with any dot written `%2e` or `%2E`: the WHATWG URL parser (fetch's)
/// treats all of these as dot segments and resolves them away.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let dots = lower.replace("%2e", ".");
    dots == "." || dots == ".."
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
        // Host names may hold `-` and `_`; a port may be zero-padded to five digits.
        assert_eq!(
            base("https://my-ops_manager.example.com:08443").unwrap(),
            "https://my-ops_manager.example.com:8443"
        );
        assert_eq!(base("https://x.com:00080").unwrap(), "https://x.com:80");
        // Dots inside a segment, or an encoded dot next to other text, are plain names.
        assert_eq!(
            base("https://x.com/.a/a%2e%2eb/...").unwrap(),
            "https://x.com/.a/a%2e%2eb/..."
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
            "http://LocalHost:1",
        ] {
            assert!(base(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://cloud.mongodb.com",
            "http://128.0.0.1",
            "http://[::2]",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
            // Node resolves these through the system resolver, not to loopback.
            "http://api.localhost",
            "http://a.b.localhost:8080",
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
            "https://x.com:000080",
            "https://x.com/%az",
            "https://x.com/a%a",
            "https://x.com/ab%41^x",
            "https://x .com",
            "https://x..com",
            "https://[::1",
            "https://[::g]",
            "https://[::1]x",
            "https://x.com/a//b",
            "https://x.com/a/../b",
            "https://x.com/%2e%2e/",
            "https://x.com/a/.%2e",
            "https://x.com/a/%2E./b",
            "https://x.com/%2e",
            "https://x.com/a/%2E%2e/b/",
            "https://x.com/a\\b",
            "https://x.com/a b",
            "https://x.com/%zz",
            "https://exämple.com",
            "https://x.com/\u{0}",
        ] {
            let err = base(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_base_url", "{bad}");
        }
    }

    /// Each error says which rule was broken, and `Display` is that message.
    #[test]
    fn messages_name_the_rule() {
        let insecure = base("http://cloud.mongodb.com").unwrap_err();
        assert!(insecure.message().contains("allowInsecureHttp"));
        let invalid = base("https://x.com:0").unwrap_err();
        assert_eq!(
            invalid.message(),
            "The base URL is not valid: the port must be a number from 1 to 65535."
        );
        assert!(UrlError::Missing.message().contains("Ops Manager"));
        // Spaces and control characters are named as such, wherever they are.
        let spaces = UrlError::Invalid("it contains spaces or control characters");
        for bad in [
            "https://x .com",
            "https://x.com/\u{0}",
            "https://x.com/a\u{2028}b",
        ] {
            assert_eq!(base(bad), Err(spaces), "{bad:?}");
        }
        for err in [insecure, invalid, UrlError::Missing] {
            assert_eq!(err.to_string(), err.message());
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

    /// The hand-written address code against `core::net` on the cases that matter.
    #[test]
    fn ip_addresses_match_core_net() {
        for s in [
            "::1",
            "::",
            "0:0:0:0:0:0:0:1",
            "::ffff:127.0.0.1",
            "::ffff:7f00:1",
            "2001:DB8::1",
            "1::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::1:2:3:4:5:6:7",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3.4",
            "1.2.3.4::",
            "12345::",
            "::g",
            "1:::2",
            ":1::",
            "1:0:0:2:0:0:0:3",
            "1:0:0:2:0:0:3:4",
            "0:0:1::",
            "127.0.0.1",
            "127.0.0.01",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.1234",
            "",
            ".",
        ] {
            assert_eq!(
                parse_ipv4(s),
                s.parse::<core::net::Ipv4Addr>().ok().map(|a| a.octets()),
                "{s}"
            );
            let core = s.parse::<core::net::Ipv6Addr>().ok();
            assert_eq!(parse_ipv6(s), core.map(|a| a.segments()), "{s}");
            if let Some(addr) = core {
                assert_eq!(format_ipv6(addr.segments()), addr.to_string(), "{s}");
            }
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*", insecure in any::<bool>()) {
            let _ = Target::new(Flavour::OpsManager, Some(&s), insecure);
            let _ = request_uri(&s);
        }

        #[test]
        fn ip_addresses_as_core_net(s in "[0-9a-fA-F:.]{0,24}|(::ffff:|::|[0-9a-f]{1,4}:){1,7}[0-9.]{0,16}") {
            prop_assert_eq!(parse_ipv4(&s), s.parse::<core::net::Ipv4Addr>().ok().map(|a| a.octets()));
            let core = s.parse::<core::net::Ipv6Addr>().ok();
            prop_assert_eq!(parse_ipv6(&s), core.map(|a| a.segments()));
            if let Some(addr) = core {
                prop_assert_eq!(format_ipv6(addr.segments()), addr.to_string());
            }
        }

        #[test]
        fn ipv6_text_as_core_net(groups in proptest::array::uniform8(prop_oneof![Just(0u16), Just(0xffff), any::<u16>()])) {
            prop_assert_eq!(format_ipv6(groups), core::net::Ipv6Addr::from(groups).to_string());
        }

        /// Whatever is accepted means the same to fetch's URL parser (WHATWG, the `url`
        /// crate): no dot segment, encoded dot or backslash resolves the prefix away.
        #[test]
        fn accepted_prefixes_survive_whatwg_parsing(s in "https?://(h|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?(/([a-z]|\\.|%2[eE]|\\\\|%2[fF]){0,3}){0,4}/?") {
            if let Ok(t) = Target::new(Flavour::OpsManager, Some(&s), true) {
                let written = t.base_url().splitn(4, '/').nth(3).map(|p| format!("/{p}"));
                let parsed = url::Url::parse(t.base_url()).expect("an accepted base URL parses");
                prop_assert_eq!(parsed.path(), written.as_deref().unwrap_or("/"), "{}", s);
            }
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
