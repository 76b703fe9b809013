//! Writes a finished document to bytes: every object that may be compressed goes into one
//! deflated object stream, streams are written as they are, and a deflated cross-reference
//! stream replaces the xref table and trailer (ISO 32000-1, 7.5.7 and 7.5.8). Each object
//! is serialised once, in object-number order, so two builds write the same bytes.

use std::cell::RefCell;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::render::pdf::write::deflate;

/// Where the cross-reference stream says an object is.
#[derive(Clone, Copy)]
enum Entry {
    /// A free object number.
    Free,
    /// An object written on its own at this byte offset, with this generation.
    At(usize, u16),
    /// The object at this index of the object stream.
    Packed(usize),
}

thread_local! {
    // The object stream's body and table, reused by every PDF the thread writes.
    static SCRATCH: RefCell<(Vec<u8>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Objects written straight to bytes, outside the lopdf document: those a PDF has by the
/// dozen (structure elements), for which a lopdf dictionary, a hashed map with an
/// allocated key per entry, cost more than the writing. Each is a dictionary of
/// generation 0 and goes into the object stream.
#[derive(Default)]
pub struct Written {
    bytes: Vec<u8>,
    /// Object number and where its bytes are, in the order written.
    objects: Vec<(u32, std::ops::Range<usize>)>,
}

impl Written {
    /// Object `number`, as `write` writes it (a whole dictionary, `<<` to `>>`).
    pub fn object(&mut self, number: u32, write: impl FnOnce(&mut Vec<u8>)) {
        let start = self.bytes.len();
        write(&mut self.bytes);
        self.objects.push((number, start..self.bytes.len()));
    }

    /// The objects by number.
    fn sorted(&self) -> Vec<(u32, &[u8])> {
        let mut objects: Vec<(u32, &[u8])> = self
            .objects
            .iter()
            .map(|(n, range)| (*n, &self.bytes[range.clone()]))
            .collect();
        objects.sort_unstable_by_key(|(n, _)| *n);
        objects
    }
}

/// The bytes of `doc` and the objects of `written` as a PDF file with an object stream
/// and a cross-reference stream.
pub fn to_bytes(doc: &lopdf::Document, written: &Written) -> Vec<u8> {
    SCRATCH.with(|scratch| {
        let (body, table) = &mut *scratch.borrow_mut();
        write_file(doc, &written.sorted(), body, table)
    })
}

/// An object of the file: from the document, or already written.
enum Source<'a> {
    Document(&'a Object, u16),
    Written(&'a [u8]),
}

/// The objects of `doc` and `written` together, by number.
fn in_order<'a>(
    doc: &'a lopdf::Document,
    written: &'a [(u32, &'a [u8])],
) -> impl Iterator<Item = (u32, Source<'a>)> {
    let mut from_doc = doc.objects.iter().peekable();
    let mut from_written = written.iter().peekable();
    std::iter::from_fn(move || {
        let doc_next = from_doc.peek().map(|((n, _), _)| *n);
        let written_next = from_written.peek().map(|(n, _)| *n);
        match (doc_next, written_next) {
            (Some(d), Some(w)) if w < d => from_written
                .next()
                .map(|(n, bytes)| (*n, Source::Written(bytes))),
            (Some(_), _) => from_doc
                .next()
                .map(|((n, g), object)| (*n, Source::Document(object, *g))),
            (None, Some(_)) => from_written
                .next()
                .map(|(n, bytes)| (*n, Source::Written(bytes))),
            (None, None) => None,
        }
    })
}

fn write_file(
    doc: &lopdf::Document,
    written: &[(u32, &[u8])],
    body: &mut Vec<u8>,
    table: &mut Vec<u8>,
) -> Vec<u8> {
    body.clear();
    table.clear();
    let last = doc
        .objects
        .keys()
        .next_back()
        .map(|(n, _)| *n)
        .into_iter()
        .chain(written.last().map(|(n, _)| *n))
        .max()
        .map_or(0, |n| n as usize);
    // The object stream and the cross-reference stream take the two numbers after the last.
    let (stream_number, xref_number) = (last + 1, last + 2);
    let mut entries = vec![Entry::Free; xref_number + 1];
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(doc.version.as_bytes());
    // A comment of bytes above 127 marks the file as binary (PDF/A-2, 6.1.2).
    out.extend_from_slice(b"\n%\xE2\xE3\xCF\xD3\n");
    let mut packed = 0;
    for (number, source) in in_order(doc, written) {
        if let Source::Document(object, generation) = source
            && (matches!(object, Object::Stream(_)) || generation != 0)
        {
            entries[number as usize] = Entry::At(out.len(), generation);
            write_indirect(&mut out, (number, generation), object);
            continue;
        }
        entries[number as usize] = Entry::Packed(packed);
        packed += 1;
        separate(table, b'0');
        int(table, i64::from(number));
        separate(table, b'0');
        int(table, body.len() as i64);
        match source {
            Source::Document(object, _) => write_object(body, object),
            Source::Written(bytes) => body.extend_from_slice(bytes),
        }
    }
    if packed > 0 {
        entries[stream_number] = Entry::At(out.len(), 0);
        write_object_stream(&mut out, stream_number, packed, table, body);
    }
    entries[xref_number] = Entry::At(out.len(), 0);
    write_xref_stream(&mut out, xref_number, stream_number, &entries, &doc.trailer);
    out
}

