//! Layout: the document's blocks measured, broken into lines and paginated into pages of items.

pub mod elements;
pub mod guard;
pub mod hyphenate;
pub mod items;
pub mod look;
pub mod reading;
pub mod screen;
pub mod text;

use crate::compose::model::{Block, Document, Figure, FigureContent, Inline};
use crate::render::pdf::font::{Fonts, Style};
use crate::render::pdf::layout::items::{
    Color, Item, Layout, Origin, OutlineEntry, Page, Placed, Reading, Stroke, TitlePart,
};
use crate::render::pdf::layout::look::*;
use elements::{Element, ElementId, Numbering, Role};
use hyphenate::Rules;
use std::cell::{Cell, RefCell};
use text::{Base, Span};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// The running text's width: at 10.5 pt about 65 characters a line on average, at most
/// about 75 (170 mm held 91–101).
const MEASURE_MM: f32 = 125.0;

/// Page size and the areas on it, in points from the top-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    /// Width of the running text, from `left`: narrower than the page's body, so that a
    /// line holds 60–80 characters; figures, headings and the title use the full body.
    pub measure: f32,
    pub header_baseline: f32,
    pub header_rule: f32,
    pub body_top: f32,
    pub body_bottom: f32,
    pub footer_baseline: f32,
}

impl Geometry {
    /// A4 with 20 mm side and bottom margins, text in a 125 mm column beside an empty
    /// outer margin; the running header sits in the top margin.
    pub fn a4() -> Geometry {
        let (width, height) = (210.0 * MM, 297.0 * MM);
        Geometry {
            width,
            height,
            left: 20.0 * MM,
            right: width - 20.0 * MM,
            measure: MEASURE_MM * MM,
            header_baseline: 13.0 * MM,
            header_rule: 15.0 * MM,
            body_top: 22.0 * MM,
            body_bottom: height - 20.0 * MM,
            footer_baseline: height - 12.0 * MM,
        }
    }

    fn body_width(&self) -> f32 {
        self.right - self.left
    }
}

/// A vertical piece that pagination never splits: a line of text, a figure, a padding strip.
#[derive(Debug, Clone)]
struct Unit {
    height: f32,
    /// Gap above, dropped at the top of a page.
    space_before: f32,
    /// Items with y relative to the unit's top and x absolute on the page.
    items: Vec<Placed>,
    /// Must land on the same page as the next unit.
    keep_with_next: bool,
    bookmark: Option<String>,
}

impl Unit {
    fn new(height: f32, items: Vec<Placed>) -> Unit {
        Unit {
            height,
            space_before: 0.0,
            items,
            keep_with_next: false,
            bookmark: None,
        }
    }
}

/// Where laid-out items belong: the block they come from, and the structure element whose
/// content they are (`None` for decoration).
#[derive(Debug, Clone)]
struct At {
    origin: Origin,
    element: Option<ElementId>,
}

impl At {
    fn decoration(origin: &Origin) -> At {
        At {
            origin: origin.clone(),
            element: None,
        }
    }

    fn placed(&self, item: Item) -> Placed {
        Placed {
            item,
            origin: self.origin.clone(),
            element: self.element,
            link: None,
        }
    }
}

fn placed(items: Vec<Item>, at: &At) -> Vec<Placed> {
    items.into_iter().map(|item| at.placed(item)).collect()
}

/// Lays the whole document out on pages of `geometry`, hyphenated in its language with
/// its own rules.
pub fn layout(doc: &Document, fonts: &Fonts, geometry: Geometry) -> Layout {
    let elements = RefCell::new(vec![Element::document()]);
    let links = Cell::new(0);
    let too_tall = RefCell::new(Vec::new());
    let flow = Flow {
        fonts,
        doc,
        elements: &elements,
        links: &links,
        too_tall: &too_tall,
        rules: Rules::new(&doc.lang, &doc.hyphenation),
        // Room for a figure on an empty page, its caption included.
        max_figure_height: geometry.body_bottom - geometry.body_top - 4.0 * SMALL_LEADING - 5.0,
        wide: (geometry.body_width() - geometry.measure).max(0.0),
    };
    let mut units = flow.title_block(geometry.left, geometry.body_width());
    let body = flow.blocks(&doc.blocks, &[], 0, geometry.left, geometry.measure);
    if let Some(first) = body.first().map(|u| u.space_before) {
        let mut body = body;
        if let Some(u) = body.first_mut() {
            u.space_before = first.max(14.0);
        }
        units.extend(body);
    }
    let (mut pages, outline) = paginate(units, &geometry);
    furniture(&mut pages, doc, fonts, &geometry);
    Layout {
        width: geometry.width,
        height: geometry.height,
        pages,
        outline,
        elements: elements.into_inner(),
        too_tall: too_tall.into_inner(),
    }
}

