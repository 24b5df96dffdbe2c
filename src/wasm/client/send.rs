//! One call: the operation validated and built, sent until it gets a final answer (Digest
//! challenges answered; 429/503 and network errors retried for GET, PUT and DELETE, never
//! for POST; every loop bounded), and the answer read with the call's secrets scrubbed.
//!
//! Every attempt first waits for the client's pacer (`rate.rs`), which then learns from
//! the reply (its `RateLimit-*` headers, a 429's `Retry-After` and parameters).

use super::super::config::AuthConfig;
use super::super::errors::{ErrorName, JsErr};
use super::super::http::{self, Failure, Incoming, Outgoing};
use super::super::{js, validation_error};
use super::args::CallOptions;
use super::auth::bare;
use super::failure::{now_ms, response_error, transport_error};
use super::hooks::{self, End};
use super::Inner;
use crate::digest::{DigestError, Unauthorized};
use crate::operation::OpKind;
use crate::request::Request;
use crate::response::{self, Failure as Problem, Success as Answer};
use crate::retry::{self, Decision, Outcome};
use crate::secrets::Secrets;
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// An operation validated and built, with what its answer must be scrubbed of.
pub(super) struct Call {
    pub kind: OpKind,
    pub req: Request,
    pub secrets: Secrets,
}

/// What comes after an attempt.
enum Next {
    /// Wait this many milliseconds, then send the same request again.
    Retry(u32),
    /// The final reply, or the error the call ends with.
    Done(Result<Incoming, JsValue>),
}

/// The most Digest challenges one call answers (a stale nonce, then a fresh one).
const MAX_CHALLENGES: u32 = 2;

impl Inner {
    /// Every credential this client holds (and the Basic credential of `req`, if any), for
    /// scrubbing.
    pub(super) fn credential_secrets(&self, req: Option<&Request>) -> Secrets {
        let mut secrets = Secrets::default();
        match &self.config.auth {
            AuthConfig::Token(t) => secrets.add(t),
            AuthConfig::Digest { private_key, .. } => secrets.add(private_key),
            AuthConfig::ServiceAccount { client_secret, .. } => {
                secrets.add(client_secret);
                if let Some(t) = self.token.borrow().as_ref() {
                    secrets.add(&bare(&t.authorization()));
                }
            }
            AuthConfig::None | AuthConfig::Provider(_) => {}
        }
        let basic = req
            .and_then(|r| r.header("Authorization"))
            .and_then(|a| a.strip_prefix("Basic "));
        if let Some(basic) = basic {
            secrets.add(basic);
        }
        secrets
    }

    /// Validates and builds `op`, with the client's own headers added and every secret to
    /// scrub from what the server sends back.
    pub(super) fn prepare(&self, op: &Value) -> Result<Call, JsValue> {
        let mut req = self
            .built
            .borrow_mut()
            .build(op, &self.config.target)
            .map_err(|issues| validation_error(&issues))?;
        let kind = op
            .get("op")
            .and_then(Value::as_str)
            .and_then(OpKind::from_id)
            .unwrap_or(OpKind::Get);
        let mut secrets = op.get("body").map(Secrets::of_body).unwrap_or_default();
        secrets.extend(&self.credential_secrets(None));
        for (name, value) in &self.config.headers {
            if req.header(name).is_none() {
                req.headers.push((name.clone(), value.clone()));
            }
        }
        Ok(Call { kind, req, secrets })
    }

