//! `opas schema`: the JSON Schema of the municipality file, generated from its Rust types.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::municipality::RawFile;

/// Where the repository keeps the schema, beside the files that name it in `#:schema`.
pub const SCHEMA_FILE: &str = "municipalities/schema.json";

/// The schema as pretty-printed JSON with a final newline.
///
/// Draft 7 rather than schemars' default 2020-12: taplo (Even Better TOML), the editor
/// that reads `#:schema`, validates with draft 4–7 schemas.
pub fn json() -> String {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawFile>();
    let mut value = schema.to_value();
    tidy(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Prints the schema to standard output.
pub fn run() {
    crate::cli::print_stdout(&json());
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
