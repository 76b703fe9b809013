//! A guide's declaration (`content/<guide>/guide.toml`): its id, output path, languages,
//! title and PDF name per language, and its typed parameters.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::compose::templates::{TemplateSet, Within};
use crate::diagnostics::Diagnostic;
use crate::load::defaults;
use crate::load::params::{KIND_NAMES, Param, ParamKind, Problem};
use crate::load::values::{closest, is_slug};

/// Names a parameter cannot take: the variables every template already has, and the
/// keys of a municipality's guide table.
pub const RESERVED: [&str; 12] = [
    "m",
    "kind",
    "d",
    "org",
    "date",
    "issuer",
    "contact",
    "guide",
    "lang",
    "languages",
    "changed_text",
    "params",
];

/// A checked declaration.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub id: String,
    /// The folder of the guide in the output, under the municipality's folder.
    pub path: String,
    /// The languages the guide is written in; the first is the reference.
    pub languages: Vec<String>,
    /// The declaration file as shown in messages.
    pub file: String,
    /// The names of the compiled templates of each language's texts.
    pub texts: BTreeMap<String, TextTemplates>,
    pub params: Vec<Param>,
    /// The declaration's text and the span of its `path`, to locate a clash of paths.
    pub source: Arc<str>,
    pub path_span: Range<usize>,
    /// A language's own output folder (`[lang.<code>] path`), in place of `<path>/<code>`.
    pub lang_paths: BTreeMap<String, Spanned<String>>,
    /// The shared steps the guide uses, by name, each with its place in the file.
    pub shared: Vec<Spanned<String>>,
}

impl Declaration {
    /// The output folder of the guide in `lang`'s own path, if it has one.
    pub fn own_path(&self, lang: &str) -> Option<&str> {
        self.lang_paths.get(lang).map(|p| p.get_ref().as_str())
    }

    /// The guide's output folder names with their places in the declaration: its `path`
    /// and each language's own.
    pub fn paths(&self) -> Vec<(&str, Range<usize>)> {
        let mut out = vec![(self.path.as_str(), self.path_span.clone())];
        out.extend(
            self.lang_paths
                .values()
                .map(|p| (p.get_ref().as_str(), p.span())),
        );
        out
    }
}

/// Template names of a guide's texts in one language.
#[derive(Debug, Clone)]
pub struct TextTemplates {
    pub title: String,
    pub subtitle: String,
    pub pdf_file: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeclaration {
    id: Spanned<String>,
    path: Spanned<String>,
    languages: Spanned<Vec<String>>,
    #[serde(default)]
    lang: BTreeMap<Spanned<String>, Spanned<RawTexts>>,
    #[serde(default)]
    params: BTreeMap<Spanned<String>, Spanned<RawParam>>,
    #[serde(default)]
    shared: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTexts {
    title: Spanned<String>,
    #[serde(default)]
    subtitle: Option<Spanned<String>>,
    pdf_file: Spanned<String>,
    #[serde(default)]
    path: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    values: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    required: bool,
    default: Option<Spanned<toml::Value>>,
    #[serde(default)]
    description: BTreeMap<String, String>,
    formerly: Option<String>,
}

/// Checks a declaration read from `source` (the file shown as `shown`); `known_langs` are
/// the languages with a language file. Its texts are compiled into `templates`.
pub fn parse(
    shown: &str,
    source: &Arc<str>,
    known_langs: &[String],
    templates: &mut TemplateSet,
) -> Result<Declaration, Vec<Diagnostic>> {
    let raw: RawDeclaration = toml::from_str(source).map_err(|e| {
        vec![
            Diagnostic::error(shown, e.message().trim())
                .at(source, e.span().unwrap_or(0..0), "here")
                .hint(
                    "a declaration holds id, path, languages, shared, [lang.<code>] with title \
                     and pdf_file, and [params.<name>]; README.md, \"Guides\", shows one",
                ),
        ]
    })?;
    let mut c = Checker {
        shown,
        source,
        problems: Vec::new(),
    };
    for (what, value) in [("id", &raw.id), ("path", &raw.path)] {
        if !is_slug(value.get_ref()) {
            c.report(
                value.span(),
                format!("`{}` cannot be used as a guide's {what}", value.get_ref()),
                "not a slug",
                "use lower-case ASCII letters, digits and hyphens, e.g. \"kaksivaihe\"",
            );
        }
    }
    let languages = c.languages(&raw, known_langs);
    let texts = c.texts(&raw, &languages, templates);
    let lang_paths = c.lang_paths(&raw, &languages);
    let params = raw
        .params
        .iter()
        .filter_map(|(name, param)| c.param(name, param, &languages))
        .collect();
    if c.problems.is_empty() {
        Ok(Declaration {
            id: raw.id.into_inner(),
            path_span: raw.path.span(),
            source: Arc::clone(source),
            path: raw.path.into_inner(),
            lang_paths,
            languages,
            file: shown.to_string(),
            texts,
            params,
            shared: raw.shared,
        })
    } else {
        Err(c.problems)
    }
}

struct Checker<'a> {
    shown: &'a str,
    source: &'a Arc<str>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, message: String, label: &str, hint: &str) {
        self.problems.push(
            Diagnostic::error(self.shown, message)
                .at(self.source, span, label)
                .hint(hint),
        );
    }

