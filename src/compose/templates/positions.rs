//! The `{{ … }}` and `{% … %}` tags of a template's source, in order, for error locations.
//!
//! Tera's syntax tree has no positions. The checks in [`crate::compose::templates::limits`] number the tags
//! in the order the tree holds them, which is the order of the source; this scanner finds
//! the same tags in the text, so a tag's number gives its place in the file.

use std::ops::Range;

/// The byte ranges of every tag in `source`, skipping comments and the text of raw blocks.
pub fn scan(source: &str) -> Vec<Range<usize>> {
    let bytes = source.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    let mut in_raw = false;
    while let Some(found) = find_open(source, at) {
        let (start, kind) = found;
        if kind == b'#' {
            at = source[start + 2..]
                .find("#}")
                .map_or(bytes.len(), |i| start + 2 + i + 2);
            continue;
        }
        let close = if kind == b'{' { "}}" } else { "%}" };
        let end = tag_end(source, start + 2, close);
        let word = first_word(&source[start + 2..end]);
        if in_raw {
            // Inside `{% raw %}` only `{% endraw %}` is a tag.
            if kind == b'%' && word == "endraw" {
                in_raw = false;
                tags.push(start..end);
            }
            at = if kind == b'%' && word == "endraw" {
                end
            } else {
                start + 2
            };
            continue;
        }
        if kind == b'%' && word == "raw" {
            in_raw = true;
        }
        tags.push(start..end);
        at = end;
    }
    tags
}

/// The next `{{`, `{%` or `{#` at or after `from`, with its second byte.
fn find_open(source: &str, from: usize) -> Option<(usize, u8)> {
    let bytes = source.as_bytes();
    let mut i = from;
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#') {
            return Some((i, bytes[i + 1]));
        }
        i += 1;
    }
    None
}

/// The end (after `close`) of a tag whose body starts at `from`; quoted strings may hold
/// the closing characters.
fn tag_end(source: &str, from: usize, close: &str) -> usize {
    let bytes = source.as_bytes();
    let mut i = from;
    let mut quote = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if source[i..].starts_with(close) => return i + close.len(),
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The first word of a tag body, after Tera's `-` whitespace control.
fn first_word(body: &str) -> &str {
    let body = body.trim_start_matches('-').trim_start();
    let end = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    &body[..end]
}

/// Longest tag, in bytes: long enough for any condition a step needs.
pub const MAX_TAG_BYTES: usize = 1000;
/// Deepest nesting of brackets in a tag, or of `if`/`for` blocks in a template.
pub const MAX_NESTING: usize = 32;

/// Refuses a tag longer than [`MAX_TAG_BYTES`] and nesting deeper than [`MAX_NESTING`],
/// before Tera parses the text: its parser and renderer recurse once per level, so a
/// few thousand levels would overflow the stack.
pub fn check_depth(source: &str) -> Result<(), (Range<usize>, String)> {
    let mut blocks = 0usize;
    for tag in scan(source) {
        let text = &source[tag.clone()];
        if text.len() > MAX_TAG_BYTES {
            return Err((
                tag.start..tag.start + 2,
                format!("the tag is longer than {MAX_TAG_BYTES} characters"),
            ));
        }
        let word = first_word(&text[2..]);
        if matches!(word, "if" | "for" | "filter" | "macro" | "block") {
            blocks += 1;
        } else if word.starts_with("end") {
            blocks = blocks.saturating_sub(1);
        }
        let mut depth = 0usize;
        let mut quote = None;
        for b in text.bytes() {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'' | b'`') => quote = Some(b),
                (None, b'(' | b'[') => depth += 1,
                (None, b')' | b']') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_NESTING {
                break;
            }
        }
        if blocks > MAX_NESTING || depth > MAX_NESTING {
            return Err((
                tag.start..tag.start + 2,
                format!("the tags nest deeper than {MAX_NESTING} levels"),
            ));
        }
    }
    Ok(())
}

/// The first whole `word` (a variable's path, or a quoted literal) in any tag of `source`.
pub fn find_in_tags(source: &str, word: &str) -> Option<Range<usize>> {
    find_in(source, word, |_| true)
}

/// The first whole `word` in a tag of `source` that `wanted` accepts.
pub fn find_in(source: &str, word: &str, wanted: impl Fn(&str) -> bool) -> Option<Range<usize>> {
    let part = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    scan(source).into_iter().find_map(|tag| {
        let text = &source[tag.clone()];
        if !wanted(text) {
            return None;
        }
        text.match_indices(word).find_map(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            let whole = before.is_none_or(|c| !part(c) || word.starts_with('"'))
                && after.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            whole.then(|| tag.start + i..tag.start + i + word.len())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_in_order_without_comments_or_raw_text() {
        let src = "a {{ x }} {# {{ no }} #} {%- if y -%}b{% endif %}\
                   {% raw %}{{ no }}{% endraw %}{{ \"}}\" }}";
        let tags: Vec<&str> = scan(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(
            tags,
            [
                "{{ x }}",
                "{%- if y -%}",
                "{% endif %}",
                "{% raw %}",
                "{% endraw %}",
                "{{ \"}}\" }}"
            ]
        );
    }
}
