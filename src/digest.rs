//! HTTP Digest access authentication (RFC 7616), as Atlas, Cloud Manager and Ops Manager
//! accept it with an API key pair (public key = user name, private key = password).
//!
//! Browsers do not run Digest for `fetch`, so the client does: one unauthenticated round
//! trip yields a challenge, and a [`DigestSession`] reuses it for later requests with an
//! increasing nonce count until the server says the nonce is stale.

use md5::Md5;
use sha2::{Digest as _, Sha256};
use std::fmt;

/// The hash algorithms this client supports, weakest first (so `max` picks the strongest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    fn parse(token: &str) -> Option<Algorithm> {
        [
            Algorithm::Md5,
            Algorithm::Md5Sess,
            Algorithm::Sha256,
            Algorithm::Sha256Sess,
        ]
        .into_iter()
        .find(|a| a.name().eq_ignore_ascii_case(token))
    }

    /// The token as written in headers.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    fn is_sess(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    fn hash(self, data: &str) -> String {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => hex(&Md5::digest(data.as_bytes())),
            Algorithm::Sha256 | Algorithm::Sha256Sess => hex(&Sha256::digest(data.as_bytes())),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One supported `Digest` challenge from a `WWW-Authenticate` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    /// `true` when the server offered `qop=auth`; `false` for RFC 2069 servers without qop
    /// (only accepted with [`Legacy::Allow`]).
    pub qop_auth: bool,
    /// The previous request failed only because its nonce had expired.
    pub stale: bool,
    /// Send the user name hashed (RFC 7616 §3.4.4).
    pub userhash: bool,
}

/// Why no challenge could be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DigestError {
    /// The header holds no Digest challenge at all.
    NoDigestChallenge,
    /// Digest challenges were offered, but none with a nonce, a supported algorithm and
    /// `qop=auth` (or no qop, when legacy Digest is allowed).
    Unsupported,
    /// The only usable challenges have no `qop` (RFC 2069): the answer then has no client
    /// nonce or count, so a recorded one can be replayed. Refused unless legacy Digest is
    /// allowed, since a man in the middle can strip `qop` to force this downgrade.
    LegacyRefused,
}

/// Whether RFC 2069 challenges (no `qop`) may be answered. RFC 7616 §3.3 makes `qop`
/// mandatory; only very old servers omit it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Legacy {
    /// Refuse them: the default.
    #[default]
    Refuse,
    /// Answer them (the caller's `allowLegacyDigest` option).
    Allow,
}

impl DigestError {
    pub const fn code(self) -> &'static str {
        match self {
            DigestError::NoDigestChallenge => "no_digest_challenge",
            DigestError::Unsupported => "unsupported_digest_challenge",
            DigestError::LegacyRefused => "legacy_digest_challenge",
        }
    }

    pub const fn message(self) -> &'static str {
        match self {
            DigestError::NoDigestChallenge => {
                "The server asked for authentication but offered no HTTP Digest challenge."
            }
            DigestError::Unsupported => {
                "The server's Digest challenge uses an algorithm or qop this client does not support."
            }
            DigestError::LegacyRefused => {
                "The server's Digest challenge has no qop (RFC 2069), which lets a recorded answer be replayed; allow legacy Digest only for a server known to need it."
            }
        }
    }
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for DigestError {}

/// Picks the strongest supported Digest challenge in a `WWW-Authenticate` header value
/// (which may hold several challenges, of several schemes). Never panics.
///
/// # Errors
/// See [`DigestError`]; [`DigestError::LegacyRefused`] when the only usable challenges have
/// no `qop` and `legacy` is [`Legacy::Refuse`].
pub fn parse_challenge(header: &str, legacy: Legacy) -> Result<Challenge, DigestError> {
    let challenges = parse_challenges(header);
    let digests: Vec<&Vec<(String, String)>> = challenges
        .iter()
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("digest"))
        .map(|(_, params)| params)
        .collect();
    if digests.is_empty() {
        return Err(DigestError::NoDigestChallenge);
    }
    let usable: Vec<Challenge> = digests.into_iter().filter_map(|p| supported(p)).collect();
    if usable.is_empty() {
        return Err(DigestError::Unsupported);
    }
    usable
        .into_iter()
        .filter(|c| c.qop_auth || legacy == Legacy::Allow)
        .max_by_key(|c| (c.algorithm, c.qop_auth))
        .ok_or(DigestError::LegacyRefused)
}

