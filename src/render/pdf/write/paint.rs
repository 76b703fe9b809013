//! Page content streams written straight to bytes: marked text, rectangles, lines, pictures.

use std::sync::Arc;

use crate::render::pdf::font::{FACES, Fonts, SOFT_HYPHEN, Style};
use crate::render::pdf::layout::items::{Color, Item, Reading, Stroke};
use crate::render::pdf::tags::Mark;
use crate::render::pdf::write::embed::Embedded;
use crate::render::pdf::write::serialize::int;

/// Where a run's text reads otherwise than its glyphs (ISO 32000-1, 14.9.4): each a
/// `/Span` with `/ActualText` from byte `from` to byte `to` of the run.
struct Actual {
    from: usize,
    to: usize,
    reads: String,
}

/// The spans of `text` that read otherwise than drawn, in order, none overlapping:
/// - the start that the line before already read (`reading.skip`), as nothing;
/// - a hyphenation's hyphen at the end as a soft hyphen, so that the word reads whole;
/// - a hyphen of the text at the end as `reading.hyphen`, so that it reads as a hyphen;
/// - a no-break space with the character after it, as both: extraction takes a lone
///   space character of any kind for a word break and prints a plain space.
fn actual_spans(text: &str, reading: &Reading) -> Vec<Actual> {
    let mut out = Vec::new();
    let mut at = 0;
    if reading.skip > 0 && text.is_char_boundary(reading.skip) {
        out.push(Actual {
            from: 0,
            to: reading.skip,
            reads: String::new(),
        });
        at = reading.skip;
    }
    let last = text
        .char_indices()
        .next_back()
        .map_or(0, |(i, _)| i)
        .max(at);
    let end = match (text.ends_with(SOFT_HYPHEN), &reading.hyphen) {
        (true, _) => Some(SOFT_HYPHEN.to_string()),
        (false, Some(reads)) if text.ends_with('-') => Some(reads.clone()),
        _ => None,
    };
    let body_end = if end.is_some() { last } else { text.len() };
    let mut chars = text[at..body_end].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != NO_BREAK_SPACE {
            continue;
        }
        if let Some(&(j, next)) = chars.peek() {
            chars.next();
            out.push(Actual {
                from: at + i,
                to: at + j + next.len_utf8(),
                reads: format!("{c}{next}"),
            });
        }
    }
    if let Some(reads) = end.filter(|_| last >= at && !text.is_empty()) {
        out.push(Actual {
            from: last,
            to: text.len(),
            reads,
        });
    }
    out
}

/// The no-break space.
const NO_BREAK_SPACE: char = '\u{a0}';

/// `/Span <</ActualText <…>>> BDC` with `reads` in UTF-16BE.
fn begin_actual(out: &mut Vec<u8>, reads: &str) {
    out.extend_from_slice(b"/Span <</ActualText <");
    if !reads.is_empty() {
        out.extend_from_slice(b"FEFF");
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for unit in reads.encode_utf16() {
        for byte in unit.to_be_bytes() {
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 15)]);
        }
    }
    out.extend_from_slice(b">>> BDC ");
}

/// The resource name of each face's font, by [`Style::index`].
pub const FONT_NAMES: [&str; FACES] = ["F1", "F2", "F3", "F4", "F5"];

/// Writes one page's content stream, keeping the graphics state to skip repeated operators.
pub struct Painter<'a> {
    out: Vec<u8>,
    fonts: &'a Fonts,
    embedded: &'a [Option<Arc<Embedded>>; FACES],
    page_h: f32,
    in_text: bool,
    font: Option<(Style, f32)>,
    fill: Option<Color>,
    stroke: Option<(Color, f32)>,
    /// The open marked-content sequence.
    mark: Option<Mark>,
    /// Where the text object's current line starts, in hundredths of a point: each run
    /// moves from there with a short `Td` rather than setting a whole matrix.
    line: (i64, i64),
}

