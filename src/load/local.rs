//! A municipality's own files beside its TOML file: its steps, notes and screenshots for
//! each guide and language, read from `municipalities/<slug>/<guide>/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::compose::templates::TemplateSet;
use crate::diagnostics::{Diagnostic, display_path};
use crate::load::content::{self, Content, LocalText};
use crate::load::declaration::Declaration;
use crate::load::municipality::{self, Municipality};
use crate::load::screenshot;

/// Screenshot file extensions, in the order they are preferred.
pub const SCREENSHOT_EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];

/// A screenshot file of a municipality.
#[derive(Debug, Clone)]
pub struct ScreenshotFile {
    /// Path relative to the project root.
    pub source: String,
    /// File name in the output folder, e.g. `username.png`.
    pub file_name: String,
    /// The processed picture (scaled down, metadata stripped) to write as `file_name`.
    pub bytes: std::sync::Arc<[u8]>,
    pub width: u32,
    pub height: u32,
}

/// What a municipality brings besides its TOML file.
#[derive(Debug, Default, Clone)]
pub struct LocalFiles {
    pub text: LocalText,
    pub screenshots: BTreeMap<String, ScreenshotFile>,
    /// The folder this language's screenshots are read from, relative to the project
    /// root, e.g. `municipalities/kokkola/screenshots/sv`.
    pub screenshots_dir: String,
}

/// A guide's content in each of its languages, by code.
pub type GuideContent = BTreeMap<String, Content>;

/// A municipality's own files, by (guide id, language).
pub type Locals = BTreeMap<(String, String), LocalFiles>;

/// A municipality with its own files.
pub type Loadable = (Municipality, Locals);

/// The sub-folders of `dir`, sorted by name.
pub fn folders(root: &Path, dir: &Path) -> std::io::Result<Vec<String>> {
    let names = crate::load::files::entries(root, dir)?
        .into_iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()))
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .collect();
    Ok(names)
}

/// The municipality's own steps, notes and screenshots for each guide and language.
pub fn local_files(
    root: &Path,
    mut m: Municipality,
    decls: &BTreeMap<String, Declaration>,
    contents: &BTreeMap<String, GuideContent>,
    templates: &mut TemplateSet,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Loadable, Vec<Diagnostic>> {
    warnings.append(&mut m.warnings);
    let dir = root.join("municipalities").join(&m.slug);
    let mut local = BTreeMap::new();
    let mut problems = unknown_folders(root, &dir, contents, &m.skipped);
    let mut shot_bytes = 0;
    for table in &m.guides {
        let (Some(guide), Some(decl)) = (contents.get(&table.guide), decls.get(&table.guide))
        else {
            continue;
        };
        let guide_dir = dir.join(&table.guide);
        let mut files = BTreeMap::new();
        for (i, lang) in table.languages.iter().enumerate() {
            let Some(content) = guide.get(lang) else {
                continue;
            };
            let shots_dir = if i == 0 {
                guide_dir.join("screenshots")
            } else {
                guide_dir.join("screenshots").join(lang)
            };
            let text = content::load_local(root, &guide_dir.join(lang), content, decl, templates);
            let shots = screenshots(root, &shots_dir, content, warnings, &mut shot_bytes);
            match (text, shots) {
                (Ok(text), Ok(screenshots)) => {
                    let screenshots_dir = display_path(&shots_dir, root);
                    files.insert(
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
        problems.extend(untranslated_notes(root, &guide_dir, &files));
        for (lang, f) in files {
            local.insert((table.guide.clone(), lang), f);
        }
    }
    if problems.is_empty() {
        Ok((m, local))
    } else {
        Err(problems)
    }
}

/// A folder in `municipalities/<slug>/` that is no guide's: its files would be ignored.
fn unknown_folders(
    root: &Path,
    dir: &Path,
    guides: &BTreeMap<String, GuideContent>,
    skipped: &[String],
) -> Vec<Diagnostic> {
    let ids: Vec<&str> = guides.keys().map(String::as_str).collect();
    folders(root, dir)
        .unwrap_or_default()
        .into_iter()
        // A guide with errors of its own is reported there, not as an unknown folder.
        .filter(|name| !guides.contains_key(name) && !skipped.contains(name))
        .map(|name| {
            let shown = display_path(&dir.join(&name), root);
            let hint = match municipality::closest(&name, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "a municipality's own files go in {}/<guide>/ (<lang>/steps, <lang>/notes, screenshots); the guides are: {}",
                    display_path(dir, root),
                    ids.join(", ")
                ),
            };
            Diagnostic::error(shown, format!("`{name}` is not a guide")).hint(hint)
        })
        .collect()
}

/// A note the municipality wrote in one of its languages but not in another.
fn untranslated_notes(
    root: &Path,
    guide_dir: &Path,
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
                let expected = guide_dir
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
    total: &mut u64,
) -> Result<BTreeMap<String, ScreenshotFile>, Vec<Diagnostic>> {
    let mut found = BTreeMap::new();
    let mut paths = match crate::load::files::entries(root, dir) {
        Ok(paths) => paths,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => {
            return Err(vec![
                Diagnostic::error(
                    display_path(dir, root),
                    format!("cannot read the screenshots folder: {e}"),
                )
                .hint("keep the screenshots as PNG or JPEG files in this folder"),
            ]);
        }
    };
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
        if !crate::load::files::inside(root, &path) {
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
        *total += std::fs::metadata(&path).map_or(0, |m| m.len());
        if *total > crate::load::files::MAX_SCREENSHOTS_TOTAL {
            problems.push(
                Diagnostic::error(
                    &shown,
                    format!(
                        "the municipality's screenshots add up to more than {} MB",
                        crate::load::files::MAX_SCREENSHOTS_TOTAL / (1024 * 1024)
                    ),
                )
                .hint("save the screenshots smaller (a screen at its own size as PNG is well under 1 MB)"),
            );
            break;
        }
        match screenshot::process(root, &path, &shown) {
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
