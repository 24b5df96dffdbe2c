//! The forms exports: validation, form metadata and JSON Schema. The only exports of the
//! forms module (`--no-default-features`), and part of the full module too.

use super::convert::{self, js_data, prop};
use super::errors;
use super::{flavour_of, flavour_value, input};
use crate::flavour::Flavour;
use crate::issue::Issue;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Checks an integration body for create or update and returns every problem (errors and
/// warnings), `[]` when it is valid. Never throws for any body, whatever its JS type.
///
/// Every entry of the package runs this function (in browsers the full module's, in Node
/// and `atlas-integrations/forms` the small forms module's): there is no other validator.
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
    Ok(js_data(&issues))
}

/// The most bodies `validateBodies` reads one by one when the array as a whole is not JSON.
const MAX_BATCH: u32 = 100_000;

/// Checks many bodies in one call: `result[i]` holds the issues of `bodies[i]`.
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
    Ok(js_data(&all))
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
    Ok(js_data(&crate::schema::describe_types(flavour)))
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
        .map(|s| js_data(&s))
        .unwrap_or(JsValue::UNDEFINED))
}
