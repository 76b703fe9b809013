//! Inline text: styled spans, measured line breaking with Finnish hyphenation, and text runs.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use crate::compose::model::Inline;
use crate::render::pdf::font::{Face, Fonts, Style};
use crate::render::pdf::layout::guard::{Guard, guards};
use crate::render::pdf::layout::hyphenate::Rules;
use crate::render::pdf::layout::items::{Color, Item, Reading, Stroke};

/// A piece of text in one look.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    pub color: Color,
    pub underline: bool,
    /// Target of a real link; links without one are only styled.
    pub url: Option<String>,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style, color: Color) -> Span {
        Span {
            text: clean(&text.into()),
            style,
            color,
            underline: false,
            url: None,
        }
    }

    pub fn underlined(mut self) -> Span {
        self.underline = true;
        self
    }
}

/// Control characters would reach the PDF as missing glyphs; tabs and the like become spaces.
fn clean(text: &str) -> String {
    // Control characters are below 0x20, 0x7F or U+0080..U+009F (0xC2 first), and the
    // direction marks start with 0xE2: text without those bytes is kept as it is.
    if !text
        .bytes()
        .any(|b| (b < 0x20 && b != b'\n') || matches!(b, 0x7F | 0xC2 | 0xE2))
    {
        return text.to_string();
    }
    text.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// The look of inline content that has no markup of its own.
#[derive(Debug, Clone, Copy)]
pub struct Base {
    pub style: Style,
    pub color: Color,
    pub link: Color,
}

/// The document model's inlines as spans.
pub fn spans(inlines: &[Inline], base: Base) -> Vec<Span> {
    let mut out = Vec::new();
    push_spans(&mut out, inlines, base, None);
    out
}

fn push_spans(out: &mut Vec<Span>, inlines: &[Inline], base: Base, url: Option<&str>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => {
                let mut span = Span::new(text.as_str(), base.style, base.color);
                if let Some(url) = url {
                    span.underline = true;
                    span.color = base.link;
                    span.url = (!url.is_empty()).then(|| url.to_string());
                }
                out.push(span);
            }
            Inline::Strong { content } => {
                let style = match base.style {
                    Style::Regular | Style::Italic => Style::Bold,
                    other => other,
                };
                push_spans(out, content, Base { style, ..base }, url);
            }
            Inline::Emphasis { content } => {
                let style = match base.style {
                    Style::Regular => Style::Italic,
                    other => other,
                };
                push_spans(out, content, Base { style, ..base }, url);
            }
            Inline::Link {
                url: target,
                content,
            } => {
                push_spans(out, content, base, Some(target));
            }
            Inline::LineBreak => out.push(Span::new("\n", base.style, base.color)),
        }
    }
}

/// A broken line: a byte range of the joined span text, and whether it ends in a hyphen.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Range {
    start: usize,
    end: usize,
    hyphen: bool,
    /// Where the word that the line's hyphen breaks begins.
    word: usize,
}

impl Range {
    fn plain(start: usize, end: usize) -> Range {
        Range {
            start,
            end,
            hyphen: false,
            word: start,
        }
    }
}

/// One line of laid-out text, positions relative to the line's left edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

/// A run of one span's text on one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub text: String,
    pub width: f32,
    pub span: usize,
    /// How its ends read where a line broke after a hyphen of the text.
    pub reading: Reading,
}

/// Joined text of the spans and the byte range each span covers.
struct Joined<'a> {
    text: String,
    bounds: Vec<(usize, usize)>,
    /// Quoted labels and addresses, never hyphenated.
    guards: Vec<Guard>,
    spans: &'a [Span],
    fonts: &'a Fonts,
    size: f32,
    /// Widths of every prefix of the text, by byte offset: see [`Prefixes`].
    prefixes: Prefixes,
}

/// Running widths of a paragraph, so that any stretch measures in constant time: the
/// line breaker measures the same words again and again as it tries lines.
struct Prefixes {
    /// Width in points of the text before each byte offset (set at character boundaries),
    /// kerning included between the characters of one span, never across spans.
    before: Vec<f64>,
    /// The kerning that `before` counts between the character ending at an offset and
    /// the one starting there; a stretch starting at the offset leaves it out.
    kern_at: Vec<f64>,
}

