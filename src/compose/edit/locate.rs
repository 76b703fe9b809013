//! Which field a diagnostic is about: the key whose line holds the diagnostic's position.

use std::ops::Range;

use toml_edit::{Item, TableLike};

use crate::compose::edit::fields::Form;
use crate::compose::edit::tree;

/// The name of the field of `form` that the text at `span` of `text` belongs to: the
/// field of the innermost key there, or of the nearest table around it.
pub fn field_at(form: &Form, text: &str, span: &Range<usize>) -> Option<String> {
    let best = match tree::parse(text) {
        Ok(doc) => {
            let mut path = Vec::new();
            let mut best = Vec::new();
            innermost(doc.as_table(), span.start, &mut path, &mut best);
            best
        }
        Err(_) => by_lines(text, span.start),
    };
    // The field of the key itself, or the first field under the table it names.
    let mut fields = form.fields();
    let exact = form.fields().find(|f| f.key == best);
    exact
        .or_else(|| fields.find(|f| f.key.starts_with(&best) && !best.is_empty()))
        .map(|f| f.name())
}

/// The deepest key path under `table` (at `path`) whose key-value holds `at`.
fn innermost(table: &dyn TableLike, at: usize, path: &mut Vec<String>, best: &mut Vec<String>) {
    for (name, item) in table.iter() {
        path.push(name.to_string());
        let key_start = table.key(name).and_then(|k| k.span()).map(|s| s.start);
        let end = item_span(item).map(|s| s.end);
        if let (Some(start), Some(end)) = (key_start, end)
            && (start..end.max(start + 1)).contains(&at)
        {
            *best = path.clone();
        }
        if let Some(inner) = item.as_table_like() {
            innermost(inner, at, path, best);
        }
        path.pop();
    }
}

fn item_span(item: &Item) -> Option<Range<usize>> {
    match item {
        Item::Value(v) => v.span(),
        Item::Table(t) => t.span(),
        _ => item.span(),
    }
}

/// The key path of the line holding `at` in a text that does not parse: the last table
/// header above it and the key before its `=`.
fn by_lines(text: &str, at: usize) -> Vec<String> {
    let mut table: Vec<String> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[').and_then(|h| h.split(']').next()) {
            table = dotted(header);
        }
        if (start..start + line.len()).contains(&at) {
            let mut path = table;
            if let Some((key, _)) = t.split_once('=') {
                path.extend(dotted(key));
            }
            return path;
        }
        start += line.len();
    }
    Vec::new()
}

fn dotted(key: &str) -> Vec<String> {
    key.split('.')
        .map(|k| k.trim().trim_matches('"').to_string())
        .collect()
}
