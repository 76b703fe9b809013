//! Fonts embedded in PDFs: each (face, glyph set) is subset, compressed and described once
//! per build, and every PDF drawing the same glyphs of that face shares the result.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use crate::render::pdf::font::sfnt;
use crate::render::pdf::font::{FILES, Face, Style};
use crate::render::pdf::write::deflate;
use crate::render::pdf::write::serialize::{Written, push_name, reference, write_object};

/// The glyphs of one face a PDF draws, ascending, with the character each extracts as.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GlyphSet(Vec<(u16, char)>);

/// Collects the glyphs of one face while a PDF's text is encoded.
pub struct Collector {
    /// One bit per glyph id.
    bits: Vec<u64>,
    /// Characters for glyphs the face's fixed map does not name.
    extra: BTreeMap<u16, char>,
}

impl Collector {
    /// An empty collection for `face`.
    pub fn new(face: &Face) -> Self {
        Collector {
            bits: vec![0; usize::from(face.parsed.num_glyphs) / 64 + 1],
            extra: BTreeMap::new(),
        }
    }

    /// Notes the glyphs of `text`.
    pub fn add(&mut self, face: &Face, text: &str) {
        for c in text.chars() {
            let gid = face.gid(c);
            let (word, bit) = (usize::from(gid) / 64, gid % 64);
            if gid == 0 || word >= self.bits.len() || self.bits[word] & (1 << bit) != 0 {
                continue;
            }
            self.bits[word] |= 1 << bit;
            if face.char_of(gid).is_none() {
                self.extra.insert(gid, c);
            }
        }
    }

    /// Whether no glyph was drawn.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    /// The glyph set collected.
    pub fn finish(self, face: &Face) -> GlyphSet {
        let mut set = Vec::new();
        for (w, word) in self.bits.iter().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                let gid = (w * 64) as u16 + bits.trailing_zeros() as u16;
                bits &= bits - 1;
                let c = face.char_of(gid).or_else(|| self.extra.get(&gid).copied());
                set.push((gid, c.unwrap_or('\u{fffd}')));
            }
        }
        GlyphSet(set)
    }
}

/// One face subset to a glyph set, ready to be added to any PDF.
#[derive(Debug)]
pub struct Embedded {
    /// `/BaseFont`: a six-letter tag of the glyph set, `+`, the face's PostScript name.
    pub base_font: String,
    /// The subset's TrueType program, deflated when that helped.
    program: Vec<u8>,
    program_len: usize,
    program_deflated: bool,
    /// The ToUnicode CMap, deflated when that helped.
    to_unicode: Vec<u8>,
    to_unicode_deflated: bool,
    /// The code drawing each glyph of the face, by its original glyph id; 0 for glyphs
    /// outside the set.
    codes: Vec<u16>,
    /// Whether every code is below 256 and written as one byte (see [`ONE_BYTE_CMAP`]).
    one_byte: bool,
    /// The font descriptor as written, without its font file and closing `>>`.
    descriptor_head: Vec<u8>,
    /// The CIDFont dictionary as written (with its widths), without its descriptor and
    /// closing `>>`.
    cid_font_head: Vec<u8>,
}

/// A new object of `doc`, written: the open dictionary `head`, then `key` referring to
/// `target`, and the closing `>>`.
fn closed(
    doc: &mut lopdf::Document,
    written: &mut Written,
    head: &[u8],
    key: &[u8],
    target: ObjectId,
) -> ObjectId {
    let id = doc.new_object_id();
    written.object(id.0, |out| {
        out.extend_from_slice(head);
        out.extend_from_slice(key);
        reference(out, target);
        out.extend_from_slice(b">>");
    });
    id
}

/// `dict` as written, without its closing `>>`, for entries to be added after it.
fn open_dictionary(dict: Dictionary) -> Vec<u8> {
    let mut out = Vec::new();
    write_object(&mut out, &Object::Dictionary(dict));
    out.truncate(out.len() - 2);
    out
}

/// The CMap of fonts whose codes are one byte: code `c` selects CID `c` (and, through
/// the Identity CIDToGIDMap, glyph `c` of the subset). A guide draws fewer than 256 glyphs
/// of a face, so its text takes one byte a glyph instead of Identity-H's two. PDF/A-2
/// (6.2.11.3.3) wants a CMap outside ISO 32000-1's Table 118 embedded, with the same
/// WMode in the stream and its dictionary, and the CIDSystemInfo of the CIDFont's.
const ONE_BYTE_CMAP: &str = "%!PS-Adobe-3.0 Resource-CMap\n\
/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo 3 dict dup begin\n/Registry (Adobe) def\n/Ordering (Identity) def\n\
/Supplement 0 def\nend def\n/CMapName /OneByteIdentity def\n/CMapType 1 def\n\
/WMode 0 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
1 begincidrange\n<00> <FF> 0\nendcidrange\nendcmap\n\
CMapName currentdict /CMap defineresource pop\nend\nend\n";

