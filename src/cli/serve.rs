//! `opas serve`: builds into a temporary folder, serves it, rebuilds on changes and reloads the page.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::watch;

use crate::cli::report;
use crate::cli::serve_edit::Editing;
use crate::cli::serve_server::{self, Site, Status};
use crate::cli::serve_watch;
use crate::diagnostics::{Diagnostic, render_all};
use crate::driver::check::check;
use crate::driver::publish;
use crate::driver::{Filter, Site as DriverSite};
use crate::load::municipality;
use crate::load::project;

/// The folders whose changes trigger a rebuild.
const WATCHED: [&str; 3] = ["municipalities", "content", "themes"];

/// Options of `opas serve`.
pub struct ServeOptions<'a> {
    pub root: &'a Path,
    /// `None`: any free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub quiet: bool,
    /// Print every request answered.
    pub verbose: bool,
    /// Serve the edit pages (`/_edit/`), which write municipality files.
    pub edit: bool,
    /// Allow the edit pages on an address other machines can reach.
    pub edit_on_network: bool,
}

/// What the watcher's builds share with the server.
struct Shared {
    /// Every finished build is announced here; pages wait on it for their reload.
    status: watch::Sender<Status>,
    /// The project as the last build loaded it. Held while a build writes, so that the
    /// first build and the watcher's never overlap.
    site: Mutex<Option<DriverSite>>,
    /// The served folder, canonical.
    dir: PathBuf,
}

/// Runs the server until it is stopped; returns the number of errors that kept it from starting.
pub fn run(options: &ServeOptions<'_>) -> usize {
    match start(options) {
        Ok(()) => 0,
        Err(d) => {
            report(&[*d]);
            1
        }
    }
}

fn start(options: &ServeOptions<'_>) -> Result<(), Box<Diagnostic>> {
    let root = options.root.canonicalize().map_err(|e| {
        Box::new(
            Diagnostic::error(
                options.root.display().to_string(),
                format!("cannot open the project folder: {e}"),
            )
            .hint("run opas in the project folder, or give it with --project"),
        )
    })?;
    if options.edit && !options.bind.is_loopback() && !options.edit_on_network {
        return Err(Box::new(
            Diagnostic::error(
                options.bind.to_string(),
                "the edit pages write the project's files; they are served on a network address only when asked",
            )
            .hint("leave out --bind to edit on this machine only, or add --edit-on-network"),
        ));
    }
    let token = if options.edit {
        Some(crate::cli::serve_form::new_token().map_err(|e| {
            Box::new(Diagnostic::error(
                "/dev/urandom",
                format!("cannot make the edit pages' token: {e}"),
            ))
        })?)
    } else {
        None
    };
    let base = scratch_base();
    let temp = private_folder(&base).map_err(|e| {
        Box::new(
            Diagnostic::error(
                base.display().to_string(),
                format!("cannot create the temporary folder: {e}"),
            )
            .hint("set TMPDIR to a folder you can write to"),
        )
    })?;
    let dir = temp.path().canonicalize().map_err(|e| {
        Box::new(Diagnostic::error(
            temp.path().display().to_string(),
            format!("cannot open the temporary folder: {e}"),
        ))
    })?;
    let cleanup = dir.clone();
    // Ctrl-C ends the process without running destructors, so the folder is removed here.
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&cleanup);
        std::process::exit(130);
    });

    let (status, pages) = watch::channel(Status::default());
    let shared = Arc::new(Shared {
        status,
        site: Mutex::new(None),
        dir,
    });
    // Watching starts before the first build, so that no save is missed once the URL is out.
    let _watcher = watch(&root, &shared, options.quiet)?;
    rebuild(&root, &shared, &Scope::All, true, options.quiet);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        // A fixed, small number of threads however many clients come: requests are tasks.
        .worker_threads(2)
        .max_blocking_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            Box::new(Diagnostic::error(
                "serve",
                format!("cannot start the server: {e}"),
            ))
        })?;
    let address = SocketAddr::new(options.bind, options.port.unwrap_or(0));
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .and_then(|l| Ok((l.local_addr()?, l)))
        .map_err(|e| {
            Box::new(
                Diagnostic::error(address.to_string(), format!("cannot listen: {e}"))
                    .hint("choose another port with --port, or leave it out to take any free port"),
            )
        })?;
    let (local, listener) = listener;
    let url = format!("http://{local}/");
    // The URL goes to standard output on a line of its own, so scripts can read it.
    crate::cli::print_stdout(&format!("{url}\n"));
    if let Some(token) = &token {
        // The edit pages' address, with the token every request to them needs, on the next line.
        crate::cli::print_stdout(&format!("{url}_edit/?token={token}\n"));
    }
    if !options.quiet {
        eprintln!(
            "serving {url} from {}; watching {}; Ctrl-C stops",
            shared.dir.display(),
            WATCHED.join("/, ") + "/"
        );
        if !options.bind.is_loopback() {
            eprintln!(
                "note: --bind {} lets other machines see the guides",
                options.bind
            );
        }
    }
    let site = Arc::new(Site {
        dir: shared.dir.clone(),
        status: pages,
        local,
        verbose: options.verbose,
        editing: token.map(|token| {
            Arc::new(Editing {
                root: root.clone(),
                served: shared.dir.clone(),
                token,
                saving: Mutex::new(()),
                rebuild: {
                    let (root, shared, quiet) = (root.clone(), Arc::clone(&shared), options.quiet);
                    Box::new(move |slug| rebuild_saved(&root, &shared, slug, quiet))
                },
                originals: Mutex::default(),
            })
        }),
    });
    runtime.block_on(serve_server::serve(
        listener,
        site,
        serve_server::connection_cap(),
    ));
    drop(temp);
    Ok(())
}

