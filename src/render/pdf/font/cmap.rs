//! The glyph of each code point below a limit, read straight from the font's Unicode
//! `cmap` subtable (format 4): one pass over its segments instead of a lookup per code
//! point, which was most of loading the fonts.

use crate::render::pdf::font::kern::{table, u16_at, u32_at};

/// Glyph ids of the code points `0..limit` (0 where the font has none), or `None` when the
/// font has no Windows Unicode BMP subtable of format 4 and each code point must be looked up.
pub fn glyphs_below(font: &[u8], limit: usize) -> Option<Vec<u16>> {
    let cmap = table(font, b"cmap")?;
    let sub = unicode_format4(cmap)?;
    let seg_count = usize::from(u16_at(sub, 6)? / 2);
    let ends = 14;
    let starts = ends + 2 * seg_count + 2;
    let deltas = starts + 2 * seg_count;
    let range_offsets = deltas + 2 * seg_count;
    let mut gids = vec![0u16; limit];
    for i in 0..seg_count {
        let end = usize::from(u16_at(sub, ends + 2 * i)?);
        let start = usize::from(u16_at(sub, starts + 2 * i)?);
        let delta = u16_at(sub, deltas + 2 * i)?;
        let range_at = range_offsets + 2 * i;
        let range_offset = usize::from(u16_at(sub, range_at)?);
        let last = end.min(limit.saturating_sub(1));
        for (c, slot) in gids.iter_mut().enumerate().take(last + 1).skip(start) {
            let gid = if range_offset == 0 {
                (c as u16).wrapping_add(delta)
            } else {
                match u16_at(sub, range_at + range_offset + 2 * (c - start))? {
                    0 => 0,
                    g => g.wrapping_add(delta),
                }
            };
            *slot = gid;
        }
    }
    Some(gids)
}

/// The format 4 subtable for Unicode: Windows (3, 1) first, else Unicode (0, 3).
fn unicode_format4(cmap: &[u8]) -> Option<&[u8]> {
    let count = usize::from(u16_at(cmap, 2)?);
    let find = |platform: u16, encoding: u16| {
        (0..count).find_map(|i| {
            let record = 4 + 8 * i;
            if u16_at(cmap, record)? != platform || u16_at(cmap, record + 2)? != encoding {
                return None;
            }
            let offset = usize::try_from(u32_at(cmap, record + 4)?).ok()?;
            let sub = cmap.get(offset..)?;
            let length = usize::from(u16_at(sub, 2)?);
            (u16_at(sub, 0)? == 4).then(|| sub.get(..length)).flatten()
        })
    };
    find(3, 1).or_else(|| find(0, 3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::font::FILES;

    #[test]
    fn every_code_point_maps_to_the_glyph_the_font_parser_finds() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/fonts");
        for file in FILES {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            let mut warnings = Vec::new();
            let parsed = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings).unwrap();
            let gids = glyphs_below(&bytes, 0x2200).expect("the theme's fonts have format 4");
            for (cp, gid) in gids.iter().enumerate() {
                let expected = parsed.lookup_glyph_index(cp as u32).unwrap_or(0);
                assert_eq!(*gid, expected, "{file}: U+{cp:04X}");
            }
        }
    }

    #[test]
    fn a_damaged_table_is_none_not_a_panic() {
        assert_eq!(glyphs_below(b"not a font at all", 256), None);
        let mut font = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/static/fonts/OpenSans-Regular.ttf"),
        )
        .unwrap();
        font.truncate(font.len() / 3);
        let _ = glyphs_below(&font, 0x2200);
    }
}