#[derive(Clone, Copy)]
struct Flow<'a> {
    fonts: &'a Fonts,
    doc: &'a Document,
    /// The structure elements made so far, in the order of the content.
    elements: &'a RefCell<Vec<Element>>,
    /// How many link areas have been set so far.
    links: &'a Cell<u32>,
    /// The figures found too tall for a page so far.
    too_tall: &'a RefCell<Vec<String>>,
    /// How the document's running text is hyphenated.
    rules: Rules<'a>,
    max_figure_height: f32,
    /// How much wider than the running text figures and headings are; none inside a box.
    wide: f32,
}

/// Text set as units, one per line.
struct TextSpec {
    size: f32,
    leading: f32,
    hyphenate: bool,
}

const BODY_TEXT: TextSpec = TextSpec {
    size: BODY,
    leading: BODY_LEADING,
    hyphenate: true,
};

impl Flow<'_> {
    fn lines(&self, spans: &[Span], x: f32, width: f32, spec: &TextSpec, at: &At) -> Vec<Unit> {
        let set = text::set(
            spans,
            self.fonts,
            spec.size,
            spec.leading,
            width,
            spec.hyphenate.then_some(&self.rules),
        );
        set.lines
            .into_iter()
            .map(|line| {
                // A hyphenated word is not split across pages: its line keeps with the next.
                let hyphenated = line.iter().rev().find_map(|(i, _)| match i {
                    Item::Text { text, .. } => {
                        Some(text.ends_with(crate::render::pdf::font::SOFT_HYPHEN))
                    }
                    _ => None,
                });
                let items = self.linked(line, x, at);
                let mut unit = Unit::new(set.line_height, items);
                unit.keep_with_next = hyphenated == Some(true);
                unit
            })
            .collect()
    }

    /// A set line's items at `at`, each link area numbered through the document and its
    /// text, underline and clickable area given that number.
    fn linked(&self, line: Vec<text::LineItem>, x: f32, at: &At) -> Vec<Placed> {
        let base = self.links.get();
        let mut areas: Vec<usize> = Vec::new();
        for (k, (item, _)) in line.iter().enumerate() {
            if matches!(item, Item::Link { .. }) {
                areas.push(k);
            }
        }
        self.links.set(base + areas.len() as u32);
        line.into_iter()
            .map(|(item, link)| Placed {
                link: link
                    .and_then(|k| areas.iter().position(|&a| a == k))
                    .map(|rank| base + rank as u32),
                ..at.placed(item.shifted(x, 0.0))
            })
            .collect()
    }

    /// A new structure element under `parent`.
    fn element(&self, role: Role, parent: ElementId, origin: Option<Origin>) -> ElementId {
        let mut all = self.elements.borrow_mut();
        all.push(Element {
            role,
            parent: Some(parent),
            alt: None,
            numbering: None,
            origin,
        });
        all.len() - 1
    }

    /// The items of `origin` as the content of a new element under `parent`.
    fn content(&self, role: Role, parent: ElementId, origin: Origin) -> At {
        let element = self.element(role, parent, Some(origin.clone()));
        At {
            origin,
            element: Some(element),
        }
    }

    fn title_block(&self, x: f32, width: f32) -> Vec<Unit> {
        let doc = self.doc;
        let mut units = self.lines(
            &[Span::new(doc.issuer.as_str(), Style::Semibold, ACCENT)],
            x,
            width,
            &TextSpec {
                size: 11.0,
                leading: 16.0,
                hyphenate: false,
            },
            &self.content(Role::P, 0, Origin::Title(TitlePart::Issuer)),
        );
        let mut title = self.lines(
            &[Span::new(doc.title.as_str(), Style::Bold, INK)],
            x,
            width,
            &TextSpec {
                size: 19.0,
                leading: 24.0,
                hyphenate: true,
            },
            &self.content(Role::H(1), 0, Origin::Title(TitlePart::Title)),
        );
        if let Some(u) = title.first_mut() {
            u.space_before = 4.0;
        }
        units.extend(title);
        let mut subtitle = self.lines(
            &[Span::new(doc.subtitle.as_str(), Style::Regular, MUTED)],
            x,
            width,
            &TextSpec {
                size: 13.0,
                leading: 18.0,
                hyphenate: true,
            },
            &self.content(Role::P, 0, Origin::Title(TitlePart::Subtitle)),
        );
        if let Some(u) = subtitle.first_mut() {
            u.space_before = 4.0;
        }
        units.extend(subtitle);
        let n = units.len();
        for u in units.iter_mut().take(n.saturating_sub(1)) {
            u.keep_with_next = true;
        }
        units
    }

    /// Units of `blocks` set at `x` into `width`; `path` locates the container, whose
    /// structure element is `parent`.
    fn blocks(
        &self,
        blocks: &[Block],
        path: &[usize],
        parent: ElementId,
        x: f32,
        width: f32,
    ) -> Vec<Unit> {
        let mut out: Vec<Unit> = Vec::new();
        let mut gap_after: f32 = 0.0;
        for (i, block) in blocks.iter().enumerate() {
            let mut p = path.to_vec();
            p.push(i);
            let origin = Origin::Block(p.clone());
            let (before, after, mut units) = match block {
                Block::Heading { level, content, .. } => {
                    let at = self.content(Role::H((*level).clamp(2, 6)), parent, origin);
                    self.heading(*level, content, x, width + self.wide, &at)
                }
                Block::Paragraph { content } => {
                    let spans = text::spans(content, body_base());
                    let at = self.content(Role::P, parent, origin);
                    let mut units = self.lines(&spans, x, width, &BODY_TEXT, &at);
                    avoid_widows(&mut units);
                    if let Some(last) = units.last_mut() {
                        // A paragraph that introduces a figure stays with it, also across
                        // a note placed between them.
                        last.keep_with_next = match blocks.get(i + 1) {
                            Some(Block::Figure(_)) => true,
                            Some(Block::Note { .. }) => {
                                matches!(blocks.get(i + 2), Some(Block::Figure(_)))
                            }
                            _ => false,
                        };
                    }
                    (0.0, 7.0, units)
                }
                Block::List { ordered, items } => {
                    (2.0, 8.0, self.list(*ordered, items, &p, parent, x, width))
                }
                Block::Note { blocks: inner } => {
                    let div = self.element(Role::Div, parent, None);
                    let inner =
                        self.boxed()
                            .blocks(inner, &p, div, x + 4.0 + 9.0, width - 4.0 - 18.0);
                    let mut units = boxed(inner, x, width, NOTE, NOTE_EDGE, 8.0, false, &origin);
                    if let Some(last) = units.last_mut() {
                        // A note about the screen below stays with it.
                        last.keep_with_next |= matches!(blocks.get(i + 1), Some(Block::Figure(_)));
                    }
                    (6.0, 10.0, units)
                }
                Block::Contact { blocks } => {
                    let div = self.element(Role::Div, parent, None);
                    let inner =
                        self.boxed()
                            .compact(blocks, &p, div, x + 4.0 + 12.0, width - 4.0 - 24.0);
                    (
                        12.0,
                        8.0,
                        boxed(inner, x, width, TINT, ACCENT, 10.0, true, &origin),
                    )
                }
                Block::Figure(figure) => (
                    10.0,
                    12.0,
                    vec![self.figure(figure, x, width + self.wide, &origin, parent)],
                ),
            };
            if let Some(first) = units.first_mut() {
                first.space_before = if out.is_empty() {
                    0.0
                } else {
                    before.max(gap_after)
                };
            }
            gap_after = after;
            out.append(&mut units);
        }
        out
    }

    /// The flow inside a box, whose figures and headings keep to the box.
    fn boxed(&self) -> Flow<'_> {
        Flow { wide: 0.0, ..*self }
    }

    /// The contact block's lines sit close together, like the HTML's small paragraph margins.
    fn compact(
        &self,
        blocks: &[Block],
        path: &[usize],
        parent: ElementId,
        x: f32,
        width: f32,
    ) -> Vec<Unit> {
        let mut units = self.blocks(blocks, path, parent, x, width);
        for u in &mut units {
            u.space_before = u.space_before.min(3.0);
        }
        units
    }

    fn heading(
        &self,
        level: u8,
        content: &[Inline],
        x: f32,
        width: f32,
        at: &At,
    ) -> (f32, f32, Vec<Unit>) {
        let (style, spec, before, rule) = if level <= 2 {
            (
                Style::Bold,
                TextSpec {
                    size: 14.0,
                    leading: 19.0,
                    hyphenate: true,
                },
                20.0,
                true,
            )
        } else {
            (
                Style::Semibold,
                TextSpec {
                    size: 11.5,
                    leading: 16.0,
                    hyphenate: true,
                },
                12.0,
                false,
            )
        };
        let spans = text::spans(
            content,
            Base {
                style,
                color: INK,
                link: ACCENT,
            },
        );
        let mut units = self.lines(&spans, x, width, &spec, at);
        if rule && let Some(first) = units.first_mut() {
            // The rule above an h2, like the HTML's border-top, with room below it.
            let pad = 7.0;
            for p in &mut first.items {
                p.item.shift(0.0, pad);
            }
            first.items.insert(
                0,
                at.placed(Item::Line {
                    x1: x,
                    y1: 0.0,
                    x2: x + width,
                    y2: 0.0,
                    stroke: Stroke {
                        color: RULE,
                        width: 0.75,
                        dashed: false,
                    },
                }),
            );
            first.height += pad;
        }
        for u in &mut units {
            u.keep_with_next = true;
        }
        if level <= 2
            && let Some(first) = units.first_mut()
        {
            first.bookmark = Some(Inline::plain_text(content));
        }
        (before, 5.0, units)
    }

    fn list(
        &self,
        ordered: bool,
        items: &[Vec<Block>],
        path: &[usize],
        parent: ElementId,
        x: f32,
        width: f32,
    ) -> Vec<Unit> {
        let indent = 16.0;
        let mut out = Vec::new();
        let list = self.element(Role::L, parent, None);
        self.elements.borrow_mut()[list].numbering = Some(if ordered {
            Numbering::Decimal
        } else {
            Numbering::Disc
        });
        for (k, item) in items.iter().enumerate() {
            let mut p = path.to_vec();
            p.push(k);
            let li = self.element(Role::LI, list, None);
            let label = self.content(Role::Lbl, li, Origin::Block(p.clone()));
            let body = self.element(Role::LBody, li, None);
            let mut units = self.blocks(item, &p, body, x + indent, width - indent);
            let marker = if ordered {
                format!("{}.", k + 1)
            } else {
                "•".to_string()
            };
            if let Some(first) = units.first_mut() {
                let baseline = first
                    .items
                    .iter()
                    .find_map(|p| match p.item {
                        Item::Text { y, .. } => Some(y),
                        _ => None,
                    })
                    .unwrap_or_else(|| text::baseline(BODY, BODY_LEADING));
                let face = self.fonts.face(Style::Regular);
                let w = face.width(&marker, BODY);
                first.items.push(label.placed(Item::Text {
                    x: x + indent - 5.0 - w,
                    y: baseline,
                    text: marker,
                    style: Style::Regular,
                    size: BODY,
                    color: INK,
                    width: w,
                    reading: Reading::default(),
                }));
                first.space_before = if k == 0 { 0.0 } else { 3.0 };
            }
            out.extend(units);
        }
        out
    }

    fn figure(
        &self,
        figure: &Figure,
        x: f32,
        width: f32,
        origin: &Origin,
        parent: ElementId,
    ) -> Unit {
        let strings = &self.doc.strings;
        let at = self.content(Role::Figure, parent, origin.clone());
        if let Some(id) = at.element {
            self.elements.borrow_mut()[id].alt = Some(figure.alt.clone());
        }
        let caption = match origin {
            Origin::Block(path) => Origin::Caption(path.clone()),
            other => other.clone(),
        };
        let caption = self.content(Role::Caption, parent, caption);
        let (items, height) = match &figure.content {
            FigureContent::Mockup(screen) => screen::draw(screen, self.fonts, width),
            FigureContent::Placeholder { expected_path } => self.placeholder(
                &strings.placeholder_title,
                &format!("{} {expected_path}", strings.placeholder_hint),
                width,
            ),
            FigureContent::Screenshot {
                width: w,
                height: h,
                file_name,
                ..
            } => {
                if *w > 0 && *h > 0 {
                    self.screenshot(&figure.id, *w, *h, width)
                } else {
                    // Without the picture its alternative text stands in, in a box naming the file.
                    self.placeholder(&figure.alt, file_name, width)
                }
            }
        };
        if height > self.max_figure_height + 0.5 {
            self.too_tall.borrow_mut().push(figure.id.clone());
        }
        let mut placed_items = placed(items, &at);
        let mut items = Vec::new();
        let mut y = height + 5.0;
        let spans = [
            Span::new(
                format!("{} {}.", strings.figure, figure.number),
                Style::Semibold,
                INK,
            ),
            Span::new(format!(" {}", figure.caption), Style::Regular, MUTED),
        ];
        // The caption keeps to the running text's measure.
        let measure = width - self.wide;
        let set = text::set(
            &spans,
            self.fonts,
            SMALL,
            SMALL_LEADING,
            measure,
            Some(&self.rules),
        );
        for line in set.lines {
            items.extend(line.into_iter().map(|(i, _)| i.shifted(0.0, y)));
            y += SMALL_LEADING;
        }
        placed_items.extend(placed(items, &caption));
        for p in &mut placed_items {
            p.item.shift(x, 0.0);
        }
        Unit::new(y, placed_items)
    }

    /// A screenshot at its size at 96 dpi, never larger, scaled down to the text width and to
    /// what fits on a page, centred.
    fn screenshot(&self, key: &str, px_w: u32, px_h: u32, width: f32) -> (Vec<Item>, f32) {
        let (px_w, px_h) = (px_w as f32, px_h as f32);
        let natural = px_w * 72.0 / 96.0;
        let mut w = natural.min(width);
        let mut h = w * px_h / px_w;
        if h > self.max_figure_height {
            h = self.max_figure_height;
            w = h * px_w / px_h;
        }
        let item = Item::Image {
            x: (width - w) / 2.0,
            y: 0.0,
            w,
            h,
            key: key.to_string(),
        };
        (vec![item], h)
    }

    fn placeholder(&self, title: &str, hint: &str, width: f32) -> (Vec<Item>, f32) {
        let pad = 14.0;
        let inner = width - 2.0 * pad;
        let mut items = vec![Item::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: 0.0,
            fill: Some(TINT),
            stroke: Some(Stroke {
                color: INPUT_EDGE,
                width: 1.2,
                dashed: true,
            }),
        }];
        let mut y = pad;
        for (spans, hyphenate) in [
            (vec![Span::new(title, Style::Bold, INK)], true),
            (vec![Span::new(hint, Style::Regular, INK)], false),
        ] {
            let hyphenate = hyphenate.then_some(&self.rules);
            let set = text::set(&spans, self.fonts, BODY, BODY_LEADING, inner, hyphenate);
            for line in set.lines {
                // Centred, as in the HTML placeholder.
                let w = line.iter().map(|(i, _)| i.x_extent().1).fold(0.0, f32::max);
                let dx = pad + (inner - w).max(0.0) / 2.0;
                items.extend(line.into_iter().map(|(i, _)| i.shifted(dx, y)));
                y += BODY_LEADING;
            }
            y += 4.0;
        }
        let height = y - 4.0 + pad;
        if let Some(Item::Rect { h, .. }) = items.first_mut() {
            *h = height;
        }
        (items, height)
    }
}

