//! Reading `new AtlasClient(options)` into Rust, refusing anything ambiguous up front so
//! that a misconfigured client fails at construction, not at its first request.

use super::convert::{json_from_js, prop};
use super::errors;
use super::http::Credentials as RequestCredentials;
use crate::range::WholeRange;
use crate::retry::RetryPolicy;
use crate::url::Target;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the bearer token comes from, or which other scheme authenticates.
pub(crate) enum AuthConfig {
    /// No credentials (a same-origin proxy adds them).
    None,
    Token(String),
    /// Called before each request; may return a string or a promise of one.
    Provider(js_sys::Function),
    Digest {
        public_key: String,
        private_key: String,
    },
    ServiceAccount {
        client_id: String,
        client_secret: String,
    },
}

pub(crate) struct Config {
    pub target: Target,
    pub auth: AuthConfig,
    pub headers: Vec<(String, String)>,
    pub timeout_ms: Option<u32>,
    pub retry: RetryPolicy,
    pub credentials: RequestCredentials,
    /// The largest reply body read, in bytes after decompression.
    pub max_response_bytes: u32,
    /// Lower-cased names of the custom headers whose values `preview` may show.
    pub safe_headers: Vec<String>,
    /// How the client paces itself under the rate limit (`pacing`).
    pub pacing: crate::pace::PaceOptions,
    /// Called with `{waitMs, method, url}` before each wait for the rate limit.
    pub on_rate_limit: JsValue,
    /// Whether an RFC 2069 Digest challenge (no `qop`: no client nonce, replayable) is
    /// answered; refused by default, as a downgrade.
    pub allow_legacy_digest: bool,
    /// The caller's `fetch`, used instead of the global one.
    pub fetch: Option<js_sys::Function>,
    /// Called with `{method, url, attempt}` before each attempt is sent.
    pub on_request: JsValue,
    /// Called with `{method, url, attempt, status, durationMs, error}` after each attempt.
    pub on_response: JsValue,
    /// Whether requests carry the default `User-Agent` (see `http::USER_AGENT`).
    pub user_agent: bool,
}

/// The default per-request timeout: long enough for a slow Atlas page, short enough that a
/// hung proxy does not hang a dashboard.
const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// The default `maxResponseBytes`: 4 MiB. A page of 500 integrations is under 1 MiB; a
/// bigger answer is a misbehaving server or proxy, and reading it would only grow memory.
const DEFAULT_MAX_RESPONSE_BYTES: u32 = 4 << 20;

/// Every option `new AtlasClient()` reads: any other key is a typo the caller should hear
/// about (a misspelt `timeoutMS` would silently keep the default).
const KNOWN_OPTIONS: &[&str] = &[
    "baseUrl",
    "flavour",
    "allowInsecureHttp",
    "token",
    "digest",
    "serviceAccount",
    "headers",
    "safeHeaders",
    "timeoutMs",
    "retries",
    "credentials",
    "maxResponseBytes",
    "pacing",
    "onRateLimit",
    "allowLegacyDigest",
    "fetch",
    "onRequest",
    "onResponse",
];

fn bad(code: &str, message: &str) -> JsValue {
    errors::config(code, message)
}

/// A credential must be a non-empty header-safe string; the message never shows it.
pub(crate) fn credential(value: &JsValue, what: &str) -> Result<String, JsValue> {
    match value.as_string() {
        Some(s) if crate::header::credential_ok(&s) => Ok(s),
        Some(_) => Err(bad(
            "invalid_credential",
            &format!("{what} must be non-empty printable ASCII without spaces."),
        )),
        None => Err(bad(
            "invalid_credential",
            &format!("{what} must be a string."),
        )),
    }
}

fn auth(options: &JsValue) -> Result<AuthConfig, JsValue> {
    let token = prop(options, "token");
    let digest = prop(options, "digest");
    let account = prop(options, "serviceAccount");
    let given = [&token, &digest, &account]
        .iter()
        .filter(|v| !v.is_undefined() && !v.is_null())
        .count();
    if given > 1 {
        return Err(bad(
            "invalid_option",
            "Give only one of token, digest and serviceAccount.",
        ));
    }
    if let Some(f) = token.dyn_ref::<js_sys::Function>() {
        return Ok(AuthConfig::Provider(f.clone()));
    }
    if !token.is_undefined() && !token.is_null() {
        return Ok(AuthConfig::Token(credential(&token, "token")?));
    }
    if digest.is_object() {
        return Ok(AuthConfig::Digest {
            public_key: credential(&prop(&digest, "publicKey"), "digest.publicKey")?,
            private_key: credential(&prop(&digest, "privateKey"), "digest.privateKey")?,
        });
    }
    if account.is_object() {
        if super::js::in_browser() {
            return Err(bad(
                "invalid_option",
                "serviceAccount is for servers: its secret must never reach a page. In a \
                 browser, give token (a function that asks your backend) instead.",
            ));
        }
        return Ok(AuthConfig::ServiceAccount {
            client_id: credential(&prop(&account, "clientId"), "serviceAccount.clientId")?,
            client_secret: credential(
                &prop(&account, "clientSecret"),
                "serviceAccount.clientSecret",
            )?,
        });
    }
    if given == 1 {
        return Err(bad(
            "invalid_config",
            "digest and serviceAccount must be objects.",
        ));
    }
    Ok(AuthConfig::None)
}

