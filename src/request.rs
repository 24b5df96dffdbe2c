//! Building a request: a checked operation plus a target become a transport-free
//! `{method, url, headers, body}` that tests compare as JSON and the client sends as is.
//!
//! Authorization is not added here: the client owns the token or Digest session, so a
//! built request can be logged, previewed or snapshotted without holding a credential.

use crate::flavour::Flavour;
use crate::issue::{has_errors, Issue};
use crate::operation::{Operation, Query};
use crate::url::{encode_component, Target};
use crate::validate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// A request ready to send, without credentials.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
// `BuiltRequest` in TypeScript, where `Request` is the Fetch API's; `body` is `null`, not
// left out, when there is none.
#[cfg_attr(
    target_arch = "wasm32",
    tsify(rename = "BuiltRequest", missing_as_null)
)]
pub struct Request {
    /// The HTTP method of the operation (create POST, update PUT, delete DELETE, else GET).
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"GET\" | \"POST\" | \"PUT\" | \"DELETE\"")
    )]
    pub method: &'static str,
    /// The absolute URL: base URL, the path of the flavour, project, integration type, query.
    pub url: String,
    /// `Accept` (the media type of the flavour) and, with a body, `Content-Type`; never
    /// credentials. In sending order; names as written here (`Accept`, `Content-Type`).
    #[serde(serialize_with = "headers_as_map")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub headers: Vec<(String, String)>,
    /// JSON text, or `null` for list, get and delete.
    pub body: Option<String>,
}

impl Request {
    /// The first header with this name, compared case-insensitively as HTTP does.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing any of the same name (used by the client for Authorization).
    pub fn set_header(&mut self, name: &str, value: String) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value));
    }
}

/// Bodies hold secrets and an Authorization header holds a credential: Debug shows
/// neither, only their size or scheme, so a logged request never leaks one.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), redact_header(n, v)))
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .finish()
    }
}

/// A header value fit for display: credentials keep their scheme word only.
pub(crate) fn redact_header(name: &str, value: &str) -> String {
    let sensitive = [
        "authorization",
        "proxy-authorization",
        "cookie",
        "x-api-key",
    ]
    .iter()
    .any(|s| name.eq_ignore_ascii_case(s));
    if !sensitive {
        return value.to_owned();
    }
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} <redacted>"),
        None => "<redacted>".to_owned(),
    }
}

