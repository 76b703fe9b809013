//! A municipality's form: a fieldset per section, every input labelled, help and errors
//! tied to it, and the error summary at the top linking to the fields.

use crate::compose::edit::diff::Line;
use crate::compose::edit::fields::{Field, FieldError, Form, Input, Section};
use crate::compose::edit::screens::ScreenList;
use crate::render::escape::escape;
use crate::render::html::edit::page::{LIVE_SCRIPT, Ui, hidden, page};
use crate::render::html::edit::preview::{Built, preview};
use crate::render::html::edit::review::diff_block;

/// What the form page shows besides the fields.
pub struct Opened<'a> {
    /// The fingerprint of the file the form was opened with.
    pub hash: &'a str,
    /// The guides added so far, comma-separated.
    pub adding: &'a str,
    /// The municipality's built guides, previewed beside the form.
    pub built: &'a [Built],
    /// What the save just made wrote, shown above the form.
    pub saved: Option<&'a [Line]>,
    /// The screens of the municipality's guides, shown after the form.
    pub screens: &'a [ScreenList],
}

/// The form page, with `errors` above it and beside their fields, and the preview beside it.
pub fn form_page(ui: &Ui<'_>, form: &Form, errors: &[FieldError], opened: &Opened<'_>) -> String {
    let slug = ui.slug.unwrap_or("");
    let mut body = String::from("<div class=\"beside\">\n<div class=\"fields\">\n");
    body.push_str(&summary(ui, form, errors));
    if let Some(diff) = opened.saved {
        body.push_str(&format!(
            "<div class=\"saved\"><p role=\"status\">{}</p>\n{}</div>\n",
            escape(ui.word("saved")),
            diff_block(diff)
        ));
    }
    body.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n<form id=\"municipality-form\" method=\"post\" action=\"/_edit/{}?lang={}\" novalidate data-live>\n",
        escape(&ui.url(None, ui.lang)),
        escape(ui.word("all")),
        escape(slug),
        escape(ui.lang)
    ));
    body.push_str(&hidden("_token", ui.token));
    body.push_str(&hidden("_hash", opened.hash));
    body.push_str(&hidden("_adding", opened.adding));
    for section in &form.sections {
        body.push_str(&fieldset(ui, section, errors));
    }
    body.push_str(&add_guide(ui, &form.addable));
    body.push_str(&format!(
        "<p id=\"live-status\" role=\"status\"></p>\n<button type=\"submit\">{}</button>\n</form>\n",
        escape(ui.word("check"))
    ));
    body.push_str(&crate::render::html::edit::screens::section(
        ui,
        opened.screens,
    ));
    body.push_str("</div>\n");
    body.push_str(&preview(ui, opened.built));
    body.push_str("</div>\n");
    body.push_str(&format!(
        "<script src=\"{}\" defer></script>\n",
        LIVE_SCRIPT
    ));
    let title = format!("{}: {slug}", ui.word("title.form"));
    page(ui, &title, &body)
}

/// The guides the municipality may add, as radio buttons (none chosen at first).
fn add_guide(ui: &Ui<'_>, addable: &[String]) -> String {
    if addable.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<fieldset>\n<legend>{}</legend>\n<div class=\"choice\"><input type=\"radio\" id=\"add-none\" name=\"_add\" value=\"\" checked> <label for=\"add-none\">{}</label></div>\n",
        escape(ui.word("add")),
        escape(ui.word("add.none"))
    );
    for id in addable {
        let fid = escape(&format!("add-{id}"));
        out.push_str(&format!(
            "<div class=\"choice\"><input type=\"radio\" id=\"{fid}\" name=\"_add\" value=\"{}\"> <label for=\"{fid}\">{}</label></div>\n",
            escape(id),
            escape(id)
        ));
    }
    out.push_str("</fieldset>\n");
    out
}

