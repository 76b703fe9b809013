//! Declarative descriptions of the e-service's screens (`screens.toml`), drawn as mock-ups.
//!
//! All visible texts of the service live in this one file per language, so that
//! a label can be corrected in one place.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::model::{Inline, Screen, ScreenItem, ScreenStyle};
use crate::values::read_toml;

/// One screen as described in the content.
#[derive(Debug, Clone)]
pub struct ScreenDef {
    /// `None` when the screen has no description: the figure is a placeholder
    /// until the municipality drops in a screenshot.
    pub screen: Option<Screen>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScreen {
    style: ScreenStyle,
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum RawItem {
    Title(String),
    Breadcrumb(Vec<String>),
    Notice(String),
    Text(String),
    Message(String),
    Error(String),
    Field(RawField),
    Password(RawField),
    Checkbox(String),
    Button(String),
    Link(String),
    Header { name: String, value: String },
    User(String),
    Menu(String),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawField {
    Label(String),
    Full {
        label: String,
        value: Option<String>,
    },
}

impl RawField {
    fn into_item(self, secret: bool) -> ScreenItem {
        let (label, value) = match self {
            RawField::Label(label) => (label, None),
            RawField::Full { label, value } => (label, value),
        };
        ScreenItem::Field {
            label,
            value,
            secret,
        }
    }
}

impl From<RawItem> for ScreenItem {
    fn from(item: RawItem) -> Self {
        match item {
            RawItem::Title(text) => ScreenItem::Title { text },
            RawItem::Breadcrumb(parts) => ScreenItem::Breadcrumb { parts },
            RawItem::Notice(text) => ScreenItem::Notice {
                text: screen_text(&text),
            },
            RawItem::Text(text) => ScreenItem::Text {
                text: screen_text(&text),
            },
            RawItem::Message(text) => ScreenItem::Message {
                text: screen_text(&text),
            },
            RawItem::Error(text) => ScreenItem::Error {
                text: screen_text(&text),
            },
            RawItem::Field(field) => field.into_item(false),
            RawItem::Password(field) => field.into_item(true),
            RawItem::Checkbox(label) => ScreenItem::Checkbox { label },
            RawItem::Button(label) => ScreenItem::Button { label },
            RawItem::Link(label) => ScreenItem::Link { label },
            RawItem::Header { name, value } => ScreenItem::Header { name, value },
            RawItem::User(text) => ScreenItem::User { text },
            RawItem::Menu(label) => ScreenItem::Menu { label },
        }
    }
}

/// Text of a screen, where `[words]` are drawn as a link of the service.
pub fn screen_text(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Inline::Text {
                text: rest[..open].to_string(),
            });
        }
        out.push(Inline::Link {
            url: String::new(),
            content: vec![Inline::Text {
                text: rest[open + 1..close].to_string(),
            }],
        });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text {
            text: rest.to_string(),
        });
    }
    out
}

/// Loads `screens.toml`.
pub fn load(root: &Path, path: &Path) -> Result<BTreeMap<String, ScreenDef>, Vec<Diagnostic>> {
    let raw: BTreeMap<String, RawScreen> = read_toml(root, path).map_err(|d| vec![d])?;
    let mut screens = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, raw) in raw {
        if !crate::values::is_slug(&id) {
            problems.push(
                Diagnostic::error(
                    crate::diagnostics::display_path(path, root),
                    format!("`{id}` cannot be used as a screen id"),
                )
                .hint("use lower-case ASCII letters, digits and hyphens: the id is also the screenshot's file name"),
            );
            continue;
        }
        let screen = (!raw.items.is_empty()).then(|| Screen {
            style: raw.style,
            items: raw.items.into_iter().map(ScreenItem::from).collect(),
        });
        screens.insert(id, ScreenDef { screen });
    }
    if problems.is_empty() {
        Ok(screens)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_become_service_links() {
        let inlines = screen_text("[Luo uusi käyttäjätunnus] jos sinulla ei vielä ole");
        assert!(matches!(&inlines[0], Inline::Link { url, .. } if url.is_empty()));
        assert_eq!(
            Inline::plain_text(&inlines),
            "Luo uusi käyttäjätunnus jos sinulla ei vielä ole"
        );
    }

    #[test]
    fn items_deserialise_from_one_key_tables() {
        let raw: BTreeMap<String, RawScreen> = toml::from_str(
            r#"
[login]
style = "dialog"
items = [
  { title = "Kirjautuminen" },
  { field = "Käyttäjätunnus" },
  { password = { label = "Salasana", value = "••••" } },
  { breadcrumb = ["Takaisin", "Vaihda salasana"] },
]
"#,
        )
        .unwrap();
        let items: Vec<ScreenItem> = raw
            .into_values()
            .next()
            .unwrap()
            .items
            .into_iter()
            .map(Into::into)
            .collect();
        assert_eq!(items.len(), 4);
        assert!(matches!(
            &items[2],
            ScreenItem::Field {
                secret: true,
                value: Some(_),
                ..
            }
        ));
    }
}
