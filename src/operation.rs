//! A checked operation: the only input the request builders accept. It can only be made
//! by `validate::operation`, so nothing invalid is ever built into a request.

use crate::catalogue::TypeDef;
use crate::flavour::Flavour;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The five operations of the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum OpKind {
    List,
    Get,
    Create,
    Update,
    Delete,
}

impl OpKind {
    pub const ALL: [OpKind; 5] = [
        OpKind::List,
        OpKind::Get,
        OpKind::Create,
        OpKind::Update,
        OpKind::Delete,
    ];

    /// The JS name (`"list"`, ...).
    pub const fn id(self) -> &'static str {
        match self {
            OpKind::List => "list",
            OpKind::Get => "get",
            OpKind::Create => "create",
            OpKind::Update => "update",
            OpKind::Delete => "delete",
        }
    }

    pub fn from_id(id: &str) -> Option<OpKind> {
        OpKind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub const fn method(self) -> &'static str {
        match self {
            OpKind::List | OpKind::Get => "GET",
            OpKind::Create => "POST",
            OpKind::Update => "PUT",
            OpKind::Delete => "DELETE",
        }
    }

    /// Create and update carry a body; the others must not.
    pub const fn has_body(self) -> bool {
        matches!(self, OpKind::Create | OpKind::Update)
    }

    /// Everything but list addresses one integration type.
    pub const fn needs_type(self) -> bool {
        !matches!(self, OpKind::List)
    }

    /// List, create and update answer with a paginated list and take the paging parameters.
    pub const fn is_paged(self) -> bool {
        matches!(self, OpKind::List | OpKind::Create | OpKind::Update)
    }

    /// GET, PUT and DELETE may be retried safely; POST never blindly.
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, OpKind::Create)
    }
}

/// How `upsert` creates-or-updates, per flavour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Upsert {
    /// One PUT: Atlas v1.0, Cloud Manager and Ops Manager document that PUT creates the
    /// integration or replaces it, and a PUT may be retried.
    Put,
    /// POST, then PUT when the answer is 409 `INTEGRATION_ALREADY_CONFIGURED` (Atlas v2's
    /// PUT does not create). The POST is never retried.
    PostThenPut,
}

/// The error code that sends an Atlas v2 upsert from POST to PUT.
pub const ALREADY_CONFIGURED: &str = "INTEGRATION_ALREADY_CONFIGURED";

impl Upsert {
    pub const fn of(flavour: Flavour) -> Upsert {
        match flavour {
            Flavour::AtlasV2 => Upsert::PostThenPut,
            Flavour::AtlasV1 | Flavour::CloudManager | Flavour::OpsManager => Upsert::Put,
        }
    }

    /// The first operation sent.
    pub const fn first(self) -> OpKind {
        match self {
            Upsert::Put => OpKind::Update,
            Upsert::PostThenPut => OpKind::Create,
        }
    }

    /// Whether a failure of the first operation (`status`, `error_code`) is followed by
    /// an update: only Atlas v2's 409 `INTEGRATION_ALREADY_CONFIGURED`.
    pub fn update_after(self, status: u16, error_code: &str) -> bool {
        self == Upsert::PostThenPut && status == 409 && error_code == ALREADY_CONFIGURED
    }
}

/// The query parameters (INTEGRATIONS.md §3.2); `None` means "leave out, server default".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Query {
    pub page_num: Option<u32>,
    pub items_per_page: Option<u32>,
    pub include_count: Option<bool>,
    pub pretty: Option<bool>,
    pub envelope: Option<bool>,
    /// Cloud Manager and Ops Manager only (INTEGRATIONS.md §3.2 correction).
    pub backup_jobs_enabled_only: Option<bool>,
}

/// A validated operation. Fields are readable everywhere but settable only inside the
/// crate, where `validate::operation` is the one constructor. Debug shows the body's keys,
/// never its values (they hold secrets), as `Request`'s Debug shows only the body's size.
#[derive(Clone)]
pub struct Operation {
    pub(crate) kind: OpKind,
    pub(crate) group_id: String,
    pub(crate) integration_type: Option<&'static TypeDef>,
    pub(crate) body: Option<Map<String, Value>>,
    pub(crate) query: Query,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("kind", &self.kind)
            .field("group_id", &self.group_id)
            .field("integration_type", &self.integration_type.map(|t| t.name))
            .field(
                "body_keys",
                &self.body.as_ref().map(|b| b.keys().collect::<Vec<_>>()),
            )
            .field("query", &self.query)
            .finish()
    }
}

impl Operation {
    pub fn kind(&self) -> OpKind {
        self.kind
    }
    /// 24 lowercase hexadecimal digits (checked).
    pub fn group_id(&self) -> &str {
        &self.group_id
    }
    /// `Some` for every operation but list.
    pub fn integration_type(&self) -> Option<&'static TypeDef> {
        self.integration_type
    }
    /// `Some` for create and update.
    pub fn body(&self) -> Option<&Map<String, Value>> {
        self.body.as_ref()
    }
    pub fn query(&self) -> &Query {
        &self.query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsert_is_one_put_except_on_atlas_v2() {
        for f in [Flavour::AtlasV1, Flavour::CloudManager, Flavour::OpsManager] {
            assert_eq!(Upsert::of(f).first(), OpKind::Update);
            assert!(Upsert::of(f).first().is_idempotent());
            assert!(!Upsert::of(f).update_after(409, ALREADY_CONFIGURED));
        }
        let v2 = Upsert::of(Flavour::AtlasV2);
        assert_eq!(v2.first(), OpKind::Create);
        assert!(v2.update_after(409, ALREADY_CONFIGURED));
        assert!(!v2.update_after(400, ALREADY_CONFIGURED));
        assert!(!v2.update_after(409, "DUPLICATE"));
    }
}