/// A new folder with a random name that only this user may enter. Creating it fails
/// rather than reuse a folder someone else made first, and tempfile tries another name.
fn private_folder(base: &Path) -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("opas-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder.tempdir_in(base)
}

/// Where the temporary folder goes: the memory file system when there is one and TMPDIR
/// does not say otherwise. Every build syncs each file to disk, which on a disk costs
/// more than the rest of the build; on tmpfs the sync is free and a reload comes sooner.
fn scratch_base() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if std::env::var_os("TMPDIR").is_none() && shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Which municipalities a change concerns.
#[derive(Debug, PartialEq, Eq)]
enum Scope {
    All,
    /// These municipalities, every guide of theirs.
    Only(Vec<String>),
    /// These guides, for every municipality that publishes them.
    Guides(Vec<String>),
    Nothing,
}

/// Starts the watcher and the thread that rebuilds on its changes; the returned
/// watcher must be kept alive.
fn watch(
    root: &Path,
    shared: &Arc<Shared>,
    quiet: bool,
) -> Result<notify::RecommendedWatcher, Box<Diagnostic>> {
    let (watcher, pending) = serve_watch::start(root, &WATCHED)?;
    let root = root.to_path_buf();
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        while let Some(change) = pending.next() {
            let paths: Vec<PathBuf> = change.paths.into_iter().collect();
            let (scope, themes) = if change.everything {
                (Scope::All, true)
            } else {
                let themes = paths.iter().any(|p| p.starts_with(root.join("themes")));
                (scope(&root, &shared.dir, &paths), themes)
            };
            if scope != Scope::Nothing {
                rebuild(&root, &shared, &scope, themes, quiet);
            }
        }
    });
    Ok(watcher)
}

/// A change under `municipalities/<slug>…` rebuilds that municipality when its guide is
/// already served; anything else (content, theme, a new or removed file) rebuilds all.
fn scope(root: &Path, served: &Path, paths: &[PathBuf]) -> Scope {
    let mut only: Vec<String> = Vec::new();
    let mut guides: Vec<String> = Vec::new();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        match parts.as_slice() {
            ["municipalities", file] => {
                let Some(slug) = file.strip_suffix(".toml") else {
                    // schema.json, editors' swap and backup files.
                    continue;
                };
                let exists = path.is_file();
                let built = served.join(slug).is_dir();
                if municipality::is_slug(slug) && exists && built {
                    only.push(slug.to_string());
                } else {
                    return Scope::All;
                }
            }
            ["municipalities", slug, ..] => {
                let toml = root.join("municipalities").join(format!("{slug}.toml"));
                if municipality::is_slug(slug) && toml.is_file() {
                    if served.join(slug).is_dir() {
                        only.push((*slug).to_string());
                    } else {
                        return Scope::All;
                    }
                }
            }
            // A guide's own folder: only that guide, and only if it was built before
            // (a new guide, or a guide whose id may have changed, rebuilds all).
            ["content", guide, rest @ ..]
                if *guide != crate::load::project::LANGUAGES_DIR
                    && rest.first() != Some(&"guide.toml")
                    && !rest.is_empty()
                    && built_guide(served, guide) =>
            {
                guides.push((*guide).to_string());
            }
            [first, ..] if WATCHED.contains(first) => return Scope::All,
            _ => {}
        }
    }
    only.sort();
    only.dedup();
    guides.sort();
    guides.dedup();
    match (only.is_empty(), guides.is_empty()) {
        (true, true) => Scope::Nothing,
        (false, true) => Scope::Only(only),
        (true, false) => Scope::Guides(guides),
        (false, false) => Scope::All,
    }
}

