//! The edit form of `opas serve`: a municipality file opened as a form, the submitted
//! values applied to it and checked by exactly what `opas check` runs, and a valid change
//! written once it is confirmed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::compose::edit::apply::{Refusal, apply};
use crate::compose::edit::diff::{self, Line};
pub use crate::compose::edit::fields::FieldError;
use crate::compose::edit::fields::{Form, Input};
use crate::compose::edit::{form, locate};
use crate::diagnostics::Diagnostic;
use crate::driver::Site;
use crate::driver::check::municipality_errors;
use crate::load::project;

/// A municipality file opened for editing.
pub struct Opened {
    pub text: String,
    /// The [`fingerprint`] of `text`: a save is refused when the file no longer has it.
    pub hash: String,
    pub form: Form,
}

/// What a submission of the form leads to.
pub enum Outcome {
    /// The file changed on disk since the form was opened: the difference, and nothing written.
    Stale(Vec<Line>),
    /// The form with the submitted values and what is wrong with them.
    Invalid(Form, Vec<FieldError>),
    /// The values are those of the file.
    Unchanged,
    /// The new text checks: the difference, and, once saved, that it was written.
    Valid {
        text: String,
        diff: Vec<Line>,
        saved: bool,
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
    Ok(Opened {
        hash: fingerprint(&text),
        text,
        form,
    })
}

/// Applies `submitted` to the file of `slug` as it is now, if it still has the
/// fingerprint `hash` (of `original`, the text the form was opened with), and checks the
/// result; with `save`, a valid result is written.
pub fn submit(
    root: &Path,
    slug: &str,
    hash: &str,
    original: &str,
    submitted: &BTreeMap<String, String>,
    save: bool,
) -> Result<Outcome, Box<Diagnostic>> {
    let current = project::municipality_text(root, slug)?;
    if fingerprint(&current) != hash {
        let before = if fingerprint(original) == hash {
            original
        } else {
            ""
        };
        return Ok(Outcome::Stale(diff::lines(before, &current)));
    }
    let mut site = Site::open(root, Some(&[slug.to_string()]));
    let shown = form::build(&current, &site.loaded.guides)
        .map_err(|e| Box::new(Diagnostic::error(format!("municipalities/{slug}.toml"), e)))?;
    let new = match apply(&current, &shown, submitted) {
        Ok(new) => new,
        Err(refusals) => {
            let errors = refusals.into_iter().map(refused).collect();
            return Ok(Outcome::Invalid(with_values(&shown, submitted), errors));
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
        return Ok(Outcome::Invalid(with_values(&shown, submitted), errors));
    }
    let diff = diff::lines(&current, &new);
    if save {
        crate::write::municipality::replace(root, slug, &new).map_err(|e| {
            Box::new(Diagnostic::error(
                format!("municipalities/{slug}.toml"),
                format!("cannot write the file: {e}"),
            ))
        })?;
    }
    Ok(Outcome::Valid {
        text: new,
        diff,
        saved: save,
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
            let name = field.name();
            if field.input == Input::Bool {
                field.value = submitted.contains_key(&name).to_string();
            } else if let Some(v) = submitted.get(&name) {
                field.value = v.clone();
            }
        }
    }
    form
}

#[cfg(test)]
mod tests;
