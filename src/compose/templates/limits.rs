//! What a content template may do, and the budget that bounds one rendering of it.
//!
//! Steps, screen texts and guide strings come from files anyone with access to the
//! project may edit, and they run in every build, CI included. Tera has no sandbox, so
//! each template's syntax tree is checked and instrumented before it is accepted:
//!
//! * **Refused outright** (a located error when the template is added): `include`,
//!   `extends`, `import`, macros, blocks and `{% filter %}` sections (a step is one file;
//!   without includes and macros nothing can recurse, so no stack can overflow), every
//!   function but `range` and `throw` (`get_env` would print the build's secrets; Tera's
//!   `now` and `get_random` are not compiled in), every filter not on [`FILTERS`], and a
//!   concatenation of more than [`MAX_CONCAT`] parts.
//! * **Counted while rendering**: every loop body starts with a call that counts one
//!   iteration and the bytes of the body's text; every expression (and each step of a
//!   filter chain) passes its value through a filter that counts its size. The counts go
//!   to a per-thread [`Budget`] that [`super::TemplateSet::render`] resets for each
//!   template; over [`MAX_ITERATIONS`] or [`MAX_BYTES`] the rendering stops with an error
//!   that names the tag. `range` refuses more than [`MAX_ITERATIONS`] numbers before
//!   allocating them, and `replace` and `join`, the filters whose output can be the
//!   product of their inputs, compute their size before building it.
//!
//! So every value is built from values already counted, by at most [`MAX_CONCAT`]
//! concatenations or one filter of bounded growth: a hostile template ends in an error
//! after a bounded amount of work and memory, never an abort.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Filter, Tera, Value};

/// Most loop iterations of one rendered template, all loops together.
pub const MAX_ITERATIONS: u64 = 10_000;
/// Most bytes of values (and loop text) one rendered template may produce.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// Most parts of one `a ~ b ~ …` concatenation.
pub const MAX_CONCAT: usize = 16;

/// The functions a content template may call.
pub const FUNCTIONS: [&str; 2] = ["range", "throw"];

/// The filters a content template may use: each output is at most a small multiple of its
/// input and arguments, or (for `replace` and `join`) is measured before it is built.
pub const FILTERS: [&str; 42] = [
    "upper",
    "lower",
    "upper_first",
    "capitalize",
    "title",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "wordcount",
    "replace",
    "linebreaksbr",
    "striptags",
    "spaceless",
    "escape",
    "escape_xml",
    "addslashes",
    "split",
    "int",
    "float",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "abs",
    "pluralize",
    "round",
    "length",
    "reverse",
    "json_encode",
    "as_str",
    "get",
    "default",
];

const TICK: &str = "__opas_tick";
const SIZE: &str = "__opas_size";
/// The argument that tells `range` which tag it is in.
const AT: &str = "__opas_at";

/// What one rendering has used so far, and where it stopped.
#[derive(Debug, Default, Clone)]
pub struct Budget {
    /// Loop iterations.
    pub iterations: u64,
    /// Bytes of values and loop text.
    pub bytes: u64,
    /// The number of the tag counted last (see [`crate::compose::templates::positions`]).
    pub last_tag: Option<usize>,
    /// Why the rendering was stopped, if it was.
    pub exceeded: Option<String>,
}

thread_local! {
    static BUDGET: RefCell<Budget> = RefCell::new(Budget::default());
}

/// Starts a fresh budget for a rendering on this thread.
pub fn start() {
    BUDGET.with(|b| *b.borrow_mut() = Budget::default());
}

/// The budget of the rendering that ran last on this thread.
pub fn used() -> Budget {
    BUDGET.with(|b| b.borrow().clone())
}

/// Adds to the budget; an error once a limit is passed.
fn spend(tag: Option<usize>, iterations: u64, bytes: u64) -> tera::Result<()> {
    BUDGET.with(|b| {
        let mut b = b.borrow_mut();
        b.iterations += iterations;
        b.bytes = b.bytes.saturating_add(bytes);
        if tag.is_some() {
            b.last_tag = tag;
        }
        let problem = if b.iterations > MAX_ITERATIONS {
            Some(format!(
                "the template runs more than {MAX_ITERATIONS} loop iterations"
            ))
        } else if b.bytes > MAX_BYTES {
            Some(format!(
                "the template produces more than {} MB of text",
                MAX_BYTES / (1024 * 1024)
            ))
        } else {
            None
        };
        match problem {
            Some(p) => {
                b.exceeded = Some(p.clone());
                Err(tera::Error::msg(p))
            }
            None => Ok(()),
        }
    })
}

