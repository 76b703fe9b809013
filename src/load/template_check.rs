//! A guide's templates checked against its declaration when the guide loads, with no
//! municipality: every variable a step uses must be one the documented context or the
//! guide's parameters give, and a choice may be compared only with the values it declares.
//! Until now such a mistake surfaced only for a municipality whose values reached it, or
//! never (a comparison with a value nobody has just picks the other branch).

use std::sync::Arc;

use crate::compose::templates::names::Uses;
use crate::compose::templates::positions;
use crate::diagnostics::Diagnostic;
use crate::load::declaration::Declaration;
use crate::load::params::ParamKind;
use crate::load::values::closest;

/// The variables every step may use besides the guide's parameters, with their fields
/// where they have a fixed set (README.md, "Content").
const CONTEXT: [(&str, Option<&[&str]>); 7] = [
    ("m", Some(&["name", "genitive", "slug", "kind"])),
    ("kind", None),
    ("d", None),
    ("org", Some(&["full", "first", "later", "contact"])),
    ("date", None),
    ("issuer", None),
    (
        "contact",
        Some(&[
            "person",
            "unit",
            "illative",
            "title",
            "phone",
            "email",
            "email_href",
            "email_pattern",
        ]),
    ),
];

/// The problems of one template (`shown`, its text `source`) that uses `uses`.
pub fn check(shown: &str, source: &str, uses: &Uses, decl: &Declaration) -> Vec<Diagnostic> {
    let source: Arc<str> = Arc::from(source);
    let mut problems = Vec::new();
    for path in &uses.variables {
        if let Some((message, label, hint)) = unknown(path, decl) {
            problems.push(located(shown, &source, path, message, label, hint));
        }
    }
    for (name, value) in &uses.compared {
        let Some(ParamKind::Choice(values)) = decl
            .params
            .iter()
            .find(|p| &p.name == name)
            .map(|p| &p.kind)
        else {
            continue;
        };
        if values.contains(value) {
            continue;
        }
        let known: Vec<&str> = values.iter().map(String::as_str).collect();
        let hint = match closest(value, &known) {
            Some(best) => format!(
                "did you mean \"{best}\"? `{name}` is one of: {}",
                known.join(", ")
            ),
            None => format!("`{name}` is one of: {}", known.join(", ")),
        };
        problems.push(located(
            shown,
            &source,
            &format!("\"{value}\""),
            format!("`{name}` is never \"{value}\": the guide does not declare that value"),
            "not a value of the choice",
            hint,
        ));
    }
    problems
}

/// Why `path` is not a variable of a step, if it is not: (message, label, hint).
fn unknown(path: &str, decl: &Declaration) -> Option<(String, &'static str, String)> {
    let mut parts = path.split('.');
    let head = parts.next().unwrap_or(path);
    let head = head.split('[').next().unwrap_or(head);
    if decl.params.iter().any(|p| p.name == head) {
        return None;
    }
    if let Some((_, fields)) = CONTEXT.iter().find(|(name, _)| *name == head) {
        let field = parts.next()?;
        let fields = (*fields)?;
        if fields.contains(&field) {
            return None;
        }
        let hint = match closest(field, fields) {
            Some(best) => format!("did you mean `{head}.{best}`?"),
            None => format!("`{head}` has: {}", fields.join(", ")),
        };
        return Some((
            format!("`{head}` has no field `{field}`"),
            "no such field",
            hint,
        ));
    }
    let mut known: Vec<&str> = CONTEXT.iter().map(|(name, _)| *name).collect();
    known.extend(decl.params.iter().map(|p| p.name.as_str()));
    let hint = match closest(head, &known) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "declare it under [params] in {}, or use a variable of README.md, \"Content\"",
            decl.file
        ),
    };
    Some((format!("unknown variable `{head}`"), "not a variable", hint))
}

/// A diagnostic at the first tag of `source` that holds `word` as a whole word.
fn located(
    shown: &str,
    source: &Arc<str>,
    word: &str,
    message: String,
    label: &str,
    hint: String,
) -> Diagnostic {
    let d = Diagnostic::error(shown, message).hint(hint);
    match find_in_tags(source, word) {
        Some(span) => d.at(source, span, label),
        None => d,
    }
}

fn find_in_tags(source: &str, word: &str) -> Option<std::ops::Range<usize>> {
    let part = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    positions::scan(source).into_iter().find_map(|tag| {
        let text = &source[tag.clone()];
        text.match_indices(word).find_map(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            let whole = before.is_none_or(|c| !part(c) || word.starts_with('"'))
                && after.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            whole.then(|| tag.start + i..tag.start + i + word.len())
        })
    })
}
