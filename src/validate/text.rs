//! Hand-written checks for the few string formats the API needs (no regex crate: the
//! browser bundle must stay small). Each works on `&str` without indexing, so no input can
//! make it panic.

/// How many characters of a non-secret offending value a message may quote.
const QUOTE_CHARS: usize = 40;

/// A non-secret value for a message: cut after [`QUOTE_CHARS`] characters, quoted and
/// escaped as a JSON string: JSON's escaping is what JavaScript's `JSON.stringify` does,
/// familiar to the package's users, and it reuses serde_json's code where Rust's `{:?}`
/// would bring core's Unicode tables into the wasm modules.
pub(crate) fn quote(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    // Serialising a string cannot fail; an empty quote is the harmless answer if it did.
    let quoted = serde_json::to_string(&head).unwrap_or_else(|_| "\"\"".to_owned());
    if chars.next().is_some() {
        quoted + "…"
    } else {
        quoted
    }
}

/// Exactly `len` hexadecimal digits (only `0-9a-f` when `lowercase`).
pub(crate) fn is_hex(value: &str, len: u32, lowercase: bool) -> bool {
    let digit = |c: char| {
        c.is_ascii_digit() || matches!(c, 'a'..='f') || (!lowercase && matches!(c, 'A'..='F'))
    };
    value.chars().all(digit) && value.len() == len as usize
}

/// An absolute `http://` or `https://` URL with a non-empty host, a valid port if any,
/// and no whitespace or control characters anywhere. The host is read as WHATWG URL
/// reads it (percent-decoded, internationalised names allowed), so that a URL a browser
/// accepts is not flagged.
pub(crate) fn is_http_url(value: &str) -> bool {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some(rest) = strip_prefix_ignore_case(value, "https://")
        .or_else(|| strip_prefix_ignore_case(value, "http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials before the last `@` are not part of the host.
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    match split_host_port(host_port) {
        Some((host, port)) => is_url_host(host) && port.map_or(true, is_port),
        None => false,
    }
}

/// A URL's host: [`is_host`] after the steps WHATWG URL takes first. The host is
/// percent-decoded (`ex%41mple.com` is `example.com`), and an internationalised name
/// (`例え.jp`) is mapped to ASCII: any non-ASCII character counts as a letter here, which
/// spares the Unicode tables a finer check would bring into the wasm modules.
fn is_url_host(host: &str) -> bool {
    let mut bytes = Vec::with_capacity(host.len());
    let mut rest = host.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b != b'%' {
            bytes.push(b);
            continue;
        }
        let digit = |i: usize| rest.get(i).and_then(|&c| (c as char).to_digit(16));
        let (Some(high), Some(low)) = (digit(0), digit(1)) else {
            return false;
        };
        bytes.push((high * 16 + low) as u8);
        rest = rest.get(2..).unwrap_or_default();
    }
    let Ok(decoded) = String::from_utf8(bytes) else {
        return false;
    };
    let ascii: String = decoded
        .chars()
        .map(|c| if c.is_ascii() { c } else { 'a' })
        .collect();
    is_host(&ascii)
}

/// `host:port`, where host is a name, an IPv4 address or a bracketed IPv6 address.
pub(crate) fn is_host_port(value: &str) -> bool {
    match split_host_port(value) {
        Some((host, Some(port))) => is_host(host) && is_port(port),
        _ => false,
    }
}

/// An absolute path on a Unix (`/…`) or Windows (`C:\…`, `C:/…`) host, with no control
/// characters.
pub(crate) fn is_absolute_path(value: &str) -> bool {
    if value.chars().any(char::is_control) {
        return false;
    }
    let mut chars = value.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('/'), _, _) => true,
        (Some(drive), Some(':'), Some('\\' | '/')) => drive.is_ascii_alphabetic(),
        _ => false,
    }
}

/// The marks of FreeMarker directives, macro calls and comments (`<#if …>`, `</#list>`,
/// `<@m/>`, `<#-- … -->`, and the square-bracket syntax). Atlas templates are FreeMarker
/// (§4.3); what a directive renders to cannot be told without the alert, so a template that
/// holds one is not judged.
const DIRECTIVE_MARKS: [&str; 8] = ["<#", "</#", "<@", "</@", "[#", "[/#", "[@", "[/@"];

