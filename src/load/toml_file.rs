//! TOML files read into their types, and TOML errors as diagnostics: one translation for
//! every TOML file opas reads (municipality, language, screens, front matter), with the
//! message, the place it points at, and a hint (a did-you-mean for an unknown field or
//! value, the form of a date, the syntax).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, display_path};
use crate::load::values::{MAX_TEXT_BYTES, closest, decode};

/// Reads a TOML file into `T`, with a located error.
pub fn read_toml<T: for<'de> Deserialize<'de>>(root: &Path, path: &Path) -> Result<T, Diagnostic> {
    read_toml_source(root, path).map(|(value, _)| value)
}

/// Reads a TOML file into `T` and keeps its text, with a located error.
pub fn read_toml_source<T: for<'de> Deserialize<'de>>(
    root: &Path,
    path: &Path,
) -> Result<(T, Arc<str>), Diagnostic> {
    let shown = display_path(path, root);
    let bytes = crate::load::files::read_in(root, path, MAX_TEXT_BYTES).map_err(|e| {
        Diagnostic::error(&shown, format!("cannot read the file: {e}"))
            .hint("check that the file exists and is readable; README.md, \"Project layout\", lists the files")
    })?;
    let text = decode(&bytes, &shown).map_err(|d| *d)?;
    let source: Arc<str> = Arc::from(text.as_str());
    match toml::from_str(&text) {
        Ok(value) => Ok((value, source)),
        Err(e) => Err(diagnostic(&shown, &source, &e, 0..source.len())),
    }
}

/// The TOML error `error` of the text at `parsed` in `source` (all of it, or a front
/// matter), at its place in `source`, with a hint.
pub fn diagnostic(
    shown: &str,
    source: &Arc<str>,
    error: &toml::de::Error,
    parsed: Range<usize>,
) -> Diagnostic {
    let message = error.message().trim().to_string();
    let span = error.span().unwrap_or(0..0);
    let text = source.get(parsed.clone()).unwrap_or_default();
    let whole = span.start == 0 && span.end >= text.trim_end().len();
    let span = span.start + parsed.start..span.end + parsed.start;
    let hint = hint_for(&message);
    let label = if message.starts_with("missing field") {
        "in this table"
    } else if whole {
        "here"
    } else {
        "this value"
    };
    let span = if whole { 0..0 } else { span };
    let mut d = Diagnostic::error(shown, message).at(source, span, label);
    d.hint = Some(hint);
    d
}

/// What to do about a TOML error message.
pub fn hint_for(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split(['`', ',', ' '])
            .filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or")
            .collect();
        return match closest(field, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("remove it; the fields here are: {}", expected.join(", ")),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return format!("add `{field} = …`; README.md describes every field");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        return match closest(value, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "use one of the values listed above".to_string(),
        };
    }
    if message.starts_with("wanted exactly 1 element") {
        return "write one kind of item and its value between the braces, e.g. { text = \"…\" }; two kinds are two items".to_string();
    }
    if message.contains("date") || message.contains("time") {
        return "write a real calendar date as year-month-day, e.g. date = 2018-12-14".to_string();
    }
    if message.starts_with("invalid type") {
        return "check the type: text in quotes, dates as 2018-12-14, true/false without quotes"
            .to_string();
    }
    "check the TOML syntax at the marked place: strings in double quotes, one `key = value` per line"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        kind: Kind,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Notice,
        Button,
    }

    fn error_of(text: &str, parsed: Range<usize>) -> Diagnostic {
        let source: Arc<str> = Arc::from(text);
        let e = toml::from_str::<Item>(&text[parsed.clone()]).unwrap_err();
        diagnostic("content/x/fi/screens.toml", &source, &e, parsed)
    }

    #[test]
    fn a_misspelt_value_or_field_gets_a_did_you_mean_in_any_file() {
        let d = error_of("kind = \"notise\"\n", 0..16);
        assert_eq!(d.hint.as_deref(), Some("did you mean `notice`?"), "{d:?}");
        let d = error_of("knd = \"notice\"\n", 0..15);
        assert_eq!(d.hint.as_deref(), Some("did you mean `kind`?"), "{d:?}");
    }

    #[test]
    fn an_error_in_a_front_matter_points_into_the_whole_file() {
        let text = "+++\nkind = \"notise\"\n+++\nText";
        let d = error_of(text, 4..20);
        let span = d.span.clone().expect("a place");
        assert_eq!(&text[span], "\"notise\"");
    }
}
