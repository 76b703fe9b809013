//! The form of a municipality file: its shared facts, the forms of each further language,
//! and for each guide it publishes the guide's date and every declared parameter.

use std::collections::BTreeMap;

use crate::compose::edit::fields::{Choice, Field, Form, Input, Section};
use crate::compose::edit::tree::{self, Parsed};
use crate::load::declaration::Declaration;
use crate::load::params::{Param, ParamKind, ParamValue};

/// The keys of a further language's table (`[lang.<code>]`) the form edits.
const LANG_KEYS: [&str; 10] = [
    "name",
    "genitive",
    "header.label",
    "wording.first",
    "wording.later",
    "wording.contact",
    "contact.unit",
    "contact.title",
    "contact.illative",
    "contact.email_pattern",
];

/// The form of `text`, a municipality file, with a section for each guide of `guides`
/// that it has a table for (the others it may add); an error when the text is not TOML.
pub fn build(text: &str, guides: &BTreeMap<String, Declaration>) -> Result<Form, String> {
    let doc = tree::parse(text)?;
    let mut sections = shared(&doc);
    let languages = languages(&doc);
    for code in further_languages(&doc, &languages) {
        let fields = LANG_KEYS
            .iter()
            .map(|k| text_field(&doc, &format!("lang.{code}.{k}"), None, false))
            .collect();
        sections.push(Section {
            id: format!("lang.{code}"),
            fields,
        });
    }
    for (key, item) in doc.as_table().iter() {
        if let (Some(decl), true) = (guides.get(key), item.is_table()) {
            sections.push(guide(&doc, decl));
        }
    }
    let addable = guides
        .keys()
        .filter(|id| !doc.contains_key(id))
        .cloned()
        .collect();
    Ok(Form { sections, addable })
}

/// The shared facts: names, kind, languages, header, wording and contact.
fn shared(doc: &Parsed<'_>) -> Vec<Section> {
    let choice = |key: &str, values: &[&str], default: &str| {
        let values = values
            .iter()
            .map(|v| Choice {
                value: v.to_string(),
                help: BTreeMap::new(),
            })
            .collect();
        field(doc, key, Input::Choice(values), Some(default), false)
    };
    let text = |key: &str| text_field(doc, key, None, false);
    let municipality = vec![
        text_field(doc, "name", None, true),
        text("genitive"),
        choice("kind", &["kaupunki", "kunta"], "kaupunki"),
        field(doc, "languages", Input::Languages, None, false),
    ];
    let header = vec![
        text_field(doc, "header.label", Some("Ohje"), false),
        choice("header.service", &["named", "generic", "none"], "named"),
    ];
    let wording = ["first", "later", "contact"].map(|k| text(&format!("wording.{k}")));
    let mut contact: Vec<Field> = [
        "person",
        "unit",
        "illative",
        "title",
        "phone",
        "email",
        "email_pattern",
    ]
    .iter()
    .map(|k| text(&format!("contact.{k}")))
    .collect();
    contact.push(field(
        doc,
        "contact.email_guard",
        Input::Bool,
        Some("true"),
        false,
    ));
    [
        ("municipality", municipality),
        ("header", header),
        ("wording", wording.to_vec()),
        ("contact", contact),
    ]
    .into_iter()
    .map(|(id, fields)| Section {
        id: id.to_string(),
        fields,
    })
    .collect()
}

/// A guide's section: its date, then each parameter as its type asks.
fn guide(doc: &Parsed<'_>, decl: &Declaration) -> Section {
    let id = &decl.id;
    let mut fields = vec![field(doc, &format!("{id}.date"), Input::Date, None, true)];
    for param in &decl.params {
        fields.push(param_field(doc, id, param));
    }
    Section {
        id: format!("guide.{id}"),
        fields,
    }
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

fn text_field(doc: &Parsed<'_>, key: &str, default: Option<&str>, required: bool) -> Field {
    let mut f = field(
        doc,
        key,
        Input::Text {
            default: default.map(str::to_string),
        },
        None,
        required,
    );
    f.default = default.map(str::to_string);
    f
}

/// A field for the dotted `key`: the file's value, or `kept` (a default that a checkbox or
/// a choice shows when the key is left out).
fn field(doc: &Parsed<'_>, key: &str, input: Input, kept: Option<&str>, required: bool) -> Field {
    let key: Vec<String> = key.split('.').map(str::to_string).collect();
    let value = match tree::get(doc, &key) {
        Some((_, item)) => tree::shown(item),
        None => kept.unwrap_or_default().to_string(),
    };
    Field {
        key,
        input,
        value,
        default: kept.map(str::to_string),
        required,
        help: BTreeMap::new(),
    }
}

/// The municipality's languages as the file lists them (default `fi`).
pub fn languages(doc: &Parsed<'_>) -> Vec<String> {
    let listed = doc.get("languages").and_then(|i| i.as_array()).map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    });
    listed.unwrap_or_else(|| vec![crate::load::project::DEFAULT_LANG.to_string()])
}

/// The languages after the first, and any other with a `[lang.<code>]` table.
fn further_languages(doc: &Parsed<'_>, languages: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = languages.iter().skip(1).cloned().collect();
    if let Some(tables) = doc.get("lang").and_then(|l| l.as_table_like()) {
        for (code, _) in tables.iter() {
            if !codes.iter().any(|c| c == code) && languages.first().is_none_or(|f| f != code) {
                codes.push(code.to_string());
            }
        }
    }
    codes
}

/// `text` with a table for each guide of `adding` that it has none for, as `opas new`
/// writes one, dated `date`; unknown ids are left out.
pub fn with_tables(
    text: &str,
    adding: &[String],
    guides: &BTreeMap<String, Declaration>,
    date: &crate::load::values::Date,
) -> String {
    let Ok(doc) = tree::parse(text) else {
        return text.to_string();
    };
    let mut out = text.to_string();
    let mut added: Vec<&str> = Vec::new();
    for id in adding {
        let Some(decl) = guides.get(id) else { continue };
        if doc.contains_key(id) || added.contains(&id.as_str()) {
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&crate::compose::edit::new_table::guide_table(decl, date));
        added.push(id);
    }
    out
}
