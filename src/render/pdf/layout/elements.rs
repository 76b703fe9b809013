//! The structure elements of a laid-out document, made by the layout as it places their
//! content: each placed item names the element it belongs to, so that tagging reads the
//! structure instead of reconstructing it.

/// Where an item came from in the document: the block, for reading the layout back.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Page furniture: running header, rule, page number.
    Artifact,
    /// A line of the title block of page 1.
    Title(TitlePart),
    /// A block of the document: indices from the top-level block down to the nested one.
    /// A path that ends at a list item's index is that item's marker.
    Block(Vec<usize>),
    /// The caption of the figure at this path.
    Caption(Vec<usize>),
}

/// The three parts of the title block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TitlePart {
    Issuer,
    Title,
    Subtitle,
}

/// A standard structure type of ISO 32000-1 (14.8.4) that the guide uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Document,
    /// A heading of this level, 1 to 6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Div,
    Figure,
    Caption,
    Link,
}

impl Role {
    /// The structure type's name as the PDF writes it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Div => "Div",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::Link => "Link",
        }
    }
}

/// How a list numbers its items (the `ListNumbering` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    Decimal,
    Disc,
}

impl Numbering {
    pub fn name(self) -> &'static str {
        match self {
            Numbering::Decimal => "Decimal",
            Numbering::Disc => "Disc",
        }
    }
}

/// The index of an element in [`crate::render::pdf::layout::items::Layout::elements`];
/// element 0 is the `Document`.
pub type ElementId = usize;

/// A structure element as the layout made it.
#[derive(Debug, Clone)]
pub struct Element {
    pub role: Role,
    pub parent: Option<ElementId>,
    /// Alternative text of a figure.
    pub alt: Option<String>,
    /// How a list numbers its items.
    pub numbering: Option<Numbering>,
    /// The block the element stands for, when it stands for one.
    pub origin: Option<Origin>,
}

impl Element {
    /// The `Document` element, the root of every tree.
    pub fn document() -> Element {
        Element {
            role: Role::Document,
            parent: None,
            alt: None,
            numbering: None,
            origin: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_named_by_level_and_deeper_ones_stop_at_six() {
        assert_eq!(Role::H(1).name(), "H1");
        assert_eq!(Role::H(4).name(), "H4");
        assert_eq!(Role::H(9).name(), "H6");
        assert_eq!(Numbering::Decimal.name(), "Decimal");
    }
}
