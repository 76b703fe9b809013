//! A guide's translations checked against its reference language (the first of its
//! `languages`): the same steps, each appearing for the same municipalities (`when`) and
//! with the same `contact` flag, and the same screens with the same items in the same
//! order. Only the texts differ.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, line_column};
use crate::load::content::{Content, Step};
use crate::load::screens::{ItemShape, ScreenDef};
use crate::load::values::closest;

/// Every difference of `other` from `reference`, each located in `other`'s files.
pub fn differences(dir: &str, reference: &Content, other: &Content) -> Vec<Diagnostic> {
    let mut problems = missing(dir, reference, other);
    for step in &other.steps {
        if let Some(theirs) = reference.steps.iter().find(|s| s.name == step.name) {
            let pair = Pair {
                dir,
                reference,
                other,
            };
            problems.extend(pair.step(theirs, step));
        }
    }
    for (id, screen) in &other.screens {
        if let Some(theirs) = reference.screens.get(id) {
            let pair = Pair {
                dir,
                reference,
                other,
            };
            problems.extend(pair.screen(id, theirs, screen));
        }
    }
    problems
}

/// Steps and screens of `reference` that `other` lacks, or has without a counterpart.
fn missing(dir: &str, reference: &Content, other: &Content) -> Vec<Diagnostic> {
    let (r, o) = (&reference.lang, &other.lang);
    let mut problems = Vec::new();
    let names = |c: &Content| c.steps.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    let (ref_steps, other_steps) = (names(reference), names(other));
    for step in ref_steps.iter().filter(|s| !other_steps.contains(s)) {
        problems.push(
            Diagnostic::error(
                format!("{dir}/{o}/steps/{step}.md"),
                format!("the step `{step}` is not translated into `{o}`"),
            )
            .hint(format!(
                "translate {dir}/{r}/steps/{step}.md into {dir}/{o}/steps/{step}.md"
            )),
        );
    }
    let known: Vec<&str> = ref_steps.iter().map(String::as_str).collect();
    for step in other_steps.iter().filter(|s| !ref_steps.contains(s)) {
        let hint = match closest(step, &known) {
            Some(best) => format!(
                "did you mean `{best}.md`? Name the file after a step of {dir}/{r}/steps/, or add the step there too"
            ),
            None => {
                format!("name the file after a step of {dir}/{r}/steps/, or add the step there too")
            }
        };
        problems.push(
            Diagnostic::error(
                format!("{dir}/{o}/steps/{step}.md"),
                format!("the step `{step}` does not exist in `{r}`"),
            )
            .hint(hint),
        );
    }
    for id in reference
        .screens
        .keys()
        .filter(|id| !other.screens.contains_key(*id))
    {
        problems.push(
            Diagnostic::error(
                format!("{dir}/{o}/screens.toml"),
                format!("the screen `{id}` is not translated into `{o}`"),
            )
            .hint(format!(
                "copy [{id}] from {dir}/{r}/screens.toml and translate its texts"
            )),
        );
    }
    let known: Vec<&str> = reference.screens.keys().map(String::as_str).collect();
    for (id, screen) in other
        .screens
        .iter()
        .filter(|(id, _)| !reference.screens.contains_key(*id))
    {
        let hint = match closest(id, &known) {
            Some(best) => format!(
                "did you mean `[{best}]`? A translation has the screens of {dir}/{r}/screens.toml, by the same ids"
            ),
            None => format!(
                "give it the id of a screen of {dir}/{r}/screens.toml, or add the screen there too"
            ),
        };
        problems.push(
            Diagnostic::error(
                format!("{dir}/{o}/screens.toml"),
                format!("the screen `{id}` does not exist in `{r}`"),
            )
            .at(
                &screen.place.source,
                screen.place.header.clone(),
                "not in the reference",
            )
            .hint(hint),
        );
    }
    problems
}

/// A translation and its reference.
struct Pair<'a> {
    dir: &'a str,
    reference: &'a Content,
    other: &'a Content,
}

