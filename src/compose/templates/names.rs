//! What a template refers to, read from its tree without rendering it: the variables it
//! uses (their dotted paths, loop and `set` variables left out) and the string literals
//! it compares a variable with. `load` checks these against the guide's declaration, so
//! a misspelt variable or a value a choice does not have is found with no municipality.

use std::collections::HashSet;

use tera::ast::{Expr, ExprVal, LogicOperator, Node};

/// A variable's dotted path (`m.genitive`) and the string literals it is compared with.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// Every free variable, in the order first used.
    pub variables: Vec<String>,
    /// (variable, literal) for each `variable == "literal"`, `!=`, or `in [...]`.
    pub compared: Vec<(String, String)>,
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
                    self.expr(cond);
                    self.nodes(body);
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

    fn expr(&mut self, e: &Expr) {
        self.val(&e.val);
        for filter in &e.filters {
            filter.args.values().for_each(|a| self.expr(a));
        }
    }

    fn val(&mut self, v: &ExprVal) {
        match v {
            ExprVal::Ident(name) => self.ident(name),
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
}
