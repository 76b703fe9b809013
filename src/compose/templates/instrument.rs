//! The check and the instrumentation of a template's syntax tree (see [`super::limits`]):
//! what its [`Policy`] refuses is an error at its tag, and counting calls are added to
//! everything that repeats.

use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};

use crate::compose::templates::limits::{
    AT, ENTER, FILTERS, FUNCTIONS, IN, LEAVE, MARK, MAX_CONCAT, Policy, SIZE, TICK,
};

/// A construct a template may not use: what, at which tag, and the word to mark.
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

/// Checks a content template's syntax tree and adds the counting calls; an error for
/// anything a content template may not use.
pub fn instrument(ast: &mut Vec<Node>) -> Result<(), Refusal> {
    let mut walk = Walker {
        tag: 0,
        file: 0,
        policy: Policy::Content,
    };
    walk.nodes(ast)
}

/// Checks and instruments the tree of a page template, the file number `file` of its
/// theme; its top level is counted as one level of include (see [`super::limits`]).
pub fn instrument_page(ast: &mut Vec<Node>, file: usize) -> Result<(), Refusal> {
    let mut walk = Walker {
        tag: 0,
        file,
        policy: Policy::Page,
    };
    walk.nodes(ast)?;
    walk.frame(ast, None);
    Ok(())
}

struct Walker {
    /// The number of the next tag in source order.
    tag: usize,
    /// The number of the file, for the counts' places.
    file: usize,
    policy: Policy,
}

const ONE_FILE: &str = "a content template (a step, a guide's string, `opas new`'s template) \
     cannot include another file or define macros: write the text into it";

impl Walker {
    fn next(&mut self) -> usize {
        self.tag += 1;
        self.tag - 1
    }

    fn refuse(&self, tag: usize, what: &str, hint: &str) -> Refusal {
        let kind = match self.policy {
            Policy::Content => "content templates",
            Policy::Page => "theme templates",
        };
        Refusal {
            message: format!("{what} is not available in {kind}"),
            hint: hint.to_string(),
            tag,
            word: None,
        }
    }

    /// Refuses a construct of many files in a content template.
    fn one_file(&self, what: &str) -> Result<(), Refusal> {
        match self.policy {
            Policy::Content => Err(self.refuse(self.tag, what, ONE_FILE)),
            Policy::Page => Ok(()),
        }
    }

