//! Markdown of a rendered step → blocks of the document model.
//!
//! Only what a guide needs is accepted: paragraphs, headings, lists, block quotes
//! (notes), emphasis, links to http, https and mailto, and screens written as
//! `![caption](screen:figure-id)` on a line of their own. Raw HTML is kept as
//! literal text, never as markup.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::compose::model::{Block, Figure, Inline};
use crate::diagnostics::Diagnostic;

/// Scheme prefix of a screen reference in an image destination.
pub const SCREEN_SCHEME: &str = "screen:";

/// Deepest nesting of block quotes and lists in one step: each level narrows the text
/// column, and at this depth a line still holds a few words on an A4 page.
pub const MAX_BLOCK_DEPTH: usize = 8;
/// Deepest nesting of emphasis, strong text and links.
pub const MAX_INLINE_DEPTH: usize = 8;

/// Turns a screen reference (figure id, caption) into a figure, or explains why not.
pub type Resolver<'a> = dyn FnMut(&str, &str) -> Result<Figure, Refusal> + 'a;

/// Why a screen reference gives no figure: the message, the label at the reference and
/// what to do.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    pub label: &'static str,
    pub hint: String,
}

/// Parses `source` (the text of `file`) into blocks.
pub fn parse(
    file: &str,
    source: &Arc<str>,
    resolve: &mut Resolver<'_>,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    // The events borrow their text from the source: cloning one copies no text.
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH)
            .into_offset_iter()
            .collect();
    if let Some(problem) = too_deep(file, source, &events) {
        return Err(vec![problem]);
    }
    let mut reader = Reader {
        file,
        source,
        events,
        pos: 0,
        problems: Vec::new(),
        resolve,
    };
    let blocks = reader.blocks(None);
    if reader.problems.is_empty() {
        Ok(blocks)
    } else {
        Err(reader.problems)
    }
}

/// The first element nested deeper than [`MAX_BLOCK_DEPTH`] or [`MAX_INLINE_DEPTH`], as
/// an error: checked in one pass before anything is built, so no nesting however deep
/// costs more than the events themselves (the reader, the model and the layout recurse).
fn too_deep(
    file: &str,
    source: &Arc<str>,
    events: &[(Event<'_>, Range<usize>)],
) -> Option<Diagnostic> {
    let (mut blocks, mut inlines) = (0usize, 0usize);
    for (event, span) in events {
        let (depth, max, what) = match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                blocks += 1;
                (blocks, MAX_BLOCK_DEPTH, "notes (>) and lists")
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                blocks = blocks.saturating_sub(1);
                continue;
            }
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. },
            ) => {
                inlines += 1;
                (inlines, MAX_INLINE_DEPTH, "emphasis, bold text and links")
            }
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {
                inlines = inlines.saturating_sub(1);
                continue;
            }
            _ => continue,
        };
        if depth > max {
            let start = span.start.min(source.len());
            return Some(
                Diagnostic::error(file, format!("{what} nest deeper than {max} levels"))
                    .at(source, start..(start + 1).min(source.len()), "too deep")
                    .hint(format!(
                        "write the text with at most {max} levels of {what} inside each other"
                    )),
            );
        }
    }
    None
}

struct Reader<'s, 'r> {
    file: &'s str,
    source: &'s Arc<str>,
    events: Vec<(Event<'s>, Range<usize>)>,
    pos: usize,
    problems: Vec<Diagnostic>,
    resolve: &'s mut Resolver<'r>,
}

impl<'s> Reader<'s, '_> {
    fn next(&mut self) -> Option<(Event<'s>, Range<usize>)> {
        let item = self.events.get(self.pos).cloned();
        self.pos += 1;
        item
    }

    fn problem(&mut self, span: Range<usize>, message: &str, label: &str, hint: &str) {
        self.problems.push(
            Diagnostic::error(self.file, message)
                .at(self.source, span, label)
                .hint(hint),
        );
    }

