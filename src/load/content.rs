//! Content: the words each language shares (`content/languages/<lang>.toml`, with its
//! hyphenation exceptions `<lang>.hyphenation.txt`) and each
//! guide's screens and ordered Markdown steps per language (`content/<guide>/<lang>/`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::compose::templates::{TemplateSet, Within};
use crate::diagnostics::{Diagnostic, display_path};
use crate::load::declaration::Declaration;
use crate::load::params::{Condition, check_condition};
use crate::load::screens::{self, ScreenDef};
use crate::load::template_check::{self, Shown};
use crate::load::toml_file;
use crate::load::toml_file::read_toml_source;
use crate::load::values::{decode, read_limited};

/// A guide's screens and steps in one language (`content/<guide>/<lang>/`).
pub struct Content {
    pub lang: String,
    /// The folder as shown in messages, e.g. `content/kayttajatunnusmuutos/fi`.
    pub dir: String,
    pub screens: BTreeMap<String, ScreenDef>,
    pub steps: Vec<Step>,
}

/// The words every guide of a language shares (`content/languages/<lang>.toml`);
/// string values are Tera templates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageText {
    /// The issuing body above the title, e.g. "{{ m.genitive }} {{ kind.nominative }}".
    pub issuer: String,
    /// The municipality named in full in the genitive, e.g. "Porin kaupungin".
    pub org_full: String,
    /// The guide's date as printed.
    pub date: String,
    /// A year-month parameter as printed, from `month` (a name in `months`) and `year`.
    pub year_month: String,
    /// Month names in the form `year_month` needs (twelve, January first).
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
    /// The words for each kind of municipality (`kaupunki`, `kunta`), by form name:
    /// each language names the forms its templates use as `kind.<form>`.
    pub kinds: BTreeMap<String, BTreeMap<String, String>>,
    pub strings: crate::compose::model::UiStrings,
    /// Quotation marks and units of the typography pass (`[typography]`).
    #[serde(default)]
    pub typography: crate::compose::typography::Conventions,
    /// The exceptions of `<lang>.hyphenation.txt` beside the file, read with it.
    #[serde(skip)]
    pub hyphenation: Vec<crate::compose::model::HyphenException>,
}

/// One Markdown step of the guide.
#[derive(Debug, Clone)]
pub struct Step {
    /// File stem, e.g. `03-link-sent`; a municipality replaces the step with a file of that name.
    pub name: String,
    /// Name of the compiled template.
    pub template: String,
    /// When the step appears, by the guide's parameters; empty = always.
    pub when: Condition,
    /// Whether the step is the contact block.
    pub contact: bool,
    /// Where the step's front matter says so, for comparing translations.
    pub front: FrontPlace,
}

/// The places in a step file of its front matter and of its `when` and `contact`.
#[derive(Debug, Clone)]
pub struct FrontPlace {
    pub source: Arc<str>,
    /// The opening `+++`, or the file's first line when there is no front matter.
    pub start: Range<usize>,
    /// Whether the file has a front matter.
    pub present: bool,
    pub when: Option<Range<usize>>,
    pub contact: Option<Range<usize>>,
}

/// The front matter of a step between `+++` lines.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(default)]
    when: Option<Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>,
    #[serde(default)]
    contact: Option<Spanned<bool>>,
}

/// Loads `content/languages/<lang>.toml`, adding its templates to `templates`.
pub fn load_language(
    root: &Path,
    path: &Path,
    lang: &str,
    templates: &mut TemplateSet,
) -> Result<LanguageText, Vec<Diagnostic>> {
    let (mut text, source) = read_toml_source::<LanguageText>(root, path).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    check_language(root, path, lang, (&text, &source), templates, &mut problems);
    let exceptions = path.parent().map_or(Ok(Vec::new()), |dir| {
        crate::load::hyphenation::load(root, &crate::load::hyphenation::exceptions_path(dir, lang))
    });
    match exceptions {
        Ok(e) => text.hyphenation = e,
        Err(d) => problems.extend(d),
    }
    if problems.is_empty() {
        Ok(text)
    } else {
        Err(problems)
    }
}

