//! A guide's table as `opas new` and the edit form's "add a guide" write it: its date and
//! every parameter explained, required ones marked to fill in, optional ones commented out.

use crate::load::declaration::Declaration;
use crate::load::params::{Param, ParamKind, basic_string};
use crate::load::values::Date;

/// A guide's table with its date, every parameter explained in Finnish and English,
/// required ones marked to fill in and optional ones commented out with their default.
pub fn guide_table(decl: &Declaration, date: &Date) -> String {
    let mut out = comment(&format!("Ohje / guide `{}`: {}", decl.id, decl.file));
    out.push_str(&format!("[{}]\n", decl.id));
    out.push_str("# Ohjeen päivämäärä, tulostuu ohjeeseen. / The guide's date, printed in it.\n");
    out.push_str(&format!("date = {}\n", date.iso()));
    for param in &decl.params {
        out.push_str(&param_lines(param));
    }
    out
}

fn param_lines(param: &Param) -> String {
    let mut out = String::new();
    let kind = match &param.kind {
        ParamKind::Choice(values) => {
            let quoted: Vec<String> = values.iter().map(|v| basic_string(v)).collect();
            format!("choice: {}", quoted.join(", "))
        }
        other => other.name().to_string(),
    };
    for lang in ["fi", "sv", "en"] {
        if let Some(text) = param.description.get(lang) {
            out.push_str(&comment(&format!("{lang}: {text}")));
        }
    }
    // The parameter's name is checked to be a bare key, the values are quoted on one line.
    let lines = match (&param.default, param.required) {
        (_, true) => format!(
            "TÄYTÄ / FILL IN ({kind}, pakollinen / required):\n{} = {}",
            param.name,
            param.kind.example()
        ),
        (Some(default), false) => format!(
            "({kind}, oletus / default {})\n{} = {}",
            default.to_toml(),
            param.name,
            default.to_toml()
        ),
        (None, false) => format!(
            "({kind}, valinnainen / optional)\n{} = {}",
            param.name,
            param.kind.example()
        ),
    };
    out.push_str(&comment(&lines));
    out
}

/// `text` as TOML comment lines: each of its lines after `# `, control characters removed,
/// so that nothing in it (a newline, a carriage return) can start a line of TOML.
pub fn comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for line in text.split('\n') {
        out.push_str("# ");
        out.extend(line.chars().filter(|c| !c.is_control() || *c == '\t'));
        out.push('\n');
    }
    out
}
