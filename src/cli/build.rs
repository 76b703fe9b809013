//! `opas build`: writes every guide, the index and the manifest to the output folder.

use std::path::Path;

use crate::cli::report;
use crate::diagnostics::Diagnostic;
use crate::render::html::{self, Alternate, IndexEntry, IndexVersion, PageLinks};
use rayon::prelude::*;

use crate::compose::document;
use crate::compose::model::Document;
use crate::load::municipality::Municipality;
use crate::load::project::{self, Entry, Loaded};
use crate::load::project::{LocalFiles, ScreenshotFile};
use crate::load::theme::{self, Theme};
use crate::render::pdf::Fonts;
use crate::write::output::{Manifest, ManifestEntry, Writer};
use crate::write::{incremental, output};

/// Options of a build.
pub struct BuildOptions<'a> {
    pub root: &'a Path,
    pub out: &'a Path,
    pub only: Option<&'a [String]>,
    /// Build only these guides (by id); the others keep their last version.
    pub guides: Option<&'a [String]>,
    pub quiet: bool,
    /// Where the output folder is published, for absolute URLs in the pages.
    pub base_url: Option<&'a str>,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Summary {
    pub built: usize,
    pub failed: Vec<String>,
    pub errors: usize,
}

/// What a build loads before it renders: the project, the theme and the PDF fonts.
pub struct Setup {
    pub loaded: Loaded,
    pub theme: Result<Theme, Vec<Diagnostic>>,
    pub fonts: Result<Fonts, Box<Diagnostic>>,
}

/// Loads the project beside the theme and the fonts: they read separate files, and
/// on two cores a build's setup takes the time of the longer of the two.
pub fn setup(root: &Path, only: Option<&[String]>) -> Setup {
    let (loaded, (theme, fonts)) = rayon::join(
        || project::load(root, only),
        || (theme::load(root, "default"), Fonts::load(root, "default")),
    );
    Setup {
        loaded,
        theme,
        fonts,
    }
}

/// Builds the project; broken municipalities are reported and skipped.
pub fn run(options: &BuildOptions<'_>) -> Summary {
    let Setup {
        loaded,
        theme,
        fonts,
    } = setup(options.root, options.only);
    report(&loaded.warnings);
    // A guide with errors is left out; the others are built.
    report(&loaded.guide_problems);
    let mut global = loaded.problems.clone();
    global.extend(unknown_guides(&loaded, options.guides));
    if let Err(problems) = &theme {
        global.extend(problems.iter().cloned());
    }
    if let Err(problem) = &fonts {
        global.push((**problem).clone());
    }
    let (Ok(theme), Ok(fonts), true) = (theme, fonts, global.is_empty()) else {
        report(&global);
        eprintln!("error: nothing was built; fix the errors above");
        return Summary {
            errors: global.len().max(1) + loaded.guide_problems.len(),
            ..Summary::default()
        };
    };
    let writer = match Writer::new(options.out) {
        Ok(writer) => writer,
        Err(e) => {
            report(&[Diagnostic::error(
                options.out.display().to_string(),
                format!("cannot use the output folder: {e}"),
            )
            .hint("give another folder with --out, or remove the file that stands in the way")]);
            return Summary {
                errors: 1,
                ..Summary::default()
            };
        }
    };
    let mut summary = build_all(&loaded, &theme, &fonts, &writer, options);
    summary.errors += loaded.guide_problems.len();
    summary
}

