//! A parser for the simple templates most content is written in: text, `{{ a.b }}` with
//! filters that take no arguments or only string ones (`default(value="…")`), and `{% if %}`/`{% elif %}`/`{% else %}`/`{% endif %}`
//! on such values, optionally negated with `not`.
//!
//! It makes the very tree Tera's parser makes (after Tera's whitespace pass, which changes
//! nothing without `-` markers), at a fraction of the cost. Anything outside that subset
//! gives `None` and is left to Tera, so Tera stays the judge of what a template means and
//! of every error message. Nested `if`s recurse: [`crate::compose::templates::positions::check_depth`] bounds
//! the nesting before this runs.

use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, FunctionCall, If, Node, WS};

/// Words Tera's grammar reads as operators: never a variable or filter name here.
const OPERATORS: [&str; 5] = ["and", "or", "not", "in", "is"];

/// Words Tera's grammar reads as a boolean, even at the start of a longer name.
const BOOLEANS: [&str; 4] = ["true", "false", "True", "False"];

/// The whitespace Tera allows inside a tag.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// The tree Tera's parser makes for `text`, or `None` when the text uses anything beyond
/// the simple subset (or is not a valid template).
pub fn parse(text: &str) -> Option<Vec<Node>> {
    let mut cursor = Cursor { text, at: 0 };
    match cursor.body()? {
        (nodes, Stop::End) => Some(nodes),
        _ => None,
    }
}

/// What ended a run of nodes.
enum Stop {
    /// The end of the text.
    End,
    /// `{% elif … %}` with its condition.
    Elif(Expr),
    /// `{% else %}`.
    Else,
    /// `{% endif %}`.
    Endif,
}

