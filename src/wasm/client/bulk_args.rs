//! The options of the bulk helpers of `pkg-template/js/bulk.js` (`listAll`,
//! `applyToProjects`), read and checked here before anything is sent, so that the JS only
//! passes checked values on: a `dryRun: "true"` from a command line must never start a run
//! that writes, nor a `concurrency: 0` silently become 1.

use super::super::config::{count, flag, function};
use super::super::convert::prop;
use super::super::{errors, js};
use super::args::{common, known};
use crate::bulk::{self, Mode};
use crate::paging::{self, DEFAULT_MAX_PAGES};
use crate::range::WholeRange;
use wasm_bindgen::prelude::*;

/// `listAll`'s options.
pub(crate) struct ListAll {
    /// What each page is asked for with: the caller's `itemsPerPage` as given (`list`
    /// judges it, as any call's), or [`paging::LIST_ALL_ITEMS_PER_PAGE`].
    pub items_per_page: JsValue,
    pub max_pages: u32,
}

/// Reads `listAll`'s options: unknown keys, the common options and `maxPages` (a whole
/// number in [`paging::MAX_PAGES`]) are refused with an `AtlasConfigError`.
pub(crate) fn list_all(options: &JsValue) -> Result<ListAll, JsValue> {
    common(options, "listAll", known::LIST_ALL)?;
    let items_per_page = prop(options, "itemsPerPage");
    Ok(ListAll {
        items_per_page: if items_per_page.is_undefined() {
            JsValue::from(paging::LIST_ALL_ITEMS_PER_PAGE)
        } else {
            items_per_page
        },
        max_pages: count(options, "maxPages", paging::MAX_PAGES)?.unwrap_or(DEFAULT_MAX_PAGES),
    })
}

/// `applyToProjects`' arguments besides the body and the callbacks (checked, and passed on
/// by the JS as given).
pub(crate) struct ApplyToProjects {
    /// How many projects there are.
    pub total: u32,
    pub concurrency: u32,
    pub max_rate_limit_waits: u32,
    pub mode: Mode,
    pub dry_run: bool,
    pub force: bool,
}

/// Reads `applyToProjects`' project ids and options: every option is checked by type and
/// range, and anything else is refused with an `AtlasConfigError` (`invalid_option`).
pub(crate) fn apply_to_projects(
    group_ids: &JsValue,
    options: &JsValue,
) -> Result<ApplyToProjects, JsValue> {
    common(options, "applyToProjects", known::APPLY_TO_PROJECTS)?;
    function(options, "onProgress")?;
    let concurrency =
        count(options, "concurrency", bulk::CONCURRENCY)?.unwrap_or(bulk::DEFAULT_CONCURRENCY);
    let max_rate_limit_waits = count(options, "maxRateLimitWaits", bulk::RATE_LIMIT_WAITS)?
        .unwrap_or(bulk::DEFAULT_RATE_LIMIT_WAITS);
    let mode = mode(options)?;
    let dry_run = flag(options, "dryRun")?;
    let force = flag(options, "force")?;
    Ok(ApplyToProjects {
        total: projects(group_ids)?,
        concurrency,
        max_rate_limit_waits,
        mode,
        dry_run,
        force,
    })
}

/// `mode`: exactly one of the names of [`Mode`], [`Mode::Apply`] when absent.
fn mode(options: &JsValue) -> Result<Mode, JsValue> {
    let raw = prop(options, "mode");
    if raw.is_undefined() || raw.is_null() {
        return Ok(Mode::Apply);
    }
    raw.as_string()
        .as_deref()
        .and_then(Mode::from_id)
        .ok_or_else(|| {
            let names: Vec<String> = Mode::ALL
                .iter()
                .map(|m| format!("\"{}\"", m.id()))
                .collect();
            errors::config(
                "invalid_option",
                &format!("mode must be {}.", names.join(" or ")),
            )
        })
}

/// How many project ids there are: `group_ids` must be an array of at most
/// [`bulk::MAX_PROJECTS`] (each id is judged when its project is planned).
fn projects(group_ids: &JsValue) -> Result<u32, JsValue> {
    let refused = || {
        errors::config(
            "invalid_option",
            &format!(
                "groupIds must be an array of at most {} project ids.",
                bulk::MAX_PROJECTS
            ),
        )
    };
    if !js::is_array(group_ids) {
        return Err(refused());
    }
    prop(group_ids, "length")
        .as_f64()
        .and_then(|n| WholeRange::new(0, bulk::MAX_PROJECTS).check(n))
        .ok_or_else(refused)
}
