//! `opas serve`: builds into a temporary folder, serves it, rebuilds on changes and reloads the page.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher as _};
use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::cli::serve_http::{self, Target};
use crate::cli::{build, check, report, verbose};
use crate::diagnostics::{Diagnostic, render_all};
use crate::municipality;
use crate::output;

/// The folders whose changes trigger a rebuild.
const WATCHED: [&str; 3] = ["municipalities", "content", "themes"];

/// Events closer together than this are one change: an editor's save is often several writes.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// How long a reload request waits for a build before the page asks again.
const WAIT: Duration = Duration::from_secs(25);

/// Options of `opas serve`.
pub struct ServeOptions<'a> {
    pub root: &'a Path,
    /// `None`: any free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub quiet: bool,
}

/// What the pages need to know about the latest build.
struct State {
    /// Counts finished builds; a page reloads when it differs from the one it was served with.
    generation: u64,
    /// `opas check`'s text while the project has errors.
    errors: Option<String>,
}

/// The state shared between the watcher and the request threads.
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// Held while a build writes, so that the first build and the watcher's never overlap.
    building: Mutex<()>,
    /// The served folder, canonical.
    dir: PathBuf,
}

impl Shared {
    fn snapshot(&self) -> (u64, Option<String>) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (state.generation, state.errors.clone())
    }
}

/// Removes the temporary folder when the server stops, normally or by Ctrl-C.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
    let temp = TempDir(scratch_base().join(format!("opas-serve-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&temp.0);
    let dir = std::fs::create_dir_all(&temp.0)
        .and_then(|()| temp.0.canonicalize())
        .map_err(|e| {
            Box::new(Diagnostic::error(
                temp.0.display().to_string(),
                format!("cannot create the temporary folder: {e}"),
            ))
        })?;
    let cleanup = temp.0.clone();
    // Ctrl-C ends the process without running destructors, so the folder is removed here.
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&cleanup);
        std::process::exit(130);
    });

    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            generation: 0,
            errors: None,
        }),
        changed: Condvar::new(),
        building: Mutex::new(()),
        dir,
    });
    // Watching starts before the first build, so that no save is missed once the URL is out.
    let _watcher = watch(&root, &shared, options.quiet)?;
    rebuild(&root, &shared, &Scope::All, options.quiet);

    let address = SocketAddr::new(options.bind, options.port.unwrap_or(0));
    let server = Server::http(address).map_err(|e| {
        Box::new(
            Diagnostic::error(address.to_string(), format!("cannot listen: {e}"))
                .hint("choose another port with --port, or leave it out to take any free port"),
        )
    })?;
    let url = match server.server_addr().to_ip() {
        Some(a) => format!("http://{a}/"),
        None => format!("http://{address}/"),
    };
    // The URL goes to standard output on a line of its own, so scripts can read it.
    crate::cli::print_stdout(&format!("{url}\n"));
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

    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        // A thread per request: reload requests wait for the next build while pages load.
        std::thread::spawn(move || respond(request, &shared));
    }
    drop(temp);
    Ok(())
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
    Only(Vec<String>),
    Nothing,
}

/// Starts the watcher thread; the returned watcher must be kept alive.
fn watch(
    root: &Path,
    shared: &Arc<Shared>,
    quiet: bool,
) -> Result<notify::RecommendedWatcher, Box<Diagnostic>> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| {
        Box::new(Diagnostic::error(
            root.display().to_string(),
            format!("cannot watch for changes: {e}"),
        ))
    })?;
    for folder in WATCHED {
        let path = root.join(folder);
        if path.is_dir()
            && let Err(e) = watcher.watch(&path, RecursiveMode::Recursive)
        {
            return Err(Box::new(
                Diagnostic::error(folder, format!("cannot watch for changes: {e}"))
                    .hint("on Linux, raise fs.inotify.max_user_watches"),
            ));
        }
    }
    let root = root.to_path_buf();
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        while let Some(paths) = next_change(&rx) {
            let scope = scope(&root, &shared.dir, &paths);
            if scope != Scope::Nothing {
                rebuild(&root, &shared, &scope, quiet);
            }
        }
    });
    Ok(watcher)
}