/// What a timeout in milliseconds accepts: up to 2^31-1, the longest delay JS timers keep
/// (a longer one fires at once).
const MILLIS: WholeRange = WholeRange::new(0, i32::MAX as u32);

/// What `maxResponseBytes` accepts: 1 KiB to 1 GiB.
const RESPONSE_BYTES: WholeRange = WholeRange::new(1024, 1 << 30);

/// A whole number of milliseconds in [`MILLIS`] (0 means "no timeout").
pub(crate) fn millis(value: &JsValue, what: &str) -> Result<Option<u32>, JsValue> {
    whole(value, MILLIS).map_err(|()| {
        bad(
            "invalid_config",
            &format!(
                "{what} must be {} (0 disables it).",
                MILLIS.describe(Some("milliseconds"))
            ),
        )
    })
}

/// A whole-number option `key` in `range`: `None` when absent (`undefined`, `null`), an
/// `AtlasConfigError` (`invalid_option`) stating the range for anything else.
pub(crate) fn count(
    options: &JsValue,
    key: &str,
    range: WholeRange,
) -> Result<Option<u32>, JsValue> {
    whole(&prop(options, key), range).map_err(|()| {
        bad(
            "invalid_option",
            &format!("{key} must be {}.", range.describe(None)),
        )
    })
}

/// `value` as a whole number in `range`; `Ok(None)` when absent, `Err` for anything else.
fn whole(value: &JsValue, range: WholeRange) -> Result<Option<u32>, ()> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_f64()
        .and_then(|n| range.check(n))
        .map(Some)
        .ok_or(())
}

fn headers(options: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let raw = prop(options, "headers");
    if raw.is_undefined() || raw.is_null() {
        return Ok(Vec::new());
    }
    let json = json_from_js(&raw).map_err(|e| bad("invalid_config", &e.0))?;
    let Some(map) = json.as_object() else {
        return Err(bad(
            "invalid_config",
            "headers must be an object of name → value.",
        ));
    };
    if let Some(message) = dropped_by_json(&raw, map) {
        return Err(bad("invalid_config", &message));
    }
    let mut out = Vec::with_capacity(map.len());
    for (name, value) in map {
        let Some(value) = value.as_str() else {
            return Err(bad(
                "invalid_config",
                &format!("header {name} must be a string."),
            ));
        };
        crate::header::check(name, value).map_err(|r| bad("invalid_config", &r.message(name)))?;
        out.push((name.clone(), value.to_owned()));
    }
    Ok(out)
}

/// `safeHeaders`: names of custom headers whose values `preview` may print (every other
/// custom header value is redacted there, as it may be a key: `X-Auth-Token`, `Api-Key`).
fn safe_headers(options: &JsValue) -> Result<Vec<String>, JsValue> {
    let raw = prop(options, "safeHeaders");
    if raw.is_undefined() || raw.is_null() {
        return Ok(Vec::new());
    }
    let shape = || {
        bad(
            "invalid_option",
            "safeHeaders must be an array of header names.",
        )
    };
    let json = json_from_js(&raw).map_err(|_| shape())?;
    let names = json.as_array().ok_or_else(shape)?;
    names
        .iter()
        .map(|n| n.as_str().map(str::to_ascii_lowercase).ok_or_else(shape))
        .collect()
}

/// `maxResponseBytes`: a whole number of bytes in [`RESPONSE_BYTES`].
fn max_response_bytes(options: &JsValue) -> Result<u32, JsValue> {
    let raw = prop(options, "maxResponseBytes");
    match whole(&raw, RESPONSE_BYTES) {
        Ok(n) => Ok(n.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES)),
        Err(()) => Err(bad(
            "invalid_option",
            &format!(
                "maxResponseBytes must be {}.",
                RESPONSE_BYTES.describe(Some("bytes"))
            ),
        )),
    }
}

/// A boolean option: `undefined`/`null` is false; anything but a boolean is refused.
pub(crate) fn flag(options: &JsValue, key: &str) -> Result<bool, JsValue> {
    let raw = prop(options, key);
    if raw.is_undefined() || raw.is_null() {
        return Ok(false);
    }
    raw.as_bool()
        .ok_or_else(|| bad("invalid_option", &format!("{key} must be a boolean.")))
}

/// Why a header that JSON would leave out silently is refused instead of not sent: an own enumerable key whose value is a function or a Symbol (`undefined` means
/// "not set", as in every other option), or every entry of a `Headers` or `Map` (which JSON
/// sees as `{}`). Reads through catching calls only.
fn dropped_by_json(raw: &JsValue, map: &serde_json::Map<String, Value>) -> Option<String> {
    if map.is_empty() && prop(raw, "entries").is_function() {
        return Some(
            "headers must be a plain object of name → value; for a Headers or a Map, pass \
             Object.fromEntries(headers)."
                .to_owned(),
        );
    }
    let object: &js_sys::Object = raw.unchecked_ref();
    let keys = js_sys::Reflect::own_keys(raw).ok()?;
    keys.iter()
        .filter_map(|key| key.as_string())
        .filter(|name| !map.contains_key(name))
        .find(|name| {
            let enumerable =
                js_sys::Reflect::get_own_property_descriptor(object, &JsValue::from_str(name))
                    .is_ok_and(|d| prop(&d, "enumerable").as_bool() == Some(true));
            let value = prop(raw, name);
            enumerable && (value.is_symbol() || value.is_function())
        })
        .map(|name| format!("header {name} must be a string."))
}

