//! Declarative descriptions of the e-service's screens (`screens.toml`), drawn as mock-ups.
//!
//! All visible texts of the service live in this one file per language, so that
//! a label can be corrected in one place. A text may use the same variables as the
//! steps (`{{ app }}`): such a text is compiled once and rendered per guide, with every
//! value escaped, so that a value never turns into a link of the mock-up.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use qrcode::{Color, EcLevel, QrCode};
use serde::Deserialize;
use toml::Spanned;

use crate::compose::model::{Inline, Screen, ScreenItem, ScreenStyle};
use crate::compose::templates::{TemplateSet, Within};
use crate::diagnostics::{Diagnostic, display_path};
use crate::load::declaration::Declaration;
use crate::load::template_check::{self, Shown};
use crate::load::toml_file::read_toml_source;

/// Longest text a QR code of a mock-up may hold: enough for an `otpauth://` address.
const MAX_QR_BYTES: usize = 300;

/// Most digits a code entry may have.
const MAX_DIGITS: u8 = 12;
/// Most items of one screen: a mock-up is drawn on one page (the guides' have up to 9).
pub const MAX_SCREEN_ITEMS: usize = 40;
/// Most QR codes on one screen (a service shows one).
pub const MAX_QR_CODES: usize = 4;

/// One screen as described in the content.
#[derive(Debug, Clone)]
pub struct ScreenDef {
    style: ScreenStyle,
    items: Vec<RawItem>,
    /// For each text that holds template tags: (item, text within the item, template name).
    templated: Vec<(usize, usize, String)>,
    /// Where the screen is written, for comparing translations.
    pub place: ScreenPlace,
}

impl ScreenDef {
    /// The names of the screen's texts that are templates.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.templated.iter().map(|(_, _, name)| name.as_str())
    }
}

/// The places in `screens.toml` of a screen's header, its style and each of its items.
#[derive(Debug, Clone)]
pub struct ScreenPlace {
    pub source: Arc<str>,
    /// `[id]`.
    pub header: Range<usize>,
    pub style: Range<usize>,
    pub items: Vec<Range<usize>>,
}

/// What a translation must keep of an item: its kind and the data that is not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemShape {
    /// The item's key in `screens.toml`, e.g. `code_entry`.
    pub kind: &'static str,
    /// What must be the same in every language, as written, e.g. `digits = 6, value = "123456"`.
    pub data: Option<String>,
}

/// A screen read again only for the places of its parts.
#[derive(Deserialize)]
struct SpannedScreen {
    style: Option<Spanned<toml::Value>>,
    #[serde(default)]
    items: Vec<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScreen {
    style: ScreenStyle,
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Debug, Clone, Deserialize)]
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
    Header {
        name: String,
        value: String,
    },
    User(String),
    Menu(String),
    Qr {
        data: String,
        label: String,
    },
    CodeEntry {
        label: String,
        digits: u8,
        #[serde(default)]
        value: String,
    },
    Codes(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawField {
    Label(String),
    Full {
        label: String,
        value: Option<String>,
    },
}

/// The form of a QR code's data that every translation keeps, e.g. `otpauth://totp` with
/// `issuer, secret`: the made-up account and key inside may be in the language of the text.
fn qr_form(data: &str) -> String {
    let (head, query) = data.split_once('?').unwrap_or((data, ""));
    let authority = match head.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or("")),
        None => head.split(':').next().unwrap_or("").to_string(),
    };
    let mut keys: Vec<&str> = query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        format!("data of the form `{authority}`")
    } else {
        format!("data of the form `{authority}` with {}", keys.join(", "))
    }
}

