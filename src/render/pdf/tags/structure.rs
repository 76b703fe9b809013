//! The structure tree of a tagged PDF (ISO 32000-1, 14.7 and 14.8), the parent tree and
//! what refers to them.
//!
//! A guide has some seventy structure elements. As lopdf dictionaries each entry cost an
//! allocated key, a hash and, later, a walk to serialise it; they are written straight to
//! bytes instead ([`Written`]), and only the few objects that refer to them (pages,
//! annotations, the catalog) stay in the document.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::render::pdf::tags::{Kid, Node, Tags};
use crate::render::pdf::write::archive;
use crate::render::pdf::write::objects::{Meta, name, text_string};
use crate::render::pdf::write::serialize::{
    Written, push_name, push_real, reference, write_object,
};

/// Adds the structure tree of `tags` to `doc`, whose pages are all `page_height` points
/// high: the elements into `written`, the parent tree, the root and the metadata into
/// `doc`, each page's and annotation's keys.
pub fn add(
    doc: &mut lopdf::Document,
    written: &mut Written,
    tags: &Tags,
    meta: &Meta<'_>,
    page_height: f32,
) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc.new_object_id();
    let nodes = &tags.nodes;
    // Elements without content (an empty paragraph) are left out.
    let ids: Vec<Option<ObjectId>> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (i == 0 || n.has_content(nodes)).then(|| doc.new_object_id()))
        .collect();
    let (annots, nums, next_key) = key_pages(doc, tags, &pages, &ids)?;
    let tree = Tree {
        nodes,
        ids: &ids,
        pages: &pages,
        page_height,
        annots: &annots,
        root: root_id,
    };
    for (i, node) in nodes.iter().enumerate() {
        if let Some(id) = ids[i] {
            written.object(id.0, |out| tree.element(out, node));
        }
    }

    let parent_tree = doc.add_object(Dictionary::from_iter(vec![(
        "Nums",
        Object::Array(
            nums.into_iter()
                .flat_map(|(k, v)| [Object::Integer(k), v])
                .collect(),
        ),
    )]));
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    if let Some(document) = ids[0] {
        root.set("K", Object::Reference(document));
    }
    root.set("ParentTree", Object::Reference(parent_tree));
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    doc.objects.insert(root_id, Object::Dictionary(root));

    let xmp = Stream::new(
        Dictionary::from_iter(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]),
        archive::xmp(meta).into_bytes(),
    )
    .with_compression(false);
    let metadata = doc.add_object(xmp);

    let catalog = doc
        .catalog_mut()
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set("Metadata", Object::Reference(metadata));
    Ok(())
}

/// The annotations of each page, the parent tree's entries and its next key.
type Keyed = (Vec<Vec<ObjectId>>, Vec<(i64, Object)>, i64);

/// Gives every page its parent-tree key and every annotation its own object, with a
/// parent-tree key of its own after the pages'.
fn key_pages(
    doc: &mut lopdf::Document,
    tags: &Tags,
    pages: &[ObjectId],
    ids: &[Option<ObjectId>],
) -> Result<Keyed, String> {
    let mut next_key = pages.len() as i64;
    let mut annots: Vec<Vec<ObjectId>> = Vec::new();
    let mut nums = Vec::new();
    for (n, page_id) in pages.iter().enumerate() {
        let inline = doc
            .get_dictionary(*page_id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let owners = tags
            .annot_owner
            .get(n)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut refs = Vec::new();
        let mut objects = Vec::new();
        for (k, annot) in inline.into_iter().enumerate() {
            let Object::Dictionary(mut dict) = annot else {
                refs.push(annot);
                continue;
            };
            let id = doc.new_object_id();
            if let Some(owner) = owners.get(k).and_then(|o| ids[*o]) {
                dict.set("StructParent", Object::Integer(next_key));
                nums.push((next_key, Object::Reference(owner)));
                next_key += 1;
            }
            dict.set("P", Object::Reference(*page_id));
            let uri = dict
                .get(b"A")
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"URI"))
                .and_then(Object::as_str)
                .map(|u| String::from_utf8_lossy(u).into_owned());
            if let Ok(uri) = uri {
                // PDF/UA asks for an alternate description of every annotation.
                dict.set("Contents", text_string(&uri));
            }
            doc.objects.insert(id, Object::Dictionary(dict));
            refs.push(Object::Reference(id));
            objects.push(id);
        }
        annots.push(objects);
        let page = doc
            .get_dictionary_mut(*page_id)
            .map_err(|e| format!("a page of the PDF is missing: {e}"))?;
        page.set("Annots", Object::Array(refs));
        page.set("StructParents", Object::Integer(n as i64));
        page.set("Tabs", name("S"));
        let by_mcid: Vec<Object> = tags
            .mcid_owner
            .get(n)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|o| ids[*o].map_or(Object::Null, Object::Reference))
            .collect();
        nums.push((n as i64, Object::Array(by_mcid)));
    }
    nums.sort_by_key(|(k, _)| *k);
    Ok((annots, nums, next_key))
}

