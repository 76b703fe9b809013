//! The tagged PDF read back with lopdf: structure tree, parent tree, marked content, links.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId};

use crate::compose::model::{Block, Document, Figure, FigureContent};
use crate::render::pdf::layout::elements::Role;
use crate::render::pdf::layout::items::Item;
use crate::render::pdf::layout_tests::{document, fonts};
use crate::render::pdf::tags::{self, Kid};

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 160])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("PNG encodes");
    out
}

/// The test document with two screenshots after its other blocks: a wide one and a small one.
fn with_screenshots() -> Document {
    let mut doc = document(Some("Ohje"));
    for (n, (id, w, h)) in [("wide", 1200, 700), ("small", 40, 30)]
        .into_iter()
        .enumerate()
    {
        let file_name = format!("{id}.png");
        doc.blocks.push(Block::Figure(Figure {
            id: id.to_string(),
            number: 8 + n,
            caption: "Kuvakaappaus".into(),
            alt: format!("Kirjautumisikkuna {id}"),
            content: FigureContent::Screenshot {
                source: format!("municipalities/testi/screenshots/{file_name}"),
                file_name,
                width: w,
                height: h,
                bytes: png(w, h).into(),
            },
        }));
    }
    doc
}

#[test]
fn screenshots_fit_the_text_width_and_are_never_upscaled() {
    let doc = with_screenshots();
    let layout = crate::render::pdf::layout(&doc, &fonts());
    let g = crate::render::pdf::layout::Geometry::a4();
    let sizes: Vec<(String, f32, f32)> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            Item::Image { key, w, h, .. } => Some((key.clone(), *w, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(sizes.len(), 2, "{sizes:?}");
    let (_, w, h) = &sizes[0];
    assert!((w - (g.right - g.left)).abs() < 0.01, "{sizes:?}");
    assert!((h / w - 700.0 / 1200.0).abs() < 0.001);
    let (_, w, h) = &sizes[1];
    assert!(
        (w - 30.0).abs() < 0.01 && (h - 22.5).abs() < 0.01,
        "{sizes:?}"
    );
}

fn deref<'a>(pdf: &'a lopdf::Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => pdf
            .get_object(*id)
            .unwrap_or_else(|e| panic!("{id:?}: {e}")),
        other => other,
    }
}

fn dict<'a>(pdf: &'a lopdf::Document, object: &'a Object) -> &'a Dictionary {
    deref(pdf, object).as_dict().expect("a dictionary")
}

fn role(d: &Dictionary) -> String {
    String::from_utf8_lossy(d.get(b"S").and_then(Object::as_name).expect("/S")).into_owned()
}

/// Every structure element below `element` in reading order, with its id.
fn elements(pdf: &lopdf::Document, element: ObjectId, out: &mut Vec<ObjectId>) {
    out.push(element);
    let d = pdf.get_dictionary(element).expect("element");
    assert!(d.has(b"P"), "no /P in {d:?}");
    let kids = match d.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    for kid in kids {
        if let Object::Reference(id) = kid
            && pdf.get_dictionary(id).is_ok_and(|k| {
                k.get(b"Type").and_then(Object::as_name).ok() == Some(&b"StructElem"[..])
            })
        {
            elements(pdf, id, out);
        }
    }
}

