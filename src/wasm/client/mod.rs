//! `AtlasClient`: sends the core's requests with credentials, timeouts, aborts and
//! retries, and turns answers into typed values or real JS errors. The only place that
//! holds a credential. By concern: `args` (arguments and per-call options), `auth` (the
//! four credential schemes), `send` (one call and its retry loop), `rate` (pacing under
//! the rate limit), `failure` (failures as JS errors), `ops` (upsert, plan, apply); `http`
//! sends one attempt.

mod args;
mod auth;
pub(super) mod bulk_args;
mod failure;
mod hooks;
mod ops;
mod rate;
mod send;

use super::config::{AuthConfig, Config};
use super::convert;
use super::validation_error;
use crate::digest::DigestSession;
use crate::operation::OpKind;
use crate::preview::PreviewAuth;
use crate::request;
use crate::response::Success as Answer;
use args::{arg, known, list_op, typed_op, write_op, CallOptions};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// A client for one base URL and flavour. Cheap to share: every call clones an `Rc`.
#[wasm_bindgen]
pub struct AtlasClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: Config,
    /// The Digest challenge and nonce count, shared by all requests of this client.
    digest: RefCell<DigestSession>,
    /// The service-account token and its expiry.
    token: RefCell<Option<crate::oauth::AccessToken>>,
    /// A token exchange under way, so that concurrent requests share one exchange.
    exchange: RefCell<Option<js_sys::Promise>>,
    /// Operations already validated and built (a bulk run sends one body to many projects).
    built: RefCell<request::BuildCache>,
    /// The rate limit as learned so far: one pacer for every concurrent call of the client.
    pacer: RefCell<crate::pace::Pacer>,
}

/// A call's result as the methods resolve to it (`undefined` for a delete).
fn page_or_value(answer: Answer) -> JsValue {
    let text = match answer {
        Answer::Page(page) => serde_json::to_string(&page),
        Answer::Item { integration } => serde_json::to_string(&integration),
        _ => return JsValue::UNDEFINED,
    };
    // Our own types always serialise; if that ever changed, `null` is safer than a trap.
    text.ok()
        .and_then(|t| js_sys::JSON::parse(&t).ok())
        .unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
impl AtlasClient {
    /// A client for one base URL and flavour.
    ///
    /// @throws AtlasConfigError for a bad flavour, base URL (plain http to a non-loopback
    /// host needs `allowInsecureHttp`), credentials, headers, timeout or retry settings.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<AtlasClient, JsValue> {
        let options = convert::options(options);
        let config = Config::from_js(&options)?;
        Ok(AtlasClient {
            inner: Rc::new(Inner {
                digest: RefCell::new(DigestSession::with_legacy(config.allow_legacy_digest)),
                token: RefCell::new(None),
                exchange: RefCell::new(None),
                built: RefCell::new(request::BuildCache::default()),
                pacer: RefCell::new(crate::pace::Pacer::new(config.pacing)),
                config,
            }),
        })
    }

    /// The flavour this client speaks.
    #[wasm_bindgen(getter, unchecked_return_type = "Flavour")]
    pub fn flavour(&self) -> String {
        self.inner.config.target.flavour().id().to_owned()
    }

    /// The normalised base URL requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.target.base_url().to_owned()
    }

    /// How the client authenticates (never the credential itself): `"token"`,
    /// `"tokenProvider"`, `"digest"`, `"serviceAccount"` or `"none"`. What
    /// `console.log(client)` shows, with the flavour and base URL.
    #[wasm_bindgen(getter, js_name = authKind, unchecked_return_type = "AuthKind")]
    pub fn auth_kind(&self) -> String {
        match self.inner.config.auth {
            AuthConfig::None => "none",
            AuthConfig::Token(_) => "token",
            AuthConfig::Provider(_) => "tokenProvider",
            AuthConfig::Digest { .. } => "digest",
            AuthConfig::ServiceAccount { .. } => "serviceAccount",
        }
        .to_owned()
    }

    /// Runs one operation of `method`, whose options may also hold the keys `extra`.
    fn start(
        &self,
        method: &str,
        extra: &[&str],
        op: Result<Value, JsValue>,
        options: &JsValue,
    ) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        let opts = CallOptions::from_js(options, inner.config.timeout_ms, method, extra);
        future_to_promise(async move {
            let (op, opts) = (op?, opts?);
            let answer = inner.run(&op, &opts).await.map_err(|e| opts.finish(e))?;
            Ok(page_or_value(answer))
        })
    }

    /// One page of the project's integrations (secrets masked by the server).
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start("list", known::LIST, list_op(&group_id, &options), &options)
    }

    /// One integration by type. Rejects with `AtlasApiError` (`errorCode`
    /// `INTEGRATION_NOT_CONFIGURED`, status 404) when the type is not configured.
    #[wasm_bindgen(unchecked_return_type = "Promise<Integration>")]
    pub fn get(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(js_name = integrationType, unchecked_param_type = "IntegrationType")]
        integration_type: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SingleOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(
            "get",
            known::SINGLE,
            typed_op(OpKind::Get, &group_id, &integration_type, &options),
            &options,
        )
    }

    /// Creates the integration of `body.type`; resolves to the list of all integrations.
    /// Never retried (a POST could act twice). 409 `INTEGRATION_ALREADY_CONFIGURED` when
    /// the type exists: see `upsert`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn create(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(
            "create",
            known::LIST,
            write_op(OpKind::Create, &group_id, &body, &options),
            &options,
        )
    }

    /// Replaces the integration of `body.type` (send every secret again: the API masks
    /// them in answers); resolves to the list of all integrations.
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn update(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(
            "update",
            known::LIST,
            write_op(OpKind::Update, &group_id, &body, &options),
            &options,
        )
    }

    /// Removes the integration of one type.
    #[wasm_bindgen(js_name = delete, unchecked_return_type = "Promise<void>")]
    pub fn remove(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(js_name = integrationType, unchecked_param_type = "IntegrationType")]
        integration_type: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SingleOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        self.start(
            "delete",
            known::SINGLE,
            typed_op(OpKind::Delete, &group_id, &integration_type, &options),
            &options,
        )
    }

    /// The request this client would send for an operation, as a `curl` command line
    /// with the credentials and every secret field redacted.
    ///
    /// @throws AtlasValidationError when the operation has errors.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OperationInput")] op: JsValue,
    ) -> Result<JsValue, JsValue> {
        let value = arg(&op, "")?;
        let mut req = request::build_from_json(&value, &self.inner.config.target)
            .map_err(|issues| validation_error(&issues))?;
        // A custom header's value may be a key (`X-Auth-Token`, `Api-Key`): shown only
        // when the caller lists its name in `safeHeaders`.
        for (name, v) in &self.inner.config.headers {
            let safe = self
                .inner
                .config
                .safe_headers
                .contains(&name.to_ascii_lowercase());
            let shown = if safe {
                v.as_str()
            } else {
                crate::secrets::REDACTED
            };
            req.headers.push((name.clone(), shown.to_owned()));
        }
        let auth = match &self.inner.config.auth {
            AuthConfig::None => PreviewAuth::None,
            AuthConfig::Digest { public_key, .. } => PreviewAuth::Digest {
                public_key: public_key.clone(),
            },
            _ => PreviewAuth::Bearer,
        };
        Ok(JsValue::from_str(&crate::preview::curl(&req, &auth)))
    }
}
