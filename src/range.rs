//! Whole-number options and their ranges (`concurrency`, `maxPages`, `timeoutMs`, ...): one
//! definition per option of what it accepts, for the check and for its message alike.

/// The whole numbers from `min` to `max`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WholeRange {
    pub min: u32,
    pub max: u32,
}

impl WholeRange {
    pub const fn new(min: u32, max: u32) -> WholeRange {
        WholeRange { min, max }
    }

    /// `n` when it is a whole number in the range; `None` for a fraction, NaN, an infinity
    /// or a number outside it (JS numbers arrive as `f64`).
    pub fn check(self, n: f64) -> Option<u32> {
        (n.fract() == 0.0 && (f64::from(self.min)..=f64::from(self.max)).contains(&n))
            .then_some(n as u32)
    }

    /// What the range accepts, for messages: `"a whole number from 1 to 64"`, with `unit`
    /// (`"milliseconds"`) after "number of" when given.
    pub fn describe(self, unit: Option<&str>) -> String {
        let of = unit.map(|u| format!(" of {u}")).unwrap_or_default();
        format!("a whole number{of} from {} to {}", self.min, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: WholeRange = WholeRange::new(1, 64);

    #[test]
    fn only_whole_numbers_in_the_range_pass() {
        assert_eq!(R.check(1.0), Some(1));
        assert_eq!(R.check(64.0), Some(64));
        for n in [
            0.0,
            65.0,
            -1.0,
            2.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e12,
        ] {
            assert_eq!(R.check(n), None, "{n}");
        }
        let millis = WholeRange::new(0, i32::MAX as u32);
        assert_eq!(millis.check(2_147_483_647.0), Some(2_147_483_647));
        assert_eq!(millis.check(2_147_483_648.0), None);
        assert_eq!(millis.check(-0.0), Some(0));
    }

    #[test]
    fn the_description_states_the_bounds() {
        assert_eq!(R.describe(None), "a whole number from 1 to 64");
        assert_eq!(
            WholeRange::new(0, 5).describe(Some("milliseconds")),
            "a whole number of milliseconds from 0 to 5"
        );
    }
}