fn headers_as_map<S: Serializer>(headers: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(headers.len()))?;
    for (name, value) in headers {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// Builds the request for a checked operation. Infallible: everything that could be wrong
/// was refused when the operation and the target were made.
pub fn build(op: &Operation, target: &Target) -> Request {
    let flavour = target.flavour();
    let url = url(op, op.group_id(), target);
    let body = op
        .body()
        .filter(|_| op.kind().has_body())
        // A map of JSON values always serialises (string keys, written to memory).
        .map(|map| serde_json::to_string(map).unwrap_or_default());
    Request {
        method: op.kind().method(),
        url,
        headers: headers(flavour, body.is_some()),
        body,
    }
}

/// The URL of `op` for the project `group_id` (a checked id): the same operation sent to
/// another project differs from it in this URL only.
pub fn url(op: &Operation, group_id: &str, target: &Target) -> String {
    let mut url = target.integrations_url(group_id, op.integration_type().map(|t| t.name));
    url.push_str(&query_string(op.query()));
    url
}

/// Validates a JSON operation `{op, groupId, integrationType?, body?, query?}` for the
/// target's flavour and builds it. Warnings do not block.
///
/// # Errors
/// Every issue found (errors and warnings alike) when any of them is an error.
pub fn build_from_json(op: &Value, target: &Target) -> Result<Request, Vec<Issue>> {
    build_checked(op, target).map(|(_, request)| request)
}

/// [`build_from_json`], with the checked operation the request was built from (its URL for
/// another project is [`url`] of it).
///
/// # Errors
/// Those of [`build_from_json`].
pub fn build_checked(op: &Value, target: &Target) -> Result<(Operation, Request), Vec<Issue>> {
    let checked = validate::operation(op, target.flavour());
    match checked.operation {
        Some(operation) if !has_errors(&checked.issues) => {
            let request = build(&operation, target);
            Ok((operation, request))
        }
        _ => Err(checked.issues),
    }
}

/// Operations already validated and built, so that the same operation sent again or to
/// another project (a bulk run applies one body to thousands) is not validated and
/// serialised again: only its project id is checked, exactly as `validate::operation`
/// checks it, and its URL rebuilt.
///
/// Exact by construction: an operation is reused only when every field but `groupId` is
/// equal as JSON, and `validate::operation` judges the project id on its own (no other
/// check reads it, and it reads no other field). Only successful builds are kept, so a
/// new project id that has an error takes the full path and reports every issue.
#[derive(Debug, Default)]
pub struct BuildCache {
    entries: Vec<Cached>,
    /// The entry the next new operation replaces (the oldest).
    next: usize,
}

struct Cached {
    target: Target,
    /// The operation as given (its `groupId` is ignored when comparing).
    op: Value,
    /// What the URL needs: the operation with its body left out.
    shape: Operation,
    request: Request,
}

impl BuildCache {
    /// Entries kept: a bulk `apply` alternates a get and a write, `upsert` a create and
    /// sometimes an update.
    const SIZE: usize = 4;
    /// Larger bodies are not kept (wasm memory never shrinks; such bodies are rare). Nor
    /// are operations without a body: checking those is about as cheap as a lookup.
    const MAX_BODY: usize = 16 * 1024;

    /// [`build_from_json`], remembering successful builds.
    ///
    /// # Errors
    /// Exactly those of [`build_from_json`].
    pub fn build(&mut self, op: &Value, target: &Target) -> Result<Request, Vec<Issue>> {
        if let Some(request) = self.reuse(op, target) {
            return Ok(request);
        }
        let checked = validate::operation(op, target.flavour());
        match checked.operation {
            Some(operation) if !has_errors(&checked.issues) => {
                let request = build(&operation, target);
                if request
                    .body
                    .as_ref()
                    .is_some_and(|b| b.len() <= Self::MAX_BODY)
                {
                    self.keep(Cached {
                        target: target.clone(),
                        op: op.clone(),
                        shape: Operation {
                            body: None,
                            ..operation
                        },
                        request: request.clone(),
                    });
                }
                Ok(request)
            }
            _ => Err(checked.issues),
        }
    }

    fn keep(&mut self, entry: Cached) {
        if self.entries.len() < Self::SIZE {
            self.entries.push(entry);
        } else if let Some(slot) = self.entries.get_mut(self.next) {
            *slot = entry;
        }
        self.next = (self.next + 1) % Self::SIZE;
    }

    fn reuse(&self, op: &Value, target: &Target) -> Option<Request> {
        op.get("body")?;
        let group_id = op.get("groupId")?.as_str()?;
        let cached = self
            .entries
            .iter()
            .find(|c| c.target == *target && same_but_group_id(&c.op, op))?;
        if !validate::group_id_is_valid(group_id) {
            return None;
        }
        Some(Request {
            url: url(&cached.shape, group_id, target),
            ..cached.request.clone()
        })
    }
}

/// The operation as given holds the body's secrets: Debug shows only the request (whose
/// Debug hides the body) and the checked operation (whose Debug shows the body's keys).
impl fmt::Debug for Cached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cached")
            .field("target", &self.target)
            .field("shape", &self.shape)
            .field("request", &self.request)
            .finish()
    }
}

/// Whether two operations have the same fields, equal as JSON, apart from `groupId`.
fn same_but_group_id(a: &Value, b: &Value) -> bool {
    match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => {
            a.len() == b.len()
                && a.contains_key("groupId") == b.contains_key("groupId")
                && a.iter().all(|(k, v)| k == "groupId" || b.get(k) == Some(v))
        }
        _ => false,
    }
}

fn headers(flavour: Flavour, has_body: bool) -> Vec<(String, String)> {
    let media = flavour.media_type().to_owned();
    let mut headers = vec![("Accept".to_owned(), media.clone())];
    if has_body {
        headers.push(("Content-Type".to_owned(), media));
    }
    headers
}

