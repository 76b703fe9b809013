//! Hyphenation points of a word in the guide's language, for the line breaker: the
//! language's exceptions first, then its patterns; words of the municipality's own data
//! are never hyphenated.

use std::ops::Range;

use hypher::{Lang, hyphenate_bounded};

use crate::compose::model::{HyphenException, Hyphenation};

/// Longest word, in bytes, that is hyphenated: the longest Finnish compounds of a guide
/// are about 40 letters. A longer run of letters is no word to hyphenate, and finding its
/// points would cost time growing with the square of its length.
pub const MAX_HYPHENATED_WORD: usize = 128;

/// How a document is hyphenated: the patterns of its language and its own rules (the
/// language's exceptions, the words of the municipality's data kept whole). Passed to the
/// line breaker with each text that may be hyphenated.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    lang: Lang,
    own: &'a Hyphenation,
}

impl<'a> Rules<'a> {
    /// The rules for the language of the BCP 47 tag `tag` (fi, sv, en; others as Finnish)
    /// with the document's own rules `own`.
    pub fn new(tag: &str, own: &'a Hyphenation) -> Self {
        let lang = match tag.split('-').next().unwrap_or("") {
            "sv" => Lang::Swedish,
            "en" => Lang::English,
            _ => Lang::Finnish,
        };
        Rules { lang, own }
    }

    /// Byte offsets inside `word` where a line may break with a hyphen drawn at the end.
    pub fn points(&self, word: &str) -> Vec<usize> {
        self.points_in(word, 0..word.len())
    }

    /// Hyphenation points inside `part` of `word`, the whole word between spaces that
    /// `part` belongs to (a word with a hyphen of its own is broken in parts).
    ///
    /// Only letters are hyphenated: e-mail addresses, numbers and the like keep their
    /// shape, and a hard hyphen already is a break opportunity of its own.
    pub fn points_in(&self, word: &str, part: Range<usize>) -> Vec<usize> {
        if word.len() > MAX_HYPHENATED_WORD {
            return Vec::new();
        }
        let edge = |c: char| !c.is_alphanumeric() && c != '-';
        let core_start = word.len() - word.trim_start_matches(edge).len();
        let core = word.trim_matches(edge);
        if core.contains(['@', '/', '.', ':', '_']) || core.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        if kept_whole(core, &self.own.keep_whole) {
            return Vec::new();
        }
        let found = match exception(core, &self.own.exceptions) {
            Some((e, at)) => excepted(core, e, &at, self.lang),
            None => patterns(core, 0, self.lang),
        };
        found
            .into_iter()
            .map(|p| p + core_start)
            .filter(|&p| part.start < p && p < part.end)
            // A break beside a hard hyphen is the hard hyphen's own.
            .filter(|&p| !word[..p].ends_with('-') && !word[p..].starts_with('-'))
            .collect()
    }
}

/// Whether a hyphen-joined piece of `core` begins with one of the protected words.
fn kept_whole(core: &str, keep: &[String]) -> bool {
    core.split('-').any(|piece| {
        keep.iter().any(|k| {
            let mut piece = piece.chars().map(HyphenException::fold);
            k.chars()
                .map(HyphenException::fold)
                .all(|c| piece.next() == Some(c))
        })
    })
}

/// The first (longest) exception matching `core`, with the byte offset of each of its
/// letters in `core` and of its end.
fn exception<'e>(
    core: &str,
    entries: &'e [HyphenException],
) -> Option<(&'e HyphenException, Vec<usize>)> {
    let letters: Vec<(usize, char)> = core
        .char_indices()
        .filter(|(_, c)| *c != '-')
        .map(|(i, c)| (i, HyphenException::fold(c)))
        .collect();
    let entry = entries.iter().find(|e| {
        let n = e.letters.chars().count();
        (n == letters.len() || e.prefix && n < letters.len())
            && e.letters.chars().zip(&letters).all(|(a, (_, b))| a == *b)
    })?;
    let mut at: Vec<usize> = letters.iter().map(|(i, _)| *i).collect();
    at.push(core.len());
    Some((entry, at))
}

/// The points an exception allows in `core`, whose letters start at the offsets `at`:
/// its listed points, and for an inflected form the patterns' after the last of them.
fn excepted(core: &str, e: &HyphenException, at: &[usize], lang: Lang) -> Vec<usize> {
    let mut out: Vec<usize> = e
        .points
        .iter()
        .filter_map(|&k| at.get(k).copied())
        .collect();
    if e.prefix {
        let rest = out.last().copied().unwrap_or(0);
        out.extend(patterns(&core[rest..], rest, lang));
    }
    out
}

/// The patterns' points in each run of letters of `text`, which starts at `offset`.
fn patterns(text: &str, offset: usize, lang: Lang) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                hyphenate_run(&text[s..i], offset + s, lang, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Fewest letters a hyphenation leaves before or after the break.
const MIN_LETTERS: usize = 3;

fn hyphenate_run(run: &str, offset: usize, lang: Lang, out: &mut Vec<usize>) {
    // At least three letters stay on each side of a break: "uu-", "tu-" or "-si" read badly.
    if run.chars().count() < 2 * MIN_LETTERS {
        return;
    }
    let mut at = offset;
    let mut syllables = hyphenate_bounded(run, lang, MIN_LETTERS, MIN_LETTERS).peekable();
    while let Some(s) = syllables.next() {
        at += s.len();
        if syllables.peek().is_some() {
            out.push(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english_words_use_their_own_patterns() {
        let none = Hyphenation::default();
        assert!(split_in("sv", "inloggningssystemet").len() > 2);
        let words = [
            "information",
            "registration",
            "international",
            "notification",
        ];
        let split_all = |tag| words.map(|w| split_in(tag, w));
        assert_ne!(split_all("en"), split_all("fi"));
        assert_eq!(
            Rules::new("fi-FI", &none).points("käyttäjätunnus"),
            Rules::new("fi", &none).points("käyttäjätunnus")
        );
    }

    fn split(word: &str) -> Vec<&str> {
        split_in("fi", word)
    }

    fn split_in<'w>(tag: &str, word: &'w str) -> Vec<&'w str> {
        let none = Hyphenation::default();
        let mut parts = Vec::new();
        let mut last = 0;
        for p in Rules::new(tag, &none).points(word) {
            parts.push(&word[last..p]);
            last = p;
        }
        parts.push(&word[last..]);
        parts
    }

    #[test]
    fn finnish_words_break_between_syllables() {
        assert_eq!(split("käyttäjätunnus"), ["käyt", "tä", "jä", "tun", "nus"]);
    }

    #[test]
    fn three_letters_at_least_stay_on_each_side() {
        for word in [
            "uudelleen",
            "tunnuksesi",
            "sisäänkirjautuminen",
            "asiointipalvelu",
        ] {
            let parts = split(word);
            assert!(parts.len() > 1, "{word}: {parts:?}");
            let first = parts[0].chars().count();
            let last = parts[parts.len() - 1].chars().count();
            assert!(first >= 3 && last >= 3, "{word}: {parts:?}");
        }
        assert_eq!(split("uusi"), ["uusi"]);
    }

    #[test]
    fn hard_hyphens_and_addresses_are_left_alone() {
        let parts = split("sähkö-osoite");
        assert!(parts.iter().all(|p| !p.starts_with('-')));
        assert_eq!(split("etunimi.sukunimi(@)kokkola.fi").len(), 1);
        assert_eq!(split("2018"), ["2018"]);
    }
}
