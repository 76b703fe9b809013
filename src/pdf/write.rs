//! Serialisation of a laid-out document to PDF bytes with printpdf and lopdf.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, DictItem, FontId, HighlightingMode, ImageCompression,
    ImageOptimizationOptions, Line, LineDashPattern, LinePoint, LinkAnnotation, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage,
    Rect, Rgb, TextItem, TextMatrix, XObject, XObjectId, XObjectTransform,
};

use super::Images;
use super::fonts::{Fonts, Style};
use super::items::{Color, Item, Layout, Stroke};
use super::tags::{Kid, Mark, Tags};

/// Document-level facts written into the PDF's metadata.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub lang: &'a str,
    /// Seconds since 1970 of the guide's date, for both creation and modification.
    pub timestamp: i64,
}

/// Font resource ids. Their first six letters become the subset tag, which
/// must be six capitals; fixed ids keep two builds byte-identical.
fn font_id(style: Style) -> FontId {
    FontId(
        match style {
            Style::Regular => "OPASRG",
            Style::Italic => "OPASIT",
            Style::Semibold => "OPASSB",
            Style::Bold => "OPASBD",
        }
        .to_string(),
    )
}

fn rgb(c: Color) -> printpdf::Color {
    printpdf::Color::Rgb(Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

/// The PDF bytes of `layout`.
pub fn write(
    layout: &Layout,
    tags: &Tags,
    fonts: &Fonts,
    images: &Images,
    meta: &Meta<'_>,
) -> Result<Vec<u8>, String> {
    let mut pdf = PdfDocument::new(meta.title);
    for style in Style::ALL {
        let parsed: ParsedFont = fonts.face(style).parsed.clone();
        pdf.resources
            .fonts
            .map
            .insert(font_id(style), PdfFont::new(parsed));
    }
    let date = printpdf::OffsetDateTime::from_unix_timestamp(meta.timestamp)
        .map_err(|e| format!("the guide's date cannot be written: {e}"))?;
    let info = &mut pdf.metadata.info;
    info.document_title = meta.title.to_string();
    info.author = meta.author.to_string();
    info.subject = meta.subject.to_string();
    info.creator = "opas".to_string();
    info.producer = "opas (printpdf)".to_string();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    // Each screenshot drawn is decoded once; fixed ids keep two builds byte-identical.
    let mut pictures: BTreeMap<String, (XObjectId, usize, usize)> = BTreeMap::new();
    let mut decode_warnings = Vec::new();
    for placed in layout.pages.iter().flat_map(|p| &p.items) {
        let Item::Image { key, .. } = &placed.item else {
            continue;
        };
        if pictures.contains_key(key) {
            continue;
        }
        let shot = images
            .get(key)
            .ok_or_else(|| format!("the screenshot of figure {key:?} is missing"))?;
        let raw = RawImage::decode_from_bytes(&shot.bytes, &mut decode_warnings)
            .map_err(|e| format!("the screenshot {} cannot be decoded: {e}", shot.source))?;
        let id = XObjectId(format!("Im{}", pictures.len() + 1));
        let size = (raw.width, raw.height);
        pdf.resources
            .xobjects
            .map
            .insert(id.clone(), XObject::Image(raw));
        pictures.insert(key.clone(), (id, size.0, size.1));
    }

    let height = layout.height;
    let page_w = Mm(layout.width * 25.4 / 72.0);
    let page_h = Mm(height * 25.4 / 72.0);
    for (n, page) in layout.pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut painter = Painter::default();
        let marks = tags.marks.get(n).map(Vec::as_slice).unwrap_or_default();
        for (placed, mark) in page.items.iter().zip(marks) {
            if !matches!(mark, Mark::Annot(_)) && painter.mark != Some(*mark) {
                painter.end_mark(&mut ops);
                ops.push(match mark {
                    Mark::Mcid(id) => {
                        let owner = tags.mcid_owner[n][*id as usize];
                        let mut map = BTreeMap::new();
                        map.insert("MCID".to_string(), DictItem::Int(i64::from(*id)));
                        Op::BeginMarkedContentWithProperties {
                            tag: tags.nodes[owner].role.to_string(),
                            properties: DictItem::Dict { map },
                        }
                    }
                    _ => Op::BeginMarkedContent {
                        tag: "Artifact".to_string(),
                    },
                });
                painter.mark = Some(*mark);
            }
            if let Item::Image { x, y, w, h, key } = &placed.item
                && let Some((id, px_w, px_h)) = pictures.get(key)
            {
                painter.end_text(&mut ops);
                // At 72 dpi a pixel is a point; the scale brings it to the laid-out size.
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(height - y - h)),
                        scale_x: Some(w / (*px_w).max(1) as f32),
                        scale_y: Some(h / (*px_h).max(1) as f32),
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
                continue;
            }
            painter.item(&mut ops, &placed.item, height);
        }
        painter.end_mark(&mut ops);
        pdf.pages.push(PdfPage::new(page_w, page_h, ops));
    }

    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        // PNG screenshots stay lossless instead of being re-encoded as JPEG.
        image_optimization: Some(ImageOptimizationOptions {
            format: Some(ImageCompression::Flate),
            auto_optimize: Some(false),
            max_image_size: None,
            ..ImageOptimizationOptions::default()
        }),
    };
    let mut doc = printpdf::serialize::to_lopdf_doc(&pdf, &opts, &mut warnings);
    finish(&mut doc, layout, meta)?;
    structure(&mut doc, tags, meta)?;
    compress_fast(&mut doc);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| format!("the PDF cannot be serialised: {e}"))?;
    Ok(bytes)
}

