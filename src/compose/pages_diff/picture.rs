//! The pictures finished: the changed regions outlined in red, then encoded as PNG.

use image::ImageEncoder;
use image::codecs::png::PngEncoder;

use super::raster::Raster;
use super::{PagePicture, Region};

/// The outline's width in pixels, drawn just outside the region where there is room.
const WIDTH: u32 = 2;
const RED: [u8; 3] = [230, 0, 0];

/// A red outline around each of `regions` on `raster`.
pub(super) fn outline(raster: &mut Raster, regions: &[Region]) {
    for region in regions {
        let x0 = region.x.saturating_sub(WIDTH);
        let y0 = region.y.saturating_sub(WIDTH);
        let x1 = (region.x + region.width + WIDTH).min(raster.width);
        let y1 = (region.y + region.height + WIDTH).min(raster.height);
        let (inner_x, inner_y) = (
            x1.saturating_sub(WIDTH).max(x0),
            y1.saturating_sub(WIDTH).max(y0),
        );
        fill(raster, (x0, y0), (x1, (y0 + WIDTH).min(y1)));
        fill(raster, (x0, inner_y), (x1, y1));
        fill(raster, (x0, y0), ((x0 + WIDTH).min(x1), y1));
        fill(raster, (inner_x, y0), (x1, y1));
    }
}

/// The pixels from `from` up to, not including, `to` painted red.
fn fill(raster: &mut Raster, from: (u32, u32), to: (u32, u32)) {
    for y in from.1..to.1 {
        for x in from.0..to.0 {
            let start = (y as usize * raster.width as usize + x as usize) * 3;
            raster.rgb[start..start + 3].copy_from_slice(&RED);
        }
    }
}

/// `raster` as a PNG picture.
pub(super) fn png(raster: Raster) -> Result<PagePicture, String> {
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(
            &raster.rgb,
            raster.width,
            raster.height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| format!("a page picture cannot be encoded as PNG: {e}"))?;
    Ok(PagePicture {
        png,
        width: raster.width,
        height: raster.height,
    })
}
