//! Builds the document model of one guide: municipality data + content → `Document`.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use crate::compose::markdown::{self, Refusal};
use crate::compose::model::{Block, Document, Figure, FigureContent, Inline, ScreenItem};
use crate::compose::templates::TemplateSet;
use crate::diagnostics::Diagnostic;
use crate::load::content::{Content, LanguageText, Step, language_template_name};
use crate::load::declaration::Declaration;
use crate::load::guide_table::GuideTable;
use crate::load::municipality::{Municipality, Service};
use crate::load::params::ParamValue;
pub use crate::load::project::{LocalFiles, ScreenshotFile};
use crate::load::values::Date;

/// The municipality's contact as the templates see it.
#[derive(Serialize)]
struct ContactView<'a> {
    person: Option<&'a str>,
    unit: Option<&'a str>,
    illative: Option<&'a str>,
    title: Option<&'a str>,
    phone: Option<&'a str>,
    email: Option<String>,
    email_href: Option<String>,
    email_pattern: Option<String>,
}

/// How the text names the municipality.
#[derive(Serialize)]
struct OrgView {
    full: String,
    first: String,
    later: String,
    contact: String,
}

/// Everything one guide in one language is made from.
pub struct Inputs<'a> {
    /// The municipality as seen in the guide's language.
    pub m: &'a Municipality,
    pub decl: &'a Declaration,
    pub table: &'a GuideTable,
    pub language: &'a LanguageText,
    pub content: &'a Content,
    pub local: &'a LocalFiles,
}

/// Builds one guide of `m` in the language of `content`.
pub fn build(inputs: &Inputs<'_>, templates: &TemplateSet) -> Result<Document, Vec<Diagnostic>> {
    let Inputs {
        m,
        decl,
        table,
        language,
        content,
        local,
    } = *inputs;
    let lang = &content.lang;
    let plain =
        |key: &str, ctx: &Context| templates.render(&language_template_name(lang, key), ctx);
    let one = |e: Box<Diagnostic>| vec![*e];

    let mut ctx = base_context(m, language, table.date);
    let full = plain("org_full", &ctx).map_err(one)?;
    let wording = table.wording_in(lang, &m.wording);
    let org = OrgView {
        first: wording.first.clone().unwrap_or_else(|| full.clone()),
        later: wording.later.clone().unwrap_or_else(|| full.clone()),
        contact: wording.contact.clone().unwrap_or_else(|| full.clone()),
        full,
    };
    ctx.insert("org", &org);
    let date_text = plain("date", &ctx).map_err(one)?;
    ctx.insert("date", &date_text);
    let issuer = plain("issuer", &ctx).map_err(one)?;
    ctx.insert("issuer", &issuer);
    ctx.insert("contact", &contact_view(m));
    let values = table.values_in(lang);
    for (name, value) in &values {
        insert_param(&mut ctx, name, value, language, &plain).map_err(one)?;
    }

    let header_label = header_label(m, &language.header_separator, &ctx, &plain).map_err(one)?;
    let blocks = steps(content, local, templates, &ctx, &values, &language.strings)?;
    let texts = &decl.texts[lang];
    let text = |name: &str| templates.render(name, &ctx).map_err(one);

    let hyphenation = crate::compose::model::Hyphenation {
        keep_whole: crate::load::hyphenation::keep_whole(m, &wording, &issuer, &values),
        exceptions: language.hyphenation.clone(),
    };
    let mut doc = Document {
        slug: m.slug.clone(),
        lang: lang.clone(),
        guide: decl.id.clone(),
        issuer,
        municipality_name: m.name.clone(),
        title: text(&texts.title)?,
        subtitle: text(&texts.subtitle)?,
        header_label,
        date_text,
        date_iso: table.date.iso(),
        pdf_file: pdf_file(&text(&texts.pdf_file)?, m).map_err(one)?,
        strings: language.strings.clone(),
        hyphenation,
        blocks,
    };
    crate::compose::typography::apply(&mut doc, &language.typography);
    Ok(doc)
}

