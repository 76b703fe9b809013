//! The typography of a run of inlines: the rules see the text of the whole run, so a
//! quotation may open in one inline and close in another; phone numbers become links.

use super::{Conventions, chars, phone};
use crate::compose::model::Inline;

/// A piece of the run's text: prose the rules may change, or text they only read.
enum Piece<'a> {
    Prose(&'a mut String),
    Fixed(&'a str),
    Break,
}

impl Piece<'_> {
    fn chars(&self) -> Vec<char> {
        match self {
            Piece::Prose(text) => text.chars().collect(),
            Piece::Fixed(text) => text.chars().collect(),
            Piece::Break => vec!['\n'],
        }
    }
}

/// Applies the rules to `inlines`; with `link_phones`, phone numbers become `tel:` links.
pub fn prose(inlines: &mut Vec<Inline>, conv: &Conventions, link_phones: bool) {
    convert(inlines, conv);
    if link_phones {
        link(inlines);
    }
}

/// Applies the character rules to the text of the run, leaving code as written.
fn convert(inlines: &mut [Inline], conv: &Conventions) {
    let mut pieces = Vec::new();
    collect(inlines, &mut pieces);
    if !pieces
        .iter()
        .any(|p| matches!(p, Piece::Prose(text) if chars::has_work(text)))
    {
        return;
    }
    let mut src = Vec::new();
    let mut fixed = Vec::new();
    let mut lens = Vec::with_capacity(pieces.len());
    for piece in &pieces {
        let chars = piece.chars();
        let is_fixed = !matches!(piece, Piece::Prose(_));
        fixed.extend(std::iter::repeat_n(is_fixed, chars.len()));
        lens.push(chars.len());
        src.extend(chars);
    }
    let out = chars::convert(&src, &fixed, conv);
    let mut at = 0;
    for (piece, len) in pieces.iter_mut().zip(lens) {
        if let Piece::Prose(text) = piece {
            **text = out[at..at + len].iter().collect();
        }
        at += len;
    }
}

/// The pieces of the run in reading order.
fn collect<'a>(inlines: &'a mut [Inline], out: &mut Vec<Piece<'a>>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push(Piece::Prose(text)),
            Inline::Code { text } => out.push(Piece::Fixed(text)),
            Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } => collect(content, out),
            Inline::LineBreak => out.push(Piece::Break),
        }
    }
}

/// Makes each phone number in the run's text a link, except inside links and code.
fn link(inlines: &mut Vec<Inline>) {
    for inline in merged(std::mem::take(inlines)) {
        match inline {
            Inline::Text { text } => split_phones(text, inlines),
            Inline::Strong { mut content } => {
                link(&mut content);
                inlines.push(Inline::Strong { content });
            }
            Inline::Emphasis { mut content } => {
                link(&mut content);
                inlines.push(Inline::Emphasis { content });
            }
            other => inlines.push(other),
        }
    }
}

/// `inlines` with neighbouring texts joined: the Markdown parser may split a sentence
/// at brackets, and a phone number must be found whole.
fn merged(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text: last }), Inline::Text { text }) => last.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
    out
}

/// Pushes `text` to `out` as text and phone-number links.
fn split_phones(text: String, out: &mut Vec<Inline>) {
    let chars: Vec<char> = text.chars().collect();
    let found = phone::find(&chars);
    if found.is_empty() {
        out.push(Inline::Text { text });
        return;
    }
    let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let mut at = 0;
    for (start, end) in found {
        if start > at {
            out.push(Inline::Text {
                text: piece(at, start),
            });
        }
        let number = piece(start, end);
        out.push(Inline::Link {
            url: phone::href(&number),
            content: vec![Inline::Text { text: number }],
        });
        at = end;
    }
    if at < chars.len() {
        out.push(Inline::Text {
            text: piece(at, chars.len()),
        });
    }
}
