//! `opas new <slug>`: writes a commented municipality file from the content's template.

use std::path::Path;

use tera::Context;

use crate::cli::report;
pub use crate::compose::edit::new_table::{comment, guide_table};
use crate::compose::templates::TemplateSet;
use crate::diagnostics::Diagnostic;
use crate::load::declaration::Declaration;
use crate::load::files::MAX_TEXT_BYTES;
use crate::load::municipality::{self, Date};
use crate::load::params::basic_string;
use crate::load::project::{self, Loaded};

/// The template's file name in `content/`.
pub const TEMPLATE: &str = "new-municipality.toml";

/// The repository's template, used when a project has none of its own, so that `opas new`
/// also works in a project started from scratch.
const BUILT_IN: &str = include_str!("../../content/new-municipality.toml");

/// What `opas new` was asked to write.
pub struct NewOptions<'a> {
    pub root: &'a Path,
    pub slug: &'a str,
    /// The municipality's languages, the first its own; none: Finnish only.
    pub languages: &'a [String],
    pub name: Option<&'a str>,
    pub genitive: Option<&'a str>,
    /// The guides to add a table for, by id.
    pub guides: &'a [String],
    /// `kaupunki` or `kunta`; clap has checked it.
    pub kind: &'a str,
    /// The guides' date, `YYYY-MM-DD`; today when absent.
    pub date: Option<&'a str>,
    pub quiet: bool,
}

/// Writes `municipalities/<slug>.toml` as `opas new` does, printing nothing: what the edit
/// pages' "new municipality" does. The text written, or why nothing was.
pub(crate) fn create(options: &NewOptions<'_>) -> Result<String, Box<Diagnostic>> {
    let shown = format!("municipalities/{}.toml", options.slug);
    let loaded = project::load(options.root, Some(&[]));
    write(options, &shown, &loaded)
}

/// Writes `municipalities/<slug>.toml`; returns the number of errors (0 or 1).
pub fn run(options: &NewOptions<'_>) -> usize {
    let shown = format!("municipalities/{}.toml", options.slug);
    let loaded = project::load(options.root, Some(&[]));
    match write(options, &shown, &loaded) {
        Ok(text) => {
            if !options.quiet {
                eprintln!("wrote {shown}");
                still_to_do(options, &shown, &text, &loaded);
            }
            0
        }
        Err(d) => {
            report(&[*d]);
            1
        }
    }
}

fn write(
    options: &NewOptions<'_>,
    shown: &str,
    loaded: &Loaded,
) -> Result<String, Box<Diagnostic>> {
    if !municipality::is_slug(options.slug) {
        return Err(Box::new(
            Diagnostic::error(
                shown,
                format!("`{}` cannot be used as a municipality slug", options.slug),
            )
            .hint("use lower-case ASCII letters, digits and hyphens, e.g. `mantta-vilppula`"),
        ));
    }
    let date = match options.date {
        Some(text) => municipality::parse_date(text).ok_or_else(|| {
            Box::new(
                Diagnostic::error(shown, format!("`{text}` is not a valid date"))
                    .hint("give --date as year-month-day, e.g. --date 2024-01-31"),
            )
        })?,
        None => today(),
    };
    languages_known(options.languages, loaded, shown)?;
    let mut decls = Vec::new();
    for id in options.guides {
        decls.push(declaration(loaded, id, shown)?);
    }
    let mut guides: Vec<String> = decls.iter().map(|d| guide_table(d, &date)).collect();
    if guides.is_empty() {
        let ids: Vec<&str> = loaded.guides.keys().map(String::as_str).collect();
        guides.push(format!(
            "# TÄYTÄ: taulukko jokaiselle julkaistavalle ohjeelle, esim. `opas new {} --guide <id>`\n\
             # uuteen tiedostoon ja taulukon kopiointi tänne. / FILL IN: a table for each guide\n\
             # the municipality publishes. Ohjeet / guides: {}\n",
            options.slug,
            ids.join(", ")
        ));
    }
    let text = render(options, &guides.join("\n"))?;
    fits(shown, &text)?;
    // A municipality is never overwritten: the file is linked into place only if none is there.
    crate::write::municipality::create(options.root, options.slug, &text).map_err(|e| {
        let d = if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(shown, "the municipality file already exists")
                .hint("edit the existing file, or remove it first if you mean to start over")
        } else {
            Diagnostic::error(shown, format!("cannot create the file: {e}"))
        };
        Box::new(d)
    })?;
    Ok(text)
}

/// Refuses a language without a language file, or one listed twice.
fn languages_known(
    languages: &[String],
    loaded: &Loaded,
    shown: &str,
) -> Result<(), Box<Diagnostic>> {
    let known: Vec<&str> = loaded.languages.keys().map(String::as_str).collect();
    for (i, lang) in languages.iter().enumerate() {
        let problem = if languages[..i].contains(lang) {
            format!("language `{lang}` is listed twice")
        } else if !known.contains(&lang.as_str()) {
            format!("unknown language `{lang}`")
        } else {
            continue;
        };
        let hint = match municipality::closest(lang, &known) {
            Some(best) if best != lang => format!(
                "did you mean `{best}`? The languages are: {}",
                known.join(", ")
            ),
            _ => format!(
                "list each once, the municipality's own first; the languages are: {}",
                known.join(", ")
            ),
        };
        return Err(Box::new(Diagnostic::error(shown, problem).hint(hint)));
    }
    Ok(())
}

