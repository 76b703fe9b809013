//! A guide's typed parameters: their declaration, their values in a municipality's table,
//! and the checks between the two (type, choice, required) with located errors.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use crate::load::values::{Date, YearMonth, closest, parse_date, parse_year_month};

/// The type of a parameter, as declared with `type = "…"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// One line of text, e.g. the name of an app.
    Text,
    Bool,
    /// A calendar date, written `2025-03-01`.
    Date,
    /// A month, written `"2018-03"`.
    YearMonth,
    /// One of the listed values.
    Choice(Vec<String>),
}

/// The names of the types, as written in a declaration.
pub const KIND_NAMES: [&str; 5] = ["text", "bool", "date", "year-month", "choice"];

impl ParamKind {
    /// The name of the type as written in a declaration.
    pub fn name(&self) -> &'static str {
        match self {
            ParamKind::Text => "text",
            ParamKind::Bool => "bool",
            ParamKind::Date => "date",
            ParamKind::YearMonth => "year-month",
            ParamKind::Choice(_) => "choice",
        }
    }

    /// An example value in TOML, for hints and templates.
    pub fn example(&self) -> String {
        match self {
            ParamKind::Text => "\"…\"".to_string(),
            ParamKind::Bool => "true".to_string(),
            ParamKind::Date => "2025-03-01".to_string(),
            ParamKind::YearMonth => "\"2025-03\"".to_string(),
            ParamKind::Choice(values) => basic_string(values.first().map_or("", |v| v)),
        }
    }
}

/// `text` as a TOML basic string on one line: `"`, `\\` and every control character
/// escaped, so that it can stand in a comment too.
pub fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One declared parameter of a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// Required parameters have no default; a municipality must give them.
    pub required: bool,
    pub default: Option<ParamValue>,
    /// The default in each language, when it differs by language (`default = { fi = "…",
    /// sv = "…" }`); `default` is then the reference language's.
    pub lang_defaults: BTreeMap<String, ParamValue>,
    /// One line per language saying what the parameter means.
    pub description: BTreeMap<String, String>,
    /// The top-level field of older municipality files that this parameter replaces.
    pub formerly: Option<String>,
}

/// A parameter's value in a municipality's table (or its default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Text(String),
    Bool(bool),
    Date(Date),
    YearMonth(YearMonth),
    Choice(String),
}

impl ParamValue {
    /// The value in TOML, for `opas new`.
    pub fn to_toml(&self) -> String {
        match self {
            ParamValue::Text(t) | ParamValue::Choice(t) => basic_string(t),
            ParamValue::Bool(b) => b.to_string(),
            ParamValue::Date(d) => d.iso(),
            ParamValue::YearMonth(ym) => format!("\"{:04}-{:02}\"", ym.year, ym.month),
        }
    }

    /// The value as JSON, for the schema.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ParamValue::Text(t) | ParamValue::Choice(t) => t.clone().into(),
            ParamValue::Bool(b) => (*b).into(),
            ParamValue::Date(d) => d.iso().into(),
            ParamValue::YearMonth(ym) => format!("{:04}-{:02}", ym.year, ym.month).into(),
        }
    }

    /// Whether the value is the one a step's condition asks for (see [`Condition`]).
    fn matches(&self, wanted: &Wanted) -> bool {
        match (self, wanted) {
            (ParamValue::Choice(v), Wanted::OneOf(values)) => values.contains(v),
            (ParamValue::Bool(b), Wanted::Bool(w)) => b == w,
            (_, Wanted::Given(given)) => *given,
            _ => false,
        }
    }
}

/// A problem found in a value or a declaration: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub hint: String,
}

impl Problem {
    fn new(span: Range<usize>, message: String, label: &str, hint: String) -> Self {
        Problem {
            span,
            message,
            label: label.to_string(),
            hint,
        }
    }
}

/// A TOML value as the checks see it, from either of toml's value types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    Str(String),
    Bool(bool),
    Datetime(String),
    /// Anything else, by its TOML type name.
    Other(&'static str),
}

impl Scalar {
    fn type_str(&self) -> &'static str {
        match self {
            Scalar::Str(_) => "a string",
            Scalar::Bool(_) => "a boolean",
            Scalar::Datetime(_) => "a datetime",
            Scalar::Other(t) => t,
        }
    }
}

impl From<&DeValue<'_>> for Scalar {
    fn from(value: &DeValue<'_>) -> Self {
        match value {
            DeValue::String(s) => Scalar::Str(s.to_string()),
            DeValue::Boolean(b) => Scalar::Bool(*b),
            DeValue::Datetime(d) => Scalar::Datetime(d.to_string()),
            DeValue::Integer(_) => Scalar::Other("an integer"),
            DeValue::Float(_) => Scalar::Other("a float"),
            DeValue::Array(_) => Scalar::Other("an array"),
            DeValue::Table(_) => Scalar::Other("a table"),
        }
    }
}

