//! Finds the project folders and loads what is in them: languages, guides (their
//! declarations and content), municipalities and their own files.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compose::templates::TemplateSet;
use crate::diagnostics::{Diagnostic, display_path};
use crate::load::content::{self, Content, LanguageText};
use crate::load::declaration::{self, Declaration};
pub use crate::load::local::{
    GuideContent, Loadable, LocalFiles, Locals, SCREENSHOT_EXTENSIONS, ScreenshotFile,
};
use crate::load::local::{folders, local_files};
use crate::load::municipality::{self, Known};
use crate::load::needs::{self, FormsUsed};
use crate::load::translations;

/// The reference language: listed first, and the default of a municipality without `languages`.
pub const DEFAULT_LANG: &str = "fi";

/// The folder under `content/` that holds one file per language (and the shared steps),
/// not a guide.
pub use crate::load::shared::LANGUAGES_DIR;

/// A guide as it loads: its declaration and its content in each of its languages.
pub struct Guide {
    pub decl: Declaration,
    pub content: BTreeMap<String, Content>,
}

/// One municipality file and what became of loading it.
pub struct Entry {
    pub slug: String,
    pub file: String,
    pub result: Result<Loadable, Vec<Diagnostic>>,
}

/// Everything loaded from a project.
pub struct Loaded {
    pub root: PathBuf,
    pub templates: TemplateSet,
    /// The words of each language, by code.
    pub languages: BTreeMap<String, LanguageText>,
    /// The declarations of the guides that loaded without errors, by id.
    pub guides: BTreeMap<String, Declaration>,
    /// The content of those guides, by id and language.
    pub contents: BTreeMap<String, GuideContent>,
    /// Guides with errors: not built, while every other guide is.
    pub broken_guides: BTreeSet<String>,
    /// The forms each guide's text uses in each language.
    pub forms: FormsUsed,
    /// Every language with a file (also one with errors), the reference first.
    pub codes: Vec<String>,
    pub entries: Vec<Entry>,
    /// Problems that stop every build (language files, the content folder).
    pub problems: Vec<Diagnostic>,
    /// Problems of single guides; only those guides are left out.
    pub guide_problems: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Loaded {
    /// What a municipality file is checked against.
    pub fn known(&self) -> Known<'_> {
        Known {
            langs: &self.codes,
            guides: &self.guides,
            broken: &self.broken_guides,
            forms: &self.forms,
        }
    }

    /// Every error of the project outside the municipality files.
    pub fn all_problems(&self) -> Vec<Diagnostic> {
        let mut all = self.problems.clone();
        all.extend(self.guide_problems.iter().cloned());
        all
    }
}

/// Loads the project at `root`; `only` limits the municipalities to those slugs.
pub fn load(root: &Path, only: Option<&[String]>) -> Loaded {
    let mut templates = TemplateSet::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let (languages, langs) = load_languages(root, &mut templates, &mut problems);
    let mut guide_problems = Vec::new();
    let (loaded_guides, broken_guides) =
        load_guides(root, &langs, &mut templates, &mut guide_problems);
    let mut guides = BTreeMap::new();
    let mut contents = BTreeMap::new();
    for (id, guide) in loaded_guides {
        guides.insert(id.clone(), guide.decl);
        contents.insert(id, guide.content);
    }
    let forms = needs::used(&templates, &languages, &guides, &contents);
    let known = Known {
        langs: &langs,
        guides: &guides,
        broken: &broken_guides,
        forms: &forms,
    };
    let mut entries = Vec::new();
    match municipality_files(root) {
        Ok(files) => {
            problems.extend(unknown_slugs(only, &files));
            for path in files {
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                if only.is_some_and(|o| !o.contains(&stem)) {
                    continue;
                }
                entries.push(load_entry(
                    root,
                    &path,
                    stem,
                    known,
                    &contents,
                    &mut templates,
                    &mut warnings,
                ));
            }
        }
        Err(e) => problems.push(
            Diagnostic::error(
                "municipalities",
                format!("cannot read the municipalities folder: {e}"),
            )
            .hint("run opas in the project folder, or give it with --project"),
        ),
    }
    Loaded {
        root: root.to_path_buf(),
        templates,
        languages,
        guides,
        contents,
        broken_guides,
        forms,
        codes: langs,
        entries,
        problems,
        guide_problems,
        warnings,
    }
}

/// Loads one municipality file and its own files.
fn load_entry(
    root: &Path,
    path: &Path,
    slug: String,
    known: Known<'_>,
    contents: &BTreeMap<String, GuideContent>,
    templates: &mut TemplateSet,
    warnings: &mut Vec<Diagnostic>,
) -> Entry {
    let shown = display_path(path, root);
    let result = precheck(path, &shown, &slug).and_then(|()| {
        municipality::load(root, path, &shown, known)
            .and_then(|m| local_files(root, m, known.guides, contents, templates, warnings))
    });
    Entry {
        slug,
        file: shown,
        result,
    }
}

