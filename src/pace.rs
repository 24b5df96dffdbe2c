//! How fast to send under Atlas's token-bucket rate limit (INTEGRATIONS.md §1.3). Pure: the
//! caller passes the time and sleeps for the delay this returns, so every branch is tested
//! natively.
//!
//! Atlas gives each endpoint set and scope a bucket of `capacity` tokens refilled at
//! `refillRate` tokens every `refillDurationSeconds`; each request takes a token, and an
//! empty bucket answers 429. A client that learns the bucket and spends no faster than it
//! refills stays under the limit for a whole bulk run instead of bouncing off it.
//!
//! What the pacer learns from, by source:
//! - `RateLimit-Limit` (the capacity) and `RateLimit-Remaining` (tokens left) on answers,
//!   when the server sends them (Atlas may not; Cloud Manager and Ops Manager never do);
//! - a 429 `RATE_LIMITED_TOKEN_BUCKET` body, whose `parameters` are `[endpoint set,
//!   retry-after seconds, capacity, refill rate, refill duration seconds]`: the only source
//!   of the refill rate;
//! - `Retry-After` on a 429, which is always honoured (within the cap).
//!
//! Until the refill is known it only reacts to 429s, as a client without pacing does. The
//! schedule is the generic cell rate algorithm (GCRA): one token every `refill duration /
//! refill rate`, with a burst of up to `capacity` tokens. One pacer serves every concurrent
//! call of a client: each [`Pacer::before_send`] reserves its own slot.

use serde_json::Value;

use crate::retry::RetryPolicy;

/// The caller's pacing settings (JS: `pacing: { enabled, maxDelayMs }`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaceOptions {
    /// Spend tokens no faster than they refill (default). Off, the pacer still honours
    /// `Retry-After` and backs off after 429s, as the client did before pacing.
    pub enabled: bool,
    /// The longest single wait, a `Retry-After` included: the documented retry cap
    /// (`RetryPolicy::max_delay_ms`, 30 s by default). A server asking for 24 hours gets
    /// this, not a caller hung for a day (nor a `setTimeout` overflow).
    pub max_delay_ms: u32,
    /// The first pause after a 429 without `Retry-After`, doubled on each 429 in a row: the
    /// client's `retries.baseDelayMs`, so that its retry backoff and the pacer's pause are
    /// one schedule, not two that add up. Not a JS option of its own.
    pub base_backoff_ms: u32,
}

impl PaceOptions {
    /// The JS option `pacing` as JSON: `null` or `true` (on), `false` (off), or
    /// `{ enabled?: boolean, maxDelayMs?: whole number }`; the cap defaults to the retry
    /// policy's `max_delay_ms` and the backoff is always its `base_delay_ms`. `None` for
    /// anything else, unknown keys included. Read by hand rather than through serde: a
    /// typed deserialisation brings float formatting (its error messages) into the wasm.
    pub fn from_json(pacing: &Value, retry: &RetryPolicy) -> Option<PaceOptions> {
        let mut options = PaceOptions {
            enabled: true,
            max_delay_ms: retry.max_delay_ms,
            base_backoff_ms: retry.base_delay_ms,
        };
        match pacing {
            Value::Null | Value::Bool(true) => {}
            Value::Bool(false) => options.enabled = false,
            Value::Object(map) => {
                for (key, value) in map {
                    match key.as_str() {
                        "enabled" => options.enabled = value.as_bool()?,
                        "maxDelayMs" => {
                            options.max_delay_ms = value
                                .as_u64()
                                .and_then(|n| u32::try_from(n).ok())
                                .filter(|n| *n <= i32::MAX as u32)?
                        }
                        _ => return None,
                    }
                }
            }
            _ => return None,
        }
        Some(options)
    }
}

impl Default for PaceOptions {
    fn default() -> Self {
        let retry = RetryPolicy::default();
        PaceOptions {
            enabled: true,
            max_delay_ms: retry.max_delay_ms,
            base_backoff_ms: retry.base_delay_ms,
        }
    }
}

/// What one answer said about the rate limit ([`Observed::from_reply`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observed {
    /// The HTTP status of the answer (0: no answer at all).
    pub status: u16,
    /// `RateLimit-Limit`: the bucket's capacity.
    pub ratelimit_limit: Option<f64>,
    /// `RateLimit-Remaining`: tokens left after this request.
    pub ratelimit_remaining: Option<f64>,
    /// `Retry-After`, in milliseconds.
    pub retry_after_ms: Option<f64>,
    /// The `parameters` of a 429's `ApiError` body (anything else is ignored).
    pub parameters: Option<Value>,
}

