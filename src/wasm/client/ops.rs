//! Upsert, plan and apply: the client methods made of more than one request. Their
//! decisions are the core's (`operation::Upsert`, `plan::current_from`,
//! `Plan::apply_op`); this file only sequences the requests.

use super::super::convert::{self, prop};
use super::super::validation_error;
use super::args::{arg, body_type, id_arg, known, write_op_value, CallOptions};
use super::{page_or_value, AtlasClient, Inner};
use crate::json::object;
use crate::operation::{OpKind, Upsert};
use crate::response::{Failure as Problem, Success as Answer};
use crate::secrets::Secrets;
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

impl Inner {
    /// Sends `op` and, for an upsert whose first answer says so, the update: on Atlas v2 a
    /// POST, then a PUT after 409 `INTEGRATION_ALREADY_CONFIGURED`; elsewhere one PUT.
    async fn upsert(
        self: &Rc<Self>,
        group: Value,
        body: Value,
        query: Value,
        opts: &CallOptions,
    ) -> Result<Answer, JsValue> {
        let strategy = Upsert::of(self.config.target.flavour());
        let op = write_op_value(strategy.first(), group.clone(), body.clone(), query.clone());
        let mut call = self.prepare(&op)?;
        let incoming = self.execute(&mut call, opts).await?;
        match self.read(&call, &incoming) {
            Ok(answer) => Ok(answer),
            Err(Problem::ApiError(api)) if strategy.update_after(api.status, &api.error_code) => {
                // Only now is the update built: a bulk upsert mostly creates.
                let update = write_op_value(OpKind::Update, group, body, query);
                self.run(&update, opts).await
            }
            Err(e) => Err(self.error(&call, &incoming, &e)),
        }
    }

    /// GET the current integration (any 404 = none) and diff.
    async fn plan(
        self: &Rc<Self>,
        group: &Value,
        desired: &Value,
        opts: &CallOptions,
    ) -> Result<crate::plan::Plan, JsValue> {
        let flavour = self.config.target.flavour();
        // Refuse an invalid desired body before any request, judged as the update it may
        // become (the lenient case: an update may leave out a write-only secret); the core's
        // plan judges it again once the GET told whether it is a create.
        let issues = crate::validate::body_for(desired, None, flavour, OpKind::Update);
        if crate::issue::has_errors(&issues) {
            return Err(validation_error(&issues));
        }
        let get = object([
            ("op", OpKind::Get.id().into()),
            ("groupId", group.clone()),
            ("integrationType", body_type(desired)),
        ]);
        let mut call = self.prepare(&get)?;
        // The GET sends no body, but the server may hold (and echo) the secrets the caller
        // is about to send: its errors are scrubbed of them too.
        call.secrets.extend(&Secrets::of_body(desired));
        let incoming = self.execute(&mut call, opts).await?;
        let current = crate::plan::current_from(self.read(&call, &incoming))
            .map_err(|e| self.error(&call, &incoming, &e))?;
        crate::plan::plan(desired, current.as_ref(), flavour)
            .map_err(|issues| validation_error(&issues))
    }

    /// Plans, then sends what the plan calls for; the plan as JSON, with `action`, `body`
    /// and `page` replaced by what was done.
    async fn apply(
        self: &Rc<Self>,
        group: Value,
        desired: Value,
        force: bool,
        opts: &CallOptions,
    ) -> Result<Value, JsValue> {
        let plan = self.plan(&group, &desired, opts).await?;
        let mut result = serde_json::to_value(&plan).unwrap_or(Value::Null);
        let Some(kind) = plan.apply_op(force) else {
            return Ok(result);
        };
        let body = plan.body.unwrap_or(desired);
        let op = write_op_value(kind, group, body.clone(), Value::Object(Default::default()));
        let answer = self.run(&op, opts).await?;
        if let (Some(obj), Answer::Page(page)) = (result.as_object_mut(), answer) {
            obj.insert("action".into(), kind.id().into());
            obj.insert("body".into(), body);
            obj.insert(
                "page".into(),
                serde_json::to_value(page).unwrap_or(Value::Null),
            );
        }
        Ok(result)
    }
}

#[wasm_bindgen]
impl AtlasClient {
    /// Creates the integration, or updates it when the project already has one of that
    /// type. Resolves to the list of all. On Atlas v2: a POST, then a PUT after 409
    /// `INTEGRATION_ALREADY_CONFIGURED`; on Atlas v1.0, Cloud Manager and Ops Manager: one
    /// PUT, which creates or replaces there (and may be retried).
    #[wasm_bindgen(unchecked_return_type = "Promise<Page>")]
    pub fn upsert(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        let inner = Rc::clone(&self.inner);
        let op = write_op_value_parts(&group_id, &body, &options);
        let opts = CallOptions::from_js(&options, inner.config.timeout_ms, "upsert", known::LIST);
        future_to_promise(async move {
            let ((group, body, query), opts) = (op?, opts?);
            let answer = inner.upsert(group, body, query, &opts).await;
            Ok(page_or_value(answer.map_err(|e| opts.finish(e))?))
        })
    }

    /// Compares `desired` with what the project has now, without changing anything.
    /// Masked secrets are reported as `unknown` changes, never as false differences. Any
    /// 404 to its GET means the type is not configured.
    #[wasm_bindgen(unchecked_return_type = "Promise<Plan>")]
    pub fn plan(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] desired: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        let inner = Rc::clone(&self.inner);
        let desired = arg(&desired, "body");
        let group = id_arg(&group_id, "groupId");
        let opts = CallOptions::from_js(&options, inner.config.timeout_ms, "plan", known::PLAN);
        future_to_promise(async move {
            let (group, desired, opts) = (group?, desired?, opts?);
            let plan = inner.plan(&group, &desired, &opts).await;
            let plan = plan.map_err(|e| opts.finish(e))?;
            let plan = serde_json::to_value(&plan).unwrap_or(Value::Null);
            Ok(super::super::requests::plan_to_js(&plan))
        })
    }

    /// Plans, then creates or updates as needed. With `force`, updates even when the only
    /// differences are masked secrets that cannot be compared.
    #[wasm_bindgen(unchecked_return_type = "Promise<ApplyResult>")]
    pub fn apply(
        &self,
        #[wasm_bindgen(js_name = groupId, unchecked_param_type = "string")] group_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Integration")] desired: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ApplyOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let options = convert::options(options);
        let inner = Rc::clone(&self.inner);
        let desired = arg(&desired, "body");
        let group = id_arg(&group_id, "groupId");
        let force = prop(&options, "force").as_bool() == Some(true);
        let opts = CallOptions::from_js(&options, inner.config.timeout_ms, "apply", known::APPLY);
        future_to_promise(async move {
            let (group, desired, opts) = (group?, desired?, opts?);
            let result = inner.apply(group, desired, force, &opts).await;
            let result = result.map_err(|e| opts.finish(e))?;
            Ok(super::super::requests::plan_to_js(&result))
        })
    }
}

/// The group id, body and query of an upsert, read before the first request.
fn write_op_value_parts(
    group_id: &JsValue,
    body: &JsValue,
    options: &JsValue,
) -> Result<(Value, Value, Value), JsValue> {
    let op = super::args::write_op(OpKind::Update, group_id, body, options)?;
    let field = |k: &str| op.get(k).cloned().unwrap_or(Value::Null);
    Ok((field("groupId"), field("body"), field("query")))
}
