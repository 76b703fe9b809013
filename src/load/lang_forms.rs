//! A municipality's forms in one language (`[lang.<code>]`), and which of the forms
//! each guide's text uses. The top-level fields are the first language's forms; a
//! `[lang.<first>]` table, allowed too, overrides them key by key.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::load::wording::Wording;

/// What a municipality writes for one language: its name there and the words of its
/// text. Nothing language-specific is inherited from the base fields by another language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LangForms {
    pub name: Option<String>,
    pub genitive: Option<String>,
    pub label: Option<String>,
    pub wording: Wording,
    pub unit: Option<String>,
    pub title: Option<String>,
    pub illative: Option<String>,
    /// The staff's addresses in this language, e.g. "fornamn.efternamn@karleby.fi";
    /// the base pattern when not given (an address is not a word of the text).
    pub email_pattern: Option<String>,
}

/// The forms one guide's text in one language uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    pub genitive: bool,
    pub illative: bool,
}

/// The forms used, by (guide id, language).
pub type FormsUsed = BTreeMap<(String, String), Needs>;

/// Where a missing form is shown: the top-level `name`, the contact's person or unit,
/// and each `[lang.<code>]` table (else the `languages` list).
pub struct Places {
    pub name: Range<usize>,
    pub contact: Option<Range<usize>>,
    pub lang_tables: BTreeMap<String, Range<usize>>,
    pub languages: Option<Range<usize>>,
    /// Whether the first language's genitive is written (at the top or under its
    /// `[lang.<code>]`), even if empty: an empty one has its own error.
    pub first_genitive: bool,
}
