//! Hyphenation points of a word in the guide's language, for the line breaker.

use std::cell::Cell;

use hypher::{Lang, hyphenate_bounded};

thread_local! {
    // The language of the document being laid out on this thread. Rendering one PDF
    // runs on one thread, so setting it around the layout keeps the many text-setting
    // calls free of an extra parameter.
    static LANG: Cell<Lang> = const { Cell::new(Lang::Finnish) };
}

/// Runs `f` with hyphenation in the language of the BCP 47 tag `tag` (fi, sv, en).
pub fn in_language<T>(tag: &str, f: impl FnOnce() -> T) -> T {
    let lang = match tag.split('-').next().unwrap_or("") {
        "sv" => Lang::Swedish,
        "en" => Lang::English,
        _ => Lang::Finnish,
    };
    let previous = LANG.with(|l| l.replace(lang));
    let result = f();
    LANG.with(|l| l.set(previous));
    result
}

/// Byte offsets inside `word` where a line may break with a hyphen drawn at the end.
///
/// Only runs of letters are hyphenated: e-mail addresses, numbers and the like
/// keep their shape, and a hard hyphen already is a break opportunity of its own.
pub fn points(word: &str) -> Vec<usize> {
    if word.contains(['@', '/', '.', ':']) || word.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in word
        .char_indices()
        .chain(std::iter::once((word.len(), ' ')))
    {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                hyphenate_run(&word[s..i], s, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Fewest letters a hyphenation leaves before or after the break.
const MIN_LETTERS: usize = 3;

fn hyphenate_run(run: &str, offset: usize, out: &mut Vec<usize>) {
    // Very short runs cannot take two letters on each side of a break.
    // At least three letters stay on each side of a break: "uu-", "tu-" or "-si" read badly.
    if run.chars().count() < 2 * MIN_LETTERS {
        return;
    }
    let mut at = offset;
    let mut syllables =
        hyphenate_bounded(run, LANG.with(Cell::get), MIN_LETTERS, MIN_LETTERS).peekable();
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
