//! Serialisation of a laid-out document to PDF bytes: fonts from the build's cache,
//! content streams written straight to bytes, the document assembled with lopdf and
//! written by [`serialize`].

pub mod archive;
pub mod deflate;
pub mod embed;
pub mod objects;
pub mod paint;
pub mod serialize;

use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::{Dictionary, Object, Stream, StringFormat};

use super::Images;
use crate::render::pdf::font::{FACES, Fonts, Style};
use crate::render::pdf::layout::items::{Item, Layout};
use crate::render::pdf::tags::structure;
use crate::render::pdf::tags::{Mark, Tags};
use crate::render::pdf::write::paint::{FONT_NAMES, Painter};
use embed::{Collector, Embedded, Subsets};
pub use objects::Meta;
use objects::{name, text_string};

/// The PDF bytes of `layout`.
pub fn write(
    layout: &Layout,
    tags: &Tags,
    fonts: &Fonts,
    subsets: &Subsets,
    images: &Images,
    meta: &Meta<'_>,
) -> Result<Vec<u8>, String> {
    let mut doc = lopdf::Document::with_version("1.7");
    let embedded = embed_fonts(layout, fonts, subsets)?;
    let mut written = serialize::Written::default();
    let mut font_dict = Dictionary::new();
    let one_byte_cmap = embedded
        .iter()
        .flatten()
        .any(|f| f.one_byte())
        .then(|| embed::add_one_byte_cmap(&mut doc));
    for (style, font) in Style::ALL.into_iter().zip(&embedded) {
        if let Some(font) = font {
            let id = font.add_to(&mut doc, &mut written, one_byte_cmap);
            font_dict.set(FONT_NAMES[style.index()], Object::Reference(id));
        }
    }
    let (pictures, xobjects) = add_pictures(&mut doc, layout, images)?;
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_dict));
    if !xobjects.is_empty() {
        resources.set("XObject", Object::Dictionary(xobjects));
    }
    let resources = doc.add_object(resources);

    let pages_id = doc.new_object_id();
    let height = layout.height;
    let mut kids = Vec::with_capacity(layout.pages.len());
    for (n, page) in layout.pages.iter().enumerate() {
        let mut painter = Painter::new(fonts, &embedded, height);
        let mut annots = Vec::new();
        let marks = tags.marks.get(n).map(Vec::as_slice).unwrap_or_default();
        for (placed, mark) in page.items.iter().zip(marks) {
            let role = match mark {
                Mark::Mcid(id) => tags.nodes[tags.mcid_owner[n][*id as usize]].role.name(),
                _ => "",
            };
            painter.mark(*mark, role);
            match &placed.item {
                Item::Image { x, y, w, h, key } => {
                    if let Some(name) = pictures.get(key) {
                        painter.picture(name, *x, *y, *w, *h);
                    }
                }
                Item::Link { x, y, w, h, url } => {
                    annots.push(Object::Dictionary(link(*x, height - y - h, *w, *h, url)));
                }
                item => painter.item(item),
            }
        }
        let contents = doc.add_object(stream(Dictionary::new(), painter.finish()));
        let mut dict = Dictionary::new();
        dict.set("Type", name("Page"));
        dict.set("Parent", Object::Reference(pages_id));
        dict.set(
            "MediaBox",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Real(layout.width),
                Object::Real(height),
            ]),
        );
        dict.set("Resources", Object::Reference(resources));
        dict.set("Contents", Object::Reference(contents));
        if !annots.is_empty() {
            dict.set("Annots", Object::Array(annots));
        }
        kids.push(Object::Reference(doc.add_object(dict)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let info = doc.add_object(archive::info(meta));
    doc.trailer.set("Info", Object::Reference(info));
    let intent = archive::output_intent(&mut doc);
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("OutputIntents", Object::Array(vec![intent]));
    }

    finish(&mut doc, layout, meta)?;
    structure::add(&mut doc, &mut written, tags, meta, layout.height)?;
    Ok(serialize::to_bytes(&doc, &written))
}

/// The subset of each face the layout draws with, from the build's cache.
fn embed_fonts(
    layout: &Layout,
    fonts: &Fonts,
    subsets: &Subsets,
) -> Result<[Option<Arc<Embedded>>; FACES], String> {
    let mut used: [Option<Collector>; FACES] = Default::default();
    for placed in layout.pages.iter().flat_map(|p| &p.items) {
        if let Item::Text { text, style, .. } = &placed.item {
            let face = fonts.face(*style);
            used[style.index()]
                .get_or_insert_with(|| Collector::new(face))
                .add(face, text);
        }
    }
    let mut embedded: [Option<Arc<Embedded>>; FACES] = Default::default();
    for (style, collected) in Style::ALL.into_iter().zip(used) {
        if let Some(collected) = collected.filter(|c| !c.is_empty()) {
            let face = fonts.face(style);
            embedded[style.index()] = Some(subsets.get(face, collected.finish(face))?);
        }
    }
    Ok(embedded)
}

/// A stream of `bytes`, deflated when that makes it smaller.
fn stream(dict: Dictionary, bytes: Vec<u8>) -> Stream {
    packed(dict, bytes, deflate::fast)
}

/// A stream of pixels, deflated when that makes it smaller.
fn pixels(dict: Dictionary, bytes: Vec<u8>) -> Stream {
    packed(dict, bytes, deflate::good)
}

fn packed(mut dict: Dictionary, bytes: Vec<u8>, deflate: fn(&[u8]) -> Option<Vec<u8>>) -> Stream {
    match deflate(&bytes) {
        Some(small) if small.len() < bytes.len() => {
            dict.set("Filter", name("FlateDecode"));
            Stream::new(dict, small).with_compression(false)
        }
        _ => Stream::new(dict, bytes).with_compression(false),
    }
}

