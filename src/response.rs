//! Reading a response: status and body text in, a typed success or a typed failure out.
//!
//! Every body is untrusted: a proxy may answer with HTML, a connection may cut a body
//! short, a server may echo what it was sent. Nothing here panics, and text copied from a
//! body into an error is shortened and scrubbed of anything that looks like a key.

use crate::operation::OpKind;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

/// A successful result, by operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Success {
    /// List, create and update: a page of the project's integrations.
    Page(Page),
    /// Get: one integration (an object with a `type`).
    Item { integration: Value },
    /// Delete.
    Deleted,
}

/// A page of integrations (list, and the answer to create and update; `PaginatedIntegrationView` in the API).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Page {
    /// The integrations of this page, secrets masked by the server.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Integration[]"))]
    pub results: Vec<Value>,
    /// Left out when `includeCount` is false (as the API does). An estimate for large collections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// Links to this and the neighbouring pages.
    pub links: Vec<Link>,
}

/// A pagination link of a page (`self`, `next`, `previous`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Link {
    /// Absolute URL of the linked page.
    pub href: String,
    /// The relation: `self`, `next` or `previous`.
    pub rel: String,
}

/// The API's error body (`ApiError`). Text fields are scrubbed (see the module docs).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status the response came with (the envelope's when `envelope=true`).
    pub status: u16,
    /// The status the body states; normally equal to `status`.
    pub error: Option<i64>,
    pub error_code: String,
    pub detail: Option<String>,
    pub reason: Option<String>,
    pub parameters: Vec<Value>,
    pub bad_request_detail: Vec<FieldError>,
}

/// One entry of `badRequestDetail.fields`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub description: String,
}

/// Why a response is not a success. Serialised with a `kind` tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Failure {
    /// A non-2xx status with an `ApiError` body.
    ApiError(Box<ApiError>),
    /// A non-2xx status with an OAuth-style body (`{"error": "rate_limited",
    /// "error_description": …}` from the service-account endpoints).
    #[serde(rename_all = "camelCase")]
    OauthError {
        status: u16,
        error: String,
        description: Option<String>,
    },
    /// A non-2xx status whose body is not a JSON error (an HTML page from a proxy, empty,
    /// cut short): only a short, scrubbed snippet of it.
    HttpError { status: u16, snippet: String },
    /// A 2xx status whose body is not what the operation returns.
    UnexpectedResponse {
        status: u16,
        message: &'static str,
        snippet: String,
    },
}

