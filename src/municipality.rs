//! The municipality file: its TOML schema, loading with located errors, and validation.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Diagnostic;

/// A validated municipality, ready to fill in the guide.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// File stem of the TOML file, used in output paths.
    pub slug: String,
    /// The file as shown in messages.
    pub file: String,
    pub name: String,
    pub genitive: String,
    pub kind: Kind,
    pub date: Date,
    pub variant: Variant,
    pub changed: Option<YearMonth>,
    pub header: Header,
    pub wording: Wording,
    pub contact: Contact,
}

/// Whether the municipality is a city or a municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Kaupunki,
    Kunta,
}

impl Kind {
    /// Key of the kind in the language forms file.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Kaupunki => "kaupunki",
            Kind::Kunta => "kunta",
        }
    }
}

/// What happened to the users' passwords when the login changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// The first login e-mails a link to set a new password.
    Reset,
    /// Only the username changes; the password stays.
    Preserved,
}

impl Variant {
    pub fn key(self) -> &'static str {
        match self {
            Variant::Reset => "reset",
            Variant::Preserved => "preserved",
        }
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A year and month, e.g. when the login system changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMonth {
    pub year: u16,
    pub month: u8,
}

/// The running header of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Document label before the service name; `None` = the language's default label.
    pub label: Option<String>,
    pub service: Service,
}

/// How the header names the e-services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// "Kokkolan kaupungin sähköiset palvelut".
    #[default]
    Named,
    /// "Kaupungin sähköiset asiointipalvelut".
    Generic,
    /// No service name: with an empty label, the header shows the date only.
    None,
}

/// How the text names the municipality, in the genitive; `None` = by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wording {
    pub first: Option<String>,
    pub later: Option<String>,
    pub contact: Option<String>,
}

/// Who to contact for help.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub person: Option<String>,
    pub unit: Option<String>,
    pub illative: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub email_pattern: Option<String>,
    pub email_guard: bool,
}

// ---- the file as written ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    name: Spanned<String>,
    genitive: Spanned<String>,
    #[serde(default = "default_kind")]
    kind: Kind,
    date: Spanned<toml::Value>,
    variant: Variant,
    changed: Option<Spanned<String>>,
    #[serde(default)]
    header: RawHeader,
    #[serde(default)]
    wording: RawWording,
    contact: RawContact,
}

fn default_kind() -> Kind {
    Kind::Kaupunki
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    label: Option<Spanned<String>>,
    #[serde(default)]
    service: Service,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWording {
    first: Option<Spanned<String>>,
    later: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    person: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    illative: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    phone: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
    email_pattern: Option<Spanned<String>>,
    #[serde(default = "default_true")]
    email_guard: bool,
}

fn default_true() -> bool {
    true
}

/// Largest municipality file accepted; real ones are about one kilobyte.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

/// Reads and validates one municipality file; every problem found is returned.
pub fn load(path: &Path, shown: &str) -> Result<Municipality, Vec<Diagnostic>> {
    let slug = slug_of(path, shown).map_err(|d| vec![d])?;
    let bytes = read_limited(path, shown).map_err(|d| vec![*d])?;
    let text = decode(&bytes, shown).map_err(|d| vec![*d])?;
    parse(&slug, shown, &text)
}

/// The bytes of a text file; one larger than [`MAX_FILE_BYTES`] is refused unread.
pub fn read_limited(path: &Path, shown: &str) -> Result<Vec<u8>, Box<Diagnostic>> {
    use std::io::Read as _;
    let unreadable = |e: std::io::Error| {
        Box::new(
            Diagnostic::error(shown, format!("cannot read the file: {e}"))
                .hint("check that the file exists and is readable"),
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Box::new(
            Diagnostic::error(shown, "this is not a regular file")
                .hint("replace it with a text file, or move it out of the folder"),
        ));
    }
    let mut bytes = Vec::new();
    // One byte more than allowed, so that `decode` reports the file as too large.
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// Validates a municipality from its TOML text.
pub fn parse(slug: &str, shown: &str, text: &str) -> Result<Municipality, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(shown, "the municipality file is empty").hint(
            "fill in at least name, genitive, date, variant and [contact]; README.md shows an example",
        )]);
    }
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![toml_error(shown, &source, &e)])?;
    Checker::new(shown, &source).finish(slug, raw)
}

