//! The HTML renderer: the document model through the theme's Tera templates.

mod blocks;
pub mod contexts;
pub mod edit;
pub mod lists;

pub use crate::render::escape::escape;
pub use blocks::render_blocks;
pub use lists::{
    IndexEntry, IndexMunicipality, IndexVersion, MunicipalityPage, render_index,
    render_municipality,
};

use serde::Serialize;
use tera::Context;

use crate::compose::model::Document;
use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;

/// Folder under the output root where the theme's static files are written.
pub use crate::load::theme::ASSETS_DIR;

/// Where a guide page stands among the other files, as relative links.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageLinks {
    /// The page's own absolute URL, when the build knows where it is published.
    pub canonical: Option<String>,
    /// From the page to the output root, e.g. `../` or `../../`.
    pub root: String,
    /// The guide's PDF, relative to the page.
    pub pdf: Option<String>,
    /// The guide in its other languages.
    pub alternates: Vec<Alternate>,
}

/// A link to the same guide in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    /// The language's own name, e.g. "På svenska".
    pub name: String,
    pub href: String,
    /// The absolute URL, when the build knows where it is published.
    pub url: Option<String>,
}

/// The document as a page template sees it: its facts, without the blocks (the page
/// gets them rendered, as `body`) or the PDF's hyphenation data, so that they are not
/// copied into the template's context for every page.
#[derive(Serialize)]
struct PageFacts<'a> {
    slug: &'a str,
    lang: &'a str,
    guide: &'a str,
    issuer: &'a str,
    municipality_name: &'a str,
    title: &'a str,
    subtitle: &'a str,
    header_label: &'a Option<String>,
    date_text: &'a str,
    date_iso: &'a str,
    pdf_file: &'a str,
    strings: &'a crate::compose::model::UiStrings,
}

impl<'a> PageFacts<'a> {
    fn of(doc: &'a Document) -> Self {
        PageFacts {
            slug: &doc.slug,
            lang: &doc.lang,
            guide: &doc.guide,
            issuer: &doc.issuer,
            municipality_name: &doc.municipality_name,
            title: &doc.title,
            subtitle: &doc.subtitle,
            header_label: &doc.header_label,
            date_text: &doc.date_text,
            date_iso: &doc.date_iso,
            pdf_file: &doc.pdf_file,
            strings: &doc.strings,
        }
    }
}

/// The page of one guide.
pub fn render_guide(
    theme: &Theme,
    doc: &Document,
    links: &PageLinks,
) -> Result<String, Diagnostic> {
    render(theme, "guide.html", &guide_context(doc, links))
}

/// What `guide.html` is given (see [`contexts::GUIDE`]).
pub(crate) fn guide_context(doc: &Document, links: &PageLinks) -> Context {
    let mut ctx = Context::new();
    ctx.insert("doc", &PageFacts::of(doc));
    ctx.insert("lang", &doc.lang);
    ctx.insert("body", &render_blocks(&doc.blocks, &doc.strings));
    ctx.insert("pdf", &links.pdf);
    ctx.insert("alternates", &links.alternates);
    ctx.insert("canonical", &links.canonical);
    ctx.insert("assets", &format!("{}{ASSETS_DIR}/", links.root));
    ctx
}

pub(crate) fn render(theme: &Theme, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
    theme.templates.render(name, ctx).map_err(|d| *d)
}
