//! The catalogue as data for other programs: form metadata ([`describe_types`]) and one
//! JSON Schema per type and flavour ([`json_schema`]), so that UIs and docs never restate
//! a rule. Both agree with `validate`: e.g. an optional text left empty counts as unset,
//! so `minLength` is only stated where the field is required. A schema accepts a body
//! exactly when `validate` finds no error in it, for every body whose keys are the type's
//! fields (tests/package/forms-schema.test.mjs checks this with Ajv's strict mode on
//! generated bodies); only standard keywords, so strict validators compile it.

mod pattern;

use crate::catalogue::{self, DefaultValue, Field, Kind, Mask, TypeDef};
use crate::flavour::{Flavour, FlavourSet};
use crate::json::{map, object};
use crate::type_catalogue::{
    FieldDescription, FieldKind, FieldSecret, FlavourDescription, FlavourSupport, Object,
    TypeCatalogue, TypeDescription,
};
use serde_json::{Map, Value};

/// The JSON Schema dialect of [`json_schema`].
pub const JSON_SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Form metadata for every type, or, with a flavour, for the types and fields it accepts:
/// a [`TypeCatalogue`], whose objects and keys (and
/// their TypeScript declarations) are written in `type_catalogue`.
///
/// `required` is "required in this flavour" with a flavour, otherwise "required in every
/// flavour that accepts the type" (the rule of the TypeScript declarations).
pub fn describe_types(flavour: Option<Flavour>) -> Value {
    let types: Vec<Value> = catalogue::TYPES
        .iter()
        .filter(|t| flavour.map_or(true, |f| t.supports(f)))
        .map(|t| describe_type(t, flavour))
        .collect();
    let flavours: Vec<Value> = Flavour::ALL
        .into_iter()
        .map(|f| {
            json(FlavourDescription {
                id: f.id().into(),
                label: f.label().into(),
                deprecated: f.deprecation().into(),
            })
        })
        .collect();
    json(TypeCatalogue {
        flavour: flavour.map(Flavour::id).into(),
        flavours: Value::Array(flavours),
        types: Value::Array(types),
    })
}

/// A draft 2020-12 JSON Schema for bodies of `type_name` in `flavour`; `None` when the type
/// is unknown or the flavour does not accept it.
pub fn json_schema(type_name: &str, flavour: Flavour) -> Option<Value> {
    let def = catalogue::find(type_name).filter(|t| t.supports(flavour))?;
    let mut properties = Map::new();
    properties.insert(
        "type".into(),
        object([
            ("title", "Integration type".into()),
            ("const", def.name.into()),
        ]),
    );
    properties.insert(
        "id".into(),
        object([
            ("title", "Integration ID".into()),
            ("type", vec!["string", "null"].into()),
            ("readOnly", true.into()),
            (
                "description",
                "Set by the server; there is no need to send it.".into(),
            ),
        ]),
    );
    let mut required = vec![Value::from("type")];
    for field in def.fields_in(flavour) {
        let is_required = field.required_in(flavour);
        if is_required {
            required.push(field.name.into());
        }
        let null_ok = field.nullable || field.recommended.contains(flavour);
        let bounded = field.bounded.contains(flavour);
        properties.insert(
            field.name.into(),
            field_schema(field, is_required, null_ok, bounded),
        );
    }
    let mut schema = map([
        ("$schema", JSON_SCHEMA_DIALECT.into()),
        ("title", def.label.into()),
        (
            "description",
            format!("A {} integration for the {}.", def.label, flavour.label()).into(),
        ),
        ("type", "object".into()),
        ("properties", Value::Object(properties)),
        ("required", Value::Array(required)),
        // The spec sets no additionalProperties (§4.1) and `validate` only warns about an
        // unknown key; a form, though, should offer exactly the fields of the type: the one
        // place where the schema is stricter than `validate` (docs/API.md, "JSON Schema").
        ("additionalProperties", false.into()),
    ]);
    // Conditional requirements (tlsPemPath when scheme is https), as `validate` applies them.
    let conditions: Vec<Value> = def
        .fields_in(flavour)
        .filter_map(|f| f.required_if.map(|(other, value)| (f.name, other, value)))
        .map(|(name, other, value)| {
            object([
                (
                    "if",
                    object([
                        (
                            "properties",
                            object([(other, object([("const", value.into())]))]),
                        ),
                        ("required", vec![other].into()),
                    ]),
                ),
                // `validate` counts "" and null as missing too (the conditional fields,
                // tlsPemPath, are text).
                (
                    "then",
                    object([
                        ("required", vec![name].into()),
                        (
                            "properties",
                            object([(
                                name,
                                object([("type", "string".into()), ("minLength", 1.into())]),
                            )]),
                        ),
                    ]),
                ),
            ])
        })
        .collect();
    if !conditions.is_empty() {
        schema.insert("allOf".into(), Value::Array(conditions));
    }
    if def.deprecated.is_some() {
        schema.insert("deprecated".into(), true.into());
    }
    Some(Value::Object(schema))
}

