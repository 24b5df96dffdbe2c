//! The catalogue as data for other programs: form metadata ([`describe_types`]) and one
//! JSON Schema per type and flavour ([`json_schema`]), so that UIs and docs never restate
//! a rule. Both agree with `validate`: e.g. an optional text left empty counts as unset,
//! so `minLength` is only stated where the field is required.

use crate::catalogue::{self, DefaultValue, Field, Kind, Mask, TypeDef};
use crate::flavour::{Flavour, FlavourSet};
use serde_json::{json, Map, Value};

/// The JSON Schema dialect of [`json_schema`].
pub const JSON_SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Form metadata for every type, or, with a flavour, for the types and fields it accepts:
///
/// ```text
/// { "flavour": "atlasV2" | null,
///   "flavours": [ { "id": "atlasV2", "label": "Atlas Admin API v2" }, … ],  // always all four
///   "types": [ { "name", "label", "supported": bool, "supportedIn": [flavour…],
///                "unsupportedNote": string | null, "deprecated": string | null,
///                "notes": [string…],
///                "flavours": { "<flavour>": { "supported", "deprecated" } },   // without a flavour only
///                "fields": [ { "name", "label", "help", "kind": {"type", …constraints},
///                              "required": bool, "requiredIn": [flavour…],
///                              "flavours": [flavour…], "nullable": bool,
///                              "secret": null | {"mask": "lastFour"|"full"|"url"|"writeOnly"},
///                              "default": null | value, "deprecated": null | string } ] } ] }
/// ```
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
        .map(|f| json!({ "id": f.id(), "label": f.label() }))
        .collect();
    json!({ "flavour": flavour.map(Flavour::id), "flavours": flavours, "types": types })
}

/// A draft 2020-12 JSON Schema for bodies of `type_name` in `flavour`; `None` when the type
/// is unknown or the flavour does not accept it.
pub fn json_schema(type_name: &str, flavour: Flavour) -> Option<Value> {
    let def = catalogue::find(type_name).filter(|t| t.supports(flavour))?;
    let mut properties = Map::new();
    properties.insert(
        "type".into(),
        json!({ "title": "Integration type", "const": def.name }),
    );
    properties.insert(
        "id".into(),
        json!({ "title": "Integration ID", "type": ["string", "null"], "readOnly": true,
                "description": "Set by the server; there is no need to send it." }),
    );
    let mut required = vec![json!("type")];
    for field in def.fields_in(flavour) {
        let is_required = field.required_in(flavour);
        if is_required {
            required.push(json!(field.name));
        }
        properties.insert(field.name.into(), field_schema(field, is_required));
    }
    let mut schema = json!({
        "$schema": JSON_SCHEMA_DIALECT,
        "title": def.label,
        "description": format!("A {} integration for the {}.", def.label, flavour.label()),
        "type": "object",
        "properties": properties,
        "required": required,
        // The spec sets no additionalProperties (§4.1); `validate` warns instead of failing.
        "additionalProperties": true,
    });
    if def.deprecated.is_some() {
        schema["deprecated"] = json!(true);
    }
    Some(schema)
}

fn describe_type(def: &TypeDef, flavour: Option<Flavour>) -> Value {
    let fields: Vec<Value> = def
        .fields
        .iter()
        .filter(|f| flavour.map_or(true, |fl| f.exists_in(fl)))
        .map(|f| describe_field(def, f, flavour))
        .collect();
    let mut out = json!({
        "name": def.name,
        "label": def.label,
        "supported": flavour.map_or(def.supported != FlavourSet::NONE, |f| def.supports(f)),
        "supportedIn": ids(def.supported),
        "unsupportedNote": (def.supported != FlavourSet::ALL).then_some(def.unsupported_note),
        "deprecated": def.deprecated,
        "notes": def.notes,
        "fields": fields,
    });
    if flavour.is_none() {
        let mut per_flavour = Map::new();
        for f in Flavour::ALL {
            let supported = def.supports(f);
            let entry = json!({ "supported": supported,
                                "deprecated": supported && def.deprecated.is_some() });
            per_flavour.insert(f.id().to_string(), entry);
        }
        out["flavours"] = Value::Object(per_flavour);
    }
    out
}

