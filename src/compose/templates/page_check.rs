//! A theme's page templates checked when the theme loads, with no guide rendered: every
//! variable a page uses must be one its context gives (and a field of it, where the
//! context's value has a fixed set of fields), with a did-you-mean. Before, a misspelt
//! variable in `guide.html` failed every guide of every municipality while rendering.

use crate::compose::templates::pages::PageSet;
use crate::compose::templates::positions::find_in_tags;
use crate::diagnostics::Diagnostic;
use crate::load::values::closest;

/// A variable of a page's context, with its fields when they are a fixed set.
pub type Variable = (&'static str, Option<&'static [&'static str]>);

/// The problems of the page template `name` of `pages`, whose context is `context`.
pub fn check(pages: &PageSet, name: &str, context: &[Variable]) -> Vec<Diagnostic> {
    let Some((shown, source)) = pages.source(name) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for path in pages.uses(name).variables {
        let Some((message, label, hint)) = unknown(&path, name, context) else {
            continue;
        };
        let word = path.split('.').take(2).collect::<Vec<_>>().join(".");
        let d = Diagnostic::error(shown, message).hint(hint);
        problems.push(
            match find_in_tags(&source, &word).or_else(|| find_in_tags(&source, &path)) {
                Some(span) => d.at(&source, span, label),
                None => d,
            },
        );
    }
    problems
}

/// Why `path` is not a variable of the page `name`'s context, if it is not.
fn unknown(path: &str, name: &str, context: &[Variable]) -> Option<(String, &'static str, String)> {
    let mut parts = path.split('.');
    let head = parts.next().unwrap_or(path);
    let head = head.split('[').next().unwrap_or(head);
    let names: Vec<&str> = context.iter().map(|(n, _)| *n).collect();
    let Some((_, fields)) = context.iter().find(|(n, _)| *n == head) else {
        let hint = match closest(head, &names) {
            Some(best) => format!("did you mean `{best}`? {name} has: {}", names.join(", ")),
            None => format!(
                "{name} has: {} (README.md, \"What a template may do\")",
                names.join(", ")
            ),
        };
        return Some((
            format!("unknown variable `{head}` in the page template {name}"),
            "not a variable of the page",
            hint,
        ));
    };
    unknown_field(head, parts.next()?, (*fields)?)
}

/// Why `field` is not one of `fields` of the variable `head`, if it is not: (message,
/// label, hint with a did-you-mean).
pub fn unknown_field(
    head: &str,
    field: &str,
    fields: &[&str],
) -> Option<(String, &'static str, String)> {
    if fields.contains(&field) {
        return None;
    }
    let hint = match closest(field, fields) {
        Some(best) => format!("did you mean `{head}.{best}`?"),
        None => format!("`{head}` has: {}", fields.join(", ")),
    };
    Some((
        format!("`{head}` has no field `{field}`"),
        "no such field",
        hint,
    ))
}
