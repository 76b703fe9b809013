//! The pages that list guides, made from manifest entries: the index's guides grouped by
//! municipality, and each municipality's own page at `<slug>/index.html`.

use crate::driver::render::OutputFile;
use crate::driver::urls::relative;
use crate::load::theme::Theme;
use crate::render::html::{
    self, IndexEntry, IndexMunicipality, IndexVersion, MunicipalityPage, lists::LanguageName,
};
use crate::write::output::ManifestEntry;

/// The path of a municipality's page in the output.
pub fn page_path(slug: &str) -> String {
    format!("{slug}/index.html")
}

/// The index page's entries: `guides` (sorted by municipality and guide), one entry per
/// municipality and guide with its languages; links relative to the output root.
pub fn index_entries(guides: &[ManifestEntry]) -> Vec<IndexEntry> {
    entries(guides, &|path| path.to_string())
}

/// The entries of `guides` with each link made by `link` from its path in the output.
fn entries(guides: &[ManifestEntry], link: &dyn Fn(&str) -> String) -> Vec<IndexEntry> {
    let mut entries: Vec<IndexEntry> = Vec::new();
    for g in guides {
        let version = IndexVersion {
            lang: g.lang.clone(),
            name: g.language_name.clone(),
            title: g.title.clone(),
            html: link(&g.html),
            pdf: g.pdf.as_deref().map(link),
            pdf_kb: g.pdf_bytes.map(|b| b.div_ceil(1000)),
        };
        match entries.last_mut() {
            Some(last) if last.slug == g.municipality && last.guide == g.guide => {
                last.versions.push(version);
            }
            _ => entries.push(IndexEntry {
                slug: g.municipality.clone(),
                guide: g.guide.clone(),
                issuer: g.issuer.clone(),
                title: g.title.clone(),
                date: g.date.clone(),
                date_text: g.date_text.clone(),
                versions: vec![version],
            }),
        }
    }
    entries
}

/// The index's guides grouped by municipality, each named in the language of its first
/// guide's first version; `has_page` tells whether the output holds a municipality's page.
pub fn index_municipalities(
    guides: &[IndexEntry],
    has_page: &dyn Fn(&str) -> bool,
) -> Vec<IndexMunicipality> {
    let mut out: Vec<IndexMunicipality> = Vec::new();
    for g in guides {
        match out.last_mut() {
            Some(last) if last.slug == g.slug => last.guides.push(g.clone()),
            _ => out.push(IndexMunicipality {
                slug: g.slug.clone(),
                name: g.issuer.clone(),
                lang: g
                    .versions
                    .first()
                    .map(|v| v.lang.clone())
                    .unwrap_or_default(),
                page: has_page(&g.slug).then(|| page_path(&g.slug)),
                guides: vec![g.clone()],
            }),
        }
    }
    out
}

/// The page of municipality `slug` listing `guides` (its manifest entries, sorted by
/// guide), in `lang`, its first language; `None` when it publishes no guide.
pub fn municipality_page(
    theme: &Theme,
    base_url: Option<&str>,
    slug: &str,
    lang: &str,
    guides: &[ManifestEntry],
) -> Result<Option<OutputFile>, crate::diagnostics::Diagnostic> {
    if guides.is_empty() {
        return Ok(None);
    }
    let path = page_path(slug);
    let name_in = |code: &str| {
        guides
            .iter()
            .find(|g| g.lang == code)
            .map(|g| g.issuer.clone())
    };
    let mut others: Vec<LanguageName> = Vec::new();
    for g in guides {
        if g.lang != lang && !others.iter().any(|o| o.lang == g.lang) {
            others.push(LanguageName {
                lang: g.lang.clone(),
                name: g.issuer.clone(),
            });
        }
    }
    let page = MunicipalityPage {
        slug: slug.to_string(),
        name: name_in(lang).unwrap_or_else(|| guides[0].issuer.clone()),
        lang: lang.to_string(),
        others,
        guides: entries(guides, &|to| relative(slug, to)),
        canonical: base_url.map(|b| format!("{}/{path}", b.trim_end_matches('/'))),
    };
    let html = html::render_municipality(theme, &page)?;
    Ok(Some((path, html.into_bytes())))
}
