//! The `validate::text` formats as the ECMAScript regular expressions (`u` flag, as JSON
//! Schema validators compile `pattern`) of the JSON Schemas: the same rule in the schema's
//! language, kept next to each other by the equivalence test
//! (tests/package/forms-schema.test.mjs). Patterns are unanchored unless they say so.

/// A DNS name or IPv4 address (non-empty labels of letters, digits, `-`, `_`; one trailing
/// dot allowed), or a bracketed IPv6 address holding a `:`.
const HOST: &str = r"(?:\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]|[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?)";

/// 1 to 65535 in at most five digits (leading zeros allowed), followed by `end`.
fn port(end: &str) -> String {
    format!(
        r"(?=[0-9]{{1,5}}{end})0*(?:[1-9][0-9]{{0,3}}|[1-5][0-9]{{4}}|6[0-4][0-9]{{3}}|65[0-4][0-9]{{2}}|655[0-2][0-9]|6553[0-5])"
    )
}

/// `validate::text::is_host_port`: `host:port`.
pub(super) fn host_port() -> String {
    format!("^{HOST}:{}$", port("$"))
}

/// `validate::text::is_absolute_path`: `/…`, `C:\…` or `C:/…`, no control character.
pub(super) const ABSOLUTE_PATH: &str = r"^(?:/|[A-Za-z]:[\\/])[^\u0000-\u001f\u007f-\u009f]*$";

/// `mask::looks_masked`: a run of `*` and at most four other characters after it.
pub(super) const MASKED: &str = r"^\*+(?:[^*][\s\S]{0,3})?$";

/// `mask::is_masked` for a URL: three `*` in a row anywhere, or [`MASKED`].
pub(super) const MASKED_URL: &str = r"\*\*\*|^\*+(?:[^*][\s\S]{0,3})?$";