/// The file stem, checked to be a safe, lower-case slug.
fn slug_of(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if is_slug(stem) {
        Ok(stem.to_string())
    } else {
        Err(Diagnostic::error(shown, format!("`{stem}` cannot be used as a municipality slug"))
            .hint("name the file with lower-case ASCII letters, digits and hyphens, e.g. `mantta-vilppula.toml`"))
    }
}

/// True for lower-case ASCII words joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// UTF-8 text of the file without a byte-order mark, or a located error.
pub fn decode(bytes: &[u8], shown: &str) -> Result<String, Box<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                shown,
                format!(
                    "the file is larger than the {} KiB allowed",
                    MAX_FILE_BYTES / 1024
                ),
            )
            .hint("a municipality file holds a few short fields; check that the right file was saved here"),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let good = e.valid_up_to();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(bytes).as_ref());
            let offset = String::from_utf8_lossy(&bytes[..good]).len();
            Err(Box::new(
                Diagnostic::error(shown, "the file is not valid UTF-8 text")
                    .at(&lossy, offset..offset + 1, "this byte is not UTF-8")
                    .hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)"),
            ))
        }
    }
}

/// A TOML syntax or schema error with its position and a hint.
fn toml_error(shown: &str, source: &Arc<str>, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let span = error.span().unwrap_or(0..0);
    let whole = span.start == 0 && span.end >= source.trim_end().len();
    let hint = hint_for(&message);
    let label = if message.starts_with("missing field") {
        "in this table"
    } else if whole {
        "here"
    } else {
        "this value"
    };
    let span = if whole { 0..0 } else { span };
    let mut d = Diagnostic::error(shown, message).at(source, span, label);
    d.hint = Some(hint);
    d
}

/// What to do about a TOML error message.
fn hint_for(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split(['`', ',', ' '])
            .filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or")
            .collect();
        return match closest(field, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("remove it; the fields here are: {}", expected.join(", ")),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return format!("add `{field} = …`; README.md describes every field");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        return match closest(value, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "use one of the values listed above".to_string(),
        };
    }
    if message.contains("date") || message.contains("time") {
        return "write a real calendar date as year-month-day, e.g. date = 2018-12-14".to_string();
    }
    if message.starts_with("invalid type") {
        return "check the type: text in quotes, dates as 2018-12-14, true/false without quotes"
            .to_string();
    }
    "check the TOML syntax at the marked place: strings in double quotes, one `key = value` per line"
        .to_string()
}