fn supported(params: &[(String, String)]) -> Option<Challenge> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let algorithm = match get("algorithm") {
        Some(a) => Algorithm::parse(a.trim())?,
        None => Algorithm::Md5,
    };
    let qop_auth = match get("qop") {
        Some(list) => {
            let auth = list
                .split(',')
                .any(|q| q.trim().eq_ignore_ascii_case("auth"));
            if !auth {
                return None; // auth-int only: would need the body hash
            }
            true
        }
        None => false,
    };
    let flag = |name: &str| get(name).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    Some(Challenge {
        realm: get("realm").unwrap_or("").to_owned(),
        nonce: get("nonce").filter(|n| !n.is_empty())?.to_owned(),
        opaque: get("opaque").map(str::to_owned),
        algorithm,
        qop_auth,
        stale: flag("stale"),
        userhash: flag("userhash"),
    })
}

/// `scheme param=value, param="quoted", scheme2 …` → `[(scheme, [(name, value)])]`.
/// Tolerant: stray commas, odd spacing and token68 blobs are skipped, never an error.
fn parse_challenges(header: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut cur = Cursor {
        bytes: header.as_bytes(),
        pos: 0,
    };
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    loop {
        cur.skip(|b| b == b',' || is_space(b));
        let Some(first) = cur.peek() else { break };
        if first == b'=' || first == b'"' {
            // Leftovers of a token68 or a broken pair: skip one unit.
            if first == b'"' {
                cur.quoted();
            } else {
                cur.pos += 1;
            }
            continue;
        }
        let name = cur.token();
        if name.is_empty() {
            cur.pos += 1; // a byte that is not a token character
            continue;
        }
        cur.skip(is_space);
        if cur.peek() == Some(b'=') && !cur.token68_padding() {
            cur.pos += 1;
            cur.skip(is_space);
            let value = if cur.peek() == Some(b'"') {
                cur.quoted()
            } else {
                cur.bare_value()
            };
            if let Some((_, params)) = out.last_mut() {
                params.push((name, value));
            }
        } else {
            out.push((name, Vec::new()));
        }
    }
    out
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r' || b == b'\n'
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/:".contains(&b)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip(&mut self, f: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
    }

    fn text(&self, from: usize) -> String {
        String::from_utf8_lossy(self.bytes.get(from..self.pos).unwrap_or_default()).into_owned()
    }

    fn token(&mut self) -> String {
        let start = self.pos;
        self.skip(is_tchar);
        self.text(start)
    }

    /// An unquoted value: everything up to a comma or white space (nonces may hold `=`).
    fn bare_value(&mut self) -> String {
        let start = self.pos;
        self.skip(|b| b != b',' && !is_space(b));
        self.text(start)
    }

    /// `==` or `=` followed by a separator: the padding of a token68, not a parameter.
    fn token68_padding(&self) -> bool {
        let next = self.bytes.get(self.pos + 1).copied();
        next == Some(b'=') || next.is_none() || next == Some(b',')
    }

    /// A quoted-string starting at `"`; `\x` stands for `x`. Unterminated: up to the end.
    fn quoted(&mut self) -> String {
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    if let Some(escaped) = self.peek() {
                        out.push(escaped);
                        self.pos += 1;
                    }
                }
                _ => out.push(b),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// An API key pair. Debug never shows the private key.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    password: String,
}

