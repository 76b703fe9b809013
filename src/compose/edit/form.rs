//! The form of a municipality file: its shared facts, the forms of each further language,
//! and for each guide it publishes the guide's date and every declared parameter.

use std::collections::BTreeMap;

use crate::compose::edit::fields::{Choice, Field, Form, Input, Section};
use crate::compose::edit::from_file::{field, text_field};
use crate::compose::edit::guide;
use crate::compose::edit::tree::{self, Parsed};
use crate::load::declaration::Declaration;
use crate::load::guide_table::WORDING_KEYS;

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
            sections.extend(guide::sections(&doc, decl, &languages));
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
    let wording = WORDING_KEYS.map(|k| text(&format!("wording.{k}")));
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
