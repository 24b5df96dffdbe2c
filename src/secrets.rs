//! Which values are secrets, and scrubbing them out of text a server sent back.
//!
//! A server (or a proxy in front of it) may echo what it was sent: an error `detail` that
//! quotes the request, a gateway page that prints the `Authorization` header. Every such
//! text is scrubbed of the values this client knows to be secret *before* anything else is
//! done to it: parsing JSON (which undoes `\"`, `\\`, `\/` escapes), collapsing white
//! space, dropping tags or cutting a snippet could each turn an echoed secret into a form
//! that a later exact match no longer finds. The escaped forms are scrubbed too, and a text
//! that ends in the first 8 or more characters of a secret (a body cut at a size limit)
//! loses that tail.

use crate::catalogue;
use crate::url::{percent_encode, Encoding};
use serde_json::Value;

/// What a scrubbed secret is replaced with.
pub const REDACTED: &str = "<redacted>";

/// Shorter values are not scrubbed: replacing every `abc` in a message would destroy it,
/// and no credential or secret field the catalogue knows is that short.
const MIN_SECRET: usize = 4;

/// A text ending in at least this many leading characters of a secret (but not all of it)
/// loses that tail: fewer would redact ordinary words that happen to start a secret.
pub const MIN_CUT_PREFIX: usize = 8;

/// The secret values one call must never show, in every form they may come back in.
/// Debug shows how many values are held, never the values.
#[derive(Clone, Default)]
pub struct Secrets {
    /// The values as given, each once. Their forms are made only when a text is scrubbed:
    /// every call collects its secrets, but only a failure is scrubbed.
    values: Vec<String>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("values", &self.values.len())
            .finish()
    }
}

impl Secrets {
    /// Adds a secret value (ignored when shorter than 4 characters). It is scrubbed in every
    /// form servers echo it in (escaped, encoded, a URL without its scheme).
    pub fn add(&mut self, value: &str) {
        if value.chars().count() < MIN_SECRET || self.values.iter().any(|v| v == value) {
            return;
        }
        self.values.push(value.to_owned());
    }

    /// Adds every value of `other`.
    pub fn extend(&mut self, other: &Secrets) {
        for value in &other.values {
            self.add(value);
        }
    }

    /// Every form of every value.
    fn forms(&self) -> Forms {
        let mut forms = Forms(Vec::new());
        for value in &self.values {
            forms_of(value, &mut forms);
        }
        forms
    }

    /// Every string value of a secret field of an integration body (of every field when
    /// the type is unknown: the body may still hold secrets the server echoes).
    pub fn of_body(body: &Value) -> Secrets {
        let mut secrets = Secrets::default();
        let Some(obj) = body.as_object() else {
            return secrets;
        };
        let def = obj
            .get("type")
            .and_then(Value::as_str)
            .and_then(catalogue::find);
        for (key, value) in obj {
            let secret = def.map_or(true, |d| d.field(key).is_some_and(|f| f.secret.is_some()));
            if let (true, Some(text)) = (secret, value.as_str()) {
                secrets.add(text);
            }
        }
        secrets
    }

    /// Whether nothing is known to be secret.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `text` with every known secret (in any of its forms) replaced by [`REDACTED`], and a
    /// trailing start of a secret of at least [`MIN_CUT_PREFIX`] characters too.
    pub fn scrub(&self, text: &str) -> String {
        self.forms().scrub(text)
    }

    /// A copy of `value` with every string and every object key scrubbed.
    pub fn scrub_json(&self, value: &Value) -> Value {
        self.forms().scrub_json(value)
    }
}

/// Every form of some secrets, longest first, so that a secret containing another is
/// replaced whole.
struct Forms(Vec<String>);

impl Forms {
    /// Adds one form in its place, longest first (after the forms as long as it), unless
    /// it is there already. A few forms a call: an insertion, not a sort (whose code would
    /// add ~2 KiB gzip to the module).
    fn insert(&mut self, form: String) {
        if self.0.contains(&form) {
            return;
        }
        let at = self
            .0
            .iter()
            .position(|f| f.len() < form.len())
            .unwrap_or(self.0.len());
        self.0.insert(at, form);
    }