/// Whether the manifest of the served folder lists the guide `id` (its folder name is
/// its id for the guides the content ships; another name rebuilds all).
fn built_guide(served: &Path, id: &str) -> bool {
    crate::write::output::read_manifest(served)
        .is_some_and(|m| m.guides.iter().any(|g| g.guide == id))
}

/// Builds `scope` into the served folder, wakes the pages, then brings the index up to
/// date. The project stays loaded between builds: a change reloads what it touched (one
/// municipality's files; the content; the theme and fonts only when `themes/` changed).
fn rebuild(root: &Path, shared: &Shared, scope: &Scope, themes: bool, quiet: bool) {
    let mut kept = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    let (site, filter, has_errors) = build_scope(&mut kept, root, shared, scope, themes, quiet);
    // The page has reloaded with the one guide; now bring the index up to date (a new
    // name or date) with a full build of what is already loaded, which adds no reload and
    // renders only what changed. Skipped while the project has errors.
    if (filter.only.is_some() || filter.guides.is_some()) && !has_errors {
        publish::build(site, &options(&shared.dir, Filter::default()));
    }
}

/// Builds the municipality `slug`, just saved by the edit pages, into the served folder
/// and wakes the pages, before the save is answered. The index follows with the
/// watcher's build of the same change.
fn rebuild_saved(root: &Path, shared: &Shared, slug: &str, quiet: bool) {
    let mut kept = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    let scope = if municipality::is_slug(slug) && shared.dir.join(slug).is_dir() {
        Scope::Only(vec![slug.to_string()])
    } else {
        Scope::All
    };
    build_scope(&mut kept, root, shared, &scope, false, quiet);
}

/// How the served folder is written.
fn options<'a>(out: &'a Path, filter: Filter<'a>) -> publish::Options<'a> {
    publish::Options {
        out,
        out_may_be_link: true,
        filter,
        base_url: None,
    }
}

/// Brings the kept project up to date with a change of `scope`, builds that scope into
/// the served folder and wakes the pages; the site, the filter built, and whether the
/// project has errors.
fn build_scope<'a>(
    kept: &'a mut Option<DriverSite>,
    root: &Path,
    shared: &Shared,
    scope: &'a Scope,
    themes: bool,
    quiet: bool,
) -> (&'a DriverSite, Filter<'a>, bool) {
    let started = Instant::now();
    let site = reload(kept, root, scope, themes);
    let filter = Filter {
        only: match scope {
            Scope::Only(slugs) => Some(slugs.as_slice()),
            _ => None,
        },
        guides: match scope {
            Scope::Guides(ids) => Some(ids.as_slice()),
            _ => None,
        },
    };
    // A partial build carries every other guide's manifest entry and files over, so its
    // manifest and index are complete. Nothing older is put back over them: an old entry's
    // hash would then describe files that are no longer there, and a later build would
    // keep a stale page because its inputs hash the same as that entry.
    let summary = publish::build(site, &options(&shared.dir, filter));
    report(&summary.problems);
    let had_errors = shared.status.borrow().errors.is_some();
    // The page shows every error in the project, not only the rebuilt municipality's,
    // and exactly as `opas check` prints them.
    let errors = if summary.errors > 0 || had_errors {
        let findings = check(site);
        (findings.errors > 0).then(|| Arc::from(render_all(&findings.diagnostics)))
    } else {
        None
    };
    let has_errors = errors.is_some();
    // A build that left every page as it was wakes no page: a save the edit pages built
    // already, seen again by the watcher, or a file saved unchanged, reloads nothing.
    let same = !themes && !summary.changed && !has_errors && !had_errors;
    let mut generation = 0;
    shared.status.send_modify(|status| {
        if !same {
            status.generation += 1;
        }
        status.errors = errors;
        generation = status.generation;
    });
    if !quiet {
        let what = match scope {
            Scope::Only(slugs) | Scope::Guides(slugs) => slugs.join(", "),
            _ => "everything".to_string(),
        };
        eprintln!(
            "build {generation}: {what} in {} ms{}",
            started.elapsed().as_millis(),
            if has_errors {
                "; errors are shown in the page"
            } else if same {
                "; no page changed"
            } else {
                ""
            }
        );
    }
    (site, filter, has_errors)
}