fn build_all(
    loaded: &Loaded,
    theme: &Theme,
    fonts: &Fonts,
    writer: &Writer,
    options: &BuildOptions<'_>,
) -> Summary {
    let previous = writer.previous_manifest().unwrap_or_default();
    let mut summary = Summary::default();
    let mut manifest = Manifest::default();
    let write_error = |summary: &mut Summary, what: &str, e: std::io::Error| {
        report(&[Diagnostic::error(what, format!("cannot write: {e}"))
            .hint("check the output folder's permissions and free space")]);
        summary.errors += 1;
    };
    for (rel, bytes) in &theme.assets {
        if let Err(e) = writer.write(&format!("{}/{rel}", html::ASSETS_DIR), bytes) {
            write_error(&mut summary, rel, e);
        }
    }
    let fingerprint = incremental::build_fingerprint(theme);
    let subsets = crate::render::pdf::Subsets::default();
    // Municipalities are independent: build them in parallel, report in file order.
    let results: Vec<_> = loaded
        .entries
        .par_iter()
        .map(|entry| {
            let ctx = BuildContext {
                loaded,
                theme,
                fonts,
                subsets: &subsets,
                writer,
                previous: &previous,
                fingerprint,
                base_url: options.base_url,
                guides: options.guides,
            };
            build_municipality(&ctx, entry)
        })
        .collect();
    for (entry, result) in loaded.entries.iter().zip(results) {
        match result {
            Ok(built) => {
                summary.built += built.len();
                manifest.guides.extend(built);
            }
            Err(problems) => {
                summary.errors += problems.len();
                summary.failed.push(entry.slug.clone());
                report(&problems);
            }
        }
    }
    // Guides not built now keep their last good version: those of broken municipalities,
    // broken guides, and with --only every other municipality.
    let built: Vec<(&str, &str)> = manifest
        .guides
        .iter()
        .map(|g| (g.municipality.as_str(), g.guide.as_str()))
        .collect();
    let carried: Vec<(String, String)> = previous
        .guides
        .iter()
        .map(|g| (g.municipality.clone(), g.guide.clone()))
        .filter(|(slug, guide)| !built.contains(&(slug.as_str(), guide.as_str())))
        .filter(|(slug, guide)| {
            summary.failed.contains(slug)
                || loaded.broken_guides.contains(guide)
                || options.only.is_some()
                || options.guides.is_some()
        })
        .collect();
    manifest.guides.extend(
        previous
            .guides
            .iter()
            .filter(|g| carried.contains(&(g.municipality.clone(), g.guide.clone())))
            .cloned(),
    );
    manifest
        .guides
        .sort_by(|a, b| (&a.municipality, &a.guide).cmp(&(&b.municipality, &b.guide)));
    match html::render_index(theme, &index_entries(&manifest.guides)) {
        Ok(page) => {
            if let Err(e) = writer.write("index.html", page.as_bytes()) {
                write_error(&mut summary, "index.html", e);
            }
        }
        Err(d) => {
            summary.errors += 1;
            report(&[d]);
        }
    }
    let mut keep = writer.written();
    // The files of a carried guide: its pages, PDFs and screenshots.
    let carried_dirs: Vec<String> = previous
        .guides
        .iter()
        .filter(|g| carried.contains(&(g.municipality.clone(), g.guide.clone())))
        .filter_map(|g| g.html.rsplit_once('/').map(|(dir, _)| format!("{dir}/")))
        .collect();
    keep.extend(
        previous
            .files
            .iter()
            .filter(|f| {
                carried_dirs.iter().any(|d| {
                    f.starts_with(d.as_str()) && !f[d.len()..].contains('/')
                        || f.starts_with(&format!("{d}screenshots/"))
                })
            })
            .cloned(),
    );
    keep.push(output::MANIFEST.to_string());
    keep.sort();
    keep.dedup();
    manifest.files = keep.clone();
    if let Err(e) = writer.write_manifest(&manifest) {
        write_error(&mut summary, output::MANIFEST, e);
    } else {
        writer.remove_stale(&previous, &keep);
    }
    if !options.quiet {
        eprintln!(
            "built {} into {}{}",
            crate::cli::count(summary.built, "guide", "guides"),
            options.out.display(),
            if summary.failed.is_empty() {
                String::new()
            } else {
                format!("; failed: {}", summary.failed.join(", "))
            }
        );
    }
    summary
}

/// Builds and writes one municipality's guides in all its languages; nothing is
/// written unless every one of them rendered.
/// What every municipality's build reads.
struct BuildContext<'a> {
    loaded: &'a Loaded,
    theme: &'a Theme,
    fonts: &'a Fonts,
    subsets: &'a crate::render::pdf::Subsets,
    writer: &'a Writer,
    previous: &'a Manifest,
    fingerprint: u64,
    base_url: Option<&'a str>,
    guides: Option<&'a [String]>,
}