    /// [`Secrets::scrub`].
    fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for form in &self.0 {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), REDACTED);
            }
        }
        for form in &self.0 {
            if let Some(cut) = cut_prefix_len(&out, form) {
                out.truncate(out.len() - cut);
                out.push_str(REDACTED);
            }
        }
        out
    }

    /// [`Secrets::scrub_json`], with the forms made once for the whole value.
    fn scrub_json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.scrub(s)),
            Value::Array(a) => Value::Array(a.iter().map(|v| self.scrub_json(v)).collect()),
            Value::Object(o) => {
                let mut out = serde_json::Map::new();
                for (k, v) in o {
                    out.insert(self.scrub(k), self.scrub_json(v));
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }
}

/// Adds to `forms` `value` in the forms servers echo it in: as it is;
/// JSON-escaped (`"` → `\"`, `\` → `\\`, and `/` → `\/`, which some encoders write; `<`, `>`
/// and `&` as `\u003c`, `\u003e` and `\u0026`, as HTML-safe encoders such as Go's write
/// them); HTML-escaped; non-ASCII as `\uXXXX`; percent-encoded; and for a URL, all of these
/// without its scheme. A body cut short is no JSON to decode, so its text is scrubbed as it
/// came.
fn forms_of(value: &str, forms: &mut Forms) {
    let mut add = |form: String| forms.insert(form);
    let json = serde_json::to_string(value).unwrap_or_default();
    let escaped = json
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(value);
    let html_safe = escaped
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    for form in [
        value.to_owned(),
        escaped.to_owned(),
        escaped.replace('/', "\\/"),
        html_safe.replace('/', "\\/"),
        html_safe,
    ] {
        add(form);
    }
    // The other forms servers and gateways write a secret in: HTML-escaped (an error page,
    // or a `detail` escaped for the web), non-ASCII as `\uXXXX` (Python's JSON, in a text
    // that is not parsed), and the other percent-encodings (lowercase hex, a form's `+` for
    // a space, what JavaScript's `encodeURIComponent` and Python's `quote` leave as they
    // are). Each is added only when it differs.
    for form in html_forms(value).into_iter().chain(html_forms(escaped)) {
        add(form);
    }
    add(ascii_escaped(escaped));
    for form in percent_forms(value) {
        add(form);
    }
    // A URL is also echoed without its scheme (`hooks.example.com/…`).
    let schemeless = ["https://", "http://"]
        .iter()
        .find_map(|scheme| value.strip_prefix(scheme))
        .filter(|rest| rest.chars().count() >= MIN_SECRET);
    if let Some(rest) = schemeless {
        forms_of(rest, forms);
    }
}

/// `value` HTML-escaped as the common encoders write it: `&quot;`/`&#39;` (Java, PHP),
/// `&#34;`/`&#39;` (Go), `&quot;`/`&#x27;` (Python); `&`, `<` and `>` are named by all.
fn html_forms(value: &str) -> Vec<String> {
    if !value.contains(['&', '<', '>', '"', '\'']) {
        return Vec::new();
    }
    let base = value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    [
        ("&quot;", "&#39;"),
        ("&#34;", "&#39;"),
        ("&quot;", "&#x27;"),
    ]
    .iter()
    .map(|(dq, sq)| base.replace('"', dq).replace('\'', sq))
    .collect()
}

/// `text` with every non-ASCII character written `\uXXXX` (UTF-16, lowercase hex).
fn ascii_escaped(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(char::from(HEX[usize::from((*unit >> shift) & 15)]));
            }
        }
    }
    out
}