impl<'a> Painter<'a> {
    /// The glyphs of `text` in the current font, kerned as [`Face::width`] measured them,
    /// as `TJ` arrays, with the spans that read otherwise marked (see [`actual_spans`]).
    fn glyphs(&mut self, text: &str, style: Style, reading: &Reading) {
        let face = self.fonts.face(style);
        let font = self.embedded[style.index()].as_deref();
        let spans = actual_spans(text, reading);
        let mut spans = spans.iter().peekable();
        let mut open: Option<usize> = None;
        if let Some(span) = spans.next_if(|s| s.from == 0) {
            begin_actual(&mut self.out, &span.reads);
            open = Some(span.to);
        }
        self.out.extend_from_slice(b"[(");
        let mut previous = None;
        for (at, c) in text.char_indices() {
            let close = open == Some(at);
            let begin = spans.next_if(|s| s.from == at);
            if close || begin.is_some() {
                self.out.extend_from_slice(b")] TJ ");
            }
            if close {
                self.out.extend_from_slice(b"EMC ");
                open = None;
            }
            if let Some(span) = begin {
                begin_actual(&mut self.out, &span.reads);
                open = Some(span.to);
            }
            if close || begin.is_some() {
                self.out.extend_from_slice(b"[(");
            }
            let gid = face.gid(c);
            // Kerned exactly as `Face::width` measured the run; most pairs are not
            // kerned, so the units are converted only for those that are.
            let kern = previous.map_or(0, |left| face.kern_units(left, gid));
            if kern != 0 {
                self.out.extend_from_slice(b") ");
                num(&mut self.out, -face.thousandths(kern));
                self.out.extend_from_slice(b" (");
            }
            previous = Some(gid);
            match font {
                Some(f) if f.one_byte() => code_byte(&mut self.out, f.code(gid) as u8),
                _ => code(&mut self.out, font.map_or(0, |f| f.code(gid))),
            }
        }
        self.out.extend_from_slice(b")] TJ\n");
        if open.is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    /// A painter for a page `page_h` points high, drawing text with `embedded` fonts.
    pub fn new(
        fonts: &'a Fonts,
        embedded: &'a [Option<Arc<Embedded>>; FACES],
        page_h: f32,
    ) -> Self {
        Painter {
            out: Vec::with_capacity(16 * 1024),
            fonts,
            embedded,
            page_h,
            in_text: false,
            font: None,
            fill: None,
            stroke: None,
            mark: None,
            line: (0, 0),
        }
    }

    /// The finished content stream.
    pub fn finish(mut self) -> Vec<u8> {
        self.end_mark();
        self.out
    }

    /// Opens marked content `mark` (with structure role `role` for an MCID) unless it is open.
    pub fn mark(&mut self, mark: Mark, role: &str) {
        if matches!(mark, Mark::Annot(_)) || self.mark == Some(mark) {
            return;
        }
        self.end_mark();
        match mark {
            Mark::Mcid(id) => {
                self.out.push(b'/');
                self.out.extend_from_slice(role.as_bytes());
                self.out.extend_from_slice(b" <</MCID ");
                int(&mut self.out, i64::from(id));
                self.out.extend_from_slice(b">> BDC\n");
            }
            _ => self.out.extend_from_slice(b"/Artifact BMC\n"),
        }
        self.mark = Some(mark);
    }

    /// Closes the open marked-content sequence, and the text object inside it.
    fn end_mark(&mut self) {
        self.end_text();
        if self.mark.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
            self.font = None;
        }
    }

