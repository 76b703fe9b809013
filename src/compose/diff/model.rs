//! The change report: what `opas diff` found, for the renderers of `render::diff`.

use serde::Serialize;

/// One guide in one language of one municipality.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub municipality: String,
    pub guide: String,
    pub lang: String,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} ({})", self.municipality, self.guide, self.lang)
    }
}

/// A guide the report names: its key and its title.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Named {
    #[serde(flatten)]
    pub key: Key,
    pub title: String,
}

/// A run of changed words with a few words of context on either side.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Hunk {
    pub before: Vec<String>,
    pub removed: Vec<String>,
    pub added: Vec<String>,
    pub after: Vec<String>,
}

/// A changed page of a PDF: its number, its changed regions and its pictures (PNG).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub page: usize,
    pub regions: Vec<Rect>,
    #[serde(skip)]
    pub old: Option<Picture>,
    #[serde(skip)]
    pub new: Option<Picture>,
}

/// A rectangle of a page picture, in pixels.
#[derive(Debug, Clone, Serialize)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// A page picture as PNG bytes.
#[derive(Debug, Clone)]
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What changed in one guide, layer by layer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Layers {
    /// The page (HTML) was rewritten.
    pub html: bool,
    /// The PDF was rewritten.
    pub pdf: bool,
    /// Shared files the page uses that changed (the theme's stylesheet, fonts).
    pub shared: Vec<String>,
    pub words: Vec<Hunk>,
    pub structure: Vec<String>,
    pub pages: Vec<Page>,
    /// What could not be compared, and why.
    pub notes: Vec<String>,
}

/// What makes two changes the same: the words removed and added (not their context),
/// the structure, the files rewritten and the notes; not the page pictures, which differ
/// by the municipality's name even for the same change.
#[derive(Serialize)]
pub struct Signature<'a> {
    html: bool,
    pdf: bool,
    shared: &'a [String],
    words: Vec<(&'a [String], &'a [String])>,
    structure: &'a [String],
    notes: &'a [String],
}

impl Layers {
    /// The signature of this change (see [`Signature`]).
    pub fn signature(&self) -> Signature<'_> {
        Signature {
            html: self.html,
            pdf: self.pdf,
            shared: &self.shared,
            words: self
                .words
                .iter()
                .map(|h| (&h.removed[..], &h.added[..]))
                .collect(),
            structure: &self.structure,
            notes: &self.notes,
        }
    }
}

/// Changes that are the same in several guides: one example shown in full.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub guides: Vec<Named>,
    /// The first of `guides`, whose page pictures `layers` shows.
    pub example: Named,
    pub layers: Layers,
}

/// A shared file of the output (under `assets/`) added, removed or changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SharedFile {
    pub path: String,
    pub status: Status,
}

/// How a file or guide differs between the two builds.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
}

/// Everything `opas diff` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The old and the new build, as the user named them.
    pub old: String,
    pub new: String,
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub unchanged: usize,
    pub shared: Vec<SharedFile>,
    pub groups: Vec<Group>,
}

impl Report {
    /// Whether anything differs.
    pub fn changed(&self) -> bool {
        !(self.added.is_empty()
            && self.removed.is_empty()
            && self.shared.is_empty()
            && self.groups.is_empty())
    }

    /// How many guides changed, over all groups.
    pub fn changed_guides(&self) -> usize {
        self.groups.iter().map(|g| g.guides.len()).sum()
    }
}