/// `value` percent-encoded by the other common encoders, in uppercase and in lowercase hex:
/// RFC 3986, a form's `+` for a space (HTML forms, Python's `quote_plus`),
/// `encodeURIComponent` (leaves `!'()*`) and Python's `quote` (leaves `/`).
fn percent_forms(value: &str) -> Vec<String> {
    if value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    {
        return Vec::new();
    }
    let encoders: [(&'static [u8], bool); 5] = [
        (b"-._~", false),
        (b"*-._", true),
        (b"-._~", true),
        (b"-_.!~*'()", false),
        (b"-._~/", false),
    ];
    let mut forms = Vec::with_capacity(encoders.len() * 2);
    for (keep, space_as_plus) in encoders {
        for lowercase in [false, true] {
            let encoding = Encoding {
                keep,
                space_as_plus,
                lowercase,
            };
            forms.push(percent_encode(value, encoding));
        }
    }
    forms
}

/// The length in bytes of the longest tail of `text` that is a proper prefix of `secret`
/// with at least [`MIN_CUT_PREFIX`] characters.
fn cut_prefix_len(text: &str, secret: &str) -> Option<usize> {
    let ends: Vec<usize> = secret
        .char_indices()
        .map(|(i, _)| i)
        .skip(MIN_CUT_PREFIX)
        .collect();
    ends.into_iter()
        .rev()
        .find(|&end| text.ends_with(&secret[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(values: &[&str]) -> Secrets {
        let mut s = Secrets::default();
        for v in values {
            s.add(v);
        }
        s
    }

    #[test]
    fn html_escaped_ascii_escaped_and_other_percent_encodings_are_scrubbed() {
        let secret = "CANARYwh sec&\"x\"<y>'/é+z!(1)*-42";
        let s = of(&[secret]);
        let html = "CANARYwh sec&amp;&quot;x&quot;&lt;y&gt;&#39;/é+z!(1)*-42";
        let go = "CANARYwh sec&amp;&#34;x&#34;&lt;y&gt;&#39;/é+z!(1)*-42";
        let python = "CANARYwh sec&amp;&quot;x&quot;&lt;y&gt;&#x27;/é+z!(1)*-42";
        let json_html = "CANARYwh sec&amp;\\&quot;x\\&quot;&lt;y&gt;&#39;/é+z!(1)*-42";
        let python_json = "CANARYwh sec&\\\"x\\\"<y>'/\\u00e9+z!(1)*-42";
        let lower = "CANARYwh%20sec%26%22x%22%3cy%3e%27%2f%c3%a9%2bz%21%281%29%2a-42";
        let uri_lower = "CANARYwh%20sec%26%22x%22%3cy%3e'%2f%c3%a9%2bz!(1)*-42";
        let form = "CANARYwh+sec%26%22x%22%3Cy%3E%27%2F%C3%A9%2Bz%21%281%29*-42";
        let uri_component = "CANARYwh%20sec%26%22x%22%3Cy%3E'%2F%C3%A9%2Bz!(1)*-42";
        let quote = "CANARYwh%20sec%26%22x%22%3Cy%3E%27/%C3%A9%2Bz%21%281%29%2A-42";
        for echoed in [
            html,
            go,
            python,
            json_html,
            python_json,
            lower,
            uri_lower,
            form,
            uri_component,
            quote,
        ] {
            let out = s.scrub(&format!("<p>got {echoed} here</p>"));
            assert_eq!(out, format!("<p>got {REDACTED} here</p>"), "{echoed}");
        }
        // A plain secret adds none of these forms.
        assert_eq!(of(&["plainsecret-0123_x.y~z"]).forms().0.len(), 1);
    }

    #[test]
    fn four_characters_are_a_secret_three_are_not() {
        let mut s = Secrets::default();
        assert!(s.is_empty());
        s.add("abc");
        assert!(s.is_empty(), "shorter than MIN_SECRET: not scrubbed");
        assert_eq!(s.scrub("x abc y"), "x abc y");
        s.add("abcd");
        assert!(!s.is_empty());
        assert_eq!(s.scrub("x abcd y"), format!("x {REDACTED} y"));
    }

    #[test]
    fn extend_brings_every_form_of_the_other_secrets() {
        let mut mine = Secrets::default();
        mine.add("first-secret-value");
        let mut other = Secrets::default();
        other.add("second/\"secret\"");
        mine.extend(&other);
        mine.extend(&other);
        let echoed = r#"{"detail":"second\/\"secret\" and first-secret-value"}"#;
        assert_eq!(
            mine.scrub(echoed),
            format!(r#"{{"detail":"{REDACTED} and {REDACTED}"}}"#)
        );
        assert_eq!(mine.scrub("second/\"secret\""), REDACTED);
        let mut empty = Secrets::default();
        empty.extend(&Secrets::default());
        assert!(empty.is_empty());
    }

    #[test]
    fn plain_and_escaped_forms() {
        let s = of(&["p\"a/ss\\word-123"]);
        assert_eq!(s.scrub("x p\"a/ss\\word-123 y"), "x <redacted> y");
        assert_eq!(
            s.scrub(r#"{"d":"p\"a/ss\\word-123"}"#),
            r#"{"d":"<redacted>"}"#
        );
        assert_eq!(
            s.scrub(r#"{"d":"p\"a\/ss\\word-123"}"#),
            r#"{"d":"<redacted>"}"#
        );
    }

    #[test]
    fn html_safe_escaped_forms() {
        // A reply cut short is no JSON: its text is scrubbed as an HTML-safe encoder wrote it.
        let s = of(&["my<web/hook>&secret"]);
        let cut =
            r#"{"errorCode":"INVALID","detail":"bad secret my\u003cweb/hook\u003e\u0026secret and"#;
        assert_eq!(
            s.scrub(cut),
            r#"{"errorCode":"INVALID","detail":"bad secret <redacted> and"#
        );
        let slashed = r#""my\u003cweb\/hook\u003e\u0026secret""#;
        assert_eq!(s.scrub(slashed), r#""<redacted>""#);
    }

    #[test]
    fn a_url_echoed_without_its_scheme_or_percent_encoded() {
        let s = of(&["https://hooks.example.com/very/secret?sig=AbCd1234"]);
        assert_eq!(
            s.scrub("bad url hooks.example.com/very/secret?sig=AbCd1234 here"),
            "bad url <redacted> here"
        );
        assert_eq!(
            s.scrub("next=https%3A%2F%2Fhooks.example.com%2Fvery%2Fsecret%3Fsig%3DAbCd1234"),
            "next=<redacted>"
        );
        assert_eq!(
            s.scrub(r#"{"u":"hooks.example.com\/very\/secret?sig=AbCd1234"}"#),
            r#"{"u":"<redacted>"}"#
        );
    }

    #[test]
    fn basic_credential_with_slash_escaped() {
        let basic = crate::oauth::base64(b"id:s3cret?>?");
        assert!(basic.contains('/'), "{basic}");
        let s = of(&[&basic]);
        let echoed = format!(r#"{{"auth":"Basic {}"}}"#, basic.replace('/', "\\/"));
        assert!(!s.scrub(&echoed).contains(&basic.replace('/', "\\/")));
        assert_eq!(s.scrub(&echoed), r#"{"auth":"Basic <redacted>"}"#);
    }

    #[test]
    fn whitespace_and_tags_inside_a_secret_are_scrubbed_before_anything_collapses_them() {
        let s = of(&["two  spaces\tand <b>tag</b>"]);
        assert_eq!(
            s.scrub("<p>two  spaces\tand <b>tag</b></p>"),
            "<p><redacted></p>"
        );
    }

    #[test]
    fn a_tail_cut_at_a_limit_is_scrubbed_from_eight_characters() {
        let s = of(&["ABCDEFGHIJKLMNOP"]);
        assert_eq!(s.scrub("key ABCDEFGH"), "key <redacted>");
        assert_eq!(s.scrub("key ABCDEFGHIJKLMNO"), "key <redacted>");
        // Seven characters are too common a start to redact.
        assert_eq!(s.scrub("key ABCDEFG"), "key ABCDEFG");
        // Only at the end: the same start elsewhere is left alone.
        assert_eq!(s.scrub("ABCDEFGH and more"), "ABCDEFGH and more");
    }

    #[test]
    fn short_values_are_not_secrets_and_longer_ones_win() {
        let s = of(&["abc", "token-1234", "token-1234-extended"]);
        assert_eq!(s.scrub("abc token-1234-extended"), "abc <redacted>");
        assert_eq!(s.scrub("token-1234!"), "<redacted>!");
        assert!(of(&["abc"]).is_empty());
    }

    #[test]
    fn json_keys_and_values() {
        let s = of(&["sekrit-value"]);
        let v = json!({"parameters": [{"sekrit-value": "x sekrit-value"}], "n": 1});
        assert_eq!(
            s.scrub_json(&v),
            json!({"parameters": [{"<redacted>": "x <redacted>"}], "n": 1})
        );
    }

    #[test]
    fn body_secrets_follow_the_catalogue() {
        let body = json!({"type": "PAGER_DUTY", "serviceKey": "0123456789abcdef", "region": "US"});
        let s = Secrets::of_body(&body);
        assert_eq!(s.scrub("0123456789abcdef US"), "<redacted> US");
        // Unknown type: every string may be secret.
        let s = Secrets::of_body(&json!({"type": "NOPE", "x": "whatever-value"}));
        assert_eq!(s.scrub("whatever-value"), "<redacted>");
        assert!(Secrets::of_body(&json!([1])).is_empty());
    }
}