/// Loads `dir` (= `content/<guide>/<lang>`) of the guide `decl`, adding its templates
/// to `templates`; step conditions are checked against the guide's parameters.
pub fn load(
    root: &Path,
    dir: &Path,
    lang: &str,
    decl: &Declaration,
    templates: &mut TemplateSet,
) -> Result<Content, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let screens = screens::load(root, &dir.join("screens.toml"), decl, templates);
    let steps_dir = dir.join("steps");
    let mut steps = load_steps(root, &steps_dir, decl, templates, &mut problems);
    add_shared(root, lang, decl, templates, &mut steps, &mut problems);
    if steps.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(display_path(&steps_dir, root), "the guide has no steps")
                .hint("add Markdown files such as 01-start.md, or name shared steps in guide.toml (shared = [\"help\", \"contact\"])"),
        );
    }
    let screens = screens.map_err(|d| problems.extend(d)).ok();
    if let Some(screens) = &screens {
        let shown = display_path(&dir.join("screens.toml"), root);
        problems.extend(screen_guards(templates, decl, &shown, screens, &steps));
    }
    match screens {
        Some(screens) if problems.is_empty() => Ok(Content {
            lang: lang.to_string(),
            dir: display_path(dir, root),
            screens,
            steps,
        }),
        _ => Err(problems),
    }
}

/// Compiles the string templates of a language file and checks its month lists.
fn check_language(
    root: &Path,
    path: &Path,
    lang: &str,
    (guide, source): (&LanguageText, &Arc<str>),
    templates: &mut TemplateSet,
    problems: &mut Vec<Diagnostic>,
) {
    let shown = display_path(path, root);
    // The same text read again with each value's place, so that a template error
    // points at its line in the file rather than in the value.
    let spans: BTreeMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(source).unwrap_or_default();
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
        let name = language_template_name(lang, key);
        let within = spans.get(key).map(|value| Within {
            file: Arc::clone(source),
            span: value.span(),
        });
        if let Err(d) = templates.add_within(&name, &shown, text, within) {
            problems.push(*d);
        }
    }
}

