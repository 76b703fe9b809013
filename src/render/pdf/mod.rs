//! The PDF renderer: the document model laid out on A4 pages and written with lopdf.
//!
//! Rendering is pure: fonts are loaded once per build ([`crate::driver::load_fonts`]) and passed in
//! with the build's [`Subsets`] of them, and the result is bytes for the caller to write.

pub mod font;
pub mod layout;
pub mod tags;
pub mod write;

pub use font::Fonts;
pub use write::embed::Subsets;

use std::collections::BTreeMap;

use crate::compose::model::{Block, Document, FigureContent};
use crate::diagnostics::Diagnostic;

/// The pictures of a document's screenshots by figure id: (file as shown, bytes).
pub type Images = BTreeMap<String, (String, std::sync::Arc<[u8]>)>;

/// Lays out `doc` on A4 pages without writing any PDF, hyphenating in its language
/// with its own exceptions and protected words.
pub fn layout(doc: &Document, fonts: &Fonts) -> layout::items::Layout {
    layout::layout(doc, fonts, layout::Geometry::a4())
}

/// The pictures of the document's screenshots.
fn pictures(blocks: &[Block]) -> Images {
    let mut out = Images::new();
    Block::each_figure(blocks, &mut |f| {
        if let FigureContent::Screenshot { source, bytes, .. } = &f.content {
            out.insert(f.id.clone(), (source.clone(), std::sync::Arc::clone(bytes)));
        }
    });
    out
}

/// The guide as PDF bytes; figures show what the model says they show.
pub fn render(
    doc: &Document,
    fonts: &Fonts,
    subsets: &Subsets,
) -> Result<Vec<u8>, Box<Diagnostic>> {
    let laid_out = layout(doc, fonts);
    if let Some(id) = laid_out.too_tall.first() {
        return Err(Box::new(
            Diagnostic::error(
                format!("content/{}/{}/screens.toml", doc.guide, doc.lang),
                format!(
                    "the screen `{id}` is taller than a page of the PDF, which would cut it off"
                ),
            )
            .hint("show fewer items on the screen, or split it into two screens"),
        ));
    }
    let images = pictures(&doc.blocks);
    let timestamp = unix_time(&doc.date_iso).ok_or_else(|| {
        Box::new(Diagnostic::error(
            &doc.slug,
            format!(
                "the date {:?} is not a calendar date (YYYY-MM-DD)",
                doc.date_iso
            ),
        ))
    })?;
    let meta = write::Meta {
        title: &doc.title,
        author: &doc.issuer,
        subject: &doc.subtitle,
        lang: &pdf_lang(&doc.lang),
        timestamp,
    };
    let tags = tags::tag(&laid_out);
    write::write(&laid_out, &tags, fonts, subsets, &images, &meta)
        .map_err(|e| Box::new(Diagnostic::error(&doc.pdf_file, e)))
}

/// The PDF's /Lang: Finnish and Swedish as written in Finland.
fn pdf_lang(lang: &str) -> String {
    match lang {
        "fi" | "sv" => format!("{lang}-FI"),
        other => other.to_string(),
    }
}

/// Seconds since 1970 at midnight UTC of an ISO date `YYYY-MM-DD`.
fn unix_time(iso: &str) -> Option<i64> {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    // Days from civil, after Howard Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_become_unix_time() {
        assert_eq!(unix_time("1970-01-01"), Some(0));
        assert_eq!(unix_time("2018-12-14"), Some(1_544_745_600));
        assert_eq!(unix_time("2018-13-01"), None);
        assert_eq!(unix_time("soon"), None);
    }
}

#[cfg(test)]
pub(crate) mod layout_tests;

#[cfg(test)]
mod structure_tests;

#[cfg(test)]
mod hyphen_tests;