/// `/CIDSystemInfo` of the fonts and of the one-byte CMap: Adobe-Identity-0.
fn identity_system_info() -> Object {
    Object::Dictionary(Dictionary::from_iter(vec![
        (
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        ),
        (
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        ),
        ("Supplement", Object::Integer(0)),
    ]))
}

/// Adds the one-byte CMap stream to `doc`, for the `/Encoding` of one-byte fonts.
pub fn add_one_byte_cmap(doc: &mut lopdf::Document) -> ObjectId {
    static PACKED: std::sync::OnceLock<(Vec<u8>, bool)> = std::sync::OnceLock::new();
    let (bytes, deflated) = PACKED.get_or_init(|| packed(ONE_BYTE_CMAP.as_bytes(), deflate::best));
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"CMap".to_vec())),
        ("CMapName", Object::Name(b"OneByteIdentity".to_vec())),
        ("CIDSystemInfo", identity_system_info()),
        ("WMode", Object::Integer(0)),
    ]);
    if *deflated {
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    }
    doc.add_object(Stream::new(dict, bytes.clone()).with_compression(false))
}

impl Embedded {
    /// The code that draws glyph `gid` of the face with this font.
    pub fn code(&self, gid: u16) -> u16 {
        self.codes.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// Whether codes are written as one byte, the font's `/Encoding` being the one-byte
    /// CMap ([`add_one_byte_cmap`]); otherwise as two, under Identity-H.
    pub fn one_byte(&self) -> bool {
        self.one_byte
    }

    /// Adds the font's objects to `doc` and `written` and returns the id of its Type0
    /// font dictionary; `one_byte_cmap` is the CMap stream a one-byte font names as its
    /// encoding, added to `doc` when any of its fonts is one-byte. The dictionaries were
    /// written once, when the subset was made: only their references are written here.
    pub fn add_to(
        &self,
        doc: &mut lopdf::Document,
        written: &mut Written,
        one_byte_cmap: Option<ObjectId>,
    ) -> ObjectId {
        let stream = |mut dict: Dictionary, bytes: &[u8], deflated: bool| {
            if deflated {
                dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            }
            Stream::new(dict, bytes.to_vec()).with_compression(false)
        };
        let mut program_dict = Dictionary::new();
        program_dict.set("Length1", Object::Integer(self.program_len as i64));
        let program = doc.add_object(stream(program_dict, &self.program, self.program_deflated));
        let to_unicode = doc.add_object(stream(
            Dictionary::new(),
            &self.to_unicode,
            self.to_unicode_deflated,
        ));
        let descriptor = closed(doc, written, &self.descriptor_head, b"/FontFile2", program);
        let cid_font = closed(
            doc,
            written,
            &self.cid_font_head,
            b"/FontDescriptor",
            descriptor,
        );
        let font = doc.new_object_id();
        written.object(font.0, |out| {
            out.extend_from_slice(b"<</Type/Font/Subtype/Type0/BaseFont");
            push_name(out, self.base_font.as_bytes());
            out.extend_from_slice(b"/Encoding");
            match one_byte_cmap.filter(|_| self.one_byte) {
                Some(cmap) => reference(out, cmap),
                None => out.extend_from_slice(b"/Identity-H"),
            }
            out.extend_from_slice(b"/DescendantFonts[");
            reference(out, cid_font);
            out.extend_from_slice(b"]/ToUnicode");
            reference(out, to_unicode);
            out.extend_from_slice(b">>");
        });
        font
    }
}

/// Subsets made so far in this build, by face and glyph set; shared by all threads.
#[derive(Default)]
pub struct Subsets {
    map: Mutex<HashMap<(Style, GlyphSet), Arc<Embedded>>>,
}

/// Past this many subsets (a long `serve` session) the cache starts afresh.
const MAX_ENTRIES: usize = 512;

impl Subsets {
    /// The subset of `face` drawing `set`, made on first use.
    pub fn get(&self, face: &Face, set: GlyphSet) -> Result<Arc<Embedded>, String> {
        let key = (face.style, set);
        if let Some(found) = self.lock().get(&key) {
            return Ok(Arc::clone(found));
        }
        // Subsetting runs outside the lock so other threads keep going; two threads
        // making the same subset at once make identical ones, and one is kept.
        let made = Arc::new(embed(face, &key.1)?);
        let mut map = self.lock();
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        Ok(Arc::clone(map.entry(key).or_insert(made)))
    }

