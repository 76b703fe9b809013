//! The form's model: sections of fields, each naming the TOML key it edits.

use std::collections::BTreeMap;

/// The most fields a form holds, and so the most values a submission may carry.
pub const MAX_FIELDS: usize = 400;

/// The most bytes one submitted value may hold.
pub const MAX_VALUE_BYTES: usize = 4096;

/// What kind of input edits a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// One line of text; `default` is shown as the placeholder.
    Text { default: Option<String> },
    /// A calendar date, written unquoted (`2026-03-02`).
    Date,
    /// A month, written as a string (`"2018-03"`).
    YearMonth,
    /// A checkbox.
    Bool,
    /// One of the values, as radio buttons.
    Choice(Vec<Choice>),
    /// A list of language codes, written as an array.
    Languages,
}

/// One value of a choice and what it means, by language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub help: BTreeMap<String, String>,
}

/// One field: the key it edits and the value the file holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The TOML key path, e.g. `["contact", "phone"]`.
    pub key: Vec<String>,
    pub input: Input,
    /// The value as the form shows it: the file's, or for a checkbox or a choice left out
    /// of the file its default; empty when neither.
    pub value: String,
    /// The value applies when the key is left out (a checkbox's or a choice's default).
    pub default: Option<String>,
    pub required: bool,
    /// What the value means, by language (a parameter's description).
    pub help: BTreeMap<String, String>,
}

impl Field {
    /// The field's name in the form: its key path joined with dots.
    pub fn name(&self) -> String {
        self.key.join(".")
    }
}

/// A group of fields shown as one fieldset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What the section is: `municipality`, `header`, `wording`, `contact`, `lang.<code>`
    /// or `guide.<id>`.
    pub id: String,
    pub fields: Vec<Field>,
}

/// The whole form of one municipality file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub sections: Vec<Section>,
    /// The guides the municipality does not publish yet, by id: the form can add them.
    pub addable: Vec<String>,
}

impl Form {
    /// Every field, in the order shown.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }
}

/// One problem shown in the form: the field it is about (when it can be told), what is
/// wrong, how to fix it, and the line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    pub line: Option<usize>,
}