impl Observed {
    /// What one reply says about the rate limit: its `status`, the `RateLimit-Limit` and
    /// `RateLimit-Remaining` headers as sent (integers; anything else is ignored),
    /// `Retry-After` already read into milliseconds, and, for a 429 only, the `parameters`
    /// of its `ApiError` body (which is read no further: a body that is not JSON teaches
    /// nothing).
    pub fn from_reply(
        status: u16,
        limit: Option<&str>,
        remaining: Option<&str>,
        retry_after_ms: Option<u64>,
        body: &str,
    ) -> Observed {
        let parameters = (status == 429)
            .then(|| serde_json::from_str::<Value>(body).ok())
            .flatten()
            .and_then(|mut v| v.get_mut("parameters").map(Value::take));
        Observed {
            status,
            ratelimit_limit: limit.and_then(figure),
            ratelimit_remaining: remaining.and_then(figure),
            // Milliseconds fit an f64 exactly far beyond any wait.
            retry_after_ms: retry_after_ms.map(|ms| ms as f64),
            parameters,
        }
    }
}

/// A `RateLimit-*` header's integer (`"100"`, `" 7 "`); `None` for anything else.
fn figure(header: &str) -> Option<f64> {
    let text = header.trim();
    if text.is_empty() || text.len() > 10 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u32>().ok().map(f64::from)
}

/// A token bucket as Atlas describes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    /// Tokens the bucket holds when full: the largest burst.
    pub capacity: u32,
    /// Milliseconds between two tokens of the refill (`duration / rate`), > 0.
    pub interval_ms: f64,
}

/// The largest capacity or refill count believed: larger figures are noise, not a limit.
const MAX_FIGURE: f64 = 1_000_000.0;

impl Bucket {
    /// The bucket a 429's `parameters` describe: `[set, retry-after s, capacity, refill
    /// rate, refill duration s]`. `None` unless all three figures are positive and sane.
    pub fn from_parameters(parameters: &Value) -> Option<Bucket> {
        let p = parameters.as_array()?;
        let figure = |i: usize| {
            p.get(i)
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite() && *n >= 1.0 && *n <= MAX_FIGURE)
        };
        let (capacity, rate, seconds) = (figure(2)?, figure(3)?, figure(4)?);
        // Both within [1, 1e6]: the interval is within [1 µs, 1e9 ms].
        Some(Bucket {
            capacity: capacity as u32,
            interval_ms: seconds * 1000.0 / rate,
        })
    }
}

/// What [`Pacer::before_send`] asks of the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Slot {
    /// Wait this long, then send: a token is reserved for this request.
    Send { wait_ms: u32 },
    /// No token within the cap: wait this long (the cap), then ask again.
    Later { wait_ms: u32 },
}

/// Tokens are spent 2% slower than the bucket refills: requests reach the server later than
/// they leave, by a latency that varies, and a schedule at exactly the refill rate would
/// meet an empty bucket whenever one arrives early. The slack refills the server's bucket a
/// token every 50, a buffer against that jitter, for 2% of the run's time.
const SPACING: f64 = 1.02;

/// The rate-limit state of one client (or one bulk run), shared by all its calls.
#[derive(Clone, Debug)]
pub struct Pacer {
    options: PaceOptions,
    /// Learned from a 429's parameters; the capacity also from `RateLimit-Limit`.
    bucket: Option<Bucket>,
    /// `RateLimit-Limit` seen before the refill is known.
    capacity_hint: Option<u32>,
    /// GCRA's theoretical arrival time: when the bucket will be full again.
    tat_ms: f64,
    /// Nothing is sent before this (a `Retry-After` or a backoff).
    pause_until_ms: f64,
    /// 429s in a row, counted only for requests sent after the previous pause ended.
    rejections: u32,
}

impl Pacer {
    pub fn new(options: PaceOptions) -> Pacer {
        Pacer {
            options,
            bucket: None,
            capacity_hint: None,
            tat_ms: f64::NEG_INFINITY,
            pause_until_ms: f64::NEG_INFINITY,
            rejections: 0,
        }
    }

    /// The bucket learned so far (`None` until a 429 told the refill).
    pub fn bucket(&self) -> Option<Bucket> {
        self.bucket
    }

    fn cap(&self) -> f64 {
        f64::from(self.options.max_delay_ms)
    }

