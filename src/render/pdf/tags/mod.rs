//! The logical structure of a laid-out guide: which marked content each item is and the tree of
//! structure elements it belongs to, for a tagged PDF.

pub mod structure;

use std::collections::BTreeMap;

use crate::compose::model::{Block, Document, Inline};
use crate::render::pdf::layout::items::{Item, Layout, Origin, TitlePart};

/// How an item is marked in the page content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Page furniture and decoration, not part of the structure.
    Artifact,
    /// Marked content with this id (per page) belonging to a structure element.
    Mcid(u32),
    /// A link annotation: the index among the page's annotations.
    Annot(usize),
}

/// One child of a structure element, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kid {
    Node(usize),
    Mcid { page: usize, mcid: u32 },
    Annot { page: usize, index: usize },
}

/// A structure element.
#[derive(Debug, Clone)]
pub struct Node {
    /// Standard structure type, e.g. `P`, `H2`, `Figure`.
    pub role: &'static str,
    pub parent: Option<usize>,
    pub kids: Vec<Kid>,
    /// Alternative text of a figure.
    pub alt: Option<String>,
    /// The block the element stands for, when it stands for one.
    pub origin: Option<Origin>,
    /// `Decimal` for an ordered list, `Disc` for a bulleted one.
    pub numbering: Option<&'static str>,
    /// A figure's bounding box on its page: left, top, right, bottom from the top-left corner.
    pub bbox: Option<[f32; 4]>,
}

impl Node {
    /// The first page any of the element's own content is on.
    pub fn page(&self, nodes: &[Node]) -> Option<usize> {
        self.kids.iter().find_map(|k| match k {
            Kid::Mcid { page, .. } | Kid::Annot { page, .. } => Some(*page),
            Kid::Node(n) => nodes[*n].page(nodes),
        })
    }

    /// Whether the element has any content at all.
    pub fn has_content(&self, nodes: &[Node]) -> bool {
        self.page(nodes).is_some()
    }
}

/// The marks of every item on every page and the structure tree; node 0 is `Document`.
#[derive(Debug, Clone)]
pub struct Tags {
    pub nodes: Vec<Node>,
    /// Per page, per item of the page, in drawing order.
    pub marks: Vec<Vec<Mark>>,
    /// Per page, per MCID: the element the marked content belongs to.
    pub mcid_owner: Vec<Vec<usize>>,
    /// Per page, per annotation: its `Link` element.
    pub annot_owner: Vec<Vec<usize>>,
}

struct Builder {
    nodes: Vec<Node>,
    leaves: BTreeMap<Origin, usize>,
}

impl Builder {
    /// Makes the next link annotation of a page a kid of the Link element `node`; the
    /// annotation's index on its page is its place in `annots`.
    fn annotation(&mut self, node: usize, page: usize, annots: &mut Vec<usize>) -> Mark {
        let index = annots.len();
        annots.push(node);
        self.nodes[node].kids.push(Kid::Annot { page, index });
        Mark::Annot(index)
    }

    fn node(&mut self, role: &'static str, parent: usize, origin: Option<Origin>) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            kids: Vec::new(),
            alt: None,
            origin: origin.clone(),
            numbering: None,
            bbox: None,
        });
        self.nodes[parent].kids.push(Kid::Node(id));
        if let Some(origin) = origin {
            self.leaves.insert(origin, id);
        }
        id
    }

    fn blocks(&mut self, blocks: &[Block], path: &[usize], parent: usize) {
        for (i, block) in blocks.iter().enumerate() {
            let mut p = path.to_vec();
            p.push(i);
            let origin = Some(Origin::Block(p.clone()));
            match block {
                Block::Heading { level, .. } => {
                    let role = match level {
                        0..=2 => "H2",
                        3 => "H3",
                        4 => "H4",
                        5 => "H5",
                        _ => "H6",
                    };
                    self.node(role, parent, origin);
                }
                Block::Paragraph { .. } => {
                    self.node("P", parent, origin);
                }
                Block::List { ordered, items } => {
                    let list = self.node("L", parent, None);
                    self.nodes[list].numbering = Some(if *ordered { "Decimal" } else { "Disc" });
                    for (k, item) in items.iter().enumerate() {
                        let mut q = p.clone();
                        q.push(k);
                        let li = self.node("LI", list, None);
                        self.node("Lbl", li, Some(Origin::Block(q.clone())));
                        let body = self.node("LBody", li, None);
                        self.blocks(item, &q, body);
                    }
                }
                Block::Note { blocks: inner } | Block::Contact { blocks: inner } => {
                    let div = self.node("Div", parent, None);
                    self.blocks(inner, &p, div);
                }
                Block::Figure(figure) => {
                    let id = self.node("Figure", parent, origin);
                    self.nodes[id].alt = Some(figure.alt.clone());
                    self.node("Caption", parent, Some(Origin::Caption(p.clone())));
                }
            }
        }
    }
}