/// Puts a parameter into the context: text and choices as written, bools as bools,
/// dates and months as the language prints them.
fn insert_param(
    ctx: &mut Context,
    name: &str,
    value: &ParamValue,
    language: &LanguageText,
    plain: &RenderFn<'_>,
) -> Result<(), Box<Diagnostic>> {
    match value {
        ParamValue::Text(t) | ParamValue::Choice(t) => ctx.insert(name, t),
        ParamValue::Bool(b) => ctx.insert(name, b),
        ParamValue::Date(date) => {
            let mut date_ctx = ctx.clone();
            date_ctx.insert("d", &date_view(language, *date));
            ctx.insert(name, &plain("date", &date_ctx)?);
        }
        ParamValue::YearMonth(ym) => {
            let mut month_ctx = ctx.clone();
            month_ctx.insert("month", &language.months[usize::from(ym.month) - 1]);
            month_ctx.insert("year", &ym.year);
            ctx.insert(name, &plain("year_month", &month_ctx)?);
        }
    }
    Ok(())
}

fn base_context(m: &Municipality, language: &LanguageText, date: Date) -> Context {
    let mut ctx = Context::new();
    let mut fields = serde_json::json!({
        "name": m.name,
        "slug": m.slug,
        "kind": m.kind.key(),
    });
    // A language without a genitive of its own leaves it undefined, so a template
    // that needs it fails with a located error instead of printing nothing.
    if !m.genitive.is_empty() {
        fields["genitive"] = m.genitive.clone().into();
    }
    ctx.insert("m", &fields);
    ctx.insert("kind", &language.kinds.get(m.kind.key()));
    ctx.insert("d", &date_view(language, date));
    ctx
}

/// A date as the `date` template of a language file sees it.
fn date_view(language: &LanguageText, date: Date) -> serde_json::Value {
    let month_name = language.month_names.get(usize::from(date.month) - 1);
    serde_json::json!({
        "day": date.day,
        "month": date.month,
        "month_name": month_name,
        "year": date.year,
    })
}

fn contact_view(m: &Municipality) -> ContactView<'_> {
    let c = &m.contact;
    let guard = |address: &str| {
        if c.email_guard {
            address.replace('@', "(@)")
        } else {
            address.to_string()
        }
    };
    ContactView {
        person: c.person.as_deref(),
        unit: c.unit.as_deref(),
        illative: c.illative.as_deref(),
        title: c.title.as_deref(),
        phone: c.phone.as_deref(),
        email: c.email.as_deref().map(guard),
        email_href: c.email.as_ref().map(|e| format!("mailto:{e}")),
        email_pattern: c.email_pattern.as_deref().map(guard),
    }
}

/// Renders one of the guide's string templates.
type RenderFn<'a> = dyn Fn(&str, &Context) -> Result<String, Box<Diagnostic>> + 'a;

/// "Ohje – Kokkolan kaupungin sähköiset palvelut", or `None` for a header with the date only.
fn header_label(
    m: &Municipality,
    separator: &str,
    ctx: &Context,
    plain: &RenderFn<'_>,
) -> Result<Option<String>, Box<Diagnostic>> {
    let label = match &m.header.label {
        Some(label) => label.clone(),
        None => plain("default_label", ctx)?,
    };
    let service = match m.header.service {
        Service::Named => plain("service_named", ctx)?,
        Service::Generic => plain("service_generic", ctx)?,
        Service::None => String::new(),
    };
    let parts: Vec<&str> = [label.as_str(), service.as_str()]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect();
    Ok((!parts.is_empty()).then(|| parts.join(separator)))
}

/// Renders every step whose condition holds, with the municipality's replacements and notes.
fn steps(
    content: &Content,
    local: &LocalFiles,
    templates: &TemplateSet,
    ctx: &Context,
    values: &BTreeMap<String, ParamValue>,
    strings: &crate::compose::model::UiStrings,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let mut blocks = Vec::new();
    let mut problems = Vec::new();
    let mut figures = FigureResolver {
        content,
        local,
        templates,
        ctx,
        strings,
        count: 0,
        problems: Vec::new(),
    };
    for step in content.steps.iter().filter(|s| s.when.holds(values)) {
        match step_blocks(step, local, templates, ctx, &mut figures) {
            Ok(mut step_blocks) => blocks.append(&mut step_blocks),
            Err(mut e) => problems.append(&mut e),
        }
    }
    problems.append(&mut figures.problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    assign_heading_ids(&mut blocks);
    Ok(blocks)
}

fn step_blocks(
    step: &Step,
    local: &LocalFiles,
    templates: &TemplateSet,
    ctx: &Context,
    figures: &mut FigureResolver<'_>,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let template = local.text.steps.get(&step.name).unwrap_or(&step.template);
    let mut blocks = render_markdown(template, templates, ctx, figures)?;
    if let Some(note) = local.text.notes.get(&step.name) {
        let note = Block::Note {
            blocks: render_markdown(note, templates, ctx, figures)?,
        };
        let at = blocks
            .iter()
            .position(|b| matches!(b, Block::Figure(_)))
            .unwrap_or(blocks.len());
        blocks.insert(at, note);
    }
    if step.contact {
        blocks = vec![Block::Contact { blocks }];
    }
    Ok(blocks)
}

fn render_markdown(
    template: &str,
    templates: &TemplateSet,
    ctx: &Context,
    figures: &mut FigureResolver<'_>,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let text = templates.render(template, ctx).map_err(|e| vec![*e])?;
    let source: Arc<str> = Arc::from(text);
    markdown::parse(template, &source, &mut |id, caption| {
        figures.resolve(id, caption)
    })
}

/// Turns screen references into numbered figures, preferring the municipality's screenshot.
struct FigureResolver<'a> {
    content: &'a Content,
    local: &'a LocalFiles,
    templates: &'a TemplateSet,
    ctx: &'a Context,
    strings: &'a crate::compose::model::UiStrings,
    count: usize,
    /// Errors in the texts of screens, reported with the step's.
    problems: Vec<Diagnostic>,
}