/// `retries: { max?, baseDelayMs?, maxDelayMs? }`, read field by field: a typed serde
/// deserialisation here would pull float formatting (its error messages) into the wasm.
fn retry(options: &JsValue) -> Result<RetryPolicy, JsValue> {
    let raw = prop(options, "retries");
    if raw.is_undefined() || raw.is_null() {
        return Ok(RetryPolicy::default());
    }
    let shape = || {
        bad(
            "invalid_config",
            "retries must be { max?, baseDelayMs?, maxDelayMs? } with whole, non-negative numbers.",
        )
    };
    // Through JSON (read inside a catch): a Proxy whose traps throw cannot unwind here.
    let json = json_from_js(&raw).map_err(|_| shape())?;
    let Some(map) = json.as_object() else {
        return Err(shape());
    };
    const KEYS: [&str; 3] = ["max", "baseDelayMs", "maxDelayMs"];
    if map.keys().any(|k| !KEYS.contains(&k.as_str())) {
        return Err(shape());
    }
    let mut policy = RetryPolicy::default();
    for (key, slot) in KEYS.into_iter().zip([
        &mut policy.max,
        &mut policy.base_delay_ms,
        &mut policy.max_delay_ms,
    ]) {
        match map.get(key).map(Value::as_u64) {
            None => {}
            Some(Some(n)) => *slot = u32::try_from(n).map_err(|_| shape())?,
            Some(None) => return Err(shape()),
        }
    }
    if policy.max > 10 {
        return Err(bad("invalid_config", "retries.max is at most 10."));
    }
    Ok(policy)
}

/// The fetch `credentials` mode. When the client sends its own Authorization header it
/// needs no cookies, and `omit` also stops browsers from answering a 401 that carries
/// `WWW-Authenticate: Digest` (as Atlas's do) with a login dialog that would hang the
/// request. Without client credentials a same-origin proxy usually authenticates the user
/// by cookie, so `same-origin` is kept there.
fn credentials(options: &JsValue, auth: &AuthConfig) -> Result<RequestCredentials, JsValue> {
    match prop(options, "credentials").as_string().as_deref() {
        None => Ok(match auth {
            AuthConfig::None => RequestCredentials::SameOrigin,
            _ => RequestCredentials::Omit,
        }),
        Some("omit") => Ok(RequestCredentials::Omit),
        Some("same-origin") => Ok(RequestCredentials::SameOrigin),
        Some("include") => Ok(RequestCredentials::Include),
        Some(_) => Err(bad(
            "invalid_config",
            "credentials must be \"omit\", \"same-origin\" or \"include\".",
        )),
    }
}

impl Config {
    pub(crate) fn from_js(options: &JsValue) -> Result<Config, JsValue> {
        if !options.is_undefined() && !options.is_null() && !options.is_object() {
            return Err(bad(
                "invalid_config",
                "The client options must be an object.",
            ));
        }
        if options.is_object() {
            super::options::unknown_key(options, "client option", KNOWN_OPTIONS)?;
        }
        let target = super::target_of(options)?;
        let timeout_ms = match millis(&prop(options, "timeoutMs"), "timeoutMs")? {
            None => Some(DEFAULT_TIMEOUT_MS),
            Some(0) => None,
            Some(ms) => Some(ms),
        };
        let auth = auth(options)?;
        let retry = retry(options)?;
        let on_rate_limit = function(options, "onRateLimit")?;
        let fetch = function(options, "fetch")?;
        let on_request = function(options, "onRequest")?;
        let on_response = function(options, "onResponse")?;
        let headers = headers(options)?;
        // Browsers forbid scripts to set it; a caller's own header wins.
        let user_agent = !super::js::in_browser()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("user-agent"));
        Ok(Config {
            target,
            credentials: credentials(options, &auth)?,
            auth,
            headers,
            timeout_ms,
            pacing: super::pace::pace_options(&prop(options, "pacing"), &retry)?,
            retry,
            max_response_bytes: max_response_bytes(options)?,
            safe_headers: safe_headers(options)?,
            on_rate_limit,
            allow_legacy_digest: flag(options, "allowLegacyDigest")?,
            fetch: fetch.dyn_into().ok(),
            on_request,
            on_response,
            user_agent,
        })
    }
}

/// An optional callback option: `undefined` when absent, else it must be a function.
pub(crate) fn function(options: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    let value = prop(options, key);
    if value.is_undefined() || value.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !value.is_function() {
        return Err(bad("invalid_option", &format!("{key} must be a function.")));
    }
    Ok(value)
}