impl Failure {
    /// A machine-readable code: the API's `errorCode`, the OAuth `error` upper-cased
    /// (`RATE_LIMITED`), `http_error` or `unexpected_response`.
    pub fn code(&self) -> String {
        match self {
            Failure::ApiError(e) => e.error_code.clone(),
            Failure::OauthError { error, .. } => error.to_ascii_uppercase(),
            Failure::HttpError { .. } => "http_error".to_owned(),
            Failure::UnexpectedResponse { .. } => "unexpected_response".to_owned(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Failure::ApiError(e) => e.status,
            Failure::OauthError { status, .. }
            | Failure::HttpError { status, .. }
            | Failure::UnexpectedResponse { status, .. } => *status,
        }
    }

    /// One sentence for people.
    pub fn message(&self) -> String {
        match self {
            Failure::ApiError(e) => match (&e.detail, &e.reason) {
                (Some(d), _) => d.clone(),
                (None, Some(r)) => format!("{r} ({})", e.error_code),
                (None, None) => e.error_code.clone(),
            },
            Failure::OauthError {
                error, description, ..
            } => description.clone().unwrap_or_else(|| error.clone()),
            Failure::HttpError { status, .. } => {
                format!(
                    "HTTP {status} with a body that is not an API error (a proxy or gateway page?)"
                )
            }
            Failure::UnexpectedResponse { message, .. } => (*message).to_owned(),
        }
    }
}

impl Failure {
    /// The same failure with `f` applied to every text the server provided.
    #[must_use]
    pub fn map_text(self, f: &dyn Fn(&str) -> String) -> Failure {
        match self {
            Failure::ApiError(mut e) => {
                e.error_code = f(&e.error_code);
                e.detail = e.detail.as_deref().map(f);
                e.reason = e.reason.as_deref().map(f);
                e.parameters = e.parameters.iter().map(|p| map_strings(p, f)).collect();
                for field in &mut e.bad_request_detail {
                    field.field = f(&field.field);
                    field.description = f(&field.description);
                }
                Failure::ApiError(e)
            }
            Failure::OauthError {
                status,
                error,
                description,
            } => Failure::OauthError {
                status,
                error: f(&error),
                description: description.as_deref().map(f),
            },
            Failure::HttpError { status, snippet } => Failure::HttpError {
                status,
                snippet: f(&snippet),
            },
            Failure::UnexpectedResponse {
                status,
                message,
                snippet,
            } => Failure::UnexpectedResponse {
                status,
                message,
                snippet: f(&snippet),
            },
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message(), self.code())
    }
}

impl std::error::Error for Failure {}

/// Parses the response to `kind`. `envelope=true` bodies are unwrapped transparently: the
/// envelope's `status` replaces the HTTP status (which is then always 200).
///
/// # Errors
/// A [`Failure`] for a non-2xx status, and for a 2xx body of the wrong shape.
pub fn parse(kind: OpKind, status: u16, body: &str) -> Result<Success, Failure> {
    // A UTF-8 byte order mark before the JSON is no part of it (fetch's `Response.json()`
    // drops it too); serde_json would refuse the body.
    let json = serde_json::from_str::<Value>(body.strip_prefix('\u{feff}').unwrap_or(body)).ok();
    let (status, json) = unwrap_envelope(status, json);
    if !(200..300).contains(&status) {
        return Err(error_from(status, json.as_ref(), body));
    }
    let unexpected = |message| Failure::UnexpectedResponse {
        status,
        message,
        snippet: snippet(body),
    };
    match kind {
        // A delete that succeeded has nothing to tell; any body (204, empty 200, envelope) is fine.
        OpKind::Delete => Ok(Success::Deleted),
        OpKind::Get => match json {
            Some(Value::Object(obj)) if obj.get("type").is_some_and(Value::is_string) => {
                Ok(Success::Item {
                    integration: Value::Object(obj),
                })
            }
            Some(_) => Err(unexpected(
                "The response is not an integration (an object with a type).",
            )),
            None => Err(unexpected(
                "The response body is not valid JSON (empty, cut short or not JSON).",
            )),
        },
        OpKind::List | OpKind::Create | OpKind::Update => match json {
            Some(Value::Object(obj)) => page(&obj).map(Success::Page).map_err(unexpected),
            Some(_) => Err(unexpected("The response is not a page of integrations.")),
            None => Err(unexpected(
                "The response body is not valid JSON (empty, cut short or not JSON).",
            )),
        },
    }
}

/// [`parse`] for a reply that may echo secrets: a success is the reply itself; a failure
/// is made from the body after `scrub` (before JSON escapes are undone, snippets cut or
/// white space collapsed), and every text of it is scrubbed once more (a `\u`-escaped
/// echo only shows after parsing).
///
/// # Errors
/// As [`parse`], with every server-provided text passed through `scrub`.
pub fn parse_scrubbed(
    kind: OpKind,
    status: u16,
    body: &str,
    scrub: &dyn Fn(&str) -> String,
) -> Result<Success, Failure> {
    let raw = match parse(kind, status, body) {
        Ok(success) => return Ok(success),
        Err(raw) => raw,
    };
    let failure = match parse(kind, status, &scrub(body)) {
        Err(f) => f,
        // Scrubbing made a failure look like a success: keep the first, scrubbed below.
        Ok(_) => raw,
    };
    Err(failure.map_text(scrub))
}

/// `{status, content}` → (status, content); a list's added `status` key is dropped.
///
/// Keys are dropped by moving the others out, not with `Map::remove`: the B-tree's
/// rebalancing on removal would add about 4 KB to the wasm module for this one rare path
/// (an envelope object has a handful of keys).
fn unwrap_envelope(status: u16, json: Option<Value>) -> (u16, Option<Value>) {
    if let Some(Value::Object(obj)) = json {
        let inner = obj.get("status").and_then(Value::as_u64);
        let inner = inner.and_then(|s| u16::try_from(s).ok());
        if let Some(inner) = inner {
            if obj.len() <= 2 && obj.contains_key("content") {
                let content = obj.into_iter().find(|(key, _)| key == "content");
                return (inner, content.map(|(_, value)| value));
            }
            if obj.contains_key("results") {
                let mut page = Map::new();
                for (key, value) in obj {
                    if key != "status" {
                        page.insert(key, value);
                    }
                }
                return (inner, Some(Value::Object(page)));
            }
        }
        return (status, Some(Value::Object(obj)));
    }
    (status, json)
}

fn page(obj: &Map<String, Value>) -> Result<Page, &'static str> {
    let results = obj
        .get("results")
        .and_then(Value::as_array)
        .ok_or("The page has no results list.")?;
    if !results
        .iter()
        .all(|r| r.get("type").is_some_and(Value::is_string))
    {
        return Err("A result in the page is not an integration (an object with a type).");
    }
    let total_count = match obj.get("totalCount") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or("totalCount is not a non-negative integer.")?,
        ),
    };
    let links = match obj.get("links") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|l| {
                let text = |k| l.get(k).and_then(Value::as_str).map(str::to_owned);
                Some(Link {
                    href: text("href")?,
                    rel: text("rel").unwrap_or_default(),
                })
            })
            .collect::<Option<Vec<Link>>>()
            .ok_or("A link in the page has no href.")?,
        Some(_) => return Err("links is not a list."),
    };
    Ok(Page {
        results: results.clone(),
        total_count,
        links,
    })
}

