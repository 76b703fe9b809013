//! Stretches of running text that the line breaker treats as one: quoted labels of the
//! screens ("Kirjaudu sisään", ”Jatka”, “Continue”) and web and e-mail addresses.
//! They are never hyphenated, and not broken at all when they fit on a line.

use std::ops::Range;

/// One guarded stretch of the text, as a byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    pub range: Range<usize>,
    /// An address rather than a label: when it must be broken, then only after a `/`.
    pub address: bool,
}

/// Quote marks that open a label, and those that close one. Finnish and Swedish close
/// with the mark they open with (”…”), English opens with “ and closes with ”.
const OPENING: [char; 4] = ['"', '”', '“', '„'];
const CLOSING: [char; 3] = ['"', '”', '“'];

/// The quoted labels and the addresses of `text`, in order.
pub fn guards(text: &str) -> Vec<Guard> {
    let mut out = quoted(text);
    out.extend(addresses(text));
    out.sort_by_key(|g| (g.range.start, g.range.end));
    out
}

/// Text between a pair of quote marks, the marks included. A mark left open guards nothing.
fn quoted(text: &str) -> Vec<Guard> {
    let mut out = Vec::new();
    // The curly marks all begin with the byte 0xE2 in UTF-8: text without it and without
    // a straight quote has no label, and most paragraphs are such text.
    if !text.bytes().any(|b| b == b'"' || b == 0xE2) {
        return out;
    }
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match open {
            None if OPENING.contains(&c) => open = Some(i),
            Some(start) if CLOSING.contains(&c) => {
                out.push(Guard {
                    range: start..i + c.len_utf8(),
                    address: false,
                });
                open = None;
            }
            // A label does not run over a forced line break.
            Some(_) if c == '\n' => open = None,
            _ => {}
        }
    }
    out
}

/// Words that are web or e-mail addresses, without the punctuation around them.
fn addresses(text: &str) -> Vec<Guard> {
    let mut out = Vec::new();
    // Every address has a dot, an at sign or a scheme's colon: only the words around
    // those are looked at, found by a scan of the bytes.
    let mut done = 0;
    for (i, b) in text.bytes().enumerate() {
        if i < done || !matches!(b, b'.' | b'@' | b':') {
            continue;
        }
        let Range { start, end } = word_around(text, i..i);
        done = end;
        let word = &text[start..end];
        let edge = |c: char| {
            matches!(
                c,
                '(' | ')' | '<' | '>' | '[' | ']' | ',' | ';' | '.' | ':' | '!' | '?'
            ) || c.is_whitespace()
                || OPENING.contains(&c)
        };
        let core = word.trim_start_matches(edge);
        let lead = word.len() - core.len();
        let core = core.trim_end_matches(edge);
        if is_address(core) {
            out.push(Guard {
                range: start + lead..start + lead + core.len(),
                address: true,
            });
        }
    }
    out
}

/// The whole word between white space that holds `inner`.
pub fn word_around(text: &str, inner: Range<usize>) -> Range<usize> {
    let start = text[..inner.start]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let end = text[inner.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |at| inner.end + at);
    start..end
}

/// A web address (with a scheme, `www.` or a path after a domain) or an e-mail address.
fn is_address(word: &str) -> bool {
    if word.contains("://") || word.starts_with("www.") || word.contains('@') {
        return true;
    }
    // A domain: letters on both sides of its last dot, a top-level part of letters only.
    let domain = word.split('/').next().unwrap_or("");
    match domain.rsplit_once('.') {
        Some((name, top)) => {
            top.len() >= 2
                && top.chars().all(|c| c.is_ascii_lowercase())
                && name.chars().next_back().is_some_and(char::is_alphanumeric)
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
                && !name.contains("..")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<&str> {
        guards(text).into_iter().map(|g| &text[g.range]).collect()
    }

    #[test]
    fn labels_in_every_kind_of_quotes_are_guarded() {
        assert_eq!(
            shown("Valitse \"Kirjaudu sisään\" ja ”Jatka” tai “Continue”."),
            ["\"Kirjaudu sisään\"", "”Jatka”", "“Continue”"]
        );
        assert_eq!(shown("Avoin ”lainaus jää auki"), Vec::<&str>::new());
    }

    #[test]
    fn addresses_are_guarded_without_their_punctuation() {
        assert_eq!(
            shown("Katso https://mantta-vilppula.fi/ohje-1, tai (www.pori.fi)."),
            ["https://mantta-vilppula.fi/ohje-1", "www.pori.fi"]
        );
        assert_eq!(
            shown("Kirjoita etunimi.sukunimi(@)kokkola.fi. Tai mantta-vilppula.fi."),
            ["etunimi.sukunimi(@)kokkola.fi", "mantta-vilppula.fi"]
        );
        assert_eq!(shown("Jne. esim. ja niin edelleen."), Vec::<&str>::new());
    }
}
