//! The forms exports: validation, form metadata and JSON Schema. The only exports of the
//! forms module (`--no-default-features`), and part of the full module too.

use super::convert::{self, js_data, js_from, json_from_js};
use super::errors;
use super::options;
use super::{flavour_of, flavour_value, input, FLAVOUR_OPTIONS};
use crate::flavour::Flavour;
use crate::issue::Issue;
use js_sys::{Array, Object, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Checks an integration body for create or update and returns every problem (errors and
/// warnings), `[]` when it is valid. Never throws for any body, whatever its JS type: only
/// bad options throw.
///
/// Every entry of the package runs this function (in browsers the full module's, in Node
/// and `atlas-integrations/forms` the small forms module's): there is no other validator.
///
/// @throws AtlasConfigError (`invalid_option`) for options that are not an object, hold a
/// key other than `flavour` and `integrationType`, or a non-string `integrationType`;
/// (`invalid_flavour`) for an unknown `options.flavour`.
#[wasm_bindgen(js_name = validateBody, unchecked_return_type = "Issue[]")]
pub fn validate_body(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let (flavour, path_type) = validate_options(options, "validateBody")?;
    let issues = match input(&body) {
        Ok(value) => crate::validate::body(&value, path_type.as_deref(), flavour),
        Err(issues) => issues,
    };
    Ok(js_data(&issues))
}

/// The keys of `ValidateOptions`.
const VALIDATE_OPTIONS: &[&str] = &["flavour", "integrationType"];

/// The `flavour` and `integrationType` of `validateBody`'s and `validateBodies`' options
/// (`function` names the caller in messages). Costs nothing without options.
fn validate_options(
    options: Option<js_sys::Object>,
    function: &str,
) -> Result<(Flavour, Option<String>), JsValue> {
    let options = convert::options(options);
    options::check(&options, function, VALIDATE_OPTIONS)?;
    Ok((
        flavour_of(&options)?,
        options::string(&options, "integrationType")?,
    ))
}

/// The most bodies `validateBodies` reads one by one when the array as a whole is not JSON.
const MAX_BATCH: u32 = 100_000;

/// Checks many bodies in one call: `result[i]` holds the issues of `bodies[i]`.
///
/// @throws AtlasConfigError for bad options, as `validateBody`'s, or when `bodies` is not
/// an array.
#[wasm_bindgen(js_name = validateBodies, unchecked_return_type = "Issue[][]")]
pub fn validate_bodies(
    #[wasm_bindgen(unchecked_param_type = "readonly unknown[]")] bodies: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let (flavour, path_type) = validate_options(options, "validateBodies")?;
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
    let integration_type = type_arg(&integration_type)?;
    Ok(crate::schema::json_schema(&integration_type, flavour)
        .map(|s| js_data(&s))
        .unwrap_or(JsValue::UNDEFINED))
}

/// The integration type argument of the forms helpers, which must be a string.
fn type_arg(integration_type: &JsValue) -> Result<String, JsValue> {
    integration_type.as_string().ok_or_else(|| {
        errors::config(
            "invalid_option",
            "integrationType must be a string such as \"PAGER_DUTY\".",
        )
    })
}

/// Turns a form's values into a typed body of `integrationType`, by the catalogue's kinds:
/// a checkbox's `"on"` becomes `true`, and a required checkbox left unchecked (a browser
/// sends nothing for it) `false`; an empty input is left out (validation then reports a
/// required one as missing); every other value stays text for validation to judge.
///
/// `values` is a `FormData`, any iterable of `[name, value]` pairs, or an object of the
/// form's values (react-hook-form's, say); files, `null` and nested objects are left out.
/// Pass the result to `validateBody` or a client call.
///
/// @throws AtlasConfigError when `integrationType` is not a string.
#[wasm_bindgen(js_name = bodyFromForm, unchecked_return_type = "Integration")]
pub fn body_from_form(
    #[wasm_bindgen(js_name = integrationType, unchecked_param_type = "IntegrationType")]
    integration_type: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "FormData | Iterable<readonly [string, unknown]> | Record<string, unknown>"
    )]
    values: JsValue,
) -> Result<JsValue, JsValue> {
    let integration_type = type_arg(&integration_type)?;
    let values = json_from_js(&pairs_of(&values).unwrap_or(values)).unwrap_or(Value::Null);
    let entries = crate::form::entries_of(&values);
    let body = crate::form::body_from_entries(
        &integration_type,
        entries.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    Ok(js_from(&body))
}

/// An iterable's entries (a `FormData`, a `Map`, an array of pairs) as an array, read with
/// every step caught and at most `form::MAX_ENTRIES` of them; `None` for a value that is
/// not iterable (a plain object, read as JSON instead).
fn pairs_of(values: &JsValue) -> Option<JsValue> {
    let iter = js_sys::try_iter(values).ok().flatten()?;
    let out = Array::new();
    for entry in iter.take(crate::form::MAX_ENTRIES) {
        match entry {
            Ok(entry) => out.push(&entry),
            Err(_) => break,
        };
    }
    Some(out.into())
}

/// A Standard Schema v1 object (<https://standardschema.dev>) for bodies of
/// `integrationType` in `options.flavour`: react-hook-form, TanStack Form and other form
/// libraries use it through their standard resolvers, with no adapter.
///
/// Its `validate(value)` runs `validateBody` (a value without `type` gets this one): it
/// succeeds with `{ value: body }` when no issue is an error (warnings never fail), and
/// fails with `{ issues: [{ message, path: [field] }] }`, `path` absent for the body as a
/// whole.
///
/// @throws AtlasConfigError for an unknown flavour, options that are not an object or hold
/// a key other than `flavour`, or when `integrationType` is not a string.
#[wasm_bindgen(js_name = standardSchema, unchecked_return_type = "StandardSchemaV1<unknown, Integration>")]
pub fn standard_schema(
    #[wasm_bindgen(js_name = integrationType, unchecked_param_type = "IntegrationType")]
    integration_type: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FlavourOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options = convert::options(options);
    options::check(&options, "standardSchema", FLAVOUR_OPTIONS)?;
    let flavour = flavour_of(&options)?;
    let integration_type = type_arg(&integration_type)?;
    // Owned by the JS function: freed when it is garbage collected (FinalizationRegistry,
    // in every runtime the package supports).
    let validate = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |value: JsValue| {
        let result = match input(&value) {
            Ok(value) => crate::standard::validate(&integration_type, &value, flavour),
            Err(issues) => Err(crate::standard::from_issues(issues)),
        };
        match result {
            Ok(body) => with("value", &js_from(&body)),
            Err(issues) => with("issues", &js_data(&issues)),
        }
    })
    .into_js_value();
    let standard = with("version", &JsValue::from(1));
    set(
        &standard,
        "vendor",
        &JsValue::from_str("atlas-integrations"),
    );
    set(&standard, "validate", &validate);
    Ok(with("~standard", &standard))
}

/// A new plain object `{ key: value }`.
fn with(key: &str, value: &JsValue) -> JsValue {
    let object: JsValue = Object::new().into();
    set(&object, key, value);
    object
}

/// Sets a key on an object this module just made (a plain object: the set cannot throw).
fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}
