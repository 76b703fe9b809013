//! A municipality's table for one guide (`[<guide id>]`): the guide's date, its
//! parameter values and per-language values, checked against the guide's declaration.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::load::declaration::Declaration;
use crate::load::params::{ParamKind, ParamValue, Problem, Scalar, check_value, date_hint};
use crate::load::values::{Date, closest, parse_date};
use crate::load::wording::Wording;

/// The keys every guide table may hold besides the guide's parameters.
const BUILT_IN: [&str; 4] = ["date", "languages", "lang", "wording"];

/// The keys of a guide's own `wording` table.
pub const WORDING_KEYS: [&str; 3] = ["first", "later", "contact"];

/// What a municipality says about one guide it publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideTable {
    /// The guide's id.
    pub guide: String,
    /// The guide's date, printed in it.
    pub date: Date,
    /// The languages this guide is published in (the municipality's, unless narrowed).
    pub languages: Vec<String>,
    /// Parameter values, defaults filled in.
    pub values: BTreeMap<String, ParamValue>,
    /// Values given for one language only (`[<guide>.lang.<code>]`).
    pub lang_values: BTreeMap<String, BTreeMap<String, ParamValue>>,
    /// How this guide names the organisation, by language, over the municipality's
    /// shared wording (`[<guide>.wording]` for the first language,
    /// `[<guide>.lang.<code>.wording]` for the others).
    pub wording: BTreeMap<String, Wording>,
    /// Dates written as quoted text: read as dates, and warned about.
    pub quoted_dates: Vec<Problem>,
}

