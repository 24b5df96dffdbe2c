//! One change across many projects (`applyToProjects`): what to send for each project's
//! plan, what each project's outcome is, and the run's report and progress. Pure: JS sends
//! the requests, reads the clock and hands the results here.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::range::WholeRange;

/// The most projects of one run: results and promises for millions of ids at once exhaust
/// V8 (seen: a fatal error at 1,000,001), so larger runs must be split.
pub const MAX_PROJECTS: u32 = 100_000;

/// `concurrency`: projects worked on at once, [`DEFAULT_CONCURRENCY`] by default. More
/// workers than 64 only queue behind the client's pacer.
pub const CONCURRENCY: WholeRange = WholeRange::new(1, 64);
pub const DEFAULT_CONCURRENCY: u32 = 4;

/// `maxRateLimitWaits`: how often one request may wait out a 429 before its project fails,
/// [`DEFAULT_RATE_LIMIT_WAITS`] by default.
pub const RATE_LIMIT_WAITS: WholeRange = WholeRange::new(0, 100);
pub const DEFAULT_RATE_LIMIT_WAITS: u32 = 5;

/// How a run writes (`mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// Plan each project and send only what differs (the default).
    Apply,
    /// Create or replace each project's integration, without a plan.
    Upsert,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Apply, Mode::Upsert];

    /// The name callers give (`"apply"`, `"upsert"`).
    pub const fn id(self) -> &'static str {
        match self {
            Mode::Apply => "apply",
            Mode::Upsert => "upsert",
        }
    }

    /// The mode named exactly `id` (`"Upsert"` is no mode: a near miss must not silently
    /// run another one).
    pub fn from_id(id: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// The write a project's plan calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Write {
    Create,
    Update,
}

impl Write {
    /// The name JS uses, as serialised: the client method that sends it.
    pub const fn id(self) -> &'static str {
        match self {
            Write::Create => "create",
            Write::Update => "update",
        }
    }
}

/// How one project ended. A dry run's outcomes say what a real run would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Outcome {
    Created,
    Updated,
    /// `mode: "upsert"`: created or replaced without a plan.
    Upserted,
    /// Nothing differs.
    Unchanged,
    /// Nothing provably differs, but a masked secret could not be compared (nothing sent
    /// without `force`).
    Unknown,
    /// Dry run: would be created.
    Create,
    /// Dry run: would be updated.
    Update,
    Failed,
}

impl Outcome {
    /// Every outcome, in declaration order.
    pub const ALL: [Outcome; 8] = [
        Outcome::Created,
        Outcome::Updated,
        Outcome::Upserted,
        Outcome::Unchanged,
        Outcome::Unknown,
        Outcome::Create,
        Outcome::Update,
        Outcome::Failed,
    ];

    /// The name JS uses (`"created"`, ...), as serialised.
    pub const fn id(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Upserted => "upserted",
            Outcome::Unchanged => "unchanged",
            Outcome::Unknown => "unknown",
            Outcome::Create => "create",
            Outcome::Update => "update",
            Outcome::Failed => "failed",
        }
    }

    /// The outcome named `id`; `None` for anything else. Read by hand rather than through
    /// serde: a typed deserialisation brings float formatting (its error messages) into the
    /// wasm module.
    pub fn from_id(id: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.id() == id)
    }

    /// The outcome once `write` succeeded.
    pub fn of_write(write: Write) -> Outcome {
        match write {
            Write::Create => Outcome::Created,
            Write::Update => Outcome::Updated,
        }
    }

    /// The outcomes a run of this kind can end with (the keys of its counts).
    fn of_run(dry_run: bool) -> &'static [Outcome] {
        if dry_run {
            &[
                Outcome::Create,
                Outcome::Update,
                Outcome::Unchanged,
                Outcome::Unknown,
                Outcome::Failed,
            ]
        } else {
            &[
                Outcome::Created,
                Outcome::Updated,
                Outcome::Upserted,
                Outcome::Unchanged,
                Outcome::Unknown,
                Outcome::Failed,
            ]
        }
    }
}

/// After a project's plan (`{action, changes}` as `plan` returns it): send a write, or
/// end with an outcome. A dry run never writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Next {
    Send(Write),
    End(Outcome),
}

/// The decision for a plan. An unreadable plan is "unchanged" rather than a write: a
/// write is only sent where the plan says one is needed.
pub fn after_plan(plan: &Value, force: bool, dry_run: bool) -> Next {
    let unknown = plan
        .get("changes")
        .and_then(Value::as_array)
        .is_some_and(|c| c.iter().any(|c| c.get("kind") == Some(&"unknown".into())));
    let write = match plan.get("action").and_then(Value::as_str) {
        Some("create") => Some(Write::Create),
        Some("update") => Some(Write::Update),
        _ if unknown && force => Some(Write::Update),
        _ => None,
    };
    match (write, dry_run) {
        (Some(Write::Create), true) => Next::End(Outcome::Create),
        (Some(Write::Update), true) => Next::End(Outcome::Update),
        (Some(w), false) => Next::Send(w),
        (None, _) if unknown => Next::End(Outcome::Unknown),
        (None, _) => Next::End(Outcome::Unchanged),
    }
}