/// Most figures one guide shows: a screen is drawn in full for every reference, so
/// references repeated without end would make pages and PDFs of any size.
pub const MAX_FIGURES: usize = 40;

impl FigureResolver<'_> {
    fn resolve(&mut self, id: &str, caption: &str) -> Result<Figure, Refusal> {
        if self.count >= MAX_FIGURES {
            return Err(Refusal {
                message: format!("the guide shows more than {MAX_FIGURES} screens"),
                label: "one screen too many",
                hint: format!(
                    "a guide may show at most {MAX_FIGURES} screens; show each screen once, where the reader needs it"
                ),
            });
        }
        let Some(def) = self.content.screens.get(id) else {
            let known: Vec<&str> = self.content.screens.keys().map(String::as_str).collect();
            return Err(Refusal {
                message: format!("unknown screen `{id}`"),
                label: "no such screen",
                hint: match crate::load::values::closest(id, &known) {
                    Some(best) => format!("did you mean `screen:{best}`?"),
                    None => format!("describe the screen in {}/screens.toml", self.content.dir),
                },
            });
        };
        let (templates, ctx) = (self.templates, self.ctx);
        let screen = match def.instantiate(&mut |name| templates.render(name, ctx)) {
            Ok(screen) => screen,
            Err(problem) => {
                self.problems.push(*problem);
                return Err(Refusal {
                    message: format!("the screen `{id}` cannot be shown"),
                    label: "screen with errors",
                    hint: "fix the screen's text as reported".to_string(),
                });
            }
        };
        self.count += 1;
        // What the screen says, read aloud for a screenshot or a mock-up of it.
        let said = screen.as_ref().map(|s| {
            s.items
                .iter()
                .map(ScreenItem::visible_text)
                .filter(|t| !t.trim().is_empty())
                .collect::<Vec<_>>()
                .join(". ")
        });
        let strings = self.strings;
        let (content, alt) = match (self.local.screenshots.get(id), screen) {
            (Some(file), _) => (
                FigureContent::Screenshot {
                    source: file.source.clone(),
                    file_name: file.file_name.clone(),
                    width: file.width,
                    height: file.height,
                    bytes: std::sync::Arc::clone(&file.bytes),
                },
                said.unwrap_or_default(),
            ),
            (None, Some(screen)) => (FigureContent::Mockup(screen), said.unwrap_or_default()),
            (None, None) => {
                let expected_path = format!("{}/{id}.png", self.local.screenshots_dir);
                let alt = format!(
                    "{} {} {expected_path}",
                    strings.placeholder_title, strings.placeholder_hint
                );
                (FigureContent::Placeholder { expected_path }, alt)
            }
        };
        let alt = if alt.trim().is_empty() {
            format!("{} {}. {caption}", strings.figure, self.count)
        } else {
            alt
        };
        Ok(Figure {
            id: id.to_string(),
            number: self.count,
            caption: caption.to_string(),
            alt,
            content,
        })
    }
}

/// Longest PDF file name, in bytes: file systems take 255, and the file is written
/// through a temporary name about 40 bytes longer.
pub const MAX_PDF_NAME: usize = 160;

