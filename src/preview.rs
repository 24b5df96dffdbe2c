//! A built request as a `curl` command line, for people to read, copy into a ticket or run
//! after filling in the credentials themselves.
//!
//! A preview is shown and pasted in places no secret belongs, so every credential and every
//! secret body field is replaced by `<redacted>`: the catalogue's secret fields, and any
//! field whose name looks secret, because a wrongly shown secret costs far more than a
//! wrongly hidden value.

use crate::catalogue::{self, TypeDef};
use crate::request::{redact_header, Request};
use serde::Deserialize;
use serde_json::{Map, Value};

const REDACTED: &str = "<redacted>";

/// How the client will authenticate, so the preview can show where credentials go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum PreviewAuth {
    /// No credentials (the request already carries what it needs, or none).
    #[default]
    None,
    /// A service-account token: `Authorization: Bearer <redacted>`.
    Bearer,
    /// An API key pair: the public key is an identifier and is shown; the private key is not.
    Digest { public_key: String },
}

/// The request as `curl` arguments, one per line, each value shell-quoted.
pub fn curl(request: &Request, auth: &PreviewAuth) -> String {
    let mut args = vec![
        format!("curl --request {}", shell_quote(request.method)),
        shell_quote(&request.url),
    ];
    match auth {
        PreviewAuth::None => {}
        PreviewAuth::Bearer => args.push(format!(
            "--header {}",
            shell_quote(&format!("Authorization: Bearer {REDACTED}"))
        )),
        PreviewAuth::Digest { public_key } => args.push(format!(
            "--digest --user {}",
            shell_quote(&format!("{public_key}:{REDACTED}"))
        )),
    }
    for (name, value) in &request.headers {
        let shown = redact_header(name, value);
        args.push(format!(
            "--header {}",
            shell_quote(&format!("{name}: {shown}"))
        ));
    }
    if let Some(body) = &request.body {
        args.push(format!("--data {}", shell_quote(&redact_body(body))));
    }
    args.join(" \\\n  ")
}

/// POSIX single quoting: `'…'`, with each embedded `'` written as `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The body with secrets replaced. Bodies that are not JSON objects (never built by this
/// crate, but a preview must not leak whatever it is given) are hidden entirely unless
/// they are form bodies without a secret-looking name.
pub fn redact_body(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => {
            let def = map
                .get("type")
                .and_then(Value::as_str)
                .and_then(catalogue::find);
            serde_json::to_string(&redact_object(map, def)).unwrap_or_default()
        }
        // Other JSON (an array, a string) is no form body, whatever `=` it may hold.
        Ok(_) => REDACTED.to_owned(),
        _ if is_plain_form(body) => body.to_owned(),
        _ => REDACTED.to_owned(),
    }
}

/// `grant_type=client_credentials`-style bodies whose names and values look harmless.
fn is_plain_form(body: &str) -> bool {
    !body.is_empty()
        && body.split('&').all(|pair| {
            pair.split_once('=')
                .is_some_and(|(name, _)| !looks_secret(name) && !name.is_empty())
        })
}

/// Redacts in place (keys and order kept): no second map is built, and no `collect` into
/// a map, which would compile in a sort of its own.
fn redact_object(mut map: Map<String, Value>, def: Option<&TypeDef>) -> Map<String, Value> {
    for (key, value) in map.iter_mut() {
        if value.is_null() {
            continue;
        }
        let catalogue_secret = def
            .and_then(|d| d.field(key))
            .is_some_and(|f| f.secret.is_some());
        *value = if catalogue_secret || looks_secret(key) {
            Value::String(REDACTED.to_owned())
        } else {
            redact_nested(std::mem::take(value))
        };
    }
    map
}

/// Integration bodies are flat; anything nested is unknown and judged by name alone.
fn redact_nested(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(redact_object(map, None)),
        Value::Array(items) => Value::Array(items.into_iter().map(redact_nested).collect()),
        other => other,
    }
}

