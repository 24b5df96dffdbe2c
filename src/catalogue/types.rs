//! The table itself. Sources are INTEGRATIONS.md section numbers; where sources disagree
//! the stricter reading that the server is known to enforce wins, noted beside the field.
//!
//! `type` and `id` are implicit on every type (§4.1) and are not rows of `fields`.

use super::{DefaultValue, Field, Kind, Mask, TypeDef};
use crate::flavour::{Flavour, FlavourSet};

/// Free text without length bounds.
const TEXT: Kind = Kind::Text {
    min_len: None,
    max_len: None,
};

/// Datadog's flavours: not Cloud Manager (§4.3, §5: `DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER`).
/// Ops Manager is allowed although its response docs call Datadog unsupported (§5, uncertain).
const DATADOG_FLAVOURS: FlavourSet =
    FlavourSet::of(&[Flavour::AtlasV2, Flavour::AtlasV1, Flavour::OpsManager]);

const NEW_RELIC_EOL: &str = "New Relic ended the plugin-based MongoDB integration on 2021-06-16; \
     MongoDB advises against new sign-ups (§4.3).";

pub static TYPES: &[TypeDef] = &[
    TypeDef {
        name: "PAGER_DUTY",
        label: "PagerDuty",
        schema_name: Some("PagerDuty"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        deprecated: None,
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
            .secret(Mask::LastFour),
            // Atlas spec only; absent from the CM/OM docs. Default from the Terraform docs (§4.3).
            Field::new(
                "region",
                "Region",
                "Which PagerDuty service region to use.",
                Kind::Enum(&["US", "EU"]),
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Str("US")),
        ],
    },
    TypeDef {
        name: "SLACK",
        label: "Slack",
        schema_name: Some("Slack"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        deprecated: None,
        notes: &[
            "Slack must first be connected with OAuth2 in the Atlas UI; the API can only \
             reconfigure an existing connection (§4.3).",
        ],
        fields: &[
            Field::new(
                "apiToken",
                "API token",
                "The Slack OAuth2 token that the Atlas UI set up.",
                TEXT,
            )
            .required(FlavourSet::ALL)
            .secret(Mask::LastFour),
            // Required and 1..80 characters in the Atlas spec, optional in the CM/OM/v1 docs;
            // responses may hold "" when unset, which optional flavours accept (§4.3).
            Field::new(
                "channelName",
                "Channel name",
                "The Slack channel that receives alerts.",
                Kind::Text {
                    min_len: Some(1),
                    max_len: Some(80),
                },
            )
            .required(FlavourSet::ATLAS)
            .nullable(),
            Field::new(
                "teamName",
                "Team name",
                "The Slack workspace (team); legacy integrations may lack it.",
                TEXT,
            ),
        ],
    },
    TypeDef {
        name: "DATADOG",
        label: "Datadog",
        schema_name: Some("Datadog"),
        supported: DATADOG_FLAVOURS,
        unsupported_note: "Cloud Manager does not support Datadog (the API answers \
                           DATADOG_NOT_SUPPORTED_FOR_CLOUD_MANAGER).",
        deprecated: None,
        notes: &[
            "Ops Manager: the request docs list Datadog but the response docs call it \
             unsupported; this library allows it (§5, uncertain).",
        ],
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
            .secret(Mask::LastFour),
            // AP1 and US1_FED are newer than the 2023 docs; the default is from those docs (§4.3).
            Field::new(
                "region",
                "Region",
                "The Datadog site: US (US1), EU (EU1), US3, US5, AP1 or US1_FED.",
                Kind::Enum(&["US", "EU", "US3", "US5", "AP1", "US1_FED"]),
            )
            .only(DATADOG_FLAVOURS)
            .default(DefaultValue::Str("US")),
            Field::new(
                "sendCollectionLatencyMetrics",
                "Send collection latency metrics",
                "Whether to send collection latency metrics to Datadog.",
                Kind::Boolean,
            )
            .only(DATADOG_FLAVOURS)
            .default(DefaultValue::Bool(false)),
            Field::new(
                "sendDatabaseMetrics",
                "Send database metrics",
                "Whether to send database metrics to Datadog.",
                Kind::Boolean,
            )
            .only(DATADOG_FLAVOURS)
            .default(DefaultValue::Bool(false)),
            Field::new(
                "sendQueryStatsMetrics",
                "Send query stats metrics",
                "Whether to send query statistics metrics to Datadog.",
                Kind::Boolean,
            )
            .only(DATADOG_FLAVOURS)
            .default(DefaultValue::Bool(false)),
            Field::new(
                "sendUserProvidedResourceTags",
                "Send user-provided resource tags",
                "Whether to send the tags set on your resources to Datadog.",
                Kind::Boolean,
            )
            .only(DATADOG_FLAVOURS)
            .default(DefaultValue::Bool(false)),
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
        deprecated: Some(NEW_RELIC_EOL),
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
            .required(FlavourSet::ATLAS),
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
            .secret(Mask::LastFour),
            Field::new(
                "readToken",
                "Insights query key",
                "The New Relic Insights query (read) key.",
                TEXT,
            )
            .only(FlavourSet::ATLAS)
            .required(FlavourSet::ATLAS)
            .secret(Mask::LastFour),
            Field::new(
                "writeToken",
                "Insights insert key",
                "The New Relic Insights insert (write) key.",
                TEXT,
            )
            .only(FlavourSet::ATLAS)
            .required(FlavourSet::ATLAS)
            .secret(Mask::LastFour),
        ],
    },
    TypeDef {
        name: "OPS_GENIE",
        label: "Opsgenie",
        schema_name: Some("OpsGenie"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        deprecated: None,
        notes: &[],
        fields: &[
            Field::new("apiKey", "API key", "The Opsgenie API key.", TEXT)
                .required(FlavourSet::ALL)
                .secret(Mask::LastFour),
            Field::new(
                "region",
                "Region",
                "Which Opsgenie region to use.",
                Kind::Enum(&["US", "EU"]),
            )
            .default(DefaultValue::Str("US")),
        ],
    },
    TypeDef {
        name: "VICTOR_OPS",
        label: "Splunk On-Call (VictorOps)",
        schema_name: Some("VictorOps"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        deprecated: None,
        notes: &[],
        fields: &[
            Field::new("apiKey", "API key", "The Splunk On-Call API key.", TEXT)
                .required(FlavourSet::ALL)
                .secret(Mask::LastFour),
            // Not redacted in the response examples (§4.2).
            Field::new(
                "routingKey",
                "Routing key",
                "The Splunk On-Call routing key.",
                TEXT,
            ),
        ],
    },
    TypeDef {
        name: "WEBHOOK",
        label: "Webhook",
        schema_name: Some("Webhook"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        deprecated: None,
        notes: &[],
        fields: &[
            Field::new(
                "url",
                "Webhook URL",
                "The http(s) URL that receives alert notifications.",
                Kind::Url,
            )
            .required(FlavourSet::ALL)
            .secret(Mask::Url),
            Field::new(
                "secret",
                "Secret",
                "A shared secret used to sign each notification (HMAC); never returned in clear.",
                TEXT,
            )
            .secret(Mask::Full),
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
            .secret(Mask::Full),
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
            .secret(Mask::Full),
        ],
    },
    TypeDef {
        name: "MICROSOFT_TEAMS",
        label: "Microsoft Teams",
        schema_name: Some("MicrosoftTeams"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        deprecated: None,
        notes: &[],
        fields: &[Field::new(
            "microsoftTeamsWebhookUrl",
            "Incoming webhook URL",
            "The Microsoft Teams incoming-webhook URL.",
            Kind::Url,
        )
        .required(FlavourSet::ALL)
        .secret(Mask::Url)],
    },
    TypeDef {
        name: "PROMETHEUS",
        label: "Prometheus",
        schema_name: Some("Prometheus"),
        supported: FlavourSet::ALL,
        unsupported_note: "",
        deprecated: None,
        notes: &[
            "Service discovery has its own endpoint outside this resource: \
             GET /prometheus/v1.0/groups/{groupId}/discovery (§4.3).",
        ],
        fields: &[
            Field::new(
                "username",
                "Username",
                "The user name Prometheus authenticates with.",
                TEXT,
            )
            .required(FlavourSet::ALL),
            // Optional in the spec, required by every docs source (§4.3, §9): required here.
            Field::new(
                "password",
                "Password",
                "The password Prometheus authenticates with; the API never returns it.",
                TEXT,
            )
            .required(FlavourSet::ALL)
            .secret(Mask::WriteOnly),
            Field::new(
                "serviceDiscovery",
                "Service discovery",
                "How Prometheus discovers targets: http or file.",
                Kind::Enum(&["http", "file"]),
            )
            .required(FlavourSet::ALL),
            Field::new(
                "enabled",
                "Enabled",
                "Whether the Prometheus integration is active.",
                Kind::Boolean,
            )
            .required(FlavourSet::ALL),
            // Atlas spec only (§4.3).
            Field::new(
                "sendUserProvidedResourceTagsEnabled",
                "Send user-provided resource tags",
                "Whether to add the tags set on your resources to the metrics.",
                Kind::Boolean,
            )
            .only(FlavourSet::ATLAS)
            .default(DefaultValue::Bool(false)),
            // CM/OM docs only; Atlas v1.0 responses may echo it but the spec lacks it (§4.3).
            Field::new(
                "scheme",
                "Scheme",
                "Whether Prometheus scrapes over http or https (https needs a TLS PEM path).",
                Kind::Enum(&["http", "https"]),
            )
            .only(FlavourSet::MANAGERS)
            .required(FlavourSet::MANAGERS),
            Field::new(
                "listenAddress",
                "Listen address",
                "The IP:port on which the agent serves metrics for Prometheus to scrape.",
                Kind::HostPort,
            )
            .only(FlavourSet::MANAGERS)
            .required(FlavourSet::MANAGERS),
            Field::new(
                "tlsPemPath",
                "TLS PEM path",
                "Absolute path to the PEM file for https on the monitored host.",
                Kind::AbsolutePath,
            )
            .only(FlavourSet::MANAGERS),
            Field::new(
                "tlsPemPassword",
                "TLS PEM password",
                "The password of the PEM file, if it is encrypted; never returned.",
                TEXT,
            )
            .only(FlavourSet::MANAGERS)
            .secret(Mask::WriteOnly),
        ],
    },
    TypeDef {
        name: "HIP_CHAT",
        label: "HipChat",
        // In the Atlas path enum, but no Atlas body schema exists (§3.1).
        schema_name: None,
        supported: FlavourSet::OPS_MANAGER,
        unsupported_note: "HipChat is only available on Ops Manager (elsewhere the API answers \
                           HIPCHAT_NOT_SUPPORTED).",
        deprecated: Some("HipChat is a legacy integration: the service itself was discontinued."),
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
            .secret(Mask::LastFour),
            Field::new(
                "roomName",
                "Room name",
                "The HipChat room that receives alerts.",
                TEXT,
            )
            .only(FlavourSet::OPS_MANAGER)
            .required(FlavourSet::OPS_MANAGER),
        ],
    },
    TypeDef {
        name: "FLOWDOCK",
        label: "Flowdock",
        // In no current spec enum (§4.3, §5): described for old data, accepted nowhere.
        schema_name: None,
        supported: FlavourSet::NONE,
        unsupported_note: "Flowdock was retired: no current API accepts it.",
        deprecated: Some("Flowdock was retired and removed from every API."),
        notes: &[
            "Described only so that old configurations can be recognised; all three fields \
             were required when the type existed.",
        ],
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
