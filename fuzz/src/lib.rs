//! Shared helpers of the fuzz targets: splitting raw input, a structured JSON generator
//! biased towards the catalogue's names and values, and the invariants every target checks
//! besides "does not panic".

use atlas_integrations::catalogue::{self, Kind, TYPES};
use atlas_integrations::flavour::Flavour;
use atlas_integrations::issue::Issue;
use atlas_integrations::request::Request;
use atlas_integrations::url::Target;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use serde_json::{Map, Number, Value};

/// A character no message template contains: the structured targets put it into secret
/// values only, so finding it in an issue message or a preview means a secret leaked.
pub const SECRET_MARK: char = '\u{E000}';

/// JS input crosses the boundary as JSON text and serde_json refuses nesting deeper than
/// 128, so deeper values cannot reach the core from JS; structured values stop at this depth.
pub const MAX_DEPTH: usize = 120;

/// Splits `data` at its first `parts - 1` zero bytes (the last part keeps any further zeros).
pub fn split(data: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(parts);
    let mut rest = data;
    while out.len() + 1 < parts {
        match rest.iter().position(|&b| b == 0) {
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i + 1..];
            }
            None => break,
        }
    }
    out.push(rest);
    while out.len() < parts {
        out.push(&[]);
    }
    out
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn flavour(b: u8) -> Flavour {
    Flavour::ALL[usize::from(b) % Flavour::ALL.len()]
}

fn pick<T: Copy>(list: &[T], i: u16) -> Option<T> {
    (!list.is_empty()).then(|| list[usize::from(i) % list.len()])
}

/// Every field name of the catalogue, then the operation's own keys.
pub fn known_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = TYPES
        .iter()
        .flat_map(|t| t.fields.iter().map(|f| f.name))
        .collect();
    keys.extend([
        "type",
        "id",
        "op",
        "groupId",
        "integrationType",
        "body",
        "query",
        "pageNum",
        "itemsPerPage",
        "includeCount",
        "pretty",
        "envelope",
        "results",
        "totalCount",
        "links",
        "error",
        "errorCode",
        "detail",
        "status",
        "content",
    ]);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Strings that mean something to the validator: type names, enum options, op names.
pub fn known_strings() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = TYPES.iter().map(|t| t.name).collect();
    for t in TYPES {
        for f in t.fields {
            if let Kind::Enum(options) = f.kind {
                out.extend_from_slice(options);
            }
        }
    }
    out.extend([
        "list",
        "get",
        "create",
        "update",
        "delete",
        "0123456789abcdef01234567",
        "https://example.com/hook",
        "http://127.0.0.1:8080/x",
        "******abcd",
        "https://example.com/****",
        "localhost:9216",
        "/var/lib/x",
        "{\"a\": \"{{x}}\"}",
        "..",
        "../..",
        "%2e%2e",
        "a/b",
        "?x=1#y",
        "",
    ]);
    out
}

/// A JSON value the fuzzer builds structurally.
#[derive(Arbitrary, Debug)]
pub enum J {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(S),
    Arr(Vec<J>),
    Obj(Vec<(K, J)>),
}

#[derive(Arbitrary, Debug)]
pub enum S {
    Known(u16),
    Lit(String),
    /// A known string with arbitrary text around it.
    Around(String, u16, String),
    /// `n` copies of a character (long values, length limits).
    Repeat(char, u16),
}

#[derive(Arbitrary, Debug)]
pub enum K {
    Known(u16),
    Lit(String),
}

pub struct Names {
    keys: Vec<&'static str>,
    strings: Vec<&'static str>,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            keys: known_keys(),
            strings: known_strings(),
        }
    }
}

impl Names {
    fn string(&self, s: &S) -> String {
        let out = match s {
            S::Known(i) => pick(&self.strings, *i).unwrap_or("").to_owned(),
            S::Lit(t) => t.clone(),
            S::Around(a, i, b) => format!("{a}{}{b}", pick(&self.strings, *i).unwrap_or("")),
            S::Repeat(c, n) => std::iter::repeat(*c).take(usize::from(*n) % 5000).collect(),
        };
        out.replace(SECRET_MARK, "")
    }

    fn key(&self, k: &K) -> String {
        match k {
            K::Known(i) => pick(&self.keys, *i).unwrap_or("").to_owned(),
            K::Lit(t) => t.replace(SECRET_MARK, ""),
        }
    }

    /// The JSON value, cut at [`MAX_DEPTH`]. No string or key holds [`SECRET_MARK`].
    pub fn value(&self, j: &J) -> Value {
        self.value_at(j, 0)
    }

