//! The shape of `describeTypes`' answer (the TypeScript `TypeCatalogue`), written once.
//!
//! Each object of the answer is a struct here whose fields are its keys, each with its
//! TypeScript type and JSDoc. `schema::describe_types` fills the structs, so it names every
//! key exactly once and cannot invent one; `typescript` declares the same table as
//! interfaces. The answer and its declaration therefore cannot drift apart, and the answer
//! is still built as a `serde_json::Value`: typed `Serialize` structs cost the forms module
//! about 2 KiB gzip more (BENCHMARKS.md).
//!
//! The structs hold any value type `V` (`serde_json::Value` in `schema`) because `build.rs`
//! compiles this file too (see `typescript`): it may use only `std`.

/// One member of a declared interface.
#[derive(Clone, Copy, Debug)]
pub struct Member {
    /// The JSON key.
    pub key: &'static str,
    /// Its TypeScript type (a member that may be `null` says so here).
    pub ts: &'static str,
    /// Whether the key may be absent (`key?:`).
    pub optional: bool,
    /// The JSDoc, one doc-comment line each (with the space after `///`).
    pub doc: &'static [&'static str],
}

/// One object of the answer, as TypeScript declares it.
#[derive(Clone, Copy, Debug)]
pub struct Interface {
    pub name: &'static str,
    /// The JSDoc, one doc-comment line each (with the space after `///`).
    pub doc: &'static [&'static str],
    /// In declaration order (the answer's objects, like every JSON object of this crate,
    /// have their keys sorted).
    pub members: &'static [Member],
}