    /// Called right before sending, at `now_ms`: how long to wait first. With pacing on and
    /// a known bucket, a token is reserved, so concurrent calls queue one interval apart.
    pub fn before_send(&mut self, now_ms: f64) -> Slot {
        let now = if now_ms.is_finite() { now_ms } else { 0.0 };
        let start = now.max(self.pause_until_ms);
        let ready = match self.bucket.filter(|_| self.options.enabled) {
            Some(b) => {
                let interval = b.interval_ms * SPACING;
                let tat = self.tat_ms.max(start);
                let burst = f64::from(b.capacity.saturating_sub(1)) * interval;
                let ready = start.max(tat - burst);
                if ready - now > self.cap() {
                    return Slot::Later {
                        wait_ms: self.options.max_delay_ms,
                    };
                }
                self.tat_ms = tat + interval;
                ready
            }
            None => start,
        };
        // Not `f64::clamp`: its bound assertion formats floats, which would bring core's
        // float printing into the wasm module for a panic that cannot happen here.
        let wait = (ready - now).max(0.0).min(self.cap());
        // Within [0, u32::MAX] after max/min.
        Slot::Send {
            wait_ms: wait.ceil() as u32,
        }
    }

    /// Called with every answer (or failure) at `now_ms`.
    pub fn observe(&mut self, now_ms: f64, seen: &Observed) {
        let now = if now_ms.is_finite() { now_ms } else { 0.0 };
        if let Some(limit) = whole(seen.ratelimit_limit).filter(|n| *n >= 1) {
            match self.bucket.as_mut() {
                Some(b) => b.capacity = limit,
                None => self.capacity_hint = Some(limit),
            }
        }
        if seen.status == 429 {
            self.rejected(now, seen);
            return;
        }
        if seen.status != 0 {
            self.rejections = 0;
        }
        if let (Some(remaining), Some(b)) = (whole(seen.ratelimit_remaining), self.bucket) {
            // One token of slack: the count was taken when the server processed the request,
            // earlier than `now`, and rounded down.
            self.sync(now, b, remaining.saturating_add(1));
        }
    }

    /// The server's count is the truth when it has fewer tokens than we think (another
    /// client spends from the same bucket); ours is when it has more (our calls in flight).
    fn sync(&mut self, now: f64, b: Bucket, remaining: u32) {
        let spent = f64::from(b.capacity.saturating_sub(remaining));
        self.tat_ms = self.tat_ms.max(now + spent * b.interval_ms * SPACING);
    }

    fn rejected(&mut self, now: f64, seen: &Observed) {
        // A bucket that refills slower than one token per wait cap cannot be paced within
        // the cap: believed, its first token would lie beyond the cap for every later call,
        // each then waiting `MAX_SLOT_ROUNDS` caps (50 minutes by default) before it is
        // sent, and one 429 with such figures (a proxy's, a hostile server's) would stall
        // the client until that token. It is not believed: the pacer keeps reacting to 429s.
        let paceable = |b: &Bucket| b.interval_ms * SPACING <= self.cap();
        let learned = seen
            .parameters
            .as_ref()
            .and_then(Bucket::from_parameters)
            .filter(paceable);
        if let Some(mut b) = learned {
            if let Some(limit) = self.capacity_hint.take() {
                b.capacity = limit;
            }
            self.bucket = Some(b);
        }
        // A 429 for a request sent during the pause is the same event as the one that
        // started it; only a retry after the pause that fails again backs off further.
        if now >= self.pause_until_ms {
            self.rejections = self.rejections.saturating_add(1);
        }
        let factor = f64::from(1u32 << self.rejections.clamp(1, 16).saturating_sub(1));
        let asked = seen
            .retry_after_ms
            .filter(|ms| *ms >= 0.0) // NaN fails this too; infinity is clamped below
            .unwrap_or(f64::from(self.options.base_backoff_ms));
        let wait = (asked * factor).min(self.cap());
        self.pause_until_ms = self.pause_until_ms.max(now + wait);
        if let Some(b) = self.bucket {
            self.sync(now, b, 0);
        }
    }
}

