//! The decisions of the bulk helpers in `pkg-template/js/bulk.js` (`listAll`,
//! `applyToProjects`) as JS handles: the page walk (`crate::paging`) and the run's tally
//! (`crate::bulk`). Internal (`__` names, no TypeScript); JS only sends and waits.

use super::convert::{self, js_from, json_from_js, prop};
use super::errors::{ErrorName, JsErr};
use super::AtlasClient;
use crate::bulk::{after_plan, BulkRun, Next, Outcome};
use crate::flavour::Flavour;
use crate::json::object;
use crate::paging::{PageSeen, PageWalk, Step, DEFAULT_MAX_PAGES};
use crate::url::Target;
use wasm_bindgen::prelude::*;

/// One `listAll` walk.
#[wasm_bindgen(js_name = __PageWalk, skip_typescript)]
pub struct PageWalkHandle {
    walk: PageWalk,
    /// The listing's URL, for the error (no credentials are ever part of it).
    url: String,
}

/// The most links of a page looked at for `next`.
const MAX_LINKS: u32 = 64;

#[wasm_bindgen(js_class = __PageWalk)]
impl PageWalkHandle {
    /// After a page (`{results, totalCount?, links?}`): the next page number, or 0 when
    /// every item has been read. Throws an `AtlasResponseError` (`repeated_page`,
    /// `next_link_loop`, `too_many_pages`, `implausible_total_count`) when the walk must
    /// stop; the page's items are then not to be handed out.
    #[wasm_bindgen(skip_typescript)]
    pub fn after(&mut self, page: JsValue) -> Result<u32, JsValue> {
        let results = prop(&page, "results");
        // The page comes from the client's own parser: `results` is an array.
        let count = prop(&results, "length")
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map_or(0, |n| n as usize);
        let text = convert::json_text(&results)
            .ok()
            .flatten()
            .unwrap_or_default();
        let next = convert::elements(&prop(&page, "links"), MAX_LINKS)
            .unwrap_or_default()
            .into_iter()
            .find(|l| prop(l, "rel").as_string().as_deref() == Some("next"))
            .map(|l| prop(&l, "href").as_string());
        let seen = PageSeen {
            results_json: &text,
            results: count,
            total_count: prop(&page, "totalCount").as_f64(),
            next: next.as_ref().map(Option::as_deref),
        };
        match self.walk.after(&seen) {
            Step::Next(n) => Ok(n),
            Step::Done => Ok(0),
            Step::Fail(e) => {
                let code = serde_json::to_value(e)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                Err(JsErr::new(
                    ErrorName::Response,
                    &code,
                    &e.message(self.walk.max_pages()),
                )
                .with("status", JsValue::from(200))
                .with("bodySnippet", JsValue::from_str(""))
                .with("method", JsValue::from_str("GET"))
                .with("url", JsValue::from_str(&self.url))
                .into())
            }
        }
    }
}

/// A count option: a number of at least 1 (capped at `u32::MAX`), else `None`.
fn count(value: &JsValue) -> Option<u32> {
    value
        .as_f64()
        .filter(|n| *n >= 1.0)
        .map(|n| n.min(f64::from(u32::MAX)) as u32)
}

/// One `applyToProjects` run.
#[wasm_bindgen(js_name = __BulkRun, skip_typescript)]
pub struct BulkRunHandle {
    run: BulkRun,
    force: bool,
}

#[wasm_bindgen(js_class = __BulkRun)]
impl BulkRunHandle {
    /// After a project's plan: `{send: "create" | "update", outcome}` (send it; `outcome`
    /// is the project's once it succeeded) or `{outcome}` (the project is done; a dry run
    /// always ends here).
    #[wasm_bindgen(js_name = afterPlan, skip_typescript)]
    pub fn after_plan(&self, plan: JsValue) -> JsValue {
        let plan = json_from_js(&plan).unwrap_or_default();
        match after_plan(&plan, self.force, self.run.dry_run()) {
            Next::Send(write) => js_from(&object([
                ("send", write.id().into()),
                ("outcome", Outcome::of_write(write).id().into()),
            ])),
            Next::End(outcome) => js_from(&object([("outcome", outcome.id().into())])),
        }
    }

    /// Project number `index` (its place in the input) ended with `outcome` (a name from
    /// `afterPlan`, `"upserted"` or `"failed"`; anything else counts as failed). `group_id`
    /// is `undefined` for an id that is not a string (it fails, and cannot be rerun).
    #[wasm_bindgen(skip_typescript)]
    pub fn record(&mut self, index: u32, group_id: Option<String>, outcome: &str) {
        let outcome = Outcome::from_id(outcome).unwrap_or(Outcome::Failed);
        self.run.record(index, group_id.as_deref(), outcome);
    }

    /// A wait for the rate limit of `ms` began.
    #[wasm_bindgen(skip_typescript)]
    pub fn waited(&mut self, ms: f64) {
        self.run.waited(ms);
    }

    /// `{done, total, elapsedMs, ratePerSecond, etaMs, rateLimitWaitMs}` at `now_ms`.
    #[wasm_bindgen(skip_typescript)]
    pub fn progress(&self, now_ms: f64) -> JsValue {
        js_from(&self.run.progress(now_ms))
    }

    /// The report at `now_ms` (without the per-project results, which JS holds).
    #[wasm_bindgen(skip_typescript)]
    pub fn report(&self, now_ms: f64) -> JsValue {
        js_from(&self.run.report(now_ms))
    }
}

#[wasm_bindgen]
impl AtlasClient {
    /// A page walk for `listAll` on the client's flavour and base URL (`this.flavour`,
    /// `this.baseUrl`), for project `group_id`: `items_per_page` as the pages are asked for
    /// (`list` refuses an invalid one first), `max_pages` the caller's `maxPages` option.
    #[wasm_bindgen(js_name = __pageWalk, skip_typescript)]
    pub fn page_walk(
        flavour: &str,
        base_url: &str,
        group_id: &str,
        items_per_page: JsValue,
        max_pages: JsValue,
    ) -> PageWalkHandle {
        let url = Flavour::from_id(flavour)
            .and_then(|f| Target::new(f, Some(base_url), true).ok())
            .map(|t| t.integrations_url(group_id, None))
            .unwrap_or_default();
        PageWalkHandle {
            walk: PageWalk::new(
                count(&items_per_page).unwrap_or(1),
                count(&max_pages).unwrap_or(DEFAULT_MAX_PAGES),
            ),
            url,
        }
    }

    /// The tally of a run of `total` projects started at `now_ms`.
    #[wasm_bindgen(js_name = __bulkRun, skip_typescript)]
    pub fn bulk_run(total: u32, dry_run: bool, force: bool, now_ms: f64) -> BulkRunHandle {
        BulkRunHandle {
            run: BulkRun::new(total, dry_run, now_ms),
            force,
        }
    }
}
