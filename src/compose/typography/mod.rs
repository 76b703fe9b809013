//! Typography per language: one pass over a finished [`Document`], before any renderer,
//! so that the HTML page and the PDF print the same characters.
//!
//! In all prose (titles, the running header, headings, paragraphs, lists, notes, the
//! contact block, captions, alternative texts and the texts of drawn screens):
//! - straight double quotes become the language's quotation marks (Finnish and Swedish
//!   ”…”, English “…”), a straight apostrophe becomes ’;
//! - a hyphen with a space on each side becomes an en dash, and so does the hyphen of a
//!   range of small numbers or years ("8-16", "2018-2020");
//! - a no-break space joins the groups of a phone number and a number to its unit (the
//!   units are listed per language in `content/languages/<lang>.toml`, `[typography]`);
//! - a phone number in the guide's text becomes a `tel:` link.
//!
//! Code, web and e-mail addresses and file paths stay as written.

mod chars;
mod inlines;
mod phone;
#[cfg(test)]
mod tests;

use serde::Deserialize;

use crate::compose::model::{Block, Document, Figure, FigureContent, ScreenItem, UiStrings};

/// A language's conventions: `[typography]` in `content/languages/<lang>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conventions {
    /// The opening and closing quotation marks that replace straight double quotes.
    #[serde(default = "english_quotes")]
    pub quotes: [char; 2],
    /// Units written after a number, joined to it by a no-break space ("5 min");
    /// `%` and `€` always are.
    #[serde(default)]
    pub units: Vec<String>,
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            quotes: english_quotes(),
            units: Vec::new(),
        }
    }
}

fn english_quotes() -> [char; 2] {
    ['\u{201c}', '\u{201d}']
}

/// Applies the conventions to every prose text of `doc`.
pub fn apply(doc: &mut Document, conv: &Conventions) {
    for text in [&mut doc.issuer, &mut doc.title, &mut doc.subtitle] {
        plain(text, conv);
    }
    if let Some(label) = &mut doc.header_label {
        plain(label, conv);
    }
    ui_strings(&mut doc.strings, conv);
    blocks(&mut doc.blocks, conv);
}

/// Applies the rules to one text on its own.
fn plain(text: &mut String, conv: &Conventions) {
    if !chars::has_work(text) {
        return;
    }
    let src: Vec<char> = text.chars().collect();
    *text = chars::convert(&src, &vec![false; src.len()], conv)
        .into_iter()
        .collect();
}

fn ui_strings(s: &mut UiStrings, conv: &Conventions) {
    for text in [
        &mut s.figure,
        &mut s.placeholder_title,
        &mut s.placeholder_hint,
        &mut s.contact,
        &mut s.pdf_link,
        &mut s.language_name,
    ] {
        plain(text, conv);
    }
}

fn blocks(blocks_: &mut [Block], conv: &Conventions) {
    for block in blocks_ {
        match block {
            Block::Heading { content, .. } => inlines::prose(content, conv, false),
            Block::Paragraph { content } => inlines::prose(content, conv, true),
            Block::List { items, .. } => items.iter_mut().for_each(|i| blocks(i, conv)),
            Block::Note { blocks: inner } | Block::Contact { blocks: inner } => blocks(inner, conv),
            Block::Figure(figure_) => figure(figure_, conv),
        }
    }
}

fn figure(figure: &mut Figure, conv: &Conventions) {
    plain(&mut figure.caption, conv);
    plain(&mut figure.alt, conv);
    if let FigureContent::Mockup(screen) = &mut figure.content {
        screen
            .items
            .iter_mut()
            .for_each(|item| screen_item(item, conv));
    }
}

/// The texts of a drawn screen; typed values and codes stay as the service shows them.
fn screen_item(item: &mut ScreenItem, conv: &Conventions) {
    match item {
        ScreenItem::Title { text } | ScreenItem::User { text } => plain(text, conv),
        ScreenItem::Breadcrumb { parts } => parts.iter_mut().for_each(|p| plain(p, conv)),
        ScreenItem::Notice { text }
        | ScreenItem::Text { text }
        | ScreenItem::Message { text }
        | ScreenItem::Error { text } => inlines::prose(text, conv, false),
        ScreenItem::Field { label, .. }
        | ScreenItem::Checkbox { label }
        | ScreenItem::Button { label }
        | ScreenItem::Link { label }
        | ScreenItem::Menu { label }
        | ScreenItem::Qr { label, .. }
        | ScreenItem::CodeEntry { label, .. } => plain(label, conv),
        ScreenItem::Header { name, value } => {
            plain(name, conv);
            plain(value, conv);
        }
        ScreenItem::Codes { .. } => {}
    }
}