impl Prefixes {
    fn new(
        text: &str,
        bounds: &[(usize, usize)],
        spans: &[Span],
        fonts: &Fonts,
        size: f32,
    ) -> Self {
        let mut before = vec![0.0; text.len() + 1];
        let mut kern_at = vec![0.0; text.len() + 1];
        let mut total = 0.0f64;
        for ((s, e), span) in bounds.iter().zip(spans) {
            let face = fonts.face(span.style);
            let scale = f64::from(size) / f64::from(face.units_per_em());
            let mut previous = None;
            for (i, c) in text[*s..*e].char_indices() {
                let (advance, kern, gid) = face.step(previous, c);
                kern_at[s + i] = f64::from(kern) * scale;
                total += f64::from(advance + kern) * scale;
                before[s + i + c.len_utf8()] = total;
                previous = Some(gid);
            }
        }
        Prefixes { before, kern_at }
    }
}

impl Joined<'_> {
    fn measure(&self, start: usize, end: usize) -> f32 {
        if end <= start {
            return 0.0;
        }
        let p = &self.prefixes;
        (p.before[end] - p.before[start] - p.kern_at[start]) as f32
    }

    fn span_at(&self, pos: usize) -> usize {
        self.bounds
            .iter()
            .position(|(s, e)| *s <= pos && pos < *e)
            .unwrap_or(self.spans.len().saturating_sub(1))
    }

    /// What a hyphen after the text up to `before` adds, kerned against the letter before it.
    fn hyphen_width(&self, before: usize) -> f32 {
        let span = self.span_at(before.saturating_sub(1));
        let Some(s) = self.spans.get(span) else {
            return 0.0;
        };
        let face = self.fonts.face(s.style);
        let last = self.text[..before].chars().next_back().unwrap_or(' ');
        let (_, _, gid) = face.step(None, last);
        let (advance, kern, _) = face.step(Some(gid), crate::render::pdf::font::SOFT_HYPHEN);
        (advance + kern) as f32 * self.size / face.units_per_em()
    }
}

/// Breaks `spans` into lines no wider than `width` at `size` points.
pub fn break_lines(
    spans: &[Span],
    fonts: &Fonts,
    size: f32,
    width: f32,
    hyphenate: Option<&Rules<'_>>,
) -> Vec<Line> {
    let mut text = String::new();
    let mut bounds = Vec::with_capacity(spans.len());
    for span in spans {
        let start = text.len();
        // A character the font lacks would print as an empty box: it is left out.
        let face = fonts.face(span.style);
        let shown = |c: &char| c.is_whitespace() || face.covers(*c);
        if span.text.chars().all(|c| shown(&c)) {
            text.push_str(&span.text);
        } else {
            text.extend(span.text.chars().filter(shown));
        }
        bounds.push((start, text.len()));
    }
    let prefixes = Prefixes::new(&text, &bounds, spans, fonts, size);
    let whole = text.trim_end().len();
    // Text that fits on one line with room to spare (a label, a heading, a short
    // sentence) is one line whatever the breaker would weigh: it is not searched for
    // guards and break opportunities. The spare point covers kerning at word ends.
    let one_line =
        whole > 0 && !text.contains('\n') && prefixes.before[whole] + 1.0 <= f64::from(width);
    let joined = Joined {
        guards: if one_line { Vec::new() } else { guards(&text) },
        prefixes,
        text,
        bounds,
        spans,
        fonts,
        size,
    };
    let ranges = if one_line {
        vec![Range::plain(0, joined.text.len())]
    } else {
        break_paragraph(&joined, width, hyphenate)
    };
    let mut skip_until = 0;
    let mut lines = Vec::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        let hyphen = hard_hyphen_reading(&joined.text, r, ranges.get(i + 1));
        let mut line = runs(&joined, *r, skip_until);
        skip_until = 0;
        if let (Some((reads, until)), Some(last)) = (hyphen, line.runs.last_mut()) {
            last.reading.hyphen = Some(reads);
            skip_until = until;
        }
        lines.push(line);
    }
    lines
}

/// How a line that ends in a hyphen of the text reads, so that extraction does not take
/// it for a hyphenation and join the words: the hyphen with the space the line broke at,
/// or with the rest of its word, which then reads as nothing on the next line (up to the
/// returned offset). `None` for other lines, and for a word that goes on past the next
/// line, which then reads as drawn.
fn hard_hyphen_reading(text: &str, line: &Range, next: Option<&Range>) -> Option<(String, usize)> {
    let next = next?;
    let end = line.start + text[line.start..line.end].trim_end().len();
    if line.hyphen || !text[line.start..end].ends_with('-') {
        return None;
    }
    if end < line.end {
        return Some(("- ".to_string(), 0));
    }
    let rest = &text[next.start..next.end];
    let shown = rest.trim_end().len();
    let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
    // The word ends on the next line: before a space there, or at its end when that line
    // ends at a space or the paragraph's end rather than inside the word again.
    let ends = word < shown || !next.hyphen && (word < rest.len() || next.end == text.len());
    (word > 0 && ends).then(|| (format!("-{}", &rest[..word]), next.start + word))
}

