//! Positioned drawing items: what the layout produces and the writer serialises.
//!
//! Coordinates are points from the page's top-left corner, so that layout code
//! reads top to bottom; the writer flips them into PDF space.

use crate::render::pdf::font::Style;
pub use crate::render::pdf::layout::elements::{Element, ElementId, Origin, TitlePart};

/// An sRGB colour, each channel 0–255.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

/// A stroke's look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f32,
    pub dashed: bool,
}

/// How the ends of a text run read where they are not the glyphs drawn: at a line
/// broken inside a word or after a hard hyphen. Text extraction takes a hyphen at a line
/// end for a hyphenation and drops it; these say what the text really is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// What the run's last glyph, a hyphen of the text at the line end, reads as: the
    /// hyphen and the rest of its word from the next line ("-postadress."), or the hyphen
    /// and the space the line broke at ("- ").
    pub hyphen: Option<String>,
    /// Bytes at the start of the run that read as nothing: the rest of a word whose
    /// hyphen on the line before already read it.
    pub skip: usize,
}

/// One drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text in one face; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
        size: f32,
        color: Color,
        width: f32,
        /// Where its ends read otherwise than drawn; mostly the default.
        reading: Reading,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    /// A picture drawn into `w`×`h` points: the screenshot of figure `key`.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        key: String,
    },
    /// A clickable area pointing at `url`.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        url: String,
    },
}

impl Item {
    /// The item moved down by `dy` and right by `dx`.
    pub fn shifted(mut self, dx: f32, dy: f32) -> Item {
        self.shift(dx, dy);
        self
    }

    /// Moves the item down by `dy` and right by `dx`.
    pub fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text { x, y, .. }
            | Item::Rect { x, y, .. }
            | Item::Image { x, y, .. }
            | Item::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
    }

    /// Leftmost and rightmost x the item touches.
    pub fn x_extent(&self) -> (f32, f32) {
        match self {
            Item::Text { x, width, .. } => (*x, x + width),
            Item::Rect { x, w, .. } | Item::Image { x, w, .. } | Item::Link { x, w, .. } => {
                (*x, x + w)
            }
            Item::Line { x1, x2, .. } => (x1.min(*x2), x1.max(*x2)),
        }
    }

    /// Topmost and bottommost y the item touches (text: roughly its glyph box).
    pub fn y_extent(&self) -> (f32, f32) {
        match self {
            Item::Text { y, size, .. } => (y - size * 0.8, y + size * 0.25),
            Item::Rect { y, h, .. } | Item::Image { y, h, .. } | Item::Link { y, h, .. } => {
                (*y, y + h)
            }
            Item::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
        }
    }
}

/// An item with the block it belongs to and the structure element it is content of.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub item: Item,
    pub origin: Origin,
    /// The element whose content the item is; `None` for page furniture and decoration.
    pub element: Option<ElementId>,
    /// The link area the item belongs to, numbered through the document: a link's text,
    /// its underline and its clickable area share the number.
    pub link: Option<u32>,
}

/// One page of positioned items, in drawing order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Placed>,
}

/// A bookmark: heading text and where it lands.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Distance of the heading's top from the page's top, in points.
    pub y: f32,
}

/// The laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// The structure elements, parents before their children; 0 is the `Document`.
    pub elements: Vec<Element>,
    /// The figures (by id) too tall for a page: the PDF would cut them off.
    pub too_tall: Vec<String>,
}
