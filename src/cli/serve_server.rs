//! The HTTP server of `opas serve`: hyper on tokio, with a connection cap, timeouts and long polls.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};

use crate::cli::serve_edit::{self, Editing};
use crate::cli::serve_http::{self, Target};

/// How long a client may take to send a request's head, and how long a kept-alive
/// connection may sit idle: a slow or silent client holds a socket no longer than this.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// The most a request's head may take in memory; a larger one is answered with 431.
/// Browsers send a few kilobytes; 64 KiB leaves room for long cookies.
const MAX_HEAD: usize = 64 * 1024;

/// How long a reload request waits for a build before the page asks again.
const WAIT: Duration = Duration::from_secs(25);

/// Browsers say with it where a request comes from (hyper's header names lack it).
const SEC_FETCH_SITE: header::HeaderName = header::HeaderName::from_static("sec-fetch-site");

/// File descriptors kept free for the builds, the watcher and the runtime itself.
const RESERVED_FDS: u64 = 128;

/// Connections beyond this are never held, whatever the file descriptor limit.
const MAX_CONNECTIONS: u64 = 4096;

/// What the pages need to know about the latest build.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Counts finished builds; a page reloads when it differs from the one it was served with.
    pub generation: u64,
    /// `opas check`'s text while the project has errors.
    pub errors: Option<Arc<str>>,
}

/// What the request handlers read: the served folder and the latest build's status.
pub struct Site {
    /// The served folder, canonical.
    pub dir: PathBuf,
    /// Changes with every build; long polls wait on it without a thread each.
    pub status: watch::Receiver<Status>,
    /// The address the server listens on, for the Host check.
    pub local: SocketAddr,
    /// Print every request answered, and failed accepts (`--verbose`).
    pub verbose: bool,
    /// The edit pages, when serve was started with `--edit`.
    pub editing: Option<Arc<Editing>>,
}

/// How many connections the server holds at once: what the file descriptor limit
/// allows after [`RESERVED_FDS`], so that accepting never runs out of descriptors.
pub fn connection_cap() -> usize {
    let limit = open_files_limit().unwrap_or(1024);
    let cap = limit
        .saturating_sub(RESERVED_FDS)
        .clamp(16, MAX_CONNECTIONS);
    usize::try_from(cap).unwrap_or(16)
}

#[cfg(unix)]
// `rlim_t` is u64 on Linux and macOS but i64 on FreeBSD.
#[allow(clippy::useless_conversion)]
fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &raw mut limit) } == 0;
    ok.then(|| u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX))
}

#[cfg(not(unix))]
fn open_files_limit() -> Option<u64> {
    None
}

/// The open connections, oldest first, so that the oldest idle one can be closed
/// when a new one would exceed the cap.
#[derive(Default)]
struct Connections {
    next: AtomicU64,
    open: Mutex<BTreeMap<u64, Slot>>,
}

/// One connection as [`Connections`] sees it.
#[derive(Clone)]
struct Slot {
    /// Set while a page or file is being answered; idle connections and long polls are not busy.
    busy: Arc<AtomicBool>,
    /// Told when the connection must close to make room.
    close: Arc<Notify>,
}