/// The error summary: each error, linked to its field when it has one and led by the
/// field's label and section, so the link says where it goes.
fn summary(ui: &Ui<'_>, form: &Form, errors: &[FieldError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\n\
<h2 id=\"error-summary-title\">{}</h2>\n<ul>\n",
        escape(ui.word("errors"))
    );
    for e in errors {
        let text = message(ui, e);
        match &e.field {
            Some(f) => {
                let place = form.sections.iter().find_map(|section| {
                    let field = section.fields.iter().find(|x| x.name() == *f)?;
                    Some(format!("{}, {}", legend(ui, &section.id), label(ui, field)))
                });
                let lead = place.map_or(String::new(), |p| format!("{}: ", escape(&p)));
                out.push_str(&format!(
                    "<li><a href=\"#{}\">{lead}{text}</a></li>\n",
                    id(f)
                ));
            }
            None => out.push_str(&format!("<li>{text}</li>\n")),
        }
    }
    out.push_str("</ul>\n</div>\n");
    out
}

/// An error's message, hint and line, escaped.
fn message(ui: &Ui<'_>, e: &FieldError) -> String {
    escape(&message_text(ui, e))
}

/// An error's message, hint and line, as text.
pub fn message_text(ui: &Ui<'_>, e: &FieldError) -> String {
    let mut text = e.message.clone();
    if let Some(hint) = &e.hint {
        text.push_str(&format!(" ({hint})"));
    }
    if let Some(line) = e.line {
        text.push_str(&format!(" [{} {line}]", ui.word("line")));
    }
    text
}

fn fieldset(ui: &Ui<'_>, section: &Section, errors: &[FieldError]) -> String {
    let mut out = format!(
        "<fieldset>\n<legend>{}</legend>\n",
        escape(&legend(ui, &section.id))
    );
    for field in &section.fields {
        let own: Vec<&FieldError> = errors
            .iter()
            .filter(|e| e.field.as_deref() == Some(field.name().as_str()))
            .collect();
        out.push_str(&input(ui, field, &own));
    }
    out.push_str("</fieldset>\n");
    out
}

fn legend(ui: &Ui<'_>, section: &str) -> String {
    if let Some(code) = section.strip_prefix("lang.") {
        format!("{}: {code}", ui.word("section.lang"))
    } else if let Some(guide) = section.strip_prefix("guide.") {
        match guide.split_once(".lang.") {
            Some((guide, code)) => format!(
                "{}: {guide}, {}: {code}",
                ui.word("section.guide"),
                ui.word("section.lang")
            ),
            None => format!("{}: {guide}", ui.word("section.guide")),
        }
    } else {
        ui.word(&format!("section.{section}")).to_string()
    }
}

/// The field's label: its own word, or a parameter's name; a language's own value with
/// the language's code.
fn label(ui: &Ui<'_>, field: &Field) -> String {
    let name = field.name();
    let (key, lang) = match name.strip_prefix("lang.").and_then(|r| r.split_once('.')) {
        Some((code, rest)) => (rest.to_string(), Some(code)),
        None => guide_key(&field.key),
    };
    let own = ui.word(&key);
    let mut text = if own != key {
        own.to_string()
    } else if field.key.last().is_some_and(|k| k == "date") && field.key.len() == 2 {
        ui.word("date").to_string()
    } else {
        field.key.last().cloned().unwrap_or_default()
    };
    if let Some(code) = lang {
        text.push_str(&format!(" ({code})"));
    }
    if field.required {
        text.push_str(&format!(" ({})", ui.word("required")));
    }
    text
}

/// A guide's key as the label's word (`<guide>.wording.first` is `wording.first`, and
/// `<guide>.lang.<code>.<key>` that of `<guide>.<key>` in `code`); any other key as it is.
fn guide_key(key: &[String]) -> (String, Option<&str>) {
    let (guide, rest) = match key.split_first() {
        Some((guide, rest)) if !rest.is_empty() => (guide, rest),
        _ => return (key.join("."), None),
    };
    match rest {
        [lang, code, own @ ..] if lang == "lang" && !own.is_empty() => {
            let (word, _) = guide_key(&[std::slice::from_ref(guide), own].concat());
            (word, Some(code.as_str()))
        }
        [wording, k] if wording == "wording" => (format!("wording.{k}"), None),
        _ => (key.join("."), None),
    }
}

/// The field's help in the page's language, or in English, or in any.
fn help<'a>(
    ui: &Ui<'_>,
    help: &'a std::collections::BTreeMap<String, String>,
) -> Option<&'a String> {
    help.get(ui.lang)
        .or_else(|| help.get("en"))
        .or_else(|| help.values().next())
}

/// The HTML id of a field.
pub fn id(name: &str) -> String {
    escape(&format!("f-{name}"))
}