impl RawItem {
    /// The item's kind and its data that every translation shares.
    fn shape(&self) -> ItemShape {
        let (kind, data) = match self {
            RawItem::Title(_) => ("title", None),
            RawItem::Breadcrumb(_) => ("breadcrumb", None),
            RawItem::Notice(_) => ("notice", None),
            RawItem::Text(_) => ("text", None),
            RawItem::Message(_) => ("message", None),
            RawItem::Error(_) => ("error", None),
            RawItem::Field(_) => ("field", None),
            RawItem::Password(_) => ("password", None),
            RawItem::Checkbox(_) => ("checkbox", None),
            RawItem::Button(_) => ("button", None),
            RawItem::Link(_) => ("link", None),
            RawItem::Header { .. } => ("header", None),
            RawItem::User(_) => ("user", None),
            RawItem::Menu(_) => ("menu", None),
            RawItem::Qr { data, .. } => ("qr", Some(qr_form(data))),
            RawItem::CodeEntry { digits, value, .. } => (
                "code_entry",
                Some(format!("digits = {digits}, value = \"{value}\"")),
            ),
            RawItem::Codes(codes) => ("codes", Some(format!("{} codes", codes.len()))),
        };
        ItemShape { kind, data }
    }

    /// Every text of the item, in a fixed order (the order template names refer to).
    fn texts_mut(&mut self) -> Vec<&mut String> {
        match self {
            RawItem::Title(t)
            | RawItem::Notice(t)
            | RawItem::Text(t)
            | RawItem::Message(t)
            | RawItem::Error(t)
            | RawItem::Checkbox(t)
            | RawItem::Button(t)
            | RawItem::Link(t)
            | RawItem::User(t)
            | RawItem::Menu(t)
            | RawItem::Field(RawField::Label(t))
            | RawItem::Password(RawField::Label(t)) => vec![t],
            RawItem::Breadcrumb(parts) | RawItem::Codes(parts) => parts.iter_mut().collect(),
            RawItem::Field(RawField::Full { label, value })
            | RawItem::Password(RawField::Full { label, value }) => {
                let mut texts = vec![label];
                texts.extend(value.as_mut());
                texts
            }
            RawItem::Header { name, value } => vec![name, value],
            // The QR code's data is checked once when loaded, so it stays as written.
            RawItem::Qr { label, .. } | RawItem::CodeEntry { label, .. } => vec![label],
        }
    }