/// The size of a value as counted by the budget: string bytes, plus a word per element.
pub fn size_of(value: &Value) -> u64 {
    match value {
        Value::String(s) => s.len() as u64,
        Value::Array(a) => a.iter().map(|v| 8 + size_of(v)).sum(),
        Value::Object(o) => o.iter().map(|(k, v)| 8 + k.len() as u64 + size_of(v)).sum(),
        _ => 8,
    }
}

fn tag_arg(args: &HashMap<String, Value>) -> Option<usize> {
    args.get("at").and_then(Value::as_u64).map(|n| n as usize)
}

/// Sets `tera` up for content: only the allowed filters and functions, the counting ones
/// added, `range`, `replace` and `join` replaced by versions that measure first.
pub fn install(tera: &mut Tera) {
    tera.filters
        .retain(|name, _| FILTERS.contains(&name.as_str()));
    tera.functions
        .retain(|name, _| FUNCTIONS.contains(&name.as_str()));
    tera.register_function(TICK, |args: &HashMap<String, Value>| {
        let text = args.get("text").and_then(Value::as_u64).unwrap_or(0);
        spend(tag_arg(args), 1, text)?;
        Ok(Value::String(String::new()))
    });
    tera.register_filter(SIZE, |value: &Value, args: &HashMap<String, Value>| {
        spend(tag_arg(args), 0, size_of(value))?;
        Ok(value.clone())
    });
    tera.register_function("range", range);
    for (name, estimate) in [
        ("replace", replace_size as Estimate),
        ("join", join_size as Estimate),
    ] {
        if let Some(inner) = tera.filters.get(name).cloned() {
            tera.register_filter(name, Measured { inner, estimate });
        }
    }
}

type Estimate = fn(&Value, &HashMap<String, Value>) -> u64;

/// A filter whose output size is computed, and counted, before the output is built.
struct Measured {
    inner: Arc<dyn Filter>,
    estimate: Estimate,
}

impl Filter for Measured {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        spend(None, 0, (self.estimate)(value, args))?;
        self.inner.filter(value, args)
    }
}

fn str_arg<'a>(args: &'a HashMap<String, Value>, name: &str) -> &'a str {
    args.get(name).and_then(Value::as_str).unwrap_or("")
}

fn replace_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let text = value.as_str().unwrap_or("");
    let (from, to) = (str_arg(args, "from"), str_arg(args, "to"));
    // An empty `from` matches between every two characters.
    let count = if from.is_empty() {
        text.chars().count() + 1
    } else {
        text.matches(from).count()
    } as u64;
    (text.len() as u64).saturating_add(count.saturating_mul(to.len() as u64))
}

fn join_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let items = value.as_array().map_or(&[][..], Vec::as_slice);
    let sep = str_arg(args, "sep").len() as u64;
    let parts: u64 = items.iter().map(size_of).sum();
    parts.saturating_add((items.len() as u64).saturating_mul(sep))
}

/// Tera's `range`, refusing more than [`MAX_ITERATIONS`] numbers before making them.
fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |name: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(name) {
            Some(v) => v.as_u64().ok_or_else(|| {
                tera::Error::msg(format!("`range` needs a whole number ≥ 0 for `{name}`"))
            }),
            None => default
                .ok_or_else(|| tera::Error::msg(format!("`range` needs the `{name}` argument"))),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?.max(1);
    if start > end {
        return Err(tera::Error::msg("`range` needs `start` ≤ `end`"));
    }
    let count = (end - start).div_ceil(step);
    if count > MAX_ITERATIONS {
        let problem =
            format!("`range` would count {count} numbers, more than the {MAX_ITERATIONS} allowed");
        BUDGET.with(|b| {
            let mut b = b.borrow_mut();
            b.last_tag = args.get(AT).and_then(Value::as_u64).map(|n| n as usize);
            b.exceeded = Some(problem.clone());
        });
        return Err(tera::Error::msg(problem));
    }
    Ok(Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(Value::from)
            .collect(),
    ))
}

