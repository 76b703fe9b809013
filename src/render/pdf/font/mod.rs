//! The PDF fonts: parsed once per build from the theme's files, measured by the layout,
//! embedded by the writer.

pub mod cmap;
pub mod kern;
pub mod sfnt;

use printpdf::ParsedFont;

use crate::diagnostics::Diagnostic;
use crate::load::fonts::FontFile;

/// The faces the PDF uses, in the order of [`Style::index`].
pub use crate::load::fonts::FILES;

/// How many faces the PDF uses.
pub const FACES: usize = FILES.len();

/// The weight and slant of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Italic,
    Semibold,
    Bold,
    /// The monospace face, for codes a reader types or copies character by character.
    Mono,
}

impl Style {
    /// The face's place in [`FILES`].
    pub fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Italic => 1,
            Style::Semibold => 2,
            Style::Bold => 3,
            Style::Mono => 4,
        }
    }

    /// Every style, in the order of [`FILES`].
    pub const ALL: [Style; FACES] = [
        Style::Regular,
        Style::Italic,
        Style::Semibold,
        Style::Bold,
        Style::Mono,
    ];
}

/// The character the line breaker ends a hyphenated line with.
pub const SOFT_HYPHEN: char = '\u{ad}';

/// Characters below this code point have their advance cached, because the
/// guide text is almost entirely Latin-1 and a cmap lookup per character is slow.
const CACHED: usize = 0x2200;

/// One parsed face with the advances the line breaker needs.
pub struct Face {
    pub parsed: ParsedFont,
    /// The face's index in [`FILES`], which keys its embedded subsets.
    pub style: Style,
    units_per_em: f32,
    /// Advance in font units, by code point; `u16::MAX` when the font lacks the glyph.
    advances: Vec<u16>,
    /// Glyph id by code point below [`CACHED`]; 0 (`.notdef`) when the font lacks it.
    gids: Vec<u16>,
    /// The character each glyph stands for in text extraction: the lowest code point
    /// below [`CACHED`] the cmap maps to it, `'\0'` for none. Fixed per face, so a
    /// glyph set alone decides an embedded subset's ToUnicode map.
    chars: Vec<char>,
    /// Advance of the replacement, so that a missing glyph still takes room.
    fallback: u16,
    /// Kerning pairs, applied both when measuring and when drawing.
    kerning: crate::render::pdf::font::kern::Kerning,
    /// Ascender in font units, for vertical centring inside boxes.
    pub ascender: f32,
}

impl Face {
    fn new(parsed: ParsedFont, style: Style, bytes: &[u8]) -> Self {
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let ascender = f32::from(parsed.pdf_font_metrics.ascender);
        let mut gids =
            crate::render::pdf::font::cmap::glyphs_below(bytes, CACHED).unwrap_or_else(|| {
                (0..CACHED as u32)
                    .map(|c| parsed.lookup_glyph_index(c).unwrap_or(0))
                    .collect()
            });
        // A damaged table may name glyphs the font does not have.
        for gid in gids.iter_mut().filter(|g| **g >= parsed.num_glyphs) {
            *gid = 0;
        }
        // A line-end hyphen is text U+00AD (see `text::runs`) drawn with the hyphen's glyph;
        // the writer tags it so that it extracts as a soft hyphen, not as a real one.
        gids[usize::from(SOFT_HYPHEN as u8)] = gids[usize::from(b'-')];
        let advance = |gid: u16| (gid != 0).then(|| parsed.get_horizontal_advance(gid));
        let fallback = advance(gids[usize::from(b'?')]).unwrap_or(units_per_em as u16 / 2);
        let advances = gids
            .iter()
            .map(|gid| advance(*gid).unwrap_or(u16::MAX))
            .collect();
        let mut chars = vec!['\0'; usize::from(parsed.num_glyphs)];
        for (cp, gid) in gids.iter().enumerate().rev() {
            if let (Some(slot), Some(c)) =
                (chars.get_mut(usize::from(*gid)), char::from_u32(cp as u32))
                && *gid != 0
            {
                *slot = c;
            }
        }
        Face {
            parsed,
            style,
            units_per_em,
            advances,
            gids,
            chars,
            fallback,
            kerning: crate::render::pdf::font::kern::Kerning::parse(bytes),
            ascender,
        }
    }

    /// The glyph id of `c`, 0 (`.notdef`) when the face lacks it.
    pub fn gid(&self, c: char) -> u16 {
        let cp = c as usize;
        if cp < CACHED {
            self.gids[cp]
        } else {
            self.parsed.lookup_glyph_index(c as u32).unwrap_or(0)
        }
    }

    /// The character glyph `gid` extracts as, when it is the glyph of a code point below
    /// [`CACHED`].
    pub fn char_of(&self, gid: u16) -> Option<char> {
        self.chars
            .get(usize::from(gid))
            .copied()
            .filter(|c| *c != '\0')
    }

    /// Advance width of glyph `gid` in thousandths of an em, as a PDF `/W` array gives it.
    pub fn pdf_width(&self, gid: u16) -> i64 {
        (f32::from(self.parsed.get_horizontal_advance(gid)) * 1000.0 / self.units_per_em).round()
            as i64
    }