    /// What is wrong with the item as written, if anything.
    fn problem(&self) -> Option<String> {
        match self {
            RawItem::Qr { data, .. } if data.len() > MAX_QR_BYTES => Some(format!(
                "the QR code's data is {} bytes, more than the {MAX_QR_BYTES} a mock-up may hold",
                data.len()
            )),
            RawItem::Qr { data, .. } if data.contains("{{") || data.contains("{%") => {
                Some("a QR code's data is shown as written: it cannot hold template tags".into())
            }
            RawItem::CodeEntry { digits, value, .. } => {
                if *digits == 0 || *digits > MAX_DIGITS {
                    Some(format!(
                        "a code entry has 1 to {MAX_DIGITS} digits, not {digits}"
                    ))
                } else if value.chars().count() > usize::from(*digits)
                    || !value.chars().all(|c| c.is_ascii_digit())
                {
                    Some(format!(
                        "the code entry's value `{value}` is not at most {digits} digits"
                    ))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The item as the model holds it; `escaped` texts came from templates.
    fn into_item(self, escaped: bool) -> ScreenItem {
        let text = |t: String| screen_text(&t, escaped);
        let plain = |t: String| if escaped { unescape(&t) } else { t };
        match self {
            RawItem::Title(t) => ScreenItem::Title { text: plain(t) },
            RawItem::Breadcrumb(parts) => ScreenItem::Breadcrumb {
                parts: parts.into_iter().map(plain).collect(),
            },
            RawItem::Notice(t) => ScreenItem::Notice { text: text(t) },
            RawItem::Text(t) => ScreenItem::Text { text: text(t) },
            RawItem::Message(t) => ScreenItem::Message { text: text(t) },
            RawItem::Error(t) => ScreenItem::Error { text: text(t) },
            RawItem::Field(field) => field.into_item(false, plain),
            RawItem::Password(field) => field.into_item(true, plain),
            RawItem::Checkbox(t) => ScreenItem::Checkbox { label: plain(t) },
            RawItem::Button(t) => ScreenItem::Button { label: plain(t) },
            RawItem::Link(t) => ScreenItem::Link { label: plain(t) },
            RawItem::Header { name, value } => ScreenItem::Header {
                name: plain(name),
                value: plain(value),
            },
            RawItem::User(t) => ScreenItem::User { text: plain(t) },
            RawItem::Menu(t) => ScreenItem::Menu { label: plain(t) },
            RawItem::Qr { data, label } => qr(data, plain(label)),
            RawItem::CodeEntry {
                label,
                digits,
                value,
            } => ScreenItem::CodeEntry {
                label: plain(label),
                digits,
                value,
            },
            RawItem::Codes(codes) => ScreenItem::Codes {
                codes: codes.into_iter().map(plain).collect(),
            },
        }
    }
}

impl RawField {
    fn into_item(self, secret: bool, plain: impl Fn(String) -> String) -> ScreenItem {
        let (label, value) = match self {
            RawField::Label(label) => (label, None),
            RawField::Full { label, value } => (label, value),
        };
        ScreenItem::Field {
            label: plain(label),
            value: value.map(plain),
            secret,
        }
    }
}

/// The modules of a QR code; the data was checked to fit when the screen was loaded.
fn qr(data: String, label: String) -> ScreenItem {
    let (size, dark) = modules(&data);
    ScreenItem::Qr {
        label,
        data,
        size,
        dark,
    }
}

/// How many encoded codes a build remembers: the guides of a project show a few.
const QR_MEMO: usize = 64;

/// The side and the dark modules of the QR code of `data`, remembered for the build:
/// every municipality's guide shows the same made-up address, and choosing the best
/// mask of a code is the costliest step of building a guide's model.
fn modules(data: &str) -> (usize, Vec<bool>) {
    static MEMO: Mutex<BTreeMap<String, (usize, Vec<bool>)>> = Mutex::new(BTreeMap::new());
    if let Some(known) = MEMO.lock().ok().and_then(|m| m.get(data).cloned()) {
        return known;
    }
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(data.as_bytes(), EcLevel::L));
    let encoded = match code {
        Ok(code) => (
            code.width(),
            code.to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        ),
        Err(_) => (0, Vec::new()),
    };
    if let Ok(mut memo) = MEMO.lock()
        && memo.len() < QR_MEMO
    {
        memo.insert(data.to_string(), encoded.clone());
    }
    encoded
}

impl ScreenDef {
    pub fn style(&self) -> ScreenStyle {
        self.style
    }

    /// The kind and shared data of each item, in order.
    pub fn shapes(&self) -> Vec<ItemShape> {
        self.items.iter().map(RawItem::shape).collect()
    }

    /// Whether the screen is described, so that a mock-up can be drawn; without items
    /// the figure is a placeholder until the municipality drops in a screenshot.
    pub fn has_mockup(&self) -> bool {
        !self.items.is_empty()
    }

    /// The screen with its templated texts rendered by `render` (given a template's
    /// name), or `None` when it has no description.
    pub fn instantiate(
        &self,
        render: &mut dyn FnMut(&str) -> Result<String, Box<Diagnostic>>,
    ) -> Result<Option<Screen>, Box<Diagnostic>> {
        if !self.has_mockup() {
            return Ok(None);
        }
        let mut items = self.items.clone();
        let mut escaped = vec![false; items.len()];
        for (i, j, name) in &self.templated {
            let rendered = render(name)?;
            if let Some(text) = items[*i].texts_mut().into_iter().nth(*j) {
                *text = rendered;
                escaped[*i] = true;
            }
        }
        Ok(Some(Screen {
            style: self.style,
            items: items
                .into_iter()
                .zip(escaped)
                .map(|(item, escaped)| item.into_item(escaped))
                .collect(),
        }))
    }
}

/// Text of a screen, where `[words]` are drawn as a link of the service. In `escaped`
/// text (rendered from a template) a backslash makes the next punctuation literal, so a
/// value's own brackets stay brackets.
pub fn screen_text(text: &str, escaped: bool) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut link: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escaped && chars.peek().is_some_and(char::is_ascii_punctuation) => {
                link.as_mut().unwrap_or(&mut current).extend(chars.next());
            }
            '[' if link.is_none() && text_has_close(chars.clone()) => {
                if !current.is_empty() {
                    out.push(Inline::Text {
                        text: std::mem::take(&mut current),
                    });
                }
                link = Some(String::new());
            }
            ']' if link.is_some() => {
                out.push(Inline::Link {
                    url: String::new(),
                    content: vec![Inline::Text {
                        text: link.take().unwrap_or_default(),
                    }],
                });
            }
            c => link.as_mut().unwrap_or(&mut current).push(c),
        }
    }
    if !current.is_empty() {
        out.push(Inline::Text { text: current });
    }
    out
}

