//! The Tera set-up for content: compiled once per build, values escaped as Markdown text,
//! every template checked and bounded before it runs (see [`limits`]). The theme's page
//! templates go through the same sandbox as a [`pages::PageSet`].
//!
//! Values from municipality files are data: in `.md` templates every printed value is
//! escaped so that Markdown punctuation in it (`*`, `[`, `<`…) stays literal text.

pub mod instrument;
pub mod limits;
pub mod locate;
pub mod names;
pub mod page_check;
pub mod pages;
pub mod positions;
pub mod quick;

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Context, Tera, Value};

use crate::diagnostics::Diagnostic;
use locate::{error_chain, locate, tag_span};

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
    /// An empty set with the content filters and limits installed.
    pub fn new() -> Self {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
        tera.register_filter("upper_first", upper_first_filter);
        limits::install(&mut tera);
        TemplateSet {
            tera,
            sources: HashMap::new(),
        }
    }

    /// Compiles `text` (from the file shown as `shown`) under `name`; a construct that
    /// content may not use ([`limits`]) is an error located at its tag.
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
        let place = |d: Box<Diagnostic>| match &within {
            Some(w) => Box::new(w.place(*d, text)),
            None => d,
        };
        let template = Self::compile(name, shown, text).map_err(place)?;
        // Added directly, not by `add_raw_template`: the tree is the checked one, and
        // without `extends` there is no inheritance chain to build.
        self.tera.templates.insert(name.to_string(), template);
        let source = Source {
            shown: shown.to_string(),
            text: Arc::from(text),
            within,
        };
        self.sources.insert(name.to_string(), source);
        Ok(())
    }

    /// Parses `text` ([`quick`] when it can, else Tera's parser) and checks and
    /// instruments its tree ([`limits`]).
    fn compile(name: &str, shown: &str, text: &str) -> Result<tera::Template, Box<Diagnostic>> {
        let source: Arc<str> = Arc::from(text);
        locate::depth(
            shown,
            &source,
            "write the text more simply: a step is a page of text, not a program",
        )?;
        if !text.contains('{')
            && let Some(template) = literal(name, text)
        {
            return Ok(template);
        }
        let quick = quick::parse(text).and_then(|ast| with_tree(name, ast));
        let mut template = match quick {
            Some(template) => template,
            None => tera::Template::new(name, None, text).map_err(|e| {
                Box::new(locate(
                    shown,
                    &source,
                    &e,
                    "check the {{ … }} and {% … %} tags",
                ))
            })?,
        };
        instrument::instrument(&mut template.ast)
            .map_err(|r| Box::new(locate::refusal(shown, &source, r)))?;
        Ok(template)
    }

    /// The variables and comparisons of the compiled template `name` ([`names`]).
    pub fn uses(&self, name: &str) -> names::Uses {
        self.tera
            .templates
            .get(name)
            .map(|t| names::uses(&t.ast))
            .unwrap_or_default()
    }

    /// The text the template `name` was compiled from.
    pub fn text(&self, name: &str) -> Option<Arc<str>> {
        self.sources.get(name).map(|s| Arc::clone(&s.text))
    }

    /// Moves `d`, located in the text of the template `name`, to its place in the file
    /// the text is a value of (a string of guide.toml, an item of screens.toml).
    pub fn placed(&self, name: &str, d: Diagnostic) -> Diagnostic {
        match self.sources.get(name) {
            Some(Source {
                text,
                within: Some(w),
                ..
            }) => w.place(d, text),
            _ => d,
        }
    }

    /// Renders the template `name` with `context`, within the budget of [`limits`].
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        limits::start();
        let rendered = self.tera.render(name, context);
        let budget = limits::used();
        rendered.map_err(|e| {
            let found = self.sources.get(name).cloned().unwrap_or_else(|| Source {
                shown: name.to_string(),
                text: Arc::from(""),
                within: None,
            });
            let (shown, source) = (found.shown.clone(), Arc::clone(&found.text));
            let place = |d: Diagnostic| match &found.within {
                Some(w) => Box::new(w.place(d, &found.text)),
                None => Box::new(d),
            };
            if let Some(problem) = budget.exceeded {
                let d = Diagnostic::error(&shown, format!("template error: {problem}")).hint(format!(
                    "one template may run at most {} loop iterations and produce at most {} MB; \
                     a step is a page of text, not a program",
                    limits::MAX_ITERATIONS,
                    limits::MAX_BYTES / (1024 * 1024)
                ));
                let span = budget.last_tag.and_then(|t| tag_span(&source, t, None));
                return place(match span {
                    Some(span) => d.at(&source, span, "stopped here"),
                    None => d,
                });
            }
            let hint = if error_chain(&e).contains("Template '[") {
                "a step cannot include another file: write the text into the step itself"
            } else {
                "the tag failed with this municipality's values: check them in its file, or \
                 write {% if … %} around the tag for the values it does not fit"
            };
            place(locate(&shown, &source, &e, hint))
        })
    }
}

