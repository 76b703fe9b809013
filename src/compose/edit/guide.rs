//! A guide's part of the form: its date, its declared parameters, its own wording, and
//! each further language's own texts.

use std::collections::BTreeMap;

use crate::compose::edit::fields::{Choice, Field, Input, Section};
use crate::compose::edit::from_file::{field, text_field};
use crate::compose::edit::tree::{self, Parsed};
use crate::load::declaration::Declaration;
use crate::load::guide_table::WORDING_KEYS;
use crate::load::params::{Param, ParamKind, ParamValue};

/// A guide's sections: its date, each parameter as its type asks and its own wording;
/// then for each further language it is published in, that language's own texts.
pub fn sections(doc: &Parsed<'_>, decl: &Declaration, languages: &[String]) -> Vec<Section> {
    let id = &decl.id;
    let mut fields = vec![field(doc, &format!("{id}.date"), Input::Date, None, true)];
    for param in &decl.params {
        fields.push(param_field(doc, id, param));
    }
    fields.extend(WORDING_KEYS.map(|k| text_field(doc, &format!("{id}.wording.{k}"), None, false)));
    let mut out = vec![Section {
        id: format!("guide.{id}"),
        fields,
    }];
    for code in further(doc, decl, languages) {
        let mut fields: Vec<Field> = decl
            .params
            .iter()
            .filter(|p| p.kind == ParamKind::Text)
            .map(|p| language_text(doc, id, &code, p))
            .collect();
        fields.extend(
            WORDING_KEYS
                .map(|k| text_field(doc, &format!("{id}.lang.{code}.wording.{k}"), None, false)),
        );
        out.push(Section {
            id: format!("guide.{id}.lang.{code}"),
            fields,
        });
    }
    out
}

/// The languages after the first that the guide is published in: the guide table's own
/// `languages`, else the municipality's, that the guide is written in.
fn further(doc: &Parsed<'_>, decl: &Declaration, languages: &[String]) -> Vec<String> {
    let own = tree::get(doc, &[decl.id.clone(), "languages".to_string()])
        .and_then(|(_, item)| item.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        });
    own.as_deref()
        .unwrap_or(languages)
        .iter()
        .skip(1)
        .filter(|code| decl.languages.contains(code))
        .cloned()
        .collect()
}

/// A text parameter's value in one language: left empty, the value for every language
/// (or the language's default) applies, which the field shows as its default.
fn language_text(doc: &Parsed<'_>, guide: &str, code: &str, param: &Param) -> Field {
    let shared =
        tree::get(doc, &[guide.to_string(), param.name.clone()]).map(|(_, item)| tree::shown(item));
    let default = shared
        .or_else(|| param.lang_defaults.get(code).map(plain))
        .or_else(|| param.default.as_ref().map(plain));
    let mut f = text_field(
        doc,
        &format!("{guide}.lang.{code}.{}", param.name),
        default.as_deref(),
        false,
    );
    f.help = param.description.clone();
    f
}

/// The field of one declared parameter, with its description as the help text.
fn param_field(doc: &Parsed<'_>, guide: &str, param: &Param) -> Field {
    let default = param.default.as_ref().map(plain);
    let input = match &param.kind {
        ParamKind::Text => Input::Text {
            default: default.clone(),
        },
        ParamKind::Bool => Input::Bool,
        ParamKind::Date => Input::Date,
        ParamKind::YearMonth => Input::YearMonth,
        ParamKind::Choice(values) => Input::Choice(choices(values, &param.description)),
    };
    let kept = match input {
        Input::Bool | Input::Choice(_) => default.as_deref(),
        _ => None,
    };
    let mut f = field(
        doc,
        &format!("{guide}.{}", param.name),
        input,
        kept,
        param.required,
    );
    if let (Input::Text { .. }, None) = (&f.input, &f.default) {
        f.default = default;
    }
    let all_explained = match &f.input {
        Input::Choice(values) => values.iter().all(|c| !c.help.is_empty()),
        _ => false,
    };
    if !all_explained {
        f.help = param.description.clone();
    }
    f
}

/// Each value of a choice with what the description says of it (`reset: …; preserved: …`).
fn choices(values: &[String], description: &BTreeMap<String, String>) -> Vec<Choice> {
    values
        .iter()
        .map(|value| {
            let help = description
                .iter()
                .filter_map(|(lang, text)| {
                    let prefix = format!("{value}:");
                    let part = text
                        .split("; ")
                        .find_map(|p| p.trim().strip_prefix(&prefix))?;
                    Some((lang.clone(), part.trim().to_string()))
                })
                .collect();
            Choice {
                value: value.clone(),
                help,
            }
        })
        .collect()
}

/// A parameter's default as the form shows it.
fn plain(value: &ParamValue) -> String {
    match value {
        ParamValue::Text(t) | ParamValue::Choice(t) => t.clone(),
        ParamValue::Bool(b) => b.to_string(),
        ParamValue::Date(d) => d.iso(),
        ParamValue::YearMonth(ym) => format!("{:04}-{:02}", ym.year, ym.month),
    }
}