    fn problem(&mut self, p: Problem) {
        self.report(p.span, p.message, &p.label, &p.hint);
    }

    fn languages(&mut self, raw: &RawDeclaration, known: &[String]) -> Vec<String> {
        let span = raw.languages.span();
        let mut out: Vec<String> = Vec::new();
        for lang in raw.languages.get_ref() {
            if out.contains(lang) {
                self.report(
                    span.clone(),
                    format!("language `{lang}` is listed twice"),
                    "repeated",
                    "list each language once",
                );
            } else if !known.contains(lang) {
                let names: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint = match closest(lang, &names) {
                    Some(best) => format!(
                        "did you mean `{best}`? Languages with a file in content/languages/: {}",
                        names.join(", ")
                    ),
                    None => format!(
                        "add content/languages/{lang}.toml first; there are: {}",
                        names.join(", ")
                    ),
                };
                self.report(
                    span.clone(),
                    format!("unknown language `{lang}`"),
                    "no language file",
                    &hint,
                );
            } else {
                out.push(lang.clone());
            }
        }
        if raw.languages.get_ref().is_empty() {
            self.report(
                span,
                "the guide lists no languages".into(),
                "empty",
                "list at least one, e.g. languages = [\"fi\"]",
            );
        }
        out
    }

    /// The languages' own output folders: slugs, each different from the guide's `path`
    /// and from one another.
    fn lang_paths(
        &mut self,
        raw: &RawDeclaration,
        languages: &[String],
    ) -> BTreeMap<String, Spanned<String>> {
        let mut out: BTreeMap<String, Spanned<String>> = BTreeMap::new();
        for lang in languages {
            let Some(path) = raw
                .lang
                .get(lang.as_str())
                .and_then(|t| t.get_ref().path.clone())
            else {
                continue;
            };
            let value = path.get_ref();
            let taken = value == raw.path.get_ref() || out.values().any(|p| p.get_ref() == value);
            if !is_slug(value) {
                self.report(
                    path.span(),
                    format!("`{value}` cannot be used as a guide's path"),
                    "not a slug",
                    "use lower-case ASCII letters, digits and hyphens, e.g. \"tvastegsverifiering\"",
                );
            } else if taken {
                self.report(
                    path.span(),
                    format!("the path `{value}` of `[lang.{lang}]` is already the guide's path in another language"),
                    "taken",
                    "give each language its own path, or remove it: the language then goes in <path>/<code>",
                );
            } else {
                out.insert(lang.clone(), path);
            }
        }
        out
    }

    fn texts(
        &mut self,
        raw: &RawDeclaration,
        languages: &[String],
        templates: &mut TemplateSet,
    ) -> BTreeMap<String, TextTemplates> {
        let mut out = BTreeMap::new();
        for lang in raw.lang.keys() {
            if !languages.contains(lang.get_ref()) {
                self.report(
                    lang.span(),
                    format!(
                        "`[lang.{}]` is not one of the guide's languages",
                        lang.get_ref()
                    ),
                    "not listed",
                    "add the language to `languages`, or remove the table",
                );
            }
        }
        for lang in languages {
            let Some(texts) = raw.lang.get(lang.as_str()) else {
                self.report(
                    raw.languages.span(),
                    format!("the guide has no title in `{lang}`"),
                    "needs [lang.<code>]",
                    &format!("add [lang.{lang}] with title = \"…\" and pdf_file = \"….pdf\""),
                );
                continue;
            };
            let t = texts.get_ref();
            let mut compile = |key: &str, value: Option<&Spanned<String>>| {
                let name = format!("{}#lang.{lang}.{key}", self.shown);
                let (text, within) = match value {
                    Some(v) => (
                        v.get_ref().as_str(),
                        Some(Within {
                            file: Arc::clone(self.source),
                            span: v.span(),
                        }),
                    ),
                    None => ("", None),
                };
                if let Err(d) = templates.add_within(&name, self.shown, text, within) {
                    self.problems.push(*d);
                }
                name
            };
            let names = TextTemplates {
                title: compile("title", Some(&t.title)),
                subtitle: compile("subtitle", t.subtitle.as_ref()),
                pdf_file: compile("pdf_file", Some(&t.pdf_file)),
            };
            out.insert(lang.clone(), names);
        }
        out
    }