/// What [`Object::values`] hands an object's keys and values to.
pub type ValuesSink<'a, V> = dyn FnMut(&'static [&'static str], &mut [Option<V>]) + 'a;

/// An object of the answer with its values filled in.
pub trait Object<V> {
    /// Calls `out` once with the keys and their values in declaration order, `None` for an
    /// optional member left out. (The keys alone: the rest of [`Member`] would bring every
    /// doc comment into the wasm module.)
    fn values(self, out: &mut ValuesSink<'_, V>);
}

/// The field type of a member: `V`, or `Option<V>` for an optional one.
macro_rules! slot {
    (required $v:ty) => { $v };
    (optional $v:ty) => { Option<$v> };
}

/// A member's value as an `Option` (`None`: left out).
macro_rules! present {
    (required $e:expr) => {
        Some($e)
    };
    (optional $e:expr) => {
        $e
    };
}

/// Whether a member may be absent.
macro_rules! is_optional {
    (required) => {
        false
    };
    (optional) => {
        true
    };
}

/// Declares the objects of the answer: a struct per object and [`INTERFACES`], from one
/// list of `required|optional field "key": "TypeScript type",` members with their docs.
macro_rules! interfaces {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident {
            $(
                $(#[doc = $member_doc:literal])*
                $presence:ident $field:ident $key:literal : $ts:literal,
            )*
        }
    )*) => {
        $(
            $(#[doc = $doc])*
            pub struct $name<V> {
                $( $(#[doc = $member_doc])* pub $field: slot!($presence V), )*
            }

            impl<V> $name<V> {
                /// The members, in declaration order.
                pub const MEMBERS: &'static [Member] = &[$(
                    Member {
                        key: $key,
                        ts: $ts,
                        optional: is_optional!($presence),
                        doc: &[$($member_doc),*],
                    },
                )*];
            }

            impl<V> Object<V> for $name<V> {
                // Inlined into its caller, so that the values are not copied once more on
                // their way into the array (see `schema::json`).
                #[inline(always)]
                fn values(self, out: &mut ValuesSink<'_, V>) {
                    out(&[$($key),*], &mut [$(present!($presence self.$field)),*]);
                }
            }
        )*

        /// Every object of the answer, in declaration order.
        pub const INTERFACES: &[Interface] = &[$(
            Interface {
                name: stringify!($name),
                doc: &[$($doc),*],
                members: $name::<()>::MEMBERS,
            },
        )*];
    };
}

interfaces! {
    /// What `describeTypes` returns.
    TypeCatalogue {
        /// The flavour asked for, or `null` for all of them.
        required flavour "flavour": "Flavour | null",
        /// Every flavour in a stable order, whichever was asked for (for a flavour picker
        /// and messages).
        required flavours "flavours": "FlavourDescription[]",
        /// With a flavour, only the types it accepts.
        required types "types": "TypeDescription[]",
    }

    /// One flavour, for a flavour picker and messages.
    FlavourDescription {
        /// What the `flavour` options take.
        required id "id": "Flavour",
        /// Its human label.
        required label "label": "string",
        /// For a deprecated flavour (Atlas v1.0), why; `null` otherwise.
        required deprecated "deprecated": "string | null",
    }

    /// One integration type and its fields, for rendering forms.
    TypeDescription {
        /// The API's name of the type, the body's `type`.
        required name "name": "IntegrationType",
        /// A human label.
        required label "label": "string",
        /// Accepted by the flavour asked for (without a flavour: by any flavour).
        required supported "supported": "boolean",
        /// The flavours that accept it.
        required supported_in "supportedIn": "Flavour[]",
        /// Why the other flavours refuse it; `null` when every flavour accepts it.
        required unsupported_note "unsupportedNote": "string | null",
        /// A deprecation or end-of-life note.
        required deprecated "deprecated": "string | null",
        /// Things a person should know before configuring it (e.g. Slack's OAuth set-up).
        required notes "notes": "string[]",
        /// Per flavour, only when no flavour was asked for.
        optional flavours "flavours": "Partial<Record<Flavour, FlavourSupport>>",
        /// The fields, in form order. With a flavour, only those that exist in it.
        required fields "fields": "FieldDescription[]",
    }

    /// How one flavour treats an integration type (`TypeDescription.flavours`).
    FlavourSupport {
        /// Whether the flavour accepts the type.
        required supported "supported": "boolean",
        /// Whether the type is deprecated there (only where it is accepted).
        required deprecated "deprecated": "boolean",
        /// Whether the sources disagree on whether the flavour accepts the type (it is
        /// accepted, with a `disputed_type` warning; the type's `notes` say why).
        required disputed "disputed": "boolean",
    }

    /// One field of an integration type, as a form renders it.
    FieldDescription {
        /// The JSON name, also the `path` of its issues.
        required name "name": "string",
        /// A human label.
        required label "label": "string",
        /// One sentence of help.
        required help "help": "string",
        /// The value's kind and its constraints (which input to render, what `validateBody`
        /// checks).
        required kind "kind": "FieldKind",
        /// Required in the flavour asked for (without a flavour: in every flavour that
        /// accepts the type).
        required required "required": "boolean",
        /// The flavours in which it is required.
        required required_in "requiredIn": "Flavour[]",
        /// The flavours in which the field exists.
        required flavours "flavours": "Flavour[]",
        /// Whether `null` is accepted (as "not set").
        required nullable "nullable": "boolean",
        /// For secrets: how API responses mask the value (render a password input).
        required secret "secret": "null | FieldSecret",
        /// The value the server applies when the field is left out.
        required default "default": "null | string | boolean",
        /// A deprecation note.
        required deprecated "deprecated": "null | string",
    }

    /// What a form should know of a secret field (`FieldDescription.secret`).
    FieldSecret {
        /// How API responses mask the value.
        required mask "mask": "SecretMask",
    }

    /// The kind of a field's value and its constraints, for choosing and configuring an
    /// input.
    FieldKind {
        /// Which input to render; the constraints below that apply depend on it.
        required r#type "type": "FieldKindType",
        /// Minimum length in characters.
        optional min_length "minLength": "number",
        /// Maximum length in characters.
        optional max_length "maxLength": "number",
        /// The allowed values of an `enum`.
        optional options "options": "string[]",
        /// A JavaScript regular expression the value must match (hex keys).
        optional pattern "pattern": "string",
        /// `uri` for URLs.
        optional format "format": "string",
        /// Templates: the largest rendered size the API accepts, in bytes.
        optional max_bytes "maxBytes": "number",
        /// Templates: whether the rendered text must be a JSON object (headers).
        optional renders_to_object "rendersToObject": "boolean",
    }
}