fn input(ui: &Ui<'_>, field: &Field, errors: &[&FieldError]) -> String {
    let name = field.name();
    let fid = id(&name);
    let mut described = Vec::new();
    let mut notes = String::new();
    if let Some(h) = help(ui, &field.help) {
        notes.push_str(&format!(
            "<p class=\"hint\" id=\"{fid}-hint\">{}</p>\n",
            escape(h)
        ));
        described.push(format!("{fid}-hint"));
    }
    // Dates are typed as text in the file's own form: a browser's date picker sends nothing
    // for a day it cannot read, where opas tells what is wrong and suggests the date.
    let format = match field.input {
        Input::Date => Some("format.date"),
        Input::YearMonth => Some("format.month"),
        _ => None,
    };
    if let Some(key) = format {
        notes.push_str(&format!(
            "<p class=\"hint\" id=\"{fid}-format\">{}</p>\n",
            escape(ui.word(key))
        ));
        described.push(format!("{fid}-format"));
    }
    if let (Some(d), Input::Text { .. } | Input::Bool | Input::Choice(_)) =
        (&field.default, &field.input)
    {
        notes.push_str(&format!(
            "<p class=\"hint\" id=\"{fid}-default\">{}: {}</p>\n",
            escape(ui.word("default")),
            escape(d)
        ));
        described.push(format!("{fid}-default"));
    }
    for (i, e) in errors.iter().enumerate() {
        notes.push_str(&format!(
            "<p class=\"error-message\" id=\"{fid}-error{i}\">{}</p>\n",
            message(ui, e)
        ));
        described.push(format!("{fid}-error{i}"));
    }
    let aria = if described.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", described.join(" "))
    };
    let class = if errors.is_empty() {
        "field"
    } else {
        "field error"
    };
    let invalid = if errors.is_empty() {
        ""
    } else {
        " aria-invalid=\"true\""
    };
    let label = escape(&label(ui, field));
    let value = escape(&field.value);
    let n = escape(&name);
    match &field.input {
        Input::Choice(values) => {
            let mut out = format!(
                "<div class=\"{class}\">\n<fieldset id=\"{fid}\"{aria}>\n<legend>{label}</legend>\n{notes}"
            );
            for (i, c) in values.iter().enumerate() {
                let checked = if c.value == field.value {
                    " checked"
                } else {
                    ""
                };
                let word_key = format!("{name}.{}", c.value);
                let own = ui.word(&word_key);
                let mut text = escape(&c.value);
                if own != word_key && own != c.value {
                    text = format!("{} ({text})", escape(own));
                }
                if let Some(h) = help(ui, &c.help) {
                    text.push_str(&format!(": {}", escape(h)));
                }
                out.push_str(&format!(
                    "<div class=\"choice\"><input type=\"radio\" id=\"{fid}-{i}\" name=\"{n}\" value=\"{}\"{checked}> <label for=\"{fid}-{i}\">{text}</label></div>\n",
                    escape(&c.value)
                ));
            }
            out.push_str("</fieldset>\n</div>\n");
            out
        }
        // The hidden `false` after the box is sent when the box is not ticked (the first
        // value of a name counts): an unticked box is told from a form that did not show it.
        Input::Bool => {
            let checked = if field.value == "true" {
                " checked"
            } else {
                ""
            };
            format!(
                "<div class=\"{class} check\">\n{notes}<input type=\"checkbox\" id=\"{fid}\" name=\"{n}\" value=\"true\"{checked}{aria}{invalid}> <label for=\"{fid}\">{label}</label>\n\
<input type=\"hidden\" name=\"{n}\" value=\"false\">\n</div>\n"
            )
        }
        other => {
            let (placeholder, size) = match other {
                Input::Text { default: Some(d) } => (format!(" placeholder=\"{}\"", escape(d)), ""),
                Input::Date => (String::new(), " class=\"date\" autocomplete=\"off\""),
                Input::YearMonth => (String::new(), " class=\"date\" autocomplete=\"off\""),
                _ => (String::new(), ""),
            };
            format!(
                "<div class=\"{class}\">\n<label for=\"{fid}\">{label}</label>\n{notes}<input type=\"text\" id=\"{fid}\" name=\"{n}\" value=\"{value}\"{size}{placeholder}{aria}{invalid}>\n</div>\n"
            )
        }
    }
}