    /// Font units per em.
    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    fn advance(&self, c: char) -> u16 {
        let cp = c as usize;
        let units = if cp < CACHED {
            self.advances[cp]
        } else {
            self.parsed
                .lookup_glyph_index(c as u32)
                .map_or(u16::MAX, |gid| self.parsed.get_horizontal_advance(gid))
        };
        if units == u16::MAX {
            self.fallback
        } else {
            units
        }
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let cp = c as usize;
        if cp < CACHED {
            self.advances[cp] != u16::MAX
        } else {
            self.parsed.lookup_glyph_index(c as u32).is_some()
        }
    }

    /// One character of a run after the glyph `previous`: its advance and its kerning
    /// against `previous`, in font units, and its glyph.
    pub fn step(&self, previous: Option<u16>, c: char) -> (i32, i32, u16) {
        let gid = self.gid(c);
        let kern = previous.map_or(0, |left| i32::from(self.kerning.get(left, gid)));
        (i32::from(self.advance(c)), kern, gid)
    }

    /// Width of `text` at `size` points, kerned as the writer draws it.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let mut units = 0i32;
        let mut previous = None;
        for c in text.chars() {
            units += i32::from(self.advance(c));
            let gid = self.gid(c);
            if let Some(left) = previous {
                units += i32::from(self.kerning.get(left, gid));
            }
            previous = Some(gid);
        }
        units as f32 * size / self.units_per_em
    }

    /// The kerning between glyphs `left` and `right` in font units (negative: closer).
    pub fn kern_units(&self, left: u16, right: u16) -> i16 {
        self.kerning.get(left, right)
    }

    /// `units` of this face in thousandths of an em, as a `TJ` array needs a kerning
    /// (with the sign turned).
    pub fn thousandths(&self, units: i16) -> f32 {
        f32::from(units) * 1000.0 / self.units_per_em
    }

    /// How many glyph pairs the face kerns.
    pub fn kerning_pairs(&self) -> usize {
        self.kerning.len()
    }

    /// Height of the ascender above the baseline at `size` points.
    pub fn ascent(&self, size: f32) -> f32 {
        self.ascender * size / self.units_per_em
    }
}

/// The theme's four faces of its text family and its monospace face.
pub struct Fonts {
    faces: Vec<Face>,
}

impl Fonts {
    /// The face of `style`.
    pub fn face(&self, style: Style) -> &Face {
        &self.faces[style.index()]
    }

    /// Parses the faces from their bytes, given in the order of [`FILES`].
    /// `name` names each file in an error.
    pub fn from_bytes(files: [(&str, &[u8]); FACES]) -> Result<Fonts, Box<Diagnostic>> {
        let mut faces = Vec::with_capacity(FACES);
        for ((name, bytes), style) in files.into_iter().zip(Style::ALL) {
            faces.push(Face::new(parse(name, bytes)?, style, bytes));
        }
        Ok(Fonts { faces })
    }

    /// Parses the faces read from the theme ([`crate::load::fonts::read`]).
    pub fn from_files(files: &[FontFile]) -> Result<Fonts, Box<Diagnostic>> {
        if files.len() != FACES {
            return Err(Box::new(Diagnostic::error(
                "themes",
                format!("the PDF needs {FACES} font files, not {}", files.len()),
            )));
        }
        Fonts::from_bytes(std::array::from_fn(|i| {
            (files[i].shown.as_str(), &files[i].bytes[..])
        }))
    }
}

fn parse(name: &str, bytes: &[u8]) -> Result<ParsedFont, Box<Diagnostic>> {
    let mut warnings = Vec::new();
    // The parser is third-party code reading a file we do not control: a panic
    // inside it must become a diagnostic, not abort the build.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ParsedFont::from_bytes(bytes, 0, &mut warnings)
    }))
    .ok()
    .flatten();
    let parsed = parsed.filter(|font| font.lookup_glyph_index(u32::from('a')).is_some());
    parsed.ok_or_else(|| {
        Box::new(
            Diagnostic::error(name, "the PDF font cannot be parsed as a TrueType font")
                .hint("replace the file with a valid .ttf font"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_font_is_an_error_naming_the_file() {
        let garbage: &[u8] = b"not a font";
        let err = Fonts::from_bytes([
            ("a.ttf", garbage),
            ("b.ttf", garbage),
            ("c.ttf", garbage),
            ("d.ttf", garbage),
            ("e.ttf", garbage),
        ]);
        let Err(d) = err else {
            panic!("garbage parsed as a font");
        };
        assert!(format!("{d:?}").contains("a.ttf"));
    }

    #[test]
    fn theme_fonts_measure_finnish_letters() {
        let fonts =
            crate::driver::load_fonts(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), "default")
                .unwrap_or_else(|d| panic!("{d:?}"));
        let face = fonts.face(Style::Regular);
        assert!(face.width("ä", 10.0) > 3.0);
        assert!(face.width("mm", 10.0) > face.width("ii", 10.0));
        assert!(fonts.face(Style::Bold).width("ö", 10.0) > 0.0);
        let mono = fonts.face(Style::Mono);
        assert_eq!(mono.width("1111-2222", 10.0), mono.width("8888-0000", 10.0));
        assert_eq!(mono.width("i", 10.0), mono.width("m", 10.0));
    }
}
