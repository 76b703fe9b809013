//! A form's field read from the municipality file: the value its dotted key holds.

use std::collections::BTreeMap;

use crate::compose::edit::fields::{Field, Input};
use crate::compose::edit::tree::{self, Parsed};

/// A text field for the dotted `key`, with `default` shown as its placeholder.
pub fn text_field(doc: &Parsed<'_>, key: &str, default: Option<&str>, required: bool) -> Field {
    let mut f = field(
        doc,
        key,
        Input::Text {
            default: default.map(str::to_string),
        },
        None,
        required,
    );
    f.default = default.map(str::to_string);
    f
}

/// A field for the dotted `key`: the file's value, or `kept` (a default that a checkbox or
/// a choice shows when the key is left out).
pub fn field(
    doc: &Parsed<'_>,
    key: &str,
    input: Input,
    kept: Option<&str>,
    required: bool,
) -> Field {
    let key: Vec<String> = key.split('.').map(str::to_string).collect();
    let value = match tree::get(doc, &key) {
        Some((_, item)) => tree::shown(item),
        None => kept.unwrap_or_default().to_string(),
    };
    Field {
        key,
        input,
        value,
        default: kept.map(str::to_string),
        required,
        help: BTreeMap::new(),
    }
}