/// Deflates every stream that has no filter yet, at the fast level.
///
/// lopdf's own `compress` always uses the best (slowest) level: it was half of the
/// time of a whole PDF. The fast level makes these files a few per cent larger.
/// XMP metadata stays uncompressed, as PDF/UA readers expect to find it as text.
fn compress_fast(doc: &mut lopdf::Document) {
    use std::io::Write as _;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let is_metadata = stream
            .dict
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Metadata");
        if !stream.allows_compression || is_metadata || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let compressed = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish());
        if let Ok(compressed) = compressed
            && compressed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// Turns items into content-stream operations, batching text into one text object.
#[derive(Default)]
struct Painter {
    in_text: bool,
    font: Option<(Style, f32)>,
    fill: Option<Color>,
    /// The open marked-content sequence.
    mark: Option<Mark>,
}

impl Painter {
    /// Closes the open marked-content sequence, and the text object inside it.
    fn end_mark(&mut self, ops: &mut Vec<Op>) {
        self.end_text(ops);
        if self.mark.take().is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }

    fn end_text(&mut self, ops: &mut Vec<Op>) {
        if self.in_text {
            ops.push(Op::EndTextSection);
            self.in_text = false;
            self.font = None;
        }
    }

    fn set_fill(&mut self, ops: &mut Vec<Op>, color: Color) {
        if self.fill != Some(color) {
            ops.push(Op::SetFillColor { col: rgb(color) });
            self.fill = Some(color);
        }
    }

    fn item(&mut self, ops: &mut Vec<Op>, item: &Item, page_h: f32) {
        match item {
            Item::Text {
                x,
                y,
                text,
                style,
                size,
                color,
                ..
            } => {
                if !self.in_text {
                    ops.push(Op::StartTextSection);
                    self.in_text = true;
                }
                if self.font != Some((*style, *size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(*style)),
                        size: Pt(*size),
                    });
                    self.font = Some((*style, *size));
                }
                self.set_fill(ops, *color);
                // `SetTextCursor` is relative (Td); the text matrix places the run absolutely.
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(*x), Pt(page_h - y)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                self.end_text(ops);
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => return,
                };
                if let Some(fill) = fill {
                    self.set_fill(ops, *fill);
                }
                let dashed = stroke.is_some_and(|s| s.dashed);
                if let Some(stroke) = stroke {
                    set_stroke(ops, stroke);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(page_h - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
                if dashed {
                    ops.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::solid(),
                    });
                }
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                self.end_text(ops);
                set_stroke(ops, stroke);
                let point = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(page_h - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
                if stroke.dashed {
                    ops.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::solid(),
                    });
                }
            }
            // Drawn by `write`, which knows the image resources.
            Item::Image { .. } => {}
            Item::Link { x, y, w, h, url } => {
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        Rect {
                            x: Pt(*x),
                            y: Pt(page_h - y - h),
                            width: Pt(*w),
                            height: Pt(*h),
                            mode: None,
                            winding_order: None,
                        },
                        Actions::Uri(url.clone()),
                        // Without an explicit zero-width border viewers draw a box around the link.
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        Some(HighlightingMode::Invert),
                    ),
                });
            }
        }
    }
}

fn set_stroke(ops: &mut Vec<Op>, stroke: &Stroke) {
    ops.push(Op::SetOutlineColor {
        col: rgb(stroke.color),
    });
    ops.push(Op::SetOutlineThickness {
        pt: Pt(stroke.width),
    });
    if stroke.dashed {
        ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, &[4.0, 3.0]),
        });
    }
}

fn text_string(text: &str) -> Object {
    // PDFDocEncoding agrees with Latin-1 on printable ASCII and U+00A0..=U+00FF (bar the
    // undefined 0xAD): one byte a character for Finnish and Swedish. Anything else is
    // UTF-16BE with a byte-order mark.
    let latin = |c: char| matches!(c, ' '..='~' | '\u{a0}'..='\u{ff}') && c != '\u{ad}';
    if text.chars().all(latin) {
        return Object::String(
            text.chars().map(|c| c as u32 as u8).collect(),
            StringFormat::Literal,
        );
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Literal)
}

