//! Credentials: the `Authorization` header of each attempt, for the four schemes (a fixed
//! bearer token, a token provider, a service account, HTTP Digest).
//!
//! The service-account exchange is shared: concurrent calls that need a token wait for one
//! exchange, which runs with the client's own timeout and no caller's signal. A caller's
//! signal or timeout only abandons that caller's wait (`js::settle_within`), so one caller
//! giving up never fails the others.

use super::super::config::{credential, AuthConfig};
use super::super::errors::{ErrorName, JsErr};
use super::super::http::{self, Outgoing};
use super::super::js::{self, Settled};
use super::args::CallOptions;
use super::failure::{now_ms, transport_error};
use super::Inner;
use crate::digest::Credentials;
use crate::request::Request;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// A service-account token is renewed this long before it expires, so that a request
/// never arrives with a token that expired on the way.
const TOKEN_SKEW_MS: u64 = 60_000;

/// The exchange's own timeout when the client has none (`timeoutMs: 0`): it is shared, so
/// it must end even if every waiter has gone.
const EXCHANGE_TIMEOUT_MS: u32 = 30_000;

/// The token of a `Bearer …` header value.
pub(super) fn bare(authorization: &str) -> String {
    authorization
        .strip_prefix("Bearer ")
        .unwrap_or(authorization)
        .to_owned()
}

fn aborted_while(what: &str) -> JsValue {
    JsErr::new(
        ErrorName::Abort,
        "aborted",
        &format!("The request was aborted while waiting for {what}."),
    )
    .into()
}

fn timed_out_while(what: &str, timeout_ms: Option<u32>) -> JsValue {
    JsErr::new(
        ErrorName::Timeout,
        "timeout",
        &format!("{what} did not settle within the request timeout."),
    )
    .with("timeoutMs", JsValue::from(timeout_ms.unwrap_or_default()))
    .into()
}

impl Inner {
    /// The `Authorization` header for one attempt (`None` for Digest before a challenge).
    pub(super) async fn authorization(
        self: &Rc<Self>,
        req: &Request,
        opts: &CallOptions,
    ) -> Result<Option<String>, JsValue> {
        match &self.config.auth {
            AuthConfig::None => Ok(None),
            AuthConfig::Token(t) => Ok(Some(format!("Bearer {t}"))),
            AuthConfig::Provider(f) => {
                let token = call_provider(f, opts).await?;
                Ok(Some(format!("Bearer {token}")))
            }
            AuthConfig::ServiceAccount { .. } => {
                let token = self.service_token(opts).await?;
                Ok(Some(format!("Bearer {token}")))
            }
            AuthConfig::Digest {
                public_key,
                private_key,
            } => {
                let creds = Credentials::new(public_key.as_str(), private_key.as_str());
                let cnonce = js::random_hex(16).ok_or_else(|| {
                    JsErr::new(
                        ErrorName::Auth,
                        "no_crypto",
                        "HTTP Digest needs crypto.getRandomValues, which this runtime lacks.",
                    )
                })?;
                let uri = crate::url::request_uri(&req.url);
                Ok(self
                    .digest
                    .borrow_mut()
                    .authorize(&creds, req.method, &uri, &cnonce))
            }
        }
    }

