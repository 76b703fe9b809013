//! Hyphenation points of a word in the guide's language, for the line breaker: the
//! language's exceptions first, then its patterns; words of the municipality's own data
//! are never hyphenated.

use std::cell::RefCell;
use std::ops::Range;

use hypher::{Lang, hyphenate_bounded};

use crate::compose::model::{HyphenException, Hyphenation};

/// The language and the document's own rules.
struct Rules {
    lang: Lang,
    own: Hyphenation,
}

thread_local! {
    // The rules of the document being laid out on this thread. Rendering one PDF
    // runs on one thread, so setting them around the layout keeps the many text-setting
    // calls free of an extra parameter.
    static RULES: RefCell<Rules> = RefCell::new(Rules {
        lang: Lang::Finnish,
        own: Hyphenation::default(),
    });
}

/// Runs `f` with hyphenation in the language of the BCP 47 tag `tag` (fi, sv, en).
pub fn in_language<T>(tag: &str, f: impl FnOnce() -> T) -> T {
    with_rules(tag, &Hyphenation::default(), f)
}

/// Runs `f` with hyphenation in the language of `tag` and the document's own rules.
pub fn with_rules<T>(tag: &str, own: &Hyphenation, f: impl FnOnce() -> T) -> T {
    let lang = match tag.split('-').next().unwrap_or("") {
        "sv" => Lang::Swedish,
        "en" => Lang::English,
        _ => Lang::Finnish,
    };
    let rules = Rules {
        lang,
        own: own.clone(),
    };
    let previous = RULES.with(|r| r.replace(rules));
    let result = f();
    RULES.with(|r| r.replace(previous));
    result
}

/// Byte offsets inside `word` where a line may break with a hyphen drawn at the end.
pub fn points(word: &str) -> Vec<usize> {
    points_in(word, 0..word.len())
}

/// Hyphenation points inside `part` of `word`, the whole word between spaces that
/// `part` belongs to (a word with a hyphen of its own is broken in parts).
///
/// Only letters are hyphenated: e-mail addresses, numbers and the like keep their
/// shape, and a hard hyphen already is a break opportunity of its own.
pub fn points_in(word: &str, part: Range<usize>) -> Vec<usize> {
    let edge = |c: char| !c.is_alphanumeric() && c != '-';
    let core_start = word.len() - word.trim_start_matches(edge).len();
    let core = word.trim_matches(edge);
    if core.contains(['@', '/', '.', ':', '_']) || core.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    RULES.with(|r| {
        let rules = r.borrow();
        if kept_whole(core, &rules.own.keep_whole) {
            return Vec::new();
        }
        let found = match exception(core, &rules.own.exceptions) {
            Some((e, at)) => excepted(core, e, &at, rules.lang),
            None => patterns(core, 0, rules.lang),
        };
        found
            .into_iter()
            .map(|p| p + core_start)
            .filter(|&p| part.start < p && p < part.end)
            // A break beside a hard hyphen is the hard hyphen's own.
            .filter(|&p| !word[..p].ends_with('-') && !word[p..].starts_with('-'))
            .collect()
    })
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
        let fi = split("käyttäjätunnus");
        assert!(in_language("sv", || split("inloggningssystemet")).len() > 2);
        let words = [
            "information",
            "registration",
            "international",
            "notification",
        ];
        let split_all = |tag| in_language(tag, || words.map(split));
        assert_ne!(split_all("en"), split_all("fi"));
        assert_eq!(split("käyttäjätunnus"), fi, "the language is restored");
    }

    fn split(word: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        let mut last = 0;
        for p in points(word) {
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
        assert_eq!(points("etunimi.sukunimi(@)kokkola.fi"), Vec::<usize>::new());
        assert_eq!(points("2018"), Vec::<usize>::new());
    }
}