/// Refuses a file larger than opas reads back as a municipality file.
fn fits(shown: &str, text: &str) -> Result<(), Box<Diagnostic>> {
    if text.len() as u64 <= MAX_TEXT_BYTES {
        return Ok(());
    }
    Err(Box::new(
        Diagnostic::error(
            shown,
            format!(
                "the new file would be {} KiB, more than the {} KiB opas reads in a municipality file; nothing was written",
                text.len().div_ceil(1024),
                MAX_TEXT_BYTES / 1024
            ),
        )
        .hint("give fewer guides with --guide, or shorten the parameters' descriptions in their guide.toml"),
    ))
}

/// The declaration of the guide `id`, or an error with the closest id.
fn declaration<'a>(
    loaded: &'a Loaded,
    id: &str,
    shown: &str,
) -> Result<&'a Declaration, Box<Diagnostic>> {
    loaded.guides.get(id).ok_or_else(|| {
        let ids: Vec<&str> = loaded.guides.keys().map(String::as_str).collect();
        let hint = match municipality::closest(id, &ids) {
            Some(best) => format!("did you mean `--guide {best}`?"),
            None => format!("the guides are: {}", ids.join(", ")),
        };
        Box::new(Diagnostic::error(shown, format!("there is no guide `{id}`")).hint(hint))
    })
}

/// The template filled in with the options, in the sandbox of every template (its errors
/// located in it); values are written as quoted TOML strings.
fn render(options: &NewOptions<'_>, guides: &str) -> Result<String, Box<Diagnostic>> {
    let path = options.root.join("content").join(TEMPLATE);
    let template =
        crate::load::files::read_in(options.root, &path, crate::load::files::MAX_TEXT_BYTES)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| BUILT_IN.to_string());
    let quoted = |s: &str| basic_string(s.trim());
    let mut ctx = Context::new();
    ctx.insert("slug", options.slug);
    ctx.insert("name", &quoted(options.name.unwrap_or("")));
    ctx.insert(
        "has_name",
        &options.name.is_some_and(|s| !s.trim().is_empty()),
    );
    ctx.insert("genitive", &quoted(options.genitive.unwrap_or("")));
    ctx.insert(
        "has_genitive",
        &options.genitive.is_some_and(|s| !s.trim().is_empty()),
    );
    ctx.insert("kind", &quoted(options.kind));
    let langs: Vec<String> = options.languages.iter().map(|l| basic_string(l)).collect();
    ctx.insert("languages", &format!("[{}]", langs.join(", ")));
    ctx.insert("has_languages", &!options.languages.is_empty());
    let first = options.languages.first().map_or("fi", String::as_str);
    ctx.insert("finnish_first", &(first == "fi"));
    ctx.insert(
        "finnish_later",
        &(first != "fi" && options.languages.iter().any(|l| l == "fi")),
    );
    ctx.insert("guides", guides);
    let shown = format!("content/{TEMPLATE}");
    let mut set = TemplateSet::new();
    set.add(TEMPLATE, &shown, &template)?;
    set.render(TEMPLATE, &ctx)
}

/// Lists what `opas check` will still ask for in the new file.
fn still_to_do(options: &NewOptions<'_>, shown: &str, text: &str, loaded: &Loaded) {
    if let Err(problems) = municipality::parse(options.slug, shown, text, loaded.known()) {
        eprintln!("still to fill in (`opas check` reports these until they are done):");
        for p in problems {
            eprintln!("  - {}", p.message);
        }
    }
    if !options.root.join("municipalities/schema.json").exists() {
        eprintln!(
            "note: municipalities/schema.json is missing; `opas schema > municipalities/schema.json` lets editors check the file as you type"
        );
    }
}

/// Today's date in UTC, from the system clock.
pub(crate) fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: u16::try_from(year).unwrap_or(1970),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_a_comment_is_commented_out() {
        assert_eq!(
            comment("fi: a\r\napp = \"x\"\rb\u{0}\tc"),
            "# fi: a\n# app = \"x\"b\tc\n"
        );
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0).iso(), "1970-01-01");
        assert_eq!(civil_from_days(19_782).iso(), "2024-02-29");
        assert_eq!(civil_from_days(20_819).iso(), "2027-01-01");
    }

    #[test]
    fn the_built_in_template_renders_and_flags_what_is_missing() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = project::load(repo, Some(&[]));
        let guides = ["kayttajatunnusmuutos".to_string()];
        let options = NewOptions {
            root: Path::new("/nonexistent"),
            slug: "testi",
            languages: &[],
            name: Some("Testi \"x\""),
            genitive: None,
            guides: &guides,
            kind: "kunta",
            date: None,
            quiet: true,
        };
        let decl = declaration(&loaded, "kayttajatunnusmuutos", "testi.toml").unwrap();
        let table = guide_table(decl, &civil_from_days(0));
        let text = render(&options, &table).unwrap();
        assert!(text.starts_with("#:schema ./schema.json\n"), "{text}");
        let problems =
            municipality::parse("testi", "testi.toml", &text, loaded.known()).unwrap_err();
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages.contains(&"genitive is empty"), "{messages:?}");
        assert!(
            messages.contains(&"the contact has no phone number or e-mail address"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`[kayttajatunnusmuutos]` has no `passwords`"),
            "{messages:?}"
        );
        let filled = text
            .replace("genitive = \"\"", "genitive = \"Testin\"")
            .replace("# passwords = \"reset\"", "passwords = \"reset\"")
            .replace("# email = ", "email = ");
        let m = municipality::parse("testi", "testi.toml", &filled, loaded.known()).unwrap();
        assert_eq!(m.name, "Testi \"x\"");
        assert_eq!(m.guides[0].date.iso(), "1970-01-01");
        assert!(
            declaration(&loaded, "kayttajatunnusmutos", "testi.toml")
                .unwrap_err()
                .hint
                .unwrap_or_default()
                .contains("did you mean `--guide kayttajatunnusmuutos`?")
        );
    }
}