/// The kept project brought up to date with a change of `scope`.
fn reload<'a>(
    kept: &'a mut Option<DriverSite>,
    root: &Path,
    scope: &Scope,
    themes: bool,
) -> &'a DriverSite {
    let site = match kept.take() {
        Some(mut site) if !themes => {
            match scope {
                Scope::Only(slugs) => project::reload_municipalities(&mut site.loaded, slugs),
                _ => site.loaded = project::load(root, None),
            }
            site
        }
        _ => DriverSite::open(root, None),
    };
    kept.insert(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_municipality_change_rebuilds_only_it_when_served() {
        let base = std::env::temp_dir().join(format!("opas-scope-{}", std::process::id()));
        let root = base.join("project");
        let served = base.join("served");
        std::fs::create_dir_all(root.join("municipalities/pori/screenshots")).unwrap();
        std::fs::create_dir_all(served.join("pori")).unwrap();
        std::fs::write(root.join("municipalities/pori.toml"), "").unwrap();
        std::fs::write(root.join("municipalities/uusi.toml"), "").unwrap();
        std::fs::write(served.join("pori/index.html"), "").unwrap();
        let m = |rel: &str| vec![root.join(rel)];
        let only = |s: &str| Scope::Only(vec![s.to_string()]);
        assert_eq!(
            scope(&root, &served, &m("municipalities/pori.toml")),
            only("pori")
        );
        assert_eq!(
            scope(
                &root,
                &served,
                &m("municipalities/pori/screenshots/login.png")
            ),
            only("pori")
        );
        assert_eq!(
            scope(&root, &served, &m("municipalities/uusi.toml")),
            Scope::All
        );
        assert_eq!(
            scope(&root, &served, &m("municipalities/gone.toml")),
            Scope::All
        );
        assert_eq!(
            scope(&root, &served, &m("municipalities/schema.json")),
            Scope::Nothing
        );
        assert_eq!(
            scope(&root, &served, &m("municipalities/.pori.toml.swp")),
            Scope::Nothing
        );
        assert_eq!(
            scope(&root, &served, &m("content/fi/steps/10-intro.md")),
            Scope::All,
            "a guide that was never built"
        );
        std::fs::write(
            served.join("manifest.json"),
            r#"{"guides": [{"municipality": "pori", "guide": "muutos", "lang": "fi",
                "title": "t", "date": "2020-01-01", "html": "pori/muutos/index.html"}]}"#,
        )
        .unwrap();
        assert_eq!(
            scope(&root, &served, &m("content/muutos/fi/steps/10-intro.md")),
            Scope::Guides(vec!["muutos".to_string()]),
            "a step of a built guide rebuilds that guide only"
        );
        assert_eq!(
            scope(&root, &served, &m("content/muutos/guide.toml")),
            Scope::All,
            "the declaration may change the guide's id or path"
        );
        assert_eq!(
            scope(&root, &served, &m("content/languages/fi.toml")),
            Scope::All
        );
        assert_eq!(
            scope(
                &root,
                &served,
                &[
                    root.join("content/muutos/fi/screens.toml"),
                    root.join("municipalities/pori.toml")
                ]
            ),
            Scope::All
        );
        assert_eq!(
            scope(&root, &served, &m("themes/default/static/opas.css")),
            Scope::All
        );
        let _ = std::fs::remove_dir_all(&base);
    }
}
