//! Phone numbers in running text: "044 797 8523", "+358 44 797 8523", "(02) 621 1100".
//!
//! A number is recognised only in a form that nothing else takes: it starts with `+`, with
//! `0` or with an area code in brackets, has at least two groups of digits separated by
//! single spaces, and seven to fifteen digits in all.

/// A no-break space, which the typography pass may already have put between the groups.
const NBSP: char = '\u{a0}';

/// The phone numbers in `src`, as ranges of indices.
pub fn find(src: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    // A number has at least seven digits: most text has fewer and is not searched.
    if src.iter().filter(|c| c.is_ascii_digit()).count() < 7 {
        return found;
    }
    let mut i = 0;
    while i < src.len() {
        match number_at(src, i) {
            Some(end) => {
                found.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// The `tel:` address of a number as written: its digits, and a leading `+` if it has one.
pub fn href(number: &str) -> String {
    let plus = number.trim_start().starts_with('+');
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{}{digits}", if plus { "+" } else { "" })
}

/// The end of the phone number that starts at `i`, if one does.
fn number_at(src: &[char], i: usize) -> Option<usize> {
    // Only these begin a first group (see `first_group`).
    if !matches!(src.get(i), Some('+' | '0' | '(')) {
        return None;
    }
    let before = i.checked_sub(1).map(|p| src[p]);
    if before.is_some_and(|c| c.is_alphanumeric() || "+-/.,@_#=(".contains(c)) {
        return None;
    }
    let mut at = first_group(src, i)?;
    let mut groups = 1;
    while let Some(end) = next_group(src, at) {
        at = end;
        groups += 1;
    }
    let digits = src[i..at].iter().filter(|c| c.is_ascii_digit()).count();
    let after = src.get(at);
    let clean_end = after.is_none_or(|c| !c.is_alphanumeric() && !"-/@".contains(*c));
    (groups >= 2 && (7..=15).contains(&digits) && clean_end).then_some(at)
}

/// The end of "+358", "044" or "(02)" at `i`.
fn first_group(src: &[char], i: usize) -> Option<usize> {
    match *src.get(i)? {
        '+' => digits_end(src, i + 1).filter(|e| e - (i + 1) <= 3),
        '0' => digits_end(src, i),
        '(' if src.get(i + 1) == Some(&'0') => {
            let end = digits_end(src, i + 1)?;
            (src.get(end) == Some(&')')).then_some(end + 1)
        }
        _ => None,
    }
}

/// The end of a group after one space (or no-break space) at `at`.
fn next_group(src: &[char], at: usize) -> Option<usize> {
    matches!(src.get(at), Some(&' ') | Some(&NBSP))
        .then(|| digits_end(src, at + 1))
        .flatten()
}

/// The end of the run of digits at `i`, if there is at least one.
fn digits_end(src: &[char], i: usize) -> Option<usize> {
    let n = src
        .get(i..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (n > 0).then_some(i + n)
}