/// `?pageNum=…&itemsPerPage=…&includeCount=…&pretty=…&envelope=…&backupJobsEnabledOnly=…`, in that fixed order and
/// only for the parameters that are set; empty when none is.
pub fn query_string(q: &Query) -> String {
    let pairs: [(&str, Option<String>); 6] = [
        ("pageNum", q.page_num.map(|n| n.to_string())),
        ("itemsPerPage", q.items_per_page.map(|n| n.to_string())),
        ("includeCount", q.include_count.map(|b| b.to_string())),
        ("pretty", q.pretty.map(|b| b.to_string())),
        ("envelope", q.envelope.map(|b| b.to_string())),
        (
            "backupJobsEnabledOnly",
            q.backup_jobs_enabled_only.map(|b| b.to_string()),
        ),
    ];
    let mut out = String::new();
    for (name, value) in pairs {
        if let Some(v) = value {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(name);
            out.push('=');
            out.push_str(&encode_component(&v));
        }
    }
    out
}

/// Operations made directly, for unit tests that must not depend on the validator.
#[cfg(test)]
pub(crate) mod test_ops {
    use crate::catalogue;
    use crate::operation::{OpKind, Operation, Query};
    use serde_json::Value;

    pub const GROUP: &str = "32b6e34b3d91647abb20e7b8";

    /// An operation on `type_name` (must be in the catalogue unless `kind` is list).
    pub fn op(
        kind: OpKind,
        type_name: Option<&str>,
        body: Option<Value>,
        query: Query,
    ) -> Operation {
        Operation {
            kind,
            group_id: GROUP.to_owned(),
            integration_type: type_name.map(|n| catalogue::find(n).expect("type in catalogue")),
            body: body.map(|b| b.as_object().expect("object body").clone()),
            query,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_ops::{op, GROUP};
    use super::*;
    use crate::operation::OpKind;
    use serde_json::json;

    fn atlas() -> Target {
        Target::default_for(Flavour::AtlasV2).unwrap()
    }

    #[test]
    fn debug_of_operation_checked_and_cache_never_shows_a_secret() {
        let key = "0123456789abcdef0123456789abcdef";
        let op = json!({"op": "create", "groupId": GROUP,
                        "body": {"type": "PAGER_DUTY", "serviceKey": key}});
        let (checked_op, request) = build_checked(&op, &atlas()).unwrap();
        let checked = validate::operation(&op, Flavour::AtlasV2);
        let mut cache = BuildCache::default();
        cache.build(&op, &atlas()).unwrap();
        let mut secrets = crate::secrets::Secrets::default();
        secrets.add(key);
        for shown in [
            format!("{checked_op:?}"),
            format!("{request:?}"),
            format!("{checked:?}"),
            format!("{cache:?}"),
            format!("{secrets:?}"),
        ] {
            assert!(!shown.contains(key), "{shown}");
        }
        assert!(format!("{checked_op:?}").contains("serviceKey"));
    }

    #[test]
    fn list_atlas_v2_as_json() {
        let req = build(&op(OpKind::List, None, None, Query::default()), &atlas());
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({
                "method": "GET",
                "url": format!("https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/integrations"),
                "headers": {"Accept": "application/vnd.atlas.2023-01-01+json"},
                "body": null
            })
        );
    }

    #[test]
    fn create_carries_body_and_content_type() {
        let body = json!({"type": "PAGER_DUTY", "serviceKey": "0123456789abcdef0123456789abcdef", "region": "EU"});
        let target = Target::new(
            Flavour::OpsManager,
            Some("https://om.example.com:8443"),
            false,
        )
        .unwrap();
        let req = build(
            &op(
                OpKind::Create,
                Some("PAGER_DUTY"),
                Some(body.clone()),
                Query::default(),
            ),
            &target,
        );
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.url,
            format!("https://om.example.com:8443/api/public/v1.0/groups/{GROUP}/integrations/PAGER_DUTY")
        );
        assert_eq!(req.header("accept"), Some("application/json"));
        assert_eq!(req.header("CONTENT-TYPE"), Some("application/json"));
        let sent: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(sent, body);
        assert!(req.header("Authorization").is_none());
    }

    #[test]
    fn query_in_fixed_order_only_when_set() {
        let q = Query {
            envelope: Some(true),
            pretty: Some(false),
            items_per_page: Some(500),
            page_num: Some(2),
            include_count: Some(false),
            backup_jobs_enabled_only: Some(true),
        };
        assert_eq!(
            query_string(&q),
            "?pageNum=2&itemsPerPage=500&includeCount=false&pretty=false&envelope=true\
             &backupJobsEnabledOnly=true"
        );
        assert_eq!(query_string(&Query::default()), "");
        let only = Query {
            envelope: Some(true),
            ..Query::default()
        };
        let req = build(
            &op(OpKind::Delete, Some("PAGER_DUTY"), None, only),
            &atlas(),
        );
        assert!(
            req.url.ends_with("/integrations/PAGER_DUTY?envelope=true"),
            "{}",
            req.url
        );
        assert_eq!(req.method, "DELETE");
        assert_eq!(req.body, None);
        assert_eq!(req.headers.len(), 1);
    }