impl From<&toml::Value> for Scalar {
    fn from(value: &toml::Value) -> Self {
        match value {
            toml::Value::String(s) => Scalar::Str(s.clone()),
            toml::Value::Boolean(b) => Scalar::Bool(*b),
            toml::Value::Datetime(d) => Scalar::Datetime(d.to_string()),
            toml::Value::Integer(_) => Scalar::Other("an integer"),
            toml::Value::Float(_) => Scalar::Other("a float"),
            toml::Value::Array(_) => Scalar::Other("an array"),
            toml::Value::Table(_) => Scalar::Other("a table"),
        }
    }
}

/// Reads a value written in TOML as a parameter of `kind`.
pub fn check_value(
    param: &Param,
    value: &Scalar,
    span: Range<usize>,
    what: &str,
) -> Result<ParamValue, Problem> {
    // The hint shows the line as it is written in its table: the key without the table's name.
    let key = what.rsplit('.').next().unwrap_or(what);
    let wrong_type = || {
        Problem::new(
            span.clone(),
            format!(
                "`{what}` must be {} ({}), not {}",
                article(&param.kind),
                param.kind.name(),
                value.type_str()
            ),
            "wrong type",
            format!("write it like {key} = {}", param.kind.example()),
        )
    };
    match (&param.kind, value) {
        (ParamKind::Text, Scalar::Str(s)) => text_value(s, &span, what).map(ParamValue::Text),
        (ParamKind::Bool, Scalar::Bool(b)) => Ok(ParamValue::Bool(*b)),
        (ParamKind::Date, Scalar::Datetime(text) | Scalar::Str(text)) => {
            parse_date(text).map(ParamValue::Date).ok_or_else(|| {
                Problem::new(
                    span.clone(),
                    format!("`{text}` is not a valid date"),
                    "not a date",
                    date_hint(key, text, matches!(value, Scalar::Str(_)), "2025-03-01"),
                )
            })
        }
        (ParamKind::YearMonth, Scalar::Str(s)) => parse_year_month(s)
            .map(ParamValue::YearMonth)
            .ok_or_else(|| {
                Problem::new(
                    span.clone(),
                    format!("`{s}` is not a year and month"),
                    "expected YYYY-MM",
                    format!("write the month as {key} = \"2018-03\", or leave the line out"),
                )
            }),
        (ParamKind::Choice(values), Scalar::Str(s)) => {
            if values.iter().any(|v| v == s) {
                Ok(ParamValue::Choice(s.clone()))
            } else {
                let known: Vec<&str> = values.iter().map(String::as_str).collect();
                let hint = match closest(s, &known) {
                    Some(best) => format!(
                        "did you mean `{best}`? The values are: {}",
                        known.join(", ")
                    ),
                    None => format!("use one of: {}", known.join(", ")),
                };
                Err(Problem::new(
                    span,
                    format!("`{s}` is not a value of `{what}`"),
                    "not one of the values",
                    hint,
                ))
            }
        }
        _ => Err(wrong_type()),
    }
}

/// How to write the date `text` (given for `key`, in quotes when `quoted`) that is not
/// one: as year-month-day without quotes, the same day when `text` names one
/// (`31.8.2026`, `2026-8-31`), else `example`.
pub fn date_hint(key: &str, text: &str, quoted: bool, example: &str) -> String {
    let example = suggested_date(text).map_or_else(|| example.to_string(), |d| d.iso());
    if quoted {
        format!("write the date as year-month-day without quotes: {key} = {example}")
    } else {
        format!("write a real date as year-month-day: {key} = {example}")
    }
}

/// The day `text` names when written day.month.year or with single-digit parts.
fn suggested_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.trim().split(['.', '-', '/']).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let number = |s: &str| s.parse::<u16>().ok().filter(|_| s.len() <= 4);
    let iso = format!(
        "{:04}-{:02}-{:02}",
        number(year)?,
        number(month)?,
        number(day)?
    );
    parse_date(&iso)
}

fn article(kind: &ParamKind) -> &'static str {
    match kind {
        ParamKind::Text => "a text in quotes",
        ParamKind::Bool => "true or false",
        ParamKind::Date => "a date",
        ParamKind::YearMonth => "a year and month in quotes",
        ParamKind::Choice(_) => "one of the listed values in quotes",
    }
}