fn build_municipality(
    ctx: &BuildContext<'_>,
    entry: &Entry,
) -> Result<Vec<ManifestEntry>, Vec<Diagnostic>> {
    let (m, locals) = entry.result.as_ref().map_err(Clone::clone)?;
    let docs = document::build_all(m, ctx.loaded, locals, ctx.guides)?;
    let dirs: Vec<String> = docs.iter().map(|d| doc_dir(ctx.loaded, m, d)).collect();
    let mut units: Vec<Vec<OutputFile>> = Vec::new();
    let mut built = Vec::new();
    for (doc, dir) in docs.iter().zip(&dirs) {
        let siblings: Vec<(&Document, &String)> = docs
            .iter()
            .zip(&dirs)
            .filter(|(other, other_dir)| other.guide == doc.guide && *other_dir != dir)
            .collect();
        let links = page_links(ctx, doc, dir, &siblings);
        let local = locals.get(&(doc.guide.clone(), doc.lang.clone()));
        let (entry, guide_files) = render_guide(ctx, m, doc, dir, links, local)?;
        units.push(guide_files);
        built.push(entry);
    }
    // Nothing is written unless every guide rendered; each guide's files go in as a unit.
    for files in &units {
        ctx.writer.write_unit(files).map_err(|(rel, e)| {
            vec![
                Diagnostic::error(rel, format!("cannot write: {e}"))
                    .hint("check the output folder's permissions and free space; the guide's previous files are unchanged"),
            ]
        })?;
    }
    Ok(built)
}

/// The links around a guide's page: its PDF, and the same guide in its other languages.
fn page_links(
    ctx: &BuildContext<'_>,
    doc: &Document,
    dir: &str,
    siblings: &[(&Document, &String)],
) -> PageLinks {
    let absolute = |path: &str| {
        ctx.base_url
            .map(|b| format!("{}/{path}", b.trim_end_matches('/')))
    };
    PageLinks {
        canonical: absolute(&format!("{dir}/index.html")),
        root: "../".repeat(dir.split('/').count()),
        pdf: Some(doc.pdf_file.clone()),
        alternates: siblings
            .iter()
            .map(|(other, other_dir)| {
                let path = format!("{other_dir}/index.html");
                Alternate {
                    lang: other.lang.clone(),
                    name: other.strings.language_name.clone(),
                    href: relative(dir, &path),
                    url: absolute(&path),
                }
            })
            .collect(),
    }
}

/// An error for each id of `--guide` that names no guide.
fn unknown_guides(loaded: &Loaded, guides: Option<&[String]>) -> Vec<Diagnostic> {
    let ids: Vec<&str> = loaded.decls.keys().map(String::as_str).collect();
    guides
        .unwrap_or_default()
        .iter()
        .filter(|g| !loaded.decls.contains_key(*g) && !loaded.broken_guides.contains(*g))
        .map(|g| {
            let hint = match crate::load::values::closest(g, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the guides are: {}", ids.join(", ")),
            };
            Diagnostic::error(format!("content/{g}/guide.toml"), format!("no guide `{g}`"))
                .hint(hint)
        })
        .collect()
}

/// A file to write: its path in the output folder and its bytes.
type OutputFile = (String, Vec<u8>);

