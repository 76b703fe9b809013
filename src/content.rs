//! The shared guide text of one language: fixed strings, screens and ordered Markdown steps.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, display_path};
use crate::municipality::{MAX_FILE_BYTES, Variant, decode, read_limited};
use crate::screens::{self, ScreenDef};
use crate::templates::TemplateSet;

/// Everything in `content/<lang>/`, checked and compiled.
pub struct Content {
    pub lang: String,
    pub guide: GuideText,
    pub screens: BTreeMap<String, ScreenDef>,
    pub steps: Vec<Step>,
}

/// The guide's fixed texts (`guide.toml`); string values are Tera templates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideText {
    pub title: String,
    pub subtitle: String,
    /// The issuing body above the title, e.g. "{{ m.genitive }} {{ kind.nominative }}".
    pub issuer: String,
    /// The municipality named in full in the genitive, e.g. "Porin kaupungin".
    pub org_full: String,
    /// The guide's date as printed.
    pub date: String,
    /// When the login changed, from `month` (a name in `months`) and `year`.
    pub changed: String,
    /// Month names in the form `changed` needs (twelve, January first).
    pub months: Vec<String>,
    /// Month names for dates, available to `date` as `d.month_name` (optional).
    #[serde(default)]
    pub month_names: Vec<String>,
    /// Document label used when the municipality names none.
    pub default_label: String,
    pub service_named: String,
    pub service_generic: String,
    /// Between the label and the service name in the header.
    pub header_separator: String,
    /// File name of the PDF, e.g. "{{ m.slug }}-kayttajatunnusmuutos.pdf".
    pub pdf_file: String,
    /// The words for each kind of municipality (`kaupunki`, `kunta`), by form name:
    /// each language names the forms its templates use as `kind.<form>`.
    pub kinds: BTreeMap<String, BTreeMap<String, String>>,
    pub strings: crate::model::UiStrings,
}

/// One Markdown step of the guide.
#[derive(Debug, Clone)]
pub struct Step {
    /// File stem, e.g. `03-link-sent`; a municipality replaces the step with a file of that name.
    pub name: String,
    /// Name of the compiled template.
    pub template: String,
    /// Variants the step belongs to; empty = all.
    pub variants: Vec<Variant>,
    /// Whether the step is the contact block.
    pub contact: bool,
}

/// The front matter of a step between `+++` lines.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(default)]
    variants: Vec<Variant>,
    #[serde(default)]
    contact: bool,
}

/// Loads `dir` (= `content/<lang>`), adding its templates to `templates`.
pub fn load(
    root: &Path,
    dir: &Path,
    lang: &str,
    templates: &mut TemplateSet,
) -> Result<Content, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let guide = read_toml::<GuideText>(root, &dir.join("guide.toml"));
    let screens = screens::load(root, &dir.join("screens.toml"));
    let steps = load_steps(root, &dir.join("steps"), templates, &mut problems);
    let guide = guide.map_err(|d| problems.push(d)).ok();
    let screens = screens.map_err(|d| problems.extend(d)).ok();
    if let Some(guide) = &guide {
        check_guide(root, dir, lang, guide, templates, &mut problems);
    }
    match (guide, screens) {
        (Some(guide), Some(screens)) if problems.is_empty() => Ok(Content {
            lang: lang.to_string(),
            guide,
            screens,
            steps,
        }),
        _ => Err(problems),
    }
}

/// Compiles the string templates of guide.toml and checks the month list.
fn check_guide(
    root: &Path,
    dir: &Path,
    lang: &str,
    guide: &GuideText,
    templates: &mut TemplateSet,
    problems: &mut Vec<Diagnostic>,
) {
    let shown = display_path(&dir.join("guide.toml"), root);
    for key in ["kaupunki", "kunta"] {
        if !guide.kinds.contains_key(key) {
            problems.push(
                Diagnostic::error(&shown, format!("`[kinds.{key}]` is missing"))
                    .hint("give the words for both kinds of municipality: [kinds.kaupunki] and [kinds.kunta]"),
            );
        }
    }
    if !guide.month_names.is_empty() && guide.month_names.len() != 12 {
        problems.push(
            Diagnostic::error(
                &shown,
                format!(
                    "`month_names` has {} names, not 12",
                    guide.month_names.len()
                ),
            )
            .hint("list the twelve month names from January to December, or leave month_names out"),
        );
    }
    if guide.months.len() != 12 {
        problems.push(
            Diagnostic::error(
                &shown,
                format!("`months` has {} names, not 12", guide.months.len()),
            )
            .hint("list the twelve month names from January to December"),
        );
    }
    for (key, text) in guide.templates() {
        let name = guide_template_name(lang, key);
        if let Err(d) = templates.add(&name, &shown, text) {
            problems.push(*d);
        }
    }
}

