//! What makes the PDF archival (PDF/A-2a) and accessible (PDF/UA-1) beyond its tags: the
//! sRGB output intent, the Info dictionary and the XMP packet that agrees with it.

use std::sync::OnceLock;

use lopdf::{Dictionary, Object, Stream, StringFormat};

use crate::render::pdf::write::deflate;
use crate::render::pdf::write::objects::{Meta, name, text_string};

/// What the Info dictionary and the XMP packet name as the producer and creator.
pub const PRODUCER: &str = "opas";

/// The sRGB IEC 61966-2.1 profile every colour of the PDF is in (themes/default/icc/).
pub const SRGB: &[u8] = include_bytes!("../../../../themes/default/icc/sRGB.icc");

/// The output condition the profile describes, as the output intent names it.
const CONDITION: &str = "sRGB IEC61966-2.1";

/// The guide's date as `(year, month, day)`.
pub fn ymd(timestamp: i64) -> Option<(i32, u8, u8)> {
    printpdf::OffsetDateTime::from_unix_timestamp(timestamp)
        .ok()
        .map(|d| (d.year(), u8::from(d.month()), d.day()))
}

/// Adds the ICC profile and returns the output intent that names it (PDF/A-2, 6.2.3): with
/// it, the DeviceRGB colours of the pages are sRGB.
pub fn output_intent(doc: &mut lopdf::Document) -> Object {
    // Deflated once per process; every PDF carries the same bytes.
    static PACKED: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    let mut dict = Dictionary::new();
    dict.set("N", Object::Integer(3));
    let bytes = match PACKED.get_or_init(|| deflate::best(SRGB)) {
        Some(packed) => {
            dict.set("Filter", name("FlateDecode"));
            packed.clone()
        }
        None => SRGB.to_vec(),
    };
    let profile = doc.add_object(Stream::new(dict, bytes).with_compression(false));
    let literal = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    Object::Dictionary(Dictionary::from_iter(vec![
        ("Type", name("OutputIntent")),
        ("S", name("GTS_PDFA1")),
        ("OutputConditionIdentifier", literal(CONDITION)),
        ("Info", literal(CONDITION)),
        ("DestOutputProfile", Object::Reference(profile)),
    ]))
}

/// The Info dictionary: the same facts as the XMP packet, and no empty entries.
pub fn info(meta: &Meta<'_>) -> Dictionary {
    let mut dict = Dictionary::new();
    for (key, value) in [
        ("Title", meta.title),
        ("Author", meta.author),
        ("Subject", meta.subject),
        ("Creator", PRODUCER),
        ("Producer", PRODUCER),
    ] {
        if !value.trim().is_empty() {
            dict.set(key, text_string(value));
        }
    }
    if let Some((y, m, d)) = ymd(meta.timestamp) {
        let date = format!("D:{y:04}{m:02}{d:02}000000+00'00'");
        dict.set("CreationDate", Object::string_literal(date.as_str()));
        dict.set("ModDate", Object::string_literal(date));
    }
    dict
}

fn xml_escape(text: &str) -> String {
    crate::compose::controls::one_line(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The PDF/A extension schema for the pdfuaid namespace, which PDF/A-2 does not predefine
/// (ISO 19005-2, 6.6.2.3).
const PDFUA_SCHEMA: &str = r#"<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"#;

/// The XMP packet: the Info dictionary's facts, the PDF/A-2a and PDF/UA-1 claims and the
/// extension schema PDF/A asks for.
pub fn xmp(meta: &Meta<'_>) -> String {
    let date = ymd(meta.timestamp)
        .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}T00:00:00Z"))
        .unwrap_or_default();
    let mut facts = String::new();
    let mut fact = |empty: bool, line: String| {
        if !empty {
            facts.push_str(&line);
            facts.push('\n');
        }
    };
    let blank = |s: &str| s.trim().is_empty();
    fact(
        blank(meta.title),
        format!(
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
            xml_escape(meta.title)
        ),
    );
    fact(
        blank(meta.author),
        format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            xml_escape(meta.author)
        ),
    );
    fact(
        blank(meta.subject),
        format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            xml_escape(meta.subject)
        ),
    );
    fact(
        blank(meta.lang),
        format!(
            "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
            xml_escape(meta.lang)
        ),
    );
    for tag in ["CreateDate", "ModifyDate", "MetadataDate"] {
        fact(date.is_empty(), format!("<xmp:{tag}>{date}</xmp:{tag}>"));
    }
    let bom = '\u{feff}';
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
{facts}<xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
{PDFUA_SCHEMA}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}