/// The municipality `slug` from `text` in memory, loaded as its file
/// `municipalities/<slug>.toml` would be (its own files read from the project): what the
/// edit form checks before anything is written.
pub fn entry_from_text(loaded: &mut Loaded, slug: &str, text: &str) -> Entry {
    let shown = format!("municipalities/{slug}.toml");
    let known = Known {
        langs: &loaded.codes,
        guides: &loaded.guides,
        broken: &loaded.broken_guides,
        forms: &loaded.forms,
    };
    let mut warnings = Vec::new();
    let result = municipality::parse(slug, &shown, text, known).and_then(|m| {
        local_files(
            &loaded.root,
            m,
            known.guides,
            &loaded.contents,
            &mut loaded.templates,
            &mut warnings,
        )
    });
    Entry {
        slug: slug.to_string(),
        file: shown,
        result,
    }
}

/// The text of `municipalities/<slug>.toml`, read as a load reads it (capped, UTF-8, no
/// link out of the project); `slug` must be a municipality slug.
pub fn municipality_text(root: &Path, slug: &str) -> Result<String, Box<Diagnostic>> {
    let shown = format!("municipalities/{slug}.toml");
    if !municipality::is_slug(slug) {
        return Err(Box::new(Diagnostic::error(
            &shown,
            format!("`{slug}` is not a municipality slug"),
        )));
    }
    let path = root.join("municipalities").join(format!("{slug}.toml"));
    let bytes = municipality::read_limited(root, &path, &shown)?;
    municipality::decode(&bytes, &shown)
}

/// Loads the files of the municipalities `slugs` again, keeping the rest of what was
/// loaded (languages, guides, the other municipalities): what `opas serve` does when a
/// municipality's own files change. A slug whose file is gone is dropped.
pub fn reload_municipalities(loaded: &mut Loaded, slugs: &[String]) {
    let root = loaded.root.clone();
    let own = |file: &str, slug: &str| {
        file == format!("municipalities/{slug}.toml")
            || file.starts_with(&format!("municipalities/{slug}/"))
    };
    loaded
        .warnings
        .retain(|w| !slugs.iter().any(|s| own(&w.file, s)));
    let known = Known {
        langs: &loaded.codes,
        guides: &loaded.guides,
        broken: &loaded.broken_guides,
        forms: &loaded.forms,
    };
    let mut fresh = Vec::new();
    for slug in slugs {
        let path = root.join("municipalities").join(format!("{slug}.toml"));
        if path.is_file() {
            fresh.push(load_entry(
                &root,
                &path,
                slug.clone(),
                known,
                &loaded.contents,
                &mut loaded.templates,
                &mut loaded.warnings,
            ));
        }
    }
    loaded.entries.retain(|e| !slugs.contains(&e.slug));
    loaded.entries.extend(fresh);
    loaded.entries.sort_by(|a, b| a.file.cmp(&b.file));
}

/// An error for each slug of `--only` that names no municipality file.
fn unknown_slugs(only: Option<&[String]>, files: &[PathBuf]) -> Vec<Diagnostic> {
    let stems: Vec<&str> = files
        .iter()
        .filter_map(|f| f.file_stem()?.to_str())
        .collect();
    only.unwrap_or_default()
        .iter()
        .filter(|slug| !stems.contains(&slug.as_str()))
        .map(|slug| {
            let hint = match municipality::closest(slug, &stems) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "give file names without .toml from municipalities/: {}",
                    stems.join(", ")
                ),
            };
            Diagnostic::error(
                format!("municipalities/{slug}.toml"),
                format!("no municipality `{slug}`"),
            )
            .hint(hint)
        })
        .collect()
}

