//! Blocks and inlines of the document model as HTML; every text is escaped here.

use std::fmt::Write as _;

use crate::compose::model::{
    Block, Figure, FigureContent, Inline, Screen, ScreenItem, ScreenStyle, UiStrings,
};
use crate::render::escape::{escape, escape_into};

/// The guide's blocks as HTML.
pub fn render_blocks(blocks: &[Block], strings: &UiStrings) -> String {
    let mut out = String::new();
    for block in blocks {
        render_block(&mut out, block, strings);
    }
    out
}

fn render_block(out: &mut String, block: &Block, strings: &UiStrings) {
    match block {
        Block::Heading { level, id, content } => {
            let level = (*level).clamp(2, 6);
            let _ = writeln!(
                out,
                "<h{level} id=\"{}\">{}</h{level}>",
                escape(id),
                inlines(content)
            );
        }
        Block::Paragraph { content } => {
            let _ = writeln!(out, "<p>{}</p>", inlines(content));
        }
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            let _ = writeln!(out, "<{tag}>");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", render_blocks(item, strings).trim_end());
            }
            let _ = writeln!(out, "</{tag}>");
        }
        Block::Note { blocks } => {
            let _ = writeln!(
                out,
                "<aside class=\"note\">\n{}</aside>",
                render_blocks(blocks, strings)
            );
        }
        Block::Contact { blocks } => {
            let _ = writeln!(
                out,
                "<section class=\"contact\" aria-label=\"{}\">\n{}</section>",
                escape(&strings.contact),
                render_blocks(blocks, strings)
            );
        }
        Block::Figure(figure) => render_figure(out, figure, strings),
    }
}

/// Inline content as HTML.
pub fn inlines(content: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, content);
    out
}

/// [`inlines`], appended to `out`.
fn push_inlines(out: &mut String, content: &[Inline]) {
    for inline in content {
        match inline {
            Inline::Text { text } => escape_into(out, text),
            Inline::Strong { content } => wrapped(out, "<strong>", content, "</strong>"),
            Inline::Emphasis { content } => wrapped(out, "<em>", content, "</em>"),
            Inline::Code { text } => {
                out.push_str("<code>");
                escape_into(out, text);
                out.push_str("</code>");
            }
            Inline::Link { url, content } if url.is_empty() => {
                wrapped(out, "<span class=\"screen-link\">", content, "</span>");
            }
            Inline::Link { url, content } => {
                out.push_str("<a href=\"");
                escape_into(out, url);
                wrapped(out, "\">", content, "</a>");
            }
            Inline::LineBreak => out.push_str("<br>"),
        }
    }
}

/// `content` between `open` and `close`.
fn wrapped(out: &mut String, open: &str, content: &[Inline], close: &str) {
    out.push_str(open);
    push_inlines(out, content);
    out.push_str(close);
}

fn render_figure(out: &mut String, figure: &Figure, strings: &UiStrings) {
    let kind = match &figure.content {
        FigureContent::Screenshot { .. } => "screenshot",
        FigureContent::Mockup(_) => "mockup",
        FigureContent::Placeholder { .. } => "placeholder",
    };
    let _ = writeln!(
        out,
        "<figure class=\"figure figure-{kind}\" id=\"kuva-{}\">",
        figure.number
    );
    match &figure.content {
        FigureContent::Screenshot {
            file_name,
            width,
            height,
            ..
        } => {
            let _ = writeln!(
                out,
                "<img src=\"screenshots/{}\" alt=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\">",
                escape(file_name),
                escape(&figure.alt)
            );
        }
        FigureContent::Mockup(screen) => render_screen(out, screen),
        FigureContent::Placeholder { expected_path } => {
            let _ = writeln!(
                out,
                "<div class=\"placeholder\"><p class=\"placeholder-title\">{}</p><p>{} <code>{}</code></p></div>",
                escape(&strings.placeholder_title),
                escape(&strings.placeholder_hint),
                escape(expected_path)
            );
        }
    }
    let _ = writeln!(
        out,
        "<figcaption><span class=\"figure-number\">{} {}.</span> {}</figcaption>\n</figure>",
        escape(&strings.figure),
        figure.number,
        escape(&figure.caption)
    );
}

fn render_screen(out: &mut String, screen: &Screen) {
    let style = match screen.style {
        ScreenStyle::Dialog => "dialog",
        ScreenStyle::Email => "email",
        ScreenStyle::Bar => "bar",
        ScreenStyle::Page => "page",
        ScreenStyle::Phone => "phone",
    };
    let _ = writeln!(out, "<div class=\"screen screen-{style}\">");
    if screen.style == ScreenStyle::Page {
        // The page's own header as a bar, and the page below it.
        let (head, body) = screen.page_parts();
        for (class, items) in [("screen-page-bar", head), ("screen-page-body", body)] {
            if !items.is_empty() {
                let _ = writeln!(out, "<div class=\"{class}\">");
                items.iter().for_each(|item| render_item(out, item));
                let _ = writeln!(out, "</div>");
            }
        }
    } else {
        screen.items.iter().for_each(|item| render_item(out, item));
    }
    let _ = writeln!(out, "</div>");
}