fn describe_field(def: &TypeDef, field: &Field, flavour: Option<Flavour>) -> Value {
    json!({
        "name": field.name,
        "label": field.label,
        "help": field.help,
        "kind": kind(field.kind),
        "required": flavour.map_or(def.always_requires(field), |f| field.required_in(f)),
        "requiredIn": ids(field.required),
        "flavours": ids(field.flavours),
        "nullable": field.nullable,
        "secret": field.secret.map(|mask| json!({ "mask": mask })),
        "default": field.default.map(default_value),
        "deprecated": field.deprecated,
    })
}

/// The kind as a tagged object with its constraints.
fn kind(kind: Kind) -> Value {
    match kind {
        Kind::Text { min_len, max_len } => {
            let mut out = json!({ "type": "text" });
            if let Some(min) = min_len {
                out["minLength"] = json!(min);
            }
            if let Some(max) = max_len {
                out["maxLength"] = json!(max);
            }
            out
        }
        Kind::Boolean => json!({ "type": "boolean" }),
        Kind::Enum(options) => json!({ "type": "enum", "options": options }),
        Kind::Url => json!({ "type": "url", "format": "uri" }),
        Kind::HexKey { len, lowercase } => json!({
            "type": "hexKey", "minLength": len, "maxLength": len,
            "pattern": hex_pattern(len, lowercase),
        }),
        Kind::Template { max_bytes, object } => {
            json!({ "type": "template", "maxBytes": max_bytes, "rendersToObject": object })
        }
        Kind::HostPort => json!({ "type": "hostPort" }),
        Kind::AbsolutePath => json!({ "type": "absolutePath" }),
    }
}

/// The JSON Schema of one field; `required` decides `minLength` and whether null is allowed
/// (as in `validate`, a required field may be neither null nor empty).
fn field_schema(field: &Field, required: bool) -> Value {
    let json_type = if field.kind == Kind::Boolean {
        "boolean"
    } else {
        "string"
    };
    let mut out = json!({ "title": field.label, "description": field.help });
    out["type"] = if field.nullable && !required {
        json!([json_type, "null"])
    } else {
        json!(json_type)
    };
    match field.kind {
        Kind::Text { min_len, max_len } => {
            if let Some(min) = min_len.filter(|_| required) {
                out["minLength"] = json!(min);
            }
            if let Some(max) = max_len {
                out["maxLength"] = json!(max);
            }
        }
        Kind::Enum(options) => out["enum"] = json!(options),
        Kind::Url => out["format"] = json!("uri"),
        Kind::HexKey { len, lowercase } => out["pattern"] = json!(hex_pattern(len, lowercase)),
        Kind::Template { max_bytes, object } => {
            out["contentMediaType"] = json!("application/json");
            out["x-maxBytes"] = json!(max_bytes);
            out["x-rendersToObject"] = json!(object);
        }
        Kind::Boolean | Kind::HostPort | Kind::AbsolutePath => {}
    }
    // `validate` reports a required "" as missing; enums and patterns already exclude it.
    let unbounded = ["minLength", "enum", "pattern"]
        .iter()
        .all(|k| out.get(k).is_none());
    if required && json_type == "string" && unbounded {
        out["minLength"] = json!(1);
    }
    if field.secret == Some(Mask::WriteOnly) {
        out["writeOnly"] = json!(true);
    }
    if let Some(default) = field.default {
        out["default"] = default_value(default);
    }
    if field.deprecated.is_some() {
        out["deprecated"] = json!(true);
    }
    out
}

/// The JS regular expression (no flags) that `validate` enforces for a hex key.
fn hex_pattern(len: u32, lowercase: bool) -> String {
    let class = if lowercase { "[0-9a-f]" } else { "[0-9a-fA-F]" };
    format!("^{class}{{{len}}}$")
}

fn default_value(default: DefaultValue) -> Value {
    match default {
        DefaultValue::Bool(b) => json!(b),
        DefaultValue::Str(s) => json!(s),
    }
}

fn ids(set: FlavourSet) -> Vec<&'static str> {
    set.iter().map(Flavour::id).collect()
}