/// Text of a run of inlines, for tests and diagnostics.
pub fn heading_text(block: &Block) -> Option<String> {
    match block {
        Block::Heading { content, .. } => Some(Inline::plain_text(content)),
        _ => None,
    }
}

/// Whether `(x, y)` lies in the rectangle of a link item.
fn inside(link: &Item, x: f32, y: f32) -> bool {
    match link {
        Item::Link {
            x: lx, y: ly, w, h, ..
        } => x >= lx - 0.01 && x <= lx + w + 0.01 && y >= ly - 0.01 && y <= ly + h + 0.01,
        _ => false,
    }
}

/// Tags `layout`, the laid-out `doc`.
pub fn tag(doc: &Document, layout: &Layout) -> Tags {
    let mut b = Builder {
        nodes: vec![Node {
            role: "Document",
            parent: None,
            kids: Vec::new(),
            alt: None,
            origin: None,
            numbering: None,
            bbox: None,
        }],
        leaves: BTreeMap::new(),
    };
    for (part, role) in [
        (TitlePart::Issuer, "P"),
        (TitlePart::Title, "H1"),
        (TitlePart::Subtitle, "P"),
    ] {
        b.node(role, 0, Some(Origin::Title(part)));
    }
    b.blocks(&doc.blocks, &[], 0);

    let mut marks = Vec::new();
    let mut mcid_owner = Vec::new();
    let mut annot_owner = Vec::new();
    for (page_index, page) in layout.pages.iter().enumerate() {
        // Each link annotation gets a Link element, created when its text or itself comes first.
        let links: Vec<usize> = page
            .items
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.item, Item::Link { .. }))
            .map(|(i, _)| i)
            .collect();
        let mut link_node: BTreeMap<usize, usize> = BTreeMap::new();
        let mut page_marks = Vec::new();
        let mut owners: Vec<usize> = Vec::new();
        let mut annots: Vec<usize> = Vec::new();
        let mut last: Option<(usize, u32)> = None;
        for (idx, placed) in page.items.iter().enumerate() {
            let leaf = b.leaves.get(&placed.origin).copied();
            let Some(leaf) = leaf else {
                if !matches!(placed.item, Item::Link { .. }) {
                    page_marks.push(Mark::Artifact);
                    last = None;
                    continue;
                }
                // A link outside the blocks (none is drawn so today) gets a Link of its own.
                let node = b.node("Link", 0, None);
                page_marks.push(b.annotation(node, page_index, &mut annots));
                continue;
            };
            let is_figure = b.nodes[leaf].role == "Figure";
            // Which link area, if any, the item belongs to.
            let link_of = |item: &Item| -> Option<usize> {
                if is_figure {
                    return None;
                }
                let (x0, x1) = item.x_extent();
                let (y0, y1) = match item {
                    Item::Text { y, .. } => (*y, *y),
                    other => other.y_extent(),
                };
                links.iter().copied().find(|&l| {
                    page.items[l].origin == placed.origin
                        && inside(&page.items[l].item, (x0 + x1) / 2.0, (y0 + y1) / 2.0)
                })
            };
            let mut link_element = |b: &mut Builder, l: usize| -> usize {
                *link_node
                    .entry(l)
                    .or_insert_with(|| b.node("Link", leaf, None))
            };
            let owner = match &placed.item {
                Item::Link { .. } => {
                    let node = link_element(&mut b, idx);
                    page_marks.push(b.annotation(node, page_index, &mut annots));
                    continue;
                }
                Item::Text { .. } => match link_of(&placed.item) {
                    Some(l) => link_element(&mut b, l),
                    None => leaf,
                },
                _ if is_figure => leaf,
                other => match link_of(other) {
                    Some(l) => link_element(&mut b, l),
                    None => {
                        page_marks.push(Mark::Artifact);
                        last = None;
                        continue;
                    }
                },
            };
            if is_figure && owner == leaf {
                let (x0, x1) = placed.item.x_extent();
                let (y0, y1) = placed.item.y_extent();
                let bbox = b.nodes[leaf].bbox.get_or_insert([x0, y0, x1, y1]);
                *bbox = [
                    bbox[0].min(x0),
                    bbox[1].min(y0),
                    bbox[2].max(x1),
                    bbox[3].max(y1),
                ];
            }
            let mcid = match last {
                Some((o, m)) if o == owner => m,
                _ => {
                    let m = owners.len() as u32;
                    owners.push(owner);
                    b.nodes[owner].kids.push(Kid::Mcid {
                        page: page_index,
                        mcid: m,
                    });
                    m
                }
            };
            last = Some((owner, mcid));
            page_marks.push(Mark::Mcid(mcid));
        }
        marks.push(page_marks);
        mcid_owner.push(owners);
        annot_owner.push(annots);
    }
    Tags {
        nodes: b.nodes,
        marks,
        mcid_owner,
        annot_owner,
    }
}