fn render_item(out: &mut String, item: &ScreenItem) {
    let _ = match item {
        ScreenItem::Title { text } => {
            writeln!(out, "<p class=\"screen-title\">{}</p>", escape(text))
        }
        ScreenItem::Breadcrumb { parts } => {
            let parts: Vec<String> = parts
                .iter()
                .map(|p| format!("<span>{}</span>", escape(p)))
                .collect();
            writeln!(
                out,
                "<p class=\"screen-breadcrumb\">{}</p>",
                parts.join("<span class=\"screen-sep\" aria-hidden=\"true\"> › </span>")
            )
        }
        ScreenItem::Notice { text } => {
            writeln!(out, "<p class=\"screen-notice\">{}</p>", inlines(text))
        }
        ScreenItem::Text { text } => {
            writeln!(out, "<p class=\"screen-text\">{}</p>", inlines(text))
        }
        ScreenItem::Message { text } => {
            writeln!(out, "<p class=\"screen-message\">{}</p>", inlines(text))
        }
        ScreenItem::Error { text } => {
            writeln!(out, "<p class=\"screen-error\">{}</p>", inlines(text))
        }
        ScreenItem::Field {
            label,
            value,
            secret,
        } => {
            let shown = match (value, secret) {
                (Some(v), true) => "•".repeat(v.chars().count().clamp(6, 12)),
                (Some(v), false) => escape(v),
                (None, _) => String::new(),
            };
            writeln!(
                out,
                "<div class=\"screen-field\"><span class=\"screen-label\">{}</span><span class=\"screen-input\">{}</span></div>",
                escape(label),
                shown
            )
        }
        ScreenItem::Checkbox { label } => writeln!(
            out,
            "<p class=\"screen-checkbox\"><span class=\"screen-box\" aria-hidden=\"true\"></span>{}</p>",
            escape(label)
        ),
        ScreenItem::Button { label } => writeln!(
            out,
            "<p class=\"screen-action\"><span class=\"screen-button\">{}</span></p>",
            escape(label)
        ),
        ScreenItem::Link { label } => writeln!(
            out,
            "<p class=\"screen-text\"><span class=\"screen-link\">{}</span></p>",
            escape(label)
        ),
        ScreenItem::Header { name, value } => writeln!(
            out,
            "<p class=\"screen-header\"><span class=\"screen-header-name\">{}:</span> {}</p>",
            escape(name),
            escape(value)
        ),
        ScreenItem::User { text } => {
            writeln!(out, "<span class=\"screen-user\">{}</span>", escape(text))
        }
        ScreenItem::Menu { label } => {
            writeln!(out, "<span class=\"screen-menu\">{}</span>", escape(label))
        }
        ScreenItem::Qr {
            label, size, dark, ..
        } => writeln!(out, "{}", qr_svg(label, *size, dark)),
        ScreenItem::CodeEntry {
            label,
            digits,
            value,
        } => {
            let mut typed = value.chars();
            let boxes: String = (0..*digits)
                .map(|_| {
                    let digit = typed.next().map(String::from).unwrap_or_default();
                    format!("<span class=\"screen-digit\">{}</span>", escape(&digit))
                })
                .collect();
            writeln!(
                out,
                "<div class=\"screen-field\"><span class=\"screen-label\">{}</span><span class=\"screen-digits\">{boxes}</span></div>",
                escape(label)
            )
        }
        ScreenItem::Codes { codes } => {
            let items: String = codes
                .iter()
                .map(|c| format!("<li>{}</li>", escape(c)))
                .collect();
            writeln!(out, "<ul class=\"screen-codes\">{items}</ul>")
        }
    };
}

/// A QR code as an inline SVG image with a quiet zone of four modules; each row's runs
/// of dark modules are one path segment, so the code stays scannable at any zoom.
fn qr_svg(label: &str, size: usize, dark: &[bool]) -> String {
    const QUIET: usize = 4;
    let mut path = String::new();
    for (y, row) in dark.chunks(size.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < row.len() && row[x] {
                x += 1;
            }
            let _ = write!(
                path,
                "M{} {}h{}v1h-{}z",
                start + QUIET,
                y + QUIET,
                x - start,
                x - start
            );
        }
    }
    let full = size + 2 * QUIET;
    format!(
        "<svg class=\"screen-qr\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {full} {full}\" shape-rendering=\"crispEdges\"><rect width=\"{full}\" height=\"{full}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        label = escape(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_bidi_controls() {
        assert_eq!(
            escape("<script>\"a\"&'b'"),
            "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;"
        );
        assert_eq!(escape("a\u{202E}b"), "ab");
    }

    #[test]
    fn link_urls_are_escaped() {
        let html = inlines(&[Inline::Link {
            url: "https://x.fi/?a=1&b=\"2\"".into(),
            content: vec![Inline::Text { text: "<x>".into() }],
        }]);
        assert_eq!(
            html,
            "<a href=\"https://x.fi/?a=1&amp;b=&quot;2&quot;\">&lt;x&gt;</a>"
        );
    }
}