impl GuideText {
    /// The string templates of the file, by key.
    pub fn templates(&self) -> [(&'static str, &str); 10] {
        [
            ("title", &self.title),
            ("subtitle", &self.subtitle),
            ("issuer", &self.issuer),
            ("org_full", &self.org_full),
            ("date", &self.date),
            ("changed", &self.changed),
            ("service_named", &self.service_named),
            ("service_generic", &self.service_generic),
            ("default_label", &self.default_label),
            ("pdf_file", &self.pdf_file),
        ]
    }
}

/// Name under which a guide.toml string is compiled.
pub fn guide_template_name(lang: &str, key: &str) -> String {
    format!("content/{lang}/guide.toml#{key}")
}

/// Reads a TOML file into `T`, with a located error.
pub fn read_toml<T: for<'de> Deserialize<'de>>(root: &Path, path: &Path) -> Result<T, Diagnostic> {
    let shown = display_path(path, root);
    let bytes = crate::files::read_in(root, path, MAX_FILE_BYTES as u64).map_err(|e| {
        Diagnostic::error(&shown, format!("cannot read the file: {e}"))
            .hint("the content folder needs guide.toml, screens.toml and steps/")
    })?;
    let text = decode(&bytes, &shown).map_err(|d| *d)?;
    let source: Arc<str> = Arc::from(text.as_str());
    toml::from_str(&text).map_err(|e| {
        Diagnostic::error(&shown, e.message().trim())
            .at(&source, e.span().unwrap_or(0..0), "here")
            .hint("fix the TOML at the marked place")
    })
}

/// Reads `steps/*.md` in file-name order.
fn load_steps(
    root: &Path,
    dir: &Path,
    templates: &mut TemplateSet,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Step> {
    let files = match markdown_files(dir) {
        Ok(files) => files,
        Err(e) => {
            problems.push(
                Diagnostic::error(
                    display_path(dir, root),
                    format!("cannot read the steps folder: {e}"),
                )
                .hint("create the folder with one Markdown file per step, e.g. 01-start.md"),
            );
            return Vec::new();
        }
    };
    let mut steps = Vec::new();
    for path in files {
        match load_step(root, &path, templates) {
            Ok(step) => steps.push(step),
            Err(d) => problems.push(*d),
        }
    }
    if steps.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(display_path(dir, root), "the guide has no steps")
                .hint("add Markdown files such as 01-start.md"),
        );
    }
    steps
}

/// The `.md` files of a folder, sorted by name.
pub fn markdown_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        // Not only regular files: a FIFO or a dangling link is reported when read, not skipped.
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.is_dir())
        .collect();
    files.sort();
    Ok(files)
}

fn load_step(
    root: &Path,
    path: &Path,
    templates: &mut TemplateSet,
) -> Result<Step, Box<Diagnostic>> {
    let shown = display_path(path, root);
    if let Some(problem) = crate::project::outside_project(root, path, &shown) {
        return Err(Box::new(problem));
    }
    let (front, body) = read_markdown(path, &shown)?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    templates.add(&shown, &shown, &body)?;
    Ok(Step {
        name,
        template: shown,
        variants: front.variants,
        contact: front.contact,
    })
}

/// Reads a Markdown file and splits off its front matter. The body keeps the
/// front matter's lines as blank lines, so line numbers stay those of the file.
fn read_markdown(path: &Path, shown: &str) -> Result<(FrontMatter, String), Box<Diagnostic>> {
    let bytes = read_limited(path, shown)?;
    let text = decode(&bytes, shown)?;
    let Some(rest) = text.strip_prefix("+++\n") else {
        return Ok((FrontMatter::default(), text));
    };
    let Some(end) = rest.find("\n+++") else {
        let source: Arc<str> = Arc::from(text.as_str());
        return Err(Box::new(
            Diagnostic::error(shown, "the front matter is not closed")
                .at(&source, 0..3, "opened here")
                .hint("end the front matter with a line of +++"),
        ));
    };
    let front_text = &rest[..end];
    let front = toml::from_str::<FrontMatter>(front_text).map_err(|e| {
        let source: Arc<str> = Arc::from(text.as_str());
        let span = e.span().map_or(0..0, |s| s.start + 4..s.end + 4);
        Box::new(
            Diagnostic::error(shown, e.message().trim())
                .at(&source, span, "here")
                .hint("front matter may hold `variants = [\"reset\"]` and `contact = true`"),
        )
    })?;
    let after = &rest[end + 4..];
    let blank_lines = "\n".repeat(front_text.matches('\n').count() + 2);
    Ok((front, format!("{blank_lines}{after}")))
}

/// A municipality's own Markdown files: replaced steps and added notes, by step name.
#[derive(Debug, Default, Clone)]
pub struct LocalText {
    pub steps: BTreeMap<String, String>,
    pub notes: BTreeMap<String, String>,
}

/// Loads `municipalities/<slug>/<lang>/{steps,notes}/*.md` into `templates`.
pub fn load_local(
    root: &Path,
    dir: &Path,
    content: &Content,
    templates: &mut TemplateSet,
) -> Result<LocalText, Vec<Diagnostic>> {
    let mut local = LocalText::default();
    let mut problems = Vec::new();
    for (kind, map) in [("steps", &mut local.steps), ("notes", &mut local.notes)] {
        let Ok(files) = markdown_files(&dir.join(kind)) else {
            continue;
        };
        for path in files {
            let shown = display_path(&path, root);
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            if !content.steps.iter().any(|s| s.name == name) {
                let known: Vec<&str> = content.steps.iter().map(|s| s.name.as_str()).collect();
                let hint = match crate::municipality::closest(&name, &known) {
                    Some(best) => format!("did you mean `{best}.md`?"),
                    None => format!(
                        "name the file after a step of the guide: {}",
                        known.join(", ")
                    ),
                };
                problems.push(
                    Diagnostic::error(&shown, format!("there is no step `{name}`")).hint(hint),
                );
                continue;
            }
            if let Some(problem) = crate::project::outside_project(root, &path, &shown) {
                problems.push(problem);
                continue;
            }
            let added = read_markdown(&path, &shown)
                .and_then(|(_, body)| templates.add(&shown, &shown, &body));
            match added {
                Ok(()) => {
                    map.insert(name, shown);
                }
                Err(d) => problems.push(*d),
            }
        }
    }
    if problems.is_empty() {
        Ok(local)
    } else {
        Err(problems)
    }
}
