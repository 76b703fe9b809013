//! The file's TOML tree as parsed with its positions: the value at a key path, as the form
//! shows it and where it stands in the text.

use std::ops::Range;

use toml_edit::{Document, Item, Key, Table, TableLike, Value};

/// A parsed municipality file that remembers where everything is.
pub type Parsed<'a> = Document<&'a str>;

/// Parses `text`, keeping the positions; the error as the parser words it.
pub fn parse(text: &str) -> Result<Parsed<'_>, String> {
    Document::parse(text).map_err(|e| e.message().trim().to_string())
}

/// The key and item at `path`, if the file has them.
pub fn get<'d>(doc: &'d Parsed<'_>, path: &[String]) -> Option<(&'d Key, &'d Item)> {
    let (last, parents) = path.split_last()?;
    let table = table_like(doc.as_table(), parents)?;
    table.get_key_value(last)
}

/// The table or inline table at `path` under `root`.
pub fn table_like<'d>(root: &'d Table, path: &[String]) -> Option<&'d dyn TableLike> {
    let mut table: &dyn TableLike = root;
    for part in path {
        table = table.get(part)?.as_table_like()?;
    }
    Some(table)
}

/// The standard table (`[a.b]`) at `path`, if it is one.
pub fn table<'d>(doc: &'d Parsed<'_>, path: &[String]) -> Option<&'d Table> {
    let mut table = doc.as_table();
    for part in path {
        table = table.get(part)?.as_table()?;
    }
    Some(table)
}

/// A value as the form shows it: a string's text, a date or a boolean as written, a list
/// of strings joined with commas; anything else as written in TOML.
pub fn shown(item: &Item) -> String {
    let Some(value) = item.as_value() else {
        return String::new();
    };
    match value {
        Value::String(s) => s.value().clone(),
        Value::Boolean(b) => b.value().to_string(),
        Value::Datetime(d) => d.value().to_string(),
        Value::Array(a) if a.iter().all(Value::is_str) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string().trim().to_string(),
    }
}

/// Where a key's line begins and where its value ends, in the text.
pub fn spans(key: &Key, item: &Item) -> Option<(Range<usize>, Range<usize>)> {
    Some((key.span()?, item.as_value()?.span()?))
}