/// Loads `content/languages/<lang>.toml`; returns them and every language code with a
/// file (also one with errors: a municipality must not fall back to another language
/// because of a typo in the content), the reference first.
fn load_languages(
    root: &Path,
    templates: &mut TemplateSet,
    problems: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, LanguageText>, Vec<String>) {
    let dir = root.join("content").join(LANGUAGES_DIR);
    let mut codes: Vec<String> = Vec::new();
    let files = crate::load::files::entries(root, &dir).unwrap_or_default();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_language_code(&stem) {
            codes.push(stem);
        } else {
            problems.push(
                Diagnostic::error(
                    display_path(path, root),
                    format!("`{stem}` is not a language code"),
                )
                .hint("name a language file after the language's code in lower case, e.g. fi.toml, sv.toml or se.toml"),
            );
        }
    }
    codes.sort_by_key(|l| (l != DEFAULT_LANG, l.clone()));
    if codes.is_empty() {
        problems.push(
            Diagnostic::error(
                display_path(&dir, root),
                "the project has no language files",
            )
            .hint(format!(
                "add content/{LANGUAGES_DIR}/{DEFAULT_LANG}.toml with the words every guide in that language shares"
            )),
        );
    }
    let mut languages = BTreeMap::new();
    for code in &codes {
        let path = dir.join(format!("{code}.toml"));
        match content::load_language(root, &path, code, templates) {
            Ok(text) => {
                languages.insert(code.clone(), text);
            }
            Err(d) => problems.extend(d),
        }
    }
    (languages, codes)
}

/// Whether `code` is a language code opas takes as a file and folder name: two or three
/// lower-case letters, optionally a hyphen and a region or script of two to eight lower-case
/// letters or digits (`fi`, `sv`, `smn`, `pt-br`).
pub fn is_language_code(code: &str) -> bool {
    let (language, region) = code.split_once('-').unwrap_or((code, "ab"));
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && (2..=8).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Loads every guide folder of `content/`; a guide with errors is reported and left out.
fn load_guides(
    root: &Path,
    langs: &[String],
    templates: &mut TemplateSet,
    problems: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, Guide>, BTreeSet<String>) {
    let content_dir = root.join("content");
    let mut guides: BTreeMap<String, Guide> = BTreeMap::new();
    let mut broken = BTreeSet::new();
    let names = match folders(root, &content_dir) {
        Ok(names) => names,
        Err(e) => {
            problems.push(
                Diagnostic::error("content", format!("cannot read the content folder: {e}"))
                    .hint("run opas in the project folder, or give it with --project"),
            );
            return (guides, broken);
        }
    };
    for name in names.into_iter().filter(|n| n != LANGUAGES_DIR) {
        match load_guide(root, &content_dir.join(&name), langs, templates) {
            Ok(guide) => {
                let clash = guides.values().find(|g| {
                    g.decl.id == guide.decl.id || shared_path(&guide.decl, &g.decl).is_some()
                });
                if let Some(other) = clash {
                    problems.push(clash_error(&guide.decl, &other.decl));
                    broken.insert(guide.decl.id.clone());
                } else {
                    guides.insert(guide.decl.id.clone(), guide);
                }
            }
            Err((id, errors)) => {
                extend_once(problems, errors);
                broken.insert(id.unwrap_or(name));
            }
        }
    }
    if guides.is_empty() && broken.is_empty() {
        problems.push(
            Diagnostic::error("content", "the project has no guides").hint(
                "add a guide folder: content/<guide>/guide.toml and content/<guide>/<lang>/ with screens.toml and steps/",
            ),
        );
    }
    (guides, broken)
}

/// Adds `errors` to `problems`, leaving out those already there: a shared step with an
/// error of its own is loaded, and reported, for every guide that uses it.
fn extend_once(problems: &mut Vec<Diagnostic>, errors: Vec<Diagnostic>) {
    if errors.is_empty() {
        return;
    }
    let mut seen: std::collections::HashSet<String> =
        problems.iter().map(Diagnostic::render).collect();
    for d in errors {
        if seen.insert(d.render()) {
            problems.push(d);
        }
    }
}

/// The first of `decl`'s output folders that `other` uses too, with its place.
fn shared_path<'a>(decl: &'a Declaration, other: &Declaration) -> Option<(&'a str, Range<usize>)> {
    let theirs = other.paths();
    decl.paths()
        .into_iter()
        .find(|(p, _)| theirs.iter().any(|(q, _)| q == p))
}

/// Two guides with the same id or output path: the second is left out.
fn clash_error(decl: &Declaration, other: &Declaration) -> Diagnostic {
    let path = shared_path(decl, other);
    let (what, value) = match (&path, decl.id == other.id) {
        (Some((p, _)), false) => ("path", *p),
        _ => ("id", decl.id.as_str()),
    };
    let d = Diagnostic::error(
        &decl.file,
        format!(
            "the guide's {what} `{value}` is also that of {}",
            other.file
        ),
    )
    .hint("give each guide its own id and path: two guides must never write the same files");
    if let (Some((_, span)), "path") = (path, what) {
        d.at(&decl.source, span, "taken")
    } else {
        d
    }
}

