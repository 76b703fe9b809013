//! `opas new guide <id> --languages fi,sv`: starts a new guide folder, and writes the schema
//! of the municipality file again so that it includes the guide.

use std::path::Path;

use crate::cli::report;
use crate::diagnostics::Diagnostic;
use crate::load::project::{self, Loaded};
use crate::load::schema::{SCHEMA_FILE, json};
use crate::load::values::{closest, is_slug};

/// Writes `content/<id>/` in `languages` (Finnish when none is given); returns the number
/// of errors.
pub fn run(root: &Path, id: &str, languages: &[String], quiet: bool) -> usize {
    let shown = format!("content/{id}/");
    let languages = if languages.is_empty() {
        vec![project::DEFAULT_LANG.to_string()]
    } else {
        languages.to_vec()
    };
    let loaded = project::load(root, Some(&[]));
    if let Err(d) = allowed(&loaded, id, &languages, &shown) {
        report(&[*d]);
        return 1;
    }
    let shared = shared_by_all(root, &languages);
    let mut texts = Vec::new();
    for lang in &languages {
        match crate::load::new_guide::words(root, lang) {
            Ok(words) => texts.push((lang.clone(), words)),
            Err(d) => {
                report(&[*d]);
                return 1;
            }
        }
    }
    let files = crate::compose::scaffold::guide_files(id, &texts, &shared);
    if let Err(e) = crate::write::scaffold::create_guide(root, id, &files) {
        let d = if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(&shown, "the guide's folder already exists")
                .hint("choose another id, or remove the folder first if you mean to start over")
        } else {
            Diagnostic::error(&shown, format!("cannot create the guide's folder: {e}"))
        };
        report(&[d]);
        return 1;
    }
    if !quiet {
        eprintln!("wrote {shown}:");
        for (rel, _) in &files {
            eprintln!("  content/{id}/{rel}");
        }
    }
    after_writing(root, id, quiet)
}

/// Loads the project with the new guide: reports its problems, if any, and writes the
/// schema again when the project keeps one and every guide loads.
fn after_writing(root: &Path, id: &str, quiet: bool) -> usize {
    let loaded = project::load(root, Some(&[]));
    let problems = loaded.all_problems();
    report(&problems);
    let keeps_schema = root.join(SCHEMA_FILE).is_file();
    if keeps_schema && loaded.broken_guides.is_empty() {
        if let Err(e) = crate::write::scaffold::write_schema(root, &json(loaded.guides.values())) {
            report(&[Diagnostic::error(
                SCHEMA_FILE,
                format!("cannot write the schema: {e}"),
            )]);
            return 1;
        }
        if !quiet {
            eprintln!("wrote {SCHEMA_FILE} again: it now describes the guide `{id}`");
        }
    }
    if !quiet && problems.is_empty() {
        eprintln!(
            "next: write the steps and screens, then `opas check`; a municipality publishes the guide with a [{id}] table (`opas new <slug> --guide {id}`)"
        );
    }
    problems.len()
}

/// Refuses an id that is not a slug or is taken, and languages without a language file.
fn allowed(
    loaded: &Loaded,
    id: &str,
    languages: &[String],
    shown: &str,
) -> Result<(), Box<Diagnostic>> {
    if !is_slug(id) {
        return Err(Box::new(
            Diagnostic::error(shown, format!("`{id}` cannot be used as a guide's id"))
                .hint("use lower-case ASCII letters, digits and hyphens, e.g. `huoltokatko`"),
        ));
    }
    let taken = loaded
        .guides
        .values()
        .find(|d| d.id == id || d.paths().iter().any(|(p, _)| *p == id));
    if let Some(other) = taken {
        return Err(Box::new(
            Diagnostic::error(
                shown,
                format!("`{id}` is already the id or a path of {}", other.file),
            )
            .hint("choose another id: two guides must never write the same files"),
        ));
    }
    let known: Vec<&str> = loaded.languages.keys().map(String::as_str).collect();
    for (i, lang) in languages.iter().enumerate() {
        if languages[..i].contains(lang) {
            return Err(Box::new(
                Diagnostic::error(shown, format!("language `{lang}` is listed twice"))
                    .hint("list each language once, the reference first, e.g. --languages fi,sv"),
            ));
        }
        if !known.contains(&lang.as_str()) {
            let hint = match closest(lang, &known) {
                Some(best) => format!(
                    "did you mean `{best}`? The languages are: {}",
                    known.join(", ")
                ),
                None => format!(
                    "add content/languages/{lang}.toml first; the languages are: {}",
                    known.join(", ")
                ),
            };
            return Err(Box::new(
                Diagnostic::error(shown, format!("unknown language `{lang}`")).hint(hint),
            ));
        }
    }
    Ok(())
}

/// The shared steps every one of `languages` has, in the first language's order.
fn shared_by_all(root: &Path, languages: &[String]) -> Vec<String> {
    let mut names = crate::load::shared::names(root, &languages[0]);
    for lang in &languages[1..] {
        let theirs = crate::load::shared::names(root, lang);
        names.retain(|n| theirs.contains(n));
    }
    names
}
