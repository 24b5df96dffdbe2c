//! The table itself. Sources are INTEGRATIONS.md section numbers; where sources disagree
//! the stricter reading that the server is known to enforce wins, noted beside the field.

use super::{DefaultValue, Field, Kind, Mask, TypeDef};
use crate::flavour::FlavourSet;

pub static TYPES: &[TypeDef] = &[TypeDef {
    name: "PAGER_DUTY",
    label: "PagerDuty",
    schema_name: Some("PagerDuty"),
    supported: FlavourSet::ALL,
    unsupported_note: "",
    deprecated: None,
    fields: &[
        Field {
            name: "serviceKey",
            label: "Service key",
            help: "The PagerDuty integration key: 32 hexadecimal digits.",
            // The spec has no pattern, but the server answers INVALID_PAGER_DUTY_SERVICE_KEY (§4.3).
            kind: Kind::HexKey {
                len: 32,
                lowercase: false,
            },
            flavours: FlavourSet::ALL,
            required: FlavourSet::ALL,
            nullable: false,
            default: None,
            secret: Some(Mask::LastFour),
            deprecated: None,
        },
        Field {
            name: "region",
            label: "Region",
            help: "Which PagerDuty API region to use.",
            kind: Kind::Enum(&["US", "EU"]),
            flavours: FlavourSet::ATLAS,
            required: FlavourSet::NONE,
            nullable: false,
            default: Some(DefaultValue::Str("US")),
            secret: None,
            deprecated: None,
        },
    ],
}];
