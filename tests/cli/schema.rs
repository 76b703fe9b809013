//! `opas schema`: the committed schema is current, and the reference files validate against it.

use crate::common::{opas, project, repo, stderr};
use serde_json::Value as Json;

/// TOML as JSON the way editors see it: dates and times become strings.
fn to_json(value: toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => Json::from(f),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Json::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("municipalities/schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a valid schema")
}

fn errors(validator: &jsonschema::Validator, toml_text: &str) -> Vec<String> {
    let instance = to_json(toml::from_str(toml_text).expect("TOML"));
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_current() {
    let run = opas(&repo(), &["schema"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let committed = std::fs::read_to_string(repo().join("municipalities/schema.json")).unwrap();
    assert!(
        String::from_utf8_lossy(&run.stdout) == committed,
        "municipalities/schema.json is stale (`opas check` warns of it too): run `cargo run -- schema > municipalities/schema.json` (`opas new guide` writes it for a guide it starts; a guide written by hand or changed needs this)"
    );
}

#[test]
fn the_reference_files_validate_and_name_the_schema() {
    let validator = schema();
    let mut count = 0;
    for entry in std::fs::read_dir(repo().join("municipalities")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("#:schema ./schema.json\n"),
            "{} should start with the schema directive",
            path.display()
        );
        let errors = errors(&validator, &text);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        count += 1;
    }
    assert_eq!(count, 5, "the five reference municipalities");
}

#[test]
fn the_schema_rejects_what_check_rejects() {
    let validator = schema();
    let good = crate::common::MINIMAL;
    assert!(errors(&validator, good).is_empty());
    for (what, bad) in [
        ("unknown field", good.replace("genitive", "genetive")),
        ("unknown variant", good.replace("\"reset\"", "\"other\"")),
        ("unknown kind", format!("kind = \"kylä\"\n{good}")),
        (
            "missing contact",
            good.split("[contact]").next().unwrap().to_string(),
        ),
        ("unknown contact field", good.replace("unit =", "yksikko =")),
        ("bad changed", format!("changed = \"2018\"\n{good}")),
        (
            "bad service",
            format!("{good}\n[header]\nservice = \"all\"\n"),
        ),
    ] {
        assert!(
            !errors(&validator, &bad).is_empty(),
            "{what} should fail:\n{bad}"
        );
    }
}

#[test]
fn a_new_file_validates_once_filled_in() {
    let dir = project(&[]);
    let run = opas(
        dir.path(),
        &["new", "testi", "--name", "Testi", "--genitive", "Testin"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let text = std::fs::read_to_string(dir.path().join("municipalities/testi.toml")).unwrap();
    let errors = errors(&schema(), &(text + "email = \"kunta@testi.fi\"\n"));
    assert!(errors.is_empty(), "{errors:?}");
}
