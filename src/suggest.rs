//! "Did you mean …?" for option names: a typo such as `baseURL` for `baseUrl` must be
//! refused with the name the caller meant, since a silently ignored `baseUrl` would send
//! the request, token included, to the default host.

/// The longest key compared (a key is caller data: a huge one must not cost a huge
/// computation).
const MAX_COMPARED: usize = 64;

/// Edit distance (insertions, deletions, substitutions) between two short names, compared
/// without regard to ASCII case (`baseURL` is one step from nothing: it *is* `baseUrl`).
/// Bounded: both names are cut to [`MAX_COMPARED`] characters first.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a
        .chars()
        .take(MAX_COMPARED)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let b: Vec<char> = b
        .chars()
        .take(MAX_COMPARED)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// The known name closest to `key`, when it is close enough to be a typo: at most a third
/// of the key's length in edits (at least two, at most three), so that an unrelated key
/// gets no misleading suggestion.
pub fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let budget = (key.chars().count() / 3).clamp(2, 3);
    known
        .iter()
        .map(|name| (distance(key, name), *name))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// The message for an unknown key in `what` (e.g. "client option"): names the key (cut
/// short and quoted as JSON, as validation messages quote values), the closest known name
/// when there is one, and otherwise every known name.
pub fn unknown_key(what: &str, key: &str, known: &[&str]) -> String {
    let shown = crate::validate::quote(key);
    match closest(key, known) {
        Some(name) => format!("Unknown {what} {shown}: did you mean {name}?"),
        None => format!("Unknown {what} {shown} (known: {}).", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: &[&str] = &[
        "baseUrl",
        "flavour",
        "token",
        "timeoutMs",
        "headers",
        "retries",
    ];

    #[test]
    fn a_case_typo_is_the_name_meant() {
        assert_eq!(closest("baseURL", CLIENT), Some("baseUrl"));
        assert_eq!(closest("timeoutMS", CLIENT), Some("timeoutMs"));
        assert_eq!(closest("flavor", CLIENT), Some("flavour"));
        assert_eq!(closest("retrys", CLIENT), Some("retries"));
    }

    #[test]
    fn an_unrelated_key_gets_no_suggestion() {
        assert_eq!(closest("proxy", CLIENT), None);
        assert_eq!(closest("x", CLIENT), None);
        assert_eq!(closest("", CLIENT), None);
    }

    #[test]
    fn the_message_names_the_key_and_the_suggestion_or_the_list() {
        assert_eq!(
            unknown_key("client option", "baseURL", CLIENT),
            "Unknown client option \"baseURL\": did you mean baseUrl?"
        );
        let m = unknown_key("option of get()", "proxy", &["signal", "timeoutMs"]);
        assert_eq!(
            m,
            "Unknown option of get() \"proxy\" (known: signal, timeoutMs)."
        );
    }

    #[test]
    fn a_huge_key_is_cut_short_in_the_message() {
        let key = "k".repeat(100_000);
        let m = unknown_key("client option", &key, CLIENT);
        assert!(m.len() < 200, "{}", m.len());
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("Abc", "abc"), 0);
    }
}
