//! The exports that build requests and plans (the full module only: they belong with the
//! client, and the forms module has no use for them).

use super::convert::{self, js_from, prop};
use super::errors::{self, ErrorName, JsErr};
use super::options;
use super::{flavour_of, input, FLAVOUR_OPTIONS};
use crate::issue::Issue;
use crate::preview::PreviewAuth;
use crate::url::Target;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// The keys of `TargetOptions`.
const TARGET_OPTIONS: &[&str] = &["flavour", "baseUrl", "allowInsecureHttp"];

/// The keys of `PreviewOptions`.
const PREVIEW_OPTIONS: &[&str] = &[
    "flavour",
    "baseUrl",
    "allowInsecureHttp",
    "auth",
    "publicKey",
];

/// The target (`flavour`, `baseUrl`, `allowInsecureHttp`) from an options object.
pub(crate) fn target_of(options: &JsValue) -> Result<Target, JsValue> {
    let flavour = flavour_of(options)?;
    let raw = prop(options, "baseUrl");
    let base_url = raw.as_string();
    if base_url.is_none() && !raw.is_undefined() && !raw.is_null() {
        return Err(errors::config(
            "invalid_base_url",
            "baseUrl must be a string.",
        ));
    }
    let insecure = super::config::flag(options, "allowInsecureHttp")?;
    Target::new(flavour, base_url.as_deref(), insecure)
        .map_err(|e| errors::config(e.code(), &e.message()))
}

/// The error thrown when an operation does not validate: it carries every issue.
pub(crate) fn validation_error(issues: &[Issue]) -> JsValue {
    let errors = issues.iter().filter(|i| i.is_error()).count();
    let first = issues
        .iter()
        .find(|i| i.is_error())
        .map(|i| format!(" First: {} ({}).", i.message, i.code.as_str()))
        .unwrap_or_default();
    let message = format!("The request is not valid: {errors} problem(s).{first}");
    JsErr::new(ErrorName::Validation, "validation_failed", &message)
        .with("issues", js_from(issues))
        .into()
}

/// Checks a whole operation (`{op, groupId, integrationType?, body?, query?}`): path and
/// query parameters as well as the body. Returns every problem, `[]` when valid.
///
/// @throws AtlasConfigError for an unknown `options.flavour`, or options that are not an
/// object or hold another key.
#[wasm_bindgen(js_name = validateOperation, unchecked_return_type = "Issue[]")]
pub fn validate_operation(
    #[wasm_bindgen(unchecked_param_type = "unknown")] op: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FlavourOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    options::check(&options, "validateOperation", FLAVOUR_OPTIONS)?;
    let flavour = flavour_of(&options)?;
    let issues = match input(&op) {
        Ok(value) => crate::validate::operation(&value, flavour).issues,
        Err(issues) => issues,
    };
    Ok(js_from(&issues))
}

/// Validates an operation and turns it into `{method, url, headers, body}` without sending
/// anything and without credentials.
///
/// @throws AtlasValidationError (with `issues`) when the operation has errors (a key
/// other than `op`, `groupId`, `integrationType`, `body` and `query` is one);
/// AtlasConfigError for a bad flavour or base URL, or options that are not an object or
/// hold another key.
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "BuiltRequest")]
pub fn build_request(
    #[wasm_bindgen(unchecked_param_type = "OperationInput")] op: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TargetOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    options::check(&options, "buildRequest", TARGET_OPTIONS)?;
    let target = target_of(&options)?;
    let value = input(&op).map_err(|i| validation_error(&i))?;
    crate::request::build_from_json(&value, &target)
        .map(|req| js_from(&req))
        .map_err(|issues| validation_error(&issues))
}

/// The request for an operation as a `curl` command line, with the credentials and every
/// secret field redacted: safe to show in a UI or a log.
///
/// @throws AtlasValidationError when the operation has errors; AtlasConfigError for a bad
/// flavour, base URL, `auth` or `publicKey`, or options that are not an object or hold
/// another key.
#[wasm_bindgen(js_name = previewCurl)]
pub fn preview_curl(
    #[wasm_bindgen(unchecked_param_type = "OperationInput")] op: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<String, JsValue> {
    let options = convert::options(options);
    options::check(&options, "previewCurl", PREVIEW_OPTIONS)?;
    let target = target_of(&options)?;
    let public_key = options::string(&options, "publicKey")?;
    let auth = match prop(&options, "auth").as_string().as_deref() {
        None | Some("bearer") => PreviewAuth::Bearer,
        Some("none") => PreviewAuth::None,
        Some("digest") => PreviewAuth::Digest {
            public_key: public_key.unwrap_or_else(|| "PUBLIC_KEY".to_owned()),
        },
        Some(_) => {
            return Err(errors::config(
                "invalid_option",
                "auth must be \"bearer\", \"digest\" or \"none\".",
            ))
        }
    };
    let value = input(&op).map_err(|i| validation_error(&i))?;
    let req = crate::request::build_from_json(&value, &target).map_err(|i| validation_error(&i))?;
    Ok(crate::preview::curl(&req, &auth))
}

/// Compares a desired integration with the current one as the API returned it (or `null`
/// when the type is not configured) without any request. Masked secrets are `unknown`
/// changes, never false differences; the body to send never holds a masked value.
///
/// @throws AtlasValidationError when `desired` has errors (a masked secret, for one), or
/// `current` is neither an object nor `null` (a `not_an_object` issue at `current`);
/// AtlasConfigError for an unknown `options.flavour`, or options that are not an object
/// or hold another key.
#[wasm_bindgen(js_name = planChanges, unchecked_return_type = "Plan")]
pub fn plan_changes(
    #[wasm_bindgen(unchecked_param_type = "Integration")] desired: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Integration | null")] current: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FlavourOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    options::check(&options, "planChanges", FLAVOUR_OPTIONS)?;
    let flavour = flavour_of(&options)?;
    let desired = input(&desired).map_err(|i| validation_error(&i))?;
    let current = input(&current).map_err(|i| validation_error(&i))?;
    let current = (!current.is_null()).then_some(&current);
    crate::plan::plan(&desired, current, flavour)
        .map(|p| plan_to_js(&serde_json::to_value(&p).unwrap_or(Value::Null)))
        .map_err(|i| validation_error(&i))
}

/// A plan or an apply result as JS, its `body` (the caller's real secrets, needed to send
/// it) readable as `result.body` but shown redacted by `console.log`, `util.inspect` and
/// `JSON.stringify`: the secret fields are the catalogue's (`Secrets::of_body`).
pub(crate) fn plan_to_js(result: &Value) -> JsValue {
    let js = js_from(result);
    match result.get("body") {
        Some(body) if body.is_object() => {
            let redacted = crate::secrets::Secrets::of_body(body).scrub_json(body);
            super::js::hide_body(&js, &js_from(&redacted))
        }
        _ => js,
    }
}