    /// A fresh service-account token: cached until shortly before it expires, and one
    /// exchange shared by all requests that need it at the same time.
    async fn service_token(self: &Rc<Self>, opts: &CallOptions) -> Result<String, JsValue> {
        if let Some(t) = self.token.borrow().as_ref() {
            if t.is_fresh(now_ms(), TOKEN_SKEW_MS) {
                return Ok(bare(&t.authorization()));
            }
        }
        let pending = self.exchange.borrow().clone();
        let promise = match pending {
            Some(p) => p,
            None => {
                let me = Rc::clone(self);
                let p = future_to_promise(async move {
                    let result = me.exchange_token().await;
                    me.exchange.borrow_mut().take();
                    result.map(|()| JsValue::UNDEFINED)
                });
                *self.exchange.borrow_mut() = Some(p.clone());
                p
            }
        };
        match js::settle_within(&promise, opts.timeout_ms, opts.signal.as_ref()).await {
            Settled::Value(_) => {}
            Settled::Error(e) => return Err(e),
            Settled::TimedOut => {
                return Err(timed_out_while(
                    "The service-account token exchange",
                    opts.timeout_ms,
                ))
            }
            Settled::Aborted => return Err(aborted_while("the service-account token")),
        }
        self.token
            .borrow()
            .as_ref()
            .map(|t| bare(&t.authorization()))
            .ok_or_else(|| {
                JsErr::new(
                    ErrorName::Auth,
                    "token_exchange_failed",
                    "No token was issued.",
                )
                .into()
            })
    }

    /// Drops the cached service-account token if it is still the one `sent` (the
    /// `Authorization` a 401 refused): a concurrent call may have renewed it already.
    pub(super) fn forget_token(&self, sent: &str) {
        let mut token = self.token.borrow_mut();
        if token.as_ref().is_some_and(|t| t.authorization() == sent) {
            *token = None;
        }
    }

    /// `POST /api/oauth/token`, with the client's timeout (never a caller's signal: the
    /// exchange is shared) and its reply size limit.
    async fn exchange_token(&self) -> Result<(), JsValue> {
        let AuthConfig::ServiceAccount {
            client_id,
            client_secret,
        } = &self.config.auth
        else {
            return Ok(());
        };
        let creds =
            crate::oauth::ClientCredentials::new(client_id.as_str(), client_secret.as_str());
        let req = crate::oauth::token_request(&self.config.target, &creds);
        let out = Outgoing {
            method: req.method,
            url: &req.url,
            headers: &req.headers,
            authorization: None,
            body: req.body.as_deref(),
            credentials: self.config.credentials,
            fetch: self.config.fetch.as_ref(),
            user_agent: self.config.user_agent,
        };
        let timeout = Some(self.config.timeout_ms.unwrap_or(EXCHANGE_TIMEOUT_MS));
        let incoming = http::send(&out, None, timeout, self.config.max_response_bytes)
            .await
            .map_err(|f| transport_error(&f, "POST", &req.url, timeout))?;
        let secrets = self.credential_secrets(Some(&req));
        let body = secrets.scrub(&incoming.body);
        let token =
            crate::oauth::parse_token_response(incoming.status, &body, now_ms()).map_err(|e| {
                let message = secrets.scrub(&e.to_string());
                JsErr::new(ErrorName::Auth, "token_exchange_failed", &message)
                    .with("status", JsValue::from(incoming.status))
            })?;
        *self.token.borrow_mut() = Some(token);
        Ok(())
    }
}

/// Calls a token provider and awaits its result (a string or a promise of one), within
/// the call's timeout and abort signal.
async fn call_provider(f: &js_sys::Function, opts: &CallOptions) -> Result<String, JsValue> {
    let failed = |cause: JsValue| -> JsValue {
        JsErr::new(
            ErrorName::Auth,
            "token_provider_failed",
            "The token provider threw or rejected (see cause).",
        )
        .with_cause(cause)
        .into()
    };
    let value = f.call0(&JsValue::UNDEFINED).map_err(failed)?;
    let value = match js::settle_within(&value, opts.timeout_ms, opts.signal.as_ref()).await {
        Settled::Value(v) => v,
        Settled::Error(e) => return Err(failed(e)),
        Settled::TimedOut => return Err(timed_out_while("The token provider", opts.timeout_ms)),
        Settled::Aborted => return Err(aborted_while("the token provider")),
    };
    credential(&value, "The token returned by the token provider").map_err(|_| {
        JsErr::new(
            ErrorName::Auth,
            "invalid_token",
            "The token provider must return (or resolve to) a non-empty string without spaces.",
        )
        .into()
    })
}