impl LanguageText {
    /// The string templates of the file, by key.
    pub fn templates(&self) -> [(&'static str, &str); 7] {
        [
            ("issuer", &self.issuer),
            ("org_full", &self.org_full),
            ("date", &self.date),
            ("year_month", &self.year_month),
            ("service_named", &self.service_named),
            ("service_generic", &self.service_generic),
            ("default_label", &self.default_label),
        ]
    }
}

/// Name under which a string of a language file is compiled.
pub fn language_template_name(lang: &str, key: &str) -> String {
    format!("content/languages/{lang}.toml#{key}")
}

/// The optional parameters each screen's texts need where a step that shows the screen
/// (by `screen:<id>` in its text) does not make sure they are given.
fn screen_guards(
    templates: &TemplateSet,
    decl: &Declaration,
    shown: &str,
    screens: &BTreeMap<String, ScreenDef>,
    steps: &[Step],
) -> Vec<Diagnostic> {
    let texts: Vec<(Arc<str>, &Condition)> = steps
        .iter()
        .filter_map(|s| Some((templates.text(&s.template)?, &s.when)))
        .collect();
    let mut problems = Vec::new();
    for (id, screen) in screens {
        let reference = format!("({}{id})", crate::compose::markdown::SCREEN_SCHEME);
        let shown_by: Vec<&Condition> = texts
            .iter()
            .filter(|(text, _)| text.contains(&reference))
            .map(|(_, when)| *when)
            .collect();
        if shown_by.is_empty() {
            continue;
        }
        for name in screen.template_names() {
            problems.extend(template_check::screen_guards(
                templates, name, shown, decl, &shown_by,
            ));
        }
    }
    problems
}

/// Reads `steps/*.md` in file-name order.
fn load_steps(
    root: &Path,
    dir: &Path,
    decl: &Declaration,
    templates: &mut TemplateSet,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Step> {
    let files = match markdown_files(root, dir) {
        Ok(files) => files,
        // A guide may be made of shared steps only; one with no steps at all is reported.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
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
        match load_step(root, &path, decl, templates, Origin::Own) {
            Ok(step) => steps.push(step),
            Err(d) => problems.extend(d),
        }
    }
    steps
}

/// Adds the shared steps `decl` uses in `lang` that none of `steps` (the guide's own)
/// replaces, each checked against the guide's declaration, and keeps file-name order.
fn add_shared(
    root: &Path,
    lang: &str,
    decl: &Declaration,
    templates: &mut TemplateSet,
    steps: &mut Vec<Step>,
    problems: &mut Vec<Diagnostic>,
) {
    let own: Vec<&str> = steps.iter().map(|s| s.name.as_str()).collect();
    let (paths, unknown) = crate::load::shared::resolve(root, lang, decl, &own);
    problems.extend(unknown);
    for path in paths {
        match load_step(root, &path, decl, templates, Origin::Shared) {
            Ok(step) => steps.push(step),
            Err(d) => problems.extend(d),
        }
    }
    // As `markdown_files` orders the guide's own: by file name.
    steps.sort_by_cached_key(|s| format!("{}.md", s.name));
}

/// The `.md` files of a project folder, sorted by name.
pub fn markdown_files(root: &Path, dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let files = crate::load::files::entries(root, dir)?
        .into_iter()
        // Not only regular files: a FIFO or a dangling link is reported when read, not skipped.
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.is_dir())
        .collect();
    Ok(files)
}

/// Whether a step is the guide's own or a shared one (`content/languages/<lang>/steps/`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Own,
    Shared,
}

impl Origin {
    /// A problem that depends on the guide: for a shared step, naming the guide.
    fn for_guide(self, d: Diagnostic, decl: &Declaration) -> Diagnostic {
        if self == Origin::Own {
            return d;
        }
        let mut d = d;
        d.message = format!(
            "{} (the guide `{}` uses this shared step)",
            d.message, decl.id
        );
        d
    }
}

fn load_step(
    root: &Path,
    path: &Path,
    decl: &Declaration,
    templates: &mut TemplateSet,
    origin: Origin,
) -> Result<Step, Vec<Diagnostic>> {
    let shown = display_path(path, root);
    let (front, body) = read_markdown(root, path, &shown).map_err(|d| vec![*d])?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let empty = BTreeMap::new();
    let when_map = front.matter.when.as_ref().map_or(&empty, |w| w.get_ref());
    let when = check_condition(&decl.params, when_map).map_err(|problems| {
        let source = front.source.clone();
        problems
            .into_iter()
            .map(|p| {
                let span = p.span.start + FRONT_OFFSET..p.span.end + FRONT_OFFSET;
                let d = Diagnostic::error(&shown, p.message)
                    .at(&source, span, p.label)
                    .hint(p.hint);
                origin.for_guide(d, decl)
            })
            .collect::<Vec<_>>()
    })?;
    templates.add(&shown, &shown, &body).map_err(|d| vec![*d])?;
    let problems = template_check::check(templates, &shown, &shown, decl, Shown::When(&when));
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|d| origin.for_guide(d, decl))
            .collect());
    }
    Ok(Step {
        name,
        template: shown,
        when,
        contact: front.matter.contact.as_ref().is_some_and(|c| *c.get_ref()),
        front: front.place(),
    })
}

/// Where the front matter's text starts in a step file: after `+++` and its line break.
const FRONT_OFFSET: usize = 4;

/// The front matter of a step with the file's text, for locating its problems.
struct Front {
    matter: FrontMatter,
    source: Arc<str>,
    present: bool,
}

