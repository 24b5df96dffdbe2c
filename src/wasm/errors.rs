//! Every error that crosses into JS is made here: an instance of the package's error class
//! of its `name` (`AtlasApiError`, ... all subclasses of `AtlasError` and `Error`, defined
//! once in `pkg-template/js/errors.js`, so that `instanceof` works with the classes every
//! entry exports), with a machine-readable `code` and the data a caller needs as own
//! properties (so that `JSON.stringify(err)` shows them). No message or property ever
//! holds a secret.

use js_sys::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/pkg-template/js/errors.js")]
extern "C" {
    /// `new AtlasApiError(message)` (the class of `name`) with `code` set.
    #[wasm_bindgen(js_name = atlasError)]
    fn atlas_error(name: &str, code: &str, message: &str) -> Error;
}

/// Declares [`ErrorName`] and its TypeScript union `AtlasErrorName` from one list, so that
/// the declarations can never name an error the package does not throw, or miss one.
macro_rules! error_names {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// The error classes of the package (the `name` of the thrown `Error`).
        // The forms module (no `client` feature) throws only configuration errors.
        #[cfg_attr(not(feature = "client"), allow(dead_code))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum ErrorName {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorName {
            pub(crate) const fn as_str(self) -> &'static str {
                match self {
                    $( ErrorName::$variant => $name, )*
                }
            }
        }

        #[wasm_bindgen(typescript_custom_section)]
        const ERROR_NAMES_TS: &'static str = concat!(
            "/** The `name` of every error the package throws. */\nexport type AtlasErrorName =",
            $( "\n  | \"", $name, "\"", )*
            ";\n"
        );
    };
}

error_names! {
    /// Input failed validation before anything was sent; carries `issues`.
    Validation = "AtlasValidationError",
    /// The API answered with an error status; carries `status`, `errorCode`, ...
    Api = "AtlasApiError",
    /// The request never got an answer (DNS, refused, reset, CORS).
    Network = "AtlasNetworkError",
    /// The per-request timeout elapsed.
    Timeout = "AtlasTimeoutError",
    /// The caller's `AbortSignal` fired.
    Abort = "AtlasAbortError",
    /// A success status with a body that is not the expected JSON.
    Response = "AtlasResponseError",
    /// Bad client configuration (base URL, flavour, options).
    Config = "AtlasConfigError",
    /// The token provider or the service-account exchange failed.
    Auth = "AtlasAuthError",
}

/// The `errorCode`s of an `AtlasApiError` that the reference (INTEGRATIONS.md, the Atlas
/// OpenAPI) names for these endpoints, as a TypeScript union for autocompletion; the API may
/// send others, hence `(string & {})` (a plain `string` would swallow the literals).
#[wasm_bindgen(typescript_custom_section)]
const API_ERROR_CODES_TS: &'static str = r#"/** An `AtlasApiError`'s `errorCode`: the codes these endpoints are known to send, or any other string. */
export type ApiErrorCode =
  | "INTEGRATION_ALREADY_CONFIGURED"
  | "INTEGRATION_ALREADY_CONFIGURED_FOR_THIS_GROUP"
  | "INTEGRATION_NOT_CONFIGURED"
  | "INVALID_INTEGRATION_SETTINGS"
  | "INVALID_PAGER_DUTY_SERVICE_KEY"
  | "HIPCHAT_NOT_SUPPORTED"
  | "RATE_LIMITED"
  | "RATE_LIMITED_TOKEN_BUCKET"
  | "RESOURCE_NOT_FOUND"
  | "GROUP_NOT_FOUND"
  | "NOT_ATLAS_GROUP"
  | "NOT_IN_GROUP"
  | "INVALID_GROUP_ID"
  | "INVALID_ATTRIBUTE"
  | "MISSING_ATTRIBUTE"
  | "INVALID_ENUM_VALUE"
  | "INVALID_JSON"
  | "MALFORMED_JSON"
  | "INVALID_QUERY_PARAMETER"
  | "VALIDATION_ERROR"
  | "USER_UNAUTHORIZED"
  | "UNEXPECTED_ERROR"
  | (string & {});
"#;

/// A JS `Error` under construction.
pub(crate) struct JsErr {
    error: Error,
}

impl JsErr {
    pub(crate) fn new(name: ErrorName, code: &str, message: &str) -> JsErr {
        JsErr {
            error: atlas_error(name.as_str(), code, message),
        }
    }

    /// Adds an own property. Setting a property on a fresh `Error` cannot throw, but a
    /// failure would only lose that property, never the error.
    #[cfg(feature = "client")]
    pub(crate) fn with(self, key: &str, value: JsValue) -> JsErr {
        let _ = js_sys::Reflect::set(&self.error, &JsValue::from_str(key), &value);
        self
    }

    #[cfg(feature = "client")]
    pub(crate) fn with_opt_str(self, key: &str, value: Option<&str>) -> JsErr {
        match value {
            Some(v) => self.with(key, JsValue::from_str(v)),
            None => self,
        }
    }

    /// Keeps the caller's own thrown value as the standard `cause`.
    #[cfg(feature = "client")]
    pub(crate) fn with_cause(self, cause: JsValue) -> JsErr {
        self.with("cause", cause)
    }
}

impl From<JsErr> for JsValue {
    fn from(e: JsErr) -> JsValue {
        e.error.into()
    }
}

/// A configuration error (`AtlasConfigError`).
pub(crate) fn config(code: &str, message: &str) -> JsValue {
    JsErr::new(ErrorName::Config, code, message).into()
}
