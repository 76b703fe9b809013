//! What a template refers to, read from its tree without rendering it: the variables it
//! uses (their dotted paths, loop and `set` variables left out) and the string literals
//! it compares a variable with, and the variables whose value is needed where nothing
//! makes sure they are there. `load` checks these against the guide's declaration, so a
//! misspelt variable, a value a choice does not have, or an optional parameter printed
//! without `{% if %}` is found with no municipality.

use std::collections::HashSet;

use tera::ast::{Expr, ExprVal, LogicOperator, Node};

/// A variable's dotted path (`m.genitive`) and the string literals it is compared with.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// Every free variable, in the order first used.
    pub variables: Vec<String>,
    /// (variable, literal) for each `variable == "literal"`, `!=`, or `in [...]`.
    pub compared: Vec<(String, String)>,
    /// The first part of each variable whose value is needed (printed, compared, looped
    /// over) outside an `{% if %}` that tests it and without `default(…)`: a template
    /// that stops when the variable is missing. `{% if x %}` and `x is defined` alone
    /// never stop: Tera reads a missing variable there as false.
    pub unguarded: Vec<String>,
}

/// The variables and comparisons of the template tree `nodes`.
pub fn uses(nodes: &[Node]) -> Uses {
    let mut walk = Walk::default();
    walk.nodes(nodes);
    walk.uses
}

#[derive(Default)]
struct Walk {
    bound: Vec<HashSet<String>>,
    /// The variables the enclosing `{% if %}` conditions test as present.
    guarded: Vec<HashSet<String>>,
    uses: Uses,
}

impl Walk {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::VariableBlock(_, e) => self.expr(e),
            Node::Set(_, set) => {
                self.expr(&set.value);
                self.bind(&set.key);
            }
            Node::FilterSection(_, f, _) => {
                f.filter.args.values().for_each(|e| self.expr(e));
                self.nodes(&f.body);
            }
            Node::Block(_, b, _) => self.nodes(&b.body),
            Node::MacroDefinition(_, m, _) => {
                self.bound.push(m.args.keys().cloned().collect());
                self.nodes(&m.body);
                self.bound.pop();
            }
            Node::Forloop(_, f, _) => {
                self.expr(&f.container);
                let mut names: HashSet<String> = [f.value.clone(), "loop".to_string()].into();
                names.extend(f.key.clone());
                self.bound.push(names);
                self.nodes(&f.body);
                self.bound.pop();
                if let Some(empty) = &f.empty_body {
                    self.nodes(empty);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    self.condition(cond);
                    self.guarded.push(present_in(cond));
                    self.nodes(body);
                    self.guarded.pop();
                }
                if let Some((_, body)) = &i.otherwise {
                    self.nodes(body);
                }
            }
            _ => {}
        }
    }

    fn bind(&mut self, name: &str) {
        if self.bound.is_empty() {
            self.bound.push(HashSet::new());
        }
        if let Some(scope) = self.bound.last_mut() {
            scope.insert(name.to_string());
        }
    }

    fn is_bound(&self, path: &str) -> bool {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        self.bound.iter().any(|scope| scope.contains(head))
    }

    fn ident(&mut self, path: &str) {
        if !self.is_bound(path) && !self.uses.variables.iter().any(|v| v == path) {
            self.uses.variables.push(path.to_string());
        }
    }

    /// An `{% if %}` condition: a bare variable, or a test, is read as false when missing.
    fn condition(&mut self, e: &Expr) {
        match &e.val {
            ExprVal::Ident(name) => self.ident(name),
            ExprVal::Logic(l) if matches!(l.operator, LogicOperator::And | LogicOperator::Or) => {
                self.condition(&l.lhs);
                self.condition(&l.rhs);
            }
            _ => return self.expr(e),
        }
        for filter in &e.filters {
            filter.args.values().for_each(|a| self.expr(a));
        }
    }

    /// A variable whose value is needed here.
    fn needed(&mut self, path: &str) {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        if self.is_bound(path)
            || self.guarded.iter().any(|g| g.contains(head))
            || self.uses.unguarded.iter().any(|v| v == head)
        {
            return;
        }
        self.uses.unguarded.push(head.to_string());
    }

    fn expr(&mut self, e: &Expr) {
        match &e.val {
            // `default(…)` stands in for a missing variable.
            ExprVal::Ident(name) if e.filters.first().is_some_and(|f| f.name == "default") => {
                self.ident(name)
            }
            val => self.val(val),
        }
        for filter in &e.filters {
            filter.args.values().for_each(|a| self.expr(a));
        }
    }

    fn val(&mut self, v: &ExprVal) {
        match v {
            ExprVal::Ident(name) => {
                self.ident(name);
                self.needed(name);
            }
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                if matches!(l.operator, LogicOperator::Eq | LogicOperator::NotEq) {
                    self.comparison(&l.lhs, &l.rhs);
                    self.comparison(&l.rhs, &l.lhs);
                }
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::Test(t) => {
                self.ident(&t.ident);
                t.args.iter().for_each(|a| self.expr(a));
            }
            ExprVal::MacroCall(m) => m.args.values().for_each(|a| self.expr(a)),
            ExprVal::FunctionCall(f) => f.args.values().for_each(|a| self.expr(a)),
            ExprVal::Array(items) => items.iter().for_each(|a| self.expr(a)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| self.val(v)),
            ExprVal::In(i) => {
                if let (ExprVal::Ident(name), ExprVal::Array(items)) = (&i.lhs.val, &i.rhs.val) {
                    for item in items {
                        if let ExprVal::String(s) = &item.val {
                            self.compare(name, s);
                        }
                    }
                }
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
        }
    }

    fn comparison(&mut self, var: &Expr, literal: &Expr) {
        if let (ExprVal::Ident(name), ExprVal::String(s)) = (&var.val, &literal.val) {
            self.compare(name, s);
        }
    }

    fn compare(&mut self, name: &str, literal: &str) {
        if !self.is_bound(name) {
            self.uses
                .compared
                .push((name.to_string(), literal.to_string()));
        }
    }
}