/// Renders the `${...}` (and `#{...}`) interpolations of a webhook template with `0` (valid
/// both inside a JSON string and as a bare number) and reports whether the result is JSON
/// (an object when `object`). An interpolation ends at the `}` that closes it, past quoted
/// strings and nested braces (`${x!"}"}`, `${m?string("{","}")}`); an unterminated one is
/// left as written, so it fails to parse. A template with FreeMarker directives counts as
/// rendering to JSON: only the server can tell.
pub(crate) fn template_renders_to_json(template: &str, object: bool) -> bool {
    if DIRECTIVE_MARKS.iter().any(|mark| template.contains(mark)) {
        return true;
    }
    let mut rendered = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = interpolation_start(rest) {
        let (before, from) = rest.split_at(start);
        rendered.push_str(before);
        match interpolation_end(from) {
            Some(end) => {
                rendered.push('0');
                rest = from.get(end..).unwrap_or_default();
            }
            None => {
                rendered.push_str(from);
                rest = "";
            }
        }
    }
    rendered.push_str(rest);
    match serde_json::from_str::<serde_json::Value>(&rendered) {
        Ok(value) => !object || value.is_object(),
        Err(_) => false,
    }
}

/// Where the first `${` or `#{` of `text` starts. One scan up to it: looking for each mark
/// over the whole rest on every step made a template of many placeholders quadratic.
fn interpolation_start(text: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let brace = from + text.get(from..)?.find('{')?;
        if let Some(mark) = brace.checked_sub(1) {
            if matches!(text.as_bytes().get(mark), Some(b'$' | b'#')) {
                return Some(mark);
            }
        }
        from = brace + 1;
    }
}

/// The byte offset just past the `}` that closes the interpolation at the start of `from`
/// (`${` or `#{`), skipping FreeMarker string literals and nested braces.
fn interpolation_end(from: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in from.char_indices().skip(1) {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') if depth <= 1 => return Some(i + 1),
            (None, '}') => depth -= 1,
            (None, _) => {}
        }
    }
    None
}

fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| value.get(prefix.len()..))
        .flatten()
}