/// Adds each screenshot drawn once; returns the resource name by figure id and the
/// XObject dictionary. Names follow the order of first use, so two builds agree.
fn add_pictures(
    doc: &mut lopdf::Document,
    layout: &Layout,
    images: &Images,
) -> Result<(BTreeMap<String, String>, Dictionary), String> {
    let mut names = BTreeMap::new();
    let mut xobjects = Dictionary::new();
    for placed in layout.pages.iter().flat_map(|p| &p.items) {
        let Item::Image { key, .. } = &placed.item else {
            continue;
        };
        if names.contains_key(key) {
            continue;
        }
        let (source, bytes) = images
            .get(key)
            .ok_or_else(|| format!("the screenshot of figure {key:?} is missing"))?;
        let picture = image::load_from_memory(bytes)
            .map_err(|e| format!("the screenshot {source} cannot be decoded: {e}"))?;
        let (w, h) = (picture.width(), picture.height());
        let mut dict = Dictionary::from_iter(vec![
            ("Type", name("XObject")),
            ("Subtype", name("Image")),
            ("Width", Object::Integer(i64::from(w))),
            ("Height", Object::Integer(i64::from(h))),
            ("ColorSpace", name("DeviceRGB")),
            ("BitsPerComponent", Object::Integer(8)),
        ]);
        if picture.color().has_alpha() {
            let alpha: Vec<u8> = picture.to_rgba8().pixels().map(|p| p.0[3]).collect();
            let mask = Dictionary::from_iter(vec![
                ("Type", name("XObject")),
                ("Subtype", name("Image")),
                ("Width", Object::Integer(i64::from(w))),
                ("Height", Object::Integer(i64::from(h))),
                ("ColorSpace", name("DeviceGray")),
                ("BitsPerComponent", Object::Integer(8)),
            ]);
            let mask = doc.add_object(pixels(mask, alpha));
            dict.set("SMask", Object::Reference(mask));
        }
        let id = doc.add_object(pixels(dict, picture.into_rgb8().into_raw()));
        let resource = format!("Im{}", names.len() + 1);
        xobjects.set(resource.as_str(), Object::Reference(id));
        names.insert(key.clone(), resource);
    }
    Ok((names, xobjects))
}

/// A link annotation over the rectangle at (`x`, `y`) from the bottom-left, `w`×`h` points.
fn link(x: f32, y: f32, w: f32, h: f32, url: &str) -> Dictionary {
    let round = |v: f32| Object::Real((v * 100.0).round() / 100.0);
    Dictionary::from_iter(vec![
        ("Type", name("Annot")),
        ("Subtype", name("Link")),
        (
            "Rect",
            Object::Array(vec![round(x), round(y), round(x + w), round(y + h)]),
        ),
        // Without an explicit zero-width border viewers draw a box around the link.
        (
            "Border",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Integer(0),
            ]),
        ),
        // Printed with the page (PDF/A-2 6.3.2 asks for the print flag).
        ("F", Object::Integer(4)),
        (
            "A",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", name("Action")),
                ("S", name("URI")),
                (
                    "URI",
                    Object::String(url.as_bytes().to_vec(), StringFormat::Literal),
                ),
            ])),
        ),
    ])
}

/// /Lang, the outline in reading order, a stable file id.
fn finish(doc: &mut lopdf::Document, layout: &Layout, meta: &Meta<'_>) -> Result<(), String> {
    doc.version = "1.7".to_string();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let outline_id = if layout.outline.is_empty() {
        None
    } else {
        let root = doc.new_object_id();
        let ids: Vec<lopdf::ObjectId> =
            layout.outline.iter().map(|_| doc.new_object_id()).collect();
        for (i, entry) in layout.outline.iter().enumerate() {
            let Some(page) = pages.get(entry.page) else {
                continue;
            };
            let mut dict = Dictionary::new();
            dict.set("Title", text_string(&entry.title));
            dict.set("Parent", Object::Reference(root));
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(layout.height - entry.y + 4.0),
                    Object::Null,
                ]),
            );
            if i > 0 {
                dict.set("Prev", Object::Reference(ids[i - 1]));
            }
            if let Some(next) = ids.get(i + 1) {
                dict.set("Next", Object::Reference(*next));
            }
            doc.objects.insert(ids[i], Object::Dictionary(dict));
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Outlines".to_vec()));
        dict.set("Count", Object::Integer(ids.len() as i64));
        if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
            dict.set("First", Object::Reference(*first));
            dict.set("Last", Object::Reference(*last));
        }
        doc.objects.insert(root, Object::Dictionary(dict));
        Some(root)
    };
    let catalog = doc
        .catalog_mut()
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    catalog.set("Lang", Object::string_literal(meta.lang));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    if let Some(root) = outline_id {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    // A hash of what the file says makes the id the same in every build.
    let id = stable_id(layout, meta);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

fn stable_id(layout: &Layout, meta: &Meta<'_>) -> Vec<u8> {
    // FNV-1a: a fingerprint, not security.
    let mut hashes = [0xcbf2_9ce4_8422_2325_u64, 0x8422_2325_cbf2_9ce4_u64];
    let mut feed = |bytes: &[u8]| {
        for (k, h) in hashes.iter_mut().enumerate() {
            for b in bytes {
                *h ^= u64::from(*b) ^ k as u64;
                *h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    };
    feed(meta.title.as_bytes());
    feed(meta.author.as_bytes());
    feed(&meta.timestamp.to_be_bytes());
    for page in &layout.pages {
        for placed in &page.items {
            if let Item::Text { text, .. } = &placed.item {
                feed(text.as_bytes());
            }
        }
    }
    hashes.iter().flat_map(|h| h.to_be_bytes()).collect()
}