/// The paths of the next change: the first event that alters a file and every such event
/// until none comes for [`DEBOUNCE`]. `None` when the watcher has stopped.
///
/// Own debouncing rather than notify-debouncer-mini: that one passes on the open and
/// read events of the build itself, which would rebuild for ever.
fn next_change(rx: &mpsc::Receiver<notify::Result<notify::Event>>) -> Option<Vec<PathBuf>> {
    let alters = |event: &notify::Result<notify::Event>| match event {
        Ok(e) => !matches!(e.kind, EventKind::Access(_)),
        Err(_) => false,
    };
    let mut paths = Vec::new();
    loop {
        let event = rx.recv().ok()?;
        if alters(&event) {
            paths.extend(event.map(|e| e.paths).unwrap_or_default());
            break;
        }
    }
    loop {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(event) if alters(&event) => paths.extend(event.map(|e| e.paths).unwrap_or_default()),
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(paths),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// A change under `municipalities/<slug>…` rebuilds that municipality when its guide is
/// already served; anything else (content, theme, a new or removed file) rebuilds all.
fn scope(root: &Path, served: &Path, paths: &[PathBuf]) -> Scope {
    let mut only: Vec<String> = Vec::new();
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
                let built = served.join(slug).join("index.html").is_file();
                if municipality::is_slug(slug) && exists && built {
                    only.push(slug.to_string());
                } else {
                    return Scope::All;
                }
            }
            ["municipalities", slug, ..] => {
                let toml = root.join("municipalities").join(format!("{slug}.toml"));
                if municipality::is_slug(slug) && toml.is_file() {
                    if served.join(slug).join("index.html").is_file() {
                        only.push((*slug).to_string());
                    } else {
                        return Scope::All;
                    }
                }
            }
            [first, ..] if WATCHED.contains(first) => return Scope::All,
            _ => {}
        }
    }
    only.sort();
    only.dedup();
    if only.is_empty() {
        Scope::Nothing
    } else {
        Scope::Only(only)
    }
}

/// Builds `scope` into the served folder, then wakes the pages.
fn rebuild(root: &Path, shared: &Shared, scope: &Scope, quiet: bool) {
    let _building = shared.building.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let dir = &shared.dir;
    let only = match scope {
        Scope::Only(slugs) => Some(slugs.as_slice()),
        _ => None,
    };
    // A partial build writes an index and manifest of just those guides: keep the full ones.
    let kept: Vec<(&str, Option<Vec<u8>>)> = if only.is_some() {
        ["index.html", output::MANIFEST]
            .into_iter()
            .map(|f| (f, std::fs::read(dir.join(f)).ok()))
            .collect()
    } else {
        Vec::new()
    };
    let summary = build::run(&build::BuildOptions {
        root,
        out: dir,
        only,
        quiet: true,
        base_url: None,
    });
    for (file, bytes) in kept {
        if let Some(bytes) = bytes {
            let tmp = dir.join(format!(".{file}.serve.tmp"));
            if std::fs::write(&tmp, bytes).is_ok() {
                let _ = std::fs::rename(&tmp, dir.join(file));
            }
        }
    }
    let had_errors = shared.snapshot().1.is_some();
    // The page shows every error in the project, not only the rebuilt municipality's,
    // and exactly as `opas check` prints them.
    let errors = if summary.errors > 0 || had_errors {
        let findings = check::findings(root);
        (findings.errors > 0).then(|| render_all(&findings.diagnostics))
    } else {
        None
    };
    let has_errors = errors.is_some();
    let generation = {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        state.errors = errors;
        state.generation
    };
    shared.changed.notify_all();
    if !quiet {
        let what = match scope {
            Scope::Only(slugs) => slugs.join(", "),
            _ => "everything".to_string(),
        };
        eprintln!(
            "build {generation}: {what} in {} ms{}",
            started.elapsed().as_millis(),
            if has_errors {
                "; errors are shown in the page"
            } else {
                ""
            }
        );
    }
    // The page has reloaded with the one guide; now bring the index up to date (a new
    // name or date) with a full build, which adds no reload. Skipped while the project has
    // errors, which the full build would print a second time.
    if only.is_some() && !has_errors {
        build::run(&build::BuildOptions {
            root,
            out: dir,
            only: None,
            quiet: true,
            base_url: None,
        });
    }
}