/// Names that usually hold credentials. `header` is included because header templates
/// commonly carry an `Authorization` value for the receiving service.
fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "auth",
        "credential",
        "header",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flavour::Flavour;
    use crate::operation::{OpKind, Query};
    use crate::request::build;
    use crate::request::test_ops::{op, GROUP};
    use crate::url::Target;
    use serde_json::json;

    #[test]
    fn json_that_is_not_an_object_is_hidden_even_with_an_equals_sign() {
        let key = "0123456789abcdef0123456789abcdef";
        for body in [
            format!(r#"[{{"a":"=","serviceKey":"{key}"}}]"#),
            format!(r#""x={key}""#),
        ] {
            assert_eq!(redact_body(&body), REDACTED, "{body}");
        }
        assert_eq!(
            redact_body("grant_type=client_credentials"),
            "grant_type=client_credentials"
        );
    }

    fn preview(kind: OpKind, body: Value, auth: &PreviewAuth) -> String {
        let t = body["type"].as_str().map(str::to_owned);
        let target = Target::default_for(Flavour::AtlasV2).unwrap();
        let req = build(
            &op(kind, t.as_deref(), Some(body), Query::default()),
            &target,
        );
        curl(&req, auth)
    }

    #[test]
    fn bearer_preview_in_full() {
        let body = json!({"type": "PAGER_DUTY", "serviceKey": "CANARY0123456789abcdef0123456789", "region": "EU"});
        let out = preview(OpKind::Create, body, &PreviewAuth::Bearer);
        assert_eq!(
            out,
            format!(
                "curl --request 'POST' \\\n  'https://cloud.mongodb.com/api/atlas/v2/groups/{GROUP}/integrations/PAGER_DUTY' \\\n  \
                 --header 'Authorization: Bearer <redacted>' \\\n  \
                 --header 'Accept: application/vnd.atlas.2023-01-01+json' \\\n  \
                 --header 'Content-Type: application/vnd.atlas.2023-01-01+json' \\\n  \
                 --data '{{\"region\":\"EU\",\"serviceKey\":\"<redacted>\",\"type\":\"PAGER_DUTY\"}}'"
            )
        );
    }

    #[test]
    fn digest_shows_public_key_only() {
        let body = json!({"type": "WEBHOOK", "url": "https://hooks.example.com/CANARY-URL", "secret": "CANARY-SECRET"});
        let auth = PreviewAuth::Digest {
            public_key: "abcdefgh".into(),
        };
        let out = preview(OpKind::Update, body, &auth);
        assert!(
            out.contains("--digest --user 'abcdefgh:<redacted>'"),
            "{out}"
        );
        assert!(!out.contains("CANARY"), "{out}");
    }

    #[test]
    fn every_catalogue_secret_is_redacted() {
        for def in catalogue::TYPES {
            let mut body = json!({"type": def.name});
            for f in def.fields.iter().filter(|f| f.secret.is_some()) {
                body[f.name] = json!(format!("CANARY-{}", f.name));
            }
            let out = redact_body(&body.to_string());
            assert!(!out.contains("CANARY"), "{}: {out}", def.name);
        }
    }

    #[test]
    fn secret_looking_names_are_redacted_even_when_unknown() {
        let body = json!({
            "type": "SOMETHING_NEW", "apiKey": "CANARY1", "writeToken": "CANARY2",
            "nested": {"password": "CANARY3", "list": [{"clientSecret": "CANARY4"}]},
            "headersTemplate": "{\"Authorization\":\"CANARY5\"}", "room": "ops"
        });
        let out = redact_body(&body.to_string());
        assert!(!out.contains("CANARY"), "{out}");
        assert!(out.contains(r#""room":"ops""#));
        let nr = json!({"type": "NEW_RELIC", "accountId": "acc", "licenseKey": "CANARY", "readToken": "CANARY"});
        assert!(!redact_body(&nr.to_string()).contains("CANARY"));
    }

    #[test]
    fn odd_bodies_are_hidden_or_harmless() {
        assert_eq!(redact_body("not json CANARY"), "<redacted>");
        assert_eq!(redact_body("[\"CANARY\"]"), "<redacted>");
        assert_eq!(
            redact_body("grant_type=client_credentials"),
            "grant_type=client_credentials"
        );
        assert_eq!(redact_body("client_secret=CANARY"), "<redacted>");
        assert_eq!(redact_body("a=1&&b=2"), "<redacted>");
    }

    #[test]
    fn existing_credentials_in_headers_are_redacted() {
        let req = Request {
            method: "POST",
            url: "https://cloud.mongodb.com/api/oauth/token".into(),
            headers: vec![("Authorization".into(), "Basic Q0FOQVJZ".into())],
            body: Some("grant_type=client_credentials".into()),
        };
        let out = curl(&req, &PreviewAuth::None);
        assert!(out.contains("'Authorization: Basic <redacted>'"), "{out}");
        assert!(!out.contains("Q0FOQVJZ"));
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(
            shell_quote("$(rm -rf /) `x` \"y\""),
            "'$(rm -rf /) `x` \"y\"'"
        );
        let body =
            json!({"type": "SLACK", "apiToken": "t", "channelName": "it's $HOME", "teamName": "x"});
        let out = preview(OpKind::Update, body, &PreviewAuth::None);
        assert!(out.contains(r#""channelName":"it'\''s $HOME""#), "{out}");
    }

    #[test]
    fn auth_from_js() {
        let a: PreviewAuth =
            serde_json::from_value(json!({"kind": "digest", "publicKey": "pub"})).unwrap();
        assert_eq!(
            a,
            PreviewAuth::Digest {
                public_key: "pub".into()
            }
        );
        let b: PreviewAuth = serde_json::from_value(json!({"kind": "bearer"})).unwrap();
        assert_eq!(b, PreviewAuth::Bearer);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod prop {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        #[test]
        fn catalogue_secrets_never_survive(secret in "Z9[a-zA-Z0-9 '\"\\\\]{8,30}", t in 0usize..11) {
            let def = catalogue::TYPES.get(t % catalogue::TYPES.len()).copied();
            if let Some(def) = def {
                let mut body = json!({"type": def.name});
                for f in def.fields.iter().filter(|f| f.secret.is_some()) {
                    body[f.name] = json!(secret.clone());
                }
                let out = redact_body(&body.to_string());
                prop_assert!(!out.contains(&secret));
                prop_assert!(!out.contains("Z9"));
            }
        }

        #[test]
        fn never_panics(body in "\\PC*") {
            let _ = redact_body(&body);
        }
    }
}
