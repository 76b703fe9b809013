//! Submitted values applied to a municipality file's text: each changed value is replaced
//! where it stands, an emptied one loses its line, a new one gets a line of its own under
//! its table. Nothing else of the text moves: comments, blank lines, key order and keys
//! the form does not know stay as they were, and an unchanged submission is the same text.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::compose::edit::fields::{Field, Form, Input, MAX_FIELDS, MAX_VALUE_BYTES};
use crate::compose::edit::tree::{self, Parsed};
use crate::load::params::basic_string;
use crate::load::values::parse_date;

/// A value that could not be applied: the field's name and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: String,
    pub message: String,
}

/// One change of the text: `text` put in place of `range` (empty for an insertion).
struct Splice {
    range: Range<usize>,
    text: String,
}

/// `text` with the values of `submitted` (by field name; a checkbox `true` when ticked)
/// that differ from what `form` (built from `text`) shows.
pub fn apply(
    text: &str,
    form: &Form,
    submitted: &BTreeMap<String, String>,
) -> Result<String, Vec<Refusal>> {
    if submitted.len() > MAX_FIELDS {
        return Err(vec![refusal(
            "",
            "the form sent more values than it has fields",
        )]);
    }
    let doc = tree::parse(text).map_err(|e| vec![refusal("", &e)])?;
    let mut splices = Vec::new();
    let mut new_tables: Vec<(Vec<String>, String)> = Vec::new();
    let mut refusals = Vec::new();
    for field in form.fields() {
        let Some(new) = submitted_value(field, submitted) else {
            continue;
        };
        if new.len() > MAX_VALUE_BYTES {
            refusals.push(refusal(&field.name(), "the value is too long"));
            continue;
        }
        if new == field.value.trim() {
            continue;
        }
        match change(text, &doc, field, &new) {
            Ok(Change::Splice(s)) => splices.push(s),
            Ok(Change::NewTable(line)) => add_line(&mut new_tables, field, line),
            Ok(Change::Nothing) => {}
            Err(message) => refusals.push(refusal(&field.name(), &message)),
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    Ok(spliced(text, splices, &new_tables))
}

fn refusal(field: &str, message: &str) -> Refusal {
    Refusal {
        field: field.to_string(),
        message: message.to_string(),
    }
}

/// The value submitted for `field`, trimmed; `None` when the form sent none (a field it
/// did not show). A checkbox is `true` when ticked, anything else `false`: the form sends
/// a hidden `false` after each checkbox, so that an unticked one is told from one not shown.
fn submitted_value(field: &Field, submitted: &BTreeMap<String, String>) -> Option<String> {
    let value = submitted.get(&field.name())?.trim();
    Some(match field.input {
        Input::Bool => (value == "true").to_string(),
        _ => value.to_string(),
    })
}

/// What one changed value does to the text.
enum Change {
    Splice(Splice),
    /// A line for a table the file does not have yet.
    NewTable(String),
    Nothing,
}

fn change(text: &str, doc: &Parsed<'_>, field: &Field, new: &str) -> Result<Change, String> {
    let (last, parents) = field.key.split_last().ok_or("no key")?;
    if let Some((key, item)) = tree::get(doc, &field.key) {
        let (key_span, value_span) =
            tree::spans(key, item).ok_or("the value is a table here; edit the file by hand")?;
        return Ok(Change::Splice(if new.is_empty() {
            Splice {
                range: whole_line(text, key_span.start, value_span.end)?,
                text: String::new(),
            }
        } else {
            Splice {
                range: value_span,
                text: literal(&field.input, new),
            }
        }));
    }
    if new.is_empty() {
        return Ok(Change::Nothing);
    }
    let line = format!("{} = {}\n", key_text(last), literal(&field.input, new));
    match anchor(text, doc, parents)? {
        Some(at) => Ok(Change::Splice(Splice {
            range: at..at,
            text: if at > 0 && !text[..at].ends_with('\n') {
                format!("\n{line}")
            } else {
                line
            },
        })),
        None => Ok(Change::NewTable(line)),
    }
}

/// The range of the line that holds only the key-value from `start` to `end` (and perhaps
/// a comment after it), its line break included.
fn whole_line(text: &str, start: usize, end: usize) -> Result<Range<usize>, String> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let before = &text[line_start..start];
    let after = text[end..line_end].trim();
    if before.trim().is_empty() && (after.is_empty() || after.starts_with('#')) {
        Ok(line_start..line_end)
    } else {
        Err("the value shares its line with others; edit the file by hand".to_string())
    }
}

/// Where a new key of the table `parents` goes: after the table's last value, or after its
/// header when it has none; `None` when the file has no such table.
fn anchor(text: &str, doc: &Parsed<'_>, parents: &[String]) -> Result<Option<usize>, String> {
    for depth in 1..=parents.len() {
        let exists = tree::table_like(doc.as_table(), &parents[..depth]).is_some();
        if exists && tree::table(doc, &parents[..depth]).is_none_or(|t| t.is_dotted()) {
            return Err(format!(
                "`{}` is written inline or with dotted keys; edit the file by hand",
                parents[..depth].join(".")
            ));
        }
    }
    let Some(table) = tree::table(doc, parents) else {
        return Ok(None);
    };
    let last_value = table
        .iter()
        .filter_map(|(k, item)| table.key(k).and_then(|key| tree::spans(key, item)))
        .map(|(_, value)| value.end)
        .max();
    let header = (!table.is_implicit())
        .then(|| table.span())
        .flatten()
        .map(|s| s.end);
    let end = match (last_value, header, parents.is_empty()) {
        (Some(end), _, _) | (None, Some(end), false) => end,
        (None, _, true) => return Ok(Some(after_leading_comments(text))),
        (None, None, false) => return Ok(None),
    };
    Ok(Some(
        text[end..].find('\n').map_or(text.len(), |i| end + i + 1),
    ))
}

/// The start of the first line that is not a comment or blank.
fn after_leading_comments(text: &str) -> usize {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if !(t.is_empty() || t.starts_with('#')) {
            break;
        }
        at += line.len();
    }
    at
}