impl GuideTable {
    /// The parameter values in `lang`: the language's own values over the shared ones.
    pub fn values_in(&self, lang: &str) -> BTreeMap<String, ParamValue> {
        let mut values = self.values.clone();
        if let Some(own) = self.lang_values.get(lang) {
            values.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        values
    }

    /// The municipality's `shared` wording in `lang`, with this guide's own words over it.
    pub fn wording_in(&self, lang: &str, shared: &Wording) -> Wording {
        match self.wording.get(lang) {
            Some(own) => own.over(shared),
            None => shared.clone(),
        }
    }
}

/// Checks the table `value` (under the key spanning `key_span`) against `decl`;
/// `languages` are the municipality's.
pub fn check(
    key_span: Range<usize>,
    value: &Spanned<DeValue<'_>>,
    decl: &Declaration,
    languages: &[String],
) -> Result<GuideTable, Vec<Problem>> {
    let id = &decl.id;
    let DeValue::Table(table) = value.get_ref() else {
        return Err(vec![problem(
            value.span(),
            format!("`{id}` must be a table of the guide's values"),
            "not a table",
            format!("write [{id}] on a line of its own and the guide's values under it"),
        )]);
    };
    let mut problems = Vec::new();
    let mut date = None;
    let mut chosen_langs = None;
    let mut given = BTreeMap::new();
    let mut lang_values = BTreeMap::new();
    let mut wording = BTreeMap::new();
    let mut quoted_dates = Vec::new();
    for (key, item) in table {
        if let Some(warning) = quoted_date(key.get_ref(), item, decl) {
            quoted_dates.push(warning);
        }
        match key.get_ref().as_ref() {
            "date" => match parse_date(&scalar_text(item.get_ref())) {
                Some(d) => date = Some(d),
                None => problems.push(problem(
                    item.span(),
                    format!("`{}` is not a valid date", scalar_text(item.get_ref())),
                    "not a date",
                    date_hint(
                        "date",
                        &scalar_text(item.get_ref()),
                        matches!(item.get_ref(), DeValue::String(_)),
                        "2018-12-14",
                    ),
                )),
            },
            "languages" => {
                chosen_langs = Some(guide_languages(item, decl, languages, &mut problems))
            }
            "lang" => lang_values = per_language(item, decl, &mut problems, &mut wording),
            "wording" => {
                if let Some(primary) = languages.first() {
                    let what = format!("{id}.wording");
                    wording.insert(primary.clone(), own_wording(item, &what, &mut problems));
                }
            }
            name => match decl.params.iter().find(|p| p.name == name) {
                Some(param) => {
                    let what = format!("{id}.{name}");
                    match check_value(param, &Scalar::from(item.get_ref()), item.span(), &what) {
                        Ok(v) => {
                            given.insert(name.to_string(), v);
                        }
                        Err(p) => problems.push(p),
                    }
                }
                None => problems.push(unknown_key(key, decl)),
            },
        }
    }
    if date.is_none() && !table.keys().any(|k| k.get_ref() == "date") {
        problems.push(problem(
            key_span.clone(),
            format!("`[{id}]` has no date"),
            "needs `date`",
            "add the guide's date, e.g. date = 2025-03-01".into(),
        ));
    }
    let languages = chosen_langs.unwrap_or_else(|| {
        let missing: Vec<&String> = languages
            .iter()
            .filter(|l| !decl.languages.contains(l))
            .collect();
        if !missing.is_empty() {
            problems.push(problem(
                key_span.clone(),
                format!("the guide `{id}` is not written in {}", join_code(&missing)),
                "not in every language",
                untranslated_hint(decl, languages, &missing),
            ));
        }
        languages.to_vec()
    });
    for param in &decl.params {
        // A value written but invalid has had its error; it is not missing as well.
        if given.contains_key(&param.name) || table.contains_key(param.name.as_str()) {
            continue;
        }
        if let Some(default) = &param.default {
            given.insert(param.name.clone(), default.clone());
            language_defaults(param, &mut lang_values);
        } else if param.required {
            problems.push(problem(
                key_span.clone(),
                format!("`[{id}]` has no `{}`", param.name),
                "missing value",
                format!(
                    "add {} = {}{}",
                    param.name,
                    param.kind.example(),
                    description(param)
                ),
            ));
        }
    }
    match (date, problems.is_empty()) {
        (Some(date), true) => Ok(GuideTable {
            guide: id.clone(),
            date,
            languages,
            values: given,
            lang_values,
            wording,
            quoted_dates,
        }),
        _ => Err(problems),
    }
}

/// A parameter the table leaves out takes its default in each language, under the
/// language's own value when the table gives one (`[<guide>.lang.<code>]`).
fn language_defaults(
    param: &crate::load::params::Param,
    lang_values: &mut BTreeMap<String, BTreeMap<String, ParamValue>>,
) {
    for (lang, value) in &param.lang_defaults {
        lang_values
            .entry(lang.clone())
            .or_default()
            .entry(param.name.clone())
            .or_insert_with(|| value.clone());
    }
}

/// A warning when the value of `key`, a date, is a valid date written in quotes: opas
/// reads it, but the file says "text" where it means a date.
fn quoted_date(key: &str, item: &Spanned<DeValue<'_>>, decl: &Declaration) -> Option<Problem> {
    let is_date = key == "date"
        || decl
            .params
            .iter()
            .any(|p| p.name == key && p.kind == ParamKind::Date);
    let DeValue::String(text) = item.get_ref() else {
        return None;
    };
    let date = parse_date(text).filter(|_| is_date)?;
    Some(problem(
        item.span(),
        format!("`{key}` is a date written in quotes, as text"),
        "quoted",
        format!(
            "write it without quotes, as a TOML date: {key} = {}",
            date.iso()
        ),
    ))
}

/// What to do when the guide is not written in the municipality's languages `missing`:
/// publish it in those it is written in, or, when it has none of them, translate it or
/// remove the table.
fn untranslated_hint(decl: &Declaration, municipality: &[String], missing: &[&String]) -> String {
    let id = &decl.id;
    let folders = missing
        .iter()
        .map(|l| format!("content/{id}/{l}/"))
        .collect::<Vec<_>>()
        .join(" and ");
    let codes = missing
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let translate = format!(
        "translate the guide: add {folders} and {codes} to `languages` in content/{id}/guide.toml"
    );
    let written: Vec<String> = municipality
        .iter()
        .filter(|l| decl.languages.contains(l))
        .map(|l| format!("\"{l}\""))
        .collect();
    if written.is_empty() {
        format!(
            "the guide has no text in the municipality's languages; {translate}, or remove the [{id}] table"
        )
    } else {
        format!(
            "publish it only in the languages it is written in, languages = [{}] under [{id}], or {translate}",
            written.join(", ")
        )
    }
}

fn description(param: &crate::load::params::Param) -> String {
    param
        .description
        .get("en")
        .or_else(|| param.description.values().next())
        .map(|d| format!(" ({d})"))
        .unwrap_or_default()
}

fn join_code(langs: &[&String]) -> String {
    langs
        .iter()
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn problem(span: Range<usize>, message: String, label: &str, hint: String) -> Problem {
    Problem {
        span,
        message,
        label: label.to_string(),
        hint,
    }
}

fn scalar_text(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => s.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        other => other.type_str().to_string(),
    }
}

/// An unknown key of a guide table, with the closest declared name.
fn unknown_key(key: &Spanned<std::borrow::Cow<'_, str>>, decl: &Declaration) -> Problem {
    let mut known: Vec<&str> = BUILT_IN.to_vec();
    known.extend(decl.params.iter().map(|p| p.name.as_str()));
    let hint = match closest(key.get_ref(), &known) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("the keys of [{}] are: {}", decl.id, known.join(", ")),
    };
    problem(
        key.span(),
        format!(
            "the guide `{}` has no parameter `{}`",
            decl.id,
            key.get_ref()
        ),
        "unknown key",
        hint,
    )
}