/// A construct a content template may not use: what, at which tag, and the word to mark.
#[derive(Debug)]
pub struct Refusal {
    /// What is not allowed, in words.
    pub message: String,
    /// How to do without it.
    pub hint: String,
    /// The number of the tag it is in.
    pub tag: usize,
    /// The word within the tag to point at (a function or filter name).
    pub word: Option<String>,
}

/// Checks a template's syntax tree and adds the counting calls; an error for anything
/// a content template may not use.
pub fn instrument(ast: &mut [Node]) -> Result<(), Refusal> {
    let mut walk = Walker { tag: 0 };
    walk.nodes(ast)
}

struct Walker {
    /// The number of the next tag in source order.
    tag: usize,
}

fn refuse(tag: usize, what: &str, hint: &str) -> Refusal {
    Refusal {
        message: format!("{what} is not available in content templates"),
        hint: hint.to_string(),
        tag,
        word: None,
    }
}

const ONE_FILE: &str =
    "a step cannot include another file or define macros: write the text into the step itself";

impl Walker {
    fn next(&mut self) -> usize {
        self.tag += 1;
        self.tag - 1
    }

    fn nodes(&mut self, nodes: &mut [Node]) -> Result<(), Refusal> {
        for node in nodes {
            self.node(node)?;
        }
        Ok(())
    }

    fn node(&mut self, node: &mut Node) -> Result<(), Refusal> {
        match node {
            Node::Text(_) | Node::Comment(..) => {}
            Node::Raw(..) => self.tag += 2,
            Node::Break(_) | Node::Continue(_) => self.tag += 1,
            Node::VariableBlock(_, expr) => {
                let at = self.next();
                self.expr(expr, at)?;
            }
            Node::Set(_, set) => {
                let at = self.next();
                self.expr(&mut set.value, at)?;
            }
            Node::Forloop(_, forloop, _) => {
                let at = self.next();
                self.expr(&mut forloop.container, at)?;
                self.nodes(&mut forloop.body)?;
                let text = text_bytes(&forloop.body);
                forloop.body.insert(0, tick(at, text));
                if let Some(empty) = &mut forloop.empty_body {
                    self.tag += 1;
                    self.nodes(empty)?;
                }
                self.tag += 1;
            }
            Node::If(branches, _) => {
                for (_, cond, body) in &mut branches.conditions {
                    let at = self.next();
                    self.expr(cond, at)?;
                    self.nodes(body)?;
                }
                if let Some((_, body)) = &mut branches.otherwise {
                    self.tag += 1;
                    self.nodes(body)?;
                }
                self.tag += 1;
            }
            Node::Include(_, names, _) => {
                let mut refusal = refuse(self.tag, "`include`", ONE_FILE);
                // Point at the included name, where the author's attention belongs.
                refusal.word = names.first().cloned();
                return Err(refusal);
            }
            Node::Extends(..) => return Err(refuse(self.tag, "`extends`", ONE_FILE)),
            Node::ImportMacro(..) => return Err(refuse(self.tag, "`import`", ONE_FILE)),
            Node::MacroDefinition(..) => return Err(refuse(self.tag, "a macro", ONE_FILE)),
            Node::Block(..) | Node::Super => {
                return Err(refuse(self.tag, "`block`", ONE_FILE));
            }
            Node::FilterSection(..) => {
                return Err(refuse(
                    self.tag,
                    "`{% filter %}`",
                    "apply the filter to each value instead: {{ value | upper }}",
                ));
            }
        }
        Ok(())
    }

