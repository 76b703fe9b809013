//! Serialisation of a laid-out document to PDF bytes with printpdf and lopdf.

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, FontId, HighlightingMode, Line, LineDashPattern, LinePoint,
    LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::fonts::{Fonts, Style};
use super::items::{Color, Item, Layout, Stroke};

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
pub fn write(layout: &Layout, fonts: &Fonts, meta: &Meta<'_>) -> Result<Vec<u8>, String> {
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

    let height = layout.height;
    let page_w = Mm(layout.width * 25.4 / 72.0);
    let page_h = Mm(height * 25.4 / 72.0);
    for page in &layout.pages {
        let mut ops = Vec::new();
        let mut painter = Painter::default();
        for placed in &page.items {
            painter.item(&mut ops, &placed.item, height);
        }
        painter.end_text(&mut ops);
        pdf.pages.push(PdfPage::new(page_w, page_h, ops));
    }

    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut doc = printpdf::serialize::to_lopdf_doc(&pdf, &opts, &mut warnings);
    finish(&mut doc, layout, meta)?;
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
}

impl Painter {
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
    // PDF text strings outside ASCII are UTF-16BE with a byte-order mark.
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
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