/// Loads one guide folder: its declaration, then its content in each of its languages.
fn load_guide(
    root: &Path,
    dir: &Path,
    langs: &[String],
    templates: &mut TemplateSet,
) -> Result<Guide, (Option<String>, Vec<Diagnostic>)> {
    let file = dir.join("guide.toml");
    let shown = display_path(&file, root);
    if !file.exists() {
        let old = dir.join("steps").exists() || dir.join("screens.toml").exists();
        let hint = if old {
            format!(
                "a guide is now a folder with a declaration: move these files to content/<guide>/{}/ and write content/<guide>/guide.toml (README.md, \"Guides\")",
                dir.file_name().and_then(|n| n.to_str()).unwrap_or("fi")
            )
        } else {
            "write the guide's declaration here (README.md, \"Guides\"), or move the folder out of content/".to_string()
        };
        return Err((
            None,
            vec![Diagnostic::error(&shown, "the guide folder has no declaration").hint(hint)],
        ));
    }
    let bytes = municipality::read_limited(root, &file, &shown).map_err(|d| (None, vec![*d]))?;
    let text = municipality::decode(&bytes, &shown).map_err(|d| (None, vec![*d]))?;
    let source: Arc<str> = Arc::from(text.as_str());
    let decl = declaration::parse(&shown, &source, langs, templates).map_err(|d| (None, d))?;
    let mut problems = crate::load::template_check::texts(templates, &decl);
    let mut content = BTreeMap::new();
    for lang in &decl.languages {
        match content::load(root, &dir.join(lang), lang, &decl, templates) {
            Ok(c) => {
                content.insert(lang.clone(), c);
            }
            Err(d) => problems.extend(d),
        }
    }
    let guide_dir = display_path(dir, root);
    if let Some(reference) = decl.languages.first().and_then(|l| content.get(l)) {
        for other in content.values().filter(|c| c.lang != reference.lang) {
            problems.extend(translations::differences(&guide_dir, reference, other));
        }
    }
    if problems.is_empty() {
        Ok(Guide { decl, content })
    } else {
        Err((Some(decl.id), problems))
    }
}

/// The slugs of the municipality files, sorted.
pub fn municipality_slugs(root: &Path) -> Vec<String> {
    municipality_files(root)
        .unwrap_or_default()
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_string))
        .filter(|s| municipality::is_slug(s))
        .collect()
}

/// The `*.toml` files directly in `municipalities/` (any case of the extension), sorted.
fn municipality_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let files = crate::load::files::entries(root, &root.join("municipalities"))?
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        })
        .collect();
    Ok(files)
}

/// Refuses a municipality file named `*.TOML` or leading out of the project.
fn precheck(path: &Path, shown: &str, stem: &str) -> Result<(), Vec<Diagnostic>> {
    let ext = path.extension().unwrap_or_default().to_string_lossy();
    if ext != "toml" {
        // `pori.TOML` beside `pori.toml` would be a second guide with the same slug.
        return Err(vec![
            Diagnostic::error(shown, format!("the file name ends in `.{ext}`")).hint(format!(
                "rename it to `{}.toml`: opas reads `.toml` files only, in lower case",
                stem.to_lowercase()
            )),
        ]);
    }
    Ok(())
}

/// A copy of the repository's content, theme and municipalities, for the unit tests.
#[cfg(test)]
pub(crate) fn repository_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "themes", "municipalities"] {
        copy(&repo.join(folder), &dir.path().join(folder));
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        repository_copy()
    }

    fn name_of(loaded: &Loaded, slug: &str) -> Option<String> {
        let entry = loaded.entries.iter().find(|e| e.slug == slug)?;
        entry.result.as_ref().ok().map(|(m, _)| m.name.clone())
    }

    #[test]
    fn reloading_a_municipality_reads_its_file_again_and_keeps_the_rest() {
        let dir = project();
        let mut loaded = load(dir.path(), None);
        let slugs: Vec<String> = loaded.entries.iter().map(|e| e.slug.clone()).collect();
        assert_eq!(name_of(&loaded, "pori").as_deref(), Some("Pori"));
        let file = dir.path().join("municipalities/pori.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("\"Pori\"", "\"Björneborg\"", 1)).unwrap();
        std::fs::remove_file(dir.path().join("municipalities/heinola.toml")).unwrap();
        reload_municipalities(&mut loaded, &["pori".to_string(), "heinola".to_string()]);
        assert_eq!(name_of(&loaded, "pori").as_deref(), Some("Björneborg"));
        let now: Vec<String> = loaded.entries.iter().map(|e| e.slug.clone()).collect();
        let expected: Vec<String> = slugs.into_iter().filter(|s| s != "heinola").collect();
        assert_eq!(now, expected, "the others stay, in file order");
        assert_eq!(
            load(dir.path(), None)
                .entries
                .iter()
                .map(|e| e.slug.clone())
                .collect::<Vec<_>>(),
            now,
            "as a fresh load sees the project"
        );
    }
}