/// Answers one request.
fn respond(request: Request, shared: &Shared) {
    let url = request.url().to_string();
    if verbose() {
        eprintln!("{} {url}", request.method());
    }
    let method = request.method().as_str();
    if method != "GET" && method != "HEAD" {
        let _ = request.respond(text(405, "only GET and HEAD\n"));
        return;
    }
    if url == serve_http::WAIT_PATH || url.starts_with(&format!("{}?", serve_http::WAIT_PATH)) {
        let since = url
            .split("since=")
            .nth(1)
            .and_then(|s| s.split('&').next())
            .and_then(|s| s.parse::<u64>().ok());
        let generation = wait(shared, since);
        let body = format!("{{\"generation\":{generation}}}");
        let _ = request.respond(
            with_type(Response::from_string(body), "application/json")
                .with_header(header("Cache-Control", "no-store")),
        );
        return;
    }
    let (generation, errors) = shared.snapshot();
    let response = match serve_http::resolve(&shared.dir, &url) {
        Target::File(path) => {
            let if_none_match = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("If-None-Match"))
                .map(|h| h.value.as_str().to_string());
            file_response(
                &path,
                if_none_match.as_deref(),
                generation,
                errors.as_deref(),
            )
        }
        Target::Redirect(location) => Response::from_data(Vec::new())
            .with_status_code(StatusCode(301))
            .with_header(header("Location", &location)),
        Target::NotFound => with_type(
            Response::from_string(serve_http::error_page(generation, errors.as_deref())),
            "text/html; charset=utf-8",
        )
        .with_header(header("Cache-Control", "no-store"))
        .with_status_code(StatusCode(404)),
        Target::Rejected => text(400, "bad request path\n"),
    };
    let _ = request.respond(response);
}

/// Waits until the build generation differs from `since`, or for a while.
fn wait(shared: &Shared, since: Option<u64>) -> u64 {
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let Some(since) = since else {
        return state.generation;
    };
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, WAIT, |s| s.generation == since)
        .unwrap_or_else(|e| e.into_inner());
    state.generation
}

fn file_response(
    path: &Path,
    if_none_match: Option<&str>,
    generation: u64,
    errors: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let kind = serve_http::content_type(path);
    let Ok(bytes) = std::fs::read(path) else {
        return text(404, "not found\n");
    };
    if kind.starts_with("text/html") {
        let page = serve_http::inject(&String::from_utf8_lossy(&bytes), generation, errors);
        return with_type(Response::from_data(page.into_bytes()), kind)
            .with_header(header("Cache-Control", "no-store"));
    }
    // Fonts, CSS and images are revalidated rather than sent again on every reload, which
    // keeps the reload after a save fast. The tag hashes the content, not the time: every
    // build rewrites the theme's files unchanged.
    let tag = etag(&bytes);
    if if_none_match.is_some_and(|asked| asked.split(',').any(|a| a.trim() == tag)) {
        return Response::from_data(Vec::new())
            .with_status_code(StatusCode(304))
            .with_header(header("ETag", &tag))
            .with_header(header("Cache-Control", "no-cache"));
    }
    with_type(Response::from_data(bytes), kind)
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("ETag", &tag))
}

/// A validator of the file's content (not a security hash: it only avoids a transfer).
fn etag(bytes: &[u8]) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:x}-{:016x}\"", bytes.len(), hasher.finish())
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_type(Response::from_string(body), "text/plain; charset=utf-8")
        .with_status_code(StatusCode(status))
}

fn with_type<R: std::io::Read>(response: Response<R>, kind: &str) -> Response<R> {
    response.with_header(header("Content-Type", kind))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(&b"X-Opas"[..], &b"-"[..]).expect("a valid header"))
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
            Scope::All
        );
        assert_eq!(
            scope(&root, &served, &m("themes/default/static/opas.css")),
            Scope::All
        );
        let _ = std::fs::remove_dir_all(&base);
    }
}