fn describe_type(def: &TypeDef, flavour: Option<Flavour>) -> Value {
    let fields: Vec<Value> = def
        .fields
        .iter()
        .filter(|f| flavour.map_or(true, |fl| f.exists_in(fl)))
        .map(|f| describe_field(def, f, flavour))
        .collect();
    // Per flavour only without one.
    let per_flavour = flavour.is_none().then(|| {
        let mut out = Map::new();
        for f in Flavour::ALL {
            let supported = def.supports(f);
            let support = json(FlavourSupport {
                supported: supported.into(),
                deprecated: (supported && def.deprecated.is_some()).into(),
                disputed: (supported && def.dispute_in(f).is_some()).into(),
            });
            out.insert(f.id().to_string(), support);
        }
        Value::Object(out)
    });
    json(TypeDescription {
        name: def.name.into(),
        label: def.label.into(),
        supported: flavour
            .map_or(def.supported != FlavourSet::NONE, |f| def.supports(f))
            .into(),
        supported_in: ids(def.supported).into(),
        unsupported_note: (def.supported != FlavourSet::ALL)
            .then_some(def.unsupported_note)
            .into(),
        deprecated: def.deprecated.into(),
        notes: def.notes_for(flavour).into(),
        flavours: per_flavour,
        fields: Value::Array(fields),
    })
}

fn describe_field(def: &TypeDef, field: &Field, flavour: Option<Flavour>) -> Value {
    let required = flavour.map_or(def.always_requires(field), |f| field.required_in(f));
    let secret = field.secret.map(|mask| {
        json(FieldSecret {
            mask: mask.id().into(),
        })
    });
    json(FieldDescription {
        name: field.name.into(),
        label: field.label.into(),
        help: field.help.into(),
        kind: kind(field, flavour),
        required: required.into(),
        required_in: ids(field.required).into(),
        flavours: ids(field.flavours).into(),
        nullable: field.nullable.into(),
        secret: secret.into(),
        default: field.default.map(DefaultValue::to_json).into(),
        deprecated: field.deprecated.into(),
    })
}

/// The kind as a tagged object with its constraints; with a flavour, a text's maximum
/// length only where that flavour's sources state it.
fn kind(field: &Field, flavour: Option<Flavour>) -> Value {
    let kind = field.kind;
    let mut out = FieldKind {
        r#type: kind.name().into(),
        min_length: None,
        max_length: None,
        options: None,
        pattern: None,
        format: None,
        max_bytes: None,
        renders_to_object: None,
    };
    match kind {
        Kind::Text { min_len, max_len } => {
            out.min_length = min_len.map(Value::from);
            let bounded = flavour.map_or(true, |f| field.bounded.contains(f));
            out.max_length = max_len.filter(|_| bounded).map(Value::from);
        }
        Kind::Enum(options) => out.options = Some(options.into()),
        Kind::Url => out.format = Some("uri".into()),
        Kind::HexKey { len, lowercase } => {
            out.min_length = Some(len.into());
            out.max_length = Some(len.into());
            out.pattern = Some(hex_pattern(len, lowercase).into());
        }
        Kind::Template { max_bytes, object } => {
            out.max_bytes = Some(max_bytes.into());
            out.renders_to_object = Some(object.into());
        }
        Kind::Boolean | Kind::HostPort | Kind::AbsolutePath => {}
    }
    json(out)
}

