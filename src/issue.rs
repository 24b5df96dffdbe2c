//! Problems found in user input, returned as data (never thrown) so that a form can show
//! every one of them next to its field at once.

use serde::Serialize;

/// How serious a problem is: errors block a request, warnings never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! issue_codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $sev:ident, $desc:literal; )*) => {
        /// The closed set of problem codes. Serialised as snake_case strings; the same list
        /// is exported to TypeScript as a string union and documented in the API reference.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum IssueCode {
            $( $(#[$doc])* $variant, )*
        }

        impl IssueCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [IssueCode] = &[ $( IssueCode::$variant, )* ];

            /// The stable string form (`"missing_field"`, ...).
            pub const fn as_str(self) -> &'static str {
                match self { $( IssueCode::$variant => $text, )* }
            }

            /// The severity this code always has.
            pub const fn severity(self) -> Severity {
                match self { $( IssueCode::$variant => Severity::$sev, )* }
            }

            /// One sentence for the docs and the TypeScript comments.
            pub const fn description(self) -> &'static str {
                match self { $( IssueCode::$variant => $desc, )* }
            }
        }
    };
}

issue_codes! {
    InvalidJson = "invalid_json", Error, "The input text is not valid JSON.";
    NotAnObject = "not_an_object", Error, "A JSON object was expected (not null, an array, a number or a string).";
    MissingType = "missing_type", Error, "The body has no `type`; every flavour needs it to pick the integration.";
    UnknownType = "unknown_type", Error, "The integration type is not one this library knows.";
    TypeMismatch = "type_mismatch", Error, "The body `type` differs from the `integrationType` in the path.";
    UnsupportedType = "unsupported_type", Error, "The chosen flavour does not accept this integration type.";
    MissingField = "missing_field", Error, "A required field is missing, null or empty.";
    WrongType = "wrong_type", Error, "The value has the wrong JSON type (e.g. a number where a string is expected).";
    InvalidEnum = "invalid_enum", Error, "The value is not one of the allowed values.";
    InvalidFormat = "invalid_format", Error, "The value does not have the required format (e.g. 32 hexadecimal digits).";
    TooShort = "too_short", Error, "The value is shorter than the minimum length.";
    TooLong = "too_long", Error, "The value is longer than the maximum length.";
    MayBeTooLong = "may_be_too_long", Warning, "The value is longer than a maximum length that only another flavour's sources state; the server may accept it.";
    /// A warning: no source says the server refuses any URL shape (the spec has a plain string).
    InvalidUrl = "invalid_url", Warning, "The value does not look like an absolute http(s) URL; no source says the server refuses it.";
    MaskedSecret = "masked_secret", Error, "A secret holds the masked value that the API returns (e.g. `****7890`); sending it back would overwrite the real secret.";

    MissingParameter = "missing_parameter", Error, "A required path parameter (groupId, integrationType) is missing.";
    OutOfRange = "out_of_range", Error, "A number is outside its allowed range (e.g. itemsPerPage 1..500).";
    UnsupportedParameter = "unsupported_parameter", Error, "The query parameter is not accepted by this operation in this flavour.";
    MissingBody = "missing_body", Error, "Create and update need a body.";
    UnexpectedBody = "unexpected_body", Error, "List, get and delete take no body.";
    UnsupportedField = "unsupported_field", Warning, "The field exists for this type in another flavour (responses there may hold it), but no source lists it for the chosen flavour; the server may ignore it.";
    UnknownField = "unknown_field", Warning, "The field is not part of this integration type; the API ignores or rejects it.";
    ReadOnlyField = "read_only_field", Warning, "The field (e.g. `id`) is set by the server; there is no need to send it.";
    DeprecatedType = "deprecated_type", Warning, "The integration type is deprecated or at end of life.";
    SlackOauthRequired = "slack_oauth_required", Warning, "Slack must first be set up with OAuth2 in the product's UI; the API can only reconfigure it.";
    TemplateNotJson = "template_not_json", Warning, "A webhook template does not look like it renders to JSON; the API would fall back to its default.";
    UndocumentedParameter = "undocumented_parameter", Warning, "The parameter is not documented for this flavour; the server may ignore it.";
    IneffectiveParameter = "ineffective_parameter", Warning, "The docs list the parameter for this operation, but it has no effect on it.";
    TemplateTooLong = "template_too_long", Warning, "A webhook template is over its size limit; the API would fall back to its default.";
    KeptOnUpdate = "kept_on_update", Warning, "An update leaves out a write-only field; the server keeps its current value.";
    MissingRecommended = "missing_recommended", Warning, "A source asks for the field, but another calls it optional or older configurations lack it: the server may accept requests without it.";
    DisputedType = "disputed_type", Warning, "The sources disagree on whether the flavour accepts this integration type; the server may refuse it.";
    LegacyType = "legacy_type", Warning, "The flavour no longer accepts the type for create or update; reading or removing an old configuration is allowed.";
}

