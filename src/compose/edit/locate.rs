//! Which field a diagnostic is about: the key whose line holds the diagnostic's position.

use std::ops::Range;

use toml_edit::{Item, TableLike};

use crate::compose::edit::fields::Form;
use crate::compose::edit::tree;

/// The name of the field of `form` that the text at `span` of `text` belongs to: the
/// field of the innermost key there, or of the nearest table around it.
pub fn field_at(form: &Form, text: &str, span: &Range<usize>) -> Option<String> {
    let doc = tree::parse(text).ok()?;
    let mut path = Vec::new();
    let mut best = Vec::new();
    innermost(doc.as_table(), span.start, &mut path, &mut best);
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
