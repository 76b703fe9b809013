use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use super::*;

/// A document with every kind of object, awkward strings and names, and a gap in the
/// object numbers.
fn sample() -> Document {
    let mut doc = Document::with_version("1.7");
    let content = b"BT /F1 12 Tf (Hello) Tj ET\n".repeat(20);
    let contents = doc.add_object(Stream::new(Dictionary::new(), content));
    let raw = doc.add_object(Stream::new(
        Dictionary::from_iter(vec![("Subtype", Object::Name(b"XML".to_vec()))]),
        b"<x/>".to_vec(),
    ));
    let _gap = doc.new_object_id();
    let page = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Page".to_vec())),
        ("Contents", Object::Reference(contents)),
        ("Metadata", Object::Reference(raw)),
        (
            "MediaBox",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(-7),
                Object::Real(595.276),
                Object::Real(841.89),
            ]),
        ),
        ("Odd name", Object::Name(b"A#B(C)/D\xe4".to_vec())),
        (
            "Strings",
            Object::Array(vec![
                Object::String(b"a (b) c) \\ \r\n(".to_vec(), StringFormat::Literal),
                Object::String(
                    vec![0xFE, 0xFF, 0x00, 0x28, 0x20, 0xAC],
                    StringFormat::Literal,
                ),
                Object::String(vec![0, 1, 0xAB], StringFormat::Hexadecimal),
            ]),
        ),
        (
            "Misc",
            Object::Array(vec![
                Object::Null,
                Object::Boolean(true),
                Object::Boolean(false),
                Object::Integer(i64::from(i32::MIN)),
                Object::Real(0.125),
                Object::Array(vec![]),
                Object::Dictionary(Dictionary::new()),
            ]),
        ),
    ]));
    let number = doc.add_object(Object::Integer(5));
    let next = doc.add_object(Object::Integer(6));
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Page", Object::Reference(page)),
        (
            "Numbers",
            Object::Array(vec![Object::Reference(number), Object::Reference(next)]),
        ),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let id = Object::String(vec![1, 2, 3, 4], StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    doc
}

/// `object` with reals that are whole numbers as integers, as a reader may read them.
fn normal(object: &Object) -> Object {
    match object {
        Object::Real(r) if r.fract() == 0.0 => Object::Integer(*r as i64),
        Object::Array(items) => Object::Array(items.iter().map(normal).collect()),
        Object::Dictionary(dict) => Object::Dictionary(normal_dict(dict)),
        other => other.clone(),
    }
}

fn normal_dict(dict: &Dictionary) -> Dictionary {
    dict.iter()
        .filter(|(k, _)| !matches!(k.as_slice(), b"Length" | b"Filter"))
        .map(|(k, v)| (k.clone(), normal(v)))
        .collect()
}

#[test]
fn every_object_reads_back_the_same_with_lopdf() {
    let doc = sample();
    let bytes = to_bytes(&doc, &Written::default());
    let back = Document::load_mem(&bytes).expect("lopdf reads the file");
    for (id, object) in &doc.objects {
        let read = back.get_object(*id).expect("object is there");
        match (object, read) {
            (Object::Stream(a), Object::Stream(b)) => {
                assert_eq!(normal_dict(&a.dict), normal_dict(&b.dict), "{id:?}");
                let content = b
                    .decompressed_content()
                    .unwrap_or_else(|_| b.content.clone());
                assert_eq!(a.content, content, "{id:?}");
            }
            (a, b) => assert_eq!(normal(a), normal(b), "{id:?}"),
        }
    }
    assert_eq!(
        back.trailer.get(b"Root").ok(),
        doc.trailer.get(b"Root").ok()
    );
    assert_eq!(back.trailer.get(b"ID").ok(), doc.trailer.get(b"ID").ok());
}