    fn set_fill(&mut self, color: Color) {
        if self.fill != Some(color) {
            rgb(&mut self.out, color);
            self.out.extend_from_slice(b"rg\n");
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, stroke: &Stroke) {
        if self.stroke != Some((stroke.color, stroke.width)) {
            rgb(&mut self.out, stroke.color);
            self.out.extend_from_slice(b"RG ");
            num(&mut self.out, stroke.width);
            self.out.extend_from_slice(b" w\n");
            self.stroke = Some((stroke.color, stroke.width));
        }
        if stroke.dashed {
            self.out.extend_from_slice(b"[4 3] 0 d\n");
        }
    }

    /// Draws picture `name`, `w`×`h` points with its top-left corner at (`x`, `y`).
    pub fn picture(&mut self, name: &str, x: f32, y: f32, w: f32, h: f32) {
        self.end_text();
        self.out.extend_from_slice(b"q ");
        for v in [w, 0.0, 0.0, h, x, self.page_h - y - h] {
            num(&mut self.out, v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(b"cm /");
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b" Do Q\n");
    }

    /// Draws an item; pictures go through [`Painter::picture`] and links are annotations.
    pub fn item(&mut self, item: &Item) {
        let page_h = self.page_h;
        match item {
            Item::Text {
                x,
                y,
                text,
                style,
                size,
                color,
                reading,
                ..
            } => {
                if !self.in_text {
                    self.out.extend_from_slice(b"BT\n");
                    self.in_text = true;
                    self.line = (0, 0);
                }
                if self.font != Some((*style, *size)) {
                    self.out.push(b'/');
                    self.out
                        .extend_from_slice(FONT_NAMES[style.index()].as_bytes());
                    self.out.push(b' ');
                    num(&mut self.out, *size);
                    self.out.extend_from_slice(b" Tf\n");
                    self.font = Some((*style, *size));
                }
                self.set_fill(*color);
                // Moves are exact in hundredths, so no rounding error adds up along a page.
                let at = (hundredths(*x), hundredths(page_h - y));
                fixed(&mut self.out, at.0 - self.line.0, 100);
                self.out.push(b' ');
                fixed(&mut self.out, at.1 - self.line.1, 100);
                self.out.extend_from_slice(b" Td ");
                self.line = at;
                self.glyphs(text, *style, reading);
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let op: &[u8] = match (fill, stroke) {
                    (Some(_), Some(_)) => b" re B\n",
                    (Some(_), None) => b" re f\n",
                    (None, Some(_)) => b" re S\n",
                    (None, None) => return,
                };
                self.end_text();
                if let Some(fill) = fill {
                    self.set_fill(*fill);
                }
                if let Some(stroke) = stroke {
                    self.set_stroke(stroke);
                }
                for (i, v) in [*x, page_h - y - h, *w, *h].into_iter().enumerate() {
                    if i > 0 {
                        self.out.push(b' ');
                    }
                    num(&mut self.out, v);
                }
                self.out.extend_from_slice(op);
                if stroke.is_some_and(|s| s.dashed) {
                    self.out.extend_from_slice(b"[] 0 d\n");
                }
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                self.end_text();
                self.set_stroke(stroke);
                num(&mut self.out, *x1);
                self.out.push(b' ');
                num(&mut self.out, page_h - y1);
                self.out.extend_from_slice(b" m ");
                num(&mut self.out, *x2);
                self.out.push(b' ');
                num(&mut self.out, page_h - y2);
                self.out.extend_from_slice(b" l S\n");
                if stroke.dashed {
                    self.out.extend_from_slice(b"[] 0 d\n");
                }
            }
            Item::Image { .. } | Item::Link { .. } => {}
        }
    }
}

fn rgb(out: &mut Vec<u8>, c: Color) {
    for v in [c.0, c.1, c.2] {
        // Three decimals tell all 256 levels apart.
        let v = i64::from(v) * 1000;
        fixed(out, v / 255 + i64::from(v % 255 >= 128), 1000);
        out.push(b' ');
    }
}

/// `v` with at most two decimals, as content streams need for positions in points.
pub fn num(out: &mut Vec<u8>, v: f32) {
    fixed(out, hundredths(v), 100);
}

/// `v` in whole hundredths, 0 for a value that is not finite.
fn hundredths(v: f32) -> i64 {
    let v = if v.is_finite() { v } else { 0.0 };
    (f64::from(v) * 100.0).round() as i64
}

/// `units / per` in decimal without trailing zeros; `per` is 100 or 1000.
fn fixed(out: &mut Vec<u8>, units: i64, per: i64) {
    if units < 0 {
        out.push(b'-');
    }
    let units = units.abs();
    int(out, units / per);
    let mut frac = units % per;
    if frac == 0 {
        return;
    }
    out.push(b'.');
    let mut digit = per / 10;
    while frac > 0 {
        out.push(b'0' + (frac / digit) as u8);
        frac %= digit;
        digit /= 10;
    }
}

/// A two-byte character code inside a literal string: the bytes as they are, half the
/// size of hex, with the delimiters, the backslash and a carriage return escaped.
fn code(out: &mut Vec<u8>, code: u16) {
    for byte in code.to_be_bytes() {
        code_byte(out, byte);
    }
}

/// One byte of a character code inside a literal string, escaped as [`code`] escapes.
fn code_byte(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.push(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(v: f32) -> String {
        let mut out = Vec::new();
        num(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn character_codes_read_back_from_a_literal_string_as_written() {
        // Delimiters, the escape, line ends and codes with a zero high byte.
        let codes: Vec<u16> = [0x28, 0x29, 0x5C, 0x0D, 0x0A, 0x0D0A, 0x2829, 0, 0xFFFF]
            .into_iter()
            .chain((0..600).step_by(7))
            .collect();
        let mut out = b"[(".to_vec();
        for c in &codes {
            code(&mut out, *c);
        }
        out.extend_from_slice(b")] TJ");
        let content = lopdf::content::Content::decode(&out).expect("parses");
        let array = content.operations[0].operands[0].as_array().expect("array");
        let bytes = array[0].as_str().expect("string");
        let back: Vec<u16> = bytes
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        assert_eq!(back, codes);
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_hundredth() {
        assert_eq!(shown(0.0), "0");
        assert_eq!(shown(12.5), "12.5");
        assert_eq!(shown(-3.004), "-3");
        assert_eq!(shown(841.89), "841.89");
        assert_eq!(shown(0.07), "0.07");
        assert_eq!(shown(-0.5), "-0.5");
        assert_eq!(shown(f32::NAN), "0");
        let mut out = Vec::new();
        rgb(&mut out, Color(255, 0, 128));
        assert_eq!(String::from_utf8(out).unwrap(), "1 0 0.502 ");
    }
}
