//! What the PDF's hyphenation is told besides its patterns: each language's exceptions
//! (`content/languages/<lang>.hyphenation.txt`) and the words of a municipality's own data.

use std::path::Path;
use std::sync::Arc;

use crate::compose::model::HyphenException;
use crate::diagnostics::{Diagnostic, display_path};
use crate::load::municipality::Municipality;
use crate::load::params::ParamValue;
use crate::load::values::{MAX_TEXT_BYTES, decode};

/// The exceptions file of a language, beside its `<lang>.toml`.
pub fn exceptions_path(dir: &Path, lang: &str) -> std::path::PathBuf {
    dir.join(format!("{lang}.hyphenation.txt"))
}

/// Reads a language's exceptions; a language without the file has none.
pub fn load(root: &Path, path: &Path) -> Result<Vec<HyphenException>, Vec<Diagnostic>> {
    let shown = display_path(path, root);
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(Vec::new());
    }
    let bytes = crate::load::files::read_in(root, path, MAX_TEXT_BYTES).map_err(|e| {
        vec![
            Diagnostic::error(&shown, format!("cannot read the file: {e}"))
                .hint("check that the file is readable, or remove it"),
        ]
    })?;
    let text = decode(&bytes, &shown).map_err(|d| vec![*d])?;
    parse(&shown, &text)
}

/// The entries of an exceptions file, or every malformed line located.
pub fn parse(shown: &str, text: &str) -> Result<Vec<HyphenException>, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.split('#').next().unwrap_or("");
        let entry = content.trim();
        if entry.is_empty() {
            continue;
        }
        let at = start + (content.len() - content.trim_start().len());
        match parse_entry(entry) {
            Ok(e) => entries.push(e),
            Err(problem) => problems.push(
                Diagnostic::error(shown, problem)
                    .at(&source, at..at + entry.len(), "this entry")
                    .hint("write one word a line, with a hyphen at each place the word may break, e.g. sähkö-posti-osoit*"),
            ),
        }
    }
    if problems.is_empty() {
        // The longest entry first: "sähköpostiosoit*" before "sähköposti*".
        entries.sort_by(|a, b| {
            (b.letters.chars().count(), &a.letters).cmp(&(a.letters.chars().count(), &b.letters))
        });
        Ok(entries)
    } else {
        Err(problems)
    }
}

/// One entry: letters and hyphens, optionally ending in `*`.
fn parse_entry(entry: &str) -> Result<HyphenException, String> {
    let (word, prefix) = match entry.strip_suffix('*') {
        Some(w) => (w, true),
        None => (entry, false),
    };
    if let Some(bad) = word
        .chars()
        .find(|c| !(c.is_alphabetic() || *c == '-' || *c == '\''))
    {
        return Err(format!(
            "`{bad}` cannot be part of an entry: only letters, hyphens and a final `*`"
        ));
    }
    if word.starts_with('-') || word.ends_with('-') || word.contains("--") {
        return Err(format!(
            "`{entry}` has a hyphen at its start or end, or two together"
        ));
    }
    let mut letters = String::new();
    let mut points = Vec::new();
    let mut count = 0;
    for c in word.chars() {
        if c == '-' {
            points.push(count);
        } else {
            letters.push(HyphenException::fold(c));
            count += 1;
        }
    }
    if count < 2 {
        return Err(format!("`{entry}` is not a word"));
    }
    Ok(HyphenException {
        letters,
        points,
        prefix,
    })
}

/// The words of the municipality's own data as printed in the guide: names, wording,
/// contact, the issuer and its text parameters. Sorted, without repeats.
pub fn keep_whole(
    m: &Municipality,
    wording: &crate::load::wording::Wording,
    issuer: &str,
    values: &std::collections::BTreeMap<String, ParamValue>,
) -> Vec<String> {
    let c = &m.contact;
    let mut texts: Vec<&str> = vec![m.name.as_str(), m.genitive.as_str(), issuer];
    texts.extend(
        [
            &m.header.label,
            &wording.first,
            &wording.later,
            &wording.contact,
            &c.person,
            &c.unit,
            &c.illative,
            &c.title,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    texts.extend(values.values().filter_map(|v| match v {
        ParamValue::Text(t) => Some(t.as_str()),
        _ => None,
    }));
    let mut words: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| c.is_whitespace() || c == '-'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_string())
        // Shorter words are never hyphenated anyway, and as a prefix they would cover
        // too many others.
        .filter(|w| w.chars().count() >= 4)
        .collect();
    words.sort();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_gives_its_letters_and_points() {
        let e = parse(
            "x",
            "# comment\n\nsähkö-posti-osoit*  # forms\nkäyttäjä-tunnus\n",
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].letters, "sähköpostiosoit");
        assert_eq!(e[0].points, [5, 10]);
        assert!(e[0].prefix);
        assert_eq!(e[1].letters, "käyttäjätunnus");
        assert!(!e[1].prefix);
    }

    #[test]
    fn a_malformed_line_is_located() {
        let problems = parse("fi.hyphenation.txt", "salasana\nsähkö posti\n-osoite\n")
            .err()
            .unwrap_or_default();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].line_column(), Some((2, 1)));
        assert_eq!(problems[1].line_column(), Some((3, 1)));
    }
}