    /// Blocks until the end tag `until` (or the end of the text).
    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some((event, span)) = self.next() {
            match event {
                Event::End(end) if Some(end) == until => break,
                event => out.extend(self.block(event, span)),
            }
        }
        out
    }

    /// The block that starts with `event`, reading up to its end.
    fn block(&mut self, event: Event<'s>, span: Range<usize>) -> Option<Block> {
        match event {
            Event::Start(Tag::Paragraph) => {
                let (content, figure) = self.inlines(TagEnd::Paragraph);
                match figure {
                    Some(figure) => Some(Block::Figure(figure)),
                    None if content.is_empty() => None,
                    None => Some(Block::Paragraph { content }),
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let (content, _) = self.inlines(TagEnd::Heading(level));
                Some(Block::Heading {
                    level: heading_level(level),
                    id: String::new(),
                    content,
                })
            }
            Event::Start(Tag::BlockQuote(kind)) => Some(Block::Note {
                blocks: self.blocks(Some(TagEnd::BlockQuote(kind))),
            }),
            Event::Start(Tag::List(start)) => Some(Block::List {
                ordered: start.is_some(),
                items: self.list_items(start.is_some()),
            }),
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                let text = self.literal_until_end();
                (!text.trim().is_empty()).then(|| Block::Paragraph {
                    content: vec![Inline::Text {
                        text: text.trim_end().to_string(),
                    }],
                })
            }
            Event::Start(tag) => {
                self.problem(
                    span,
                    "this Markdown element is not supported in a guide",
                    "unsupported",
                    "use paragraphs, ## headings, lists, > notes, **bold**, *italic* and links",
                );
                self.skip_to_end(&tag);
                None
            }
            Event::Html(text) | Event::InlineHtml(text) | Event::Text(text) => {
                Some(Block::Paragraph {
                    content: vec![Inline::Text {
                        text: text.trim_end().to_string(),
                    }],
                })
            }
            _ => None,
        }
    }

    fn list_items(&mut self, ordered: bool) -> Vec<Vec<Block>> {
        let end = TagEnd::List(ordered);
        let mut items = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::Item) => items.push(self.item()),
                Event::End(e) if e == end => break,
                _ => {}
            }
        }
        items
    }

    /// One list item: loose items hold paragraphs, tight ones hold bare inlines.
    fn item(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut loose_inlines = Vec::new();
        while let Some((event, span)) = self.events.get(self.pos).cloned() {
            match event {
                Event::End(TagEnd::Item) => {
                    self.pos += 1;
                    break;
                }
                Event::Start(Tag::Paragraph)
                | Event::Start(Tag::List(_))
                | Event::Start(Tag::BlockQuote(_))
                | Event::Start(Tag::Heading { .. }) => {
                    flush_inlines(&mut loose_inlines, &mut blocks);
                    self.pos += 1;
                    blocks.extend(self.block(event, span));
                }
                _ => {
                    self.pos += 1;
                    if let Some(inline) = self.inline(event, span) {
                        loose_inlines.push(inline);
                    }
                }
            }
        }
        flush_inlines(&mut loose_inlines, &mut blocks);
        blocks
    }

    /// Inlines until `end`; a paragraph that holds only a screen reference yields a figure.
    fn inlines(&mut self, end: TagEnd) -> (Vec<Inline>, Option<Figure>) {
        let mut out = Vec::new();
        let mut figure = None;
        let mut figure_span = 0..0;
        let mut figure_alone = true;
        while let Some((event, span)) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let caption = self.plain_until(TagEnd::Image);
                    match self.screen(&dest_url, &caption, span.clone()) {
                        Some(f) if figure.is_none() => {
                            figure = Some(f);
                            figure_span = span;
                        }
                        Some(_) => figure_alone = false,
                        None => {}
                    }
                }
                other => {
                    if let Some(inline) = self.inline(other, span) {
                        if !matches!(&inline, Inline::Text { text } if text.trim().is_empty()) {
                            figure_alone = false;
                        }
                        out.push(inline);
                    }
                }
            }
        }
        if figure.is_some() && !figure_alone {
            self.problem(
                figure_span,
                "a screen must stand on a line of its own",
                "screen inside text",
                "put ![caption](screen:id) in its own paragraph, with an empty line before and after",
            );
            return (out, None);
        }
        (trim_inlines(out), figure)
    }

    fn screen(&mut self, dest: &str, caption: &str, span: Range<usize>) -> Option<Figure> {
        let Some(id) = dest.strip_prefix(SCREEN_SCHEME) else {
            self.problem(
                span,
                "images are not taken from Markdown",
                "image",
                "show a screen with ![caption](screen:figure-id); the municipality's screenshot replaces it",
            );
            return None;
        };
        if caption.trim().is_empty() {
            self.problem(
                span,
                "the screen has no caption",
                "empty caption",
                "write what the screen shows between the brackets: ![Kirjautumisikkuna](screen:username)",
            );
            return None;
        }
        match (self.resolve)(id, caption.trim()) {
            Ok(figure) => Some(figure),
            Err(refusal) => {
                self.problem(span, &refusal.message, refusal.label, &refusal.hint);
                None
            }
        }
    }

    /// One inline element starting with `event`.
    fn inline(&mut self, event: Event<'s>, span: Range<usize>) -> Option<Inline> {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => Some(Inline::Text {
                text: t.to_string(),
            }),
            Event::Code(t) => Some(Inline::Code {
                text: t.to_string(),
            }),
            Event::SoftBreak => Some(Inline::Text { text: " ".into() }),
            Event::HardBreak => Some(Inline::LineBreak),
            Event::Start(Tag::Strong) => Some(Inline::Strong {
                content: self.inlines(TagEnd::Strong).0,
            }),
            Event::Start(Tag::Emphasis) => Some(Inline::Emphasis {
                content: self.inlines(TagEnd::Emphasis).0,
            }),
            Event::Start(Tag::Strikethrough) => Some(Inline::Text {
                text: self.plain_until(TagEnd::Strikethrough),
            }),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let content = self.inlines(TagEnd::Link).0;
                match check_url(&dest_url) {
                    Ok(()) => Some(Inline::Link {
                        url: dest_url.to_string(),
                        content,
                    }),
                    Err(hint) => {
                        self.problem(
                            span,
                            &format!("link to `{dest_url}` is not allowed"),
                            "unsafe link",
                            hint,
                        );
                        None
                    }
                }
            }
            Event::Start(tag) => {
                self.skip_to_end(&tag);
                None
            }
            _ => None,
        }
    }

    fn plain_until(&mut self, end: TagEnd) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
        }
        text
    }

    fn literal_until_end(&mut self) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => break,
                Event::Text(t) | Event::Html(t) => text.push_str(&t),
                _ => {}
            }
        }
        text
    }

    fn skip_to_end(&mut self, tag: &Tag<'_>) {
        let end = tag.to_end();
        let mut depth = 1usize;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(t) if t.to_end() == end => depth += 1,
                Event::End(e) if e == end => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
}

