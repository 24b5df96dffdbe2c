//! The JavaScript boundary. Every export has the same three steps: convert the JS input
//! (never trusting it), call the pure core, convert the result out; errors are made in
//! `errors` only. Nothing here holds logic the core could hold.

mod bulk;
mod client;
mod config;
mod convert;
mod errors;
mod http;
mod js;
mod pace;

pub use client::AtlasClient;

use crate::flavour::Flavour;
use crate::issue::{Issue, IssueCode};
use crate::preview::PreviewAuth;
use crate::url::Target;
use convert::{js_from, json_from_js, prop};
use errors::{ErrorName, JsErr};
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CATALOGUE_TYPES: &'static str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &'static str = include_str!("api.d.ts");

/// The package version (equal to the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// `options.flavour`, defaulting to Atlas v2. An unknown name is a programming error, so
/// it throws an `AtlasConfigError` rather than coming back as a form issue.
fn flavour_of(options: &JsValue) -> Result<Flavour, JsValue> {
    Ok(flavour_value(&prop(options, "flavour"))?.unwrap_or(Flavour::AtlasV2))
}

/// A flavour given as any JS value: `undefined` and `null` mean none was given; anything
/// but a known id throws (checked here, not by the glue, which would trust a non-string).
fn flavour_value(raw: &JsValue) -> Result<Option<Flavour>, JsValue> {
    if raw.is_undefined() || raw.is_null() {
        return Ok(None);
    }
    raw.as_string()
        .as_deref()
        .and_then(Flavour::from_id)
        .map(Some)
        .ok_or_else(|| {
            errors::config(
                "invalid_flavour",
                "flavour must be one of \"atlasV2\", \"atlasV1\", \"cloudManager\", \"opsManager\".",
            )
        })
}

/// The target (`flavour`, `baseUrl`, `allowInsecureHttp`) from an options object.
fn target_of(options: &JsValue) -> Result<Target, JsValue> {
    let flavour = flavour_of(options)?;
    let raw = prop(options, "baseUrl");
    let base_url = raw.as_string();
    if base_url.is_none() && !raw.is_undefined() && !raw.is_null() {
        return Err(errors::config(
            "invalid_base_url",
            "baseUrl must be a string.",
        ));
    }
    let insecure = prop(options, "allowInsecureHttp").as_bool() == Some(true);
    Target::new(flavour, base_url.as_deref(), insecure)
        .map_err(|e| errors::config(e.code(), &e.message()))
}

/// JS input as JSON, or the single issue explaining why it cannot be read.
fn input(value: &JsValue) -> Result<Value, Vec<Issue>> {
    json_from_js(value).map_err(|e| vec![Issue::new("", IssueCode::InvalidJson, e.0)])
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

/// Checks an integration body for create or update and returns every problem (errors and
/// warnings), `[]` when it is valid. Never throws for any body, whatever its JS type.
///
/// The package runs this check in JavaScript over the same catalogue (no boundary to cross:
/// about 10x faster), with answers identical to this Rust function's, which the tests hold
/// it to; `atlas-integrations/forms` offers it without WebAssembly.
///
/// @throws AtlasConfigError for an unknown `options.flavour`.
#[wasm_bindgen(js_name = validateBody, unchecked_return_type = "Issue[]")]
pub fn validate_body(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    let flavour = flavour_of(&options)?;
    let path_type = prop(&options, "integrationType").as_string();
    let issues = match input(&body) {
        Ok(value) => crate::validate::body(&value, path_type.as_deref(), flavour),
        Err(issues) => issues,
    };
    Ok(js_from(&issues))
}

/// The most bodies `validateBodies` reads one by one when the array as a whole is not JSON.
const MAX_BATCH: u32 = 100_000;

/// Checks many bodies in one call: `result[i]` holds the issues of `bodies[i]` (in the
/// package, in JavaScript like `validateBody`).
///
/// @throws AtlasConfigError for an unknown `options.flavour`, or when `bodies` is not an
/// array.
#[wasm_bindgen(js_name = validateBodies, unchecked_return_type = "Issue[][]")]
pub fn validate_bodies(
    #[wasm_bindgen(unchecked_param_type = "readonly unknown[]")] bodies: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    let flavour = flavour_of(&options)?;
    let path_type = prop(&options, "integrationType").as_string();
    let not_array = || {
        errors::config(
            "invalid_option",
            "validateBodies takes an array of at most 100000 bodies.",
        )
    };
    let all: Vec<Vec<Issue>> = match input(&bodies) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|body| crate::validate::body(body, path_type.as_deref(), flavour))
            .collect(),
        Ok(_) => return Err(not_array()),
        // The array as a whole could not be read (a cycle, a BigInt, a getter that
        // throws): check each element on its own so that one bad body does not hide the
        // others' results.
        Err(_) => convert::elements(&bodies, MAX_BATCH)
            .ok_or_else(not_array)?
            .iter()
            .map(|body| match input(body) {
                Ok(value) => crate::validate::body(&value, path_type.as_deref(), flavour),
                Err(issues) => issues,
            })
            .collect(),
    };
    Ok(js_from(&all))
}