    /// How many subsets the cache holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether the cache holds no subset yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Style, GlyphSet), Arc<Embedded>>> {
        // A panic elsewhere cannot leave a half-made entry: entries are inserted whole.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn embed(face: &Face, set: &GlyphSet) -> Result<Embedded, String> {
    let wanted: BTreeMap<u16, String> = set.0.iter().map(|(g, c)| (*g, c.to_string())).collect();
    // The subsetter is third-party code reading a font we do not control: its panic must
    // become an error, not abort the build.
    let subset = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        printpdf::font::subset_font(&face.parsed, &wanted)
    }))
    .map_err(|_| "the PDF font cannot be subset".to_string())?
    .map_err(|e| format!("the PDF font cannot be subset: {e}"))?;

    let mut codes = vec![0u16; usize::from(face.parsed.num_glyphs)];
    // New glyph ids follow the order of the glyphs asked for, `.notdef` first.
    let mut by_code: Vec<(u16, u16, char)> = vec![(0, 0, '\0')];
    for (gid, (new, _)) in &subset.glyph_mapping {
        if let Some(slot) = codes.get_mut(usize::from(*gid)) {
            *slot = *new;
        }
    }
    for (gid, c) in &set.0 {
        by_code.push((codes.get(usize::from(*gid)).copied().unwrap_or(0), *gid, *c));
    }
    by_code.sort_unstable();
    let count = by_code
        .last()
        .map_or(0, |(code, _, _)| usize::from(*code) + 1);
    let mut widths = vec![Object::Integer(face.pdf_width(0)); count];
    for (code, gid, _) in &by_code {
        widths[usize::from(*code)] = Object::Integer(face.pdf_width(*gid));
    }

    let one_byte = count <= 256;
    let cmap = to_unicode(&by_code[1..], one_byte);
    let (to_unicode, to_unicode_deflated) = packed(cmap.as_bytes(), deflate::best);
    let program = sfnt::slim(&subset.bytes);
    let program_len = program.len();
    let (program, program_deflated) = packed(&program, deflate::best);
    let name = postscript_name(face);
    let base_font = format!("{}+{name}", tag(face.style, set));
    let cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("BaseFont", Object::Name(base_font.as_bytes().to_vec())),
        ("CIDSystemInfo", identity_system_info()),
        ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
        (
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        ),
    ]);
    Ok(Embedded {
        descriptor_head: open_dictionary(descriptor(face, &base_font)),
        cid_font_head: open_dictionary(cid_font),
        base_font,
        program,
        program_len,
        program_deflated,
        to_unicode,
        to_unicode_deflated,
        codes,
        one_byte,
    })
}

/// `bytes` deflated by `how` when that makes them smaller, and whether it did.
fn packed(bytes: &[u8], how: fn(&[u8]) -> Option<Vec<u8>>) -> (Vec<u8>, bool) {
    match how(bytes) {
        Some(small) if small.len() < bytes.len() => (small, true),
        _ => (bytes.to_vec(), false),
    }
}

/// The face's PostScript name, as PDF names may carry it.
fn postscript_name(face: &Face) -> String {
    let name: String = face
        .parsed
        .font_name
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        FILES[face.style.index()]
            .trim_end_matches(".ttf")
            .to_string()
    } else {
        name
    }
}

/// Six capitals from a fingerprint of the glyph set: the subset tag of ISO 32000-1, 9.6.4,
/// the same in every build.
fn tag(style: Style, set: &GlyphSet) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ style.index() as u64;
    for (gid, c) in &set.0 {
        for b in gid
            .to_be_bytes()
            .into_iter()
            .chain((*c as u32).to_be_bytes())
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 10)) % 26) as u8))
        .collect()
}

