//! Finnish hyphenation points of a word, for the line breaker.

use hypher::{Lang, hyphenate_bounded};

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

fn hyphenate_run(run: &str, offset: usize, out: &mut Vec<usize>) {
    // Very short runs cannot take two letters on each side of a break.
    if run.chars().count() < 5 {
        return;
    }
    let mut at = offset;
    let mut syllables = hyphenate_bounded(run, Lang::Finnish, 2, 2).peekable();
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
    fn hard_hyphens_and_addresses_are_left_alone() {
        let parts = split("sähkö-osoite");
        assert!(parts.iter().all(|p| !p.starts_with('-')));
        assert_eq!(points("etunimi.sukunimi(@)kokkola.fi"), Vec::<usize>::new());
        assert_eq!(points("2018"), Vec::<usize>::new());
    }
}
