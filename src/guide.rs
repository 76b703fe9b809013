//! Builds the document model of one guide: municipality data + content → `Document`.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use crate::content::{Content, LocalText, Step, guide_template_name};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::model::{Block, Document, Figure, FigureContent, Inline, ScreenItem};
use crate::municipality::{Municipality, Service};
use crate::templates::TemplateSet;

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

/// Builds the guide of `m` in the language of `content`.
pub fn build(
    m: &Municipality,
    content: &Content,
    local: &LocalFiles,
    templates: &TemplateSet,
) -> Result<Document, Vec<Diagnostic>> {
    let guide = &content.guide;
    let lang = &content.lang;
    let plain = |key: &str, ctx: &Context| templates.render(&guide_template_name(lang, key), ctx);
    let one = |e: Box<Diagnostic>| vec![*e];

    let mut ctx = base_context(m, content);
    let full = plain("org_full", &ctx).map_err(one)?;
    let org = OrgView {
        first: m.wording.first.clone().unwrap_or_else(|| full.clone()),
        later: m.wording.later.clone().unwrap_or_else(|| full.clone()),
        contact: m.wording.contact.clone().unwrap_or_else(|| full.clone()),
        full,
    };
    ctx.insert("org", &org);
    if let Some(changed) = m.changed {
        let mut month_ctx = ctx.clone();
        month_ctx.insert("month", &guide.months[usize::from(changed.month) - 1]);
        month_ctx.insert("year", &changed.year);
        ctx.insert("changed", &plain("changed", &month_ctx).map_err(one)?);
    }
    let date_text = plain("date", &ctx).map_err(one)?;
    ctx.insert("date", &date_text);
    let issuer = plain("issuer", &ctx).map_err(one)?;
    ctx.insert("issuer", &issuer);
    ctx.insert("contact", &contact_view(m));

    let header_label = header_label(m, &guide.header_separator, &ctx, &plain).map_err(one)?;
    let blocks = steps(m, content, local, templates, &ctx)?;

    Ok(Document {
        slug: m.slug.clone(),
        lang: lang.clone(),
        variant: m.variant.key().to_string(),
        issuer,
        municipality_name: m.name.clone(),
        title: plain("title", &ctx).map_err(one)?,
        subtitle: plain("subtitle", &ctx).map_err(one)?,
        header_label,
        date_text,
        date_iso: m.date.iso(),
        pdf_file: pdf_file(&plain("pdf_file", &ctx).map_err(one)?, &m.slug),
        strings: guide.strings.clone(),
        blocks,
    })
}

fn base_context(m: &Municipality, content: &Content) -> Context {
    let mut ctx = Context::new();
    let mut fields = serde_json::json!({
        "name": m.name,
        "slug": m.slug,
        "kind": m.kind.key(),
        "variant": m.variant.key(),
    });
    // A language without a genitive of its own leaves it undefined, so a template
    // that needs it fails with a located error instead of printing nothing.
    if !m.genitive.is_empty() {
        fields["genitive"] = m.genitive.clone().into();
    }
    ctx.insert("m", &fields);
    ctx.insert("kind", &content.guide.kinds.get(m.kind.key()));
    let month_name = content.guide.month_names.get(usize::from(m.date.month) - 1);
    ctx.insert(
        "d",
        &serde_json::json!({
            "day": m.date.day,
            "month": m.date.month,
            "month_name": month_name,
            "year": m.date.year,
        }),
    );
    ctx
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

/// "Ohje - Kokkolan kaupungin sähköiset palvelut", or `None` for a header with the date only.
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

/// Renders every step of the variant, with the municipality's replacements and notes.
fn steps(
    m: &Municipality,
    content: &Content,
    local: &LocalFiles,
    templates: &TemplateSet,
    ctx: &Context,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let mut blocks = Vec::new();
    let mut problems = Vec::new();
    let mut figures = FigureResolver {
        content,
        local,
        count: 0,
    };
    for step in content
        .steps
        .iter()
        .filter(|s| s.variants.is_empty() || s.variants.contains(&m.variant))
    {
        match step_blocks(step, local, templates, ctx, &mut figures) {
            Ok(mut step_blocks) => blocks.append(&mut step_blocks),
            Err(mut e) => problems.append(&mut e),
        }
    }
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
    count: usize,
}

impl FigureResolver<'_> {
    fn resolve(&mut self, id: &str, caption: &str) -> Result<Figure, String> {
        let Some(def) = self.content.screens.get(id) else {
            let known: Vec<&str> = self.content.screens.keys().map(String::as_str).collect();
            return Err(match crate::municipality::closest(id, &known) {
                Some(best) => format!("did you mean `screen:{best}`?"),
                None => format!(
                    "describe the screen in content/{}/screens.toml",
                    self.content.lang
                ),
            });
        };
        self.count += 1;
        let content = match (self.local.screenshots.get(id), &def.screen) {
            (Some(file), screen) => FigureContent::Screenshot {
                source: file.source.clone(),
                file_name: file.file_name.clone(),
                alt: match screen {
                    Some(s) => s
                        .items
                        .iter()
                        .map(ScreenItem::visible_text)
                        .collect::<Vec<_>>()
                        .join(". "),
                    None => caption.to_string(),
                },
            },
            (None, Some(screen)) => FigureContent::Mockup(screen.clone()),
            (None, None) => FigureContent::Placeholder {
                expected_path: format!("{}/{id}.png", self.local.screenshots_dir),
            },
        };
        Ok(Figure {
            id: id.to_string(),
            number: self.count,
            caption: caption.to_string(),
            content,
        })
    }
}

/// The PDF's file name as the content names it, reduced to safe characters.
fn pdf_file(name: &str, slug: &str) -> String {
    let stem = slugify(name.trim().trim_end_matches(".pdf"));
    if stem == "section" {
        format!("{slug}.pdf")
    } else {
        format!("{stem}.pdf")
    }
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

/// Builds the guide of `m` in each of its languages; any error fails them all.
pub fn build_languages(
    m: &Municipality,
    contents: &BTreeMap<String, Content>,
    locals: &BTreeMap<String, LocalFiles>,
    templates: &TemplateSet,
) -> Result<Vec<Document>, Vec<Diagnostic>> {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for lang in &m.languages {
        let (Some(content), Some(local)) = (contents.get(lang), locals.get(lang)) else {
            problems.push(
                Diagnostic::error(
                    m.file.as_str(),
                    format!("the `{lang}` guide cannot be built: content/{lang}/ has errors"),
                )
                .hint(format!(
                    "fix the errors reported in content/{lang}/ first; the municipality is fine"
                )),
            );
            continue;
        };
        match build(&m.in_language(lang), content, local, templates) {
            Ok(doc) => docs.push(doc),
            Err(mut e) => problems.append(&mut e),
        }
    }
    if problems.is_empty() {
        Ok(docs)
    } else {
        Err(problems)
    }
}
