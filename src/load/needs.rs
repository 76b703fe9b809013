//! What the text of each guide in each language needs of a municipality beyond its name:
//! the genitive (`m.genitive`) and the contact's illative (`contact.illative`). Read from
//! the compiled templates (the language file, the guide's title and steps), so a
//! municipality gives these forms only where a language that uses them is published.

use std::collections::BTreeMap;

use crate::compose::templates::TemplateSet;
use crate::load::content::{Content, LanguageText, language_template_name};
use crate::load::declaration::Declaration;
pub use crate::load::lang_forms::{FormsUsed, Needs};

/// What every loaded guide's text uses, in each of its languages.
pub fn used(
    templates: &TemplateSet,
    languages: &BTreeMap<String, LanguageText>,
    guides: &BTreeMap<String, Declaration>,
    contents: &BTreeMap<String, BTreeMap<String, Content>>,
) -> FormsUsed {
    let mut out = FormsUsed::new();
    for (id, content) in contents {
        let Some(decl) = guides.get(id) else { continue };
        for (lang, c) in content {
            let mut names: Vec<String> = Vec::new();
            if let Some(text) = languages.get(lang) {
                names.extend(
                    text.templates()
                        .iter()
                        .map(|(key, _)| language_template_name(lang, key)),
                );
            }
            if let Some(t) = decl.texts.get(lang) {
                names.extend([t.title.clone(), t.subtitle.clone(), t.pdf_file.clone()]);
            }
            names.extend(c.steps.iter().map(|s| s.template.clone()));
            out.insert((id.clone(), lang.clone()), needs_of(templates, &names));
        }
    }
    out
}

/// Whether any of the templates `names` uses the genitive or the illative.
fn needs_of(templates: &TemplateSet, names: &[String]) -> Needs {
    let mut needs = Needs::default();
    for name in names {
        for variable in templates.uses(name).variables {
            needs.genitive |= variable == "m.genitive";
            needs.illative |= variable == "contact.illative";
        }
    }
    needs
}