fn body_base() -> Base {
    Base {
        style: Style::Regular,
        color: INK,
        link: ACCENT,
    }
}

/// Keeps the first two and the last two lines of a paragraph together.
fn avoid_widows(units: &mut [Unit]) {
    let n = units.len();
    if n >= 2 {
        units[0].keep_with_next = true;
        units[n - 2].keep_with_next = true;
    }
}

/// Wraps `inner` units in a tinted box with a coloured left edge.
///
/// Every unit gets its own slice of the background, so a box that breaks
/// across pages stays tinted on both.
#[allow(clippy::too_many_arguments)]
fn boxed(
    mut inner: Vec<Unit>,
    x: f32,
    width: f32,
    fill: Color,
    edge: Color,
    pad: f32,
    together: bool,
    origin: &Origin,
) -> Vec<Unit> {
    let at = At::decoration(origin);
    let n = inner.len();
    for (i, u) in inner.iter_mut().enumerate() {
        let mut top = if i == 0 { pad } else { u.space_before };
        if i == 0 {
            top += 0.0;
        }
        for p in &mut u.items {
            p.item.shift(0.0, top);
        }
        u.height += top;
        u.space_before = 0.0;
        if i + 1 == n {
            u.height += pad;
        }
        let mut slices = vec![
            at.placed(Item::Rect {
                x,
                y: 0.0,
                w: width,
                h: u.height,
                fill: Some(fill),
                stroke: None,
            }),
            at.placed(Item::Rect {
                x,
                y: 0.0,
                w: 4.0,
                h: u.height,
                fill: Some(edge),
                stroke: None,
            }),
        ];
        slices.append(&mut u.items);
        u.items = slices;
        if together && i + 1 < n {
            u.keep_with_next = true;
        }
    }
    inner
}

