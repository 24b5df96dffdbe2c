//! When to try a request again. Pure, so every branch is tested natively; the client only
//! sleeps for the delay this returns.
//!
//! Only idempotent methods (GET, PUT, DELETE) are ever retried: a POST that timed out or
//! hit a reset may have been applied, and a blind second POST could act twice.

use serde::Deserialize;

/// The caller's retry settings (JS: `retries: { max, baseDelayMs, maxDelayMs }`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 turns retrying off).
    pub max: u32,
    /// First backoff delay; doubled on every retry.
    pub base_delay_ms: u32,
    /// Upper bound for any single wait, `Retry-After` included: a server asking for a
    /// longer wait gets an error instead of a hung caller.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max: 2,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
        }
    }
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// An HTTP status, with the server's `Retry-After` already turned into milliseconds.
    Status {
        status: u16,
        retry_after_ms: Option<u64>,
    },
    /// No response at all (refused, reset, DNS).
    NetworkError,
}

/// The decision for the attempt that just ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Wait this long, then try again.
    RetryAfter(u32),
    /// Stop and report the outcome.
    Stop,
}

/// `attempt` counts from 0 (the first try); `jitter` gives a random number in `[0, 1)` that
/// spreads backoff delays ("full jitter") so many clients do not retry in lockstep. It is
/// called only for a backoff delay: in wasm each call is a crossing into JS, and most
/// attempts end without one.
pub fn decide(
    policy: &RetryPolicy,
    idempotent: bool,
    attempt: u32,
    outcome: Outcome,
    jitter: impl FnOnce() -> f64,
) -> Decision {
    if !idempotent || attempt >= policy.max {
        return Decision::Stop;
    }
    let retry_after_ms = match outcome {
        Outcome::Status {
            status,
            retry_after_ms,
        } if status == 429 || status == 503 => retry_after_ms,
        Outcome::Status { .. } => return Decision::Stop,
        Outcome::NetworkError => None,
    };
    match retry_after_ms {
        Some(ms) if ms > u64::from(policy.max_delay_ms) => Decision::Stop,
        Some(ms) => Decision::RetryAfter(u32::try_from(ms).unwrap_or(policy.max_delay_ms)),
        None => Decision::RetryAfter(backoff(policy, attempt, jitter())),
    }
}

/// `base * 2^attempt`, capped, scaled by `jitter` but never below half the step so that a
/// retry is not immediate.
// max/min, not `f64::clamp`: its bound assertion would bring core's float formatting into
// the wasm module for a panic that cannot happen.
#[allow(clippy::manual_clamp)]
fn backoff(policy: &RetryPolicy, attempt: u32, jitter: f64) -> u32 {
    let step = u64::from(policy.base_delay_ms)
        .saturating_mul(1u64 << attempt.min(20))
        .min(u64::from(policy.max_delay_ms));
    let jitter = if jitter.is_finite() {
        jitter.max(0.0).min(1.0)
    } else {
        0.5
    };
    let delay = (step as f64) * (0.5 + jitter / 2.0);
    // `delay` is within [0, max_delay_ms], so the conversion cannot overflow.
    delay as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy {
        max: 3,
        base_delay_ms: 100,
        max_delay_ms: 1_000,
    };

    fn status(status: u16, retry_after_ms: Option<u64>) -> Outcome {
        Outcome::Status {
            status,
            retry_after_ms,
        }
    }

    #[test]
    fn post_is_never_retried() {
        for o in [
            status(429, Some(1)),
            status(503, None),
            Outcome::NetworkError,
        ] {
            assert_eq!(decide(&P, false, 0, o, || 0.0), Decision::Stop);
        }
    }

    #[test]
    fn retries_429_503_and_network_errors_only() {
        assert_eq!(
            decide(&P, true, 0, status(429, None), || 0.0),
            Decision::RetryAfter(50)
        );
        assert_eq!(
            decide(&P, true, 0, status(503, None), || 1.0),
            Decision::RetryAfter(100)
        );
        assert_eq!(
            decide(&P, true, 0, Outcome::NetworkError, || 0.0),
            Decision::RetryAfter(50)
        );
        for s in [400, 401, 404, 409, 500, 502, 200] {
            assert_eq!(
                decide(&P, true, 0, status(s, None), || 0.0),
                Decision::Stop,
                "{s}"
            );
        }
    }

    #[test]
    fn honours_retry_after_within_the_cap() {
        assert_eq!(
            decide(&P, true, 0, status(429, Some(700)), || 0.0),
            Decision::RetryAfter(700)
        );
        assert_eq!(
            decide(&P, true, 0, status(429, Some(0)), || 0.0),
            Decision::RetryAfter(0)
        );
        assert_eq!(
            decide(&P, true, 0, status(429, Some(5_000)), || 0.0),
            Decision::Stop
        );
    }

    #[test]
    fn bounded_attempts_and_growing_capped_backoff() {
        assert_eq!(
            decide(&P, true, 1, status(503, None), || 1.0),
            Decision::RetryAfter(200)
        );
        assert_eq!(
            decide(&P, true, 2, status(503, None), || 1.0),
            Decision::RetryAfter(400)
        );
        assert_eq!(
            decide(&P, true, 3, status(503, None), || 1.0),
            Decision::Stop
        );
        let big = RetryPolicy { max: 100, ..P };
        assert_eq!(
            decide(&big, true, 60, status(503, None), || 1.0),
            Decision::RetryAfter(1_000)
        );
        assert_eq!(
            decide(&big, true, 5, status(503, None), || f64::NAN),
            Decision::RetryAfter(750)
        );
    }

    #[test]
    fn zero_max_disables_retries() {
        let off = RetryPolicy { max: 0, ..P };
        assert_eq!(
            decide(&off, true, 0, status(503, None), || 0.0),
            Decision::Stop
        );
    }

    #[test]
    fn policy_from_json_with_defaults_and_unknown_keys_refused() {
        let p: RetryPolicy = serde_json::from_str(r#"{"max":5}"#).unwrap();
        assert_eq!(
            p,
            RetryPolicy {
                max: 5,
                ..RetryPolicy::default()
            }
        );
        assert!(serde_json::from_str::<RetryPolicy>(r#"{"maxx":5}"#).is_err());
    }
}
