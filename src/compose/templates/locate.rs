//! Where a template's error is: Tera's messages and the counts' tag numbers made into
//! located diagnostics, for content and page templates alike.

use std::sync::Arc;

use crate::compose::templates::instrument::Refusal;
use crate::compose::templates::positions;
use crate::diagnostics::{Diagnostic, line_offset};

/// A refused construct as a diagnostic of the file shown as `shown`, at its tag.
pub fn refusal(shown: &str, source: &Arc<str>, r: Refusal) -> Diagnostic {
    let d = Diagnostic::error(shown, format!("template error: {}", r.message)).hint(r.hint);
    match tag_span(source, r.tag, r.word.as_deref()) {
        Some(span) => d.at(source, span, "here"),
        None => d,
    }
}

/// Tags nested too deep or too long ([`positions::check_depth`]) as a diagnostic.
pub fn depth(shown: &str, source: &Arc<str>, hint: &str) -> Result<(), Box<Diagnostic>> {
    positions::check_depth(source).map_err(|(span, problem)| {
        Box::new(
            Diagnostic::error(shown, format!("template error: {problem}"))
                .at(source, span, "here")
                .hint(hint),
        )
    })
}

/// The span of tag number `tag` of `source`, narrowed to `word` when it is in the tag.
pub fn tag_span(source: &str, tag: usize, word: Option<&str>) -> Option<std::ops::Range<usize>> {
    let range = positions::scan(source).get(tag)?.clone();
    let narrowed = word.and_then(|w| {
        let at = source[range.clone()].find(w)?;
        Some(range.start + at..range.start + at + w.len())
    });
    Some(narrowed.unwrap_or(range))
}

/// A Tera error as a diagnostic, located by the `--> line:column` Tera prints or by
/// the first appearance of the variable it names.
pub fn locate(shown: &str, source: &Arc<str>, error: &tera::Error, hint: &str) -> Diagnostic {
    let chain = error_chain(error);
    let message = chain
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.starts_with("Failed to")
        })
        .map(|l| {
            l.trim_start_matches("= ")
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '|')
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let message = format!("template error: {message}");
    let span = position_in(&chain, source)
        .or_else(|| variable_in(&chain, source))
        .or_else(|| template_in(&chain, source));
    let d = Diagnostic::error(shown, message).hint(hint);
    match span {
        Some(span) => d.at(source, span, "here"),
        None => d,
    }
}

pub fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        text.push('\n');
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

/// The byte span of a `--> line:column` position printed by Tera's parser.
fn position_in(chain: &str, source: &str) -> Option<std::ops::Range<usize>> {
    let at = chain.find("--> ")?;
    let rest = &chain[at + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    let line: usize = line.parse().ok()?;
    let column: usize = column.parse().ok()?;
    let start = line_offset(source, line);
    let line_text = &source[start..];
    let offset = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + offset..start + offset + 1)
}

/// The span of the variable named in "Variable `x` not found".
fn variable_in(chain: &str, source: &str) -> Option<std::ops::Range<usize>> {
    let at = chain.find("Variable `")?;
    let rest = &chain[at + 10..];
    let name = &rest[..rest.find('`')?];
    let start = source.find(name)?;
    Some(start..start + name.len())
}

/// The span of the template named in "Template '[x]' not found" (an include).
fn template_in(chain: &str, source: &str) -> Option<std::ops::Range<usize>> {
    let at = chain.find("Template '[")?;
    let rest = &chain[at + 11..];
    let name = &rest[..rest.find("]'")?];
    let start = source.find(name)?;
    Some(start..start + name.len())
}
