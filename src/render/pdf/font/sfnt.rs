//! Trimming a subset TrueType program to what a PDF reader draws a CIDFontType2 with.
//!
//! A CIDFontType2 is drawn by glyph id through `/CIDToGIDMap /Identity`: the glyph names
//! (`post`), naming strings (`name`), kerning and layout tables are never read. The hinting (glyph instructions
//! and the `fpgm`, `prep` and `cvt ` tables they call) only snaps outlines to the pixel
//! grid of small screens; readers draw the outlines without it, and it was a third of the
//! glyph data. What is left is the glyph outlines, their metrics, `head`, `maxp` and the
//! subset's `cmap`, with true checksums.

/// The tables a reader draws an embedded CIDFontType2 with (ISO 32000-1, 9.9), and the
/// subset's `cmap`; every other table is left out.
const DRAWN: [[u8; 4]; 7] = [
    *b"glyf", *b"loca", *b"head", *b"hhea", *b"hmtx", *b"maxp", *b"cmap",
];

/// The hinting tables, left out once no glyph calls them.
const HINTING: [[u8; 4]; 3] = [*b"fpgm", *b"prep", *b"cvt "];

/// `font` with only the tables a PDF reader draws with and, when its glyphs can be read,
/// without hinting; `font` itself when its table directory cannot be read.
pub fn slim(font: &[u8]) -> Vec<u8> {
    let Some(tables) = directory(font) else {
        return font.to_vec();
    };
    let unhinted = unhinted(&tables);
    let mut kept: Vec<([u8; 4], &[u8])> = Vec::with_capacity(tables.len());
    for (tag, data) in &tables {
        let replaced = match (&unhinted, tag) {
            (Some((glyf, _)), b"glyf") => glyf.as_slice(),
            (Some((_, loca)), b"loca") => loca.as_slice(),
            (None, t) if HINTING.contains(t) => data,
            (_, t) if !DRAWN.contains(t) => continue,
            _ => data,
        };
        kept.push((*tag, replaced));
    }
    let head = kept.iter().position(|(tag, _)| tag == b"head");
    assemble(font, &kept, head)
}

/// The tables of `font` by tag, in directory order; `None` if the directory is broken.
fn directory(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let count = usize::from(u16_at(font, 4)?);
    (0..count)
        .map(|i| {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = u32_at(font, record + 8)? as usize;
            let length = u32_at(font, record + 12)? as usize;
            Some((tag, font.get(offset..offset.checked_add(length)?)?))
        })
        .collect()
}

/// New `glyf` and `loca` tables without glyph instructions; `None` when the font has no
/// outlines this can read.
fn unhinted(tables: &[([u8; 4], &[u8])]) -> Option<(Vec<u8>, Vec<u8>)> {
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let (head, maxp) = (table(b"head")?, table(b"maxp")?);
    let (loca, glyf) = (table(b"loca")?, table(b"glyf")?);
    let long = u16_at(head, 50)? != 0;
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let offset = |i: usize| -> Option<usize> {
        if long {
            Some(u32_at(loca, 4 * i)? as usize)
        } else {
            Some(usize::from(u16_at(loca, 2 * i)?) * 2)
        }
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(loca.len());
    let mut start = offset(0)?;
    for i in 0..glyphs {
        push_offset(&mut new_loca, new_glyf.len(), long)?;
        let end = offset(i + 1)?;
        strip_glyph(glyf.get(start..end)?, &mut new_glyf)?;
        start = end;
    }
    push_offset(&mut new_loca, new_glyf.len(), long)?;
    Some((new_glyf, new_loca))
}

fn push_offset(loca: &mut Vec<u8>, offset: usize, long: bool) -> Option<()> {
    if long {
        loca.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
    } else {
        loca.extend_from_slice(&u16::try_from(offset / 2).ok()?.to_be_bytes());
    }
    Some(())
}

/// Appends `glyph` without its instructions, padded to an even length.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
    if glyph.is_empty() {
        return Some(());
    }
    let contours = i16::from_be_bytes(glyph.get(..2)?.try_into().ok()?);
    if contours >= 0 {
        // Header, end points of contours, instruction length, instructions, outline.
        let at = 10 + 2 * usize::from(contours as u16);
        let length = usize::from(u16_at(glyph, at)?);
        let outline = glyph.get(at + 2 + length..)?;
        out.extend_from_slice(glyph.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(outline);
    } else {
        out.extend_from_slice(glyph.get(..10)?);
        strip_components(glyph, out)?;
    }
    if out.len() % 2 == 1 {
        out.push(0);
    }
    Some(())
}

/// Appends the components of composite `glyph` with the flag that announces instructions
/// cleared, and leaves the instructions after them out.
fn strip_components(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
    const WORDS: u16 = 0x1;
    const SCALE: u16 = 0x8;
    const MORE: u16 = 0x20;
    const XY_SCALE: u16 = 0x40;
    const TWO_BY_TWO: u16 = 0x80;
    const INSTRUCTIONS: u16 = 0x100;
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        let arguments = if flags & WORDS != 0 { 4 } else { 2 };
        let transform = match () {
            _ if flags & SCALE != 0 => 2,
            _ if flags & XY_SCALE != 0 => 4,
            _ if flags & TWO_BY_TWO != 0 => 8,
            _ => 0,
        };
        let size = 4 + arguments + transform;
        out.extend_from_slice(&(flags & !INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(glyph.get(at + 2..at + size)?);
        at += size;
        if flags & MORE == 0 {
            return Some(());
        }
    }
}

/// An sfnt file of `tables` with `font`'s version, true table checksums and, when `head`
/// is the index of the head table, its whole-file checksum adjustment.
fn assemble(font: &[u8], tables: &[([u8; 4], &[u8])], head: Option<usize>) -> Vec<u8> {
    let count = tables.len() as u16;
    let size: usize = tables.iter().map(|(_, d)| d.len().div_ceil(4) * 4).sum();
    let mut out = Vec::with_capacity(12 + 16 * tables.len() + size);
    out.extend_from_slice(&font[..4]);
    out.extend_from_slice(&count.to_be_bytes());
    // searchRange, entrySelector, rangeShift for the new count.
    let power = if count == 0 {
        0
    } else {
        15 - count.leading_zeros() as u16
    };
    let range = (1u16 << power) * 16;
    for v in [range, power, (count * 16).saturating_sub(range)] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut adjustment_at = None;
    for (i, (tag, data)) in tables.iter().enumerate() {
        let sum = if Some(i) == head {
            adjustment_at = Some(offset + 8);
            checksum_without_adjustment(data)
        } else {
            checksum(data)
        };
        out.extend_from_slice(tag);
        out.extend_from_slice(&sum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = adjustment_at.filter(|at| at + 4 <= out.len()) {
        out[at..at + 4].fill(0);
        let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The sfnt checksum: the sum of big-endian 32-bit words, the last padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The checksum of a `head` table, read as if its checksum adjustment were zero.
fn checksum_without_adjustment(head: &[u8]) -> u32 {
    let adjustment = u32_at(head, 8).unwrap_or(0);
    checksum(head).wrapping_sub(adjustment)
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
#[path = "sfnt_tests.rs"]
mod tests;