/// A template of text without any tag: the tree Tera's parser would make, without
/// running the parser (most steps and every screen text are plain text, and parsing
/// them was most of a build's setup).
fn literal(name: &str, text: &str) -> Option<tera::Template> {
    let ast = if text.is_empty() {
        Vec::new()
    } else {
        vec![tera::ast::Node::Text(text.to_string())]
    };
    with_tree(name, ast)
}

/// A template with the tree `ast`, made without parsing it. Tera derives a template's
/// blocks, macros, imports and parent from its tree; an empty template has none, which
/// is right only for a tree without `block`, `macro`, `import` or `extends` nodes.
fn with_tree(name: &str, ast: Vec<tera::ast::Node>) -> Option<tera::Template> {
    // What `Template::new` makes of a tree without blocks, macros or `extends`, which
    // no tree of `literal` or `quick` has.
    Some(tera::Template {
        name: name.to_string(),
        path: None,
        ast,
        from_extend: false,
        macros: HashMap::new(),
        imported_macro_files: Vec::new(),
        parent: None,
        blocks: HashMap::new(),
        parents: Vec::new(),
        blocks_definitions: HashMap::new(),
    })
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
    #[test]
    fn plain_text_gets_the_tree_the_parser_makes() {
        for text in [
            "",
            "Kirjaudu sisään.\n\nSitten \"Jatka\" -painiketta.\n",
            "  \n",
            "a}b%c#",
        ] {
            let parsed = tera::Template::new("t", None, text).expect("parses");
            let literal = super::literal("t", text).expect("an empty template parses");
            assert_eq!(literal.ast, parsed.ast, "{text:?}");
        }
    }

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
    fn a_concatenation_is_escaped_like_any_printed_value() {
        let mut set = TemplateSet::new();
        set.add(
            "a.md",
            "a.md",
            "{{ \"*\" ~ x }} {{ x | safe }} {{ x | upper | safe }}",
        )
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert("x", "_y_");
        assert_eq!(set.render("a.md", &ctx).unwrap(), r"\*\_y\_ _y_ _Y_");
    }

    #[test]
    fn refused_constructs_are_located_at_their_word() {
        let mut set = TemplateSet::new();
        for (text, column) in [
            ("x\n{{ get_env(name=\"HOME\") }}", 4),
            (
                "x\n{% for i in range(end=2) %}{{ i | indent(prefix=\"a\") }}{% endfor %}",
                35,
            ),
            ("x\n{% macro f() %}{% endmacro %}", 1),
            ("x\n{{ now() }}", 4),
        ] {
            let err = set.add("s.md", "s.md", text).unwrap_err();
            assert_eq!(err.line_column(), Some((2, column)), "{text}");
        }
    }

    #[test]
    fn the_budget_stops_a_rendering_and_is_fresh_for_the_next() {
        let mut set = TemplateSet::new();
        let ok = "{% for i in range(end=10000) %}{% endfor %}";
        set.add("ok.md", "ok.md", ok).unwrap();
        set.add(
            "big.md",
            "big.md",
            "{% for i in range(end=10001) %}{% endfor %}",
        )
        .unwrap();
        let replace = "{% set s = \"xxxxxxxxxx\" %}{{ s | replace(from=\"\", to=x) }}";
        set.add("replace.md", "replace.md", replace).unwrap();
        let mut ctx = Context::new();
        ctx.insert("x", &"y".repeat(300_000));
        // Twice: the budget of one rendering does not carry over to the next.
        assert!(set.render("ok.md", &ctx).is_ok());
        assert!(set.render("ok.md", &ctx).is_ok());
        let err = set.render("big.md", &ctx).unwrap_err();
        assert!(err.message.contains("10000"), "{}", err.message);
        let err = set.render("replace.md", &ctx).unwrap_err();
        assert!(err.message.contains("more than 2 MB"), "{}", err.message);
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