    fn nodes(&mut self, nodes: &mut Vec<Node>) -> Result<(), Refusal> {
        let mut i = 0;
        while i < nodes.len() {
            let at = self.tag;
            self.node(&mut nodes[i])?;
            if matches!(nodes[i], Node::Include(..)) {
                // The included template counts itself; this marks where it was included.
                nodes.insert(i, self.call(MARK, at, 0));
                i += 1;
            }
            i += 1;
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
                forloop.body.insert(0, self.call(TICK, at, text));
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
                if let Err(mut refusal) = self.one_file("`include`") {
                    // Point at the included name, where the author's attention belongs.
                    refusal.word = names.first().cloned();
                    return Err(refusal);
                }
                self.tag += 1;
            }
            Node::Extends(..) => {
                self.one_file("`extends`")?;
                self.tag += 1;
            }
            Node::ImportMacro(..) => {
                self.one_file("`import`")?;
                self.tag += 1;
            }
            Node::MacroDefinition(_, definition, _) => {
                self.one_file("a macro")?;
                let at = self.next();
                for default in definition.args.values_mut().flatten() {
                    self.expr(default, at)?;
                }
                self.nodes(&mut definition.body)?;
                self.frame(&mut definition.body, Some(at));
                self.tag += 1;
            }
            Node::Block(_, block, _) => {
                self.one_file("`block`")?;
                self.tag += 1;
                self.nodes(&mut block.body)?;
                self.tag += 1;
            }
            Node::Super => {
                self.one_file("`block`")?;
                self.tag += 1;
            }
            Node::FilterSection(..) => {
                return Err(self.refuse(
                    self.tag,
                    "`{% filter %}`",
                    "apply the filter to each value instead: {{ value | upper }}",
                ));
            }
        }
        Ok(())
    }

    /// Makes `body` (a macro's, or a page's top level) one counted level deeper.
    fn frame(&self, body: &mut Vec<Node>, at: Option<usize>) {
        let text = text_bytes(body);
        let mut args = self.place(at);
        args.insert("text".to_string(), int(text));
        body.insert(0, call_node(ENTER, args));
        body.push(call_node(LEAVE, HashMap::new()));
    }

    fn expr(&mut self, expr: &mut Expr, at: usize) -> Result<(), Refusal> {
        match &mut expr.val {
            ExprVal::FunctionCall(call) => {
                self.function(call, at)?;
            }
            ExprVal::MacroCall(call) => {
                if self.policy == Policy::Content {
                    return Err(self.refuse(at, "a macro", ONE_FILE));
                }
                for arg in call.args.values_mut() {
                    self.expr(arg, at)?;
                }
            }
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
        self.filters(expr, at)
    }

    /// Checks an expression's filters and counts the value after each that runs.
    fn filters(&mut self, expr: &mut Expr, at: usize) -> Result<(), Refusal> {
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
                filters.push(self.size(at));
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
            filters.insert(place, self.size(at));
        }
        expr.filters = filters;
        Ok(())
    }

    fn function(&mut self, call: &mut FunctionCall, at: usize) -> Result<(), Refusal> {
        if !FUNCTIONS.contains(&call.name.as_str()) {
            let message = if call.name == "get_env" {
                "`get_env` is not available: a template must not print the build's environment"
                    .to_string()
            } else {
                format!("the function `{}` is not available", call.name)
            };
            let hint = match self.policy {
                Policy::Content => "use the variables listed in README.md under \"Content\"",
                Policy::Page => {
                    "a theme template may call only `range` and `throw`: use the variables \
                     the pages get (README.md, \"What a template may do\")"
                }
            };
            return Err(Refusal {
                message,
                hint: hint.to_string(),
                tag: at,
                word: Some(call.name.clone()),
            });
        }
        for arg in call.args.values_mut() {
            self.expr(arg, at)?;
        }
        if call.name == "range" {
            call.args.insert(AT.to_string(), Expr::new(int(at as u64)));
            call.args
                .insert(IN.to_string(), Expr::new(int(self.file as u64)));
        }
        Ok(())
    }

    /// The arguments naming tag `at` of this file.
    fn place(&self, at: Option<usize>) -> HashMap<String, ExprVal> {
        let mut args = HashMap::from([("file".to_string(), int(self.file as u64))]);
        if let Some(at) = at {
            args.insert("at".to_string(), int(at as u64));
        }
        args
    }

    fn size(&self, at: usize) -> FunctionCall {
        FunctionCall {
            name: SIZE.to_string(),
            args: exprs(self.place(Some(at))),
        }
    }

    /// A counting call for tag `at` with `text` bytes of text.
    fn call(&self, name: &str, at: usize, text: u64) -> Node {
        let mut args = self.place(Some(at));
        args.insert("text".to_string(), int(text));
        call_node(name, args)
    }
}

fn int(n: u64) -> ExprVal {
    ExprVal::Int(n.min(i64::MAX as u64) as i64)
}

fn exprs(args: HashMap<String, ExprVal>) -> HashMap<String, Expr> {
    args.into_iter().map(|(k, v)| (k, Expr::new(v))).collect()
}

fn call_node(name: &str, args: HashMap<String, ExprVal>) -> Node {
    Node::VariableBlock(
        WS::default(),
        Expr::new(ExprVal::FunctionCall(FunctionCall {
            name: name.to_string(),
            args: exprs(args),
        })),
    )
}

/// The bytes of text written by one pass through `nodes`, counting every branch and block.
fn text_bytes(nodes: &[Node]) -> u64 {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text(t) => t.len() as u64,
            Node::Raw(_, t, _) => t.len() as u64,
            Node::Block(_, block, _) => text_bytes(&block.body),
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