    fn value_at(&self, j: &J, depth: usize) -> Value {
        if depth >= MAX_DEPTH {
            return Value::Null;
        }
        match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Int(i) => Value::from(*i),
            J::Uint(u) => Value::from(*u),
            J::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            J::Str(s) => Value::String(self.string(s)),
            J::Arr(items) => Value::Array(items.iter().map(|v| self.value_at(v, depth + 1)).collect()),
            J::Obj(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (self.key(k), self.value_at(v, depth + 1)))
                    .collect(),
            ),
        }
    }
}

/// Marks the string values of the secret fields of `body` (for the type its `type` names)
/// with [`SECRET_MARK`]; returns how many it marked.
pub fn mark_secrets(body: &mut Value) -> usize {
    let Some(map) = body.as_object_mut() else {
        return 0;
    };
    let Some(def) = map
        .get("type")
        .and_then(Value::as_str)
        .and_then(catalogue::find)
    else {
        return 0;
    };
    let mut marked = 0;
    for (k, v) in map.iter_mut() {
        if def.field(k).is_some_and(|f| f.secret.is_some()) {
            if let Value::String(s) = v {
                s.insert(0, SECRET_MARK);
                marked += 1;
            }
        }
    }
    marked
}

/// No issue may quote a marked secret.
pub fn assert_no_secret_in_issues(issues: &[Issue], context: &str) {
    for i in issues {
        assert!(
            !i.message.contains(SECRET_MARK) && !i.path.contains(SECRET_MARK),
            "{context}: issue {:?} at {:?} quotes a secret value: {:?}",
            i.code,
            i.path,
            i.message
        );
    }
}

/// What a built request must look like, whatever the input: the URL is the base, the
/// flavour's prefix, `/groups/<24 hex>/integrations[/<TYPE>]` and an optional query, with
/// no segment that could move the path (`.`, `..`, an encoded slash is fine: it is data);
/// no header holds a line break; a body is a JSON object.
pub fn assert_request_shape(req: &Request, target: &Target) {
    let prefix = format!(
        "{}{}/groups/",
        target.base_url(),
        target.flavour().path_prefix()
    );
    assert!(
        req.url.starts_with(&prefix),
        "url {:?} does not start with {:?}",
        req.url,
        prefix
    );
    let rest = &req.url[prefix.len()..];
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    assert!(!req.url.contains('#'), "url {:?} has a fragment", req.url);
    let segments: Vec<&str> = path.split('/').collect();
    assert!(
        (2..=3).contains(&segments.len()),
        "path {path:?} has {} segments",
        segments.len()
    );
    assert!(
        segments[0].len() == 24
            && segments[0]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "group id segment {:?}",
        segments[0]
    );
    assert_eq!(segments[1], "integrations");
    if let Some(t) = segments.get(2) {
        assert!(
            catalogue::find(t).is_some(),
            "type segment {t:?} is not a catalogue type"
        );
    }
    for s in &segments {
        assert!(*s != "." && *s != ".." && !s.is_empty(), "segment {s:?}");
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        assert!(
            ["pageNum", "itemsPerPage", "includeCount", "pretty", "envelope"].contains(&name),
            "query parameter {name:?}"
        );
        assert!(
            value.bytes().all(|b| b.is_ascii_alphanumeric()),
            "query value {value:?}"
        );
    }
    for (name, value) in &req.headers {
        assert!(
            !value.contains(['\r', '\n', '\0']) && !name.contains(['\r', '\n', '\0', ':']),
            "header {name:?}"
        );
    }
    match (req.method, &req.body) {
        ("POST" | "PUT", Some(body)) => assert!(
            serde_json::from_str::<Value>(body).is_ok_and(|v| v.is_object()),
            "body is not a JSON object"
        ),
        ("GET" | "DELETE", None) => {}
        (m, b) => panic!("method {m} with body present = {}", b.is_some()),
    }
}

/// An operation `{op, groupId, integrationType?, body?, query?}` around `body`, picked by `sel`.
pub fn operation_around(sel: u8, body: Value, extra: Option<Value>) -> Value {
    let ops = ["list", "get", "create", "update", "delete"];
    let mut map = Map::new();
    map.insert("op".into(), Value::from(ops[usize::from(sel) % ops.len()]));
    map.insert("groupId".into(), Value::from("0123456789abcdef01234567"));
    if sel & 0x08 != 0 {
        if let Some(t) = body.get("type").cloned() {
            map.insert("integrationType".into(), t);
        }
    }
    if sel & 0x10 != 0 {
        if let Some(q) = extra {
            map.insert("query".into(), q);
        }
    }
    if sel & 0x20 == 0 {
        map.insert("body".into(), body);
    }
    Value::Object(map)
}