/// A header figure as a whole number of tokens (negative, fractional or absurd: none).
fn whole(n: Option<f64>) -> Option<u32> {
    n.filter(|n| n.is_finite() && *n >= 0.0 && *n <= MAX_FIGURE)
        .map(|n| n as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CAP: u32 = 30_000;

    fn pacer() -> Pacer {
        Pacer::new(PaceOptions::default())
    }

    fn too_many(retry_after_ms: Option<f64>, parameters: Option<Value>) -> Observed {
        Observed {
            status: 429,
            retry_after_ms,
            parameters,
            ..Observed::default()
        }
    }

    /// Atlas's documented example: capacity 10, 5 tokens every 60 s (one per 12 s).
    fn atlas_429() -> Observed {
        too_many(
            Some(55_000.0),
            Some(json!(["api/atlas/v2/orgs", 55, 10, 5, 60])),
        )
    }

    fn waits(p: &mut Pacer, now: f64, n: usize) -> Vec<u32> {
        (0..n)
            .map(|_| match p.before_send(now) {
                Slot::Send { wait_ms } => wait_ms,
                Slot::Later { .. } => u32::MAX,
            })
            .collect()
    }

    #[test]
    fn reads_what_a_reply_says_about_the_limit() {
        let body = r#"{"error":429,"errorCode":"RATE_LIMITED_TOKEN_BUCKET","parameters":["set",55,10,5,60]}"#;
        let seen = Observed::from_reply(429, Some("10"), Some(" 0 "), Some(55_000), body);
        assert_eq!(
            seen,
            Observed {
                status: 429,
                ratelimit_limit: Some(10.0),
                ratelimit_remaining: Some(0.0),
                retry_after_ms: Some(55_000.0),
                parameters: Some(json!(["set", 55, 10, 5, 60])),
            }
        );
        // Parameters only from a 429; odd headers and bodies teach nothing.
        let ok = Observed::from_reply(200, Some("10, 10;w=60"), Some("-1"), None, body);
        assert_eq!(ok.parameters, None);
        assert_eq!((ok.ratelimit_limit, ok.ratelimit_remaining), (None, None));
        for odd in ["", "<html>", "[1,2]", "{\"parameters\"", "null"] {
            assert_eq!(
                Observed::from_reply(429, Some("1e3"), Some("99999999999"), None, odd).parameters,
                None
            );
        }
        assert_eq!(
            Observed::from_reply(429, Some("1e3"), None, None, "").ratelimit_limit,
            None
        );
        assert_eq!(
            Observed::from_reply(429, None, Some("99999999999"), None, "").ratelimit_remaining,
            None
        );
    }

    #[test]
    fn reads_the_bucket_from_a_429s_parameters() {
        assert_eq!(
            Bucket::from_parameters(&json!(["api/atlas/v2/orgs", 55, 10, 5, 60])),
            Some(Bucket {
                capacity: 10,
                interval_ms: 12_000.0
            })
        );
        for bad in [
            json!(["set", 55, 0, 5, 60]),
            json!(["set", 55, 10, 5]),
            json!(["set", 55, 10, "5", 60]),
            json!(["set", 55, 10, 5, 1e300]),
            json!(["set", 55, 10, -5, 60]),
            json!({"capacity": 10}),
            json!(null),
        ] {
            assert_eq!(Bucket::from_parameters(&bad), None, "{bad}");
        }
    }

    #[test]
    fn without_any_rate_limit_information_it_never_waits() {
        let mut p = pacer();
        for now in [0.0, 1.0, 2.0] {
            p.observe(now, &Observed::default());
            assert_eq!(waits(&mut p, now, 50), vec![0; 50]);
        }
    }

    #[test]
    fn without_headers_or_parameters_it_reacts_to_429s_only() {
        // Cloud Manager / Ops Manager: a 429 with Retry-After, nothing else.
        let mut p = pacer();
        p.observe(0.0, &too_many(Some(2_000.0), None));
        assert_eq!(p.before_send(0.0), Slot::Send { wait_ms: 2_000 });
        assert_eq!(p.before_send(1_500.0), Slot::Send { wait_ms: 500 });
        assert_eq!(p.before_send(2_000.0), Slot::Send { wait_ms: 0 });
        assert_eq!(p.bucket(), None);
        // Without Retry-After either: the retry policy's base delay, doubled by a second 429.
        let mut p = Pacer::new(PaceOptions {
            base_backoff_ms: 200,
            ..PaceOptions::default()
        });
        p.observe(0.0, &too_many(None, None));
        assert_eq!(p.before_send(0.0), Slot::Send { wait_ms: 200 });
        p.observe(200.0, &too_many(None, None));
        assert_eq!(p.before_send(200.0), Slot::Send { wait_ms: 400 });
    }

    #[test]
    fn paces_at_the_refill_rate_once_the_bucket_is_known() {
        let mut p = pacer();
        p.observe(0.0, &too_many(Some(0.0), Some(json!(["s", 0, 3, 10, 1]))));
        // Empty bucket, 10 tokens a second: one request every 100 ms (102 with the spacing), each reserved.
        assert_eq!(waits(&mut p, 0.0, 4), vec![102, 204, 306, 408]);
        // Idle for long enough refills the bucket: a burst of `capacity`, then the rate.
        assert_eq!(waits(&mut p, 10_000.0, 4), vec![0, 0, 0, 102]);
    }

    #[test]
    fn concurrent_callers_share_one_schedule() {
        // Eight workers asking at the same instant get eight different slots.
        let mut p = pacer();
        p.observe(0.0, &too_many(Some(0.0), Some(json!(["s", 0, 1, 4, 1]))));
        let w = waits(&mut p, 0.0, 8);
        assert_eq!(w, vec![255, 510, 765, 1020, 1275, 1530, 1785, 2040]);
    }

    #[test]
    fn remaining_below_our_estimate_slows_down_above_it_does_not() {
        let mut p = pacer();
        p.observe(0.0, &too_many(Some(0.0), Some(json!(["s", 0, 10, 10, 1]))));
        assert_eq!(waits(&mut p, 10_000.0, 1), vec![0]); // full again after 10 s
        let mut slow = p.clone();
        // Another client emptied the bucket: the server says 0 left (taken as 1, the slack
        // for the time the answer took and the rounding down).
        slow.observe(
            10_000.0,
            &Observed {
                status: 200,
                ratelimit_remaining: Some(0.0),
                ..Observed::default()
            },
        );
        assert_eq!(waits(&mut slow, 10_000.0, 2), vec![0, 102]);
        // The server says 9 left (what we think too): the burst goes on.
        p.observe(
            10_000.0,
            &Observed {
                status: 200,
                ratelimit_remaining: Some(9.0),
                ..Observed::default()
            },
        );
        assert_eq!(waits(&mut p, 10_000.0, 2), vec![0, 0]);
    }

    #[test]
    fn ratelimit_limit_sets_the_capacity() {
        let mut p = pacer();
        let with_limit = Observed {
            status: 200,
            ratelimit_limit: Some(2.0),
            ..Observed::default()
        };
        p.observe(0.0, &with_limit);
        p.observe(0.0, &too_many(Some(0.0), Some(json!(["s", 0, 50, 10, 1]))));
        assert_eq!(p.bucket().map(|b| b.capacity), Some(2));
        assert_eq!(waits(&mut p, 60_000.0, 3), vec![0, 0, 102]);
    }

    #[test]
    fn honours_retry_after_and_backs_off_further_when_the_retry_fails_too() {
        let mut p = pacer();
        p.observe(0.0, &too_many(Some(10_000.0), None));
        assert_eq!(p.before_send(0.0), Slot::Send { wait_ms: 10_000 });
        // Answers to requests sent before the pause are the same event: no escalation.
        p.observe(100.0, &too_many(Some(10_000.0), None));
        assert_eq!(p.before_send(100.0), Slot::Send { wait_ms: 10_000 });
        // The retry after the pause fails too: 20 s, then 40 s (the docs' example).
        p.observe(10_200.0, &too_many(Some(10_000.0), None));
        assert_eq!(p.before_send(10_200.0), Slot::Send { wait_ms: 20_000 });
        p.observe(30_300.0, &too_many(Some(10_000.0), None));
        assert_eq!(p.before_send(30_300.0), Slot::Send { wait_ms: CAP });
        // A success ends the streak.
        p.observe(
            70_300.0,
            &Observed {
                status: 200,
                ..Observed::default()
            },
        );
        p.observe(70_400.0, &too_many(Some(1_000.0), None));
        assert_eq!(p.before_send(70_400.0), Slot::Send { wait_ms: 1_000 });
    }

    #[test]
    fn every_wait_is_clamped_to_the_cap() {
        // Issue 16 item 5: a 24 h Retry-After (or an HTTP date far in the future).
        for asked in [86_400_000.0, 1e300, f64::INFINITY] {
            let mut p = pacer();
            p.observe(0.0, &too_many(Some(asked), None));
            assert_eq!(p.before_send(0.0), Slot::Send { wait_ms: CAP }, "{asked}");
        }
        let mut small = Pacer::new(PaceOptions {
            max_delay_ms: 50,
            ..PaceOptions::default()
        });
        small.observe(0.0, &atlas_429());
        // A 12 s token cannot be paced within 50 ms: the bucket is not believed, the pause
        // after the 429 is the cap.
        assert_eq!(small.bucket(), None);
        assert_eq!(small.before_send(0.0), Slot::Send { wait_ms: 50 });
    }

    #[test]
    fn a_token_beyond_the_cap_is_not_reserved() {
        // One token every 12 s (12.24 s with the spacing), cap 30 s: the third would wait 36.7 s.
        let mut p = pacer();
        p.observe(0.0, &too_many(Some(0.0), Some(json!(["s", 0, 10, 5, 60]))));
        assert_eq!(
            waits(&mut p, 0.0, 3),
            vec![12_240, 24_480, u32::MAX],
            "the third is told to ask again later"
        );
        assert_eq!(p.before_send(0.0), Slot::Later { wait_ms: CAP });
        // Asking again later gets the slot the refused call did not take.
        assert_eq!(p.before_send(30_000.0), Slot::Send { wait_ms: 6_720 });
    }

    #[test]
    fn pacing_off_still_honours_retry_after() {
        let mut p = Pacer::new(PaceOptions {
            enabled: false,
            ..PaceOptions::default()
        });
        p.observe(0.0, &atlas_429());
        assert_eq!(p.before_send(0.0), Slot::Send { wait_ms: CAP });
        assert_eq!(waits(&mut p, 60_000.0, 20), vec![0; 20]);
    }

    #[test]
    fn a_bucket_slower_than_the_cap_is_not_believed() {
        // One token per 1e6 s: believed, every later call would wait 100 caps.
        let mut p = pacer();
        p.observe(
            0.0,
            &too_many(Some(0.0), Some(json!(["s", 0, 1, 1, 1_000_000]))),
        );
        assert_eq!(p.bucket(), None);
        assert_eq!(p.before_send(1_000.0), Slot::Send { wait_ms: 0 });
        // Just within the cap (29 s a token, 2% slack included): believed and paced.
        let mut p = pacer();
        p.observe(0.0, &too_many(Some(0.0), Some(json!(["s", 0, 1, 1, 29]))));
        assert!(p.bucket().is_some());
        assert_eq!(p.before_send(0.0), Slot::Send { wait_ms: 29_580 });
    }

    #[test]
    fn hostile_numbers_never_panic() {
        let mut p = pacer();
        for now in [f64::NAN, f64::INFINITY, -1e300, 1e300, 0.0] {
            p.observe(
                now,
                &Observed {
                    status: 429,
                    ratelimit_limit: Some(f64::NAN),
                    ratelimit_remaining: Some(-1.0),
                    retry_after_ms: Some(f64::NEG_INFINITY),
                    parameters: Some(json!(["s", 1e308, 1e308, 1e-308, 1e308])),
                },
            );
            let _ = p.before_send(now);
        }
    }

    #[test]
    fn options_from_json_with_defaults_and_unknown_keys_refused() {
        let retry = RetryPolicy {
            base_delay_ms: 200,
            ..RetryPolicy::default()
        };
        let on = PaceOptions {
            enabled: true,
            max_delay_ms: CAP,
            base_backoff_ms: 200,
        };
        assert_eq!(PaceOptions::from_json(&json!(null), &retry), Some(on));
        assert_eq!(PaceOptions::from_json(&json!(true), &retry), Some(on));
        let off = PaceOptions {
            enabled: false,
            ..on
        };
        assert_eq!(PaceOptions::from_json(&json!(false), &retry), Some(off));
        assert_eq!(
            PaceOptions::from_json(&json!({"enabled": false}), &retry),
            Some(off)
        );
        assert_eq!(
            PaceOptions::from_json(&json!({"maxDelayMs": 20}), &retry),
            Some(PaceOptions {
                max_delay_ms: 20,
                ..on
            })
        );
        for bad in [
            json!({"enable": false}),
            json!({"baseBackoffMs": 1}),
            json!({"enabled": "yes"}),
            json!({"maxDelayMs": 1.5}),
            json!({"maxDelayMs": -1}),
            json!({"maxDelayMs": 4_294_967_296_u64}),
            json!({"maxDelayMs": 2_147_483_648_u64}),
            json!("on"),
            json!(1),
            json!([]),
        ] {
            assert_eq!(PaceOptions::from_json(&bad, &retry), None, "{bad}");
        }
    }
}