/// One line of text: not empty, no control characters.
fn text_value(text: &str, span: &Range<usize>, what: &str) -> Result<String, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::new(
            span.clone(),
            format!("`{what}` is empty"),
            "empty",
            "write the text between the quotes, or leave the line out".to_string(),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(Problem::new(
            span.clone(),
            format!("`{what}` contains a line break or control character"),
            "not one line",
            "write the value on one line without tabs or line breaks".to_string(),
        ));
    }
    Ok(text.trim().to_string())
}

/// What a step's condition asks of one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    /// A choice parameter has one of these values.
    OneOf(Vec<String>),
    /// A bool parameter is true or false.
    Bool(bool),
    /// A text, date or year-month parameter is given (true) or left out (false).
    Given(bool),
}

/// When a step appears: every listed parameter must have the wanted value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Condition {
    wants: Vec<(String, Wanted)>,
}

impl Condition {
    /// Whether the step appears for a guide with these parameter values.
    pub fn holds(&self, values: &BTreeMap<String, ParamValue>) -> bool {
        self.wants
            .iter()
            .all(|(name, wanted)| match values.get(name) {
                Some(value) => value.matches(wanted),
                None => *wanted == Wanted::Given(false),
            })
    }

    /// Whether the step appears only where the parameter `name` has a value.
    pub fn assures(&self, name: &str) -> bool {
        self.wants
            .iter()
            .any(|(n, wanted)| n == name && *wanted != Wanted::Given(false))
    }

    /// Whether the condition is empty (the step always appears).
    pub fn is_always(&self) -> bool {
        self.wants.is_empty()
    }

    /// The condition as a front matter writes it, e.g. `{ backup_codes = true }`.
    pub fn to_toml(&self) -> String {
        let wants: Vec<String> = self
            .wants
            .iter()
            .map(|(name, wanted)| match wanted {
                Wanted::OneOf(values) if values.len() == 1 => format!("{name} = \"{}\"", values[0]),
                Wanted::OneOf(values) => {
                    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
                    format!("{name} = [{}]", quoted.join(", "))
                }
                Wanted::Bool(b) | Wanted::Given(b) => format!("{name} = {b}"),
            })
            .collect();
        format!("{{ {} }}", wants.join(", "))
    }
}

/// Reads a step's `when = { … }` against the guide's parameters.
pub fn check_condition(
    params: &[Param],
    when: &BTreeMap<Spanned<String>, Spanned<toml::Value>>,
) -> Result<Condition, Vec<Problem>> {
    let mut wants = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in when {
        let Some(param) = params.iter().find(|p| p.name == *key.get_ref()) else {
            let known: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            let hint = match closest(key.get_ref(), &known) {
                Some(best) => format!("did you mean `{best}`?"),
                None if known.is_empty() => {
                    "the guide declares no parameters: remove the condition".to_string()
                }
                None => format!("the guide's parameters are: {}", known.join(", ")),
            };
            problems.push(Problem::new(
                key.span(),
                format!("the guide has no parameter `{}`", key.get_ref()),
                "unknown parameter",
                hint,
            ));
            continue;
        };
        match wanted(param, value) {
            Ok(w) => wants.push((param.name.clone(), w)),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        // In one order, so that two conditions that ask the same compare equal.
        wants.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Condition { wants })
    } else {
        Err(problems)
    }
}