/// Places units on pages, honouring keep-with-next; returns the pages and the outline.
fn paginate(mut units: Vec<Unit>, g: &Geometry) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut pages = vec![Page::default()];
    let mut outline = Vec::new();
    let mut y = g.body_top;
    let body = g.body_bottom - g.body_top;
    for i in 0..units.len() {
        let at_top = y <= g.body_top;
        let space = if at_top { 0.0 } else { units[i].space_before };
        // The chain of units that must share this unit's page.
        let mut need = space + units[i].height;
        let mut j = i;
        while units[j].keep_with_next && j + 1 < units.len() {
            j += 1;
            need += units[j].space_before + units[j].height;
        }
        let chain_fits_a_page = need - space <= body;
        let overflows = y + need > g.body_bottom;
        let unit_overflows = y + space + units[i].height > g.body_bottom;
        let y_top = if !at_top && ((overflows && chain_fits_a_page) || unit_overflows) {
            pages.push(Page::default());
            g.body_top
        } else {
            y + space
        };
        let unit = &mut units[i];
        let page_index = pages.len() - 1;
        if let Some(title) = unit.bookmark.take() {
            outline.push(OutlineEntry {
                title,
                page: page_index,
                y: y_top,
            });
        }
        if let Some(page) = pages.last_mut() {
            // Each unit is placed once: its items move onto the page.
            page.items
                .extend(std::mem::take(&mut unit.items).into_iter().map(|mut p| {
                    p.item.shift(0.0, y_top);
                    p
                }));
        }
        y = y_top + unit.height;
    }
    (pages, outline)
}

