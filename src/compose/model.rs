//! The document model: what a guide says, independent of HTML or PDF.
//!
//! Every renderer reads this model and nothing else, so a sentence can never
//! differ between the HTML page and the PDF.

use serde::Serialize;

/// One finished guide for one municipality in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Municipality slug, e.g. `kokkola`.
    pub slug: String,
    /// BCP 47 language tag of the text, e.g. `fi`.
    pub lang: String,
    /// The id of the guide this document is, e.g. `kayttajatunnusmuutos`.
    pub guide: String,
    /// The issuing body as printed above the title, e.g. "Kokkolan kaupunki".
    pub issuer: String,
    /// The municipality's name in the nominative, for metadata.
    pub municipality_name: String,
    pub title: String,
    pub subtitle: String,
    /// The running header: document label and service name; `None` prints the date only.
    pub header_label: Option<String>,
    /// The guide's date as written in the text, e.g. "14.12.2018".
    pub date_text: String,
    /// The guide's date as ISO 8601, e.g. "2018-12-14".
    pub date_iso: String,
    /// File name of the guide's PDF, e.g. "pori-kayttajatunnusmuutos.pdf".
    pub pdf_file: String,
    /// Texts that the renderers print around the content (figure labels and the like).
    pub strings: UiStrings,
    /// Where the PDF may break this document's words.
    pub hyphenation: Hyphenation,
    pub blocks: Vec<Block>,
}

/// What the PDF's hyphenation needs besides the language's patterns.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Hyphenation {
    /// Words of the municipality's own data (names, title, issuer): neither they nor a
    /// word that begins with one ("Kokkolan", "Sundqvistiin") is hyphenated.
    pub keep_whole: Vec<String>,
    /// The language's exceptions (`content/languages/<lang>.hyphenation.txt`).
    pub exceptions: Vec<HyphenException>,
}

/// A word whose break points are given, not found by the patterns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HyphenException {
    /// The word's letters in lower case, without hyphens, e.g. "sähköpostiosoit".
    pub letters: String,
    /// The allowed break points, as numbers of letters before each, ascending.
    pub points: Vec<usize>,
    /// Whether the entry also covers every word that begins with it (an inflected
    /// form); the patterns then hyphenate what follows the last listed point.
    pub prefix: bool,
}

impl HyphenException {
    /// A letter as entries and words are compared: in lower case, one letter for one.
    pub fn fold(c: char) -> char {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Words the renderers need that are not part of the guide's prose.
#[derive(Debug, Clone, Serialize, serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UiStrings {
    /// Prefix of a figure number, e.g. "Kuva".
    pub figure: String,
    /// Heading of the placeholder box of a missing screenshot.
    pub placeholder_title: String,
    /// Sentence before the path where a screenshot should be dropped.
    pub placeholder_hint: String,
    /// Accessible name of the contact block.
    pub contact: String,
    /// Label of the PDF link on the HTML page.
    pub pdf_link: String,
    /// The language's own name as a link to its version, e.g. "På svenska".
    pub language_name: String,
}

/// A block-level element of the guide.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    /// A highlighted remark, such as a "Huom!" note.
    Note {
        blocks: Vec<Block>,
    },
    /// How to reach help: lines of name, title, phone and e-mail.
    Contact {
        blocks: Vec<Block>,
    },
    Figure(Figure),
}

impl Block {
    /// Calls `f` on every figure of `blocks` in reading order, also those inside lists,
    /// notes and contacts: the one walk over a document's figures.
    pub fn each_figure<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Figure)) {
        for block in blocks {
            match block {
                Block::Figure(figure) => f(figure),
                Block::List { items, .. } => {
                    items.iter().for_each(|item| Block::each_figure(item, f))
                }
                Block::Note { blocks } | Block::Contact { blocks } => Block::each_figure(blocks, f),
                Block::Heading { .. } | Block::Paragraph { .. } => {}
            }
        }
    }
}

/// Inline text with its formatting.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text { text: String },
    Strong { content: Vec<Inline> },
    Emphasis { content: Vec<Inline> },
    Code { text: String },
    Link { url: String, content: Vec<Inline> },
    LineBreak,
}

impl Inline {
    /// Plain text of a run of inlines, as a reader would read it aloud.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::Strong { content }
                | Inline::Emphasis { content }
                | Inline::Link { content, .. } => out.push_str(&Self::plain_text(content)),
                Inline::LineBreak => out.push(' '),
            }
        }
        out
    }
}

/// A numbered figure: a screenshot, a drawn mock-up of the screen, or a placeholder.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figure {
    /// Figure id, also the screenshot's file stem, e.g. `username`.
    pub id: String,
    /// 1-based figure number in the guide.
    pub number: usize,
    pub caption: String,
    /// The alternative text of the picture, decided once for every renderer.
    pub alt: String,
    pub content: FigureContent,
}