/// One problem found in user input. Errors block a request; warnings never do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Issue {
    /// Where, in the input as given: `serviceKey` from `validateBody`, `body.serviceKey` or
    /// `query.itemsPerPage` from `validateOperation` and a client call; empty for the whole value.
    pub path: String,
    /// The body field the issue is about, the name a form keys its inputs on (`serviceKey`,
    /// `type`), the same from every function; `null` when the issue is about no single body
    /// field (the body as a whole, `groupId`, `query.itemsPerPage`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub field: Option<String>,
    /// Stable machine-readable code.
    pub code: IssueCode,
    /// Plain English; never contains a secret value.
    pub message: String,
    /// Errors block a request; warnings (deprecated type, unknown field, ...) never do.
    pub severity: Severity,
}

/// `serviceKey: The value is not … (invalid_format)`: the path (when there is one), the
/// message and the code, so that an issue reads on its own in a log or behind `?`.
impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{} ({})", self.message, self.code.as_str())
    }
}

impl std::error::Error for Issue {}

impl Issue {
    /// An issue whose severity follows from its code.
    pub fn new(path: impl Into<String>, code: IssueCode, message: impl Into<String>) -> Issue {
        Issue {
            path: path.into(),
            field: None,
            code,
            message: message.into(),
            severity: code.severity(),
        }
    }

    /// The issue of a body check, whose `path` is a body key (or empty), marked as about
    /// that field: the one place that decides `field`, so that every caller agrees.
    pub fn in_body_field(mut self) -> Issue {
        self.field = (!self.path.is_empty()).then(|| self.path.clone());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any issue in the list blocks a request.
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(Issue::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_string() {
        for code in IssueCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
            assert!(!code.description().is_empty());
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut names: Vec<_> = IssueCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), IssueCode::ALL.len());
    }

    #[test]
    fn an_issue_reads_on_its_own_and_is_an_error_behind_question_mark() {
        let i = Issue::new("serviceKey", IssueCode::MissingField, "Required.");
        assert_eq!(i.to_string(), "serviceKey: Required. (missing_field)");
        let whole = Issue::new("", IssueCode::MissingType, "No type.");
        assert_eq!(whole.to_string(), "No type. (missing_type)");
        let boxed: Box<dyn std::error::Error> = Box::new(i);
        assert!(boxed.to_string().starts_with("serviceKey: "));
    }

    #[test]
    fn severity_follows_code() {
        let i = Issue::new("serviceKey", IssueCode::UnknownField, "x");
        assert_eq!(i.severity, Severity::Warning);
        assert!(!has_errors(&[i]));
        assert!(has_errors(&[Issue::new("", IssueCode::MissingType, "x")]));
    }

    #[test]
    fn a_body_issue_names_its_field_and_a_whole_body_issue_none() {
        let i = Issue::new("serviceKey", IssueCode::MissingField, "x");
        assert_eq!(i.field, None);
        assert_eq!(i.in_body_field().field.as_deref(), Some("serviceKey"));
        let whole = Issue::new("", IssueCode::NotAnObject, "x").in_body_field();
        assert_eq!(whole.field, None);
        assert_eq!(
            serde_json::to_value(&whole).unwrap()["field"],
            serde_json::Value::Null
        );
    }
}