    /// Sends a prepared call until it gets a final reply.
    pub(super) async fn execute(
        self: &Rc<Self>,
        call: &mut Call,
        opts: &CallOptions,
    ) -> Result<Incoming, JsValue> {
        let mut attempt = 0u32;
        let mut challenges = 0u32;
        let mut renewed = false;
        loop {
            // The slot first: a Digest nonce count or a provider's token taken before a
            // wait would reach the server after those of calls that waited less.
            self.wait_for_slot(call.req.method, &call.req.url, opts)
                .await?;
            let authorization = self.authorization(&call.req, opts).await?;
            let signed = authorization.is_some();
            // A provider's or a freshly exchanged token is known only when it is sent.
            if let Some(token) = authorization
                .as_deref()
                .and_then(|a| a.strip_prefix("Bearer "))
            {
                call.secrets.add(token);
            }
            let out = Outgoing {
                method: call.req.method,
                url: &call.req.url,
                headers: &call.req.headers,
                authorization: authorization.as_deref(),
                body: call.req.body.as_deref(),
                credentials: self.config.credentials,
                fetch: self.config.fetch.as_ref(),
                user_agent: self.config.user_agent,
            };
            let hook = hooks::Attempt::start(&self.config, &out, attempt);
            let outcome = http::send(
                &out,
                opts.signal.as_ref(),
                opts.timeout_ms,
                self.config.max_response_bytes,
            )
            .await;
            hook.end(&self.config, &outcome);
            self.observe(&outcome);
            if let Ok(inc) = &outcome {
                // A service-account token refused (revoked, or the server forgot it) is
                // dropped and, once a call, exchanged again: kept, every call would fail
                // with 401 until the expiry the server gave when it issued it (an hour on
                // Atlas). A 401 is a request the server did not process: a POST too is
                // sent again.
                if inc.status == 401 && !renewed {
                    if let (AuthConfig::ServiceAccount { .. }, Some(sent)) =
                        (&self.config.auth, authorization.as_deref())
                    {
                        renewed = true;
                        self.forget_token(sent);
                        continue;
                    }
                }
                if inc.status == 401 && challenges < MAX_CHALLENGES {
                    if let (AuthConfig::Digest { .. }, Some(header)) =
                        (&self.config.auth, inc.www_authenticate.as_deref())
                    {
                        challenges += 1;
                        let next = self.digest.borrow_mut().on_unauthorized(header, signed);
                        match next {
                            Ok(Unauthorized::Retry) => continue,
                            // A downgrade to RFC 2069 is refused outright, and a challenge
                            // this client cannot answer (another algorithm, `auth-int` only,
                            // no nonce) is named too: a plain 401 would hide why the keys
                            // "do not work".
                            Err(e @ (DigestError::LegacyRefused | DigestError::Unsupported)) => {
                                return Err(JsErr::new(ErrorName::Auth, e.code(), e.message())
                                    .with("status", JsValue::from(401))
                                    .into())
                            }
                            _ => {}
                        }
                    }
                }
            }
            match self.after_attempt(call, attempt, outcome, opts.timeout_ms) {
                Next::Retry(ms) => {
                    attempt += 1;
                    if !js::sleep(ms, opts.signal.as_ref()).await {
                        return Err(transport_error(
                            &Failure::Aborted,
                            call.req.method,
                            &call.req.url,
                            None,
                        ));
                    }
                }
                Next::Done(result) => return result,
            }
        }
    }

    /// Whether attempt number `attempt` (from 0) is tried again, and after how long, or
    /// what the call comes to. Redirects, size overflows, timeouts and aborts end it.
    fn after_attempt(
        &self,
        call: &Call,
        attempt: u32,
        outcome: Result<Incoming, Failure>,
        timeout_ms: Option<u32>,
    ) -> Next {
        let (method, url) = (call.req.method, call.req.url.as_str());
        let retry_outcome = match &outcome {
            Err(Failure::Network | Failure::Interrupted { .. }) => Outcome::NetworkError,
            Err(f) => return Next::Done(Err(transport_error(f, method, url, timeout_ms))),
            Ok(inc) => Outcome::Status {
                status: inc.status,
                retry_after_ms: inc
                    .retry_after
                    .as_deref()
                    .and_then(|h| response::parse_retry_after(h, now_ms())),
            },
        };
        match retry::decide(
            &self.config.retry,
            call.kind.is_idempotent(),
            attempt,
            retry_outcome,
            js_sys::Math::random,
        ) {
            Decision::RetryAfter(ms) => Next::Retry(ms),
            Decision::Stop => {
                Next::Done(outcome.map_err(|f| transport_error(&f, method, url, timeout_ms)))
            }
        }
    }

    /// The core's reading of the final reply to `call`, every server text scrubbed of the
    /// call's secrets before anything else is done to it.
    pub(super) fn read(&self, call: &Call, incoming: &Incoming) -> Result<Answer, Problem> {
        if call.secrets.is_empty() {
            return response::parse(call.kind, incoming.status, &incoming.body);
        }
        let scrub = |t: &str| call.secrets.scrub(t);
        response::parse_scrubbed(call.kind, incoming.status, &incoming.body, &scrub)
    }

    /// The error a failure read from the final reply to `call` becomes.
    pub(super) fn error(&self, call: &Call, incoming: &Incoming, e: &Problem) -> JsValue {
        response_error(e, call.req.method, &call.req.url, incoming, &call.secrets)
    }

    /// Validates, builds, sends and interprets one operation.
    pub(super) async fn run(
        self: &Rc<Self>,
        op: &Value,
        opts: &CallOptions,
    ) -> Result<Answer, JsValue> {
        let mut call = self.prepare(op)?;
        let incoming = self.execute(&mut call, opts).await?;
        self.read(&call, &incoming)
            .map_err(|e| self.error(&call, &incoming, &e))
    }
}
