//! Hand-written hostile PDFs: huge or empty pages, reference cycles, runaway content.
//! Each must give pictures of bounded size or an error, never a panic or a hang.

use super::{PagesOptions, changed_pages};

/// A PDF of `objects` (object 1 first, numbered in order), object 1 the catalogue, with
/// a correct cross-reference table.
fn pdf<T: AsRef<[u8]>>(objects: &[T]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (n, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", n + 1).into_bytes());
        out.extend(object.as_ref());
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend(trailer.into_bytes());
    out
}

fn stream(dict: &str, data: &str) -> String {
    format!(
        "<< {dict} /Length {} >>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// One page of `media_box` drawing `content`, with `resources` (object 5 and up are
/// `extra`).
fn one_page(media_box: &str, resources: &str, content: &str, extra: &[String]) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox {media_box} /Resources {resources} /Contents 4 0 R >>"
        ),
        stream("", content),
    ];
    objects.extend_from_slice(extra);
    pdf(&objects)
}

fn blank() -> Vec<u8> {
    one_page("[0 0 595 842]", "<< >>", "", &[])
}

#[test]
fn hand_written_pages_render_as_expected() {
    let square = one_page("[0 0 595 842]", "<< >>", "0 0 1 rg 100 100 50 50 re f", &[]);
    let changes = changed_pages(&blank(), &square, &PagesOptions::default()).expect("compared");
    assert_eq!(changes.len(), 1);
    // 50 points at 70 dpi are 48.6 pixels; the square's top is 842 - 150 points down.
    let r = changes[0].regions[0];
    assert_eq!(changes[0].regions.len(), 1, "{:?}", changes[0].regions);
    assert!(
        (48..=50).contains(&r.width) && (48..=50).contains(&r.height),
        "{r:?}"
    );
    assert!(
        (96..=98).contains(&r.x) && (672..=674).contains(&r.y),
        "{r:?}"
    );
}

#[test]
fn a_page_of_200_by_200_inches_is_drawn_at_most_a3_large() {
    let huge = one_page(
        "[0 0 14400 14400]",
        "<< >>",
        "0 0 0 rg 0 0 14400 14400 re f",
        &[],
    );
    let changes = changed_pages(&blank(), &huge, &PagesOptions::default()).expect("compared");
    let picture = changes[0].new.as_ref().expect("a picture");
    assert_eq!(
        (picture.width, picture.height),
        (818, 818),
        "A3's short side at 70 dpi"
    );
}

#[test]
fn a_page_without_size_is_drawn_as_the_parser_sees_it_or_an_error() {
    for media_box in [
        "[0 0 595 0]",
        "[0 0 0.5 842]",
        "[0 0 1e30 1e30]",
        "[0 0 -5 nan]",
    ] {
        let odd = one_page(media_box, "<< >>", "0 0 0 rg 0 0 10 10 re f", &[]);
        match changed_pages(&blank(), &odd, &PagesOptions::default()) {
            Ok(changes) => {
                for picture in changes.iter().filter_map(|c| c.new.as_ref()) {
                    assert!(
                        picture.width <= 818 && picture.height <= 1158,
                        "{media_box}"
                    );
                }
            }
            Err(message) => assert!(message.contains("page 1 of the new PDF"), "{message}"),
        }
    }
}

#[test]
fn reference_cycles_and_self_drawing_forms_end() {
    // A form drawing itself, found through resources that contain themselves.
    let resources = "5 0 R";
    let extra = [
        "<< /XObject << /X 6 0 R >> /Again 5 0 R >>".to_string(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources 5 0 R",
            "0 0 0 rg 0 0 10 10 re f /X Do",
        ),
    ];
    let looping = one_page("[0 0 595 842]", resources, "/X Do", &extra);
    let result = changed_pages(&blank(), &looping, &PagesOptions::default());
    assert!(result.is_ok(), "{:?}", result.err());
    // The same file twice: fingerprinted through the cycle, equal, not rendered.
    let same = changed_pages(&looping, &looping, &PagesOptions::default()).expect("compared");
    assert!(same.is_empty());
}

#[test]
fn runaway_content_streams_end() {
    let deep_state = "q ".repeat(100_000);
    let huge_numbers = "1e308 1e308 m 1e308 -1e308 l -1e308 0 l h f 99999999999 w 0 0 m 9 9 l S";
    let unknown = "/Nothing Do /F1 12 Tf (text) Tj BT ET ET ] >> endstream";
    for content in [deep_state.as_str(), huge_numbers, unknown] {
        let bad = one_page("[0 0 595 842]", "<< >>", content, &[]);
        let result = changed_pages(&blank(), &bad, &PagesOptions::default());
        assert!(result.is_ok(), "{:?}", result.err());
    }
}

#[test]
fn a_damaged_page_tree_is_an_error_or_pages() {
    // Kids pointing at themselves and at nothing.
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [2 0 R 9 0 R] /Count 5 >>".to_string(),
    ];
    let result = changed_pages(&blank(), &pdf(&objects), &PagesOptions::default());
    if let Err(message) = result {
        assert!(message.contains("new PDF"), "{message}");
    }
}

/// A FlateDecode stream of `data`, deflated.
fn deflated(dict: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).expect("deflate");
    let packed = encoder.finish().expect("deflate");
    let mut out = format!(
        "<< {dict} /Filter /FlateDecode /Length {} >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    out.extend(packed);
    out.extend(b"\nendstream");
    out
}

#[test]
fn a_stream_inflating_past_the_limit_is_refused_before_rendering() {
    // 2 MB of spaces against a limit of 1 MB: the same check the 64 MB limit makes.
    let objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        deflated("", &vec![b' '; 2 << 20]),
    ];
    let file = pdf(&objects);
    let parsed = hayro::hayro_syntax::Pdf::new(file.clone()).expect("a PDF");
    let message = super::guard::check(&parsed, "new", 1 << 20).expect_err("past the limit");
    assert!(
        message.contains("object 4") && message.contains("more than 1 MB"),
        "{message}"
    );
    assert!(super::guard::check(&parsed, "new", 4 << 20).is_ok());
    assert!(changed_pages(&blank(), &file, &PagesOptions::default()).is_ok());
}

#[test]
fn an_image_of_a_billion_pixels_is_refused() {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 40000 /Height 40000 \
        /ColorSpace /DeviceGray /BitsPerComponent 8",
        "x",
    );
    let huge = one_page(
        "[0 0 595 842]",
        "<< /XObject << /I 5 0 R >> >>",
        "100 0 0 100 0 0 cm /I Do",
        &[image],
    );
    let message = changed_pages(&blank(), &huge, &PagesOptions::default()).expect_err("too large");
    assert!(
        message.contains("new PDF has an image (object 5)"),
        "{message}"
    );
}