    #[test]
    fn debug_hides_body_and_credentials() {
        let body = json!({"type": "PAGER_DUTY", "serviceKey": "CANARYCANARYCANARY"});
        let mut req = build(
            &op(
                OpKind::Update,
                Some("PAGER_DUTY"),
                Some(body),
                Query::default(),
            ),
            &atlas(),
        );
        req.set_header("Authorization", "Bearer CANARY-TOKEN".to_owned());
        let debug = format!("{req:?}");
        assert!(!debug.contains("CANARY"), "{debug}");
        assert!(debug.contains("Bearer <redacted>"));
        req.set_header("authorization", "Bearer other".to_owned());
        assert_eq!(
            req.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                .count(),
            1
        );
    }

    /// The cache must answer exactly as `build_from_json` for every operation, in any order:
    /// repeats, other projects, bad project ids, other bodies, queries, evictions, targets.
    #[test]
    fn build_cache_answers_exactly_as_build_from_json() {
        let other = Target::new(Flavour::AtlasV2, Some("http://127.0.0.1:8080/x"), false).unwrap();
        let cm = Target::default_for(Flavour::CloudManager).unwrap();
        let slack = json!({"type": "SLACK", "apiToken": "xoxb-1234-abcd", "channelName": "c", "teamName": "t"});
        let datadog = json!({"type": "DATADOG", "apiKey": "0123456789abcdef0123456789abcdef", "region": "EU"});
        let ids = [
            GROUP,
            "0123456789abcdef01234567",
            "0123456789ABCDEF01234567",
            "0123456789abcdef0123456",
            "",
            "0123456789abcdef0123456g",
        ];
        let mut ops = Vec::new();
        for id in ids {
            ops.push(json!({"op": "get", "groupId": id, "integrationType": "SLACK"}));
            ops.push(json!({"op": "delete", "groupId": id, "integrationType": "SLACK", "query": {"pretty": true}}));
            ops.push(
                json!({"op": "list", "groupId": id, "query": {"pageNum": 2, "itemsPerPage": 10}}),
            );
            ops.push(json!({"op": "create", "groupId": id, "integrationType": "DATADOG", "body": datadog}));
            ops.push(
                json!({"op": "update", "groupId": id, "integrationType": "SLACK", "body": slack}),
            );
            ops.push(json!({"op": "create", "groupId": id, "integrationType": "SLACK", "body": {"type": "SLACK"}}));
        }
        ops.push(json!({"op": "get", "groupId": 12, "integrationType": "SLACK"}));
        ops.push(json!({"op": "get", "integrationType": "SLACK"}));
        ops.push(json!({"op": "get", "groupId": GROUP, "integrationType": "SLACK", "extra": 1}));
        ops.push(json!({"op": "get", "groupId": GROUP, "integrationType": "HIP_CHAT"}));
        ops.push(json!("not an operation"));
        assert_eq!(ops.len(), 41);
        let mut cache = BuildCache::default();
        for round in 0..3 {
            for target in [atlas(), other.clone(), cm.clone()] {
                for i in 0..ops.len() {
                    // Every round visits the operations in another order (41 is prime).
                    let op = &ops[(i * (round * 7 + 1)) % ops.len()];
                    let want = build_from_json(op, &target);
                    let got = cache.build(op, &target);
                    assert_eq!(got, want, "{op} on {target:?}");
                }
            }
        }
        // And it does reuse: the same body for another project is not validated again.
        let mut cache = BuildCache::default();
        let first = json!({"op": "create", "groupId": GROUP, "body": datadog});
        let second =
            json!({"op": "create", "groupId": "0123456789abcdef01234567", "body": datadog});
        assert!(cache.build(&first, &atlas()).is_ok());
        assert_eq!(
            cache.reuse(&second, &atlas()),
            build_from_json(&second, &atlas()).ok()
        );
        assert!(cache.reuse(&second, &other).is_none());
    }
}
