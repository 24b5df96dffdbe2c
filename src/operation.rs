//! A checked operation: the only input the request builders accept. It can only be made
//! by `validate::operation`, so nothing invalid is ever built into a request.

use crate::catalogue::TypeDef;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The five operations of the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
/// crate, where `validate::operation` is the one constructor.
#[derive(Clone, Debug)]
pub struct Operation {
    pub(crate) kind: OpKind,
    pub(crate) group_id: String,
    pub(crate) integration_type: Option<&'static TypeDef>,
    pub(crate) body: Option<Map<String, Value>>,
    pub(crate) query: Query,
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
