//! The Tera set-up for content: compiled once per build, values escaped as Markdown text.
//!
//! Values from municipality files are data: in `.md` templates every printed value is
//! escaped so that Markdown punctuation in it (`*`, `[`, `<`…) stays literal text.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Context, Tera, Value};

use crate::diagnostics::{Diagnostic, line_offset};

/// Compiled content templates, with their sources kept for error locations.
pub struct TemplateSet {
    tera: Tera,
    sources: HashMap<String, Source>,
}

/// Where a template's text comes from, for error locations.
#[derive(Clone)]
struct Source {
    /// The file as shown in messages.
    shown: String,
    /// The template's own text.
    text: Arc<str>,
    /// Set when the template is a value inside a larger file (a string of guide.toml).
    within: Option<Within>,
}

/// A template that is one value of a file: errors are moved to the value's place there.
#[derive(Clone)]
pub struct Within {
    /// The whole file.
    pub file: Arc<str>,
    /// The value's span in the file, quotes included.
    pub span: std::ops::Range<usize>,
}

impl Within {
    /// The byte offset in the file where the value's text starts, if the file holds the
    /// text as written (no escapes), so that positions in the text map one to one.
    fn text_offset(&self, text: &str) -> Option<usize> {
        let raw = self.file.get(self.span.clone())?;
        let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            1
        };
        let mut start = self.span.start + quote;
        // A newline right after the opening quotes of a multi-line string is not part of it.
        for newline in ["\r\n", "\n"] {
            if quote == 3 && self.file[start..].starts_with(newline) {
                start += newline.len();
                break;
            }
        }
        (self.file.get(start..start + text.len()) == Some(text)).then_some(start)
    }

    /// Moves a diagnostic located in the template's text to the value's place in the file.
    fn place(&self, mut d: Diagnostic, text: &str) -> Diagnostic {
        let span = match (d.span.clone(), self.text_offset(text)) {
            (Some(span), Some(offset)) => offset + span.start..offset + span.end,
            _ => self.span.clone(),
        };
        let label = if d.label.is_empty() {
            "here".to_string()
        } else {
            d.label.clone()
        };
        d.source = None;
        d.span = None;
        d.at(&self.file, span, label)
    }
}

impl Default for TemplateSet {
    fn default() -> Self {
        Self::new()
    }
}

impl TemplateSet {
    pub fn new() -> Self {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
        tera.register_filter("upper_first", upper_first_filter);
        TemplateSet {
            tera,
            sources: HashMap::new(),
        }
    }

    /// Compiles `text` (from the file shown as `shown`) under `name`.
    pub fn add(&mut self, name: &str, shown: &str, text: &str) -> Result<(), Box<Diagnostic>> {
        self.add_within(name, shown, text, None)
    }

    /// Compiles `text`, one value of the file shown as `shown`, under `name`; errors
    /// point at their place in that file when `within` gives the value's span.
    pub fn add_within(
        &mut self,
        name: &str,
        shown: &str,
        text: &str,
        within: Option<Within>,
    ) -> Result<(), Box<Diagnostic>> {
        let source = Source {
            shown: shown.to_string(),
            text: Arc::from(text),
            within,
        };
        if let Err(e) = self.tera.add_raw_template(name, text) {
            return Err(Box::new(
                source.locate(&e, "check the {{ … }} and {% … %} tags"),
            ));
        }
        self.sources.insert(name.to_string(), source);
        Ok(())
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        self.tera.render(name, context).map_err(|e| {
            let source = self.sources.get(name).cloned().unwrap_or_else(|| Source {
                shown: name.to_string(),
                text: Arc::from(""),
                within: None,
            });
            let hint = if error_chain(&e).contains("Template '[") {
                "a step cannot include another file: write the text into the step itself"
            } else {
                "use only the variables listed in README.md under \"Content\""
            };
            Box::new(source.locate(&e, hint))
        })
    }
}

impl Source {
    /// A Tera error as a diagnostic at its place in the file.
    fn locate(&self, error: &tera::Error, hint: &str) -> Diagnostic {
        let d = locate(&self.shown, &self.text, error, hint);
        match &self.within {
            Some(within) => within.place(d, &self.text),
            None => d,
        }
    }
}

/// A Tera error as a diagnostic, located by the `--> line:column` Tera prints or by
/// the first appearance of the variable it names.
fn locate(shown: &str, source: &Arc<str>, error: &tera::Error, hint: &str) -> Diagnostic {
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

fn error_chain(error: &tera::Error) -> String {
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

/// Escapes every ASCII punctuation character so that Markdown reads it literally.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Upper-cases the first letter only, leaving the rest as written ("mänttä-Vilppulan").
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn upper_first_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    match value {
        Value::String(s) => Ok(Value::String(upper_first(s))),
        other => Ok(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_in_markdown_but_not_in_plain_text() {
        let mut set = TemplateSet::new();
        set.add("a.md", "a.md", "Nimi: {{ x }}").unwrap();
        set.add("a.txt", "a.txt", "Nimi: {{ x }}").unwrap();
        let mut ctx = Context::new();
        ctx.insert("x", "*<b>{{ y }}</b>*");
        assert_eq!(
            set.render("a.md", &ctx).unwrap(),
            r"Nimi: \*\<b\>\{\{ y \}\}\<\/b\>\*"
        );
        assert_eq!(set.render("a.txt", &ctx).unwrap(), "Nimi: *<b>{{ y }}</b>*");
    }

    #[test]
    fn syntax_errors_point_at_the_line() {
        let mut set = TemplateSet::new();
        let err = set
            .add(
                "s.md",
                "content/fi/steps/s.md",
                "Rivi yksi\n\nKaksi {{ m.name | }} kolme\n",
            )
            .unwrap_err();
        assert_eq!(err.file, "content/fi/steps/s.md");
        assert_eq!(err.line_column().map(|p| p.0), Some(3));
    }

    #[test]
    fn unknown_variables_are_located() {
        let mut set = TemplateSet::new();
        set.add("s.md", "s.md", "Yksi\n{{ m.nimi }}\n").unwrap();
        let err = set.render("s.md", &Context::new()).unwrap_err();
        assert_eq!(err.line_column(), Some((2, 4)));
    }

    #[test]
    fn upper_first_keeps_the_rest() {
        assert_eq!(
            upper_first("mänttä-Vilppulan kaupungin"),
            "Mänttä-Vilppulan kaupungin"
        );
        assert_eq!(upper_first("äänekosken"), "Äänekosken");
    }
}