impl Pair<'_> {
    /// `file:line` of `span` in the reference's `file`, for a hint.
    fn at(&self, file: &str, source: &Arc<str>, span: &Range<usize>) -> String {
        let (line, _) = line_column(source, span.start);
        format!("{}/{}/{file}:{line}", self.dir, self.reference.lang)
    }

    /// The file a step was read from: the guide's own, or a shared step.
    fn step_file(step: &Step) -> String {
        step.template.clone()
    }

    /// `file:line` of `span` in the file `step` was read from, for a hint.
    fn step_at(step: &Step, span: &Range<usize>) -> String {
        let (line, _) = line_column(&step.front.source, span.start);
        format!("{}:{line}", step.template)
    }

    /// A step whose `when` or `contact` is not that of the reference.
    fn step(&self, reference: &Step, step: &Step) -> Vec<Diagnostic> {
        let (r, o) = (&self.reference.lang, &self.other.lang);
        let file = Self::step_file(step);
        let mut problems = Vec::new();
        if reference.when != step.when {
            let span = step.front.when.clone().unwrap_or(step.front.start.clone());
            let (fix, place) = match &reference.front.when {
                Some(span) => (
                    format!("write `when = {}`", reference.when.to_toml()),
                    Self::step_at(reference, span),
                ),
                None => ("remove `when`".to_string(), Self::step_file(reference)),
            };
            let fix = if step.front.present || reference.when.is_always() {
                format!("{fix} in the front matter, as {place} does")
            } else {
                format!(
                    "{fix} in a front matter between two lines of +++ at the top of the file, as {place} does"
                )
            };
            problems.push(
                Diagnostic::error(
                    &file,
                    format!(
                        "the step `{}` in `{o}` appears {}, but in `{r}` {}",
                        step.name,
                        appears(step),
                        appears(reference)
                    ),
                )
                .at(&step.front.source, span, format!("not as in `{r}`"))
                .hint(format!(
                    "{fix}: every language's step must appear for the same municipalities"
                )),
            );
        }
        if reference.contact != step.contact {
            let span = step
                .front
                .contact
                .clone()
                .unwrap_or(step.front.start.clone());
            let fix = if reference.contact {
                "write `contact = true` in its front matter"
            } else {
                "remove `contact = true`"
            };
            let is = |yes: bool| if yes { "is" } else { "is not" };
            problems.push(
                Diagnostic::error(
                    &file,
                    format!(
                        "the step `{}` {} the contact block in `{o}`, but {} in `{r}`",
                        step.name,
                        is(step.contact),
                        is(reference.contact)
                    ),
                )
                .at(&step.front.source, span, format!("not as in `{r}`"))
                .hint(format!("{fix}, as {} does", Self::step_file(reference))),
            );
        }
        problems
    }

    /// A screen whose style or items are not those of the reference.
    fn screen(&self, id: &str, reference: &ScreenDef, screen: &ScreenDef) -> Vec<Diagnostic> {
        let (r, o) = (&self.reference.lang, &self.other.lang);
        let file = format!("{}/{o}/screens.toml", self.dir);
        let place = &screen.place;
        let theirs = &reference.place;
        let there = |span: &Range<usize>| self.at("screens.toml", &theirs.source, span);
        let mut problems = Vec::new();
        if reference.style() != screen.style() {
            let style = |s: &ScreenDef| {
                serde_json::to_value(s.style())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            problems.push(
                Diagnostic::error(
                    &file,
                    format!(
                        "the screen `{id}` is a `{}` in `{o}`, but a `{}` in `{r}`",
                        style(screen),
                        style(reference)
                    ),
                )
                .at(
                    &place.source,
                    place.style.clone(),
                    format!("not as in `{r}`"),
                )
                .hint(format!(
                    "write `style = \"{}\"`, as {} does: a translation shows the same screen",
                    style(reference),
                    there(&theirs.style)
                )),
            );
        }
        if !reference.has_mockup() || !screen.has_mockup() {
            // A screen without items waits for a screenshot in that language: nothing to follow.
            return problems;
        }
        let (ours, wanted) = (screen.shapes(), reference.shapes());
        let item_at = |i: usize| place.items.get(i).cloned().unwrap_or(place.header.clone());
        let kinds =
            |shapes: &[ItemShape]| shapes.iter().map(|s| s.kind).collect::<Vec<_>>().join(", ");
        for (i, (mine, theirs_item)) in ours.iter().zip(&wanted).enumerate() {
            let reference_at = there(&theirs.items.get(i).cloned().unwrap_or_default());
            if mine.kind != theirs_item.kind {
                problems.push(
                    Diagnostic::error(
                        &file,
                        format!(
                            "item {} of the screen `{id}` is a `{}` in `{o}`, but a `{}` in `{r}`",
                            i + 1,
                            mine.kind,
                            theirs_item.kind
                        ),
                    )
                    .at(&place.source, item_at(i), format!("not as in `{r}`"))
                    .hint(format!(
                        "keep the items of {reference_at} in their order: {}",
                        kinds(&wanted)
                    )),
                );
                // Every later item would differ too: one message says it.
                return problems;
            }
            if mine.data != theirs_item.data {
                let data = |s: &ItemShape| s.data.clone().unwrap_or_default();
                problems.push(
                    Diagnostic::error(
                        &file,
                        format!(
                            "the `{}` of the screen `{id}` (item {}) has {} in `{o}`, but {} in `{r}`",
                            mine.kind,
                            i + 1,
                            data(mine),
                            data(theirs_item)
                        ),
                    )
                    .at(&place.source, item_at(i), format!("not as in `{r}`"))
                    .hint(format!(
                        "write {} as {reference_at} does: only the texts of a screen are translated",
                        data(theirs_item)
                    )),
                );
            }
        }
        if ours.len() != wanted.len() {
            let (span, fix) = if ours.len() < wanted.len() {
                let last = ours
                    .len()
                    .checked_sub(1)
                    .map_or(place.header.clone(), item_at);
                (
                    last,
                    format!(
                        "add {} after it, translated from {}",
                        kinds(&wanted[ours.len()..]),
                        there(&theirs.items.get(ours.len()).cloned().unwrap_or_default())
                    ),
                )
            } else {
                (
                    item_at(wanted.len()),
                    format!(
                        "remove this item and those after it, or add them to {}/{r}/screens.toml too",
                        self.dir
                    ),
                )
            };
            problems.push(
                Diagnostic::error(
                    &file,
                    format!(
                        "the screen `{id}` has {} items in `{o}`, but {} in `{r}`",
                        ours.len(),
                        wanted.len()
                    ),
                )
                .at(&place.source, span, format!("not as in `{r}`"))
                .hint(format!("{fix}: the items of `{r}` are {}", kinds(&wanted))),
            );
        }
        problems
    }
}

/// When a step appears, as its front matter says.
fn appears(step: &Step) -> String {
    if step.when.is_always() {
        "always (no `when`)".to_string()
    } else {
        format!("`when = {}`", step.when.to_toml())
    }
}
