//! Finds the project folders and loads what is in them: content, municipalities, their files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, display_path};
use crate::guide::{LocalFiles, ScreenshotFile};
use crate::municipality::{self, Municipality};
use crate::screenshot;
use crate::templates::TemplateSet;

/// The language every guide is written in until a municipality lists others.
pub const DEFAULT_LANG: &str = "fi";

/// Screenshot file extensions, in the order they are preferred.
pub const SCREENSHOT_EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];

/// One municipality file and what became of loading it.
pub struct Entry {
    pub slug: String,
    pub file: String,
    pub result: Result<(Municipality, LocalFiles), Vec<Diagnostic>>,
}

/// Everything loaded from a project.
pub struct Loaded {
    pub root: PathBuf,
    pub templates: TemplateSet,
    pub content: Option<Content>,
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
    let content_dir = root.join("content").join(DEFAULT_LANG);
    let content = content::load(root, &content_dir, DEFAULT_LANG, &mut templates)
        .map_err(|d| problems.extend(d))
        .ok();
    let mut entries = Vec::new();
    match municipality_files(root) {
        Ok(files) => {
            if let Some(only) = only {
                for slug in only {
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
                entries.push(load_entry(
                    root,
                    &path,
                    &stem,
                    content.as_ref(),
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
        content,
        entries,
        problems,
        warnings,
    }
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

/// The `*.toml` files directly in `municipalities/`, sorted.
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

fn load_entry(
    root: &Path,
    path: &Path,
    stem: &str,
    content: Option<&Content>,
    templates: &mut TemplateSet,
    warnings: &mut Vec<Diagnostic>,
) -> Entry {
    let shown = display_path(path, root);
    let ext = path.extension().unwrap_or_default().to_string_lossy();
    if ext != "toml" {
        // `pori.TOML` beside `pori.toml` would be a second guide with the same slug.
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        return Entry {
            slug: name.to_string(),
            file: shown.clone(),
            result: Err(vec![
                Diagnostic::error(&shown, format!("the file name ends in `.{ext}`")).hint(format!(
                    "rename it to `{}.toml`: opas reads `.toml` files only, in lower case",
                    stem.to_lowercase()
                )),
            ]),
        };
    }
    if let Some(problem) = outside_project(root, path, &shown) {
        return Entry {
            slug: stem.to_string(),
            file: shown,
            result: Err(vec![problem]),
        };
    }
    let result = municipality::load(path, &shown).and_then(|m| {
        let Some(content) = content else {
            return Ok((m, LocalFiles::default()));
        };
        let dir = root.join("municipalities").join(&m.slug);
        let text = content::load_local(root, &dir.join(&content.lang), content, templates)?;
        let screenshots = screenshots(root, &dir.join("screenshots"), content, warnings)?;
        Ok((m, LocalFiles { text, screenshots }))
    });
    Entry {
        slug: stem.to_string(),
        file: shown,
        result,
    }
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