#[test]
fn dictionaries_go_into_an_object_stream_and_the_xref_is_a_stream() {
    let bytes = to_bytes(&sample(), &Written::default());
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("%PDF-1.7\n%"));
    assert!(text.contains("/Type/ObjStm"), "an object stream");
    assert!(text.contains("/Type/XRef"), "a cross-reference stream");
    assert!(!text.contains("\nxref\n") && !text.contains("trailer"));
    assert!(!text.contains("/Type/Page"), "the page is compressed");
    assert!(text.ends_with("%%EOF\n"));
    assert_eq!(
        bytes,
        to_bytes(&sample(), &Written::default()),
        "the same bytes every time"
    );
}

#[test]
fn tokens_are_separated_only_where_they_would_run_together() {
    let mut out = Vec::new();
    let object = Object::Array(vec![
        Object::Name(b"A".to_vec()),
        Object::Integer(1),
        Object::Integer(-2),
        Object::Reference((3, 0)),
        Object::Boolean(true),
        Object::Name(b"B".to_vec()),
        Object::Real(1.5),
        Object::String(b"s".to_vec(), StringFormat::Literal),
        Object::Null,
    ]);
    write_object(&mut out, &object);
    assert_eq!(out, b"[/A 1 -2 3 0 R true/B 1.5(s)null]");
}

#[test]
fn an_empty_document_still_has_a_cross_reference_stream() {
    let bytes = to_bytes(&Document::with_version("1.7"), &Written::default());
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Type/XRef") && !text.contains("ObjStm"));
}

#[test]
fn written_objects_join_the_document_in_number_order() {
    let mut doc = sample();
    let gap = (3, 0); // The sample leaves object 3 unused.
    assert!(!doc.objects.contains_key(&gap));
    let after = doc.new_object_id();
    let mut written = Written::default();
    // Written out of order, after the document's last object and into its gap.
    written.object(after.0, |out| {
        out.extend_from_slice(b"<</Type/StructElem/S/P/P");
        reference(out, gap);
        out.extend_from_slice(b"/K[0 1]>>");
    });
    written.object(gap.0, |out| {
        out.extend_from_slice(b"<</Type/StructTreeRoot>>")
    });
    let bytes = to_bytes(&doc, &written);
    let back = Document::load_mem(&bytes).expect("lopdf reads the file");
    let root = back.get_dictionary(gap).expect("the gap's object");
    assert_eq!(
        root.get(b"Type").and_then(Object::as_name).ok(),
        Some(&b"StructTreeRoot"[..])
    );
    let element = back.get_dictionary(after).expect("the last object");
    assert_eq!(
        element.get(b"P").and_then(Object::as_reference).ok(),
        Some(gap)
    );
    assert_eq!(
        element.get(b"K").ok(),
        Some(&Object::Array(vec![Object::Integer(0), Object::Integer(1)]))
    );
    for id in doc.objects.keys() {
        assert!(back.get_object(*id).is_ok(), "{id:?} is still there");
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains("StructElem"),
        "written objects are in the object stream"
    );
}

#[test]
fn a_stream_ending_in_a_carriage_return_keeps_its_length_unambiguous() {
    // Deflated data ends in any byte; with a lone LF before `endstream`, data ending in
    // CR reads as data plus a CR LF marker, one byte shorter than /Length.
    for last in [b'\r', b'\n', b'x'] {
        let mut data = b"raw bytes".to_vec();
        data.push(last);
        let mut out = Vec::new();
        write_stream_body(&mut out, &Dictionary::new(), &data);
        let start = out.windows(7).position(|w| w == b"stream\n").unwrap() + 7;
        let end = out.windows(9).position(|w| w == b"endstream").unwrap();
        let raw = &out[start..end];
        // A reader takes a CR LF before `endstream` as the marker when there is one.
        let marker = if raw.ends_with(b"\r\n") { 2 } else { 1 };
        assert_eq!(raw.len() - marker, data.len(), "last byte {last:#x}");
    }
}