/// Running header, rule and page number on every page.
fn furniture(pages: &mut [Page], doc: &Document, fonts: &Fonts, g: &Geometry) {
    let total = pages.len();
    let face = fonts.face(Style::Regular);
    let date_w = face.width(&doc.date_text, SMALL);
    for (n, page) in pages.iter_mut().enumerate() {
        let mut items = vec![Item::Text {
            x: g.right - date_w,
            y: g.header_baseline,
            text: doc.date_text.clone(),
            style: Style::Regular,
            size: SMALL,
            color: MUTED,
            width: date_w,
            reading: Reading::default(),
        }];
        if let Some(label) = &doc.header_label {
            let room = g.body_width() - date_w - 12.0;
            let shown = text::fit(face, label, SMALL, room);
            items.push(Item::Text {
                x: g.left,
                y: g.header_baseline,
                width: face.width(&shown, SMALL),
                text: shown,
                style: Style::Regular,
                size: SMALL,
                color: MUTED,
                reading: Reading::default(),
            });
        }
        items.push(Item::Line {
            x1: g.left,
            y1: g.header_rule,
            x2: g.right,
            y2: g.header_rule,
            stroke: Stroke {
                color: ACCENT,
                width: 1.0,
                dashed: false,
            },
        });
        let number = format!("{} / {}", n + 1, total);
        let w = face.width(&number, SMALL);
        items.push(Item::Text {
            x: g.left + (g.body_width() - w) / 2.0,
            y: g.footer_baseline,
            text: number,
            style: Style::Regular,
            size: SMALL,
            color: MUTED,
            width: w,
            reading: Reading::default(),
        });
        let mut furniture = placed(items, &At::decoration(&Origin::Artifact));
        furniture.append(&mut page.items);
        page.items = furniture;
    }
}
