//! The table itself. Every rule that can refuse a request names its source in a `source`
//! field (INTEGRATIONS.md section numbers or a docs page), printed in docs/RULES.md; where
//! the sources disagree or are silent, the rule is a warning. Texts shown to users (labels,
//! help, notes) carry no such references.
//!
//! `type` and `id` are implicit on every type (§4.1) and are not rows of `fields`.

use super::{DefaultValue, Dispute, Field, Kind, Mask, Note, TypeDef};
use crate::flavour::{Flavour, FlavourSet};

/// Free text without length bounds.
const TEXT: Kind = Kind::Text {
    min_len: None,
    max_len: None,
};

/// Datadog's flavours: not Cloud Manager (§4.3, §5: `DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER`).
/// Ops Manager is allowed, with a `disputed_type` warning: its response docs call Datadog
/// unsupported (§5, uncertain).
const DATADOG_FLAVOURS: FlavourSet =
    FlavourSet::of(&[Flavour::AtlasV2, Flavour::AtlasV1, Flavour::OpsManager]);

const NEW_RELIC_EOL: &str = "New Relic ended the plugin-based MongoDB integration on 2021-06-16; \
     MongoDB advises against new sign-ups.";

/// The Slack set-up step, a note on the type and the text of the `slack_oauth_required`
/// warning (§4.3); `{product}` names the product in use ([`super::PRODUCT`]).
pub(crate) const SLACK_OAUTH_NOTE: &str =
    "Slack must first be connected with OAuth2 in the {product} UI; the API can only \
     reconfigure an existing connection.";

/// Sources of the rules of every type's own fields (§4.3 per-type tables, §4.2 masking).
const PAGER_DUTY_SOURCE: &str = "INTEGRATIONS.md §4.3 PAGER_DUTY";
const SLACK_SOURCE: &str = "INTEGRATIONS.md §4.3 SLACK";
const DATADOG_ATLAS_SOURCE: &str =
    "INTEGRATIONS.md §4.3 DATADOG (Atlas v2/v1.0 spec; the Ops Manager request docs list only apiKey)";
const NEW_RELIC_SOURCE: &str = "INTEGRATIONS.md §4.3 NEW_RELIC";
const NEW_RELIC_KEY_SOURCE: &str = "INTEGRATIONS.md §4.3 NEW_RELIC (spec pattern ^([0-9a-f]){40}$)";
const OPS_GENIE_SOURCE: &str = "INTEGRATIONS.md §4.3 OPS_GENIE";
const VICTOR_OPS_SOURCE: &str = "INTEGRATIONS.md §4.3 VICTOR_OPS";
const WEBHOOK_SOURCE: &str = "INTEGRATIONS.md §4.3 WEBHOOK";
const TEAMS_SOURCE: &str = "INTEGRATIONS.md §4.3 MICROSOFT_TEAMS";
const PROMETHEUS_SOURCE: &str = "INTEGRATIONS.md §4.3 PROMETHEUS";
const PROMETHEUS_MANAGERS_SOURCE: &str =
    "INTEGRATIONS.md §4.3 PROMETHEUS (Cloud Manager and Ops Manager docs)";
const HIP_CHAT_SOURCE: &str = "INTEGRATIONS.md §4.3 HIP_CHAT (Ops Manager docs)";

