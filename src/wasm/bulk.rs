//! The decisions of the bulk helpers in `pkg-template/js/bulk.js` (`listAll`,
//! `applyToProjects`) as JS handles: the page walk (`crate::paging`) and the run's tally
//! (`crate::bulk`). Internal (`__` names, no TypeScript); JS only sends and waits.

use super::client::bulk_args;
use super::convert::{self, js_from, json_from_js, prop};
use super::errors::{ErrorName, JsErr};
use super::AtlasClient;
use crate::bulk::{after_plan, BulkRun, Mode, Next, Outcome};
use crate::flavour::Flavour;
use crate::json::object;
use crate::paging::{PageSeen, PageWalk, Step};
use crate::url::Target;
use wasm_bindgen::prelude::*;

/// One `listAll` walk.
#[wasm_bindgen(js_name = __PageWalk, skip_typescript)]
pub struct PageWalkHandle {
    walk: PageWalk,
    /// The listing's URL, for the error (no credentials are ever part of it).
    url: String,
    /// What each page is asked for with (see [`bulk_args::ListAll`]).
    items_per_page: JsValue,
}

/// The most links of a page looked at for `next`.
const MAX_LINKS: u32 = 64;

#[wasm_bindgen(js_class = __PageWalk)]
impl PageWalkHandle {
    /// The `itemsPerPage` to ask each page with.
    #[wasm_bindgen(getter, js_name = itemsPerPage, skip_typescript)]
    pub fn items_per_page(&self) -> JsValue {
        self.items_per_page.clone()
    }

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

/// The page size a walk reckons with: a number of at least 1 (capped at `u32::MAX`), else
/// `None` (`list` refuses an invalid `itemsPerPage` before the walk looks at a page).
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
    concurrency: u32,
    max_rate_limit_waits: u32,
    mode: Mode,
}

#[wasm_bindgen(js_class = __BulkRun)]
impl BulkRunHandle {
    /// How many projects are worked on at once (`concurrency`).
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn concurrency(&self) -> u32 {
        self.concurrency
    }

    /// How often one request may wait out a 429 (`maxRateLimitWaits`).
    #[wasm_bindgen(getter, js_name = maxRateLimitWaits, skip_typescript)]
    pub fn max_rate_limit_waits(&self) -> u32 {
        self.max_rate_limit_waits
    }

    /// Whether this is a dry run (`dryRun`): nothing is written.
    #[wasm_bindgen(getter, js_name = dryRun, skip_typescript)]
    pub fn dry_run(&self) -> bool {
        self.run.dry_run()
    }

    /// Whether each project is one upsert instead of a plan and its write (`mode:
    /// "upsert"`; a dry run plans whatever the mode, as it must not write).
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn upserts(&self) -> bool {
        self.mode == Mode::Upsert && !self.run.dry_run()
    }

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
    /// `this.baseUrl`), for project `group_id`, with the caller's `options` (checked here:
    /// an `AtlasConfigError` for a bad one).
    #[wasm_bindgen(js_name = __pageWalk, skip_typescript)]
    pub fn page_walk(
        flavour: &str,
        base_url: &str,
        group_id: &str,
        options: JsValue,
    ) -> Result<PageWalkHandle, JsValue> {
        let options = bulk_args::list_all(&options)?;
        let url = Flavour::from_id(flavour)
            .and_then(|f| Target::new(f, Some(base_url), true).ok())
            .map(|t| t.integrations_url(group_id, None))
            .unwrap_or_default();
        Ok(PageWalkHandle {
            walk: PageWalk::new(
                count(&options.items_per_page).unwrap_or(1),
                options.max_pages,
            ),
            url,
            items_per_page: options.items_per_page,
        })
    }

    /// The tally of a run over `group_ids` with the caller's `options`, started at
    /// `now_ms`. Throws an `AtlasConfigError` for ids that are not an array of at most
    /// `MAX_PROJECTS`, or a bad option.
    #[wasm_bindgen(js_name = __bulkRun, skip_typescript)]
    pub fn bulk_run(
        group_ids: JsValue,
        options: JsValue,
        now_ms: f64,
    ) -> Result<BulkRunHandle, JsValue> {
        let args = bulk_args::apply_to_projects(&group_ids, &options)?;
        Ok(BulkRunHandle {
            run: BulkRun::new(args.total, args.dry_run, now_ms),
            force: args.force,
            concurrency: args.concurrency,
            max_rate_limit_waits: args.max_rate_limit_waits,
            mode: args.mode,
        })
    }
}