/// A position in the template's text.
struct Cursor<'a> {
    /// The whole template.
    text: &'a str,
    /// The byte offset reached.
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The bytes not yet read.
    fn rest(&self) -> &[u8] {
        &self.text.as_bytes()[self.at..]
    }

    /// Consumes `prefix` if the text continues with it.
    fn eat(&mut self, prefix: &str) -> bool {
        let found = self.rest().starts_with(prefix.as_bytes());
        if found {
            self.at += prefix.len();
        }
        found
    }

    /// Skips whitespace; whether there was any.
    fn spaces(&mut self) -> bool {
        let start = self.at;
        while self.rest().first().is_some_and(|&c| is_space(c)) {
            self.at += 1;
        }
        self.at > start
    }

    /// Nodes up to the end of the text or to an `elif`, `else` or `endif` tag.
    fn body(&mut self) -> Option<(Vec<Node>, Stop)> {
        let mut nodes = Vec::new();
        loop {
            let start = self.at;
            self.at = next_tag(self.text, start);
            if self.at > start {
                nodes.push(Node::Text(self.text[start..self.at].to_string()));
            }
            if self.eat("{{") {
                nodes.push(self.variable()?);
            } else if self.eat("{%") {
                match self.statement()? {
                    Statement::If(condition) => nodes.push(self.if_node(condition)?),
                    Statement::Stop(stop) => return Some((nodes, stop)),
                }
            } else if self.at == self.text.len() {
                return Some((nodes, Stop::End));
            } else {
                // A comment: left to Tera.
                return None;
            }
        }
    }

    /// The rest of a `{{ … }}` tag, after its `{{`.
    fn variable(&mut self) -> Option<Node> {
        self.spaces();
        let expr = self.expr()?;
        self.eat("}}")
            .then_some(Node::VariableBlock(WS::default(), expr))
    }

    /// The rest of a `{% … %}` tag, after its `{%`.
    fn statement(&mut self) -> Option<Statement> {
        self.spaces();
        let word = self.name()?;
        let statement = match word {
            "if" | "elif" => {
                if !self.spaces() {
                    return None;
                }
                let condition = self.expr()?;
                if word == "if" {
                    Statement::If(condition)
                } else {
                    Statement::Stop(Stop::Elif(condition))
                }
            }
            "else" => Statement::Stop(Stop::Else),
            "endif" => Statement::Stop(Stop::Endif),
            _ => return None,
        };
        self.spaces();
        self.eat("%}").then_some(statement)
    }

    /// An `if` with its branches, after its opening tag.
    fn if_node(&mut self, first: Expr) -> Option<Node> {
        let mut conditions = Vec::new();
        let mut condition = first;
        loop {
            let (nodes, stop) = self.body()?;
            conditions.push((WS::default(), condition, nodes));
            match stop {
                Stop::Elif(next) => condition = next,
                Stop::Else => break,
                Stop::Endif => {
                    return Some(Node::If(
                        If {
                            conditions,
                            otherwise: None,
                        },
                        WS::default(),
                    ));
                }
                Stop::End => return None,
            }
        }
        match self.body()? {
            (nodes, Stop::Endif) => {
                let otherwise = Some((WS::default(), nodes));
                Some(Node::If(
                    If {
                        conditions,
                        otherwise,
                    },
                    WS::default(),
                ))
            }
            _ => None,
        }
    }

    /// `not`? a dotted name, then filters, each without arguments or with string ones;
    /// trailing whitespace skipped.
    fn expr(&mut self) -> Option<Expr> {
        let rest = self.rest();
        let negated = rest.starts_with(b"not") && rest.get(3).is_some_and(|&c| is_space(c));
        if negated {
            self.at += 3;
            self.spaces();
        }
        let val = ExprVal::Ident(self.path()?);
        let mut filters = Vec::new();
        self.spaces();
        while self.eat("|") {
            self.spaces();
            let name = self.plain_name()?;
            let args = if self.eat("(") {
                self.string_arguments()?
            } else {
                HashMap::new()
            };
            filters.push(FunctionCall {
                name: name.to_string(),
                args,
            });
            self.spaces();
        }
        Some(Expr {
            val,
            negated,
            filters,
        })
    }

    /// After a filter's `(`: one or more `name = "string"` separated by commas, and the `)`.
    /// Anything else (no arguments, a trailing comma, a value that is not a string, a
    /// name given twice) is left to Tera.
    fn string_arguments(&mut self) -> Option<HashMap<String, Expr>> {
        let mut args = HashMap::new();
        loop {
            self.spaces();
            let key = self.plain_name()?;
            self.spaces();
            if !self.eat("=") {
                return None;
            }
            self.spaces();
            let value = self.string()?;
            let expr = Expr {
                val: ExprVal::String(value.to_string()),
                negated: false,
                filters: Vec::new(),
            };
            if args.insert(key.to_string(), expr).is_some() {
                return None;
            }
            self.spaces();
            if self.eat(")") {
                return Some(args);
            }
            if !self.eat(",") {
                return None;
            }
        }
    }

    /// A string literal between `"`, `'` or backquotes, as Tera reads one: no escapes,
    /// anything but its own quote inside; the text between the quotes.
    fn string(&mut self) -> Option<&'a str> {
        let text = self.text;
        let quote = *self.rest().first()?;
        if !matches!(quote, b'"' | b'\'' | b'`') {
            return None;
        }
        let start = self.at + 1;
        let len = text.as_bytes()[start..].iter().position(|&c| c == quote)?;
        self.at = start + len + 1;
        Some(&text[start..start + len])
    }

    /// A variable: names joined by dots, the first not a word of the grammar.
    fn path(&mut self) -> Option<String> {
        let start = self.at;
        self.plain_name()?;
        while self.eat(".") {
            self.name()?;
        }
        Some(self.text[start..self.at].to_string())
    }

    /// A name that the grammar does not read as an operator or a boolean.
    fn plain_name(&mut self) -> Option<&'a str> {
        let name = self.name()?;
        let special = OPERATORS.contains(&name) || BOOLEANS.iter().any(|b| name.starts_with(b));
        (!special).then_some(name)
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    fn name(&mut self) -> Option<&'a str> {
        let (text, start) = (self.text, self.at);
        let bytes = text.as_bytes();
        if !bytes
            .get(start)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return None;
        }
        let len = bytes[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        self.at += len;
        Some(&text[start..self.at])
    }
}

