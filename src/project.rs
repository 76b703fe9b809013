//! Finds the project folders and loads what is in them: content, municipalities, their files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, display_path};
use crate::guide::{LocalFiles, ScreenshotFile};
use crate::municipality::{self, Municipality};
use crate::screenshot;
use crate::templates::TemplateSet;

/// The reference language: every other language must have the same steps and screens.
pub const DEFAULT_LANG: &str = "fi";

/// Screenshot file extensions, in the order they are preferred.
pub const SCREENSHOT_EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];

/// A municipality with its own files, per language.
pub type Loadable = (Municipality, BTreeMap<String, LocalFiles>);

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
    /// The content of each language, by language code.
    pub content: BTreeMap<String, Content>,
    pub entries: Vec<Entry>,
    /// Problems outside any one municipality (content, theme): nothing can be built.
    pub problems: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Loads the project at `root`; `only` limits the municipalities to those slugs.
pub fn load(root: &Path, only: Option<&[String]>) -> Loaded {
    let mut templates = TemplateSet::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    // Every language folder counts, also one whose content has errors: a municipality
    // must not fall back to another language because of a typo in the content.
    let (content, langs) = load_content(root, &mut templates, &mut problems);
    let mut entries = Vec::new();
    match municipality_files(root) {
        Ok(files) => {
            for slug in only.unwrap_or_default() {
                if !files
                    .iter()
                    .any(|f| f.file_stem().is_some_and(|s| s == slug.as_str()))
                {
                    let stems: Vec<&str> = files
                        .iter()
                        .filter_map(|f| f.file_stem()?.to_str())
                        .collect();
                    let hint = match municipality::closest(slug, &stems) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "give file names without .toml from municipalities/: {}",
                            stems.join(", ")
                        ),
                    };
                    problems.push(
                        Diagnostic::error(
                            format!("municipalities/{slug}.toml"),
                            format!("no municipality `{slug}`"),
                        )
                        .hint(hint),
                    );
                }
            }
            for path in files {
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                if only.is_some_and(|o| !o.contains(&stem)) {
                    continue;
                }
                let shown = display_path(&path, root);
                let result = precheck(root, &path, &shown, &stem).and_then(|()| {
                    municipality::load(&path, &shown, &langs)
                        .and_then(|m| local_files(root, m, &content, &mut templates, &mut warnings))
                });
                entries.push(Entry {
                    slug: stem,
                    file: shown,
                    result,
                });
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
        content,
        entries,
        problems,
        warnings,
    }
}