/// Renders one guide's page and PDF unless its inputs are unchanged; returns its
/// manifest entry and the files to write.
fn render_guide(
    ctx: &BuildContext<'_>,
    m: &Municipality,
    doc: &Document,
    dir: &str,
    links: PageLinks,
    local: Option<&LocalFiles>,
) -> Result<(ManifestEntry, Vec<OutputFile>), Vec<Diagnostic>> {
    let pdf_path = format!("{dir}/{}", doc.pdf_file);
    let html_path = format!("{dir}/index.html");
    let shots: Vec<&ScreenshotFile> = local
        .map(|l| l.screenshots.values().collect())
        .unwrap_or_default();
    let hash = incremental::guide_hash(ctx.fingerprint, doc, &links, shots.iter().copied());
    let shot_paths: Vec<String> = shots
        .iter()
        .map(|s| format!("{dir}/screenshots/{}", s.file_name))
        .collect();
    let unchanged = ctx.previous.guides.iter().any(|g| {
        g.municipality == m.slug
            && g.guide == doc.guide
            && g.lang == doc.lang
            && g.hash == hash
            && g.pdf.as_deref() == Some(&pdf_path)
    });
    // Every file must still be in place; `keep` records those that are.
    let skip = unchanged
        && [&html_path, &pdf_path]
            .into_iter()
            .chain(&shot_paths)
            .all(|f| ctx.writer.keep(f));
    let mut files = Vec::new();
    if !skip {
        let pdf = crate::render::pdf::render(doc, ctx.fonts, ctx.subsets).map_err(|d| vec![*d])?;
        let page = html::render_guide(ctx.theme, doc, &links).map_err(|d| vec![d])?;
        for (shot, path) in shots.iter().zip(&shot_paths) {
            files.push((path.clone(), shot.bytes.to_vec()));
        }
        files.push((html_path.clone(), page.into_bytes()));
        files.push((pdf_path.clone(), pdf));
    }
    let entry = ManifestEntry {
        municipality: m.slug.clone(),
        guide: doc.guide.clone(),
        lang: doc.lang.clone(),
        title: doc.title.clone(),
        date: doc.date_iso.clone(),
        html: html_path,
        pdf: Some(pdf_path),
        issuer: doc.issuer.clone(),
        date_text: doc.date_text.clone(),
        language_name: doc.strings.language_name.clone(),
        hash,
    };
    Ok((entry, files))
}

/// The folder of a document in the output: `<slug>/<guide path>` for the guide's first
/// language, `<slug>/<guide path>/<lang>` for the others.
fn doc_dir(loaded: &Loaded, m: &Municipality, doc: &Document) -> String {
    let path = loaded
        .guides
        .get(&doc.guide)
        .map_or(doc.guide.as_str(), |g| g.decl.path.as_str());
    let primary = m
        .guides
        .iter()
        .find(|t| t.guide == doc.guide)
        .and_then(|t| t.languages.first())
        .map_or(project::DEFAULT_LANG, String::as_str);
    guide_dir(&format!("{}/{path}", m.slug), &doc.lang, primary)
}

/// The folder of a guide in the output: `<slug>` for the first language, `<slug>/<lang>` for the others.
pub fn guide_dir(slug: &str, lang: &str, primary: &str) -> String {
    if lang == primary {
        slug.to_string()
    } else {
        format!("{slug}/{lang}")
    }
}

/// The path of `to` (relative to the output root) as seen from the folder `from`.
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// The index page's entries: the manifest's guides, one entry per municipality and
/// guide with its languages.
fn index_entries(guides: &[ManifestEntry]) -> Vec<IndexEntry> {
    let mut entries: Vec<IndexEntry> = Vec::new();
    for g in guides {
        let version = IndexVersion {
            lang: g.lang.clone(),
            name: g.language_name.clone(),
            title: g.title.clone(),
            html: g.html.clone(),
            pdf: g.pdf.clone(),
        };
        match entries.last_mut() {
            Some(last) if last.slug == g.municipality && last.guide == g.guide => {
                last.versions.push(version);
            }
            _ => entries.push(IndexEntry {
                slug: g.municipality.clone(),
                guide: g.guide.clone(),
                issuer: g.issuer.clone(),
                title: g.title.clone(),
                date_text: g.date_text.clone(),
                versions: vec![version],
            }),
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_between_language_folders() {
        assert_eq!(
            relative("kokkola", "kokkola/sv/index.html"),
            "sv/index.html"
        );
        assert_eq!(
            relative("kokkola/sv", "kokkola/index.html"),
            "../index.html"
        );
        assert_eq!(
            relative("kokkola/sv", "kokkola/en/index.html"),
            "../en/index.html"
        );
        assert_eq!(guide_dir("espoo", "sv", "fi"), "espoo/sv");
        assert_eq!(guide_dir("espoo", "fi", "fi"), "espoo");
    }
}