/// What printpdf does not write: /Lang, the outline in reading order, a stable file id.
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
    // printpdf draws the file id from a process-wide counter; a hash of what
    // the file says makes it the same in every build.
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

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// The structure tree, the parent tree and what refers to them: a tagged PDF.
fn structure(doc: &mut lopdf::Document, tags: &Tags, meta: &Meta<'_>) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc.new_object_id();
    let nodes = &tags.nodes;
    // Elements without content (an empty paragraph) are left out.
    let ids: Vec<Option<ObjectId>> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (i == 0 || n.has_content(nodes)).then(|| doc.new_object_id()))
        .collect();

    // Annotations become indirect objects with a StructParent each; keys after the pages'.
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

    for (i, node) in nodes.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        let mut dict = Dictionary::new();
        dict.set("Type", name("StructElem"));
        dict.set("S", name(node.role));
        let parent = node.parent.and_then(|p| ids[p]).unwrap_or(root_id);
        dict.set("P", Object::Reference(parent));
        let pg = node.page(nodes).and_then(|p| pages.get(p).copied());
        if let Some(pg) = pg {
            dict.set("Pg", Object::Reference(pg));
        }
        let mut kids = Vec::new();
        for kid in &node.kids {
            match kid {
                Kid::Node(k) => {
                    if let Some(k) = ids[*k] {
                        kids.push(Object::Reference(k));
                    }
                }
                Kid::Mcid { page, mcid } => {
                    let page_id = pages.get(*page).copied();
                    if page_id == pg {
                        kids.push(Object::Integer(i64::from(*mcid)));
                    } else if let Some(page_id) = page_id {
                        let mut mcr = Dictionary::new();
                        mcr.set("Type", name("MCR"));
                        mcr.set("Pg", Object::Reference(page_id));
                        mcr.set("MCID", Object::Integer(i64::from(*mcid)));
                        kids.push(Object::Dictionary(mcr));
                    }
                }
                Kid::Annot { page, index } => {
                    if let (Some(obj), Some(page_id)) = (
                        annots.get(*page).and_then(|a| a.get(*index)),
                        pages.get(*page),
                    ) {
                        let mut objr = Dictionary::new();
                        objr.set("Type", name("OBJR"));
                        objr.set("Pg", Object::Reference(*page_id));
                        objr.set("Obj", Object::Reference(*obj));
                        kids.push(Object::Dictionary(objr));
                    }
                }
            }
        }
        dict.set("K", Object::Array(kids));
        if let Some(alt) = &node.alt {
            dict.set("Alt", text_string(alt));
        }
        if let (Some([x0, y0, x1, y1]), Some(page)) = (node.bbox, node.page(nodes)) {
            // Layout attributes of an illustration: where it is, in PDF space.
            let h = page_height(doc, pages.get(page).copied());
            let mut attrs = Dictionary::new();
            attrs.set("O", name("Layout"));
            attrs.set(
                "BBox",
                Object::Array(
                    [x0, h - y1, x1, h - y0]
                        .into_iter()
                        .map(|v| Object::Real((v * 100.0).round() / 100.0))
                        .collect(),
                ),
            );
            dict.set("A", Object::Dictionary(attrs));
        }
        if let Some(numbering) = node.numbering {
            let mut attrs = Dictionary::new();
            attrs.set("O", name("List"));
            attrs.set("ListNumbering", name(numbering));
            dict.set("A", Object::Dictionary(attrs));
        }
        doc.objects.insert(id, Object::Dictionary(dict));
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
        xmp(meta).into_bytes(),
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

/// The height of a page's media box, in points.
fn page_height(doc: &lopdf::Document, page: Option<ObjectId>) -> f32 {
    page.and_then(|p| doc.get_dictionary(p).ok())
        .and_then(|d| d.get(b"MediaBox").ok())
        .and_then(|b| b.as_array().ok())
        .and_then(|b| b.get(3))
        .and_then(|h| h.as_float().ok())
        .unwrap_or(841.89)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: title, language and the PDF/UA claim.
fn xmp(meta: &Meta<'_>) -> String {
    let date = printpdf::OffsetDateTime::from_unix_timestamp(meta.timestamp)
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02}T00:00:00Z",
                d.year(),
                u8::from(d.month()),
                d.day()
            )
        })
        .unwrap_or_default();
    let bom = '\u{feff}';
    let title = xml_escape(meta.title);
    let author = xml_escape(meta.author);
    let subject = xml_escape(meta.subject);
    let lang = xml_escape(meta.lang);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>opas</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>opas (printpdf)</pdf:Producer>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}