/// `onProgress`'s figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Progress {
    pub done: u32,
    pub total: u32,
    pub elapsed_ms: f64,
    /// Projects finished per second so far (0 before the first).
    pub rate_per_second: f64,
    /// The time left at that rate (`null` before the first project finished).
    pub eta_ms: Option<f64>,
    /// Time spent waiting for the rate limit so far (summed over the waits, which can
    /// overlap across workers).
    pub rate_limit_wait_ms: f64,
}

/// What `applyToProjects` resolves to, besides each project's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Report {
    pub dry_run: bool,
    pub total: u32,
    /// Projects per outcome (every outcome of the run's kind, zeros included).
    pub counts: BTreeMap<&'static str, u32>,
    pub elapsed_ms: f64,
    pub rate_limit_wait_ms: f64,
    /// How many waits for the rate limit there were.
    pub rate_limit_waits: u32,
    /// The projects that failed, in input order: the ids for a rerun.
    pub failed_ids: Vec<String>,
}

/// The running tally of one bulk run.
#[derive(Debug)]
pub struct BulkRun {
    dry_run: bool,
    total: u32,
    started_ms: f64,
    done: u32,
    counts: BTreeMap<Outcome, u32>,
    /// The id of each failure by its input index: the report lists them in input order,
    /// whatever order they ended in.
    failed: BTreeMap<u32, String>,
    waited_ms: f64,
    waits: u32,
}

fn finite(ms: f64) -> f64 {
    if ms.is_finite() {
        ms
    } else {
        0.0
    }
}

impl BulkRun {
    pub fn new(total: u32, dry_run: bool, now_ms: f64) -> BulkRun {
        BulkRun {
            dry_run,
            total,
            started_ms: finite(now_ms),
            done: 0,
            counts: BTreeMap::new(),
            failed: BTreeMap::new(),
            waited_ms: 0.0,
            waits: 0,
        }
    }

    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// Project number `index` (its place in the input) ended with `outcome`. A failed
    /// project without an id (`None`: the caller's id was not a string) is counted but
    /// cannot be listed for a rerun.
    pub fn record(&mut self, index: u32, group_id: Option<&str>, outcome: Outcome) {
        self.done = self.done.saturating_add(1);
        *self.counts.entry(outcome).or_default() += 1;
        if let (Outcome::Failed, Some(id)) = (outcome, group_id) {
            self.failed.insert(index, id.to_owned());
        }
    }

    /// A wait for the rate limit of `ms` began (negative or non-finite: none).
    pub fn waited(&mut self, ms: f64) {
        if ms.is_finite() && ms > 0.0 {
            self.waited_ms += ms;
            self.waits = self.waits.saturating_add(1);
        }
    }

    fn elapsed(&self, now_ms: f64) -> f64 {
        (finite(now_ms) - self.started_ms).max(0.0)
    }

    pub fn progress(&self, now_ms: f64) -> Progress {
        let elapsed_ms = self.elapsed(now_ms);
        let (rate_per_second, eta_ms) = if self.done == 0 || elapsed_ms <= 0.0 {
            (0.0, None)
        } else {
            let per_ms = f64::from(self.done) / elapsed_ms;
            let left = f64::from(self.total.saturating_sub(self.done));
            (per_ms * 1000.0, Some((left / per_ms).round()))
        };
        Progress {
            done: self.done,
            total: self.total,
            elapsed_ms,
            rate_per_second,
            eta_ms,
            rate_limit_wait_ms: self.waited_ms,
        }
    }