impl Credentials {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Credentials {
        Credentials {
            username: username.into(),
            password: password.into(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// The `Authorization` header value answering `challenge` for one request.
///
/// `uri` is the request-URI (path and query, see [`crate::url::request_uri`]); `cnonce` is
/// a fresh random string from the caller (this crate has no randomness); `nc` is the
/// number of times this nonce has been used, starting at 1.
pub fn authorization(
    challenge: &Challenge,
    creds: &Credentials,
    method: &str,
    uri: &str,
    cnonce: &str,
    nc: u32,
) -> String {
    let alg = challenge.algorithm;
    let mut ha1 = alg.hash(&format!(
        "{}:{}:{}",
        creds.username, challenge.realm, creds.password
    ));
    if alg.is_sess() {
        ha1 = alg.hash(&format!("{ha1}:{}:{cnonce}", challenge.nonce));
    }
    let ha2 = alg.hash(&format!("{method}:{uri}"));
    let nc_text = format!("{nc:08x}");
    let response = if challenge.qop_auth {
        alg.hash(&format!(
            "{ha1}:{}:{nc_text}:{cnonce}:auth:{ha2}",
            challenge.nonce
        ))
    } else {
        alg.hash(&format!("{ha1}:{}:{ha2}", challenge.nonce))
    };
    let username = if challenge.userhash {
        alg.hash(&format!("{}:{}", creds.username, challenge.realm))
    } else {
        creds.username.clone()
    };
    let mut header = format!(
        "Digest username={}, realm={}, uri={}, algorithm={}, nonce={}",
        quote(&username),
        quote(&challenge.realm),
        quote(uri),
        alg.name(),
        quote(&challenge.nonce)
    );
    if challenge.qop_auth {
        header.push_str(&format!(
            ", nc={nc_text}, cnonce={}, qop=auth",
            quote(cnonce)
        ));
    }
    header.push_str(&format!(", response={}", quote(&response)));
    if let Some(opaque) = &challenge.opaque {
        header.push_str(&format!(", opaque={}", quote(opaque)));
    }
    if challenge.userhash {
        header.push_str(", userhash=true");
    }
    header
}

/// A quoted-string. Control characters are dropped: a CR or LF from a user name would
/// otherwise split the header (and fetch would refuse it anyway).
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars().filter(|c| !c.is_control()) {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// What to do after a 401.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unauthorized {
    /// A new (or renewed, `stale=true`) challenge was stored: send the request again.
    Retry,
    /// The server refused an answer to a fresh challenge: the key pair is wrong (or lacks
    /// access). Retrying would only repeat the failure.
    Rejected,
}

/// A challenge remembered across requests, with its nonce count, so that only the first
/// request (and the first after the nonce goes stale) costs an extra round trip.
#[derive(Clone, Debug, Default)]
pub struct DigestSession {
    challenge: Option<Challenge>,
    nc: u32,
    legacy: Legacy,
}

impl DigestSession {
    /// A session that refuses RFC 2069 challenges (no `qop`).
    pub fn new() -> DigestSession {
        DigestSession::default()
    }

    /// A session that answers RFC 2069 challenges too when `allow` is true (the
    /// `allowLegacyDigest` option); `with_legacy(false)` is [`DigestSession::new`].
    pub fn with_legacy(allow: bool) -> DigestSession {
        DigestSession {
            legacy: if allow { Legacy::Allow } else { Legacy::Refuse },
            ..DigestSession::default()
        }
    }

    /// Whether a request can be signed now (otherwise send it bare to get a challenge).
    pub fn has_challenge(&self) -> bool {
        self.challenge.is_some() && self.nc < u32::MAX
    }

    /// The `Authorization` value for the next request, counting the nonce; `None` before
    /// any challenge or once the nonce count is exhausted (then a bare request re-challenges).
    pub fn authorize(
        &mut self,
        creds: &Credentials,
        method: &str,
        uri: &str,
        cnonce: &str,
    ) -> Option<String> {
        if !self.has_challenge() {
            return None;
        }
        self.nc += 1;
        let challenge = self.challenge.as_ref()?;
        Some(authorization(
            challenge, creds, method, uri, cnonce, self.nc,
        ))
    }

    /// Digests the `WWW-Authenticate` header of a 401. `signed` says whether the refused
    /// request carried a Digest answer.
    ///
    /// # Errors
    /// When the header holds no usable challenge; the session is then cleared.
    pub fn on_unauthorized(
        &mut self,
        www_authenticate: &str,
        signed: bool,
    ) -> Result<Unauthorized, DigestError> {
        let challenge = match parse_challenge(www_authenticate, self.legacy) {
            Ok(c) => c,
            Err(e) => {
                self.challenge = None;
                return Err(e);
            }
        };
        let stale = challenge.stale;
        self.challenge = Some(challenge);
        self.nc = 0;
        Ok(if !signed || stale {
            Unauthorized::Retry
        } else {
            Unauthorized::Rejected
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_HEADER_SHA: &str = r#"Digest
       realm="http-auth@example.org",
       qop="auth, auth-int",
       algorithm=SHA-256,
       nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
       opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;

    fn mufasa() -> Credentials {
        Credentials::new("Mufasa", "Circle of Life")
    }

    fn rfc_challenge(algorithm: Algorithm) -> Challenge {
        Challenge {
            realm: "http-auth@example.org".into(),
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v".into(),
            opaque: Some("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS".into()),
            algorithm,
            qop_auth: true,
            stale: false,
            userhash: false,
        }
    }

    const CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    #[test]
    fn parses_the_rfc_challenge() {
        assert_eq!(
            parse_challenge(RFC_HEADER_SHA, Legacy::Refuse).unwrap(),
            rfc_challenge(Algorithm::Sha256)
        );
    }

    #[test]
    fn rfc7616_sha256_vector() {
        let h = authorization(
            &rfc_challenge(Algorithm::Sha256),
            &mufasa(),
            "GET",
            "/dir/index.html",
            CNONCE,
            1,
        );
        assert!(
            h.contains(
                r#"response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1""#
            ),
            "{h}"
        );
        assert!(h.starts_with(r#"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256"#));
        assert!(h.contains("nc=00000001"));
        assert!(h.contains(r#"qop=auth"#));
        assert!(h.contains(r#"opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#));
        assert!(!h.contains("Circle"));
    }

    #[test]
    fn rfc7616_md5_vector() {
        let h = authorization(
            &rfc_challenge(Algorithm::Md5),
            &mufasa(),
            "GET",
            "/dir/index.html",
            CNONCE,
            1,
        );
        assert!(
            h.contains(r#"response="8ca523f5e9506fed4657c9700eebdbec""#),
            "{h}"
        );
    }

    #[test]
    fn rfc2069_without_qop() {
        // RFC 2617 §3.5 inputs, answered the RFC 2069 way: H(HA1:nonce:HA2).
        let c = Challenge {
            realm: "testrealm@host.com".into(),
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093".into(),
            opaque: None,
            algorithm: Algorithm::Md5,
            qop_auth: false,
            stale: false,
            userhash: false,
        };
        let creds = Credentials::new("Mufasa", "Circle Of Life");
        let h = authorization(&c, &creds, "GET", "/dir/index.html", "ignored", 1);
        let ha1 = Algorithm::Md5.hash("Mufasa:testrealm@host.com:Circle Of Life");
        assert_eq!(ha1, "939e7578ed9e3c518a452acee763bce9");
        let ha2 = Algorithm::Md5.hash("GET:/dir/index.html");
        let expected = Algorithm::Md5.hash(&format!("{ha1}:{}:{ha2}", c.nonce));
        assert!(h.ends_with(&format!(r#"response="{expected}""#)), "{h}");
        assert!(!h.contains("nc=") && !h.contains("cnonce") && !h.contains("qop"));
    }

    #[test]
    fn sess_and_userhash() {
        let mut c = rfc_challenge(Algorithm::Sha256Sess);
        c.userhash = true;
        let h = authorization(&c, &mufasa(), "GET", "/x", "abc", 2);
        let ha1 = Algorithm::Sha256.hash(&format!(
            "{}:{}:abc",
            Algorithm::Sha256.hash("Mufasa:http-auth@example.org:Circle of Life"),
            c.nonce
        ));
        let ha2 = Algorithm::Sha256.hash("GET:/x");
        let resp = Algorithm::Sha256.hash(&format!("{ha1}:{}:00000002:abc:auth:{ha2}", c.nonce));
        assert!(h.contains(&format!(r#"response="{resp}""#)));
        assert!(h.contains(&format!(
            r#"username="{}""#,
            Algorithm::Sha256.hash("Mufasa:http-auth@example.org")
        )));
        assert!(h.ends_with("userhash=true"));
        assert!(!h.contains("Mufasa"));
    }

    #[test]
    fn picks_the_strongest_of_several() {
        let header = r#"Basic realm="x", Digest realm="r", nonce="n1", qop="auth", algorithm=MD5, DIGEST REALM="r", NONCE="n2", QOP=auth, ALGORITHM=sha-256, Digest realm="r", nonce="n3", algorithm=SHA-512-256"#;
        let c = parse_challenge(header, Legacy::Refuse).unwrap();
        assert_eq!(c.nonce, "n2");
        assert_eq!(c.algorithm, Algorithm::Sha256);
        assert!(c.qop_auth);
    }

    #[test]
    fn tolerant_parsing() {
        let c = parse_challenge(
            "Negotiate abc==, Digest  realm = \"a \\\"q\\\" b\" ,,nonce=tok==, stale=TRUE",
            Legacy::Allow,
        )
        .unwrap();
        assert_eq!(c.realm, "a \"q\" b");
        assert_eq!(c.nonce, "tok==");
        assert!(c.stale && !c.qop_auth);
        assert_eq!(c.algorithm, Algorithm::Md5);
        // A stray quoted string is skipped whole: nothing inside it becomes a parameter.
        let c = parse_challenge(
            r#"Digest "realm=evil, nonce=evil", realm="r", nonce="n", qop=auth"#,
            Legacy::Refuse,
        )
        .unwrap();
        assert_eq!((c.realm.as_str(), c.nonce.as_str()), ("r", "n"));
        // A token68 (`abc==`) is no parameter: what follows it is not the Digest's.
        assert_eq!(
            parse_challenge(r#"Digest abc==, nonce="n", qop=auth"#, Legacy::Refuse),
            Err(DigestError::Unsupported)
        );
        // Tabs, CR and LF are white space around `=` as spaces are.
        let c = parse_challenge(
            "Digest realm\t=\t\"r\",\r\n nonce\r=\r\"n\",\tqop\n=\nauth",
            Legacy::Refuse,
        )
        .unwrap();
        assert_eq!((c.realm.as_str(), c.nonce.as_str()), ("r", "n"));
        assert!(c.qop_auth);
    }

    #[test]
    fn refusals() {
        assert_eq!(
            parse_challenge("Basic realm=\"x\"", Legacy::Allow),
            Err(DigestError::NoDigestChallenge)
        );
        assert_eq!(
            parse_challenge("", Legacy::Allow),
            Err(DigestError::NoDigestChallenge)
        );
        assert_eq!(
            parse_challenge(
                "Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\"",
                Legacy::Allow
            ),
            Err(DigestError::Unsupported)
        );
        assert_eq!(
            parse_challenge("Digest realm=\"x\"", Legacy::Allow),
            Err(DigestError::Unsupported)
        );
        assert_eq!(
            parse_challenge("Digest nonce=\"n\", algorithm=SHA-512", Legacy::Allow),
            Err(DigestError::Unsupported)
        );
    }

    /// RFC 2069 challenges (no qop) are a downgrade: refused by default, whatever the
    /// algorithm, and a qop challenge next to them wins even when it is weaker.
    #[test]
    fn legacy_challenges_only_when_allowed() {
        for header in [
            "Digest realm=\"r\", nonce=\"n\"",
            "Digest realm=\"r\", nonce=\"n\", algorithm=MD5",
            "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256",
            "Digest realm=\"r\", nonce=\"n\", qop=\"\"",
        ] {
            let refused = parse_challenge(header, Legacy::Refuse);
            if header.contains("qop") {
                // An empty qop list offers nothing usable, legacy or not.
                assert_eq!(refused, Err(DigestError::Unsupported), "{header}");
                continue;
            }
            assert_eq!(refused, Err(DigestError::LegacyRefused), "{header}");
            let allowed = parse_challenge(header, Legacy::Allow).unwrap();
            assert!(!allowed.qop_auth && allowed.nonce == "n", "{header}");
        }
        let mixed = "Digest realm=\"r\", nonce=\"old\", algorithm=SHA-256, Digest realm=\"r\", nonce=\"new\", qop=auth, algorithm=MD5";
        let strict = parse_challenge(mixed, Legacy::Refuse).unwrap();
        assert_eq!((strict.nonce.as_str(), strict.qop_auth), ("new", true));
        let legacy = parse_challenge(mixed, Legacy::Allow).unwrap();
        assert_eq!(legacy.algorithm, Algorithm::Sha256);
        assert_eq!(DigestError::LegacyRefused.code(), "legacy_digest_challenge");
        assert!(DigestError::LegacyRefused.message().contains("qop"));
        assert_eq!(
            DigestError::LegacyRefused.to_string(),
            DigestError::LegacyRefused.message()
        );
    }

    #[test]
    fn sessions_refuse_legacy_by_default() {
        let legacy = "Digest realm=\"r\", nonce=\"n\", algorithm=MD5";
        let creds = mufasa();
        for mut strict in [DigestSession::new(), DigestSession::with_legacy(false)] {
            assert_eq!(
                strict.on_unauthorized(legacy, false),
                Err(DigestError::LegacyRefused)
            );
            assert!(!strict.has_challenge());
            assert!(strict.authorize(&creds, "GET", "/a", "c").is_none());
            assert_eq!(
                strict.on_unauthorized(RFC_HEADER_SHA, false),
                Ok(Unauthorized::Retry)
            );
        }
        let mut old = DigestSession::with_legacy(true);
        assert_eq!(old.on_unauthorized(legacy, false), Ok(Unauthorized::Retry));
        let h = old.authorize(&creds, "GET", "/a", "c").unwrap();
        assert!(h.starts_with("Digest ") && !h.contains("qop") && !h.contains("cnonce"));
    }

    #[test]
    fn quotes_values() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("a\r\nX-Evil: 1"), "\"aX-Evil: 1\"");
    }

    #[test]
    fn session_reuses_then_rechallenges() {
        let mut s = DigestSession::new();
        let creds = mufasa();
        assert!(s.authorize(&creds, "GET", "/a", "c").is_none());
        assert_eq!(
            s.on_unauthorized(RFC_HEADER_SHA, false),
            Ok(Unauthorized::Retry)
        );
        let first = s.authorize(&creds, "GET", "/a", "c").unwrap();
        let second = s.authorize(&creds, "GET", "/a", "c").unwrap();
        assert!(first.contains("nc=00000001") && second.contains("nc=00000002"));
        let stale = RFC_HEADER_SHA.replace("nonce=\"7y", "stale=true, nonce=\"8y");
        assert_eq!(s.on_unauthorized(&stale, true), Ok(Unauthorized::Retry));
        let third = s.authorize(&creds, "GET", "/a", "c").unwrap();
        assert!(third.contains("nc=00000001") && third.contains("nonce=\"8y"));
        assert_eq!(
            s.on_unauthorized(RFC_HEADER_SHA, true),
            Ok(Unauthorized::Rejected)
        );
        assert_eq!(
            s.on_unauthorized("Basic x", true),
            Err(DigestError::NoDigestChallenge)
        );
        assert!(!s.has_challenge());
    }

    /// The nonce count never wraps: at `u32::MAX` the session stops signing, so the next
    /// request goes bare and gets a fresh challenge.
    #[test]
    fn exhausted_nonce_count_stops_signing() {
        let mut s = DigestSession::new();
        assert_eq!(
            s.on_unauthorized(RFC_HEADER_SHA, false),
            Ok(Unauthorized::Retry)
        );
        s.nc = u32::MAX - 1;
        let last = s.authorize(&mufasa(), "GET", "/a", "c").unwrap();
        assert!(last.contains("nc=ffffffff"));
        assert!(!s.has_challenge());
        assert!(s.authorize(&mufasa(), "GET", "/a", "c").is_none());
    }

    #[test]
    fn credentials_debug_hides_the_private_key() {
        let d = format!("{:?}", Credentials::new("PUBKEY", "CANARY-PRIVATE"));
        assert!(d.contains("PUBKEY") && !d.contains("CANARY"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC*") {
            let _ = parse_challenge(&s, Legacy::Refuse);
            let _ = parse_challenge(&s, Legacy::Allow);
        }

        #[test]
        fn digestish_never_panics(s in "(Digest|digest|Basic)?[ ,=\"\\\\a-zA-Z0-9-]{0,80}") {
            if let Ok(c) = parse_challenge(&s, Legacy::Allow) {
                let h = authorization(&c, &Credentials::new("u", "p"), "GET", "/", "c", 1);
                prop_assert!(h.starts_with("Digest "));
            }
        }
    }
}
