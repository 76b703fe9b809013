//! The municipality as the guide in one language sees it, and the forms it must give:
//! the genitive and the contact's illative, each only in the languages it publishes a
//! guide in whose text uses them ([`crate::load::needs`]). The top-level fields are the
//! forms of the first language, `[lang.<code>]` those of the others.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::load::lang_forms::{FormsUsed, LangForms, Places};
use crate::load::municipality::Municipality;
use crate::load::params::Problem;

impl Municipality {
    /// The municipality as the guide in `lang` sees it.
    pub fn in_language(&self, lang: &str) -> Municipality {
        if self
            .languages
            .first()
            .is_some_and(|primary| primary == lang)
        {
            return self.clone();
        }
        let forms = self.translations.get(lang).cloned().unwrap_or_default();
        let mut m = self.clone();
        m.name = forms.name.unwrap_or_else(|| self.name.clone());
        m.genitive = forms.genitive.unwrap_or_default();
        m.header.label = forms.label;
        m.wording = forms.wording;
        m.contact.unit = forms.unit;
        m.contact.title = forms.title;
        m.contact.illative = forms.illative;
        if forms.email_pattern.is_some() {
            m.contact.email_pattern = forms.email_pattern;
        }
        if m.contact.unit.is_none() && self.contact.unit.is_some() {
            // A unit named only in the base language cannot be printed in this one.
            m.contact.illative = None;
        }
        m
    }

    /// Puts the first language's own `[lang.<code>]` forms over the top-level fields.
    pub(crate) fn take_first_forms(&mut self, forms: LangForms) {
        let over = |base: &mut Option<String>, own: Option<String>| {
            if own.is_some() {
                *base = own;
            }
        };
        if let Some(name) = forms.name {
            self.name = name;
        }
        if let Some(genitive) = forms.genitive {
            self.genitive = genitive;
        }
        over(&mut self.header.label, forms.label);
        self.wording = forms.wording.over(&self.wording);
        over(&mut self.contact.unit, forms.unit);
        over(&mut self.contact.title, forms.title);
        over(&mut self.contact.illative, forms.illative);
        over(&mut self.contact.email_pattern, forms.email_pattern);
    }

    /// Every form missing in a language it publishes a guide in that uses the form.
    pub(crate) fn missing_forms(&self, places: &Places, forms: &FormsUsed) -> Vec<Problem> {
        missing(self, places, forms)
    }
}

/// Every form `m` lacks in a language it publishes a guide in that uses the form.
fn missing(m: &Municipality, places: &Places, forms: &FormsUsed) -> Vec<Problem> {
    let mut reported = BTreeSet::new();
    let mut problems = Vec::new();
    for table in &m.guides {
        for lang in &table.languages {
            let Some(needs) = forms.get(&(table.guide.clone(), lang.clone())) else {
                continue;
            };
            let seen = m.in_language(lang);
            let written = if is_first(m, lang) {
                places.first_genitive
            } else {
                m.translations
                    .get(lang)
                    .is_some_and(|f| f.genitive.is_some())
            };
            if needs.genitive && !written && reported.insert((lang, "genitive")) {
                problems.push(genitive(m, places, lang, &table.guide));
            }
            let contact = seen.contact.person.is_some() || seen.contact.unit.is_some();
            if needs.illative
                && contact
                && seen.contact.illative.is_none()
                && reported.insert((lang, "illative"))
            {
                problems.push(illative(m, places, lang, &table.guide));
            }
        }
    }
    problems
}

fn is_first(m: &Municipality, lang: &str) -> bool {
    m.languages.first().is_some_and(|l| l == lang)
}

/// The span of `[lang.<lang>]`, else of `languages`, else of `name`.
fn lang_place(places: &Places, lang: &str) -> Range<usize> {
    places
        .lang_tables
        .get(lang)
        .or(places.languages.as_ref())
        .unwrap_or(&places.name)
        .clone()
}

fn genitive(m: &Municipality, places: &Places, lang: &str, guide: &str) -> Problem {
    let (span, hint) = if is_first(m, lang) {
        (
            places.name.clone(),
            "add `genitive = …` below the name: the name in the genitive, e.g. genitive = \"Kokkolan\"".to_string(),
        )
    } else {
        (
            lang_place(places, lang),
            format!(
                "add `genitive = \"…\"` under [lang.{lang}]: the name in the genitive in that language"
            ),
        )
    };
    Problem {
        span,
        message: format!(
            "missing field `genitive`: the guide `{guide}` in `{lang}` names the municipality in the genitive"
        ),
        label: "needs `genitive`".to_string(),
        hint,
    }
}

fn illative(m: &Municipality, places: &Places, lang: &str, guide: &str) -> Problem {
    let (span, hint) = if is_first(m, lang) {
        (
            places.contact.clone().unwrap_or_else(|| places.name.clone()),
            "add the name in the form the contact sentence needs (README: [contact]), e.g. illative = \"…\" under [contact]".to_string(),
        )
    } else {
        (
            lang_place(places, lang),
            format!(
                "add the name in the form the contact sentence needs under [lang.{lang}.contact], e.g. illative = \"…\""
            ),
        )
    };
    Problem {
        span,
        message: format!(
            "the contact has no illative form in `{lang}`: the guide `{guide}` uses it"
        ),
        label: "needs `illative`".to_string(),
        hint,
    }
}
