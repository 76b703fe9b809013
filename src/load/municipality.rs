//! The municipality file: its TOML schema, loading with located errors, and validation.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Diagnostic;
use crate::load::declaration::Declaration;
use crate::load::guide_table::{self, GuideTable};
use crate::load::lang_forms::{FormsUsed, Places};
use crate::load::toml_file;
pub use crate::load::values::{
    Date, MAX_TEXT_BYTES, YearMonth, closest, decode, is_slug, parse_date, parse_year_month,
    read_limited,
};
use std::collections::BTreeSet;
use toml::de::{DeString, DeTable, DeValue};

/// A validated municipality, ready to fill in the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// File stem of the TOML file, used in output paths.
    pub slug: String,
    /// The file as shown in messages.
    pub file: String,
    pub name: String,
    pub genitive: String,
    pub kind: Kind,
    pub header: Header,
    pub wording: Wording,
    pub contact: Contact,
    /// Languages the guide is published in; the first is the language of the base fields.
    pub languages: Vec<String>,
    /// Forms for the other languages, by language code.
    pub translations: BTreeMap<String, LangForms>,
    /// The guides the municipality publishes, by id order.
    pub guides: Vec<GuideTable>,
    /// Guides it publishes whose content has errors: their tables were not checked and
    /// they are not built until the guide is fixed.
    pub skipped: Vec<String>,
    /// What the file does that opas accepts but should not (a date in quotes).
    pub warnings: Vec<Diagnostic>,
}

pub use crate::load::lang_forms::LangForms;

/// Whether the municipality is a city or a municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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

/// The running header of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Document label before the service name; `None` = the language's default label.
    pub label: Option<String>,
    pub service: Service,
}

/// How the header names the e-services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, JsonSchema)]
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

pub use crate::load::wording::Wording;

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

/// A municipality file of opas (`municipalities/<slug>.toml`): one customer guide.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "opas municipality")]
pub(crate) struct RawFile {
    /// The name in the nominative, e.g. "Kokkola".
    #[schemars(with = "String", length(min = 1))]
    name: Spanned<String>,
    /// The name in the genitive, e.g. "Kokkolan"; required where the first language's text uses it (Finnish).
    #[schemars(with = "Option<String>", length(min = 1))]
    genitive: Option<Spanned<String>>,
    /// kaupunki (a city, the default) or kunta (a municipality).
    #[serde(default = "default_kind")]
    #[schemars(extend("default" = "kaupunki"))]
    kind: Kind,
    /// The line at the top of every page.
    #[serde(default)]
    header: RawHeader,
    /// How the text names the municipality, in the genitive.
    #[serde(default)]
    wording: RawWording,
    /// Who helps residents: a person or a unit, or only a phone number or an e-mail address.
    contact: RawContact,
    /// The languages of the guide, the first being that of the fields above; default ["fi"].
    #[schemars(with = "Option<Vec<String>>")]
    languages: Option<Spanned<Vec<String>>>,
    /// The forms of each language, e.g. [lang.sv] name = "Karleby"; the first's over the fields above.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawLang>")]
    lang: BTreeMap<String, Spanned<RawLang>>,
}

/// `[lang.<code>]`: the forms of one language.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLang {
    /// The name in this language, e.g. "Karleby"; default: the name above.
    #[schemars(with = "Option<String>")]
    name: Option<Spanned<String>>,
    /// The genitive in this language, if its text uses one.
    #[schemars(with = "Option<String>")]
    genitive: Option<Spanned<String>>,
    /// The document label in this language.
    #[serde(default)]
    header: RawLangHeader,
    /// How the text names the municipality in this language.
    #[serde(default)]
    wording: RawWording,
    /// The contact's unit and title in this language.
    #[serde(default)]
    contact: RawLangContact,
}

/// The header's label in a further language.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLangHeader {
    /// The document label, e.g. "Anvisning".
    #[schemars(with = "Option<String>")]
    label: Option<Spanned<String>>,
}

/// The contact's words in one language.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLangContact {
    /// The unit's name, e.g. "kundtjänst".
    #[schemars(with = "Option<String>")]
    unit: Option<Spanned<String>>,
    /// The contact's title, e.g. "tillståndsrådgivare".
    #[schemars(with = "Option<String>")]
    title: Option<Spanned<String>>,
    /// The illative, if this language's text uses one.
    #[schemars(with = "Option<String>")]
    illative: Option<Spanned<String>>,
    /// The form of the staff's addresses in this language, e.g. "fornamn.efternamn@karleby.fi".
    #[schemars(with = "Option<String>")]
    email_pattern: Option<Spanned<String>>,
}