/// The failure for a non-2xx status.
pub(crate) fn error_from(status: u16, json: Option<&Value>, raw: &str) -> Failure {
    let Some(Value::Object(obj)) = json else {
        return Failure::HttpError {
            status,
            snippet: snippet(raw),
        };
    };
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(scrub);
    if let Some(error_code) = text("errorCode") {
        return Failure::ApiError(Box::new(ApiError {
            status,
            error: obj.get("error").and_then(Value::as_i64),
            error_code,
            detail: text("detail"),
            reason: text("reason"),
            parameters: obj
                .get("parameters")
                .and_then(Value::as_array)
                .map(|ps| ps.iter().map(scrub_value).collect())
                .unwrap_or_default(),
            bad_request_detail: field_errors(obj.get("badRequestDetail")),
        }));
    }
    if let Some(error) = text("error") {
        return Failure::OauthError {
            status,
            error,
            description: text("error_description"),
        };
    }
    Failure::HttpError {
        status,
        snippet: snippet(raw),
    }
}

fn field_errors(detail: Option<&Value>) -> Vec<FieldError> {
    let fields = detail
        .and_then(|d| d.get("fields"))
        .and_then(Value::as_array);
    fields
        .into_iter()
        .flatten()
        .filter_map(|f| {
            Some(FieldError {
                field: scrub(f.get("field")?.as_str()?),
                description: scrub(f.get("description").and_then(Value::as_str).unwrap_or("")),
            })
        })
        .collect()
}

fn scrub_value(v: &Value) -> Value {
    map_strings(v, &scrub)
}