pub static TYPES: &[TypeDef] = &[
    TypeDef {
        name: "PAGER_DUTY",
        label: "PagerDuty",
        schema_name: Some("PagerDuty"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        unsupported_source: "",
        deprecated: None,
        disputed: None,
        notes: &[],
        fields: &[
            Field::new(
                "serviceKey",
                "Service key",
                "The PagerDuty integration key: 32 hexadecimal digits.",
                // The spec has no pattern, but the server answers INVALID_PAGER_DUTY_SERVICE_KEY (§4.3, §6).
                Kind::HexKey {
                    len: 32,
                    lowercase: false,
                },
            )
            .required(FlavourSet::ALL)
            .secret(Mask::LastFour)
            .source("INTEGRATIONS.md §4.3 PAGER_DUTY; §6 INVALID_PAGER_DUTY_SERVICE_KEY"),
            // Atlas spec only; absent from the CM/OM docs. Default from the Terraform docs (§4.3).
            Field::new(
                "region",
                "Region",
                "Which PagerDuty service region to use.",
                Kind::Enum(&["US", "EU"]),
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Str("US"))
            .source(PAGER_DUTY_SOURCE),
        ],
    },
    TypeDef {
        name: "SLACK",
        label: "Slack",
        schema_name: Some("Slack"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        unsupported_source: "",
        deprecated: None,
        disputed: None,
        notes: &[Note::all(SLACK_OAUTH_NOTE)],
        fields: &[
            Field::new(
                "apiToken",
                "API token",
                "The Slack OAuth2 token that the product's UI set up.",
                TEXT,
            )
            .required(FlavourSet::ALL)
            .secret(Mask::LastFour)
            .source(SLACK_SOURCE),
            // Required (the key) and nullable, 1..80 characters, in the Atlas v2 spec; optional
            // in the CM/OM/v1.0 docs. The v1.0 spec's Slack schema was not read (§9), so on
            // v1.0 the sources disagree: its absence is a warning there. Responses may hold ""
            // when unset, which optional flavours accept; `null` is accepted everywhere (§4.3).
            Field::new(
                "channelName",
                "Channel name",
                "The Slack channel that receives alerts.",
                Kind::Text {
                    min_len: Some(1),
                    max_len: Some(80),
                },
            )
            .required(FlavourSet::ATLAS_V2)
            .recommended(FlavourSet::of(&[Flavour::AtlasV1]))
            // The 80-character limit is the Atlas spec's; no CM/OM source states one.
            .bounded(FlavourSet::ATLAS)
            .nullable()
            .source("INTEGRATIONS.md §4.3 SLACK (1-80 characters; the Atlas v2 spec also requires the key, nullable; the v1.0 docs call it optional), §9"),
            // Optional in the Atlas spec; the CM/OM docs require it when reconfiguring, but
            // legacy configurations may lack it: a warning there (§4.3).
            Field::new(
                "teamName",
                "Team name",
                "The Slack workspace (team); legacy integrations may lack it.",
                TEXT,
            )
            .recommended(FlavourSet::MANAGERS)
            .source(SLACK_SOURCE),
        ],
    },
    TypeDef {
        name: "DATADOG",
        label: "Datadog",
        schema_name: Some("Datadog"),
        supported: DATADOG_FLAVOURS,
        unsupported_note: "Cloud Manager does not support Datadog.",
        unsupported_source:
            "INTEGRATIONS.md §4.3 DATADOG, §5; §6 DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER",
        deprecated: None,
        // §5, §9: the OM request docs list Datadog, its response docs say it is not
        // supported. Nothing says the server refuses it for sure: a warning, not an error.
        disputed: Some(Dispute {
            note: Note {
                flavours: FlavourSet::OPS_MANAGER,
                text: "The Ops Manager request docs list Datadog with its API key only, while \
                       its response docs call Datadog unsupported: the API may refuse it.",
            },
            source: "INTEGRATIONS.md §5, §9 (the Ops Manager request docs list Datadog, its \
                     response docs say it is not supported; uncertain)",
        }),
        notes: &[],
        fields: &[
            Field::new(
                "apiKey",
                "API key",
                "The Datadog API key: 32 hexadecimal digits.",
                // The spec has no pattern, but the server answers INVALID_DATADOG_API_KEY (§4.3, §6).
                Kind::HexKey {
                    len: 32,
                    lowercase: false,
                },
            )
            .only(DATADOG_FLAVOURS)
            .required(DATADOG_FLAVOURS)
            .secret(Mask::LastFour)
            .source("INTEGRATIONS.md §4.3 DATADOG; §6 INVALID_DATADOG_API_KEY"),
            // AP1 and US1_FED are newer than the 2023 docs; the default is from those docs (§4.3).
            // This field and the four toggles are Atlas only: the Ops Manager request docs list
            // only apiKey, so sending them there is an `unsupported_field` warning.
            Field::new(
                "region",
                "Region",
                "The Datadog site: US (US1), EU (EU1), US3, US5, AP1 or US1_FED.",
                Kind::Enum(&["US", "EU", "US3", "US5", "AP1", "US1_FED"]),
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Str("US"))
            .source(DATADOG_ATLAS_SOURCE),
            Field::new(
                "sendCollectionLatencyMetrics",
                "Send collection latency metrics",
                "Whether to send collection latency metrics to Datadog.",
                Kind::Boolean,
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Bool(false))
            .source(DATADOG_ATLAS_SOURCE),
            Field::new(
                "sendDatabaseMetrics",
                "Send database metrics",
                "Whether to send database metrics to Datadog.",
                Kind::Boolean,
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Bool(false))
            .source(DATADOG_ATLAS_SOURCE),
            Field::new(
                "sendQueryStatsMetrics",
                "Send query stats metrics",
                "Whether to send query statistics metrics to Datadog.",
                Kind::Boolean,
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Bool(false))
            .source(DATADOG_ATLAS_SOURCE),
            Field::new(
                "sendUserProvidedResourceTags",
                "Send user-provided resource tags",
                "Whether to send the tags set on your resources to Datadog.",
                Kind::Boolean,
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Bool(false))
            .source(DATADOG_ATLAS_SOURCE),
        ],
    },
    TypeDef {
        name: "NEW_RELIC",
        label: "New Relic",
        schema_name: Some("NewRelic"),
        // Atlas v2/v1 specs only; the current CM/OM request docs no longer list it (§4.3, §5).
        supported: FlavourSet::ATLAS,
        unsupported_note: "Only the Atlas APIs still accept New Relic, and only as a deprecated \
                           type.",
        unsupported_source:
            "INTEGRATIONS.md §4.3 NEW_RELIC, §5 (not in the current CM/OM request docs)",
        deprecated: Some(NEW_RELIC_EOL),
        disputed: None,
        notes: &[],
        // The spec examples show every value unmasked (§4.2, uncertain). The three keys are
        // still credentials, so they are secrets here: redacted from previews and errors, and
        // a masked echo is refused. The planner compares them exactly while responses keep
        // them in clear. The account ID is an identifier, not a secret.
        fields: &[
            Field::new(
                "accountId",
                "Account ID",
                "The New Relic account ID: 40 lowercase hexadecimal digits.",
                Kind::HexKey {
                    len: 40,
                    lowercase: true,
                },
            )
            .only(FlavourSet::ATLAS)
            .required(FlavourSet::ATLAS)
            .source(NEW_RELIC_KEY_SOURCE),
            Field::new(
                "licenseKey",
                "License key",
                "The New Relic license key: 40 lowercase hexadecimal digits.",
                Kind::HexKey {
                    len: 40,
                    lowercase: true,
                },
            )
            .only(FlavourSet::ATLAS)
            .required(FlavourSet::ATLAS)
            .secret(Mask::LastFour)
            .source(NEW_RELIC_KEY_SOURCE),
            Field::new(
                "readToken",
                "Insights query key",
                "The New Relic Insights query (read) key.",
                TEXT,
            )
            .only(FlavourSet::ATLAS)
            .required(FlavourSet::ATLAS)
            .secret(Mask::LastFour)
            .source(NEW_RELIC_SOURCE),
            Field::new(
                "writeToken",
                "Insights insert key",
                "The New Relic Insights insert (write) key.",
                TEXT,
            )
            .only(FlavourSet::ATLAS)
            .required(FlavourSet::ATLAS)
            .secret(Mask::LastFour)
            .source(NEW_RELIC_SOURCE),
        ],
    },
    TypeDef {
        name: "OPS_GENIE",
        label: "Opsgenie",
        schema_name: Some("OpsGenie"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        unsupported_source: "",
        deprecated: None,
        disputed: None,
        notes: &[],
        fields: &[
            Field::new("apiKey", "API key", "The Opsgenie API key.", TEXT)
                .required(FlavourSet::ALL)
                .secret(Mask::LastFour)
                .source(OPS_GENIE_SOURCE),
            Field::new(
                "region",
                "Region",
                "Which Opsgenie region to use.",
                Kind::Enum(&["US", "EU"]),
            )
            .default(DefaultValue::Str("US"))
            .source(OPS_GENIE_SOURCE),
        ],
    },
    TypeDef {
        name: "VICTOR_OPS",
        label: "Splunk On-Call (VictorOps)",
        schema_name: Some("VictorOps"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        unsupported_source: "",
        deprecated: None,
        disputed: None,
        notes: &[],
        fields: &[
            Field::new("apiKey", "API key", "The Splunk On-Call API key.", TEXT)
                .required(FlavourSet::ALL)
                .secret(Mask::LastFour)
                .source(VICTOR_OPS_SOURCE),
            // Not redacted in the response examples (§4.2).
            Field::new(
                "routingKey",
                "Routing key",
                "The Splunk On-Call routing key.",
                TEXT,
            )
            .source(VICTOR_OPS_SOURCE),
        ],
    },
    TypeDef {
        name: "WEBHOOK",
        label: "Webhook",
        schema_name: Some("Webhook"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        unsupported_source: "",
        deprecated: None,
        disputed: None,
        notes: &[],
        fields: &[
            Field::new(
                "url",
                "Webhook URL",
                "The http(s) URL that receives alert notifications.",
                Kind::Url,
            )
            .required(FlavourSet::ALL)
            .secret(Mask::Url)
            .source(WEBHOOK_SOURCE),
            Field::new(
                "secret",
                "Secret",
                "A shared secret used to sign each notification (HMAC); never returned in clear.",
                TEXT,
            )
            .secret(Mask::Full)
            .source(WEBHOOK_SOURCE),
            // Atlas v2 only, added 2026-07-30 (§4.3). Whether responses mask the templates is
            // not stated (uncertain); the spec gives both `format: password`, and a headers
            // template is where a receiver's credentials go, so both are secrets, fully
            // masked like the webhook secret. Returned in clear, they are compared exactly.
            Field::new(
                "bodyTemplate",
                "Body template",
                "A template with ${field} placeholders that must render to JSON of at most \
                 16 KB; otherwise the default payload is sent.",
                Kind::Template {
                    max_bytes: 16 * 1024,
                    object: false,
                },
            )
            .only(FlavourSet::ATLAS_V2)
            .secret(Mask::Full)
            .source(WEBHOOK_SOURCE),
            Field::new(
                "headersTemplate",
                "Headers template",
                "A template with ${field} placeholders that must render to a JSON object of \
                 header names to values, at most 4 KB; otherwise the default headers are used.",
                Kind::Template {
                    max_bytes: 4 * 1024,
                    object: true,
                },
            )
            .only(FlavourSet::ATLAS_V2)
            .secret(Mask::Full)
            .source(WEBHOOK_SOURCE),
        ],
    },
    TypeDef {
        name: "MICROSOFT_TEAMS",
        label: "Microsoft Teams",
        schema_name: Some("MicrosoftTeams"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        unsupported_source: "",
        deprecated: None,
        disputed: None,
        notes: &[],
        fields: &[Field::new(
            "microsoftTeamsWebhookUrl",
            "Incoming webhook URL",
            "The Microsoft Teams incoming-webhook URL.",
            Kind::Url,
        )
        .required(FlavourSet::ALL)
        .secret(Mask::Url)
        .source(TEAMS_SOURCE)],
    },
    TypeDef {
        name: "PROMETHEUS",
        label: "Prometheus",
        schema_name: Some("Prometheus"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        unsupported_source: "",
        deprecated: None,
        disputed: None,
        notes: &[Note::all(
            "Service discovery has its own endpoint outside this resource: \
             GET /prometheus/v1.0/groups/{groupId}/discovery.",
        )],
        fields: &[
            Field::new(
                "username",
                "Username",
                "The user name Prometheus authenticates with.",
                TEXT,
            )
            .required(FlavourSet::ALL)
            .source(PROMETHEUS_SOURCE),
            // Optional and writeOnly in the spec, required by every docs source (§4.3, §9):
            // required on create; an update may leave it out (the server keeps the current
            // one, which the user of an integration made in a UI never saw): a warning.
            Field::new(
                "password",
                "Password",
                "The password Prometheus authenticates with; the API never returns it. An \
                 update may leave it out to keep the current one.",
                TEXT,
            )
            .required(FlavourSet::ALL)
            .kept_on_update()
            .secret(Mask::WriteOnly)
            .source(PROMETHEUS_SOURCE),
            Field::new(
                "serviceDiscovery",
                "Service discovery",
                "How Prometheus discovers targets: http or file.",
                Kind::Enum(&["http", "file"]),
            )
            .required(FlavourSet::ALL)
            .source(PROMETHEUS_SOURCE),
            Field::new(
                "enabled",
                "Enabled",
                "Whether the Prometheus integration is active.",
                Kind::Boolean,
            )
            .required(FlavourSet::ALL)
            .source(PROMETHEUS_SOURCE),
            // Atlas spec only (§4.3).
            Field::new(
                "sendUserProvidedResourceTagsEnabled",
                "Send user-provided resource tags",
                "Whether to add the tags set on your resources to the metrics.",
                Kind::Boolean,
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Bool(false))
            .source(PROMETHEUS_SOURCE),
            // CM/OM docs only; Atlas v1.0 responses may echo it but the spec lacks it (§4.3),
            // so sending it back there is an `unsupported_field` warning.
            Field::new(
                "scheme",
                "Scheme",
                "Whether Prometheus scrapes over http or https (https needs a TLS PEM path).",
                Kind::Enum(&["http", "https"]),
            )
            .only(FlavourSet::MANAGERS)
            .required(FlavourSet::MANAGERS)
            .source(PROMETHEUS_MANAGERS_SOURCE),
            Field::new(
                "listenAddress",
                "Listen address",
                "The IP:port on which the agent serves metrics for Prometheus to scrape.",
                Kind::HostPort,
            )
            .only(FlavourSet::MANAGERS)
            .required(FlavourSet::MANAGERS)
            .source(PROMETHEUS_MANAGERS_SOURCE),
            Field::new(
                "tlsPemPath",
                "TLS PEM path",
                "Absolute path to the PEM file on the monitored host; required when the scheme \
                 is https.",
                Kind::AbsolutePath,
            )
            .only(FlavourSet::MANAGERS)
            // "With https, CM/OM need tlsPemPath" (§4.3; the Prometheus tutorial agrees).
            .required_if("scheme", "https")
            .source(
                "INTEGRATIONS.md §4.3 PROMETHEUS (with scheme https, Cloud Manager and Ops \
                 Manager need tlsPemPath; the Prometheus integration tutorial agrees)",
            ),
            Field::new(
                "tlsPemPassword",
                "TLS PEM password",
                "The password of the PEM file, if it is encrypted; never returned.",
                TEXT,
            )
            .only(FlavourSet::MANAGERS)
            .secret(Mask::WriteOnly)
            .source(PROMETHEUS_MANAGERS_SOURCE),
        ],
    },
    TypeDef {
        name: "HIP_CHAT",
        label: "HipChat",
        // In the Atlas path enum, but no Atlas body schema exists (§3.1).
        schema_name: None,
        supported: FlavourSet::OPS_MANAGER,
        unsupported_note: "HipChat is only available on Ops Manager.",
        unsupported_source: "INTEGRATIONS.md §3.1, §4.3 HIP_CHAT, §5; §6 HIPCHAT_NOT_SUPPORTED",
        deprecated: Some("HipChat is a legacy integration: the service itself was discontinued."),
        disputed: None,
        notes: &[],
        fields: &[
            Field::new(
                "notificationToken",
                "Notification token",
                "The HipChat room notification token.",
                TEXT,
            )
            .only(FlavourSet::OPS_MANAGER)
            .required(FlavourSet::OPS_MANAGER)
            .secret(Mask::LastFour)
            .source(HIP_CHAT_SOURCE),
            Field::new(
                "roomName",
                "Room name",
                "The HipChat room that receives alerts.",
                TEXT,
            )
            .only(FlavourSet::OPS_MANAGER)
            .required(FlavourSet::OPS_MANAGER)
            .source(HIP_CHAT_SOURCE),
        ],
    },
    TypeDef {
        name: "FLOWDOCK",
        label: "Flowdock",
        // In no current spec enum (§4.3, §5): described for old data, accepted nowhere.
        schema_name: None,
        supported: FlavourSet::NONE,
        unsupported_note: "Flowdock was retired: no current API accepts it.",
        unsupported_source: "INTEGRATIONS.md §4.3 FLOWDOCK, §5 (in no current spec enum)",
        deprecated: Some("Flowdock was retired and removed from every API."),
        disputed: None,
        notes: &[Note::all(
            "Described so that an old configuration can be recognised, read and removed; all \
             three fields were required when the type existed.",
        )],
        // Fields exist in no flavour, like the type; they keep their labels for display.
        fields: &[
            Field::new(
                "flowName",
                "Flow name",
                "The Flowdock flow name, without spaces.",
                TEXT,
            )
            .only(FlavourSet::NONE),
            Field::new("apiToken", "API token", "The Flowdock API token.", TEXT)
                .only(FlavourSet::NONE)
                // The 2023 example shows it unmasked; marked secret so previews still redact it.
                .secret(Mask::LastFour),
            Field::new(
                "orgName",
                "Organisation name",
                "The lower-case Flowdock organisation name.",
                TEXT,
            )
            .only(FlavourSet::NONE),
        ],
    },
];