impl Front {
    /// Where the front matter and its keys are in the file.
    fn place(&self) -> FrontPlace {
        let shift = |span: Range<usize>| span.start + FRONT_OFFSET..span.end + FRONT_OFFSET;
        let first_line = self.source.find('\n').unwrap_or(self.source.len());
        FrontPlace {
            source: Arc::clone(&self.source),
            start: 0..if self.present { 3 } else { first_line },
            present: self.present,
            when: self.matter.when.as_ref().map(|w| shift(w.span())),
            contact: self.matter.contact.as_ref().map(|c| shift(c.span())),
        }
    }
}

/// Reads a Markdown file and splits off its front matter. The body keeps the
/// front matter's lines as blank lines, so line numbers stay those of the file.
fn read_markdown(
    root: &Path,
    path: &Path,
    shown: &str,
) -> Result<(Front, String), Box<Diagnostic>> {
    let bytes = read_limited(root, path, shown)?;
    let text = decode(&bytes, shown)?;
    let source: Arc<str> = Arc::from(text.as_str());
    let Some(rest) = text.strip_prefix("+++\n") else {
        let front = Front {
            matter: FrontMatter::default(),
            source,
            present: false,
        };
        return Ok((front, text));
    };
    let Some(end) = rest.find("\n+++") else {
        return Err(Box::new(
            Diagnostic::error(shown, "the front matter is not closed")
                .at(&source, 0..3, "opened here")
                .hint("end the front matter with a line of +++"),
        ));
    };
    let front_text = &rest[..end];
    let matter = toml::from_str::<FrontMatter>(front_text).map_err(|e| {
        let parsed = FRONT_OFFSET..FRONT_OFFSET + front_text.len();
        Box::new(toml_file::diagnostic(shown, &source, &e, parsed))
    })?;
    let after = &rest[end + 4..];
    let blank_lines = "\n".repeat(front_text.matches('\n').count() + 2);
    let front = Front {
        matter,
        source,
        present: true,
    };
    Ok((front, format!("{blank_lines}{after}")))
}

/// A municipality's own Markdown files: replaced steps and added notes, by step name.
#[derive(Debug, Default, Clone)]
pub struct LocalText {
    pub steps: BTreeMap<String, String>,
    pub notes: BTreeMap<String, String>,
}

/// Loads `municipalities/<slug>/<guide>/<lang>/{steps,notes}/*.md` into `templates`.
pub fn load_local(
    root: &Path,
    dir: &Path,
    content: &Content,
    decl: &Declaration,
    templates: &mut TemplateSet,
) -> Result<LocalText, Vec<Diagnostic>> {
    let mut local = LocalText::default();
    let mut problems = Vec::new();
    for (kind, map) in [("steps", &mut local.steps), ("notes", &mut local.notes)] {
        let folder = dir.join(kind);
        let files = match markdown_files(root, &folder) {
            Ok(files) => files,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                problems.push(
                    Diagnostic::error(
                        display_path(&folder, root),
                        format!("cannot read the folder: {e}"),
                    )
                    .hint("keep the municipality's own steps and notes as Markdown files in this folder"),
                );
                continue;
            }
        };
        for path in files {
            let shown = display_path(&path, root);
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let Some(step) = content.steps.iter().find(|s| s.name == name) else {
                let known: Vec<&str> = content.steps.iter().map(|s| s.name.as_str()).collect();
                let hint = match crate::load::values::closest(&name, &known) {
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
            };
            let added = read_markdown(root, &path, &shown)
                .and_then(|(_, body)| templates.add(&shown, &shown, &body));
            match added {
                Ok(()) => {
                    let when = Shown::When(&step.when);
                    let found = template_check::check(templates, &shown, &shown, decl, when);
                    if found.is_empty() {
                        map.insert(name, shown);
                    }
                    problems.extend(found);
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