/// Loads every `content/<lang>/` folder and checks that each has the reference's steps and screens.
/// Returns the content that loaded and every language folder, the reference first.
fn load_content(
    root: &Path,
    templates: &mut TemplateSet,
    problems: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, Content>, Vec<String>) {
    let mut content = BTreeMap::new();
    let dir = root.join("content");
    let mut langs: Vec<String> = std::fs::read_dir(&dir)
        .map(|read| {
            read.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    langs.sort_by_key(|l| (l != DEFAULT_LANG, l.clone()));
    if langs.first().map(String::as_str) != Some(DEFAULT_LANG) {
        problems.push(
            Diagnostic::error(
                format!("content/{DEFAULT_LANG}"),
                "the reference content is missing",
            )
            .hint(format!(
                "the guide needs content/{DEFAULT_LANG}/ with guide.toml, screens.toml and steps/"
            )),
        );
    }
    for lang in &langs {
        match content::load(root, &dir.join(lang), lang, templates) {
            Ok(c) => {
                content.insert(lang.clone(), c);
            }
            Err(d) => problems.extend(d),
        }
    }
    if let Some(reference) = content.get(DEFAULT_LANG) {
        for other in content.values().filter(|c| c.lang != DEFAULT_LANG) {
            problems.extend(missing_translations(reference, other));
        }
    }
    (content, langs)
}

/// Steps and screens of `reference` that `other` lacks, or has without a counterpart.
fn missing_translations(reference: &Content, other: &Content) -> Vec<Diagnostic> {
    let (r, o) = (&reference.lang, &other.lang);
    let mut problems = Vec::new();
    let names = |c: &Content| c.steps.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    let (ref_steps, other_steps) = (names(reference), names(other));
    for step in ref_steps.iter().filter(|s| !other_steps.contains(s)) {
        problems.push(
            Diagnostic::error(
                format!("content/{o}/steps/{step}.md"),
                format!("the step `{step}` is not translated into `{o}`"),
            )
            .hint(format!(
                "translate content/{r}/steps/{step}.md into content/{o}/steps/{step}.md"
            )),
        );
    }
    for step in other_steps.iter().filter(|s| !ref_steps.contains(s)) {
        problems.push(
            Diagnostic::error(
                format!("content/{o}/steps/{step}.md"),
                format!("the step `{step}` does not exist in `{r}`"),
            )
            .hint(format!(
                "name the file after a step of content/{r}/steps/, or add the step there too"
            )),
        );
    }
    for id in reference
        .screens
        .keys()
        .filter(|id| !other.screens.contains_key(*id))
    {
        problems.push(
            Diagnostic::error(
                format!("content/{o}/screens.toml"),
                format!("the screen `{id}` is not translated into `{o}`"),
            )
            .hint(format!(
                "copy [{id}] from content/{r}/screens.toml and translate its texts"
            )),
        );
    }
    problems
}

/// An error when `path` (shown as `shown`) leads, through a symbolic link, out of the
/// project folder `root`: its text would be printed in messages and copied into guides.
pub fn outside_project(root: &Path, path: &Path, shown: &str) -> Option<Diagnostic> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let inside = path
        .canonicalize()
        .is_ok_and(|p| p.starts_with(&canonical_root));
    (!inside).then(|| {
        Diagnostic::error(shown, "the file points outside the project folder")
            .hint("copy the file into the project instead of linking to it")
    })
}

/// The `*.toml` files directly in `municipalities/` (any case of the extension), sorted.
fn municipality_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("municipalities"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Refuses a municipality file named `*.TOML` or leading out of the project.
fn precheck(root: &Path, path: &Path, shown: &str, stem: &str) -> Result<(), Vec<Diagnostic>> {
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
    match outside_project(root, path, shown) {
        Some(problem) => Err(vec![problem]),
        None => Ok(()),
    }
}

/// The municipality's own steps, notes and screenshots for each of its languages.
fn local_files(
    root: &Path,
    m: Municipality,
    content: &BTreeMap<String, Content>,
    templates: &mut TemplateSet,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Loadable, Vec<Diagnostic>> {
    let dir = root.join("municipalities").join(&m.slug);
    let mut local = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, lang) in m.languages.iter().enumerate() {
        let Some(content) = content.get(lang) else {
            continue;
        };
        let shots_dir = if i == 0 {
            dir.join("screenshots")
        } else {
            dir.join("screenshots").join(lang)
        };
        let text = content::load_local(root, &dir.join(lang), content, templates);
        let shots = screenshots(root, &shots_dir, content, warnings);
        match (text, shots) {
            (Ok(text), Ok(screenshots)) => {
                let screenshots_dir = display_path(&shots_dir, root);
                local.insert(
                    lang.clone(),
                    LocalFiles {
                        text,
                        screenshots,
                        screenshots_dir,
                    },
                );
            }
            (text, shots) => {
                problems.extend(text.err().unwrap_or_default());
                problems.extend(shots.err().unwrap_or_default());
            }
        }
    }
    problems.extend(untranslated_notes(root, &m, &local));
    if problems.is_empty() {
        Ok((m, local))
    } else {
        Err(problems)
    }
}

/// A note the municipality wrote in one of its languages but not in another.
fn untranslated_notes(
    root: &Path,
    m: &Municipality,
    local: &BTreeMap<String, LocalFiles>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (lang, files) in local {
        for (other, other_files) in local.iter().filter(|(l, _)| *l != lang) {
            for (step, file) in files
                .text
                .notes
                .iter()
                .filter(|(s, _)| !other_files.text.notes.contains_key(*s))
            {
                let expected = root
                    .join("municipalities")
                    .join(&m.slug)
                    .join(other)
                    .join("notes")
                    .join(format!("{step}.md"));
                problems.push(
                    Diagnostic::error(file.as_str(), format!("the note has no `{other}` version"))
                        .hint(format!(
                            "translate it into {}",
                            display_path(&expected, root)
                        )),
                );
            }
        }
    }
    problems
}

/// The municipality's screenshots by figure id; files no figure uses are warned about.
fn screenshots(
    root: &Path,
    dir: &Path,
    content: &Content,
    warnings: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<String, ScreenshotFile>, Vec<Diagnostic>> {
    let mut found = BTreeMap::new();
    let Ok(read) = std::fs::read_dir(dir) else {
        return Ok(found);
    };
    let mut paths: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
    // By figure, then in the order of SCREENSHOT_EXTENSIONS: username.png before username.jpg.
    paths.sort_by_key(|p| {
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let rank = SCREENSHOT_EXTENSIONS
            .iter()
            .position(|e| *e == ext)
            .unwrap_or(SCREENSHOT_EXTENSIONS.len());
        (p.file_stem().map(|s| s.to_os_string()), rank, p.clone())
    });
    let mut problems = Vec::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for path in paths {
        let shown = display_path(&path, root);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if !SCREENSHOT_EXTENSIONS.contains(&ext.as_str()) {
            continue;
        }
        if !path
            .canonicalize()
            .is_ok_and(|p| p.starts_with(&canonical_root))
        {
            problems.push(
                Diagnostic::error(&shown, "the screenshot points outside the project folder")
                    .hint("copy the image into the screenshots folder instead of linking to it"),
            );
            continue;
        }
        if !path.is_file() {
            warnings.push(
                Diagnostic::warning(&shown, "the screenshot is not a regular file").hint(
                    "put the PNG or JPEG image itself here; the guide shows the mock-up until then",
                ),
            );
            continue;
        }
        if !content.screens.contains_key(&id) {
            let known: Vec<&str> = content.screens.keys().map(String::as_str).collect();
            let hint = match municipality::closest(&id, &known) {
                Some(best) => format!("did you mean `{best}.{ext}`?"),
                None => format!("name it after a figure: {}", known.join(", ")),
            };
            warnings.push(Diagnostic::warning(&shown, "no figure uses this screenshot").hint(hint));
            continue;
        }
        if let Some(used) = found.get(&id) {
            warnings.push(
                Diagnostic::warning(
                    &shown,
                    format!("not used: {} shows this figure", used.source),
                )
                .hint("keep one screenshot per figure; remove the other file"),
            );
            continue;
        }
        match screenshot::process(&path, &shown) {
            Ok(image) => {
                found.insert(
                    id.clone(),
                    ScreenshotFile {
                        source: shown,
                        file_name: format!("{id}.{}", image.extension),
                        bytes: image.bytes,
                        width: image.width,
                        height: image.height,
                    },
                );
            }
            Err(warning) => warnings.push(*warning),
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}