/// The PDF's file name as the content names it, reduced to safe characters; one too long
/// for a file system is an error, found by `check` as by `build`.
fn pdf_file(name: &str, m: &Municipality) -> Result<String, Box<Diagnostic>> {
    let stem = slugify(name.trim().trim_end_matches(".pdf"));
    let file = if stem == "section" {
        format!("{}.pdf", m.slug)
    } else {
        format!("{stem}.pdf")
    };
    if file.len() > MAX_PDF_NAME {
        return Err(Box::new(
            Diagnostic::error(
                &m.file,
                format!(
                    "the PDF's file name would be {} characters long, more than the {MAX_PDF_NAME} a file system takes with room to spare: {}…",
                    file.len(),
                    file.chars().take(40).collect::<String>()
                ),
            )
            .hint("shorten the name the guide's pdf_file is made from, or make pdf_file in the guide's guide.toml shorter"),
        ));
    }
    Ok(file)
}

/// Gives every heading a unique id made from its text.
fn assign_heading_ids(blocks: &mut [Block]) {
    let mut seen = HashSet::new();
    for block in blocks {
        if let Block::Heading { id, content, .. } = block {
            let base = slugify(&Inline::plain_text(content));
            let mut candidate = base.clone();
            let mut n = 2;
            while !seen.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            *id = candidate;
        }
    }
}

/// ASCII id from heading text: "1. Sisäänkirjautuminen" → "1-sisaankirjautuminen".
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// A municipality's documents: those made, and the guides and languages that could not be.
#[derive(Default)]
pub struct Composed {
    pub docs: Vec<Document>,
    /// Each `(guide, language)` that an error stopped.
    pub stopped: Vec<(String, String)>,
    /// The errors that stopped them.
    pub problems: Vec<Diagnostic>,
}

impl Composed {
    /// The documents when none was stopped, else the errors.
    pub fn into_result(self) -> Result<Vec<Document>, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            Ok(self.docs)
        } else {
            Err(self.problems)
        }
    }
}

/// Builds every guide of `m` (or those in `only`) in each of its languages; an error stops
/// only the guide in the language it is found in.
/// Guides that are not loaded (they have errors of their own) are left out.
pub fn build_all(
    m: &Municipality,
    loaded: &crate::load::project::Loaded,
    locals: &crate::load::project::Locals,
    only: Option<&[String]>,
) -> Composed {
    let mut out = Composed::default();
    for table in m
        .guides
        .iter()
        .filter(|t| only.is_none_or(|o| o.contains(&t.guide)))
    {
        let (Some(decl), Some(guide)) = (
            loaded.guides.get(&table.guide),
            loaded.contents.get(&table.guide),
        ) else {
            continue;
        };
        for lang in &table.languages {
            let key = (table.guide.clone(), lang.clone());
            let (Some(language), Some(content), Some(local)) = (
                loaded.languages.get(lang),
                guide.get(lang),
                locals.get(&key),
            ) else {
                out.stopped.push(key);
                out.problems.push(
                    Diagnostic::error(
                        m.file.as_str(),
                        format!("the `{lang}` guide cannot be built: its content has errors"),
                    )
                    .hint(format!(
                        "fix the errors reported in content/{LANGUAGES}/{lang}.toml and content/{}/{lang}/ first; the municipality is fine",
                        table.guide
                    )),
                );
                continue;
            };
            let inputs = Inputs {
                m: &m.in_language(lang),
                decl,
                table,
                language,
                content,
                local,
            };
            match build(&inputs, &loaded.templates) {
                Ok(doc) => out.docs.push(doc),
                Err(e) => {
                    out.stopped.push(key);
                    out.problems
                        .extend(e.into_iter().map(|d| stopped(d, m, &table.guide, lang)));
                }
            }
        }
    }
    out
}

/// `d`, found while building `guide` in `lang` for `m`: a template that failed with the
/// municipality's values says which guide it stopped. A problem of the content alone
/// (an unknown screen) is the same for every municipality and is left as it is, so that
/// it is shown once.
fn stopped(mut d: Diagnostic, m: &Municipality, guide: &str, lang: &str) -> Diagnostic {
    if !d.message.starts_with(TEMPLATE_ERROR) {
        return d;
    }
    let what = format!("this stopped the `{lang}` guide `{guide}` of {}", m.file);
    d.hint = Some(match d.hint.take() {
        Some(hint) => format!("{hint} ({what})"),
        None => what,
    });
    d
}

/// How every error of a template that failed while rendering begins.
const TEMPLATE_ERROR: &str = "template error";

const LANGUAGES: &str = crate::load::project::LANGUAGES_DIR;