/// A `{% … %}` tag of the subset.
enum Statement {
    If(Expr),
    Stop(Stop),
}

/// The byte offset of the next `{{`, `{%` or `{#` at or after `from`, or the text's end.
fn next_tag(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#') {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::parse;

    /// The tree Tera's parser makes, or `None` when Tera refuses the text.
    fn tera_tree(text: &str) -> Option<Vec<tera::ast::Node>> {
        tera::Template::new("t", None, text).ok().map(|t| t.ast)
    }

    #[test]
    fn the_subset_gets_the_tree_the_parser_makes() {
        for text in [
            "Hei {{ m.name }}!",
            "{{x}}",
            "{{ x }}{{ y }}",
            "{{ x }}\n",
            "{{\tm.name\n|\r\nupper_first }}",
            "{{ org.first | upper_first | upper }}",
            "{{ a|upper|lower }}",
            "{{ not a }} {{ not\ta.b | upper }}",
            "{% if a %}A{% endif %}",
            "{%if a%}A{%endif%}",
            "{%\n if\n a\n %}A{%\telse\t%}B{%\r\nendif\r\n%}",
            "{% if a %}A{% elif b.c %}B{% elif not d %}D{% else %}E{% endif %}",
            "{% if a %}A{% elif b %}B{% endif %}",
            "{% if not a %}{% endif %}",
            "{% if a %}{% else %}{% endif %}",
            "{% if a %}{% if b %}x{% else %}{% endif %}{% endif %}",
            "{% if a %}1{% if b %}2{% elif c %}3{% if d %}4{% endif %}{% endif %}5{% endif %}",
            "{% if not a.b | upper | lower %}x{% endif %}",
            "{% if a %}x{% else %}y{% endif %}{% if b %}z{% endif %}",
            "\n{% if a %}\n  {{ b }}\n{% endif %}\n",
            "a } b %} c #} d { e",
            "100 % { x } ends with {",
            "}}{{ x }}}}",
            "{{ x }}{",
            "{ {{ x }}",
            "Äänekoski 😀 {{ m.genitive }} ß\n{% if a %}ä{% endif %}",
            "{{ nothing }} {{ island }} {{ order }} {{ index }} {{ android }} {{ isx }}",
            "{{ not_x }} {{ _x.y_1 }} {{ x.true }} {{ x.not }} {{ x.and }} {{ Trees }}",
            "{% if notice %}x{% elif nota %}y{% endif %}",
            "{{ x | notify }} {{ x | order }}",
            "{{ changed | default(value=\"nyligen\") }}",
            "{{ x|default(value='a b')|upper }} {{ y | default( value = `}}` ) }}",
            "{{ x | f(a=\"1\", b=\"\", c='%}') }}",
            "{% if a | default(value=\"x\") %}y{% endif %}",
            "",
            "text only",
        ] {
            let quick = parse(text);
            assert!(quick.is_some(), "{text:?} is in the subset");
            assert_eq!(quick, tera_tree(text), "{text:?}");
        }
    }

    #[test]
    fn anything_else_is_left_to_tera() {
        for text in [
            // Literals, operators, calls and filters with arguments.
            "{{ \"s\" }}",
            "{{ 's' }}",
            "{{ 1 }}",
            "{{ x + 1 }}",
            "{{ x ~ y }}",
            "{{ x | upper() }}",
            "{{ x | default(value=\"a\",) }}",
            "{{ x | default(value=1) }}",
            "{{ x | default(value=y) }}",
            "{{ x | default(value=\"a\" ~ \"b\") }}",
            "{{ x | default(value=\"a\" | upper) }}",
            "{{ x | f(a=\"1\", a=\"2\") }}",
            "{{ x | default(value=\"a) }}",
            "{{ x | default(not=\"a\") }}",
            "{{ f() }}",
            "{{ m::f() }}",
            "{{ super() }}",
            "{{ x[0] }}",
            "{{ x.0 }}",
            "{{ [1] }}",
            "{{ (x) }}",
            "{% if a == b %}{% endif %}",
            "{% if a != b %}{% endif %}",
            "{% if a and b %}{% endif %}",
            "{% if a or b %}{% endif %}",
            "{% if a is defined %}{% endif %}",
            "{% if a in b %}{% endif %}",
            "{% if not not a %}{% endif %}",
            // Words of the grammar as names.
            "{{ true }}",
            "{{ True }}",
            "{{ false }}",
            "{{ trueish }}",
            "{{ Falsey }}",
            "{{ not }}",
            "{{ and }}",
            "{{ or }}",
            "{{ in }}",
            "{{ is }}",
            "{{ x | not }}",
            "{% if not %}{% endif %}",
            // Comments and whitespace control.
            "{# c #}",
            "x {# c #} y",
            "{{- x }}",
            "{{ x -}}",
            "{%- if a %}{% endif %}",
            "{% if a -%}{% endif %}",
            "{% if a %}{%- endif %}",
            "{% if a %}{% else -%}{% endif %}",
            // Other statements.
            "{% for i in xs %}{% endfor %}",
            "{% set a = b %}",
            "{% include \"a\" %}",
            "{% raw %}x{% endraw %}",
            "{% filter upper %}x{% endfilter %}",
            "{% block b %}{% endblock %}",
            "{% extends \"a\" %}",
            // Broken or odd tags.
            "{{ x",
            "{{ x }",
            "{{ }}",
            "{{ x y }}",
            "{{ x . y }}",
            "{{ x. }}",
            "{{ ä }}",
            "{{{ x }}",
            "{{ x | }}",
            "{% if %}{% endif %}",
            "{% ifa %}{% endif %}",
            "{% if(a) %}{% endif %}",
            "{% if a %}",
            "{% if a %}x",
            "{% if a %}{% elif %}{% endif %}",
            "{% endif %}",
            "{% else %}",
            "{% elif a %}",
            "{% elsewhere %}",
            "{% if a %}{% endif x %}",
            "{% if a %}{% else %}{% else %}{% endif %}",
            "{% if a %}{% else %}{% elif b %}{% endif %}",
            "{% if a %}{% endif %}{% endif %}",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    /// Every file under `dir`, recursively.
    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(files(&path));
            } else {
                found.push(path);
            }
        }
        found
    }

    /// Every string in a TOML value.
    fn strings(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            toml::Value::Table(table) => table.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    #[test]
    fn the_project_content_is_mostly_handled_and_always_alike() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut texts = Vec::new();
        for path in files(&content) {
            let text = std::fs::read_to_string(&path).expect("text");
            match path.extension().and_then(|e| e.to_str()) {
                Some("md") => texts.push(text),
                // A TOML file's strings; a file that is itself a template (not yet TOML) whole.
                Some("toml") => match toml::from_str::<toml::Value>(&text) {
                    Ok(value) => strings(&value, &mut texts),
                    Err(_) => texts.push(text),
                },
                _ => {}
            }
        }
        texts.retain(|t| t.contains('{'));
        let mut handled = 0;
        for text in &texts {
            if let Some(tree) = parse(text) {
                assert_eq!(Some(tree), tera_tree(text), "{text:?}");
                handled += 1;
            }
        }
        println!(
            "quick parser: {handled} of {} templates with tags",
            texts.len()
        );
        assert!(texts.len() >= 20, "the content has templates with tags");
        assert!(
            handled * 10 >= texts.len() * 8,
            "{handled} of {}",
            texts.len()
        );
    }
}
