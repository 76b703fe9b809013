//! Rendering one municipality's documents into the files of its guides, in memory: the
//! page, the PDF and the screenshots of each, with the manifest entry that describes them.

use crate::compose::controls::one_line;
use crate::compose::model::Document;
use crate::diagnostics::Diagnostic;
use crate::driver::urls::{doc_dir, page_links};
use crate::load::municipality::Municipality;
use crate::load::project::{Loaded, LocalFiles, Locals, ScreenshotFile};
use crate::load::theme::Theme;
use crate::render::html::{self, PageLinks};
use crate::render::pdf::{self, Fonts, Subsets};
use crate::write::incremental;
use crate::write::output::{Manifest, ManifestEntry};

/// Largest page, in bytes: a guide's page is about 10 KB.
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;
/// Largest PDF, in bytes: a guide's PDF is under 100 KB without screenshots, and one
/// municipality's screenshots add up to at most 100 MB.
pub const MAX_PDF_BYTES: usize = 128 * 1024 * 1024;

/// A file to write: its path in the output folder and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// The bytes of a file of the last build still in place in the output folder, if any.
pub type InPlace<'a> = dyn Fn(&str) -> Option<Vec<u8>> + Sync + 'a;

/// One guide in one language: its manifest entry and its files (none when unchanged).
pub struct Rendered {
    pub entry: ManifestEntry,
    pub files: Vec<OutputFile>,
}

/// What rendering every municipality shares.
pub struct Renderer<'a> {
    pub loaded: &'a Loaded,
    pub theme: &'a Theme,
    pub fonts: &'a Fonts,
    pub subsets: &'a Subsets,
    pub fingerprint: u64,
    pub base_url: Option<&'a str>,
    /// The last build's manifest, and the files still in place: a guide whose inputs hash
    /// as they did then, and whose files still hold what was written, is not rendered
    /// again. `None` renders all.
    pub unchanged: Option<(&'a Manifest, &'a InPlace<'a>)>,
}

impl Renderer<'_> {
    /// The guides of municipality `m` made from `docs`; an error in any of them fails all.
    pub fn municipality(
        &self,
        m: &Municipality,
        locals: &Locals,
        docs: &[Document],
    ) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
        let dirs: Vec<String> = docs.iter().map(|d| doc_dir(self.loaded, m, d)).collect();
        let mut out = Vec::with_capacity(docs.len());
        for (doc, dir) in docs.iter().zip(&dirs) {
            let siblings: Vec<(&Document, &String)> = docs
                .iter()
                .zip(&dirs)
                .filter(|(other, other_dir)| other.guide == doc.guide && *other_dir != dir)
                .collect();
            let links = page_links(self.base_url, doc, dir, &siblings);
            let local = locals.get(&(doc.guide.clone(), doc.lang.clone()));
            out.push(self.guide(m, doc, dir, links, local)?);
        }
        Ok(out)
    }

    /// Renders one guide's page and PDF unless its inputs are unchanged.
    fn guide(
        &self,
        m: &Municipality,
        doc: &Document,
        dir: &str,
        links: PageLinks,
        local: Option<&LocalFiles>,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let pdf_path = format!("{dir}/{}", doc.pdf_file);
        let html_path = format!("{dir}/index.html");
        let shots: Vec<&ScreenshotFile> = local
            .map(|l| l.screenshots.values().collect())
            .unwrap_or_default();
        let hash = incremental::guide_hash(self.fingerprint, doc, &links, shots.iter().copied());
        let shot_paths: Vec<String> = shots
            .iter()
            .map(|s| format!("{dir}/screenshots/{}", s.file_name))
            .collect();
        let all_paths: Vec<&String> = [&html_path, &pdf_path]
            .into_iter()
            .chain(&shot_paths)
            .collect();
        let kept = self.unchanged.and_then(|(previous, in_place)| {
            let last = previous.guides.iter().find(|g| {
                g.municipality == m.slug
                    && g.guide == doc.guide
                    && g.lang == doc.lang
                    && g.hash == hash
                    && g.pdf.as_deref() == Some(&pdf_path)
            })?;
            // Every file must still be in place and hold what was written.
            let bytes: Vec<Vec<u8>> = all_paths
                .iter()
                .map(|f| in_place(f))
                .collect::<Option<_>>()?;
            let content = incremental::content_hash(
                all_paths
                    .iter()
                    .map(|p| p.as_str())
                    .zip(bytes.iter().map(Vec::as_slice)),
            );
            // The PDF is the second of the paths.
            (content == last.content).then(|| (content, bytes[1].len()))
        });
        let mut files = Vec::new();
        let (content, pdf_len) = if let Some(kept) = kept {
            kept
        } else {
            let pdf = pdf::render(doc, self.fonts, self.subsets).map_err(|d| vec![*d])?;
            let page = html::render_guide(self.theme, doc, &links).map_err(|d| vec![d])?;
            too_large(&html_path, page.len(), MAX_PAGE_BYTES)?;
            too_large(&pdf_path, pdf.len(), MAX_PDF_BYTES)?;
            for (shot, path) in shots.iter().zip(&shot_paths) {
                files.push((path.clone(), shot.bytes.to_vec()));
            }
            let pdf_len = pdf.len();
            files.push((html_path.clone(), page.into_bytes()));
            files.push((pdf_path.clone(), pdf));
            let content =
                incremental::content_hash(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
            (content, pdf_len)
        };
        let entry = ManifestEntry {
            municipality: m.slug.clone(),
            guide: doc.guide.clone(),
            lang: doc.lang.clone(),
            title: one_line(&doc.title).into_owned(),
            date: doc.date_iso.clone(),
            html: html_path,
            pdf: Some(pdf_path),
            pdf_bytes: u64::try_from(pdf_len).ok(),
            issuer: one_line(&doc.issuer).into_owned(),
            date_text: one_line(&doc.date_text).into_owned(),
            language_name: one_line(&doc.strings.language_name).into_owned(),
            hash,
            content,
        };
        Ok(Rendered { entry, files })
    }
}

/// An error when the file `path` of `len` bytes is larger than `max`.
fn too_large(path: &str, len: usize, max: usize) -> Result<(), Vec<Diagnostic>> {
    if len <= max {
        return Ok(());
    }
    Err(vec![
        Diagnostic::error(
            path,
            format!(
                "the file would be {} MB, more than the {} MB allowed",
                len.div_ceil(1024 * 1024),
                max / (1024 * 1024)
            ),
        )
        .hint("show fewer or smaller screenshots and screens in the guide"),
    ])
}