fn default_kind() -> Kind {
    Kind::Kaupunki
}

/// The running header of the guide.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    /// The document label: "Ohje" by default, "Tiedote" for a bulletin, "" for none.
    #[schemars(with = "Option<String>")]
    label: Option<Spanned<String>>,
    /// named: the municipality's e-services by name (default); generic: a generic name; none: no service name.
    #[serde(default)]
    #[schemars(extend("default" = "named"))]
    service: Service,
}

/// How the text names the municipality, in the genitive; each defaults to the full name.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawWording {
    /// In the first sentence, e.g. "Kokkolan kaupungin" (default: genitive + kaupungin/kunnan).
    #[schemars(with = "Option<String>")]
    first: Option<Spanned<String>>,
    /// In later sentences, e.g. "kaupungin" (default: the same as first).
    #[schemars(with = "Option<String>")]
    later: Option<Spanned<String>>,
    /// Before the contact's title (default: the same as first).
    #[schemars(with = "Option<String>")]
    contact: Option<Spanned<String>>,
}

/// Who helps residents; needs a phone number, an e-mail address or an address pattern.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawContact {
    /// A named person, e.g. "Sampsa Sundqvist"; not together with unit.
    #[schemars(with = "Option<String>")]
    person: Option<Spanned<String>>,
    /// A unit, e.g. "asiakaspalvelu", printed after the municipality's name; not together with person.
    #[schemars(with = "Option<String>")]
    unit: Option<Spanned<String>>,
    /// The person or unit in the illative, e.g. "Sampsa Sundqvistiin"; required with person or unit.
    #[schemars(with = "Option<String>")]
    illative: Option<Spanned<String>>,
    /// Optional job title in lower case, e.g. "lupaneuvoja".
    #[schemars(with = "Option<String>")]
    title: Option<Spanned<String>>,
    /// Phone number, e.g. "(02) 621 1100" or "044 797 8523".
    #[schemars(with = "Option<String>")]
    phone: Option<Spanned<String>>,
    /// E-mail address, e.g. "asiakaspalvelu@pori.fi"; printed with "(@)" unless email_guard is false.
    #[schemars(with = "Option<String>")]
    email: Option<Spanned<String>>,
    /// The form of the staff's addresses instead of an address, e.g. "etunimi.sukunimi@kokkola.fi".
    #[schemars(with = "Option<String>")]
    email_pattern: Option<Spanned<String>>,
    /// Print "@" as "(@)" against address harvesters (default true).
    #[serde(default = "default_true")]
    email_guard: bool,
}

fn default_true() -> bool {
    true
}

/// What a municipality file is checked against: the content's languages and guides.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// Languages with a language file.
    pub langs: &'a [String],
    /// Guides that loaded, by id.
    pub guides: &'a BTreeMap<String, Declaration>,
    /// Guides that are declared but have errors: their tables are skipped.
    pub broken: &'a BTreeSet<String>,
    /// The forms each guide's text uses in each language.
    pub forms: &'a FormsUsed,
}

/// Reads and validates one municipality file; every problem found is returned.
pub fn load(
    root: &Path,
    path: &Path,
    shown: &str,
    known: Known<'_>,
) -> Result<Municipality, Vec<Diagnostic>> {
    let slug = slug_of(path, shown).map_err(|d| vec![d])?;
    let bytes = read_limited(root, path, shown).map_err(|d| vec![*d])?;
    let text = decode(&bytes, shown).map_err(|d| vec![*d])?;
    parse(&slug, shown, &text, known)
}

/// The top-level keys of the shared facts; any other key is a guide's table.
const SHARED_KEYS: [&str; 8] = [
    "name",
    "genitive",
    "kind",
    "header",
    "wording",
    "contact",
    "languages",
    "lang",
];