/// Adds `line` to the new table of `field`'s parents.
fn add_line(tables: &mut Vec<(Vec<String>, String)>, field: &Field, line: String) {
    let parents = field.key[..field.key.len() - 1].to_vec();
    match tables.iter_mut().find(|(p, _)| *p == parents) {
        Some((_, lines)) => lines.push_str(&line),
        None => tables.push((parents, line)),
    }
}

/// `text` with the splices made and the new tables appended.
fn spliced(text: &str, mut splices: Vec<Splice>, new_tables: &[(Vec<String>, String)]) -> String {
    let mut out = text.to_string();
    // From the end, so that earlier ranges stay valid; insertions at one place keep the
    // form's order.
    let order: Vec<usize> = (0..splices.len()).collect();
    let mut order = order;
    order.sort_by_key(|&i| (splices[i].range.start, i));
    for &i in order.iter().rev() {
        let s = std::mem::replace(
            &mut splices[i],
            Splice {
                range: 0..0,
                text: String::new(),
            },
        );
        out.replace_range(s.range, &s.text);
    }
    for (parents, lines) in new_tables {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        let header: Vec<String> = parents.iter().map(|p| key_text(p)).collect();
        out.push_str(&format!("\n[{}]\n{lines}", header.join(".")));
    }
    out
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn key_text(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        key.to_string()
    } else {
        basic_string(key)
    }
}

/// A submitted value in TOML for its input: a date unquoted when it is a real day (else
/// quoted, so that `check` says what is wrong at the value rather than fail to read the file), a checkbox's
/// boolean, a list of codes as an array, anything else a string.
fn literal(input: &Input, value: &str) -> String {
    match input {
        Input::Date if is_iso_date(value) && parse_date(value).is_some() => value.to_string(),
        Input::Bool => value.to_string(),
        Input::Languages => {
            let codes: Vec<String> = value
                .split([',', ' '])
                .filter(|c| !c.is_empty())
                .map(basic_string)
                .collect();
            format!("[{}]", codes.join(", "))
        }
        _ => basic_string(value),
    }
}

/// Whether `value` is written `YYYY-MM-DD` (whether it is a real day is `check`'s to say).
fn is_iso_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}