/// What writing an element needs to know of the rest of the document.
struct Tree<'a> {
    nodes: &'a [Node],
    /// The object of each node; `None` for one left out.
    ids: &'a [Option<ObjectId>],
    pages: &'a [ObjectId],
    /// The height of every page, in points.
    page_height: f32,
    /// The annotation objects of each page.
    annots: &'a [Vec<ObjectId>],
    root: ObjectId,
}

impl Tree<'_> {
    /// The `StructElem` dictionary of `node`.
    fn element(&self, out: &mut Vec<u8>, node: &Node) {
        out.extend_from_slice(b"<</Type/StructElem/S");
        push_name(out, node.role.name().as_bytes());
        out.extend_from_slice(b"/P");
        let parent = node.parent.and_then(|p| self.ids[p]).unwrap_or(self.root);
        reference(out, parent);
        let page = node.page(self.nodes);
        let pg = page.and_then(|p| self.pages.get(p).copied());
        if let Some(pg) = pg {
            out.extend_from_slice(b"/Pg");
            reference(out, pg);
        }
        out.extend_from_slice(b"/K[");
        for kid in &node.kids {
            self.kid(out, kid, pg);
        }
        out.push(b']');
        if let Some(alt) = &node.alt {
            out.extend_from_slice(b"/Alt");
            write_object(out, &text_string(alt));
        }
        if let (Some([x0, y0, x1, y1]), Some(_)) = (node.bbox, page) {
            // Layout attributes of an illustration: where it is, in PDF space.
            let h = self.page_height;
            out.extend_from_slice(b"/A<</O/Layout/BBox[");
            for v in [x0, h - y1, x1, h - y0] {
                push_real(out, (v * 100.0).round() / 100.0);
            }
            out.extend_from_slice(b"]>>");
        }
        if let Some(numbering) = node.numbering {
            out.extend_from_slice(b"/A<</O/List/ListNumbering");
            push_name(out, numbering.name().as_bytes());
            out.extend_from_slice(b">>");
        }
        out.extend_from_slice(b">>");
    }

    /// One kid of an element whose own page is `pg`: an element, a marked-content id (with
    /// its page when that differs) or an annotation.
    fn kid(&self, out: &mut Vec<u8>, kid: &Kid, pg: Option<ObjectId>) {
        match kid {
            Kid::Node(k) => {
                if let Some(k) = self.ids[*k] {
                    reference(out, k);
                }
            }
            Kid::Mcid { page, mcid } => {
                let page_id = self.pages.get(*page).copied();
                if page_id == pg {
                    write_object(out, &Object::Integer(i64::from(*mcid)));
                } else if let Some(page_id) = page_id {
                    out.extend_from_slice(b"<</Type/MCR/Pg");
                    reference(out, page_id);
                    out.extend_from_slice(b"/MCID");
                    write_object(out, &Object::Integer(i64::from(*mcid)));
                    out.extend_from_slice(b">>");
                }
            }
            Kid::Annot { page, index } => {
                if let (Some(obj), Some(page_id)) = (
                    self.annots.get(*page).and_then(|a| a.get(*index)),
                    self.pages.get(*page),
                ) {
                    out.extend_from_slice(b"<</Type/OBJR/Pg");
                    reference(out, *page_id);
                    out.extend_from_slice(b"/Obj");
                    reference(out, *obj);
                    out.extend_from_slice(b">>");
                }
            }
        }
    }
}
