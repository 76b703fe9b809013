//! The small PDF objects every part of the writer makes: the document's metadata, names
//! and text strings.

use lopdf::{Object, StringFormat};

/// Document-level facts written into the PDF's metadata.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub lang: &'a str,
    /// Seconds since 1970 of the guide's date, for both creation and modification.
    pub timestamp: i64,
}

/// A PDF text string: PDFDocEncoding when it can, UTF-16BE otherwise.
pub fn text_string(text: &str) -> Object {
    let text = &*crate::compose::controls::one_line(text);
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

/// A PDF name object.
pub fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}
