//! The logical structure of a laid-out guide: which marked content each item is and the tree of
//! structure elements it belongs to, for a tagged PDF.

pub mod structure;

use std::collections::BTreeMap;

use crate::render::pdf::layout::elements::{Numbering, Role};
use crate::render::pdf::layout::items::{Item, Layout, Origin};

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
    pub role: Role,
    pub parent: Option<usize>,
    pub kids: Vec<Kid>,
    /// Alternative text of a figure.
    pub alt: Option<String>,
    /// The block the element stands for, when it stands for one.
    pub origin: Option<Origin>,
    /// `Decimal` for an ordered list, `Disc` for a bulleted one.
    pub numbering: Option<Numbering>,
    /// A figure's bounding box on its page: left, top, right, bottom from the top-left corner.
    pub bbox: Option<[f32; 4]>,
}

impl Node {
    /// An element of `role` under `parent`, with no kids yet.
    pub fn new(role: Role, parent: Option<usize>) -> Node {
        Node {
            role,
            parent,
            kids: Vec::new(),
            alt: None,
            origin: None,
            numbering: None,
            bbox: None,
        }
    }

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

    /// A Link element under `parent`, for a link area the layout set.
    fn link(&mut self, parent: usize) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node::new(Role::Link, Some(parent)));
        self.nodes[parent].kids.push(Kid::Node(id));
        id
    }
}

/// Tags `layout`: the elements the layout made, with the marked content of their items.
pub fn tag(layout: &Layout) -> Tags {
    let mut b = Builder {
        nodes: layout
            .elements
            .iter()
            .map(|e| Node {
                alt: e.alt.clone(),
                origin: e.origin.clone(),
                numbering: e.numbering,
                ..Node::new(e.role, e.parent)
            })
            .collect(),
    };
    for (id, element) in layout.elements.iter().enumerate() {
        if let Some(parent) = element.parent {
            b.nodes[parent].kids.push(Kid::Node(id));
        }
    }
    let mut marks = Vec::new();
    let mut mcid_owner = Vec::new();
    let mut annot_owner = Vec::new();
    for (page_index, page) in layout.pages.iter().enumerate() {
        // Each link area gets a Link element, made when its text or its annotation comes first.
        let mut link_node: BTreeMap<u32, usize> = BTreeMap::new();
        let mut page_marks = Vec::new();
        let mut owners: Vec<usize> = Vec::new();
        let mut annots: Vec<usize> = Vec::new();
        let mut last: Option<(usize, u32)> = None;
        for placed in &page.items {
            let Some(leaf) = placed.element else {
                if !matches!(placed.item, Item::Link { .. }) {
                    page_marks.push(Mark::Artifact);
                    last = None;
                    continue;
                }
                // A link outside the blocks (none is drawn so today) gets a Link of its own.
                let node = b.link(0);
                page_marks.push(b.annotation(node, page_index, &mut annots));
                continue;
            };
            let is_figure = b.nodes[leaf].role == Role::Figure;
            let link = placed.link.filter(|_| !is_figure);
            let mut link_element = |b: &mut Builder, l: u32| -> usize {
                *link_node.entry(l).or_insert_with(|| b.link(leaf))
            };
            let owner = match (&placed.item, link) {
                (Item::Link { .. }, _) => {
                    let node = match placed.link {
                        Some(l) => link_element(&mut b, l),
                        None => b.link(leaf),
                    };
                    page_marks.push(b.annotation(node, page_index, &mut annots));
                    continue;
                }
                (_, Some(l)) => link_element(&mut b, l),
                (Item::Text { .. }, None) => leaf,
                (_, None) if is_figure => leaf,
                (_, None) => {
                    page_marks.push(Mark::Artifact);
                    last = None;
                    continue;
                }
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