/// The object stream holding `count` objects: `table` lists number and offset of each,
/// `body` holds the objects.
fn write_object_stream(
    out: &mut Vec<u8>,
    number: usize,
    count: usize,
    table: &mut Vec<u8>,
    body: &[u8],
) {
    table.push(b'\n');
    let first = table.len();
    table.extend_from_slice(body);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    dict.set("N", Object::Integer(count as i64));
    dict.set("First", Object::Integer(first as i64));
    write_stream(out, number, dict, table);
}

/// The cross-reference stream: one row of type, field 2 and field 3 per object number,
/// with the trailer's entries in its dictionary.
fn write_xref_stream(
    out: &mut Vec<u8>,
    number: usize,
    stream_number: usize,
    entries: &[Entry],
    trailer: &Dictionary,
) {
    let start = out.len();
    let rows = xref_rows(entries, stream_number);
    let widths = [
        1,
        width(rows.iter().map(|r| r.1)),
        width(rows.iter().map(|r| r.2)),
    ];
    let columns: usize = widths.iter().sum();
    let mut data = Vec::with_capacity(rows.len() * (columns + 1));
    let mut previous = vec![0u8; columns];
    let mut row = Vec::with_capacity(columns);
    for (kind, second, third) in rows {
        row.clear();
        for (value, width) in [(kind, widths[0]), (second, widths[1]), (third, widths[2])] {
            row.extend_from_slice(&value.to_be_bytes()[8 - width..]);
        }
        // PNG "Up" prediction: each byte less the one above it, which makes the column of
        // offsets mostly small numbers that deflate well.
        data.push(2);
        data.extend(row.iter().zip(&previous).map(|(b, a)| b.wrapping_sub(*a)));
        previous.copy_from_slice(&row);
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(entries.len() as i64));
    dict.set(
        "W",
        Object::Array(widths.iter().map(|w| Object::Integer(*w as i64)).collect()),
    );
    for (key, value) in trailer.iter() {
        let structural = [&b"Size"[..], b"Prev", b"XRefStm", b"Type", b"W", b"Index"];
        if !structural.contains(&key.as_slice()) {
            dict.set(key.clone(), value.clone());
        }
    }
    dict.set(
        "DecodeParms",
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Predictor", Object::Integer(12)),
            ("Columns", Object::Integer(columns as i64)),
        ])),
    );
    write_stream(out, number, dict, &data);
    out.extend_from_slice(b"startxref\n");
    int(out, start as i64);
    out.extend_from_slice(b"\n%%EOF\n");
}

/// The three fields of each object number's row. Free numbers form the list the xref
/// table would give them: each names the next free one, the last names 0.
fn xref_rows(entries: &[Entry], stream_number: usize) -> Vec<(u64, u64, u64)> {
    let mut rows = Vec::with_capacity(entries.len());
    let mut next_free = 0u64;
    for (number, entry) in entries.iter().enumerate().rev() {
        rows.push(match *entry {
            Entry::Free => {
                let generation = if number == 0 { 65535 } else { 0 };
                let row = (0, next_free, generation);
                next_free = number as u64;
                row
            }
            Entry::At(offset, generation) => (1, offset as u64, u64::from(generation)),
            Entry::Packed(index) => (2, stream_number as u64, index as u64),
        });
    }
    rows.reverse();
    rows
}

/// How many bytes the largest of `values` needs, at least one.
fn width(values: impl Iterator<Item = u64>) -> usize {
    let largest = values.max().unwrap_or(0);
    (8 - largest.leading_zeros() as usize / 8).max(1)
}

/// `data` as stream object `number`, deflated when that makes it smaller.
fn write_stream(out: &mut Vec<u8>, number: usize, mut dict: Dictionary, data: &[u8]) {
    let packed = deflate::fast(data).filter(|p| p.len() < data.len());
    if packed.is_some() {
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    } else {
        dict.remove(b"DecodeParms");
    }
    let content = packed.as_deref().unwrap_or(data);
    write_header(out, (number as u32, 0));
    write_stream_body(out, &dict, content);
}

/// `n g obj` and a line break.
fn write_header(out: &mut Vec<u8>, (number, generation): ObjectId) {
    int(out, i64::from(number));
    out.push(b' ');
    int(out, i64::from(generation));
    out.extend_from_slice(b" obj\n");
}