/// Most times a paragraph is broken again to keep a hyphen off its second-to-last line.
const MAX_REBREAKS: usize = 8;

/// The paragraph's lines; the second-to-last never ends in a hyphen: the paragraph is
/// broken again without hyphenating that word.
fn break_paragraph(j: &Joined<'_>, width: f32, hyphenate: Option<&Rules<'_>>) -> Vec<Range> {
    let mut unhyphenated = Vec::new();
    loop {
        let lines = break_ranges(j, width, hyphenate, &unhyphenated);
        let n = lines.len();
        match lines.get(n.wrapping_sub(2)) {
            Some(r) if r.hyphen && unhyphenated.len() < MAX_REBREAKS => unhyphenated.push(r.word),
            _ => return lines,
        }
    }
}

/// Break opportunities of the joined text: (end of word, mandatory).
fn opportunities(j: &Joined<'_>, max: f32) -> Vec<(usize, bool)> {
    let text = &j.text;
    // A label or an address that fits on a line is never broken; a longer address only
    // after a slash, never at a hyphen of its own.
    let kept: Vec<&Guard> = j
        .guards
        .iter()
        .filter(|g| g.address || j.measure(g.range.start, g.range.end) <= max)
        .collect();
    let fits = |g: &Guard| j.measure(g.range.start, g.range.end) <= max;
    linebreaks(text)
        .filter(|(pos, _)| {
            kept.iter().all(|g| {
                let inside = g.range.start < *pos && *pos < g.range.end;
                !inside || (g.address && !fits(g) && text[..*pos].ends_with('/'))
            })
        })
        .filter(|(pos, _)| {
            // A hyphen that starts a word ("Jatka" -painiketta) stays with the word,
            // and the word with the quoted name it completes.
            let mut before = text[..*pos].chars().rev();
            let lone_hyphen_before =
                before.next() == Some('-') && matches!(before.next(), None | Some(' '));
            let mut after = text[*pos..].chars();
            let word_initial_hyphen =
                after.next() == Some('-') && after.next().is_some_and(char::is_alphabetic);
            !lone_hyphen_before && !word_initial_hyphen
        })
        .map(|(pos, kind)| (pos, kind == BreakOpportunity::Mandatory))
        .collect()
}

/// Breaks the text into lines of at most `max`; the words beginning at `unhyphenated`
/// are not hyphenated.
fn break_ranges(
    j: &Joined<'_>,
    max: f32,
    hyphenate: Option<&Rules<'_>>,
    unhyphenated: &[usize],
) -> Vec<Range> {
    // Rounding must not push a line that exactly fits onto the next one.
    let max = max + 0.01;
    let text = &j.text;
    let mut lines = Vec::new();
    let mut start = 0;
    let mut width = 0.0;
    let mut word_start = 0;
    for (end, mandatory) in opportunities(j, max) {
        let hyphenate = hyphenate.filter(|_| !unhyphenated.contains(&word_start));
        let body_end = word_start + text[word_start..end].trim_end().len();
        let mut a = word_start;
        loop {
            let body = j.measure(a, body_end);
            if width + body <= max {
                width += j.measure(a, end);
                if mandatory {
                    lines.push(Range::plain(start, end));
                    start = end;
                    width = 0.0;
                }
                break;
            }
            if let Some(rules) = hyphenate
                && let Some(p) = best_hyphen(rules, j, a, body_end, max - width)
            {
                lines.push(Range {
                    start,
                    end: p,
                    hyphen: true,
                    word: word_start,
                });
                (start, a, width) = (p, p, 0.0);
                continue;
            }
            if start < a {
                lines.push(Range::plain(start, a));
                (start, width) = (a, 0.0);
                continue;
            }
            // A word wider than the whole line, such as a long address: cut anywhere.
            let p = cut(j, a, body_end, max);
            lines.push(Range::plain(start, p));
            (start, a, width) = (p, p, 0.0);
        }
        word_start = end;
    }
    if start < text.len() {
        lines.push(Range::plain(start, text.len()));
    }
    lines
}

/// The last hyphenation point of `a..b` whose prefix and hyphen fit into `room`;
/// none inside a quoted label or an address.
fn best_hyphen(rules: &Rules<'_>, j: &Joined<'_>, a: usize, b: usize, room: f32) -> Option<usize> {
    if j.guards
        .iter()
        .any(|g| g.range.start < b && a < g.range.end)
    {
        return None;
    }
    // The whole word between spaces, for a word with a hyphen of its own ("e-postadress").
    let text = &j.text;
    let std::ops::Range {
        start: from,
        end: to,
    } = crate::render::pdf::layout::guard::word_around(text, a..b);
    rules
        .points_in(&text[from..to], a - from..b - from)
        .into_iter()
        .rev()
        .map(|p| from + p)
        .find(|&p| j.measure(a, p) + j.hyphen_width(p) <= room)
}

