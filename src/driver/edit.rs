//! The edit form of `opas serve`: a municipality file opened as a form, the submitted
//! values applied to it and checked by exactly what `opas check` runs, and a valid change
//! written once it is confirmed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::compose::edit::apply::{Refusal, apply};
use crate::compose::edit::diff::{self, Line};
pub use crate::compose::edit::fields::FieldError;
use crate::compose::edit::fields::{Form, Input};
use crate::compose::edit::screens::{self, ScreenList};
use crate::compose::edit::{form, locate};
use crate::diagnostics::Diagnostic;
use crate::driver::Site;
use crate::driver::check::municipality_errors;
use crate::load::project::{self, Entry};
use crate::load::values::Date;

/// A municipality file opened for editing.
pub struct Opened {
    pub text: String,
    /// The [`fingerprint`] of `text`: a save is refused when the file no longer has it.
    pub hash: String,
    pub form: Form,
    /// What each screen of the municipality's guides shows, per guide and language.
    pub screens: Vec<ScreenList>,
}

/// What a submission of the form leads to.
pub enum Outcome {
    /// The file changed on disk since the form was opened: the difference, and nothing written.
    Stale(Vec<Line>),
    /// The form with the submitted values and what is wrong with them.
    Invalid(Form, Vec<FieldError>, Vec<ScreenList>),
    /// The values are those of the file.
    Unchanged,
    /// The new text checks: the difference, and, once saved, the file as written.
    Valid {
        diff: Vec<Line>,
        saved: Option<Opened>,
    },
}

/// A fingerprint of a file's text, to tell whether it changed (FNV-1a, 64 bits, with its length).
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:x}-{hash:016x}", text.len())
}

/// The file of the municipality `slug` and its form, from the project at `root`.
pub fn open(root: &Path, slug: &str) -> Result<Opened, Box<Diagnostic>> {
    let text = project::municipality_text(root, slug)?;
    let site = Site::open(root, Some(&[slug.to_string()]));
    let form = form::build(&text, &site.loaded.guides).map_err(|e| {
        Box::new(
            Diagnostic::error(format!("municipalities/{slug}.toml"), e)
                .hint("fix the file by hand first: `opas check` shows where"),
        )
    })?;
    let screens = current_screens(&site, slug);
    Ok(Opened {
        hash: fingerprint(&text),
        text,
        form,
        screens,
    })
}

/// The screens of the guides `entry` publishes, each with what shows it; none when the
/// municipality does not load.
fn screens_of(entry: &Entry, site: &Site) -> Vec<ScreenList> {
    let Ok((m, locals)) = &entry.result else {
        return Vec::new();
    };
    let mut lists = screens::lists(m, &site.loaded.contents, locals);
    if let Ok(composed) = site.documents(entry, None) {
        screens::mark_unused(&mut lists, &composed.docs);
    }
    lists
}

/// The screens of the municipality `slug` as its file on disk has them.
fn current_screens(site: &Site, slug: &str) -> Vec<ScreenList> {
    site.loaded
        .entries
        .iter()
        .find(|e| e.slug == slug)
        .map_or_else(Vec::new, |e| screens_of(e, site))
}

/// A submission of the form.
pub struct Submission<'a> {
    /// The [`fingerprint`] of the file when the form was opened.
    pub hash: &'a str,
    /// The file's text as the form was opened (the one with `hash`), to show what changed
    /// since; empty when it is no longer known.
    pub original: &'a str,
    /// The fields' values, by name (a checkbox `true` when ticked).
    pub fields: &'a BTreeMap<String, String>,
    /// Guides to add a table for.
    pub adding: &'a [String],
    /// The date a new guide's table gets.
    pub today: Date,
    /// Write a valid result.
    pub save: bool,
}

/// Applies a submission to the file of `slug` as it is now, if it still has the
/// fingerprint the form was opened with, and checks the result; a valid result is
/// written when the submission says to save.
pub fn submit(root: &Path, slug: &str, sent: &Submission<'_>) -> Result<Outcome, Box<Diagnostic>> {
    let current = project::municipality_text(root, slug)?;
    if fingerprint(&current) != sent.hash {
        return Ok(Outcome::Stale(diff::lines(sent.original, &current)));
    }
    let mut site = Site::open(root, Some(&[slug.to_string()]));
    let base = form::with_tables(&current, sent.adding, &site.loaded.guides, &sent.today);
    let shown = form::build(&base, &site.loaded.guides)
        .map_err(|e| Box::new(Diagnostic::error(format!("municipalities/{slug}.toml"), e)))?;
    let new = match apply(&base, &shown, sent.fields) {
        Ok(new) => new,
        Err(refusals) => {
            let errors = refusals.into_iter().map(refused).collect();
            let screens = current_screens(&site, slug);
            return Ok(Outcome::Invalid(
                with_values(&shown, sent.fields),
                errors,
                screens,
            ));
        }
    };
    if new == current {
        return Ok(Outcome::Unchanged);
    }
    let entry = project::entry_from_text(&mut site.loaded, slug, &new);
    let errors = municipality_errors(&site, &entry);
    if !errors.is_empty() {
        let after = form::build(&new, &site.loaded.guides).unwrap_or_else(|_| shown.clone());
        let errors = errors
            .iter()
            .map(|d| placed(&after, &entry.file, d))
            .collect();
        let screens = current_screens(&site, slug);
        return Ok(Outcome::Invalid(
            with_values(&shown, sent.fields),
            errors,
            screens,
        ));
    }
    let diff = diff::lines(&current, &new);
    if !sent.save {
        return Ok(Outcome::Valid { diff, saved: None });
    }
    crate::write::municipality::replace(root, slug, &new).map_err(|e| {
        Box::new(Diagnostic::error(
            format!("municipalities/{slug}.toml"),
            format!("cannot write the file: {e}"),
        ))
    })?;
    let form = form::build(&new, &site.loaded.guides).unwrap_or(shown);
    Ok(Outcome::Valid {
        diff,
        saved: Some(Opened {
            hash: fingerprint(&new),
            text: new,
            form,
            screens: screens_of(&entry, &site),
        }),
    })
}

fn refused(r: Refusal) -> FieldError {
    FieldError {
        field: (!r.field.is_empty()).then_some(r.field),
        message: r.message,
        hint: None,
        line: None,
    }
}

/// A diagnostic beside the field of the key at its position (of the file `file` only).
fn placed(form: &Form, file: &str, d: &Diagnostic) -> FieldError {
    let field = match (&d.source, &d.span) {
        (Some(source), Some(span)) if d.file == file => locate::field_at(form, source, span),
        _ => None,
    };
    FieldError {
        field,
        message: d.message.clone(),
        hint: d.hint.clone(),
        line: (d.file == file)
            .then(|| d.line_column().map(|(l, _)| l))
            .flatten(),
    }
}

/// `form` showing the submitted values.
fn with_values(form: &Form, submitted: &BTreeMap<String, String>) -> Form {
    let mut form = form.clone();
    for section in &mut form.sections {
        for field in &mut section.fields {
            if let Some(v) = submitted.get(&field.name()) {
                field.value = if field.input == Input::Bool {
                    (v == "true").to_string()
                } else {
                    v.clone()
                };
            }
        }
    }
    form
}

#[cfg(test)]
mod tests;
