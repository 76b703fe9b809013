//! A guide's templates checked against its declaration when the guide loads, with no
//! municipality: every variable a step uses must be one the documented context or the
//! guide's parameters give, and a choice may be compared only with the values it declares.
//! An optional parameter without a default must not be needed where a municipality that
//! leaves it out would reach it. Until now such a mistake surfaced only for a municipality
//! whose values reached it, or never (a comparison with a value nobody has just picks the
//! other branch).

use std::sync::Arc;

use crate::compose::templates::TemplateSet;
use crate::compose::templates::positions;
use crate::diagnostics::Diagnostic;
use crate::load::declaration::Declaration;
use crate::load::params::{Condition, Param, ParamKind};
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

/// What decides whether an optional parameter may be missing where a template needs it.
#[derive(Clone, Copy)]
pub enum Shown<'a> {
    /// A step or note, shown when its condition holds.
    When(&'a Condition),
    /// A text of every guide (its title, subtitle and PDF name).
    Always,
    /// A screen's text when it loads: its guards are checked once the steps that show it
    /// are known ([`Shown::By`]).
    Unchecked,
    /// A screen's text, shown by the steps with these conditions.
    By(&'a [&'a Condition]),
}

/// The problems of the compiled template `name` of `templates`, from the file `shown`,
/// in a guide declared by `decl`, each at its place in the file.
pub fn check(
    templates: &TemplateSet,
    name: &str,
    shown: &str,
    decl: &Declaration,
    when: Shown<'_>,
) -> Vec<Diagnostic> {
    let Some(source) = templates.text(name) else {
        return Vec::new();
    };
    let uses = templates.uses(name);
    let mut problems = Vec::new();
    for path in &uses.variables {
        if let Some((message, label, hint)) = unknown(path, decl) {
            problems.push(located(shown, &source, path, message, label, hint));
        }
    }
    problems.extend(unguarded(&uses, &source, shown, decl, when));
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
        .into_iter()
        .map(|d| templates.placed(name, d))
        .collect()
}

/// Each optional parameter `uses` needs where a municipality that leaves it out reaches it.
fn unguarded(
    uses: &crate::compose::templates::names::Uses,
    source: &Arc<str>,
    shown: &str,
    decl: &Declaration,
    when: Shown<'_>,
) -> Vec<Diagnostic> {
    let assured = |param: &str| match when {
        Shown::When(condition) => condition.assures(param),
        Shown::Always => false,
        Shown::Unchecked => true,
        Shown::By(conditions) => conditions.iter().all(|c| c.assures(param)),
    };
    let mut problems = Vec::new();
    for head in &uses.unguarded {
        let Some(param) = decl.params.iter().find(|p| &p.name == head) else {
            continue;
        };
        if param.required || param.default.is_some() || assured(head) {
            continue;
        }
        let (message, hint) = maybe_missing(param, !matches!(when, Shown::Always));
        let d = Diagnostic::error(shown, message).hint(hint);
        problems.push(match find_printed(source, head) {
            Some(span) => d.at(source, span, "may be missing"),
            None => d,
        });
    }
    problems
}

/// The guards of a screen's template `name` (its other checks ran when it loaded), for
/// the steps with `conditions` that show the screen.
pub fn screen_guards(
    templates: &TemplateSet,
    name: &str,
    shown: &str,
    decl: &Declaration,
    conditions: &[&Condition],
) -> Vec<Diagnostic> {
    let Some(source) = templates.text(name) else {
        return Vec::new();
    };
    unguarded(
        &templates.uses(name),
        &source,
        shown,
        decl,
        Shown::By(conditions),
    )
    .into_iter()
    .map(|d| templates.placed(name, d))
    .collect()
}

/// The problems of a guide's title, subtitle and PDF name in every language.
pub fn texts(templates: &TemplateSet, decl: &Declaration) -> Vec<Diagnostic> {
    decl.texts
        .values()
        .flat_map(|t| [&t.title, &t.subtitle, &t.pdf_file])
        .flat_map(|name| check(templates, name, &decl.file, decl, Shown::Always))
        .collect()
}

/// The message and help for the optional `param` needed where it may be missing.
fn maybe_missing(param: &Param, in_step: bool) -> (String, String) {
    let n = &param.name;
    let given = match &param.kind {
        ParamKind::Choice(values) => format!("{n} = \"{}\"", values.first().map_or("", |v| v)),
        _ => format!("{n} = true"),
    };
    let mut hint = format!(
        "a municipality may leave `{n}` out: write {{% if {n} %}}…{{% endif %}} around it, \
         or {{{{ {n} | default(value=\"…\") }}}}, or give it a default in [params.{n}]"
    );
    if in_step {
        hint.push_str(&format!(
            ", or show the step only when it is given: when = {{ {given} }}"
        ));
    }
    (
        format!("the optional parameter `{n}` is needed here, but a municipality may leave it out"),
        hint,
    )
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
        return crate::compose::templates::page_check::unknown_field(
            head,
            parts.next()?,
            (*fields)?,
        );
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
    match positions::find_in_tags(source, word) {
        Some(span) => d.at(source, span, label),
        None => d,
    }
}

/// Where `word` is first printed (`{{ … }}`), else first in any tag.
fn find_printed(source: &str, word: &str) -> Option<std::ops::Range<usize>> {
    positions::find_in(source, word, |tag| tag.starts_with("{{"))
        .or_else(|| positions::find_in_tags(source, word))
}
