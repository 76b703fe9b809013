//! A parameter's default in its declaration: one value for every language
//! (`default = "…"`), or one per language (`default = { fi = "…", sv = "…" }`, also written
//! `default.fi = "…"` and `default.sv = "…"`), naming every language of the guide.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use crate::load::params::{Param, ParamValue, Problem, Scalar, check_value};

/// A checked default: the reference language's value, and each language's own.
pub struct Defaults {
    pub reference: ParamValue,
    /// Empty when one value serves every language.
    pub by_language: BTreeMap<String, ParamValue>,
}

/// Checks the default `raw` of `param` against its type; `languages` are the guide's, the
/// first the reference.
pub fn check(
    param: &Param,
    raw: &Spanned<toml::Value>,
    languages: &[String],
) -> Result<Defaults, Vec<Problem>> {
    let n = &param.name;
    let toml::Value::Table(table) = raw.get_ref() else {
        let one = check_value(
            param,
            &Scalar::from(raw.get_ref()),
            raw.span(),
            &format!("{n}.default"),
        );
        return one
            .map(|reference| Defaults {
                reference,
                by_language: BTreeMap::new(),
            })
            .map_err(|p| vec![p]);
    };
    let mut problems = Vec::new();
    let mut by_language = BTreeMap::new();
    for (lang, value) in table {
        if !languages.contains(lang) {
            problems.push(not_a_language(raw.span(), n, lang, languages));
            continue;
        }
        match check_value(
            param,
            &Scalar::from(value),
            raw.span(),
            &format!("{n}.default.{lang}"),
        ) {
            Ok(v) => {
                by_language.insert(lang.clone(), v);
            }
            Err(p) => problems.push(p),
        }
    }
    for lang in languages.iter().filter(|l| !table.contains_key(*l)) {
        problems.push(missing_language(raw.span(), n, lang, param));
    }
    let reference = languages.first().and_then(|l| by_language.get(l)).cloned();
    match (reference, problems.is_empty()) {
        (Some(reference), true) => Ok(Defaults {
            reference,
            by_language,
        }),
        _ => Err(problems),
    }
}

fn not_a_language(span: Range<usize>, name: &str, lang: &str, languages: &[String]) -> Problem {
    Problem {
        span,
        message: format!(
            "the default of `{name}` names `{lang}`, which is not one of the guide's languages"
        ),
        label: "not a language of the guide".into(),
        hint: format!(
            "give a default for each of the guide's languages ({}), or one value for all: default = \"…\"",
            languages.join(", ")
        ),
    }
}

fn missing_language(span: Range<usize>, name: &str, lang: &str, param: &Param) -> Problem {
    Problem {
        span,
        message: format!("the default of `{name}` has no value in `{lang}`"),
        label: format!("no `{lang}`"),
        hint: format!(
            "add {lang} = {} to the default: a default given per language names every language of the guide",
            param.kind.example()
        ),
    }
}