fn flush_inlines(inlines: &mut Vec<Inline>, blocks: &mut Vec<Block>) {
    let content = trim_inlines(std::mem::take(inlines));
    if !content.is_empty() {
        blocks.push(Block::Paragraph { content });
    }
}

/// Drops leading and trailing white space of a run of inlines.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.last(), Some(Inline::Text { text }) if text.trim().is_empty())
        || matches!(inlines.last(), Some(Inline::LineBreak))
    {
        inlines.pop();
    }
    if let Some(Inline::Text { text }) = inlines.last_mut() {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
    while matches!(inlines.first(), Some(Inline::Text { text }) if text.trim().is_empty()) {
        inlines.remove(0);
    }
    inlines
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Accepts http, https and mailto links only.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "https://".len()
        || lower.starts_with("mailto:")
            && crate::load::municipality::is_email(&url["mailto:".len()..]);
    if ok && !url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(())
    } else {
        Err("links may point to https://, http:// or mailto: addresses only")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::model::FigureContent;

    fn parse_str(text: &str) -> Result<Vec<Block>, Vec<Diagnostic>> {
        let source: Arc<str> = Arc::from(text);
        let mut resolve = |id: &str, caption: &str| -> Result<Figure, Refusal> {
            if id == "missing" {
                return Err(Refusal {
                    message: format!("unknown screen `{id}`"),
                    label: "no such screen",
                    hint: "no such".into(),
                });
            }
            Ok(Figure {
                id: id.to_string(),
                number: 0,
                caption: caption.to_string(),
                alt: caption.to_string(),
                content: FigureContent::Placeholder {
                    expected_path: format!("{id}.png"),
                },
            })
        };
        parse("step.md", &source, &mut resolve)
    }

    #[test]
    fn paragraphs_headings_notes_and_figures() {
        let blocks = parse_str(
            "## Otsikko\n\nTeksti *kursiivi* ja **lihava**.\n\n> Huom! Tärkeää.\n\n![Kirjautumisikkuna](screen:username)\n",
        )
        .unwrap();
        assert!(matches!(&blocks[0], Block::Heading { level: 2, .. }));
        assert!(matches!(&blocks[1], Block::Paragraph { content } if content.len() == 5));
        assert!(matches!(&blocks[2], Block::Note { blocks } if blocks.len() == 1));
        assert!(
            matches!(&blocks[3], Block::Figure(f) if f.id == "username" && f.caption == "Kirjautumisikkuna")
        );
    }

    #[test]
    fn raw_html_stays_literal_text() {
        let blocks = parse_str("Hei <script>alert(1)</script> maailma\n").unwrap();
        let Block::Paragraph { content } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(Inline::plain_text(content).contains("<script>alert(1)</script>"));
    }

    #[test]
    fn javascript_links_are_rejected_with_a_location() {
        let errors = parse_str("Teksti\n\n[klikkaa](javascript:alert(1))\n").unwrap_err();
        assert_eq!(errors[0].line_column(), Some((3, 1)));
    }

    #[test]
    fn unknown_screens_and_images_are_errors() {
        assert!(parse_str("![Kuva](screen:missing)\n").is_err());
        assert!(parse_str("![Kuva](kuva.png)\n").is_err());
        assert!(parse_str("![](screen:username)\n").is_err());
    }

    #[test]
    fn nesting_past_the_limits_is_one_located_error() {
        let fine = "> ".repeat(MAX_BLOCK_DEPTH) + "x";
        assert!(parse_str(&fine).is_ok());
        for text in [
            "> ".repeat(MAX_BLOCK_DEPTH + 1) + "x",
            "> ".repeat(10_000) + "x",
            "- ".repeat(40) + "x",
            "*".repeat(10_000) + "x" + &"*".repeat(10_000),
        ] {
            let problems = parse_str(&text).unwrap_err();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(problems[0].message.contains("nest deeper"), "{problems:?}");
            assert!(problems[0].span.is_some(), "{problems:?}");
        }
    }

    #[test]
    fn a_screen_inside_text_is_located_at_the_screen() {
        let errors = parse_str("Ensin.\n\nKatso ![Ikkuna](screen:username) tästä.\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line_column(), Some((3, 7)));
        assert!(errors[0].render().contains("![Ikkuna](screen:username)"));
    }

    #[test]
    fn lists_keep_their_items() {
        let blocks = parse_str("- yksi\n- kaksi\n\n1. a\n2. b\n").unwrap();
        assert!(matches!(&blocks[0], Block::List { ordered: false, items } if items.len() == 2));
        assert!(matches!(&blocks[1], Block::List { ordered: true, items } if items.len() == 2));
    }

    #[test]
    fn url_policy() {
        assert!(check_url("https://example.fi").is_ok());
        assert!(check_url("mailto:a@b.fi").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("JavaScript:alert(1)").is_err());
        assert!(check_url("data:text/html,x").is_err());
        assert!(check_url("/etc/passwd").is_err());
    }
}
