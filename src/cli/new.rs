//! `opas new <slug>`: writes a commented municipality file from the content's template.

use std::io::Write as _;
use std::path::Path;

use tera::{Context, Tera};

use crate::cli::report;
use crate::diagnostics::Diagnostic;
use crate::municipality::{self, Date};
use crate::project::DEFAULT_LANG;

/// The template's file name in `content/<lang>/`.
pub const TEMPLATE: &str = "new-municipality.toml";

/// The repository's template, used when a project has none of its own, so that `opas new`
/// also works in a project started from scratch.
const BUILT_IN: &str = include_str!("../../content/fi/new-municipality.toml");

/// What `opas new` was asked to write.
pub struct NewOptions<'a> {
    pub root: &'a Path,
    pub slug: &'a str,
    pub name: Option<&'a str>,
    pub genitive: Option<&'a str>,
    /// `reset` or `preserved`; clap has checked it.
    pub variant: &'a str,
    /// `kaupunki` or `kunta`; clap has checked it.
    pub kind: &'a str,
    /// `YYYY-MM-DD`; today when absent.
    pub date: Option<&'a str>,
    pub quiet: bool,
}

/// Writes `municipalities/<slug>.toml`; returns the number of errors (0 or 1).
pub fn run(options: &NewOptions<'_>) -> usize {
    let shown = format!("municipalities/{}.toml", options.slug);
    match write(options, &shown) {
        Ok(text) => {
            if !options.quiet {
                eprintln!("wrote {shown}");
                still_to_do(options, &shown, &text);
            }
            0
        }
        Err(d) => {
            report(&[*d]);
            1
        }
    }
}

fn write(options: &NewOptions<'_>, shown: &str) -> Result<String, Box<Diagnostic>> {
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
    let text = render(options, &date)?;
    let dir = options.root.join("municipalities");
    std::fs::create_dir_all(&dir).map_err(|e| {
        Box::new(Diagnostic::error(
            "municipalities",
            format!("cannot create the folder: {e}"),
        ))
    })?;
    // create_new refuses an existing file atomically, so a municipality is never overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dir.join(format!("{}.toml", options.slug)))
        .map_err(|e| {
            let d = if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(shown, "the municipality file already exists")
                    .hint("edit the existing file, or remove it first if you mean to start over")
            } else {
                Diagnostic::error(shown, format!("cannot create the file: {e}"))
            };
            Box::new(d)
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Box::new(Diagnostic::error(shown, format!("cannot write: {e}"))))?;
    Ok(text)
}

/// The template filled in with the options; values are written as quoted TOML strings.
fn render(options: &NewOptions<'_>, date: &Date) -> Result<String, Box<Diagnostic>> {
    let path = options
        .root
        .join("content")
        .join(DEFAULT_LANG)
        .join(TEMPLATE);
    let template = crate::files::read_in(
        options.root,
        &path,
        crate::municipality::MAX_FILE_BYTES as u64,
    )
    .ok()
    .and_then(|b| String::from_utf8(b).ok())
    .unwrap_or_else(|| BUILT_IN.to_string());
    let quoted = |s: &str| toml::Value::String(s.trim().to_string()).to_string();
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
    ctx.insert("variant", &quoted(options.variant));
    ctx.insert("date", &date.iso());
    Tera::one_off(&template, &ctx, false).map_err(|e| {
        Box::new(
            Diagnostic::error(
                format!("content/{DEFAULT_LANG}/{TEMPLATE}"),
                format!("the template failed: {e}"),
            )
            .hint("check the {{ … }} tags against the list in README.md"),
        )
    })
}

/// Lists what `opas check` will still ask for in the new file.
fn still_to_do(options: &NewOptions<'_>, shown: &str, text: &str) {
    if let Err(problems) =
        municipality::parse(options.slug, shown, text, &[DEFAULT_LANG.to_string()])
    {
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
fn today() -> Date {
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
    fn days_become_dates() {
        assert_eq!(civil_from_days(0).iso(), "1970-01-01");
        assert_eq!(civil_from_days(19_782).iso(), "2024-02-29");
        assert_eq!(civil_from_days(20_819).iso(), "2027-01-01");
    }

    #[test]
    fn the_built_in_template_renders_and_flags_what_is_missing() {
        let options = NewOptions {
            root: Path::new("/nonexistent"),
            slug: "testi",
            name: Some("Testi \"x\""),
            genitive: None,
            variant: "preserved",
            kind: "kunta",
            date: None,
            quiet: true,
        };
        let text = render(&options, &civil_from_days(0)).unwrap();
        assert!(text.starts_with("#:schema ./schema.json\n"), "{text}");
        let problems =
            municipality::parse("testi", "testi.toml", &text, &["fi".to_string()]).unwrap_err();
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages.contains(&"genitive is empty"), "{messages:?}");
        assert!(
            messages.contains(&"the contact has no phone number or e-mail address"),
            "{messages:?}"
        );
        let filled = text.replace("genitive = \"\"", "genitive = \"Testin\"")
            + "email = \"kunta@testi.fi\"\n";
        let m = municipality::parse("testi", "testi.toml", &filled, &["fi".to_string()]).unwrap();
        assert_eq!(m.name, "Testi \"x\"");
        assert_eq!(m.date.iso(), "1970-01-01");
    }
}