    pub fn report(&self, now_ms: f64) -> Report {
        // Inserted one by one: collecting into a BTreeMap sorts the items first, and that
        // sort's code is larger in the wasm module than this whole function.
        let mut counts = BTreeMap::new();
        for outcome in Outcome::of_run(self.dry_run)
            .iter()
            .chain(self.counts.keys())
        {
            counts.insert(outcome.id(), self.counts.get(outcome).copied().unwrap_or(0));
        }
        Report {
            dry_run: self.dry_run,
            total: self.total,
            counts,
            elapsed_ms: self.elapsed(now_ms),
            rate_limit_wait_ms: self.waited_ms,
            rate_limit_waits: self.waits,
            failed_ids: self.failed.values().cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_ids_are_their_serialised_names() {
        for o in Outcome::ALL {
            assert_eq!(serde_json::to_value(o).unwrap(), serde_json::json!(o.id()));
            assert_eq!(Outcome::from_id(o.id()), Some(o));
        }
        for w in [Write::Create, Write::Update] {
            assert_eq!(serde_json::to_value(w).unwrap(), serde_json::json!(w.id()));
        }
        assert_eq!(Outcome::from_id("Created"), None);
    }

    #[test]
    fn a_mode_is_named_exactly() {
        for m in Mode::ALL {
            assert_eq!(Mode::from_id(m.id()), Some(m));
        }
        for near in ["Upsert", "APPLY", " apply", "upsert ", "true", ""] {
            assert_eq!(Mode::from_id(near), None, "{near}");
        }
    }
    use serde_json::json;

    fn plan(action: &str, kinds: &[&str]) -> Value {
        let changes: Vec<Value> = kinds
            .iter()
            .map(|k| json!({"field": "f", "kind": k}))
            .collect();
        json!({"action": action, "changes": changes, "body": null})
    }

    #[test]
    fn a_plan_decides_the_write() {
        assert_eq!(
            after_plan(&plan("create", &[]), false, false),
            Next::Send(Write::Create)
        );
        assert_eq!(
            after_plan(&plan("update", &["changed", "unknown"]), false, false),
            Next::Send(Write::Update)
        );
        assert_eq!(
            after_plan(&plan("none", &[]), false, false),
            Next::End(Outcome::Unchanged)
        );
        assert_eq!(
            after_plan(&plan("none", &["unknown"]), false, false),
            Next::End(Outcome::Unknown)
        );
        assert_eq!(
            after_plan(&plan("none", &["unknown"]), true, false),
            Next::Send(Write::Update)
        );
        assert_eq!(
            after_plan(&json!("garbage"), true, false),
            Next::End(Outcome::Unchanged)
        );
    }

    #[test]
    fn a_dry_run_never_writes() {
        for (p, force, want) in [
            (plan("create", &[]), false, Outcome::Create),
            (plan("update", &["changed"]), false, Outcome::Update),
            (plan("none", &[]), true, Outcome::Unchanged),
            (plan("none", &["unknown"]), false, Outcome::Unknown),
            (plan("none", &["unknown"]), true, Outcome::Update),
        ] {
            assert_eq!(after_plan(&p, force, true), Next::End(want), "{p}");
        }
    }

    #[test]
    fn the_report_counts_outcomes_and_lists_failures_in_input_order() {
        let mut run = BulkRun::new(6, false, 1_000.0);
        run.record(3, Some("p3"), Outcome::Failed);
        run.record(0, Some("p0"), Outcome::of_write(Write::Create));
        run.record(1, Some("p1"), Outcome::Failed);
        run.record(2, Some("p2"), Outcome::Unknown);
        run.record(4, Some("p4"), Outcome::of_write(Write::Update));
        run.record(5, None, Outcome::Failed);
        run.waited(250.0);
        run.waited(-1.0);
        run.waited(f64::NAN);
        run.waited(750.0);
        let r = run.report(3_000.0);
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({
                "dryRun": false, "total": 6,
                "counts": {"created": 1, "updated": 1, "upserted": 0, "unchanged": 0, "unknown": 1, "failed": 3},
                "elapsedMs": 2000.0, "rateLimitWaitMs": 1000.0, "rateLimitWaits": 2,
                "failedIds": ["p1", "p3"],
            })
        );
    }

    #[test]
    fn a_dry_runs_counts_say_what_would_happen() {
        let mut run = BulkRun::new(2, true, 0.0);
        run.record(0, Some("a"), Outcome::Create);
        run.record(1, Some("b"), Outcome::Unchanged);
        let counts = run.report(1.0).counts;
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            vec![
                ("create", 1),
                ("failed", 0),
                ("unchanged", 1),
                ("unknown", 0),
                ("update", 0)
            ]
        );
    }

    #[test]
    fn progress_gives_a_rate_and_an_eta() {
        let mut run = BulkRun::new(10, false, 0.0);
        let start = run.progress(0.0);
        assert_eq!((start.rate_per_second, start.eta_ms), (0.0, None));
        for i in 0..4 {
            run.record(i, Some("p"), Outcome::Unchanged);
        }
        let p = run.progress(2_000.0);
        assert_eq!(p.done, 4);
        assert_eq!(p.rate_per_second, 2.0);
        assert_eq!(p.eta_ms, Some(3_000.0));
        // A clock that goes backwards or is not a number never panics nor divides by 0.
        for now in [-5.0, f64::NAN, f64::INFINITY] {
            let p = run.progress(now);
            assert_eq!((p.elapsed_ms, p.eta_ms), (0.0, None));
        }
    }
}