    fn expr(&mut self, expr: &mut Expr, at: usize) -> Result<(), Refusal> {
        match &mut expr.val {
            ExprVal::FunctionCall(call) => {
                self.function(call, at)?;
            }
            ExprVal::MacroCall(_) => return Err(refuse(at, "a macro", ONE_FILE)),
            ExprVal::Math(m) => {
                self.expr(&mut m.lhs, at)?;
                self.expr(&mut m.rhs, at)?;
            }
            ExprVal::Logic(l) => {
                self.expr(&mut l.lhs, at)?;
                self.expr(&mut l.rhs, at)?;
            }
            ExprVal::In(i) => {
                self.expr(&mut i.lhs, at)?;
                self.expr(&mut i.rhs, at)?;
            }
            ExprVal::Test(t) => {
                for arg in &mut t.args {
                    self.expr(arg, at)?;
                }
            }
            ExprVal::Array(items) => {
                for item in items {
                    self.expr(item, at)?;
                }
            }
            ExprVal::StringConcat(concat) => {
                if concat.values.len() > MAX_CONCAT {
                    return Err(Refusal {
                        message: format!(
                            "a concatenation of {} parts, more than the {MAX_CONCAT} allowed",
                            concat.values.len()
                        ),
                        hint: "write the text around the values instead of joining it with ~"
                            .to_string(),
                        tag: at,
                        word: None,
                    });
                }
                for value in &mut concat.values {
                    if let ExprVal::FunctionCall(call) = value {
                        self.function(call, at)?;
                    }
                }
            }
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => {}
        }
        let mut filters = Vec::with_capacity(expr.filters.len() * 2 + 1);
        let mut counted = false;
        for mut filter in std::mem::take(&mut expr.filters) {
            if !FILTERS.contains(&filter.name.as_str()) && filter.name != "safe" {
                return Err(Refusal {
                    message: format!("the filter `{}` is not available", filter.name),
                    hint: format!("the filters are: {}", FILTERS.join(", ")),
                    tag: at,
                    word: Some(filter.name),
                });
            }
            for arg in filter.args.values_mut() {
                self.expr(arg, at)?;
            }
            // `safe` and `default` are not run as filters; the ones that are get counted.
            let runs = filter.name != "safe" && filter.name != "default";
            filters.push(filter);
            if runs {
                filters.push(size(at));
                counted = true;
            }
        }
        if !counted {
            // Before a final `safe`, which must stay last to keep its meaning.
            let place = if filters.last().is_some_and(|f| f.name == "safe") {
                filters.len() - 1
            } else {
                filters.len()
            };
            filters.insert(place, size(at));
        }
        expr.filters = filters;
        Ok(())
    }

    fn function(&mut self, call: &mut FunctionCall, at: usize) -> Result<(), Refusal> {
        if !FUNCTIONS.contains(&call.name.as_str()) {
            let message = if call.name == "get_env" {
                "`get_env` is not available: a guide must not print the build's environment"
                    .to_string()
            } else {
                format!("the function `{}` is not available", call.name)
            };
            return Err(Refusal {
                message,
                hint: "use the variables listed in README.md under \"Content\"".to_string(),
                tag: at,
                word: Some(call.name.clone()),
            });
        }
        for arg in call.args.values_mut() {
            self.expr(arg, at)?;
        }
        if call.name == "range" {
            call.args
                .insert(AT.to_string(), Expr::new(ExprVal::Int(at as i64)));
        }
        Ok(())
    }
}

/// The bytes of text written by one pass through `nodes`, counting every branch.
fn text_bytes(nodes: &[Node]) -> u64 {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text(t) => t.len() as u64,
            Node::Raw(_, t, _) => t.len() as u64,
            Node::If(branches, _) => {
                branches
                    .conditions
                    .iter()
                    .map(|(_, _, body)| text_bytes(body))
                    .sum::<u64>()
                    + branches
                        .otherwise
                        .as_ref()
                        .map_or(0, |(_, b)| text_bytes(b))
            }
            // A nested loop counts its own text per iteration.
            _ => 0,
        })
        .sum()
}

fn at_arg(at: usize) -> HashMap<String, Expr> {
    HashMap::from([("at".to_string(), Expr::new(ExprVal::Int(at as i64)))])
}

fn size(at: usize) -> FunctionCall {
    FunctionCall {
        name: SIZE.to_string(),
        args: at_arg(at),
    }
}

fn tick(at: usize, text: u64) -> Node {
    let mut args = at_arg(at);
    args.insert(
        "text".to_string(),
        Expr::new(ExprVal::Int(text.min(i64::MAX as u64) as i64)),
    );
    Node::VariableBlock(
        WS::default(),
        Expr::new(ExprVal::FunctionCall(FunctionCall {
            name: TICK.to_string(),
            args,
        })),
    )
}