/// Validates a municipality from its TOML text against what the content declares.
pub fn parse(
    slug: &str,
    shown: &str,
    text: &str,
    known: Known<'_>,
) -> Result<Municipality, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(shown, "the municipality file is empty").hint(
            "fill in at least name, genitive (for a Finnish guide), [contact] and a table for each guide; README.md shows an example",
        )]);
    }
    let document = DeTable::parse(text)
        .map_err(|e| vec![toml_file::diagnostic(shown, &source, &e, 0..source.len())])?;
    let span = document.span();
    let mut shared = document.into_inner();
    let mut checker = Checker::new(shown, &source, known.langs);
    let tables = checker.split_guides(&mut shared, known);
    let raw = RawFile::deserialize(toml::de::Deserializer::from(Spanned::new(span, shared)))
        .map_err(|e| {
            let mut problems = checker.problems.clone();
            problems.push(toml_file::diagnostic(shown, &source, &e, 0..source.len()));
            problems
        })?;
    checker.finish(slug, raw, &tables, known)
}

/// The file stem, checked to be a safe, lower-case slug.
fn slug_of(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == crate::load::theme::ASSETS_DIR {
        return Err(Diagnostic::error(
            shown,
            format!("`{stem}` is the output folder of the theme's files; a municipality cannot have that name"),
        )
        .hint("name the file after the municipality, e.g. `mantta-vilppula.toml`"));
    }
    if is_slug(stem) {
        Ok(stem.to_string())
    } else {
        Err(Diagnostic::error(shown, format!("`{stem}` cannot be used as a municipality slug"))
            .hint("name the file with lower-case ASCII letters, digits and hyphens, e.g. `mantta-vilppula.toml`"))
    }
}

/// How to move a top-level field of older files (`date`, and a parameter's `formerly`)
/// into the guides' tables; `{value}` stands for the value as written.
fn moved_field(name: &str, guides: &BTreeMap<String, Declaration>) -> Option<String> {
    if name == "date" {
        let ids: Vec<String> = guides.keys().map(|id| format!("[{id}]")).collect();
        return Some(format!(
            "each guide has its own date: move the line `date = {{value}}` under the table of each guide the municipality publishes: {}",
            ids.join(", ")
        ));
    }
    let moves: Vec<String> = guides
        .values()
        .flat_map(|d| d.params.iter().map(move |p| (d, p)))
        .filter(|(_, p)| p.formerly.as_deref() == Some(name))
        .map(|(d, p)| format!("`{} = {{value}}` under [{}]", p.name, d.id))
        .collect();
    (!moves.is_empty()).then(|| {
        format!(
            "move it into the guide's table: write {}",
            moves.join(" or ")
        )
    })
}