#[test]
fn the_pdf_is_tagged_in_document_order() {
    let doc = with_screenshots();
    let bytes = super::render(&doc, &fonts(), &super::Subsets::default())
        .unwrap_or_else(|d| panic!("{d:?}"));
    let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let catalog = pdf.catalog().expect("catalog");
    let mark_info = dict(&pdf, catalog.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(
        mark_info.get(b"Marked").and_then(Object::as_bool).ok(),
        Some(true)
    );
    let metadata = deref(&pdf, catalog.get(b"Metadata").expect("Metadata"));
    let xml = String::from_utf8_lossy(&metadata.as_stream().expect("stream").content).into_owned();
    assert!(xml.contains("<pdfuaid:part>1</pdfuaid:part>") && xml.contains("Otsikko"));

    let root = dict(
        &pdf,
        catalog.get(b"StructTreeRoot").expect("StructTreeRoot"),
    );
    assert_eq!(
        root.get(b"Type").and_then(Object::as_name).ok(),
        Some(&b"StructTreeRoot"[..])
    );
    let document_id = root.get(b"K").and_then(Object::as_reference).expect("/K");
    let mut all = Vec::new();
    elements(&pdf, document_id, &mut all);
    let roles: Vec<String> = all
        .iter()
        .map(|id| role(pdf.get_dictionary(*id).expect("element")))
        .collect();
    assert_eq!(roles[0], "Document");
    assert_eq!(roles.iter().filter(|r| *r == "H1").count(), 1);

    // The headings, in order, are the document's.
    let headings = roles
        .iter()
        .filter(|r| r.starts_with('H') && *r != "H1")
        .count();
    let expected = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading { .. }))
        .count();
    assert_eq!(headings, expected);
    let plan = tags::tag(&crate::render::pdf::layout(&doc, &fonts()));
    let paths: Vec<_> = plan
        .nodes
        .iter()
        .filter(|n| matches!(n.role, Role::H(level) if level > 1))
        .filter_map(|n| n.origin.clone())
        .collect();
    let heading_paths: Vec<_> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Heading { .. }))
        .map(|(i, _)| crate::render::pdf::layout::items::Origin::Block(vec![i]))
        .collect();
    assert_eq!(paths, heading_paths);
    // Every element is listed by its parent, once.
    for (i, n) in plan.nodes.iter().enumerate().skip(1) {
        let parent = &plan.nodes[n.parent.expect("a parent")];
        assert_eq!(
            parent.kids.iter().filter(|k| **k == Kid::Node(i)).count(),
            1
        );
    }

    // Figures have alternative text, links an OBJR to an annotation that points back.
    let mut links = 0;
    for (id, r) in all.iter().zip(&roles) {
        let d = pdf.get_dictionary(*id).expect("element");
        if r == "Figure" {
            let alt = d.get(b"Alt").and_then(Object::as_str).expect("/Alt");
            assert!(alt.len() > 2, "empty /Alt");
            let attrs = d.get(b"A").and_then(Object::as_dict).expect("/A");
            let bbox = attrs
                .get(b"BBox")
                .and_then(Object::as_array)
                .expect("/BBox");
            let v: Vec<f32> = bbox.iter().map(|n| n.as_float().expect("number")).collect();
            assert!(v.len() == 4 && v[0] < v[2] && v[1] < v[3], "{v:?}");
        }
        if r == "Link" {
            links += 1;
            let kids = d.get(b"K").and_then(Object::as_array).expect("/K");
            let objr = kids
                .iter()
                .filter_map(|k| deref(&pdf, k).as_dict().ok())
                .find(|k| k.get(b"Type").and_then(Object::as_name).ok() == Some(&b"OBJR"[..]))
                .expect("an OBJR");
            let annot = dict(&pdf, objr.get(b"Obj").expect("/Obj"));
            assert_eq!(
                annot.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(&b"Link"[..])
            );
            assert!(annot.get(b"StructParent").is_ok());
        }
    }
    assert!(links >= 1);
    let alts: Vec<String> = all
        .iter()
        .filter_map(|id| {
            pdf.get_dictionary(*id)
                .ok()?
                .get(b"Alt")
                .ok()?
                .as_str()
                .ok()
        })
        .map(|a| match a.strip_prefix(&[0xFE, 0xFF]) {
            Some(utf16) => String::from_utf16_lossy(
                &utf16
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or_default()]))
                    .collect::<Vec<_>>(),
            ),
            None => String::from_utf8_lossy(a).into_owned(),
        })
        .collect();
    assert!(alts.iter().any(|a| a.contains("small")), "{alts:?}");

    // The screenshots are image XObjects, kept lossless.
    let pictures: Vec<&lopdf::Stream> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Image"[..]))
        .collect();
    assert_eq!(pictures.len(), 2);
    for picture in pictures {
        assert_eq!(
            picture.dict.get(b"Filter").and_then(Object::as_name).ok(),
            Some(&b"FlateDecode"[..])
        );
    }
    assert!(roles.iter().any(|r| r == "Lbl") && roles.iter().any(|r| r == "LBody"));

    // Every MCID of the page content is in the parent tree exactly once, pointing at an element
    // that lists it.
    let parent_tree = dict(&pdf, root.get(b"ParentTree").expect("ParentTree"));
    let nums = parent_tree
        .get(b"Nums")
        .and_then(Object::as_array)
        .expect("Nums");
    let tree: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|kv| (kv[0].as_i64().expect("key"), &kv[1]))
        .collect();
    assert_eq!(tree.len() * 2, nums.len(), "duplicate keys");
    let next = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .expect("next key");
    assert!(tree.keys().all(|k| *k < next));
    let known: BTreeSet<ObjectId> = all.iter().copied().collect();
    for (page_id, page) in pdf.get_pages().values().zip(0..) {
        let d = pdf.get_dictionary(*page_id).expect("page");
        let key = d
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .expect("StructParents");
        assert_eq!(key, page);
        assert_eq!(
            d.get(b"Tabs").and_then(Object::as_name).ok(),
            Some(&b"S"[..])
        );
        let content = pdf.get_and_decode_page_content(*page_id).expect("content");
        let mut mcids = Vec::new();
        for op in &content.operations {
            if op.operator == "BDC"
                && let Some(Object::Dictionary(props)) = op.operands.get(1)
                && let Ok(mcid) = props.get(b"MCID").and_then(Object::as_i64)
            {
                mcids.push(mcid);
            }
        }
        let entries = deref(&pdf, tree[&key]).as_array().expect("array per page");
        assert_eq!(
            mcids,
            (0..entries.len() as i64).collect::<Vec<_>>(),
            "page {page}"
        );
        for entry in entries {
            let owner = entry.as_reference().expect("element reference");
            assert!(
                known.contains(&owner),
                "page {page}: element outside the tree"
            );
        }
        let bmc = content
            .operations
            .iter()
            .filter(|o| o.operator == "BMC" || o.operator == "BDC")
            .count();
        let emc = content
            .operations
            .iter()
            .filter(|o| o.operator == "EMC")
            .count();
        assert_eq!(bmc, emc, "page {page}: unbalanced marked content");
    }
}
