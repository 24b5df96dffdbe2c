//! Recognising the masked echoes of secrets that the API returns (INTEGRATIONS.md §4.2).
//!
//! Sending a masked value back in an update overwrites the real secret with asterisks, so
//! the validator refuses it and the planner never builds such an update.

use crate::catalogue::Mask;

/// True when `value` is what a response shows in place of a secret of this mask kind.
///
/// The number of asterisks varies between sources (6 in the docs, length-preserving in the
/// spec examples), so any run of `*` followed by at most four characters counts.
pub fn is_masked(mask: Mask, value: &str) -> bool {
    match mask {
        Mask::LastFour | Mask::Full | Mask::WriteOnly => looks_masked(value),
        Mask::Url => url_looks_masked(value),
    }
}

/// `^\*+.{0,4}$`: at least one leading `*`, and no more than four other characters after
/// the run of asterisks.
pub fn looks_masked(value: &str) -> bool {
    let rest = value.trim_start_matches('*');
    rest.len() < value.len() && rest.chars().count() <= 4
}

/// A URL whose redacted part shows as a run of three or more `*` (`https://x.com/****`).
fn url_looks_masked(value: &str) -> bool {
    value.contains("***") || looks_masked(value)
}

/// The last four characters that a last-four mask leaves visible, if any.
pub fn visible_tail(value: &str) -> Option<&str> {
    let rest = value.trim_start_matches('*');
    (rest.len() < value.len() && !rest.is_empty() && rest.chars().count() <= 4).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_forms_from_the_sources() {
        assert!(is_masked(
            Mask::LastFour,
            "****************************7890"
        ));
        assert!(is_masked(Mask::LastFour, "******7890"));
        assert!(is_masked(Mask::LastFour, "****"));
        assert!(is_masked(Mask::Full, "********"));
        assert!(is_masked(Mask::Url, "https://webhook.com/****"));
        assert!(is_masked(Mask::Url, "https://hooks.example.com/****/abc"));
    }

    #[test]
    fn real_values_are_not_masked() {
        assert!(!is_masked(
            Mask::LastFour,
            "0123456789abcdef0123456789abcdef"
        ));
        assert!(!is_masked(Mask::LastFour, ""));
        assert!(!is_masked(Mask::LastFour, "*12345"));
        assert!(!is_masked(Mask::LastFour, "ab**"));
        assert!(!is_masked(Mask::Url, "https://example.com/hook?a=*"));
    }

    #[test]
    fn tails() {
        assert_eq!(visible_tail("******7890"), Some("7890"));
        assert_eq!(visible_tail("*****"), None);
        assert_eq!(visible_tail("abcd"), None);
        assert_eq!(visible_tail("**é€a"), Some("é€a"));
    }
}
