//! The character rules of the typography pass. Each rule replaces one character by one
//! character, so a text split over several inlines keeps its split points.

use super::{Conventions, phone};

/// A no-break space: keeps a number with its unit and the groups of a phone number together.
pub const NBSP: char = '\u{a0}';
const EN_DASH: char = '\u{2013}';
const APOSTROPHE: char = '\u{2019}';

/// Whether any rule could change `text`: every rule starts at a quote, an apostrophe,
/// a hyphen or a digit (a unit follows a number, a phone number is digits), and most
/// text has none of them.
pub fn has_work(text: &str) -> bool {
    text.bytes()
        .any(|b| b.is_ascii_digit() || matches!(b, b'"' | b'\'' | b'-'))
}

/// Applies every rule to `src`, leaving the characters marked in `fixed` as they are.
pub fn convert(src: &[char], fixed: &[bool], conv: &Conventions) -> Vec<char> {
    let mut keep = protected(src);
    for (k, f) in keep.iter_mut().zip(fixed) {
        *k |= *f;
    }
    let mut out = src.to_vec();
    for (i, c) in src.iter().enumerate() {
        if keep[i] {
            continue;
        }
        out[i] = match c {
            '"' if opens(src, i) => conv.quotes[0],
            '"' => conv.quotes[1],
            '\'' => APOSTROPHE,
            '-' if spaced(src, i) || range(src, i) => EN_DASH,
            ' ' if before_unit(src, i, &conv.units) => NBSP,
            c => *c,
        };
    }
    for (start, end) in phone::find(src) {
        for i in start..end {
            if src[i] == ' ' && !keep[i] {
                out[i] = NBSP;
            }
        }
    }
    out
}

/// Whether the quote at `i` opens: it follows the start, white space or opening punctuation.
fn opens(src: &[char], i: usize) -> bool {
    match i.checked_sub(1).map(|p| src[p]) {
        None => true,
        Some(p) => p.is_whitespace() || "([{\u{2018}\u{201c}\u{2013}\u{2014}".contains(p),
    }
}

/// A hyphen with white space on both sides, used as a dash.
fn spaced(src: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|p| src[p]);
    let after = src.get(i + 1);
    before.is_some_and(|c| c == ' ' || c == NBSP) && after.is_some_and(|c| *c == ' ')
}

/// A hyphen between two numbers that can only be a range: "8-16" (one or two digits each,
/// rising) or "2018-2020" (years, rising). Codes, dates and phone numbers never qualify.
fn range(src: &[char], i: usize) -> bool {
    let (start, end) = word_around(src, i);
    let word: String = src[start..end].iter().collect();
    let word = word.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    let word = word.trim_start_matches('(');
    let Some((a, b)) = word.split_once('-') else {
        return false;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) && !s.starts_with('0'))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(x), Some(y)) = (number(a), number(b)) else {
        return false;
    };
    let short = a.len() <= 2 && b.len() <= 2;
    let years = a.len() == 4 && b.len() == 4 && (1900..2100).contains(&x) && y < 2100;
    (short || years) && x < y
}

/// The white-space delimited word that holds `i`, as a range of indices.
pub fn word_around(src: &[char], i: usize) -> (usize, usize) {
    let start = src[..i]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let end = src[i..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(src.len(), |p| i + p);
    (start, end)
}

/// Whether the space at `i` stands between a number and a unit of measure.
fn before_unit(src: &[char], i: usize, units: &[String]) -> bool {
    let number_end = src[..i].last().is_some_and(char::is_ascii_digit);
    if !number_end || !is_number(src, i) {
        return false;
    }
    let rest = &src[i + 1..];
    let len = rest
        .iter()
        .position(|c| !c.is_alphanumeric() && !matches!(c, '%' | '€'))
        .unwrap_or(rest.len());
    let word: String = rest[..len].iter().collect();
    matches!(word.as_str(), "%" | "€") || units.contains(&word)
}

/// Whether the word that ends before `i` is a number, such as "5", "1,5" or "1–2".
fn is_number(src: &[char], i: usize) -> bool {
    let start = src[..i]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let word = &src[start..i];
    let word = word.strip_prefix(&['(']).unwrap_or(word);
    !word.is_empty()
        && word
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(*c, ',' | '.' | '-' | EN_DASH))
}

/// Marks the words that must stay as written: web addresses, e-mail addresses and paths.
/// Quotes and brackets around such a word are not part of it.
fn protected(src: &[char]) -> Vec<bool> {
    let mut keep = vec![false; src.len()];
    let mut start = 0;
    while start < src.len() {
        if src[start].is_whitespace() {
            start += 1;
            continue;
        }
        let (_, end) = word_around(src, start);
        let word = &src[start..end];
        if is_address(word) {
            let lead = word.iter().take_while(|c| is_wrapping(**c)).count();
            let trail = word.iter().rev().take_while(|c| is_wrapping(**c)).count();
            let last = end.saturating_sub(trail).max(start + lead);
            keep[start + lead..last].iter_mut().for_each(|k| *k = true);
        }
        start = end;
    }
    keep
}

/// Punctuation that may wrap an address without belonging to it.
fn is_wrapping(c: char) -> bool {
    "\"'()[]<>.,;:!?\u{201c}\u{201d}\u{2019}".contains(c)
}

/// A web or e-mail address or a file path.
fn is_address(word: &[char]) -> bool {
    // Each kind below needs one of these: most words have none and cost no allocation.
    if !word.iter().any(|c| matches!(c, '/' | '\\' | '@' | '.')) {
        return false;
    }
    let text: String = word.iter().collect();
    let bare = text.trim_start_matches(is_wrapping);
    let path = word
        .windows(3)
        .any(|w| matches!(w[1], '/' | '\\') && w[0].is_alphanumeric() && w[2].is_alphanumeric());
    text.contains("://") || text.contains('@') || bare.starts_with("www.") || path
}