/// A copy of `v` with `f` applied to every string and object key: the one walk
/// behind every scrubbing of server-provided JSON.
///
/// `f` is a `dyn Fn` and objects are rebuilt by `insert`, not `collect`: a generic walk
/// is compiled once per caller and every `collect` into a map once more with its own
/// sort, for error paths where the speed of either makes no difference.
pub(crate) fn map_strings(v: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(f(s)),
        Value::Array(a) => Value::Array(a.iter().map(|v| map_strings(v, f)).collect()),
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, v) in o {
                out.insert(f(k), map_strings(v, f));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Runs of 25 or more key-like characters (`[A-Za-z0-9_+-]`) with at least one digit are
/// replaced by `<redacted>`: every secret format of the catalogue (32-hex keys, 40-hex New
/// Relic keys, UUID-ish OpsGenie keys, Slack tokens) is that long, while project ids (24
/// hex), error codes and words are not. A webhook secret of any shape cannot be recognised;
/// only a caller-side scrub could (it knows the value).
pub fn scrub(text: &str) -> String {
    const MIN: usize = 25;
    let is_key_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-');
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= MIN && run.chars().any(|c| c.is_ascii_digit()) {
            out.push_str("<redacted>");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if is_key_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// At most 200 characters of a body for an error: scrubbed first (while every key is still
/// whole and in its raw form), then HTML tags dropped (a `<redacted>` mark is kept), white
/// space and control characters collapsed, and cut.
pub fn snippet(body: &str) -> String {
    const MAX: usize = 200;
    let scrubbed = scrub(body);
    let mut text = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    let mut cut_short = false;
    let mut count = 0usize;
    let mut rest = scrubbed.as_str();
    while let Some(c) = rest.chars().next() {
        let mark = !in_tag && rest.starts_with(crate::secrets::REDACTED);
        let step = if mark {
            crate::secrets::REDACTED.len()
        } else {
            c.len_utf8()
        };
        rest = rest.get(step..).unwrap_or("");
        match c {
            _ if mark => {
                text.push_str(crate::secrets::REDACTED);
                count += crate::secrets::REDACTED.len();
                last_space = false;
            }
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() || c.is_control() => {
                if !last_space {
                    text.push(' ');
                    count += 1;
                    last_space = true;
                }
            }
            c => {
                text.push(c);
                count += 1;
                last_space = false;
            }
        }
        if count > MAX {
            cut_short = true;
            break;
        }
    }
    let mut out: String = text.trim().chars().take(MAX).collect();
    if cut_short {
        out.push('…');
    }
    out
}

/// The origin (`scheme://host[:port]`) a redirect points to: of `location` when it is
/// absolute, else of `request_url` (a relative redirect stays on the same origin). Only the
/// origin is ever shown: a path or query may hold anything, and user info is dropped.
/// `None` without a location (a browser's opaque redirect) or when it is not `http(s)`.
pub fn redirect_origin(location: Option<&str>, request_url: &str) -> Option<String> {
    let origin = |url: &str| -> Option<String> {
        let (scheme, rest) = url.trim().split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        ok.then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
    };
    // A browser's opaque redirect hides the target: nothing is known of it.
    let l = location?.trim();
    let mut chars = l.chars();
    if matches!(
        (chars.next(), chars.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    ) {
        // `//host/…` (or `/\host/…`, which browsers read alike) is relative, but to a host
        // of its own, with the request's scheme.
        let (scheme, _) = request_url.trim().split_once("://")?;
        return origin(&format!("{scheme}://{}", chars.as_str()));
    }
    // Absolute when a scheme (`https:`) comes before any `/`, `?` or `#`: a `://` further
    // on is in the path or query of a relative reference (`/login?next=https://…`).
    let absolute = l
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|head| head.ends_with(':'))
        && l.contains("://");
    origin(if absolute { l } else { request_url })
}

/// The delay a `Retry-After` header asks for, in milliseconds: either delta-seconds or an
/// HTTP-date (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`), the latter measured from
/// `now_ms` (Unix epoch milliseconds, supplied by the caller so this stays pure). A date in
/// the past gives 0. `None` when the value is neither.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse::<u64>().ok()?.saturating_mul(1000));
    }
    let at_ms = parse_http_date(value)?;
    Some(at_ms.saturating_sub(now_ms))
}

/// IMF-fixdate → Unix epoch milliseconds. The weekday is not checked (it is redundant).
fn parse_http_date(value: &str) -> Option<u64> {
    let rest = value.split_once(", ").map_or(value, |(_, r)| r);
    let mut parts = rest.split_ascii_whitespace();
    let day: u64 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: u64 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u64 + 1;
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    // IMF-fixdate's year is four digits (RFC 9110 §5.6.7): a larger one would overflow the
    // millisecond arithmetic below.
    if hms.next().is_some()
        || h > 23
        || m > 59
        || s > 60
        || !(1..=31).contains(&day)
        || !(1970..=9999).contains(&year)
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + h * 3600 + m * 60 + s) * 1000)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm), for
/// years from 1970.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PD: &str = r#"{"id":"1","type":"PAGER_DUTY","serviceKey":"****************************7890","region":"US"}"#;

    #[test]
    fn retry_after_with_an_absurd_year_is_refused_without_overflow() {
        for year in ["10000", "584554050", "99999999999999999"] {
            let value = format!("Sun, 06 Nov {year} 08:49:37 GMT");
            assert_eq!(parse_retry_after(&value, 0), None, "{value}");
        }
        assert!(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", 0).is_some());
    }

    #[test]
    fn redirect_origin_of_scheme_relative_and_query_urls() {
        let req = "https://cloud.mongodb.com/api/atlas/v2/groups";
        let origin = |l: &str| redirect_origin(Some(l), req);
        assert_eq!(
            origin("//evil.example/x").as_deref(),
            Some("https://evil.example")
        );
        assert_eq!(
            origin("/\\evil.example/x").as_deref(),
            Some("https://evil.example")
        );
        assert_eq!(
            origin("/login?next=https://evil.example/").as_deref(),
            Some("https://cloud.mongodb.com")
        );
        assert_eq!(origin("/x").as_deref(), Some("https://cloud.mongodb.com"));
        assert_eq!(
            origin("HTTP://A.example:81/").as_deref(),
            Some("http://a.example:81")
        );
        assert_eq!(redirect_origin(None, req), None);
    }

    #[test]
    fn a_byte_order_mark_before_the_json_is_skipped() {
        let body = format!("\u{feff}{PD}");
        assert!(matches!(
            parse(OpKind::Get, 200, &body),
            Ok(Success::Item { .. })
        ));
    }

    #[test]
    fn list_page() {
        let body = format!(
            r#"{{"links":[{{"href":"https://x/api?pageNum=1","rel":"self"}}],"results":[{PD}],"totalCount":1}}"#
        );
        let Ok(Success::Page(page)) = parse(OpKind::List, 200, &body) else {
            panic!("not a page")
        };
        assert_eq!(page.total_count, Some(1));
        assert_eq!(page.results[0]["type"], "PAGER_DUTY");
        assert_eq!(
            page.links,
            vec![Link {
                href: "https://x/api?pageNum=1".into(),
                rel: "self".into()
            }]
        );
        assert_eq!(
            serde_json::to_value(Success::Page(page)).unwrap()["kind"],
            "page"
        );
    }

    #[test]
    fn create_without_count_and_enveloped_list() {
        let Ok(Success::Page(p)) = parse(OpKind::Create, 200, r#"{"results":[]}"#) else {
            panic!()
        };
        assert_eq!(p.total_count, None);
        assert!(p.links.is_empty());
        let env = format!(r#"{{"status":200,"results":[{PD}],"totalCount":1,"links":[]}}"#);
        let Ok(Success::Page(p)) = parse(OpKind::Update, 200, &env) else {
            panic!()
        };
        assert_eq!(p.results.len(), 1);
    }

    #[test]
    fn get_plain_and_enveloped() {
        let plain = parse(OpKind::Get, 200, PD).unwrap();
        let env = parse(
            OpKind::Get,
            200,
            &format!(r#"{{"status":200,"content":{PD}}}"#),
        )
        .unwrap();
        assert_eq!(plain, env);
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            json!({"kind": "item", "integration": serde_json::from_str::<Value>(PD).unwrap()})
        );
    }

    #[test]
    fn enveloped_error_uses_inner_status() {
        let body = r#"{"status":404,"content":{"error":404,"errorCode":"INTEGRATION_NOT_CONFIGURED","detail":"Not configured.","reason":"Not Found"}}"#;
        let err = parse(OpKind::Get, 200, body).unwrap_err();
        assert_eq!(err.status(), 404);
        assert_eq!(err.code(), "INTEGRATION_NOT_CONFIGURED");
    }

    /// An envelope always has `content`: a short object with a numeric `status` and no
    /// `content` is an ordinary body, so the HTTP status stands and the keys are kept.
    #[test]
    fn short_body_with_status_and_no_content_is_not_an_envelope() {
        let item = r#"{"status":404,"type":"SLACK"}"#;
        let Ok(Success::Item { integration }) = parse(OpKind::Get, 200, item) else {
            panic!("not an item")
        };
        assert_eq!(integration, json!({"status": 404, "type": "SLACK"}));
        let err = parse(OpKind::List, 200, r#"{"status":503}"#).unwrap_err();
        assert_eq!(
            (err.status(), err.code()),
            (200, "unexpected_response".into())
        );
        let err = parse(OpKind::Get, 500, r#"{"status":200}"#).unwrap_err();
        assert_eq!(err.status(), 500);
        assert_eq!(
            err.to_string(),
            "HTTP 500 with a body that is not an API error (a proxy or gateway page?) (http_error)"
        );
        // A third key means it is not an envelope either, even with content.
        let three = format!(r#"{{"status":404,"content":{PD},"x":1}}"#);
        let err = parse(OpKind::Get, 200, &three).unwrap_err();
        assert_eq!(
            (err.status(), err.code()),
            (200, "unexpected_response".into())
        );
    }

    #[test]
    fn delete_outcomes() {
        assert_eq!(parse(OpKind::Delete, 204, ""), Ok(Success::Deleted));
        assert_eq!(parse(OpKind::Delete, 200, ""), Ok(Success::Deleted));
        assert_eq!(
            parse(OpKind::Delete, 200, r#"{"status":204}"#),
            Ok(Success::Deleted)
        );
        assert_eq!(
            parse(OpKind::Delete, 404, "").unwrap_err().code(),
            "http_error"
        );
    }

    #[test]
    fn api_error_in_full() {
        let body = r#"{"error":400,"errorCode":"INVALID_PAGER_DUTY_SERVICE_KEY","detail":"Key 0123456789abcdef0123456789abcdef is invalid.","reason":"Bad Request","parameters":["0123456789abcdef0123456789abcdef", 3],"badRequestDetail":{"fields":[{"field":"serviceKey","description":"must be 32 hex"}]}}"#;
        let err = parse(OpKind::Create, 400, body).unwrap_err();
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            json!({
                "kind": "api_error", "status": 400, "error": 400,
                "errorCode": "INVALID_PAGER_DUTY_SERVICE_KEY",
                "detail": "Key <redacted> is invalid.", "reason": "Bad Request",
                "parameters": ["<redacted>", 3],
                "badRequestDetail": [{"field": "serviceKey", "description": "must be 32 hex"}]
            })
        );
        assert_eq!(err.message(), "Key <redacted> is invalid.");
    }

    #[test]
    fn minimal_api_error() {
        let err = parse(OpKind::List, 500, r#"{"errorCode":"UNEXPECTED_ERROR"}"#).unwrap_err();
        assert_eq!(err.code(), "UNEXPECTED_ERROR");
        assert_eq!(err.message(), "UNEXPECTED_ERROR");
    }

    #[test]
    fn service_account_rate_limit() {
        let err = parse(
            OpKind::List,
            429,
            r#"{"error":"rate_limited","error_description":"Too many requests."}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            Failure::OauthError {
                status: 429,
                error: "rate_limited".into(),
                description: Some("Too many requests.".into())
            }
        );
        assert_eq!(err.code(), "RATE_LIMITED");
    }

    #[test]
    fn non_json_errors_give_a_short_clean_snippet() {
        let html = format!(
            "<html><head><title>502 Bad Gateway</title></head>\n<body>  <h1>Bad\tGateway</h1> token=CANARY0123456789CANARY0123456789 {}</body></html>",
            "x ".repeat(300)
        );
        let err = parse(OpKind::Get, 502, &html).unwrap_err();
        let Failure::HttpError {
            status: 502,
            snippet,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert!(
            snippet.starts_with("502 Bad Gateway Bad Gateway token=<redacted>"),
            "{snippet}"
        );
        assert!(!snippet.contains("CANARY"));
        assert!(snippet.chars().count() <= 201);
        assert!(snippet.ends_with('…'));
        assert_eq!(
            parse(OpKind::Get, 500, "").unwrap_err(),
            Failure::HttpError {
                status: 500,
                snippet: String::new()
            }
        );
        assert_eq!(
            parse(OpKind::Get, 500, r#"{"message":"x"}"#)
                .unwrap_err()
                .code(),
            "http_error"
        );
    }

    #[test]
    fn unexpected_2xx_bodies() {
        for (kind, body) in [
            (OpKind::Get, r#"{"id":"1","type":"PAGER"#),
            (OpKind::Get, "<html>hi</html>"),
            (OpKind::Get, ""),
            (OpKind::Get, r#"{"id":"1"}"#),
            (OpKind::Get, "[]"),
            (OpKind::List, r#"{"results":{}}"#),
            (OpKind::List, r#"{"results":[1]}"#),
            (OpKind::List, r#"{"results":[],"totalCount":-1}"#),
            (OpKind::List, r#"{"results":[],"links":[{"rel":"self"}]}"#),
            (OpKind::List, r#"{"results":[],"links":{}}"#),
            (OpKind::Create, "null"),
            (OpKind::Update, r#"{"results":[{"type":"SLACK"}"#),
        ] {
            let err = parse(kind, 200, body).unwrap_err();
            assert_eq!(err.code(), "unexpected_response", "{body}");
            assert_eq!(err.status(), 200);
        }
        assert_eq!(
            parse(OpKind::List, 302, "").unwrap_err().code(),
            "http_error"
        );
    }

    #[test]
    fn scrubbing() {
        assert_eq!(
            scrub("group 32b6e34b3d91647abb20e7b8 missing"),
            "group 32b6e34b3d91647abb20e7b8 missing"
        );
        assert_eq!(
            scrub("key xoxb-1234567890-abcdefghijklmnop!"),
            "key <redacted>!"
        );
        assert_eq!(
            scrub("INTEGRATION_ALREADY_CONFIGURED_FOR_THIS_GROUP"),
            "INTEGRATION_ALREADY_CONFIGURED_FOR_THIS_GROUP"
        );
    }

    #[test]
    fn scrub_threshold_is_25_key_characters_with_a_digit() {
        let k24 = format!("{}1", "a".repeat(23));
        let k25 = format!("{}1", "a".repeat(24));
        assert_eq!(scrub(&format!("x {k24} y")), format!("x {k24} y"));
        assert_eq!(scrub(&format!("x {k25} y")), "x <redacted> y");
        assert_eq!(scrub(&"a".repeat(40)), "a".repeat(40), "no digit: a word");
    }

    #[test]
    fn snippet_cut_is_200_characters_and_scrubs_before_cutting() {
        let exact = "a".repeat(200);
        assert_eq!(snippet(&exact), exact);
        let over = "b".repeat(201);
        assert_eq!(snippet(&over), format!("{}…", "b".repeat(200)));
        // A 30-character key straddling the cut: scrubbed whole, never half shown.
        let key = format!("{}9", "k".repeat(29));
        let body = format!("{} {key} tail", "x".repeat(185));
        let cut = snippet(&body);
        assert!(!cut.contains("kkkkkkkk"), "{cut}");
        // Tags and runs of white space inside a key do not hide it from the scrub.
        assert_eq!(snippet("<p>key <redacted> end</p>"), "key <redacted> end");
        // A `>` outside a tag is text.
        assert_eq!(snippet("1 > 0 and a>b"), "1 > 0 and a>b");
        // A redaction mark and the collapsed spaces count towards the 200 characters.
        let marked = snippet(&format!("{}{}", crate::secrets::REDACTED, "b".repeat(195)));
        assert_eq!(
            marked,
            format!("{}{}…", crate::secrets::REDACTED, "b".repeat(190))
        );
        let spaced = snippet(&"a ".repeat(150));
        assert_eq!(spaced, format!("{}…", "a ".repeat(100)));
    }

    #[test]
    fn parse_scrubbed_covers_codes_keys_and_escapes() {
        let secret = "s3cr/et\\\"quoted";
        let mut known = crate::secrets::Secrets::default();
        known.add(secret);
        let escaped = serde_json::to_string(secret).unwrap();
        let body = format!(
            r#"{{"errorCode":{escaped},"detail":"d {}","parameters":[{{{escaped}:1}}],"reason":"r"}}"#,
            &escaped[1..escaped.len() - 1]
        );
        let f = |t: &str| known.scrub(t);
        let err = parse_scrubbed(OpKind::Get, 400, &body, &f).unwrap_err();
        let shown = serde_json::to_string(&err).unwrap();
        assert!(!shown.contains("s3cr"), "{shown}");
        assert_eq!(err.code(), "<redacted>");
        // \u escapes only show after parsing: the second pass catches them.
        let body = r#"{"errorCode":"X","detail":"\u0073\u0033cr/et\\\"quoted"}"#;
        let err = parse_scrubbed(OpKind::Get, 400, body, &f).unwrap_err();
        assert!(!serde_json::to_string(&err).unwrap().contains("s3cr"));
        // A success is untouched.
        let ok = parse_scrubbed(OpKind::Get, 200, r#"{"type":"SLACK","x":"s3cr/et"}"#, &f);
        assert!(ok.is_ok());
    }

    #[test]
    fn redirect_origins_show_no_path_query_or_user() {
        let req = "https://cloud.mongodb.com/api/atlas/v2/groups/x";
        assert_eq!(
            redirect_origin(
                Some("https://u:p4ss@Evil.example:8443/steal?token=abc"),
                req
            )
            .as_deref(),
            Some("https://evil.example:8443")
        );
        assert_eq!(
            redirect_origin(Some("/elsewhere?k=v"), req).as_deref(),
            Some("https://cloud.mongodb.com")
        );
        assert_eq!(
            redirect_origin(None, req),
            None,
            "an opaque redirect hides it"
        );
        assert_eq!(redirect_origin(Some("javascript://x"), req), None);
        assert_eq!(redirect_origin(Some("http://<b>/"), req), None);
    }

    #[test]
    fn retry_after() {
        assert_eq!(parse_retry_after("120", 0), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", 5), Some(0));
        let at = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at - 5_000),
            Some(5_000)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + 1),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("Tue, 29 Feb 2028 23:59:59 GMT", 0),
            Some(1_835_481_599_000)
        );
        // A leap second is a valid IMF-fixdate second.
        assert_eq!(
            parse_retry_after("Tue, 29 Feb 2028 23:59:60 GMT", 0),
            Some(1_835_481_600_000)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(body in "\\PC*", status in any::<u16>(), k in 0usize..5, now in any::<u64>()) {
            let kind = OpKind::ALL.get(k).copied().unwrap_or(OpKind::List);
            let _ = parse(kind, status, &body);
            let _ = parse_retry_after(&body, now);
            let _ = snippet(&body);
        }

        #[test]
        fn jsonish_never_panics(body in "[\\[\\]{}\",:0-9a-z ]{0,60}", status in 100u16..600) {
            let _ = parse(OpKind::Get, status, &body);
            let _ = parse(OpKind::List, status, &body);
        }
    }
}
