//! The JSON Schema of the municipality file (what `opas schema` prints), generated from the
//! Rust types of the shared facts and from the guides' declarations (one typed table per
//! guide), and whether the project's copy of it still describes the guides.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::diagnostics::Diagnostic;
use crate::load::declaration::Declaration;
use crate::load::municipality::RawFile;
use crate::load::params::{Param, ParamKind};
use crate::load::project::Loaded;
use crate::load::values::MAX_TEXT_BYTES;

/// Where the repository keeps the schema, beside the files that name it in `#:schema`.
pub const SCHEMA_FILE: &str = "municipalities/schema.json";

/// The schema as pretty-printed JSON with a final newline.
///
/// Draft 7 rather than schemars' default 2020-12: taplo (Even Better TOML), the editor
/// that reads `#:schema`, validates with draft 4–7 schemas.
pub fn json<'a>(guides: impl IntoIterator<Item = &'a Declaration>) -> String {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawFile>();
    let mut value = schema.to_value();
    tidy(&mut value);
    if let Some(Value::Object(properties)) = value.get_mut("properties") {
        for decl in guides {
            properties.insert(decl.id.clone(), guide_schema(decl));
        }
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// A warning when the project keeps a schema (`municipalities/schema.json`) that no longer
/// describes its guides: a guide added, removed or given another parameter since it was
/// written. Editors would check the municipality files against the old one.
///
/// Nothing is said while a guide has errors (the schema leaves such a guide out) or when
/// the project keeps no schema.
pub fn stale(loaded: &Loaded) -> Option<Diagnostic> {
    if !loaded.broken_guides.is_empty() {
        return None;
    }
    let path = loaded.root.join(SCHEMA_FILE);
    let kept = crate::load::files::read_in(&loaded.root, &path, MAX_TEXT_BYTES).ok()?;
    if kept == json(loaded.guides.values()).as_bytes() {
        return None;
    }
    Some(
        Diagnostic::warning(
            SCHEMA_FILE,
            "the schema does not describe the guides in content/ any more",
        )
        .hint(format!(
            "write it again with `opas schema > {SCHEMA_FILE}`: editors check the municipality files against it"
        )),
    )
}

/// The table of one guide: its date, languages, per-language values and parameters.
fn guide_schema(decl: &Declaration) -> Value {
    let params: Map<String, Value> = decl
        .params
        .iter()
        .map(|p| (p.name.clone(), param_schema(p)))
        .collect();
    let mut lang_properties = params.clone();
    lang_properties.insert("wording".into(), wording_schema());
    let mut properties = lang_properties.clone();
    properties.insert(
        "date".into(),
        json!({"description": "The guide's date as year-month-day, e.g. 2025-03-01.", "type": "string", "pattern": DATE}),
    );
    properties.insert(
        "languages".into(),
        json!({"description": "The languages to publish this guide in (default: the municipality's).", "type": "array", "items": {"type": "string", "enum": decl.languages}}),
    );
    let per_language: Map<String, Value> = decl
        .languages
        .iter()
        .map(|l| {
            (
                l.clone(),
                json!({"type": "object", "additionalProperties": false, "properties": lang_properties}),
            )
        })
        .collect();
    properties.insert(
        "lang".into(),
        json!({"description": "Values for one language only, e.g. [<guide>.lang.sv].", "type": "object", "additionalProperties": false, "properties": per_language}),
    );
    let mut required = vec![Value::from("date")];
    required.extend(
        decl.params
            .iter()
            .filter(|p| p.required)
            .map(|p| Value::from(p.name.clone())),
    );
    json!({
        "description": format!("The guide `{}` ({}): its date and parameters.", decl.id, decl.file),
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

/// A guide's own words for the organisation, over the municipality's `[wording]`.
fn wording_schema() -> Value {
    let word = json!({"type": "string", "minLength": 1});
    json!({
        "description": "How this guide names the organisation, over the municipality's [wording], e.g. later = \"kaupungin\".",
        "type": "object",
        "additionalProperties": false,
        "properties": {"first": word, "later": word, "contact": word},
    })
}

const DATE: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

fn param_schema(param: &Param) -> Value {
    let mut schema = match &param.kind {
        ParamKind::Text => json!({"type": "string", "minLength": 1}),
        ParamKind::Bool => json!({"type": "boolean"}),
        ParamKind::Date => json!({"type": "string", "pattern": DATE}),
        ParamKind::YearMonth => json!({"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}$"}),
        ParamKind::Choice(values) => json!({"type": "string", "enum": values}),
    };
    let description = ["en", "fi", "sv"]
        .iter()
        .find_map(|l| param.description.get(*l))
        .cloned()
        .unwrap_or_default();
    schema["description"] = description.into();
    if let Some(default) = &param.default {
        schema["default"] = default.to_json();
    }
    schema
}

/// Adapts schemars' output to TOML and to editors.
///
/// TOML has no null, so an optional field is simply absent: `["string", "null"]` becomes
/// `"string"`. Enums whose values have doc comments come out as `oneOf` of `const`s; they
/// become a plain `enum`, which every validator and editor understands, and the values'
/// descriptions move to taplo's `x-taplo.docs.enumValues` (shown on completion).
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(enumeration) = consts_as_enum(map) {
                map.remove("oneOf");
                map.extend(enumeration);
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// `{"oneOf": [{"const": "a", "description": …}, …]}` as `enum` and per-value docs.
fn consts_as_enum(map: &Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::Array(options)) = map.get("oneOf") else {
        return None;
    };
    let mut values = Vec::new();
    let mut docs = Vec::new();
    for option in options {
        let option = option.as_object()?;
        if option.get("type")? != "string" {
            return None;
        }
        values.push(option.get("const")?.clone());
        docs.push(option.get("description").cloned().unwrap_or(Value::Null));
    }
    let mut out = Map::new();
    out.insert("type".into(), "string".into());
    out.insert("enum".into(), Value::Array(values));
    out.insert(
        "x-taplo".into(),
        serde_json::json!({ "docs": { "enumValues": docs } }),
    );
    Some(out)
}