/// The candidate most similar to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Collects every validation problem of one file.
struct Checker<'a> {
    shown: &'a str,
    source: &'a Arc<str>,
    problems: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(shown: &'a str, source: &'a Arc<str>) -> Self {
        Checker {
            shown,
            source,
            problems: Vec::new(),
        }
    }

    fn report(&mut self, span: Range<usize>, message: &str, label: &str, hint: &str) {
        self.problems.push(
            Diagnostic::error(self.shown, message)
                .at(self.source, span, label)
                .hint(hint),
        );
    }

    /// A required one-line text; reports empty or multi-line values.
    fn text(&mut self, value: Spanned<String>, what: &str) -> String {
        let span = value.span();
        let text = value.into_inner();
        if text.trim().is_empty() {
            self.report(
                span,
                &format!("{what} is empty"),
                "empty",
                "write the text between the quotes",
            );
        } else if text.chars().any(|c| c.is_control()) {
            self.report(
                span,
                &format!("{what} contains a line break or control character"),
                "not one line",
                "write the value on one line without tabs or line breaks",
            );
        }
        text.trim().to_string()
    }

    fn optional(&mut self, value: Option<Spanned<String>>, what: &str) -> Option<String> {
        value.map(|v| self.text(v, what))
    }

    fn finish(mut self, slug: &str, raw: RawFile) -> Result<Municipality, Vec<Diagnostic>> {
        let name = self.text(raw.name, "name");
        let genitive = self.text(raw.genitive, "genitive");
        let date = self.date(raw.date);
        let changed = raw.changed.and_then(|c| self.year_month(c));
        // An empty label is allowed (no label), but not a control character.
        let label = raw.header.label.map(|l| {
            if l.get_ref().trim().is_empty() {
                String::new()
            } else {
                self.text(l, "header.label")
            }
        });
        let wording = Wording {
            first: self.optional(raw.wording.first, "wording.first"),
            later: self.optional(raw.wording.later, "wording.later"),
            contact: self.optional(raw.wording.contact, "wording.contact"),
        };
        let contact = self.contact(raw.contact);
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        Ok(Municipality {
            slug: slug.to_string(),
            file: self.shown.to_string(),
            name,
            genitive,
            kind: raw.kind,
            date: date.expect("a date problem was reported"),
            variant: raw.variant,
            changed,
            header: Header {
                label,
                service: raw.header.service,
            },
            wording,
            contact,
        })
    }

    fn date(&mut self, value: Spanned<toml::Value>) -> Option<Date> {
        let span = value.span();
        let text = match value.get_ref() {
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::String(s) => s.clone(),
            _ => String::new(),
        };
        let parsed = parse_date(&text);
        if parsed.is_none() {
            self.report(
                span,
                &format!("`{text}` is not a valid date"),
                "not a date",
                "write the guide's date as year-month-day, e.g. date = 2018-12-14",
            );
        }
        parsed
    }

    fn year_month(&mut self, value: Spanned<String>) -> Option<YearMonth> {
        let span = value.span();
        let parsed = parse_year_month(value.get_ref());
        if parsed.is_none() {
            self.report(
                span,
                &format!("`{}` is not a year and month", value.get_ref()),
                "expected YYYY-MM",
                "write the month of the change as changed = \"2018-03\", or leave the line out",
            );
        }
        parsed
    }

    fn contact(&mut self, raw: RawContact) -> Contact {
        let person_span = raw.person.as_ref().map(Spanned::span);
        let unit_span = raw.unit.as_ref().map(Spanned::span);
        let illative_missing = raw.illative.is_none();
        let phone = raw.phone.map(|p| {
            let span = p.span();
            let text = self.text(p, "contact.phone");
            if !is_phone(&text) {
                self.report(
                    span,
                    &format!("`{text}` does not look like a phone number"),
                    "not a phone number",
                    "use digits, spaces, parentheses, + and -, e.g. \"(02) 621 1100\" or \"044 797 8523\"",
                );
            }
            text
        });
        let email = raw.email.map(|e| self.email(e, "contact.email"));
        let email_pattern = raw
            .email_pattern
            .map(|e| self.email(e, "contact.email_pattern"));
        let contact = Contact {
            person: self.optional(raw.person, "contact.person"),
            unit: self.optional(raw.unit, "contact.unit"),
            illative: self.optional(raw.illative, "contact.illative"),
            title: self.optional(raw.title, "contact.title"),
            phone,
            email,
            email_pattern,
            email_guard: raw.email_guard,
        };
        if let (Some(_), Some(span)) = (person_span.as_ref(), unit_span.clone()) {
            self.report(
                span,
                "a contact is either a person or a unit, not both",
                "second contact",
                "keep `person` for a named person or `unit` for a service such as asiakaspalvelu",
            );
        }
        if let Some(span) = person_span.or(unit_span)
            && illative_missing
        {
            self.report(
                span,
                "the contact has no illative form",
                "needs `illative`",
                "add the name in the illative for \"ota yhteyttä …\", e.g. illative = \"Markus Hakaliniin\"",
            );
        }
        if contact.phone.is_none() && contact.email.is_none() && contact.email_pattern.is_none() {
            self.problems.push(
                Diagnostic::error(
                    self.shown,
                    "the contact has no phone number or e-mail address",
                )
                .hint("add phone = \"…\", email = \"…\" or email_pattern = \"…\" under [contact]"),
            );
        }
        contact
    }

    fn email(&mut self, value: Spanned<String>, what: &str) -> String {
        let span = value.span();
        let text = self.text(value, what);
        if !is_email(&text) {
            self.report(
                span,
                &format!("`{text}` is not an e-mail address"),
                "not an e-mail address",
                "write the address with @, e.g. \"asiakaspalvelu@pori.fi\"; opas prints the \"(@)\" spam guard itself",
            );
        }
        text
    }
}

