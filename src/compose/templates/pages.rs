//! A theme's page templates, run in the sandbox of [`super::limits`] with the budget of a
//! page ([`limits::PAGE`]): what a page may not call is an error when the theme is loaded,
//! a page that runs away stops with an error at the tag of the file where it stopped.

use std::collections::HashMap;
use std::sync::Arc;

use tera::ast::Node;
use tera::{Context, Tera};

use crate::compose::templates::limits::{self, Limits};
use crate::compose::templates::{instrument, locate};
use crate::diagnostics::Diagnostic;

/// Compiled page templates, with their sources kept for error locations.
pub struct PageSet {
    tera: Tera,
    /// Every file, by the number its counts carry.
    files: Vec<PageFile>,
    /// The number of each template name.
    numbers: HashMap<String, usize>,
}

struct PageFile {
    /// The file as shown in messages.
    shown: String,
    text: Arc<str>,
}

const SIMPLER: &str =
    "write the page more simply: a page template lays out values, it is not a program";

impl PageSet {
    /// An empty set whose templates ending in `suffix` escape their values with `escape`.
    pub fn new(suffix: &'static str, escape: fn(&str) -> String) -> Self {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![suffix]);
        tera.set_escape_fn(escape);
        limits::install(&mut tera);
        PageSet {
            tera,
            files: Vec::new(),
            numbers: HashMap::new(),
        }
    }

    /// Compiles `text` (the file shown as `shown`) under `name`, checked and instrumented;
    /// call [`PageSet::finish`] once every template is added.
    pub fn add(&mut self, name: &str, shown: &str, text: &str) -> Result<(), Box<Diagnostic>> {
        let source: Arc<str> = Arc::from(text);
        locate::depth(shown, &source, SIMPLER)?;
        let mut template = tera::Template::new(name, None, text).map_err(|e| {
            Box::new(locate::locate(
                shown,
                &source,
                &e,
                "check the {{ … }} and {% … %} tags",
            ))
        })?;
        let number = self.files.len();
        instrument::instrument_page(&mut template.ast, number)
            .map_err(|r| Box::new(locate::refusal(shown, &source, r)))?;
        rederive(&mut template);
        self.tera.templates.insert(name.to_string(), template);
        self.numbers.insert(name.to_string(), number);
        self.files.push(PageFile {
            shown: shown.to_string(),
            text: source,
        });
        Ok(())
    }

    /// Links the templates added: each one's parents and blocks, the macro files they
    /// import; an error (shown as `shown`, the templates' folder) when they do not fit.
    pub fn finish(&mut self, shown: &str) -> Result<(), Box<Diagnostic>> {
        self.tera
            .build_inheritance_chains()
            .and_then(|()| self.tera.check_macro_files())
            .map_err(|e| {
                Box::new(
                    Diagnostic::error(
                        shown,
                        format!("the theme's templates do not fit together: {}", one_line(&e)),
                    )
                    .hint("each `extends`, `import` and `include` must name one of the theme's templates"),
                )
            })
    }

    /// The variables and comparisons of the template `name` ([`super::names`]).
    pub fn uses(&self, name: &str) -> super::names::Uses {
        self.tera
            .templates
            .get(name)
            .map(|t| super::names::uses(&t.ast))
            .unwrap_or_default()
    }

    /// The file the template `name` was read from, as shown, and its text.
    pub fn source(&self, name: &str) -> Option<(&str, Arc<str>)> {
        let file = self.files.get(*self.numbers.get(name)?)?;
        Some((file.shown.as_str(), Arc::clone(&file.text)))
    }

    /// Renders the template `name` with `context`, within the budget of a page.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        self.render_within(name, context, limits::PAGE)
    }

    /// Renders the template `name` with `context`, within `budget`.
    pub fn render_within(
        &self,
        name: &str,
        context: &Context,
        budget: Limits,
    ) -> Result<String, Box<Diagnostic>> {
        limits::start_with(budget);
        let rendered = self.tera.render(name, context);
        let used = limits::used();
        rendered.map_err(|e| {
            let own = self.numbers.get(name).and_then(|&n| self.files.get(n));
            if let Some(problem) = used.exceeded {
                let file = self.files.get(used.last_file).or(own);
                return Box::new(self.stopped(file, name, used.last_tag, &problem, budget));
            }
            let chain = locate::error_chain(&e);
            // Tera names the parent a failure happened in: "(error happened in 'base.html')".
            let file = chain
                .split("error happened in '")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .and_then(|parent| self.numbers.get(parent))
                .and_then(|&n| self.files.get(n))
                .or(own);
            Box::new(match file {
                Some(f) => locate::locate(
                    &f.shown,
                    &f.text,
                    &e,
                    "check the values the template uses against README.md",
                ),
                None => Diagnostic::error(name, format!("template error: {}", one_line(&e))),
            })
        })
    }

    /// The error of a rendering stopped by its budget, at the tag counted last.
    fn stopped(
        &self,
        file: Option<&PageFile>,
        name: &str,
        tag: Option<usize>,
        problem: &str,
        budget: Limits,
    ) -> Diagnostic {
        let shown = file.map_or(name, |f| f.shown.as_str());
        let d = Diagnostic::error(shown, format!("template error: {problem}")).hint(format!(
            "one page may run {}, with macros and includes at most {} levels deep; {SIMPLER}",
            budget.describe(),
            budget.depth
        ));
        let span = file.zip(tag).and_then(|(f, t)| {
            locate::tag_span(&f.text, t, None).map(|span| (Arc::clone(&f.text), span))
        });
        match span {
            Some((text, span)) => d.at(&text, span, "stopped here"),
            None => d,
        }
    }
}

