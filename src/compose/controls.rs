//! Characters that must not reach a reader: C0 and C1 control characters (an escape
//! sequence drives a terminal, a control character makes XML invalid) and the
//! bidirectional embeddings, overrides and isolates (U+202A..=U+202E, U+2066..=U+2069),
//! which reorder what is shown. Every text that leaves opas for a page's head, a PDF's
//! Info and XMP, the manifest or a terminal goes through one of these functions.

use std::borrow::Cow;

/// Whether `c` is a bidirectional embedding, override or isolate.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is dropped from text on one line: any control character or bidi control.
fn unsafe_in_line(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `text` as one line for a title, a document's metadata or the manifest: line breaks and
/// tabs become spaces, other control characters and bidi controls are removed.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_in_line) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if unsafe_in_line(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// `text` for a terminal: line breaks and tabs kept, every other control character and
/// bidi control shown as its code (`\u{1b}`), so it is seen but never acted on.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let shown = |c: char| !matches!(c, '\n' | '\t') && unsafe_in_line(c);
    if !text.chars().any(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_removed_from_a_line_and_shown_on_a_terminal() {
        assert_eq!(
            one_line("Ohje\u{1b}[2J\u{202E}\u{85} a\tb\nc"),
            "Ohje[2J a b c"
        );
        assert!(matches!(one_line("Ohje Porille"), Cow::Borrowed(_)));
        assert_eq!(
            for_terminal("a\u{1b}[31mb\n\u{202E}c"),
            "a\\u{1b}[31mb\n\\u{202e}c"
        );
    }
}