    fn param(
        &mut self,
        name: &Spanned<String>,
        raw: &Spanned<RawParam>,
        languages: &[String],
    ) -> Option<Param> {
        let n = name.get_ref();
        let valid = n.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            self.report(name.span(), format!("`{n}` cannot be used as a parameter name"), "not a name", "use lower-case ASCII letters, digits and _, starting with a letter, e.g. `deadline`");
            return None;
        }
        if RESERVED.contains(&n.as_str()) {
            self.report(
                name.span(),
                format!("`{n}` is a name every guide already uses"),
                "reserved",
                &format!(
                    "choose another name; these are taken: {}",
                    RESERVED.join(", ")
                ),
            );
            return None;
        }
        let r = raw.get_ref();
        let kind = match r.kind.get_ref().as_str() {
            "text" => ParamKind::Text,
            "bool" => ParamKind::Bool,
            "date" => ParamKind::Date,
            "year-month" => ParamKind::YearMonth,
            "choice" => ParamKind::Choice(self.choice_values(n, r, raw.span())?),
            other => {
                let hint = match closest(other, &KIND_NAMES) {
                    Some(best) => format!(
                        "did you mean `{best}`? The types are: {}",
                        KIND_NAMES.join(", ")
                    ),
                    None => format!("the types are: {}", KIND_NAMES.join(", ")),
                };
                self.report(
                    r.kind.span(),
                    format!("unknown parameter type `{other}`"),
                    "no such type",
                    &hint,
                );
                return None;
            }
        };
        if let (Some(values), false) = (&r.values, matches!(kind, ParamKind::Choice(_))) {
            self.report(
                values.span(),
                format!(
                    "`values` belongs to a choice, and `{n}` is a {}",
                    kind.name()
                ),
                "not a choice",
                "remove `values`, or make the type \"choice\"",
            );
        }
        let mut param = Param {
            name: n.clone(),
            kind,
            required: r.required,
            default: None,
            lang_defaults: BTreeMap::new(),
            description: r.description.clone(),
            formerly: r.formerly.clone(),
        };
        if let Some(default) = &r.default {
            if r.required {
                self.report(
                    default.span(),
                    format!("`{n}` is required and has a default"),
                    "both",
                    "remove `required = true` (the default then applies) or remove the default",
                );
            }
            match defaults::check(&param, default, languages) {
                Ok(checked) => {
                    param.default = Some(checked.reference);
                    param.lang_defaults = checked.by_language;
                }
                Err(problems) => problems.into_iter().for_each(|p| self.problem(p)),
            }
        }
        Some(param)
    }

    fn choice_values(
        &mut self,
        name: &str,
        r: &RawParam,
        span: Range<usize>,
    ) -> Option<Vec<String>> {
        let Some(values) = &r.values else {
            self.report(
                span,
                format!("the choice `{name}` lists no values"),
                "needs `values`",
                "add values = [\"…\", \"…\"] with the values a municipality may give",
            );
            return None;
        };
        let list = values.get_ref();
        let mut seen: Vec<&String> = Vec::new();
        for v in list {
            if !is_slug(v) || seen.contains(&v) {
                self.report(
                    values.span(),
                    format!("`{v}` cannot be a value of `{name}`"),
                    "bad value",
                    "give each value once, in lower-case ASCII letters, digits and hyphens",
                );
                return None;
            }
            seen.push(v);
        }
        if list.is_empty() {
            self.report(
                values.span(),
                format!("the choice `{name}` lists no values"),
                "empty",
                "list at least two values",
            );
            return None;
        }
        Some(list.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "katko"
path = "katko"
languages = ["fi"]

[lang.fi]
title = "Huoltokatko"
pdf_file = "{{ m.slug }}-katko.pdf"

[params.start]
type = "date"
required = true

[params.scope]
type = "choice"
values = ["all", "some"]
default = "all"
"#;

    fn parse_text(text: &str) -> Result<Declaration, Vec<Diagnostic>> {
        let source: Arc<str> = Arc::from(text);
        parse(
            "content/katko/guide.toml",
            &source,
            &["fi".to_string()],
            &mut TemplateSet::new(),
        )
    }

    #[test]
    fn a_good_declaration_has_its_parameters() {
        let d = parse_text(GOOD).unwrap();
        assert_eq!(d.params.len(), 2);
        assert!(d.params.iter().any(|p| p.name == "start" && p.required));
    }

    #[test]
    fn an_unknown_type_is_located_with_a_suggestion() {
        let errors = parse_text(&GOOD.replace("\"date\"", "\"dat\"")).unwrap_err();
        assert!(
            errors[0].message.contains("unknown parameter type `dat`"),
            "{errors:?}"
        );
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `date`?")
        );
        assert_eq!(errors[0].line_column().map(|p| p.0), Some(11));
    }

    #[test]
    fn a_default_outside_the_choice_is_an_error() {
        let errors =
            parse_text(&GOOD.replace("default = \"all\"", "default = \"al\"")).unwrap_err();
        assert!(
            errors[0].message.contains("`al` is not a value"),
            "{errors:?}"
        );
        assert_eq!(errors[0].line_column().map(|p| p.0), Some(17));
    }
}