/// Parses `YYYY-MM-DD`, rejecting impossible days such as 2023-02-30.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parse_number(parts.next()?, 4)?;
    let month = parse_number(parts.next()?, 2)?;
    let day = parse_number(parts.next()?, 2)?;
    let (year, month, day) = (
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    );
    if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(Date { year, month, day })
}

fn parse_year_month(text: &str) -> Option<YearMonth> {
    let date = parse_date(&format!("{}-01", text.trim()))?;
    Some(YearMonth {
        year: date.year,
        month: date.month,
    })
}

fn parse_number(text: &str, digits: usize) -> Option<u32> {
    if text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A plausible e-mail address: one @, a dot in the domain, no spaces or markup.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let ok_char = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    !local.is_empty()
        && local.len() <= 64
        && local.chars().all(ok_char)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// A plausible phone number: digits with spaces, parentheses, + and -.
pub fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits)
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " ()+-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "Pori"
genitive = "Porin"
date = 2018-03-01
variant = "reset"

[contact]
unit = "asiakaspalvelu"
illative = "asiakaspalveluun"
email = "asiakaspalvelu@pori.fi"
"#;

    #[test]
    fn parses_a_minimal_file_with_defaults() {
        let m = parse("pori", "pori.toml", GOOD).unwrap();
        assert_eq!(m.genitive, "Porin");
        assert_eq!(m.kind, Kind::Kaupunki);
        assert_eq!(m.date.iso(), "2018-03-01");
        assert_eq!(m.header.service, Service::Named);
        assert!(m.contact.email_guard);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse_date("2023-02-30").is_none());
        assert!(parse_date("2023-13-01").is_none());
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        let text = GOOD.replace("2018-03-01", "\"2023-02-30\"");
        let errors = parse("pori", "pori.toml", &text).unwrap_err();
        assert_eq!(errors[0].line_column(), Some((4, 8)));
        assert!(errors[0].message.contains("2023-02-30"));
    }

    #[test]
    fn unknown_field_suggests_the_closest_name() {
        let text = GOOD.replace("genitive", "genetive");
        let errors = parse("pori", "pori.toml", &text).unwrap_err();
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `genitive`?"));
        assert_eq!(errors[0].line_column().map(|p| p.0), Some(3));
    }

    #[test]
    fn reports_every_validation_problem_at_once() {
        let text = GOOD
            .replace("asiakaspalvelu@pori.fi", "asiakaspalvelu at pori")
            .replace("illative = \"asiakaspalveluun\"\n", "phone = \"call us\"\n");
        let errors = parse("pori", "pori.toml", &text).unwrap_err();
        let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 3, "{messages:?}");
    }

    #[test]
    fn control_characters_in_the_header_label_are_refused() {
        let text = GOOD.replace("[contact]", "[header]\nlabel = \"a\\u0007b\"\n\n[contact]");
        let errors = parse("pori", "pori.toml", &text).unwrap_err();
        assert!(errors[0].message.contains("header.label"), "{errors:?}");
        assert_eq!(errors[0].line_column(), Some((8, 9)));
        let text = GOOD.replace("[contact]", "[header]\nlabel = \"\"\n\n[contact]");
        let m = parse("pori", "pori.toml", &text).unwrap();
        assert_eq!(m.header.label.as_deref(), Some(""));
    }

    #[test]
    fn slugs_are_plain_ascii_words() {
        assert!(is_slug("mantta-vilppula"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug("Pori"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("mänttä"));
    }

    #[test]
    fn email_and_phone_shapes() {
        assert!(is_email("etunimi.sukunimi@kokkola.fi"));
        assert!(!is_email("a@b"));
        assert!(!is_email("<script>@x.fi"));
        assert!(is_phone("(02) 621 1100"));
        assert!(!is_phone("123"));
    }
}
