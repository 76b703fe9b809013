//! Plain values read from the project's files, shared by every loading step: dates and
//! months, slugs, did-you-mean suggestions, and text files read with a size limit.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A year and month, e.g. when the login system changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMonth {
    pub year: u16,
    pub month: u8,
}

pub use crate::load::files::MAX_TEXT_BYTES;

/// The bytes of a text file of the project at `root`, opened as [`crate::load::files::open_in`]
/// does; one larger than [`MAX_TEXT_BYTES`] is refused unread.
pub fn read_limited(root: &Path, path: &Path, shown: &str) -> Result<Vec<u8>, Box<Diagnostic>> {
    crate::load::files::read_in(root, path, MAX_TEXT_BYTES).map_err(|e| {
        Box::new(
            Diagnostic::error(shown, format!("cannot read the file: {e}")).hint(
                if crate::load::files::is_outside(&e) {
                    "copy the file into the project instead of linking to it"
                } else {
                    "check that the file exists and is readable"
                },
            ),
        )
    })
}

/// True for lower-case ASCII words joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// UTF-8 text of the file without a byte-order mark, or a located error.
pub fn decode(bytes: &[u8], shown: &str) -> Result<String, Box<Diagnostic>> {
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                shown,
                format!(
                    "the file is larger than the {} KiB allowed",
                    MAX_TEXT_BYTES / 1024
                ),
            )
            .hint("a municipality file holds a few short fields; check that the right file was saved here"),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let good = e.valid_up_to();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(bytes).as_ref());
            let offset = String::from_utf8_lossy(&bytes[..good]).len();
            Err(Box::new(
                Diagnostic::error(shown, "the file is not valid UTF-8 text")
                    .at(&lossy, offset..offset + 1, "this byte is not UTF-8")
                    .hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)"),
            ))
        }
    }
}

/// The candidate most similar to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, c)| *score >= 0.8 || strsim::damerau_levenshtein(word, c) <= 1)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Parses `YYYY-MM-DD`, rejecting impossible days such as 2023-02-30.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parse_number(parts.next()?, 4)?;
    let month = parse_number(parts.next()?, 2)?;
    let day = parse_number(parts.next()?, 2)?;
    let (year, month, day) = (
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    );
    if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(Date { year, month, day })
}

/// Parses `YYYY-MM`.
pub fn parse_year_month(text: &str) -> Option<YearMonth> {
    let date = parse_date(&format!("{}-01", text.trim()))?;
    Some(YearMonth {
        year: date.year,
        month: date.month,
    })
}

fn parse_number(text: &str, digits: usize) -> Option<u32> {
    if text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