/// The longest prefix of `a..b` that fits into `room`, at least one character, and not
/// ending in a hyphen of the word, which would read as a hyphenation.
fn cut(j: &Joined<'_>, a: usize, b: usize, room: f32) -> usize {
    let (mut last, mut before) = (None, None);
    for (i, c) in j.text[a..b].char_indices() {
        let end = a + i + c.len_utf8();
        if last.is_some() && j.measure(a, end) > room {
            break;
        }
        (before, last) = (last, Some(end));
    }
    match (last, before) {
        (Some(end), Some(shorter)) if j.text[..end].ends_with('-') => shorter,
        _ => last.unwrap_or(b),
    }
}

/// The runs of line `r`; the text before `skip_until` reads as nothing (see
/// [`hard_hyphen_reading`]).
fn runs(j: &Joined<'_>, r: Range, skip_until: usize) -> Line {
    let end = r.start + j.text[r.start..r.end].trim_end().len();
    let mut out: Vec<Run> = Vec::new();
    let mut x = 0.0;
    for (i, (s, e)) in j.bounds.iter().enumerate() {
        let (a, b) = ((*s).max(r.start), (*e).min(end));
        if a >= b {
            continue;
        }
        let width = j.measure(a, b);
        out.push(Run {
            x,
            text: j.text[a..b].to_string(),
            width,
            span: i,
            reading: Reading {
                hyphen: None,
                skip: skip_until.clamp(a, b) - a,
            },
        });
        x += width;
    }
    if r.hyphen
        && let Some(last) = out.last_mut()
    {
        // A soft hyphen: drawn as a hyphen, extracted as U+00AD so that the word reads whole.
        last.text.push(crate::render::pdf::font::SOFT_HYPHEN);
        let added = j.hyphen_width(end);
        x += added;
        last.width += added;
    }
    Line {
        runs: out,
        width: x,
    }
}

/// The baseline of a line of `size` text inside a line box of `line_height`,
/// placed so that capitals sit in the middle of the box.
pub fn baseline(size: f32, line_height: f32) -> f32 {
    line_height / 2.0 + size * 0.36
}

/// An item of a set line and the link area it belongs to: the index, among the line's
/// items, of the [`Item::Link`] its run points through.
pub type LineItem = (Item, Option<usize>);

/// The items of one line drawn with its left edge at `x` and baseline at `y`.
pub fn line_items(line: Line, spans: &[Span], x: f32, y: f32, size: f32) -> Vec<LineItem> {
    let mut items: Vec<LineItem> = Vec::new();
    for run in line.runs {
        let Some(span) = spans.get(run.span) else {
            continue;
        };
        // One link split into several spans ("a(@)b.fi") is one clickable area.
        let joins = span.url.as_ref().and_then(|url| {
            items.iter().rposition(|(i, _)| {
                matches!(i, Item::Link { x: lx, w, url: u, .. }
                    if u == url && (*lx + *w - (x + run.x)).abs() < 0.01)
            })
        });
        // The link area the run belongs to: the one it joins, or the one pushed after its
        // text and underline.
        let link = span
            .url
            .as_ref()
            .map(|_| joins.unwrap_or(items.len() + 1 + usize::from(span.underline)));
        items.push((
            Item::Text {
                x: x + run.x,
                y,
                text: run.text,
                style: span.style,
                size,
                color: span.color,
                width: run.width,
                reading: run.reading,
            },
            link,
        ));
        if span.underline {
            items.push((
                Item::Line {
                    x1: x + run.x,
                    y1: y + size * 0.12,
                    x2: x + run.x + run.width,
                    y2: y + size * 0.12,
                    stroke: Stroke {
                        color: span.color,
                        width: (size * 0.06).max(0.5),
                        dashed: false,
                    },
                },
                link,
            ));
        }
        if let Some(url) = &span.url {
            if let Some((Item::Link { w, .. }, _)) = joins.and_then(|k| items.get_mut(k)) {
                *w += run.width;
                continue;
            }
            items.push((
                Item::Link {
                    x: x + run.x,
                    y: y - size * 0.9,
                    w: run.width,
                    h: size * 1.2,
                    url: url.clone(),
                },
                link,
            ));
        }
    }
    items
}