impl Connections {
    fn add(self: &Arc<Self>) -> (Registered, Slot) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let slot = Slot {
            busy: Arc::new(AtomicBool::new(false)),
            close: Arc::new(Notify::new()),
        };
        self.lock().insert(id, slot.clone());
        (
            Registered {
                id,
                all: Arc::clone(self),
            },
            slot,
        )
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    /// Closes the oldest connection that is not answering a page; `false` if all are.
    fn evict_idle(&self) -> bool {
        let mut open = self.lock();
        let oldest = open
            .iter()
            .find(|(_, slot)| !slot.busy.load(Ordering::Relaxed))
            .map(|(id, _)| *id);
        match oldest.and_then(|id| open.remove(&id)) {
            Some(slot) => {
                slot.close.notify_one();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Slot>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Removes its connection from [`Connections`] when the connection's task ends.
struct Registered {
    id: u64,
    all: Arc<Connections>,
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.all.lock().remove(&self.id);
    }
}

/// Accepts connections for ever, each a task; never more than `cap` at once.
pub async fn serve(listener: TcpListener, site: Arc<Site>, cap: usize) {
    let connections = Arc::new(Connections::default());
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors or a connection reset before it was accepted: the
                // listener stays open; make room and try again shortly.
                if site.verbose {
                    eprintln!("accept: {e}");
                }
                connections.evict_idle();
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        // A new connection is usually a page being loaded: an idle socket, or a long
        // poll that the page's script repeats, gives way to it.
        if connections.len() >= cap && !connections.evict_idle() {
            drop(stream);
            continue;
        }
        let (registered, slot) = connections.add();
        let site = Arc::clone(&site);
        tokio::spawn(async move {
            let close = Arc::clone(&slot.close);
            tokio::select! {
                () = connection(stream, site, slot.busy) => {}
                () = close.notified() => {}
            }
            drop(registered);
        });
    }
}

/// Serves one connection until the client or a timeout closes it.
async fn connection(mut stream: TcpStream, site: Arc<Site>, busy: Arc<AtomicBool>) {
    let _ = stream.set_nodelay(true);
    let Ok(Ok(start)) = tokio::time::timeout(HEAD_TIMEOUT, first_line(&mut stream)).await else {
        return;
    };
    // hyper answers an unknown version with 400; the right answer is 505.
    if serve_http::unsupported_version(&start) {
        let body = "opas serve speaks HTTP/1.0 and HTTP/1.1\n";
        let reply = format!(
            "HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(reply.as_bytes()).await;
        let _ = stream.shutdown().await;
        return;
    }
    let io = TokioIo::new(Replay {
        start,
        at: 0,
        inner: stream,
    });
    let service = service_fn(move |request| {
        let site = Arc::clone(&site);
        let busy = Arc::clone(&busy);
        async move { Ok::<_, Infallible>(respond(request, &site, &busy).await) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_headers(100)
        // `Content-Type` as HTTP/1 clients and scripts have always seen it from opas.
        .title_case_headers(true)
        .serve_connection(io, service)
        .await;
}

/// The first bytes of a connection, up to and including the first line break (or
/// 8 KiB, or the end); an error when the client closes before sending anything.
async fn first_line(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut start = Vec::with_capacity(1024);
    while !start.contains(&b'\n') && start.len() < 8 * 1024 {
        if stream.read_buf(&mut start).await? == 0 {
            if start.is_empty() {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            break;
        }
    }
    Ok(start)
}

/// A stream whose first bytes, already read to check the version, are read again.
struct Replay {
    start: Vec<u8>,
    at: usize,
    inner: TcpStream,
}

impl AsyncRead for Replay {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.at < self.start.len() {
            let n = buf.remaining().min(self.start.len() - self.at);
            let at = self.at;
            buf.put_slice(&self.start[at..at + n]);
            self.at += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Replay {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Marks a connection idle again when its answer is ready.
struct Busy<'a>(&'a AtomicBool);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// Answers one request.
async fn respond(
    request: Request<Incoming>,
    site: &Site,
    busy: &AtomicBool,
) -> Response<Full<Bytes>> {
    let uri = request.uri();
    if site.verbose {
        eprintln!("{} {uri}", request.method());
    }
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{0}"));
    if !host.is_none_or(|h| serve_http::host_allowed(h, site.local)) {
        // A page elsewhere that renamed its host to 127.0.0.1 (DNS rebinding) must not read the guides.
        return text(
            StatusCode::FORBIDDEN,
            "opas serve answers only to localhost and the address it listens on\n",
        );
    }
    if let Some(editing) = &site.editing
        && serve_edit::is_edit_path(uri.path())
    {
        return serve_edit::handle(request, Arc::clone(editing), site.local).await;
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    if uri.scheme().is_some() || uri.authority().is_some() {
        return text(StatusCode::BAD_REQUEST, "bad request path\n");
    }
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    if uri.path() == serve_http::WAIT_PATH {
        let header = |name| {
            request
                .headers()
                .get(name)
                .map(|h| h.to_str().unwrap_or("\u{0}"))
        };
        let origin = header(header::ORIGIN);
        if !serve_http::own_origin(origin, header(SEC_FETCH_SITE), site.local) {
            return text(
                StatusCode::FORBIDDEN,
                "opas serve answers the reload request only to its own pages\n",
            );
        }
        let since = uri
            .query()
            .unwrap_or("")
            .split('&')
            .find_map(|pair| pair.strip_prefix("since="))
            .and_then(|s| s.parse::<u64>().ok());
        let generation = wait(site.status.clone(), since).await;
        let mut response = typed(
            StatusCode::OK,
            format!("{{\"generation\":{generation}}}").into_bytes(),
            "application/json",
        );
        set(&mut response, header::CACHE_CONTROL, "no-store");
        return response;
    }
    busy.store(true, Ordering::Relaxed);
    let _idle = Busy(busy);
    let (generation, errors) = {
        let status = site.status.borrow();
        (status.generation, status.errors.clone())
    };
    match serve_http::resolve(&site.dir, target) {
        Target::File(path) => {
            let if_none_match = request
                .headers()
                .get(header::IF_NONE_MATCH)
                .and_then(|h| h.to_str().ok());
            file_response(&path, if_none_match, generation, errors.as_deref())
        }
        Target::Redirect(location) => {
            let mut response = typed(StatusCode::MOVED_PERMANENTLY, Vec::new(), "text/plain");
            set(&mut response, header::LOCATION, &location);
            response
        }
        Target::NotFound => {
            let page = serve_http::error_page(generation, errors.as_deref());
            let mut response = typed(
                StatusCode::NOT_FOUND,
                page.into_bytes(),
                "text/html; charset=utf-8",
            );
            set(&mut response, header::CACHE_CONTROL, "no-store");
            response
        }
        Target::Rejected => text(StatusCode::BAD_REQUEST, "bad request path\n"),
    }
}

/// The generation once it differs from `since`, or after [`WAIT`]; at once without `since`.
async fn wait(mut status: watch::Receiver<Status>, since: Option<u64>) -> u64 {
    if let Some(since) = since {
        let _ = tokio::time::timeout(WAIT, status.wait_for(|s| s.generation != since)).await;
    }
    status.borrow().generation
}

fn file_response(
    path: &Path,
    if_none_match: Option<&str>,
    generation: u64,
    errors: Option<&str>,
) -> Response<Full<Bytes>> {
    let kind = serve_http::content_type(path);
    // Served from memory (tmpfs) and small: reading in the task costs less than a hand-off.
    let Ok(bytes) = std::fs::read(path) else {
        return text(StatusCode::NOT_FOUND, "not found\n");
    };
    if kind.starts_with("text/html") {
        let page = serve_http::inject(&String::from_utf8_lossy(&bytes), generation, errors);
        let mut response = typed(StatusCode::OK, page.into_bytes(), kind);
        set(&mut response, header::CACHE_CONTROL, "no-store");
        return response;
    }
    // Fonts, CSS and images are revalidated rather than sent again on every reload, which
    // keeps the reload after a save fast. The tag hashes the content, not the time: every
    // build rewrites the theme's files unchanged.
    let tag = etag(&bytes);
    let mut response =
        if if_none_match.is_some_and(|asked| asked.split(',').any(|a| a.trim() == tag)) {
            let mut response = Response::new(Full::new(Bytes::new()));
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            response
        } else {
            typed(StatusCode::OK, bytes, kind)
        };
    set(&mut response, header::ETAG, &tag);
    set(&mut response, header::CACHE_CONTROL, "no-cache");
    response
}

/// A validator of the file's content (not a security hash: it only avoids a transfer).
fn etag(bytes: &[u8]) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:x}-{:016x}\"", bytes.len(), hasher.finish())
}

fn text(status: StatusCode, body: &str) -> Response<Full<Bytes>> {
    typed(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn typed(status: StatusCode, body: Vec<u8>, kind: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    set(&mut response, header::CONTENT_TYPE, kind);
    response
}

fn set(response: &mut Response<Full<Bytes>>, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}
