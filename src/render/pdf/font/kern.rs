//! Kerning pairs of a TrueType face, read from its `kern` table (format 0 subtables).
//!
//! Open Sans keeps all of its kerning (18,694 pairs) there and has an empty GPOS, so the
//! pairs need no shaper: the line breaker and the writer look up the same table, and what
//! a line measures is what it draws.

/// Kerning adjustments in font units by (left glyph, right glyph).
#[derive(Default)]
pub struct Kerning {
    /// (left glyph << 16 | right glyph, adjustment), sorted by key, each key once.
    pairs: Vec<(u32, i16)>,
    /// Every pair of glyphs below [`DENSE`] by `left * DENSE + right`, zero for none: the
    /// letters, digits and punctuation of running text, looked up without a search.
    dense: Vec<i16>,
}

/// Glyph ids below this are kerned from the dense table (in Open Sans, every letter of
/// Finnish, Swedish and English and the common punctuation).
const DENSE: usize = 256;

impl Kerning {
    /// The pairs of the font `data`; none when it has no `kern` table this reader knows.
    ///
    /// Reading is two passes without hashing: fonts are loaded at the start of every build.
    pub fn parse(data: &[u8]) -> Kerning {
        let mut pairs = Vec::new();
        if let Some(table) = table(data, b"kern") {
            read_pairs(table, &mut pairs);
        }
        // Format 0 stores pairs sorted; a font that does not is sorted here.
        if !pairs.is_sorted_by(|a, b| a.0 < b.0) {
            pairs.sort_by_key(|p| p.0);
            pairs.dedup_by_key(|p| p.0);
        }
        if pairs.is_empty() {
            return Kerning::default();
        }
        let mut dense = vec![0i16; DENSE * DENSE];
        for (key, v) in &pairs {
            let (left, right) = ((key >> 16) as usize, (key & 0xffff) as usize);
            if left < DENSE && right < DENSE {
                dense[left * DENSE + right] = *v;
            }
        }
        Kerning { pairs, dense }
    }

    /// The adjustment between glyphs `left` and `right`, in font units (negative: closer).
    pub fn get(&self, left: u16, right: u16) -> i16 {
        let (l, r) = (usize::from(left), usize::from(right));
        if l < DENSE && r < DENSE {
            return self.dense.get(l * DENSE + r).copied().unwrap_or(0);
        }
        let key = u32::from(left) << 16 | u32::from(right);
        self.pairs
            .binary_search_by_key(&key, |p| p.0)
            .map_or(0, |i| self.pairs[i].1)
    }

    /// How many pairs the face kerns.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the face kerns no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

pub(super) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

pub(super) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16_at(data, at)?) << 16 | u32::from(u16_at(data, at + 2)?))
}

/// The bytes of table `tag` in an sfnt font.
pub(super) fn table<'a>(data: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(u16_at(data, 4)?);
    (0..count).find_map(|i| {
        let record = 12 + 16 * i;
        if data.get(record..record + 4)? != tag {
            return None;
        }
        let offset = usize::try_from(u32_at(data, record + 8)?).ok()?;
        let length = usize::try_from(u32_at(data, record + 12)?).ok()?;
        data.get(offset..offset.checked_add(length)?)
    })
}

/// Reads the horizontal format 0 subtables of a Microsoft `kern` table (version 0).
fn read_pairs(kern: &[u8], pairs: &mut Vec<(u32, i16)>) {
    if u16_at(kern, 0) != Some(0) {
        return; // Apple's version 1 layout: not used by the theme's fonts.
    }
    let subtables = u16_at(kern, 2).unwrap_or(0);
    let mut at = 4;
    for _ in 0..subtables {
        let (Some(coverage), Some(n)) = (u16_at(kern, at + 4), u16_at(kern, at + 6)) else {
            return;
        };
        let format = coverage >> 8;
        // Horizontal, kerning values (not minimums), not cross-stream.
        let usable = format == 0 && coverage & 0b111 == 0b001;
        let n = usize::from(n);
        if format != 0 {
            // Only format 0 is read; the subtable's own length leads past others.
            let Some(length) = u16_at(kern, at + 2) else {
                return;
            };
            at += usize::from(length);
            continue;
        }
        // The length field is 16 bits and overflows in fonts with many pairs: the pair
        // count gives the true size.
        let first = at + 14;
        if usable {
            // Whole records only: a truncated table gives the pairs it holds.
            let records = kern.get(first..).unwrap_or_default();
            let records = &records[..records.len().min(6 * n)];
            pairs.reserve(records.len() / 6);
            pairs.extend(records.chunks_exact(6).map(|r| {
                let key = u32::from_be_bytes([r[0], r[1], r[2], r[3]]);
                (key, i16::from_be_bytes([r[4], r[5]]))
            }));
            if records.len() < 6 * n {
                return;
            }
        }
        at = first + 6 * n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font(kern: &[u8]) -> Vec<u8> {
        let mut data = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        data.extend_from_slice(b"kern");
        data.extend_from_slice(&[0; 4]);
        data.extend_from_slice(&28u32.to_be_bytes());
        data.extend_from_slice(&(kern.len() as u32).to_be_bytes());
        data.extend_from_slice(kern);
        data
    }

    #[test]
    fn format_0_pairs_are_read_and_a_truncated_table_is_no_panic() {
        let mut kern = vec![0, 0, 0, 1, 0, 0, 0, 26, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0];
        kern.extend_from_slice(&[0, 5, 0, 7, 0xff, 0xce]); // 5,7: -50
        kern.extend_from_slice(&[0, 7, 0, 5, 0, 10]); // 7,5: +10
        kern.extend_from_slice(&[1, 44, 0, 5, 0, 3]); // 300,5: +3, past the dense table
        kern[11] = 3; // three pairs
        let k = Kerning::parse(&font(&kern));
        assert_eq!((k.get(5, 7), k.get(7, 5), k.get(5, 5)), (-50, 10, 0));
        assert_eq!((k.get(300, 5), k.get(300, 7), k.get(5, 300)), (3, 0, 0));
        for cut in 0..kern.len() {
            let _ = Kerning::parse(&font(&kern[..cut]));
        }
        assert!(Kerning::parse(b"not a font").is_empty());
    }
}