/// Splits `host[:port]`, keeping the brackets of an IPv6 host. `None` when the shape is
/// wrong (e.g. an unbracketed IPv6 address or a stray `]`).
fn split_host_port(value: &str) -> Option<(&str, Option<&str>)> {
    if value.starts_with('[') {
        let close = value.find(']')?;
        let (host, after) = value.split_at(close + 1);
        return match after.strip_prefix(':') {
            Some(port) => Some((host, Some(port))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match value.split_once(':') {
        Some((host, port)) => Some((host, Some(port))),
        None => Some((value, None)),
    }
}

/// A DNS name or IPv4 address (letters, digits, `-`, `.`, `_`; no empty labels), or a
/// bracketed IPv6 address.
fn is_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    // A single trailing dot (a fully qualified name) is allowed.
    let name = host.strip_suffix('.').unwrap_or(host);
    !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// 1 to 65535, digits only.
fn is_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && port.chars().all(|c| c.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_placeholders_render_in_one_pass() {
        // Searched quadratically, 160,000 placeholders took 34 s in a release build (and
        // this test would not end in a debug one); each mark is now found in one pass.
        let template = format!("{{\"a\":\"{}\"}}", "${x}".repeat(200_000));
        assert!(template_renders_to_json(&template, true));
        assert_eq!(interpolation_start("ab{c}${x}"), Some(5));
        assert_eq!(interpolation_start("{#{y}"), Some(1));
        assert_eq!(interpolation_start("é{ $ {x}"), None);
        assert!(template_renders_to_json(
            "{\"a\": #{n}, \"b\": \"${x}\"}",
            true
        ));
        assert!(!template_renders_to_json("{\"a\": ${x", true));
    }

    #[test]
    fn quotes_are_escaped_and_cut_on_char_boundaries() {
        assert_eq!(quote("ab"), "\"ab\"");
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        let long = "é".repeat(50);
        assert_eq!(quote(&long), format!("\"{}\"…", "é".repeat(40)));
        // JSON's escapes, as JSON.stringify writes them; other characters as they are.
        assert_eq!(
            quote("a\\b\n\t\u{1}\u{7f}\u{202e}"),
            "\"a\\\\b\\n\\t\\u0001\u{7f}\u{202e}\""
        );
    }

    #[test]
    fn hex() {
        assert!(is_hex("0123456789abcdefABCDEF0123456789", 32, false));
        assert!(!is_hex("0123456789abcdefABCDEF0123456789", 32, true));
        assert!(!is_hex("0123456789abcdef0123456789abcde", 32, false));
        assert!(!is_hex("0123456789abcdef0123456789abcdeg", 32, false));
        // 32 bytes but fewer characters.
        assert!(!is_hex(&"é".repeat(16), 32, false));
    }

    #[test]
    fn urls() {
        for good in [
            "https://example.com",
            "http://example.com:8080/path?q=1#f",
            "HTTPS://user:pw@hooks.example.com/x",
            "https://[::1]:443/",
            "https://10.0.0.1/a",
            "https://example.com./",
            // Read as WHATWG URL reads them: an internationalised name, a percent-encoded
            // host (`example.com`) and path.
            "https://例え.jp/x",
            "https://bücher.example/",
            "https://ex%41mple.com/a%20b",
        ] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in [
            "",
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com/a b",
            "https://example.com:0/",
            "https://example.com:99999/",
            "https://example.com:/",
            "https://::1/",
            "https://a..b/",
            "https://.a/",
            "https://ex\u{7}ample.com",
            "https://ex%4",
            "https://ex%zzmple.com",
            // Decodes to a space, which no host may hold.
            "https://ex%20mple.com",
            "https://%ff.com",
            "https://ex%+fmple.com",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn host_ports() {
        for good in ["0.0.0.0:9216", "metrics.local:9216", "[::]:9216"] {
            assert!(is_host_port(good), "{good}");
        }
        for bad in [
            "9216",
            ":9216",
            "host:",
            "host:port",
            "a:1:2",
            "[::1]",
            "h/x:1",
        ] {
            assert!(!is_host_port(bad), "{bad}");
        }
    }

    #[test]
    fn paths() {
        assert!(is_absolute_path("/etc/ssl/prom.pem"));
        assert!(is_absolute_path("C:\\certs\\prom.pem"));
        assert!(is_absolute_path("d:/certs/prom.pem"));
        assert!(!is_absolute_path("certs/prom.pem"));
        assert!(!is_absolute_path("C:prom.pem"));
        assert!(!is_absolute_path(""));
        assert!(!is_absolute_path("/a\u{0}b"));
    }

    #[test]
    fn templates() {
        assert!(template_renders_to_json(
            r#"{"id":"${alertId}","v":${metricValue}}"#,
            false
        ));
        assert!(template_renders_to_json("[${a}, ${b}]", false));
        assert!(template_renders_to_json(
            r#"{"X-Event":"${eventType}"}"#,
            true
        ));
        assert!(!template_renders_to_json("[${a}]", true));
        assert!(!template_renders_to_json(r#"{"id": ${alertId"#, false));
        assert!(!template_renders_to_json("alert ${id}", false));
        assert!(!template_renders_to_json("", false));
    }

    #[test]
    fn freemarker_is_not_flagged() {
        // Directives, macros and comments cannot be judged without the alert.
        for directive in [
            r#"{"a":"${x}"<#if y??>,"y":"${y}"</#if>}"#,
            r#"<#-- note -->{"a":1}"#,
            r#"{"items":[<#list xs as x>"${x}"<#sep>,</#list>]}"#,
            r#"<@compress single_line=true>{"a":1}</@compress>"#,
        ] {
            assert!(template_renders_to_json(directive, false), "{directive}");
        }
        // Defaults and built-ins with braces or quotes inside an interpolation.
        assert!(template_renders_to_json(r#"{"a":"${x!"d"}"}"#, false));
        assert!(template_renders_to_json(r#"{"a":"${x!"}"}"}"#, false));
        assert!(template_renders_to_json(
            r#"{"a":${n!0},"b":"${m?string('{','}')}"}"#,
            true
        ));
        assert!(template_renders_to_json(r#"{"a":#{n}}"#, false));
        // Still flagged: not JSON once rendered, or an unterminated interpolation.
        assert!(!template_renders_to_json(r#"{"a":"${x!"d"}""#, false));
        assert!(!template_renders_to_json(r#"{"a":${x!"}"#, false));
    }
}
