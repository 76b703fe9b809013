//! Two PDFs compared page by page as pictures, for `opas diff`: the pages whose rendering
//! differs, each rendered old and new with the changed regions outlined in red.
//!
//! Pure: bytes in, pictures out. Pages are paired by number. A page whose content, resources
//! and boxes are byte for byte the same in both files ([`fingerprint`]) is not rendered;
//! the others are rendered with hayro ([`raster`]), compared pixel by pixel, and the
//! differing pixels grouped into a handful of rectangles ([`regions`]) that [`picture`]
//! outlines before the pictures are encoded as PNG.
//!
//! The work is bounded: at most [`PagesOptions::max_pages`] pages a file, pictures no
//! larger than A3, no stream inflating past 64 MB or image past 100 million pixels
//! ([`guard`]), panics of the parser or the renderer caught. Streams inside object streams
//! and the page tree are inflated by the parser before the guard can see them.

mod fingerprint;
mod guard;
#[cfg(test)]
mod hostile_tests;
mod picture;
mod raster;
mod regions;
#[cfg(test)]
mod tests;

use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro::RenderCache;
use hayro::hayro_syntax::Pdf;
use hayro::hayro_syntax::page::Page;

use raster::Raster;

/// A rendered page, PNG bytes, and its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePicture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A changed rectangle, in pixels of the pictures (top-left origin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// One page that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageChange {
    /// 1-based page number (of the new PDF; of the old one when the page was removed).
    pub page: usize,
    /// `None`: the page was added.
    pub old: Option<PagePicture>,
    /// `None`: the page was removed.
    pub new: Option<PagePicture>,
    /// The changed regions, marked on both pictures already (a red outline), merged so a
    /// page has a handful, not thousands. An added or removed page is one region, the page.
    pub regions: Vec<Region>,
}

/// How the pages are rendered and how many are compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PagesOptions {
    /// Pixels per inch of the pictures, at most [`MAX_DPI`]; a page larger than A3 is
    /// scaled down to A3 at this resolution.
    pub dpi: f32,
    /// A PDF with more pages than this is refused rather than compared.
    pub max_pages: usize,
}

impl Default for PagesOptions {
    fn default() -> Self {
        Self {
            dpi: 70.0,
            max_pages: 200,
        }
    }
}

/// The highest resolution accepted: an A3 page at 300 dpi is 3508 × 4961 pixels, 52 MB
/// for its RGB pixels.
pub const MAX_DPI: f32 = 300.0;

/// The pages that differ between `old` and `new`, rendered with hayro; pages whose
/// rendering is identical are not returned. Bad or hostile PDFs give an Err with a message,
/// never a panic or a hang.
pub fn changed_pages(
    old: &[u8],
    new: &[u8],
    opts: &PagesOptions,
) -> Result<Vec<PageChange>, String> {
    check_options(opts)?;
    let old = raster::open(old, "old")?;
    let new = raster::open(new, "new")?;
    // The parser and the rasteriser are third-party code reading files we do not control:
    // a panic of theirs is an error of this comparison, never an abort of opas.
    catch_unwind(AssertUnwindSafe(|| compare(&old, &new, opts))).unwrap_or_else(|_| {
        Err("the PDFs cannot be compared: reading them failed inside the PDF renderer".into())
    })
}

fn check_options(opts: &PagesOptions) -> Result<(), String> {
    if !(opts.dpi.is_finite() && opts.dpi >= 1.0 && opts.dpi <= MAX_DPI) {
        return Err(format!(
            "the resolution {} dpi cannot be used to compare pages: choose one from 1 to {MAX_DPI}",
            opts.dpi
        ));
    }
    Ok(())
}

fn compare(old: &Pdf, new: &Pdf, opts: &PagesOptions) -> Result<Vec<PageChange>, String> {
    guard::check(old, "old", guard::MAX_INFLATED)?;
    guard::check(new, "new", guard::MAX_INFLATED)?;
    let (old_pages, new_pages) = (old.pages(), new.pages());
    check_count(old_pages.len(), "old", opts)?;
    check_count(new_pages.len(), "new", opts)?;
    let old_prints = fingerprint::pages(old_pages);
    let new_prints = fingerprint::pages(new_pages);
    let caches = (RenderCache::new(), RenderCache::new());
    let mut changes = Vec::new();
    for index in 0..old_pages.len().max(new_pages.len()) {
        let pair = (old_pages.get(index), new_pages.get(index));
        let same = matches!((old_prints.get(index), new_prints.get(index)),
            (Some(Some(a)), Some(Some(b))) if a == b);
        if same {
            continue;
        }
        if let Some(change) = compare_page(index + 1, pair, &caches, opts)? {
            changes.push(change);
        }
    }
    Ok(changes)
}

fn check_count(pages: usize, which: &str, opts: &PagesOptions) -> Result<(), String> {
    if pages > opts.max_pages {
        return Err(format!(
            "the {which} PDF has {pages} pages, more than the {} compared page by page: \
             compare shorter documents or raise the page limit",
            opts.max_pages
        ));
    }
    Ok(())
}

/// Page `page` (1-based) of both files, rendered and compared; `None` when the pictures
/// are the same.
fn compare_page<'a>(
    page: usize,
    pair: (Option<&'a Page<'a>>, Option<&'a Page<'a>>),
    caches: &(RenderCache<'a>, RenderCache<'a>),
    opts: &PagesOptions,
) -> Result<Option<PageChange>, String> {
    let render = |p: Option<&'a Page<'a>>, cache, which| {
        p.map(|p| raster::render(p, cache, opts.dpi, page, which))
            .transpose()
    };
    let mut old = render(pair.0, &caches.0, "old")?;
    let mut new = render(pair.1, &caches.1, "new")?;
    let regions = match (&old, &new) {
        (Some(o), Some(n)) => match regions::changed(o, n) {
            Some(regions) => regions,
            None => return Ok(None),
        },
        (Some(only), None) | (None, Some(only)) => vec![whole(only)],
        (None, None) => return Ok(None),
    };
    for raster in old.iter_mut().chain(new.iter_mut()) {
        picture::outline(raster, &regions);
    }
    Ok(Some(PageChange {
        page,
        old: old.map(picture::png).transpose()?,
        new: new.map(picture::png).transpose()?,
        regions,
    }))
}

fn whole(raster: &Raster) -> Region {
    Region {
        x: 0,
        y: 0,
        width: raster.width,
        height: raster.height,
    }
}