/// A paragraph of `spans` set into `width`: its items (top at 0) and its height.
pub struct Set {
    pub lines: Vec<Vec<LineItem>>,
    pub line_height: f32,
}

/// Breaks and positions `spans`; each line's items have their line box's top at 0.
pub fn set(
    spans: &[Span],
    fonts: &Fonts,
    size: f32,
    line_height: f32,
    width: f32,
    hyphenate: Option<&Rules<'_>>,
) -> Set {
    let lines = break_lines(spans, fonts, size, width, hyphenate)
        .into_iter()
        .map(|line| line_items(line, spans, 0.0, baseline(size, line_height), size))
        .collect();
    Set { lines, line_height }
}

/// `text` shortened with an ellipsis until it fits `room`.
pub fn fit(face: &Face, text: &str, size: f32, room: f32) -> String {
    // Characters the font lacks are left out, as in running text.
    let text: String = text
        .chars()
        .filter(|c| c.is_whitespace() || face.covers(*c))
        .collect();
    if face.width(&text, size) <= room {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let shown = |k: usize| chars[..k].iter().collect::<String>().trim_end().to_string() + "…";
    // The longest prefix that fits, by bisection: a very long label (a pasted paragraph)
    // must not be measured once per character.
    let (mut fits, mut too_long) = (0, chars.len());
    while too_long - fits > 1 {
        let mid = (fits + too_long) / 2;
        if face.width(&shown(mid), size) <= room {
            fits = mid;
        } else {
            too_long = mid;
        }
    }
    if fits == 0 && face.width(&shown(0), size) > room {
        return String::new();
    }
    shown(fits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Finnish patterns without exceptions.
    fn finnish() -> Rules<'static> {
        static NONE: std::sync::OnceLock<crate::compose::model::Hyphenation> =
            std::sync::OnceLock::new();
        Rules::new("fi", NONE.get_or_init(Default::default))
    }

    fn fonts() -> Fonts {
        crate::driver::load_fonts(Path::new(env!("CARGO_MANIFEST_DIR")), "default")
            .unwrap_or_else(|d| panic!("{d:?}"))
    }

    const INK: Color = Color(0, 0, 0);

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn lines_fit_the_width_and_keep_every_word() {
        let fonts = fonts();
        let words = "Ensimmäisellä kirjautumiskerralla saat sähköpostiisi viestin, joka sisältää linkin salasanan asettamiseen.";
        let spans = [Span::new(words, Style::Regular, INK)];
        for width in [60.0, 90.0, 150.0, 400.0] {
            let lines = break_lines(&spans, &fonts, 10.5, width, Some(&finnish()));
            assert!(lines.iter().all(|l| l.width <= width + 0.02), "{width}");
            let joined: String = text(&lines)
                .iter()
                .map(|l| l.trim_end_matches('\u{ad}').to_string())
                .collect::<Vec<_>>()
                .join("");
            assert_eq!(joined.replace(' ', ""), words.replace(' ', ""));
        }
    }

    #[test]
    fn a_long_word_is_hyphenated_between_syllables() {
        let fonts = fonts();
        let spans = [Span::new(
            "kirjautumisjärjestelmä käyttäjätunnusmuutos",
            Style::Regular,
            INK,
        )];
        let lines = break_lines(&spans, &fonts, 10.0, 80.0, Some(&finnish()));
        let lines = text(&lines);
        assert!(lines.len() >= 2);
        assert!(lines[0].ends_with('\u{ad}'), "{lines:?}");
    }

    #[test]
    fn a_word_initial_hyphen_stays_with_its_word() {
        let fonts = fonts();
        let spans = [Span::new(
            "klikkaamalla \"Kirjaudu sisään\" -painiketta",
            Style::Regular,
            INK,
        )];
        // Narrower lines cannot hold the compound and cut it anywhere.
        for width in 110..300 {
            let lines = text(&break_lines(&spans, &fonts, 10.0, width as f32, None));
            assert!(lines.iter().all(|l| !l.ends_with(" -")), "{lines:?}");
        }
    }

    #[test]
    fn a_line_break_inline_forces_a_new_line() {
        let fonts = fonts();
        let spans = spans(
            &[
                Inline::Text {
                    text: "Nimi".into(),
                },
                Inline::LineBreak,
                Inline::Text {
                    text: "Puhelin".into(),
                },
            ],
            Base {
                style: Style::Regular,
                color: INK,
                link: INK,
            },
        );
        assert_eq!(
            text(&break_lines(&spans, &fonts, 10.0, 400.0, Some(&finnish()))),
            ["Nimi", "Puhelin"]
        );
    }
}