/// What a figure shows, in the order of preference.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FigureContent {
    /// The municipality's own screenshot.
    Screenshot {
        /// Path of the file relative to the project root.
        source: String,
        /// File name of the copy written beside the guide.
        file_name: String,
        /// Size in pixels.
        width: u32,
        height: u32,
        /// The processed picture (PNG or JPEG), as written beside the page.
        #[serde(skip)]
        bytes: std::sync::Arc<[u8]>,
    },
    /// A drawing of the screen from its declarative description.
    Mockup(Screen),
    /// A labelled box naming the file to drop a screenshot into.
    Placeholder { expected_path: String },
}

/// A declarative description of a screen of the e-service, drawn as a mock-up.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Screen {
    pub style: ScreenStyle,
    pub items: Vec<ScreenItem>,
}

impl Screen {
    /// A page's header and body: the header is the run of items a top bar holds (title,
    /// user, menu, button, link) before the first other item; the rest is the page below it.
    pub fn page_parts(&self) -> (&[ScreenItem], &[ScreenItem]) {
        let split = self
            .items
            .iter()
            .position(|item| !item.fits_a_bar())
            .unwrap_or(self.items.len());
        self.items.split_at(split)
    }
}

impl ScreenItem {
    /// Whether a top bar draws the item as itself (the others as plain text).
    pub fn fits_a_bar(&self) -> bool {
        matches!(
            self,
            ScreenItem::Title { .. }
                | ScreenItem::User { .. }
                | ScreenItem::Menu { .. }
                | ScreenItem::Button { .. }
                | ScreenItem::Link { .. }
        )
    }
}

/// What kind of window a screen is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenStyle {
    /// The login dialog of the service.
    Dialog,
    /// An e-mail message.
    Email,
    /// The service's top bar.
    Bar,
    /// A page of the service with its own header.
    Page,
    /// An app on a phone, drawn in a phone's frame.
    Phone,
}

/// One visible element of a screen, in reading order.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScreenItem {
    Title {
        text: String,
    },
    Breadcrumb {
        parts: Vec<String>,
    },
    Notice {
        text: Vec<Inline>,
    },
    Text {
        text: Vec<Inline>,
    },
    Message {
        text: Vec<Inline>,
    },
    /// An error the service shows, in red.
    Error {
        text: Vec<Inline>,
    },
    Field {
        label: String,
        value: Option<String>,
        secret: bool,
    },
    Checkbox {
        label: String,
    },
    Button {
        label: String,
    },
    Link {
        label: String,
    },
    /// An e-mail header line: sender, subject or date.
    Header {
        name: String,
        value: String,
    },
    /// A signed-in user's name in the top bar.
    User {
        text: String,
    },
    /// A drop-down menu such as the language switch.
    Menu {
        label: String,
    },
    /// A QR code the screen shows: `size`×`size` modules, row by row, dark ones true.
    Qr {
        /// What the code says, for the alternative text.
        label: String,
        /// The encoded text (a made-up example, never a real secret).
        data: String,
        size: usize,
        dark: Vec<bool>,
    },
    /// A code typed into one box per digit.
    CodeEntry {
        label: String,
        digits: u8,
        /// The digits shown typed in, if any.
        value: String,
    },
    /// A list of codes, such as backup codes, in a monospace face.
    Codes {
        codes: Vec<String>,
    },
}

impl ScreenItem {
    /// The visible text of the element, used as alternative text.
    pub fn visible_text(&self) -> String {
        match self {
            ScreenItem::Title { text } | ScreenItem::User { text } => text.clone(),
            ScreenItem::Breadcrumb { parts } => parts.join(" › "),
            ScreenItem::Notice { text }
            | ScreenItem::Text { text }
            | ScreenItem::Message { text }
            | ScreenItem::Error { text } => Inline::plain_text(text),
            ScreenItem::Field {
                label,
                value,
                secret,
            } => match (value, secret) {
                (Some(v), false) => format!("{label}: {v}"),
                _ => label.clone(),
            },
            ScreenItem::Checkbox { label }
            | ScreenItem::Button { label }
            | ScreenItem::Link { label }
            | ScreenItem::Menu { label } => label.clone(),
            ScreenItem::Header { name, value } => format!("{name}: {value}"),
            ScreenItem::Qr { label, .. } => label.clone(),
            ScreenItem::CodeEntry { label, value, .. } if value.is_empty() => label.clone(),
            ScreenItem::CodeEntry { label, value, .. } => format!("{label}: {value}"),
            ScreenItem::Codes { codes } => codes.join(", "),
        }
    }
}