/// Whether an unescaped `]` follows, so that `[` opens a link.
fn text_has_close(mut rest: std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    while let Some(c) = rest.next() {
        match c {
            '\\' => {
                rest.next();
            }
            ']' => return true,
            _ => {}
        }
    }
    false
}

/// Escaped text as written: the backslash before punctuation removed.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// Where the text `text` of an item (at `item` in the file) is: its quoted string when the
/// file holds it as written, else the whole item.
fn within(source: &Arc<str>, item: &Range<usize>, text: &str) -> Within {
    let span = source
        .get(item.clone())
        .and_then(|raw| raw.find(text))
        .filter(|_| !text.is_empty())
        .map_or(item.clone(), |at| {
            let start = item.start + at;
            start - 1..start + text.len() + 1
        });
    Within {
        file: Arc::clone(source),
        span,
    }
}

/// Loads `screens.toml` of the guide `decl`, compiling and checking every text that holds
/// template tags into `templates`.
pub fn load(
    root: &Path,
    path: &Path,
    decl: &Declaration,
    templates: &mut TemplateSet,
) -> Result<BTreeMap<String, ScreenDef>, Vec<Diagnostic>> {
    let (raw, source) =
        read_toml_source::<BTreeMap<String, RawScreen>>(root, path).map_err(|d| vec![d])?;
    let mut places: BTreeMap<String, Spanned<SpannedScreen>> =
        toml::from_str(&source).unwrap_or_default();
    let shown = display_path(path, root);
    let mut screens = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, raw) in raw {
        if !crate::load::values::is_slug(&id) {
            problems.push(
                Diagnostic::error(&shown, format!("`{id}` cannot be used as a screen id"))
                .hint("use lower-case ASCII letters, digits and hyphens: the id is also the screenshot's file name"),
            );
            continue;
        }
        let codes = raw
            .items
            .iter()
            .filter(|i| matches!(i, RawItem::Qr { .. }))
            .count();
        if raw.items.len() > MAX_SCREEN_ITEMS || codes > MAX_QR_CODES {
            problems.push(
                Diagnostic::error(
                    &shown,
                    format!(
                        "[{id}] has {} items and {codes} QR codes, more than the {MAX_SCREEN_ITEMS} items and {MAX_QR_CODES} codes a screen may have",
                        raw.items.len()
                    ),
                )
                .hint("a mock-up shows one screen of the service on one page: split it into two screens"),
            );
            continue;
        }
        let mut items = raw.items;
        let mut templated = Vec::new();
        let item_spans: Vec<Range<usize>> = places
            .get(&id)
            .map(|p| p.get_ref().items.iter().map(Spanned::span).collect())
            .unwrap_or_default();
        for (i, item) in items.iter_mut().enumerate() {
            if let Some(problem) = item.problem() {
                problems.push(
                    Diagnostic::error(&shown, format!("[{id}]: {problem}"))
                        .hint("README.md, \"Screens\", lists what each item takes"),
                );
            }
            for (j, text) in item.texts_mut().into_iter().enumerate() {
                if text.contains("{{") || text.contains("{%") {
                    // `.md`: values are escaped like in the steps, and unescaped when drawn.
                    let name = format!("{shown}#{id}.{i}.{j}.md");
                    let within = item_spans.get(i).map(|span| within(&source, span, text));
                    match templates.add_within(&name, &shown, text, within) {
                        Ok(()) => {
                            let found = template_check::check(
                                templates,
                                &name,
                                &shown,
                                decl,
                                Shown::Unchecked,
                            );
                            problems.extend(found);
                            templated.push((i, j, name));
                        }
                        Err(d) => problems.push(*d),
                    }
                }
            }
        }
        let place = places.remove(&id).map_or_else(
            || ScreenPlace {
                source: Arc::clone(&source),
                header: 0..0,
                style: 0..0,
                items: Vec::new(),
            },
            |p| ScreenPlace {
                source: Arc::clone(&source),
                header: p.span(),
                style: p.get_ref().style.as_ref().map_or(p.span(), Spanned::span),
                items: p.get_ref().items.iter().map(Spanned::span).collect(),
            },
        );
        screens.insert(
            id,
            ScreenDef {
                style: raw.style,
                items,
                templated,
                place,
            },
        );
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
        let inlines = screen_text("[Luo uusi käyttäjätunnus] jos sinulla ei vielä ole", false);
        assert!(matches!(&inlines[0], Inline::Link { url, .. } if url.is_empty()));
        assert_eq!(
            Inline::plain_text(&inlines),
            "Luo uusi käyttäjätunnus jos sinulla ei vielä ole"
        );
        let escaped = screen_text(r"Asenna \[Testi\] ja [jatka]", true);
        assert_eq!(escaped.len(), 2, "{escaped:?}");
        assert_eq!(Inline::plain_text(&escaped), "Asenna [Testi] ja jatka");
    }

    fn parse(text: &str) -> BTreeMap<String, RawScreen> {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn items_deserialise_from_one_key_tables() {
        let raw = parse(
            r#"
[login]
style = "dialog"
items = [
  { title = "Kirjautuminen" },
  { field = "Käyttäjätunnus" },
  { password = { label = "Salasana", value = "••••" } },
  { breadcrumb = ["Takaisin", "Vaihda salasana"] },
  { qr = { data = "otpauth://totp/Esimerkki:erkki?secret=ESIMERKKI&issuer=Esimerkki", label = "QR-koodi" } },
  { code_entry = { label = "Koodi", digits = 6, value = "123" } },
  { codes = ["1111-2222", "3333-4444"] },
]
"#,
        );
        let items: Vec<ScreenItem> = raw
            .into_values()
            .next()
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.into_item(false))
            .collect();
        assert_eq!(items.len(), 7);
        assert!(matches!(
            &items[2],
            ScreenItem::Field {
                secret: true,
                value: Some(_),
                ..
            }
        ));
        let ScreenItem::Qr { size, dark, .. } = &items[4] else {
            panic!("{:?}", items[4]);
        };
        assert!(*size >= 21 && dark.len() == size * size, "{size}");
        // The finder pattern in the top-left corner: a dark 7×7 ring.
        assert!(dark[0] && dark[6] && dark[6 * size] && !dark[size + 1]);
        assert_eq!(items[5].visible_text(), "Koodi: 123");
    }

    #[test]
    fn bad_codes_are_refused() {
        let item = |t: &str| parse(t).into_values().next().unwrap().items.remove(0);
        let entry = item(
            "[a]\nstyle = \"phone\"\nitems = [{ code_entry = { label = \"K\", digits = 0 } }]",
        );
        assert!(entry.problem().is_some());
        let entry = item(
            "[a]\nstyle = \"phone\"\nitems = [{ code_entry = { label = \"K\", digits = 4, value = \"12a\" } }]",
        );
        assert!(entry.problem().is_some());
        let long = format!(
            "[a]\nstyle = \"phone\"\nitems = [{{ qr = {{ data = \"{}\", label = \"Q\" }} }}]",
            "x".repeat(400)
        );
        assert!(item(&long).problem().is_some());
    }
}