/// An object written on its own: `n g obj … endobj`.
fn write_indirect(out: &mut Vec<u8>, id: ObjectId, object: &Object) {
    write_header(out, id);
    match object {
        Object::Stream(stream) => write_stream_body(out, &stream.dict, &stream.content),
        other => {
            write_object(out, other);
            out.extend_from_slice(b"\nendobj\n");
        }
    }
}

/// A stream's dictionary with its true length, the content, `endstream` and `endobj`.
fn write_stream_body(out: &mut Vec<u8>, dict: &Dictionary, content: &[u8]) {
    out.extend_from_slice(b"<<");
    write_entries(out, dict.iter().filter(|(k, _)| k.as_slice() != b"Length"));
    out.extend_from_slice(b"/Length");
    separate(out, b'0');
    int(out, content.len() as i64);
    // PDF/A-2, 6.1.7.1: an end of line after `stream` and before `endstream`. Before
    // `endstream` it is CR LF: after data ending in CR, a lone LF would read as a CR LF
    // marker and the data as one byte shorter than /Length.
    out.extend_from_slice(b">>stream\n");
    out.extend_from_slice(content);
    out.extend_from_slice(b"\r\nendstream\nendobj\n");
}

/// White space and delimiters: the bytes that end a token (ISO 32000-1, 7.2.2).
const NOT_REGULAR: &[u8] = b" \t\n\r\x0C\0()<>[]{}/%";

/// Per byte: 1 when it is regular, 2 when it may stand in a name as it is.
const CLASS: [u8; 256] = {
    let mut class = [1u8; 256];
    let mut i = 0;
    while i < NOT_REGULAR.len() {
        class[NOT_REGULAR[i] as usize] = 0;
        i += 1;
    }
    let mut b = b'!';
    while b <= b'~' {
        if class[b as usize] == 1 && b != b'#' {
            class[b as usize] = 2;
        }
        b += 1;
    }
    class
};

/// Whether `byte` is a regular character: one that runs on into a neighbouring token.
fn regular(byte: u8) -> bool {
    CLASS[usize::from(byte)] != 0
}

/// A space before a token starting with `first` when the last byte would run into it.
fn separate(out: &mut Vec<u8>, first: u8) {
    if out.last().is_some_and(|b| regular(*b)) && regular(first) {
        out.push(b' ');
    }
}

/// `object` in its shortest form, with no space a reader does not need.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => push_word(out, b"null"),
        Object::Boolean(true) => push_word(out, b"true"),
        Object::Boolean(false) => push_word(out, b"false"),
        Object::Integer(n) => {
            separate(out, b'0');
            int(out, *n);
        }
        Object::Real(r) => push_real(out, *r),
        Object::Name(name) => push_name(out, name),
        Object::String(bytes, StringFormat::Literal) => push_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => push_hex(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for item in items {
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.push(b'<');
            out.push(b'<');
            write_entries(out, dict.iter());
            out.extend_from_slice(b">>");
        }
        Object::Reference(id) => reference(out, *id),
        // A stream is only ever an indirect object; inside another object it has no form.
        Object::Stream(_) => push_word(out, b"null"),
    }
}

/// A reference `n 0 R` to object `id`.
pub fn reference(out: &mut Vec<u8>, (number, generation): ObjectId) {
    separate(out, b'0');
    int(out, i64::from(number));
    out.push(b' ');
    int(out, i64::from(generation));
    out.extend_from_slice(b" R");
}

fn write_entries<'a>(out: &mut Vec<u8>, entries: impl Iterator<Item = (&'a Vec<u8>, &'a Object)>) {
    for (key, value) in entries {
        push_name(out, key);
        write_object(out, value);
    }
}

fn push_word(out: &mut Vec<u8>, word: &[u8]) {
    separate(out, word[0]);
    out.extend_from_slice(word);
}

/// A real in its shortest decimal form that reads back the same; 0 if it is not finite.
pub fn push_real(out: &mut Vec<u8>, r: f32) {
    use std::io::Write as _;
    separate(out, b'0');
    if r.is_finite() {
        // Rust's Display of a float never uses an exponent, which PDF does not allow.
        let _ = write!(out, "{r}");
    } else {
        out.push(b'0');
    }
}

/// A name, with `#xx` for delimiters, white space and bytes outside `!`..=`~`.
pub fn push_name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    if name.iter().all(|&b| CLASS[usize::from(b)] == 2) {
        out.extend_from_slice(name);
        return;
    }
    for &b in name {
        if CLASS[usize::from(b)] == 2 {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
}

/// A literal string with backslash, both parentheses and carriage return escaped.
fn push_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for &b in bytes {
        out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
    out.push(b'>');
}

/// `v` in decimal, as PDF integers are written.
pub fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
#[path = "serialize_tests.rs"]
mod tests;