/// One object of the answer as JSON, with the keys `type_catalogue` declares.
///
/// Always inlined, like [`Object::values`]: each object's values are then written straight
/// into the array that [`insert_members`] reads, instead of being copied once more (which
/// cost the forms module about 1 KiB gzip).
#[inline(always)]
fn json(object: impl Object<Value>) -> Value {
    let mut out = Map::new();
    object.values(&mut |keys, values| insert_members(&mut out, keys, values));
    Value::Object(out)
}

/// [`json`]'s work, compiled once rather than once per object.
fn insert_members(out: &mut Map<String, Value>, keys: &[&str], values: &mut [Option<Value>]) {
    for (key, value) in keys.iter().zip(values) {
        if let Some(value) = value.take() {
            out.insert((*key).to_owned(), value);
        }
    }
}

/// The JSON Schema of one field; `required` decides `minLength`, `bounded` (the flavour's
/// sources state the length limit) `maxLength`. Null is allowed exactly
/// where `validate` accepts it (`null_ok`): on nullable fields (a required nullable key, the
/// Atlas spec's Slack channelName, may hold null), and on a field the flavour only
/// recommends, where null, like absence, is a `missing_recommended` warning.
fn field_schema(field: &Field, required: bool, null_ok: bool, bounded: bool) -> Value {
    let json_type = if field.kind == Kind::Boolean {
        "boolean"
    } else {
        "string"
    };
    let types = if null_ok {
        vec![json_type, "null"].into()
    } else {
        json_type.into()
    };
    let mut out = map([
        ("title", field.label.into()),
        ("description", field.help.into()),
        ("type", types),
    ]);
    match field.kind {
        Kind::Text { min_len, max_len } => {
            if let Some(min) = min_len.filter(|_| required) {
                out.insert("minLength".into(), min.into());
            }
            // Elsewhere a longer value is a warning only (`may_be_too_long`).
            if let Some(max) = max_len.filter(|_| bounded) {
                out.insert("maxLength".into(), max.into());
            }
        }
        Kind::Enum(options) => {
            out.insert("enum".into(), options.into());
        }
        // Its shape is a warning only (`invalid_url`): no keyword, which would make it an error.
        Kind::Url => {}
        Kind::HexKey { len, lowercase } => {
            out.insert("pattern".into(), hex_pattern(len, lowercase).into());
        }
        Kind::HostPort => {
            out.insert("pattern".into(), pattern::host_port().into());
        }
        Kind::AbsolutePath => {
            out.insert("pattern".into(), pattern::ABSOLUTE_PATH.into());
        }
        // Its size limit and JSON shape are warnings only (the server falls back to its
        // default payload): no schema keyword, which would make them errors.
        Kind::Template { .. } => {
            out.insert("contentMediaType".into(), "application/json".into());
        }
        Kind::Boolean => {}
    }
    // `validate` reports a required "" as missing; enums and patterns already exclude it.
    let unbounded = ["minLength", "enum", "pattern"]
        .iter()
        .all(|k| !out.contains_key(*k));
    if required && json_type == "string" && unbounded {
        out.insert("minLength".into(), 1.into());
    }
    if let Some(mask) = field.secret {
        // Every secret goes to the server and never comes back as it was sent.
        out.insert("writeOnly".into(), true.into());
        // The masked echo of a read is an error in `validate` (it would overwrite the
        // secret), so the schema refuses it too.
        let masked = if mask == Mask::Url {
            pattern::MASKED_URL
        } else {
            pattern::MASKED
        };
        out.insert("not".into(), object([("pattern", masked.into())]));
    }
    if let Some(default) = field.default {
        out.insert("default".into(), default.to_json());
    }
    if field.deprecated.is_some() {
        out.insert("deprecated".into(), true.into());
    }
    Value::Object(out)
}

/// The JS regular expression (no flags) that `validate` enforces for a hex key.
fn hex_pattern(len: u32, lowercase: bool) -> String {
    let class = if lowercase { "[0-9a-f]" } else { "[0-9a-fA-F]" };
    format!("^{class}{{{len}}}$")
}

fn ids(set: FlavourSet) -> Vec<&'static str> {
    set.iter().map(Flavour::id).collect()
}