/// Checks a whole operation (`{op, groupId, integrationType?, body?, query?}`): path and
/// query parameters as well as the body. Returns every problem, `[]` when valid.
///
/// @throws AtlasConfigError for an unknown `options.flavour`.
#[wasm_bindgen(js_name = validateOperation, unchecked_return_type = "Issue[]")]
pub fn validate_operation(
    #[wasm_bindgen(unchecked_param_type = "unknown")] op: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
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
/// @throws AtlasValidationError (with `issues`) when the operation has errors;
/// AtlasConfigError for a bad flavour or base URL.
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "BuiltRequest")]
pub fn build_request(
    #[wasm_bindgen(unchecked_param_type = "OperationInput")] op: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TargetOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    let target = target_of(&options)?;
    let value = input(&op).map_err(|i| validation_error(&i))?;
    crate::request::build_from_json(&value, &target)
        .map(|req| js_from(&req))
        .map_err(|issues| validation_error(&issues))
}

/// Describes the integration types and their fields for rendering forms: labels, kinds,
/// enum options, secret flags, required marks, defaults, per flavour. With a flavour, only
/// the types it supports.
///
/// @throws AtlasConfigError for an unknown flavour.
#[wasm_bindgen(js_name = describeTypes, unchecked_return_type = "TypeCatalogue")]
pub fn describe_types(
    #[wasm_bindgen(unchecked_optional_param_type = "Flavour")] flavour: JsValue,
) -> Result<JsValue, JsValue> {
    let flavour = flavour_value(&flavour)?;
    Ok(js_from(&crate::schema::describe_types(flavour)))
}

/// A JSON Schema (draft 2020-12) for one integration type in one flavour, for users of
/// other form libraries; `undefined` for an unknown type.
///
/// @throws AtlasConfigError for an unknown flavour.
#[wasm_bindgen(js_name = jsonSchema, unchecked_return_type = "Record<string, unknown> | undefined")]
pub fn json_schema(
    #[wasm_bindgen(js_name = integrationType, unchecked_param_type = "IntegrationType")]
    integration_type: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Flavour")] flavour: JsValue,
) -> Result<JsValue, JsValue> {
    let flavour = flavour_value(&flavour)?.unwrap_or(Flavour::AtlasV2);
    let Some(integration_type) = integration_type.as_string() else {
        return Err(errors::config(
            "invalid_option",
            "integrationType must be a string such as \"PAGER_DUTY\".",
        ));
    };
    Ok(crate::schema::json_schema(&integration_type, flavour)
        .map(|s| js_from(&s))
        .unwrap_or(JsValue::UNDEFINED))
}

/// The request for an operation as a `curl` command line, with the credentials and every
/// secret field redacted: safe to show in a UI or a log.
///
/// @throws AtlasValidationError when the operation has errors; AtlasConfigError for a bad
/// flavour or base URL.
#[wasm_bindgen(js_name = previewCurl)]
pub fn preview_curl(
    #[wasm_bindgen(unchecked_param_type = "OperationInput")] op: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<String, JsValue> {
    let options = convert::options(options);
    let target = target_of(&options)?;
    let auth = match prop(&options, "auth").as_string().as_deref() {
        None | Some("bearer") => PreviewAuth::Bearer,
        Some("none") => PreviewAuth::None,
        Some("digest") => PreviewAuth::Digest {
            public_key: prop(&options, "publicKey")
                .as_string()
                .unwrap_or_else(|| "PUBLIC_KEY".to_owned()),
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
/// @throws AtlasValidationError when `desired` has errors (a masked secret, for one).
#[wasm_bindgen(js_name = planChanges, unchecked_return_type = "Plan")]
pub fn plan_changes(
    #[wasm_bindgen(unchecked_param_type = "Integration")] desired: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Integration | null")] current: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    let flavour = flavour_of(&options)?;
    let desired = input(&desired).map_err(|i| validation_error(&i))?;
    let current = input(&current).map_err(|i| validation_error(&i))?;
    let current = (!current.is_null()).then_some(&current);
    crate::plan::plan(&desired, current, flavour)
        .map(|p| js_from(&p))
        .map_err(|i| validation_error(&i))
}