fn wanted(param: &Param, value: &Spanned<toml::Value>) -> Result<Wanted, Problem> {
    let span = value.span();
    match (&param.kind, value.get_ref()) {
        (ParamKind::Choice(values), toml::Value::String(_) | toml::Value::Array(_)) => {
            let listed: Vec<&toml::Value> = match value.get_ref() {
                toml::Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            let mut out = Vec::new();
            for item in listed {
                let text = item.as_str().unwrap_or_default();
                if !values.iter().any(|v| v == text) {
                    let known: Vec<&str> = values.iter().map(String::as_str).collect();
                    let hint = match closest(text, &known) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("`{}` takes: {}", param.name, known.join(", ")),
                    };
                    return Err(Problem::new(
                        span,
                        format!("`{text}` is not a value of `{}`", param.name),
                        "no such value",
                        hint,
                    ));
                }
                out.push(text.to_string());
            }
            out.sort();
            out.dedup();
            Ok(Wanted::OneOf(out))
        }
        (ParamKind::Bool, toml::Value::Boolean(b)) => Ok(Wanted::Bool(*b)),
        (ParamKind::Text | ParamKind::Date | ParamKind::YearMonth, toml::Value::Boolean(b)) => {
            Ok(Wanted::Given(*b))
        }
        (kind, _) => Err(Problem::new(
            span,
            format!(
                "this condition does not fit `{}` ({})",
                param.name,
                kind.name()
            ),
            "wrong kind of condition",
            match kind {
                ParamKind::Choice(values) => format!(
                    "give a value or a list of values: {} = \"{}\"",
                    param.name,
                    values.first().map_or("", |v| v)
                ),
                ParamKind::Bool => format!("write {} = true or {} = false", param.name, param.name),
                _ => format!(
                    "write {} = true (the value is given) or false (it is left out)",
                    param.name
                ),
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice() -> Param {
        Param {
            name: "passwords".into(),
            kind: ParamKind::Choice(vec!["reset".into(), "preserved".into()]),
            required: true,
            default: None,
            lang_defaults: BTreeMap::new(),
            description: BTreeMap::new(),
            formerly: None,
        }
    }

    fn check(param: &Param, text: &str, what: &str) -> Result<ParamValue, Problem> {
        let value = DeValue::parse(text).unwrap();
        check_value(param, &Scalar::from(value.get_ref()), value.span(), what)
    }

    #[test]
    fn a_choice_outside_its_values_suggests_the_closest() {
        let p = check(&choice(), "\"rest\"", "passwords").unwrap_err();
        assert!(p.message.contains("`rest` is not a value"), "{p:?}");
        assert!(p.hint.contains("did you mean `reset`?"), "{p:?}");
        assert_eq!(p.span, 0..6);
        assert_eq!(
            check(&choice(), "\"preserved\"", "passwords"),
            Ok(ParamValue::Choice("preserved".into()))
        );
    }

    #[test]
    fn types_are_checked() {
        let mut p = choice();
        p.kind = ParamKind::Bool;
        let e = check(&p, "\"yes\"", "sms").unwrap_err();
        assert!(e.message.contains("must be true or false"), "{e:?}");
        p.kind = ParamKind::Date;
        assert!(check(&p, "\"2023-02-30\"", "deadline").is_err());
        assert_eq!(
            check(&p, "2024-02-29", "deadline").map(|v| v.to_toml()),
            Ok("2024-02-29".to_string())
        );
        p.kind = ParamKind::YearMonth;
        assert!(check(&p, "\"2018-13\"", "changed").is_err());
        p.kind = ParamKind::Text;
        assert!(check(&p, "\"a\\nb\"", "app").is_err());
    }

    #[test]
    fn a_date_in_quotes_is_shown_as_the_line_in_its_table() {
        let mut p = choice();
        p.kind = ParamKind::Date;
        let e = check(&p, "\"31.8.2026\"", "kaksivaihe.mandatory_from").unwrap_err();
        assert_eq!(
            e.hint,
            "write the date as year-month-day without quotes: mandatory_from = 2026-08-31"
        );
        let e = check(&p, "\"2026-02-30\"", "kaksivaihe.lang.sv.mandatory_from").unwrap_err();
        assert!(e.hint.ends_with(": mandatory_from = 2025-03-01"), "{e:?}");
        p.kind = ParamKind::Bool;
        let e = check(&p, "\"yes\"", "kaksivaihe.sms").unwrap_err();
        assert_eq!(e.hint, "write it like sms = true");
    }

    #[test]
    fn conditions_select_by_value_and_presence() {
        let when: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str("passwords = [\"reset\"]").unwrap();
        let c = check_condition(&[choice()], &when).unwrap();
        let mut values = BTreeMap::new();
        values.insert("passwords".to_string(), ParamValue::Choice("reset".into()));
        assert!(c.holds(&values));
        values.insert(
            "passwords".to_string(),
            ParamValue::Choice("preserved".into()),
        );
        assert!(!c.holds(&values));
        let when: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str("pasword = \"reset\"").unwrap();
        let e = check_condition(&[choice()], &when).unwrap_err();
        assert!(e[0].hint.contains("did you mean `passwords`?"), "{e:?}");
        let when: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str("passwords = \"rest\"").unwrap();
        let e = check_condition(&[choice()], &when).unwrap_err();
        assert!(e[0].hint.contains("did you mean `reset`?"), "{e:?}");
    }

    #[test]
    fn basic_strings_read_back_as_written_on_one_line() {
        for text in [
            "plain",
            "a\"b\\c",
            "x\ny = 1",
            "\r\n\t",
            "\u{0}\u{1b}\u{7f}\u{85}",
            "ä ✓",
        ] {
            let quoted = basic_string(text);
            assert!(!quoted.contains(['\n', '\r']), "{quoted}");
            let table: toml::Table = toml::from_str(&format!("k = {quoted}")).unwrap();
            assert_eq!(table["k"].as_str(), Some(text), "{quoted}");
        }
    }
}