/// Collects every validation problem of one file.
struct Checker<'a> {
    shown: &'a str,
    source: &'a Arc<str>,
    known_langs: &'a [String],
    problems: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(shown: &'a str, source: &'a Arc<str>, known_langs: &'a [String]) -> Self {
        Checker {
            shown,
            source,
            known_langs,
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

    /// Takes the guides' tables out of `table`, reporting old top-level fields and
    /// tables of guides that do not exist.
    fn split_guides<'i>(
        &mut self,
        table: &mut DeTable<'i>,
        known: Known<'_>,
    ) -> Vec<(Spanned<DeString<'i>>, Spanned<DeValue<'i>>)> {
        let keys: Vec<Spanned<DeString<'i>>> = table.keys().cloned().collect();
        let mut tables = Vec::new();
        for key in keys {
            let name = key.get_ref().to_string();
            if SHARED_KEYS.contains(&name.as_str()) {
                continue;
            }
            let is_table = matches!(
                table.get(name.as_str()).map(Spanned::get_ref),
                Some(DeValue::Table(_))
            );
            if known.guides.contains_key(&name) || known.broken.contains(&name) {
                if let Some(value) = table.remove(name.as_str()) {
                    tables.push((key, value));
                }
            } else if let Some(hint) = moved_field(&name, known.guides) {
                let value = table.remove(name.as_str());
                let written = value
                    .map(|v| self.source[v.span()].to_string())
                    .unwrap_or_default();
                let hint = hint.replace("{value}", &written);
                self.report(
                    key.span(),
                    &format!("`{name}` is no longer a field of the whole file"),
                    "moved into a guide's table",
                    &hint,
                );
            } else if is_table {
                table.remove(name.as_str());
                let ids: Vec<&str> = known.guides.keys().map(String::as_str).collect();
                let mut candidates = ids.clone();
                candidates.extend(["header", "wording", "contact", "lang"]);
                let hint = match closest(&name, &candidates) {
                    Some(best) => format!("did you mean `[{best}]`?"),
                    None if ids.is_empty() => {
                        "the project declares no guides: add content/<guide>/guide.toml".to_string()
                    }
                    None => format!(
                        "a table is [header], [wording], [contact], [lang.<code>] or a guide's: {}",
                        ids.join(", ")
                    ),
                };
                self.report(
                    key.span(),
                    &format!("there is no guide or table `{name}`"),
                    "unknown table",
                    &hint,
                );
            }
        }
        tables
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

    fn finish(
        mut self,
        slug: &str,
        raw: RawFile,
        tables: &[(Spanned<DeString<'_>>, Spanned<DeValue<'_>>)],
        known: Known<'_>,
    ) -> Result<Municipality, Vec<Diagnostic>> {
        let name_span = raw.name.span();
        let name = self.text(raw.name, "name");
        let written_genitive = raw.genitive.is_some();
        let genitive = self.optional(raw.genitive, "genitive").unwrap_or_default();
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
        let places = Places {
            first_genitive: written_genitive,
            name: name_span,
            contact: raw
                .contact
                .person
                .as_ref()
                .or(raw.contact.unit.as_ref())
                .map(Spanned::span),
            lang_tables: raw
                .lang
                .iter()
                .map(|(l, t)| (l.clone(), t.span()))
                .collect(),
            languages: raw.languages.as_ref().map(Spanned::span),
        };
        let contact = self.contact(raw.contact);
        let languages = self.languages(raw.languages);
        let mut translations = self.translations(raw.lang, &languages);
        let first_forms = languages.first().and_then(|l| translations.remove(l));
        let places = Places {
            first_genitive: places.first_genitive
                || first_forms.as_ref().is_some_and(|f| f.genitive.is_some()),
            ..places
        };
        let mut guides = Vec::new();
        let mut skipped = Vec::new();
        let mut warnings = Vec::new();
        for (key, value) in tables {
            let Some(decl) = known.guides.get(key.get_ref().as_ref()) else {
                skipped.push(key.get_ref().to_string());
                continue;
            };
            match guide_table::check(key.span(), value, decl, &languages) {
                Ok(mut table) => {
                    for p in std::mem::take(&mut table.quoted_dates) {
                        warnings.push(
                            Diagnostic::warning(self.shown, p.message)
                                .at(self.source, p.span, p.label)
                                .hint(p.hint),
                        );
                    }
                    guides.push(table);
                }
                Err(problems) => {
                    for p in problems {
                        self.report(p.span, &p.message, &p.label, &p.hint);
                    }
                }
            }
        }
        if tables.is_empty() && self.problems.is_empty() {
            let ids: Vec<String> = known.guides.keys().map(|id| format!("[{id}]")).collect();
            self.problems.push(
                Diagnostic::error(self.shown, "the municipality publishes no guide").hint(format!(
                    "add a table for each guide it publishes, with its date: {}",
                    ids.join(", ")
                )),
            );
        }
        let mut m = Municipality {
            slug: slug.to_string(),
            file: self.shown.to_string(),
            name,
            genitive,
            kind: raw.kind,
            header: Header {
                label,
                service: raw.header.service,
            },
            wording,
            contact,
            languages,
            translations,
            guides,
            skipped,
            warnings,
        };
        if let Some(forms) = first_forms {
            m.take_first_forms(forms);
        }
        let missing = m.missing_forms(&places, known.forms);
        for p in missing {
            self.report(p.span, &p.message, &p.label, &p.hint);
        }
        if self.problems.is_empty() {
            Ok(m)
        } else {
            Err(self.problems)
        }
    }

    /// The listed languages, each one that has content, none twice; default the first known.
    fn languages(&mut self, raw: Option<Spanned<Vec<String>>>) -> Vec<String> {
        let Some(raw) = raw else {
            return self.known_langs.iter().take(1).cloned().collect();
        };
        let span = raw.span();
        let mut languages: Vec<String> = Vec::new();
        for lang in raw.into_inner() {
            if languages.contains(&lang) {
                self.report(
                    span.clone(),
                    &format!("language `{lang}` is listed twice"),
                    "repeated",
                    "list each language once",
                );
            } else if !self.known_langs.contains(&lang) {
                let known: Vec<&str> = self.known_langs.iter().map(String::as_str).collect();
                let hint = match closest(&lang, &known) {
                    Some(best) => format!(
                        "did you mean `{best}`? The guide exists in: {}",
                        known.join(", ")
                    ),
                    None => format!("the guide exists in: {}", known.join(", ")),
                };
                self.report(
                    span.clone(),
                    &format!("unknown language `{lang}`"),
                    "no such content",
                    &hint,
                );
            } else {
                languages.push(lang);
            }
        }
        if languages.is_empty() && self.problems.is_empty() {
            self.report(
                span,
                "no languages are listed",
                "empty",
                "list at least one, e.g. languages = [\"fi\"]",
            );
        }
        languages
    }

    /// The `[lang.<code>]` tables, each for a listed language (the first's too).
    fn translations(
        &mut self,
        raw: BTreeMap<String, Spanned<RawLang>>,
        languages: &[String],
    ) -> BTreeMap<String, LangForms> {
        let mut out = BTreeMap::new();
        for (lang, table) in raw {
            let span = table.span();
            if !languages.contains(&lang) {
                self.report(
                    span,
                    &format!("`[lang.{lang}]` is not one of the municipality's languages"),
                    "not used",
                    "add the language to `languages`, or remove the table",
                );
                continue;
            }
            let t = table.into_inner();
            let what = |field: &str| format!("lang.{lang}.{field}");
            let forms = LangForms {
                name: self.optional(t.name, &what("name")),
                genitive: self.optional(t.genitive, &what("genitive")),
                label: t.header.label.map(|l| l.into_inner().trim().to_string()),
                wording: Wording {
                    first: self.optional(t.wording.first, &what("wording.first")),
                    later: self.optional(t.wording.later, &what("wording.later")),
                    contact: self.optional(t.wording.contact, &what("wording.contact")),
                },
                unit: self.optional(t.contact.unit, &what("contact.unit")),
                title: self.optional(t.contact.title, &what("contact.title")),
                illative: self.optional(t.contact.illative, &what("contact.illative")),
                email_pattern: t
                    .contact
                    .email_pattern
                    .map(|e| self.email(e, &what("contact.email_pattern"))),
            };
            out.insert(lang, forms);
        }
        out
    }

    fn contact(&mut self, raw: RawContact) -> Contact {
        let person_span = raw.person.as_ref().map(Spanned::span);
        let unit_span = raw.unit.as_ref().map(Spanned::span);
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
        if let (Some(_), Some(span)) = (person_span.as_ref(), unit_span) {
            self.report(
                span,
                "a contact is either a person or a unit, not both",
                "second contact",
                "keep `person` for a named person or `unit` for a service of the organisation",
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
                "write the address with @, e.g. \"name@example.org\"; opas prints the \"(@)\" spam guard itself",
            );
        }
        text
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

[contact]
unit = "asiakaspalvelu"
illative = "asiakaspalveluun"
email = "asiakaspalvelu@pori.fi"

[muutos]
date = 2018-03-01
passwords = "reset"
"#;

    const DECLARATION: &str = r#"
id = "muutos"
path = "muutos"
languages = ["fi", "sv"]
[lang.fi]
title = "Muutos"
pdf_file = "muutos.pdf"
[lang.sv]
title = "Ändring"
pdf_file = "andring.pdf"
[params.passwords]
type = "choice"
values = ["reset", "preserved"]
required = true
formerly = "variant"
"#;

    /// Parses `text` against three languages and the guide `muutos`.
    fn parse_with(text: &str) -> Result<Municipality, Vec<Diagnostic>> {
        let langs = vec!["fi".to_string(), "sv".to_string(), "en".to_string()];
        let source: Arc<str> = Arc::from(DECLARATION);
        let mut templates = crate::compose::templates::TemplateSet::new();
        let decl = crate::load::declaration::parse("guide.toml", &source, &langs, &mut templates)
            .expect("the test declaration is valid");
        let guides = BTreeMap::from([("muutos".to_string(), decl)]);
        let broken = BTreeSet::new();
        let forms = crate::load::lang_forms::FormsUsed::from([(
            ("muutos".to_string(), "fi".to_string()),
            crate::load::lang_forms::Needs {
                genitive: true,
                illative: true,
            },
        )]);
        let known = Known {
            langs: &langs,
            guides: &guides,
            broken: &broken,
            forms: &forms,
        };
        parse("pori", "pori.toml", text, known)
    }

    #[test]
    fn languages_default_to_the_first_and_translations_do_not_inherit_words() {
        let m = parse_with(GOOD).unwrap();
        assert_eq!(m.languages, vec!["fi"]);
        let text = format!(
            "{}[lang.sv]\nname = \"Björneborg\"\n",
            GOOD.replacen("[contact]", "languages = [\"fi\", \"sv\"]\n[contact]", 1)
        );
        let m = parse_with(&text).unwrap();
        let sv = m.in_language("sv");
        assert_eq!(sv.name, "Björneborg");
        assert_eq!(sv.genitive, "");
        assert_eq!(sv.contact.unit, None);
        assert_eq!(sv.contact.illative, None);
        assert_eq!(sv.contact.email.as_deref(), Some("asiakaspalvelu@pori.fi"));
        assert_eq!(m.in_language("fi"), m);
    }

    #[test]
    fn unknown_languages_are_located_with_a_suggestion() {
        let text = GOOD.replacen("[contact]", "languages = [\"fi\", \"se\"]\n\n[contact]", 1);
        let errors = parse_with(&text).unwrap_err();
        assert!(errors[0].message.contains("unknown language `se`"));
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `sv`?")
        );
        assert_eq!(errors[0].line_column().map(|p| p.0), Some(5));
    }

    #[test]
    fn parses_a_minimal_file_with_defaults() {
        let m = parse_with(GOOD).unwrap();
        assert_eq!(m.genitive, "Porin");
        assert_eq!(m.kind, Kind::Kaupunki);
        assert_eq!(m.guides[0].date.iso(), "2018-03-01");
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
        let errors = parse_with(&text).unwrap_err();
        assert_eq!(errors[0].line_column(), Some((11, 8)));
        assert!(errors[0].message.contains("2023-02-30"));
    }

    #[test]
    fn unknown_field_suggests_the_closest_name() {
        let text = GOOD.replace("genitive", "genetive");
        let errors = parse_with(&text).unwrap_err();
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `genitive`?"));
        assert_eq!(errors[0].line_column().map(|p| p.0), Some(3));
    }

    #[test]
    fn reports_every_validation_problem_at_once() {
        let text = GOOD
            .replace("asiakaspalvelu@pori.fi", "asiakaspalvelu at pori")
            .replace("illative = \"asiakaspalveluun\"\n", "phone = \"call us\"\n");
        let errors = parse_with(&text).unwrap_err();
        let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 3, "{messages:?}");
    }

    #[test]
    fn control_characters_in_the_header_label_are_refused() {
        let text = GOOD.replace("[contact]", "[header]\nlabel = \"a\\u0007b\"\n\n[contact]");
        let errors = parse_with(&text).unwrap_err();
        assert!(errors[0].message.contains("header.label"), "{errors:?}");
        assert_eq!(errors[0].line_column(), Some((6, 9)));
        let text = GOOD.replace("[contact]", "[header]\nlabel = \"\"\n\n[contact]");
        let m = parse_with(&text).unwrap();
        assert_eq!(m.header.label.as_deref(), Some(""));
    }

    #[test]
    fn old_top_level_fields_say_where_they_go() {
        let text = GOOD.replacen(
            "genitive = \"Porin\"\n",
            "genitive = \"Porin\"\nvariant = \"preserved\"\n",
            1,
        );
        let errors = parse_with(&text).unwrap_err();
        assert!(
            errors[0].message.contains("`variant` is no longer"),
            "{errors:?}"
        );
        let hint = errors[0].hint.as_deref().unwrap_or("");
        assert!(
            hint.contains("`passwords = \"preserved\"` under [muutos]"),
            "{hint}"
        );
        assert_eq!(errors[0].line_column(), Some((4, 1)));
    }

    #[test]
    fn a_table_for_an_unknown_guide_suggests_the_closest() {
        let errors = parse_with(&format!("{GOOD}\n[mutos]\ndate = 2020-01-01\n")).unwrap_err();
        assert!(
            errors[0]
                .message
                .contains("there is no guide or table `mutos`"),
            "{errors:?}"
        );
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `[muutos]`?")
        );
        assert_eq!(errors[0].line_column(), Some((14, 2)));
    }

    #[test]
    fn guide_tables_are_checked_against_the_declaration() {
        let errors =
            parse_with(&GOOD.replace("passwords = \"reset\"", "pasword = \"reset\"")).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("no parameter `pasword`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("has no `passwords`")),
            "{messages:?}"
        );
        assert_eq!(errors.len(), 2, "every problem at once: {messages:?}");
        let text = GOOD.replacen("[contact]", "languages = [\"fi\", \"en\"]\n\n[contact]", 1);
        let errors = parse_with(&text).unwrap_err();
        assert!(
            errors[0].message.contains("is not written in `en`"),
            "{errors:?}"
        );
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