/// A Tera error and its causes on one line.
fn one_line(error: &tera::Error) -> String {
    locate::error_chain(error).replace('\n', ": ")
}

/// The blocks and macros Tera copies out of a template's tree, copied again from the
/// instrumented tree (the renderer runs the copies, not the tree).
fn rederive(template: &mut tera::Template) {
    fn blocks(nodes: &[Node], out: &mut HashMap<String, tera::ast::Block>) {
        for node in nodes {
            if let Node::Block(_, block, _) = node {
                out.insert(block.name.clone(), block.clone());
                blocks(&block.body, out);
            }
        }
    }
    blocks(&template.ast, &mut template.blocks);
    for node in &template.ast {
        if let Node::MacroDefinition(_, definition, _) = node {
            template
                .macros
                .insert(definition.name.clone(), definition.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> PageSet {
        let mut set = PageSet::new(".html", crate::render::escape::escape);
        for (name, text) in files {
            set.add(name, &format!("t/{name}"), text).unwrap();
        }
        set.finish("t").unwrap();
        set
    }

    const BASE: &str = "<title>{% block title %}{% endblock title %}</title>\n\
                        {% block body %}{% endblock body %}";

    #[test]
    fn a_child_page_renders_through_its_parent() {
        let pages = set(&[
            ("base.html", BASE),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block title %}{{ t }}{% endblock title %}\
                 {% block body %}{% for i in range(end=3) %}{{ i }}{% endfor %}{% endblock body %}",
            ),
        ]);
        let mut ctx = Context::new();
        ctx.insert("t", "<x>");
        let html = pages.render("page.html", &ctx).unwrap();
        assert_eq!(html, "<title>&lt;x&gt;</title>\n012");
    }

    #[test]
    fn a_loop_in_a_childs_block_is_counted_where_it_is_written() {
        let pages = set(&[
            ("base.html", BASE),
            (
                "page.html",
                "{% extends \"base.html\" %}\n{% block body %}\n\
                 {% for i in range(end=1000) %}{% for j in range(end=1000) %}{% endfor %}{% endfor %}\
                 {% endblock body %}",
            ),
        ]);
        let err = pages.render("page.html", &Context::new()).unwrap_err();
        assert_eq!(err.file, "t/page.html");
        assert!(
            err.message.contains("more than 100000 loop iterations"),
            "{}",
            err.message
        );
        assert_eq!(err.line_column().map(|p| p.0), Some(3));
    }

    #[test]
    fn get_env_is_refused_when_the_page_is_added() {
        let mut pages = PageSet::new(".html", crate::render::escape::escape);
        let err = pages
            .add("a.html", "t/a.html", "x\n{{ get_env(name=\"HOME\") }}")
            .unwrap_err();
        assert_eq!(err.line_column(), Some((2, 4)));
        assert!(err.message.contains("get_env"), "{}", err.message);
    }

    #[test]
    fn macros_run_and_are_counted() {
        let pages = set(&[(
            "a.html",
            "{% macro twice(s) %}{{ s }}{{ s }}{% endmacro twice %}{{ self::twice(s=\"ab\") }}",
        )]);
        assert_eq!(pages.render("a.html", &Context::new()).unwrap(), "abab");
    }

    /// The deepest recursion the budget lets through, each level nested as deep as a
    /// template may nest, stops with an error on a stack as small as a worker thread's
    /// (in a debug build, whose frames are larger than a release build's).
    #[test]
    fn a_deep_recursion_stops_before_the_stack_does() {
        let nesting = crate::compose::templates::positions::MAX_NESTING;
        // The macro is one block, the rest are `if`s.
        let ifs = "{% if true %}".repeat(nesting - 1);
        let ends = "{% endif %}".repeat(nesting - 1);
        let arg = format!(
            "{}n + 1{}",
            "(".repeat(nesting - 2),
            ")".repeat(nesting - 2)
        );
        let text = format!(
            "{{% macro f(n) %}}{ifs}{{{{ self::f(n={arg}) }}}}{ends}{{% endmacro f %}}\
             {{{{ self::f(n=0) }}}}"
        );
        let pages = set(&[("a.html", text.as_str())]);
        let err = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || pages.render("a.html", &Context::new()).unwrap_err())
            .unwrap()
            .join()
            .unwrap();
        let deep = format!("more than {} levels deep", limits::MAX_CALL_DEPTH);
        assert!(err.message.contains(&deep), "{}", err.message);
    }
}
