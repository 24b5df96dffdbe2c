//! The four API flavours that expose the project "third-party integrations" resource.
//!
//! They share paths and bodies but differ in prefix, media type, authentication and in
//! which integration types and fields they accept (see `catalogue`).

use serde::{Deserialize, Serialize};

/// One API flavour. Serialised in JS as `"atlasV2" | "atlasV1" | "cloudManager" | "opsManager"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Flavour {
    /// Atlas Administration API v2 (`/api/atlas/v2`, versioned media type).
    AtlasV2,
    /// Legacy Atlas Administration API 1.0 (`/api/atlas/v1.0`), deprecated by MongoDB.
    AtlasV1,
    /// Cloud Manager public API 1.0 (`/api/public/v1.0` on cloud.mongodb.com).
    CloudManager,
    /// Ops Manager public API 1.0 (`/api/public/v1.0` on the customer's own host).
    OpsManager,
}

/// The Atlas v2 resource version for every integrations operation (INTEGRATIONS.md §1.2).
pub const ATLAS_V2_MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

impl Flavour {
    /// Every flavour, in a stable order (used for tables, docs and exhaustive tests).
    pub const ALL: [Flavour; 4] = [
        Flavour::AtlasV2,
        Flavour::AtlasV1,
        Flavour::CloudManager,
        Flavour::OpsManager,
    ];

    /// The identifier used in JS and JSON (`atlasV2`, ...).
    pub const fn id(self) -> &'static str {
        match self {
            Flavour::AtlasV2 => "atlasV2",
            Flavour::AtlasV1 => "atlasV1",
            Flavour::CloudManager => "cloudManager",
            Flavour::OpsManager => "opsManager",
        }
    }

    /// Parses the JS identifier; `None` for anything else.
    pub fn from_id(id: &str) -> Option<Flavour> {
        Flavour::ALL.into_iter().find(|f| f.id() == id)
    }

    /// A human name for messages and docs.
    pub const fn label(self) -> &'static str {
        match self {
            Flavour::AtlasV2 => "Atlas Admin API v2",
            Flavour::AtlasV1 => "Atlas Admin API v1.0",
            Flavour::CloudManager => "Cloud Manager",
            Flavour::OpsManager => "Ops Manager",
        }
    }

    /// Why the flavour should not be used for new work, when it should not (shown next to
    /// its label in pickers, like a deprecated type's reason).
    pub const fn deprecation(self) -> Option<&'static str> {
        match self {
            Flavour::AtlasV1 => Some(
                "MongoDB deprecated the Atlas Administration API 1.0: use the Atlas Admin API v2.",
            ),
            _ => None,
        }
    }

    /// The path prefix in front of `/groups/{groupId}/integrations`.
    pub const fn path_prefix(self) -> &'static str {
        match self {
            Flavour::AtlasV2 => "/api/atlas/v2",
            Flavour::AtlasV1 => "/api/atlas/v1.0",
            Flavour::CloudManager | Flavour::OpsManager => "/api/public/v1.0",
        }
    }

    /// The media type for `Accept` and (with a body) `Content-Type`.
    pub const fn media_type(self) -> &'static str {
        match self {
            Flavour::AtlasV2 => ATLAS_V2_MEDIA_TYPE,
            _ => "application/json",
        }
    }

    /// The default base URL; Ops Manager has none because it runs on the customer's host.
    pub const fn default_base_url(self) -> Option<&'static str> {
        match self {
            Flavour::OpsManager => None,
            _ => Some("https://cloud.mongodb.com"),
        }
    }

    /// Bit used by [`FlavourSet`].
    const fn bit(self) -> u8 {
        match self {
            Flavour::AtlasV2 => 1,
            Flavour::AtlasV1 => 2,
            Flavour::CloudManager => 4,
            Flavour::OpsManager => 8,
        }
    }
}

/// A small set of flavours, usable in `const` catalogue tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FlavourSet(u8);

impl FlavourSet {
    pub const NONE: FlavourSet = FlavourSet(0);
    pub const ALL: FlavourSet = FlavourSet(15);
    /// Atlas v2 and v1.0 (the two OpenAPI-described flavours).
    pub const ATLAS: FlavourSet = FlavourSet(3);
    /// Cloud Manager and Ops Manager (`/api/public/v1.0`).
    pub const MANAGERS: FlavourSet = FlavourSet(12);
    pub const ATLAS_V2: FlavourSet = FlavourSet(1);
    pub const OPS_MANAGER: FlavourSet = FlavourSet(8);

    /// A set of exactly these flavours.
    pub const fn of(flavours: &[Flavour]) -> FlavourSet {
        let mut bits = 0;
        let mut i = 0;
        while i < flavours.len() {
            bits |= flavours[i].bit();
            i += 1;
        }
        FlavourSet(bits)
    }

    pub const fn contains(self, flavour: Flavour) -> bool {
        self.0 & flavour.bit() != 0
    }

    /// The flavours of this set, in [`Flavour::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Flavour> {
        Flavour::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for f in Flavour::ALL {
            assert_eq!(Flavour::from_id(f.id()), Some(f));
            assert_eq!(serde_json::to_value(f).unwrap(), serde_json::json!(f.id()));
        }
        assert_eq!(Flavour::from_id("atlas"), None);
    }

    #[test]
    fn sets() {
        assert!(FlavourSet::ATLAS.contains(Flavour::AtlasV1));
        assert!(!FlavourSet::ATLAS.contains(Flavour::OpsManager));
        assert_eq!(
            FlavourSet::of(&[Flavour::CloudManager, Flavour::OpsManager]),
            FlavourSet::MANAGERS
        );
        assert_eq!(FlavourSet::ALL.iter().count(), 4);
        assert_eq!(FlavourSet::NONE.iter().count(), 0);
    }
}
