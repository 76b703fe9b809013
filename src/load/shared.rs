//! Shared steps: the steps many guides have in common (the help sentence, the contact
//! block), written once per language in `content/languages/<lang>/steps/` and used by every
//! guide whose declaration names them (`shared = ["help", "contact"]`).
//!
//! A shared step's name is its file name without the number in front and `.md`
//! (`90-help.md` is `help`); the number places it among the guide's own steps, which are in
//! file-name order. A guide's own step with that name (`90-help.md`, or another number)
//! replaces the shared one.

use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::diagnostics::{Diagnostic, display_path};
use crate::load::declaration::Declaration;
use crate::load::values::closest;

/// The folder under `content/` that holds one file per language, and the shared steps.
pub const LANGUAGES_DIR: &str = "languages";

/// The folder of a language's shared steps, `content/languages/<lang>/steps`.
pub fn folder(root: &Path, lang: &str) -> PathBuf {
    root.join("content")
        .join(LANGUAGES_DIR)
        .join(lang)
        .join("steps")
}

/// The names of the shared steps of `lang`, in the order of their files; none when it has
/// no folder.
pub fn names(root: &Path, lang: &str) -> Vec<String> {
    let files = crate::load::files::entries(root, &folder(root, lang)).unwrap_or_default();
    let mut stems: Vec<&str> = files
        .iter()
        .filter_map(|f| f.file_name()?.to_str()?.strip_suffix(".md"))
        .collect();
    stems.sort_unstable();
    stems
        .iter()
        .map(|stem| short_name(stem).to_string())
        .collect()
}

/// A step's name without its leading number: `90-help` → `help`; a name without a
/// number stays as it is.
pub fn short_name(stem: &str) -> &str {
    match stem.split_once('-') {
        Some((number, rest))
            if !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty() =>
        {
            rest
        }
        _ => stem,
    }
}

/// The files of the shared steps `decl` uses in `lang` that none of its own steps (by
/// file stem, `own`) replaces, and the problems: a name listed twice, or one with no file.
pub fn resolve(
    root: &Path,
    lang: &str,
    decl: &Declaration,
    own: &[&str],
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    if decl.shared.is_empty() {
        return (Vec::new(), problems);
    }
    let dir = folder(root, lang);
    let files = match crate::load::files::entries(root, &dir) {
        Ok(files) => files,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            let d = Diagnostic::error(
                display_path(&dir, root),
                format!("cannot read the shared steps folder: {e}"),
            )
            .hint("keep the shared steps as Markdown files in this folder, e.g. 90-help.md");
            return (Vec::new(), vec![d]);
        }
    };
    let available: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.is_dir())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            Some((stem, p))
        })
        .collect();
    let mut paths = Vec::new();
    for (i, wanted) in decl.shared.iter().enumerate() {
        let name = wanted.get_ref().as_str();
        if decl.shared[..i].iter().any(|w| w.get_ref() == name) {
            problems.push(listed_twice(decl, wanted));
            continue;
        }
        if own.iter().any(|stem| short_name(stem) == name) {
            continue;
        }
        match available.iter().find(|(stem, _)| short_name(stem) == name) {
            Some((_, path)) => paths.push(path.clone()),
            None => problems.push(unknown(root, decl, lang, wanted, &available)),
        }
    }
    (paths, problems)
}

fn listed_twice(decl: &Declaration, wanted: &Spanned<String>) -> Diagnostic {
    Diagnostic::error(
        &decl.file,
        format!("the shared step `{}` is listed twice", wanted.get_ref()),
    )
    .at(&decl.source, wanted.span(), "repeated")
    .hint("list each shared step once in `shared`")
}

/// A name in `shared` that no file of the language's shared steps has: missing in this
/// language only (a translation to write), or in every language of the guide (a typo).
fn unknown(
    root: &Path,
    decl: &Declaration,
    lang: &str,
    wanted: &Spanned<String>,
    available: &[(String, PathBuf)],
) -> Diagnostic {
    let name = wanted.get_ref();
    let elsewhere = decl
        .languages
        .iter()
        .filter(|l| l.as_str() != lang)
        .find_map(|l| Some((l, find(root, l, name)?)));
    let (message, hint) = match elsewhere {
        Some((other, stem)) => (
            format!("the shared step `{name}` is not written in `{lang}`"),
            format!(
                "translate content/{LANGUAGES_DIR}/{other}/steps/{stem}.md into content/{LANGUAGES_DIR}/{lang}/steps/{stem}.md"
            ),
        ),
        None => (
            format!("there is no shared step `{name}`"),
            typo_hint(name, available),
        ),
    };
    Diagnostic::error(&decl.file, message)
        .at(&decl.source, wanted.span(), "no such shared step")
        .hint(hint)
}

/// The stem of the shared step `name` in `lang`, if it has one.
fn find(root: &Path, lang: &str, name: &str) -> Option<String> {
    let files = crate::load::files::entries(root, &folder(root, lang)).ok()?;
    files.iter().find_map(|p| {
        let stem = p.file_stem()?.to_str()?;
        let md = p.extension().is_some_and(|e| e == "md");
        (md && short_name(stem) == name).then(|| stem.to_string())
    })
}

fn typo_hint(name: &str, available: &[(String, PathBuf)]) -> String {
    let names: Vec<&str> = available.iter().map(|(s, _)| short_name(s)).collect();
    let place = format!("content/{LANGUAGES_DIR}/<lang>/steps/");
    match closest(name, &names) {
        Some(best) => format!(
            "did you mean \"{best}\"? The shared steps ({place}) are: {}",
            names.join(", ")
        ),
        None => format!(
            "write it as {place}<number>-{name}.md (the number places it among the guide's steps), or remove \"{name}\" from `shared`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn the_number_in_front_is_not_part_of_the_name() {
        assert_eq!(short_name("90-help"), "help");
        assert_eq!(short_name("95-contact"), "contact");
        assert_eq!(short_name("70-lost-phone-contact"), "lost-phone-contact");
        assert_eq!(short_name("help"), "help");
        assert_eq!(short_name("help-me"), "help-me");
        assert_eq!(short_name("90-"), "90-");
    }
}
