//! The live check of the edit form: the small script that sends the form as the user
//! types, and its answer, what `opas check` says of the values, as JSON.

use crate::compose::edit::fields::FieldError;
use crate::render::html::edit::form::{id, message_text};
use crate::render::html::edit::page::Ui;

pub use crate::render::html::edit::page::LIVE_SCRIPT as SCRIPT_PATH;

/// The script.
pub const SCRIPT: &str = include_str!("live.js");

/// The answer to a live check: each error with the id of its field (or none) and its
/// text as the form shows it, and a line for the status region.
pub fn answer(ui: &Ui<'_>, errors: &[FieldError]) -> String {
    let listed: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| {
            serde_json::json!({
                "field": e.field.as_deref().map(id),
                "text": message_text(ui, e),
            })
        })
        .collect();
    let summary = match errors.len() {
        0 => ui.word("live.none").to_string(),
        n => format!("{}: {n}", ui.word("live.errors")),
    };
    serde_json::json!({ "errors": listed, "summary": summary }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_names_its_field_s_id_and_reads_as_beside_the_field() {
        let ui = Ui {
            lang: "en",
            token: "t",
            slug: Some("pori"),
        };
        let errors = [
            FieldError {
                field: Some("kaksivaihe.date".to_string()),
                message: "`30.2.2023` is not a valid date".to_string(),
                hint: Some("write 2023-02-28".to_string()),
                line: Some(33),
            },
            FieldError {
                field: None,
                message: "the file changed <meanwhile>".to_string(),
                hint: None,
                line: None,
            },
        ];
        let json: serde_json::Value = serde_json::from_str(&answer(&ui, &errors)).unwrap();
        assert_eq!(json["errors"][0]["field"], "f-kaksivaihe.date");
        assert_eq!(
            json["errors"][0]["text"],
            "`30.2.2023` is not a valid date (write 2023-02-28) [line 33]"
        );
        assert!(json["errors"][1]["field"].is_null());
        assert_eq!(json["errors"][1]["text"], "the file changed <meanwhile>");
        assert_eq!(json["summary"], "Checked as you type, errors: 2");
        let none: serde_json::Value = serde_json::from_str(&answer(&ui, &[])).unwrap();
        assert_eq!(none["errors"].as_array().map(Vec::len), Some(0));
    }
}