/// `languages = [...]` of a guide table: some of the municipality's, each one the guide has.
fn guide_languages(
    item: &Spanned<DeValue<'_>>,
    decl: &Declaration,
    municipality: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let DeValue::Array(items) = item.get_ref() else {
        problems.push(problem(
            item.span(),
            "`languages` must be a list".into(),
            "not a list",
            "write languages = [\"fi\"]".into(),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for lang in items.iter() {
        let DeValue::String(code) = lang.get_ref() else {
            problems.push(problem(
                lang.span(),
                "a language is a code in quotes".into(),
                "not a code",
                "e.g. \"fi\"".into(),
            ));
            continue;
        };
        if !municipality.iter().any(|m| m == code.as_ref()) {
            problems.push(problem(
                lang.span(),
                format!("`{code}` is not one of the municipality's languages"),
                "not listed",
                format!("add `{code}` to `languages` at the top of the file, or remove it here"),
            ));
        } else if !decl.languages.iter().any(|l| l == code.as_ref()) {
            problems.push(problem(
                lang.span(),
                format!("the guide `{}` is not written in `{code}`", decl.id),
                "no such translation",
                format!("the guide exists in: {}", decl.languages.join(", ")),
            ));
        } else {
            out.push(code.to_string());
        }
    }
    if items.is_empty() {
        problems.push(problem(
            item.span(),
            "no languages are listed".into(),
            "empty",
            "list at least one, or leave the line out".into(),
        ));
    }
    out
}

/// `[<guide>.lang.<code>]`: parameter values for one language.
fn per_language(
    item: &Spanned<DeValue<'_>>,
    decl: &Declaration,
    problems: &mut Vec<Problem>,
    wording: &mut BTreeMap<String, Wording>,
) -> BTreeMap<String, BTreeMap<String, ParamValue>> {
    let mut out = BTreeMap::new();
    let DeValue::Table(langs) = item.get_ref() else {
        problems.push(problem(
            item.span(),
            "`lang` must be a table of languages".into(),
            "not a table",
            format!(
                "write [{}.lang.sv] and the Swedish values under it",
                decl.id
            ),
        ));
        return out;
    };
    for (lang, values) in langs.iter() {
        if !decl.languages.iter().any(|l| l == lang.get_ref().as_ref()) {
            problems.push(problem(
                lang.span(),
                format!(
                    "the guide `{}` is not written in `{}`",
                    decl.id,
                    lang.get_ref()
                ),
                "no such translation",
                format!("the guide exists in: {}", decl.languages.join(", ")),
            ));
            continue;
        }
        let DeValue::Table(table) = values.get_ref() else {
            problems.push(problem(
                values.span(),
                "a language's values must be a table".into(),
                "not a table",
                format!(
                    "write [{}.lang.{}] on a line of its own",
                    decl.id,
                    lang.get_ref()
                ),
            ));
            continue;
        };
        let code = lang.get_ref().to_string();
        if let Some(own) = table.get("wording") {
            let what = format!("{}.lang.{code}.wording", decl.id);
            wording.insert(code.clone(), own_wording(own, &what, problems));
        }
        out.insert(code.clone(), lang_table(table, decl, &code, problems));
    }
    out
}

fn lang_table(
    table: &DeTable<'_>,
    decl: &Declaration,
    lang: &str,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, ParamValue> {
    let mut out = BTreeMap::new();
    for (key, item) in table.iter().filter(|(k, _)| k.get_ref() != "wording") {
        let Some(param) = decl
            .params
            .iter()
            .find(|p| p.name == key.get_ref().as_ref())
        else {
            problems.push(unknown_key(key, decl));
            continue;
        };
        let what = format!("{}.lang.{lang}.{}", decl.id, param.name);
        match check_value(param, &Scalar::from(item.get_ref()), item.span(), &what) {
            Ok(v) => {
                out.insert(param.name.clone(), v);
            }
            Err(p) => problems.push(p),
        }
    }
    out
}

/// A guide's own `wording` table: how the text names the organisation in this guide.
fn own_wording(item: &Spanned<DeValue<'_>>, what: &str, problems: &mut Vec<Problem>) -> Wording {
    let mut out = Wording::default();
    let DeValue::Table(table) = item.get_ref() else {
        problems.push(problem(
            item.span(),
            format!("`{what}` must be a table"),
            "not a table",
            format!(
                "write [{what}] on a line of its own and first, later or contact = \"…\" under it"
            ),
        ));
        return out;
    };
    for (key, value) in table.iter() {
        let slot = match key.get_ref().as_ref() {
            "first" => &mut out.first,
            "later" => &mut out.later,
            "contact" => &mut out.contact,
            other => {
                let hint = match closest(other, &WORDING_KEYS) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the keys of [{what}] are: {}", WORDING_KEYS.join(", ")),
                };
                problems.push(problem(
                    key.span(),
                    format!("`{what}` has no `{other}`"),
                    "unknown key",
                    hint,
                ));
                continue;
            }
        };
        match value.get_ref() {
            DeValue::String(text) if !text.trim().is_empty() => *slot = Some(text.to_string()),
            _ => problems.push(problem(
                value.span(),
                format!("`{what}.{}` must be a word in quotes", key.get_ref()),
                "not a text",
                format!("write the words in quotes, e.g. {} = \"…\"", key.get_ref()),
            )),
        }
    }
    out
}
