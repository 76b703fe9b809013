//! Pages rendered with hayro into RGB pixels on white, at most A3 large.

use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::page::Page;
use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

/// The long and the short side of A3, in points: no picture is larger than A3 at the
/// chosen resolution, whatever size a page claims.
const A3_POINTS: (f32, f32) = (1190.55, 841.89);

/// A rendered page: RGB pixels, row by row from the top.
pub(super) struct Raster {
    pub rgb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// `bytes` read as a PDF; `which` ("old" or "new") names it in the error.
pub(super) fn open(bytes: &[u8], which: &str) -> Result<Pdf, String> {
    let read = catch_unwind(AssertUnwindSafe(|| Pdf::new(bytes.to_vec())));
    match read {
        Ok(Ok(pdf)) => Ok(pdf),
        Ok(Err(LoadPdfError::Decryption(_))) => Err(format!(
            "the {which} PDF is encrypted: compare PDFs saved without a password"
        )),
        Ok(Err(LoadPdfError::Invalid)) | Err(_) => Err(format!(
            "the {which} PDF cannot be read: it is not a PDF or it is damaged; \
             build it again with `opas build`"
        )),
    }
}

/// Page `number` of the `which` PDF rendered at `dpi`, scaled down to A3 when larger.
pub(super) fn render<'a>(
    page: &'a Page<'a>,
    cache: &RenderCache<'a>,
    dpi: f32,
    number: usize,
    which: &str,
) -> Result<Raster, String> {
    let (width, height) = page.render_dimensions();
    let scale = scale(width, height, dpi).ok_or_else(|| {
        format!("page {number} of the {which} PDF has no size that can be drawn ({width} × {height} points)")
    })?;
    let settings = PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: WHITE,
    };
    let drawn = catch_unwind(AssertUnwindSafe(|| {
        let interpreter = InterpreterSettings::default();
        hayro::render(
            page,
            cache,
            &interpreter,
            &RenderSettings::default(),
            &settings,
        )
    }))
    .map_err(|_| {
        format!(
            "page {number} of the {which} PDF cannot be rendered: the PDF renderer failed on it"
        )
    })?;
    let (w, h) = (u32::from(drawn.width()), u32::from(drawn.height()));
    if w == 0 || h == 0 {
        return Err(format!(
            "page {number} of the {which} PDF renders as an empty picture"
        ));
    }
    let rgb = drawn
        .data_as_u8_slice()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Ok(Raster {
        rgb,
        width: w,
        height: h,
    })
}

/// Pixels per point for a `width` × `height` point page at `dpi`, no larger than A3 at
/// `dpi` in either orientation; `None` for a page without a usable size.
pub(super) fn scale(width: f32, height: f32, dpi: f32) -> Option<f32> {
    let usable = |s: f32| s.is_finite() && s >= 1.0;
    if !usable(width) || !usable(height) {
        return None;
    }
    let (long, short) = (width.max(height), width.min(height));
    let fit = (A3_POINTS.0 / long).min(A3_POINTS.1 / short).min(1.0);
    Some(dpi / 72.0 * fit)
}