/// The variables a condition makes sure are present in the branch it opens: `x`,
/// `x is defined`, and each side of an `and`.
fn present_in(cond: &Expr) -> HashSet<String> {
    let head = |name: &str| name.split(['.', '[']).next().unwrap_or(name).to_string();
    match &cond.val {
        ExprVal::Ident(name) if !cond.negated => [head(name)].into(),
        ExprVal::Test(t) if !cond.negated && !t.negated && t.name == "defined" => {
            [head(&t.ident)].into()
        }
        ExprVal::Logic(l) if l.operator == LogicOperator::And && !cond.negated => {
            let mut both = present_in(&l.lhs);
            both.extend(present_in(&l.rhs));
            both
        }
        _ => HashSet::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Uses {
        uses(&tera::Template::new("t", None, text).unwrap().ast)
    }

    #[test]
    fn free_variables_and_comparisons_are_found() {
        let u = of(
            "{{ m.genitive }} {% for x in items %}{{ x.name }}{{ loop.index }}{% endfor %}\
             {% set y = start_date %}{{ y }}{% if services == \"bookings\" or app in [\"a\", \"b\"] %}{% endif %}",
        );
        assert_eq!(
            u.variables,
            ["m.genitive", "items", "start_date", "services", "app"]
        );
        assert_eq!(
            u.compared,
            [
                ("services".to_string(), "bookings".to_string()),
                ("app".to_string(), "a".to_string()),
                ("app".to_string(), "b".to_string())
            ]
        );
    }

    #[test]
    fn a_variable_needed_outside_a_test_of_it_is_unguarded() {
        let u = of("{% if changed %} {{ changed }}{% endif %}\
             {{ ends | default(value=\"pian\") }}\
             {% if x is defined and not y %}{{ x }}{{ y }}{% endif %}\
             {% if z %}{% else %}{{ z }}{% endif %}\
             {% if not w %}{{ w }}{% endif %}\
             {% if mode == \"a\" %}{% endif %}{{ m.slug }}");
        assert_eq!(u.unguarded, ["y", "z", "w", "mode", "m"]);
    }
}