/// The ToUnicode CMap mapping each code, of one byte or two, to its character
/// (ISO 32000-1, 9.10.3).
fn to_unicode(by_code: &[(u16, u16, char)], one_byte: bool) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n",
    );
    out.push_str(if one_byte {
        "<00> <FF>\n"
    } else {
        "<0000> <FFFF>\n"
    });
    out.push_str("endcodespacerange\n");
    for chunk in by_code.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (code, _, c) in chunk {
            if one_byte {
                let _ = write!(out, "<{code:02X}> <");
            } else {
                let _ = write!(out, "<{code:04X}> <");
            }
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The font descriptor, without its font file (ISO 32000-1, 9.8), in thousandths of an em.
fn descriptor(face: &Face, base_font: &str) -> Dictionary {
    let m = &face.parsed.pdf_font_metrics;
    let scale = |v: f32| Object::Integer((v * 1000.0 / face.units_per_em()).round() as i64);
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run)
            .atan2(f32::from(m.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    // Non-symbolic (Latin text), italic when the caret slants, fixed-pitch for the
    // monospace face (ISO 32000-1, table 123).
    let fixed = if face.style == Style::Mono { 1 } else { 0 };
    let flags = 32 | fixed | if italic_angle != 0 { 64 } else { 0 };
    // No table holds the stem width; this is the usual estimate from the weight class.
    let stem_v = 50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64;
    let cap_height = face
        .parsed
        .font_metrics
        .cap_height
        .unwrap_or(f32::from(m.ascender));
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(base_font.as_bytes().to_vec())),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(vec![
                scale(f32::from(m.x_min)),
                scale(f32::from(m.y_min)),
                scale(f32::from(m.x_max)),
                scale(f32::from(m.y_max)),
            ]),
        ),
        ("ItalicAngle", Object::Integer(italic_angle)),
        ("Ascent", scale(f32::from(m.ascender))),
        ("Descent", scale(f32::from(m.descender))),
        ("CapHeight", scale(cap_height)),
        ("StemV", Object::Integer(stem_v)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::font::Fonts;

    fn fonts() -> Fonts {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::driver::load_fonts(root, "default").expect("the theme's fonts load")
    }

    fn embedded(fonts: &Fonts, text: &str) -> Embedded {
        let face = fonts.face(Style::Regular);
        let mut collector = Collector::new(face);
        collector.add(face, text);
        embed(face, &collector.finish(face)).expect("subsets")
    }

    fn code_space(font: &Embedded) -> String {
        let packed = &font.to_unicode;
        let mut text = Vec::new();
        if font.to_unicode_deflated {
            use std::io::Read as _;
            flate2::read::ZlibDecoder::new(&packed[..])
                .read_to_end(&mut text)
                .expect("inflates");
        } else {
            text.clone_from(packed);
        }
        let text = String::from_utf8(text).expect("text");
        let after = text
            .split("begincodespacerange\n")
            .nth(1)
            .expect("a code space");
        after.lines().next().expect("a range").to_string()
    }

    #[test]
    fn a_guide_sized_glyph_set_takes_one_byte_codes_and_a_larger_one_two() {
        let fonts = fonts();
        let face = fonts.face(Style::Regular);
        let small = embedded(&fonts, "Tässä ohjeessa: ”Kirjaudu sisään” – 044 797 8523.");
        assert!(small.one_byte());
        assert_eq!(code_space(&small), "<00> <FF>");
        assert!(
            "Tässä"
                .chars()
                .all(|c| (1..256).contains(&small.code(face.gid(c))))
        );

        // Latin, Greek and Cyrillic together draw more glyphs than one byte can number.
        let many: String = (0x21..0x17F)
            .chain(0x391..0x3CE)
            .chain(0x410..0x44F)
            .filter_map(char::from_u32)
            .collect();
        let large = embedded(&fonts, &many);
        assert!(!large.one_byte());
        assert_eq!(code_space(&large), "<0000> <FFFF>");
        assert!(many.chars().any(|c| large.code(face.gid(c)) > 255));

        // Each font names the encoding its codes need, and reads back whole.
        let mut doc = lopdf::Document::with_version("1.7");
        let mut written = Written::default();
        let cmap = add_one_byte_cmap(&mut doc);
        let fonts = [
            (&small, Object::Reference(cmap)),
            (&large, Object::Name(b"Identity-H".to_vec())),
        ]
        .map(|(font, encoding)| (font.add_to(&mut doc, &mut written, Some(cmap)), encoding));
        let bytes = crate::render::pdf::write::serialize::to_bytes(&doc, &written);
        let back = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        for ((id, expected), font) in fonts.iter().zip([&small, &large]) {
            let dict = back.get_dictionary(*id).expect("a font dictionary");
            assert_eq!(dict.get(b"Encoding").expect("an encoding"), expected);
            let kids = dict
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .unwrap();
            let cid = back
                .get_dictionary(kids[0].as_reference().unwrap())
                .unwrap();
            let widths = cid.get(b"W").and_then(Object::as_array).unwrap();
            let widths = widths[1].as_array().expect("widths from code 0");
            let last = font.codes.iter().max().copied().unwrap_or(0);
            assert_eq!(
                widths.len(),
                usize::from(last) + 1,
                "a width for every code"
            );
            let descriptor = cid.get(b"FontDescriptor").and_then(Object::as_reference);
            let descriptor = back.get_dictionary(descriptor.unwrap()).unwrap();
            let program = descriptor.get(b"FontFile2").and_then(Object::as_reference);
            assert!(
                back.get_object(program.unwrap())
                    .unwrap()
                    .as_stream()
                    .is_ok()
            );
        }
    }
}
