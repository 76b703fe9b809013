//! The pages that list guides: the index of every municipality, and the page of one
//! municipality with all its guides.

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;
use crate::render::html::{ASSETS_DIR, Alternate, render};

/// One guide of a municipality on a list, in each of its languages.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub slug: String,
    /// The guide's id.
    pub guide: String,
    pub issuer: String,
    pub title: String,
    /// The guide's date, `YYYY-MM-DD`.
    pub date: String,
    pub date_text: String,
    pub versions: Vec<IndexVersion>,
}

/// One language version of a guide on a list; links relative to the listing page.
#[derive(Debug, Clone, Serialize)]
pub struct IndexVersion {
    pub lang: String,
    pub name: String,
    pub title: String,
    pub html: String,
    pub pdf: Option<String>,
    /// The PDF's size in kilobytes (1,000 bytes), rounded up.
    pub pdf_kb: Option<u64>,
}

/// A municipality on the index page: its name in its first language, its page, its guides.
#[derive(Debug, Clone, Serialize)]
pub struct IndexMunicipality {
    pub slug: String,
    pub name: String,
    /// The language of `name`.
    pub lang: String,
    /// The municipality's page, when the output has one.
    pub page: Option<String>,
    pub guides: Vec<IndexEntry>,
}

/// The page of one municipality: in its first language, with its name in the others.
#[derive(Debug, Clone, Serialize)]
pub struct MunicipalityPage {
    pub slug: String,
    pub name: String,
    /// The page's language: the municipality's first.
    pub lang: String,
    /// The municipality's other languages, each with its name in it.
    pub others: Vec<LanguageName>,
    pub guides: Vec<IndexEntry>,
    /// The page's absolute URL, when the build knows where it is published.
    pub canonical: Option<String>,
}

/// A language and a name in it.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageName {
    pub lang: String,
    pub name: String,
}

/// The index page: every guide (`guides`), and the same grouped by municipality.
pub fn render_index(
    theme: &Theme,
    guides: &[IndexEntry],
    municipalities: &[IndexMunicipality],
) -> Result<String, Diagnostic> {
    render(theme, "index.html", &index_context(guides, municipalities))
}

/// What `index.html` is given (see [`super::contexts::INDEX`]).
pub(crate) fn index_context(
    guides: &[IndexEntry],
    municipalities: &[IndexMunicipality],
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("guides", guides);
    ctx.insert("municipalities", municipalities);
    ctx.insert("canonical", &None::<String>);
    ctx.insert("alternates", &Vec::<Alternate>::new());
    ctx.insert("lang", crate::load::project::DEFAULT_LANG);
    ctx.insert("assets", &format!("{ASSETS_DIR}/"));
    ctx
}

/// The page of one municipality, at `<slug>/index.html`.
pub fn render_municipality(theme: &Theme, page: &MunicipalityPage) -> Result<String, Diagnostic> {
    render(theme, "municipality.html", &municipality_context(page))
}

/// What `municipality.html` is given (see [`super::contexts::MUNICIPALITY_PAGE`]).
pub(crate) fn municipality_context(page: &MunicipalityPage) -> Context {
    let mut ctx = Context::new();
    ctx.insert("municipality", page);
    ctx.insert("guides", &page.guides);
    ctx.insert("lang", &page.lang);
    ctx.insert("canonical", &page.canonical);
    ctx.insert("alternates", &Vec::<Alternate>::new());
    ctx.insert("root", "../");
    ctx.insert("assets", &format!("../{ASSETS_DIR}/"));
    ctx
}
