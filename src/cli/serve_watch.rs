//! `opas serve`'s watcher: the project's folders watched without following links, and
//! their events coalesced into a bounded set of changed paths that a rebuild takes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::diagnostics::Diagnostic;

/// Events closer together than this are one change: an editor's save is often several writes.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// A change is built at the latest this long after its first event, however many follow:
/// a stream of events that never pauses for [`DEBOUNCE`] cannot hold the rebuild back.
const MAX_DELAY: Duration = Duration::from_millis(500);

/// The most paths a change remembers; beyond them it is a change of everything. A save
/// touches a few files; a checkout of another branch, or a script, may touch thousands.
const MAX_PATHS: usize = 256;

/// What changed since the last rebuild took the changes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// The changed files and folders, at most [`MAX_PATHS`]; empty when `everything`.
    pub paths: BTreeSet<PathBuf>,
    /// Too many paths to remember, or events the watcher lost: rebuild everything.
    pub everything: bool,
}

impl Change {
    fn add(&mut self, paths: Vec<PathBuf>) {
        for path in paths {
            if self.everything {
                return;
            }
            if self.paths.len() >= MAX_PATHS && !self.paths.contains(&path) {
                self.overflow();
                return;
            }
            self.paths.insert(path);
        }
    }

    fn overflow(&mut self) {
        self.everything = true;
        self.paths = BTreeSet::new();
    }

    fn is_empty(&self) -> bool {
        !self.everything && self.paths.is_empty()
    }
}

/// The changes not yet built, shared by the watcher's thread and the rebuilding one.
#[derive(Default)]
pub struct Pending {
    state: Mutex<State>,
    /// Told when a change begins and when the watcher stops.
    wake: Condvar,
}

#[derive(Default)]
struct State {
    change: Change,
    /// The first and the latest event of the change; `None` while there is none.
    times: Option<(Instant, Instant)>,
    /// The watcher has stopped: no change comes any more.
    closed: bool,
}

impl Pending {
    /// Adds one event of the watcher. Reads (the build's own) are no change.
    fn record(&self, event: notify::Result<notify::Event>) {
        let mut state = self.lock();
        match event {
            Ok(e) if matches!(e.kind, EventKind::Access(_)) => return,
            // The kernel's queue overflowed, or a watch could not be added: a change may
            // have been missed.
            Ok(e) if e.need_rescan() => state.change.overflow(),
            Ok(e) => state.change.add(e.paths),
            Err(_) => state.change.overflow(),
        }
        let now = Instant::now();
        match &mut state.times {
            Some((_, last)) => *last = now,
            None => {
                state.times = Some((now, now));
                self.wake.notify_all();
            }
        }
    }

    /// The next change once no event has come for [`DEBOUNCE`], or [`MAX_DELAY`] after
    /// its first event; `None` when the watcher has stopped.
    pub fn next(&self) -> Option<Change> {
        let mut state = self.lock();
        loop {
            if state.closed {
                return None;
            }
            let Some((first, last)) = state.times else {
                state = self.wake.wait(state).unwrap_or_else(|e| e.into_inner());
                continue;
            };
            let due = (last + DEBOUNCE).min(first + MAX_DELAY);
            let now = Instant::now();
            if now >= due {
                state.times = None;
                let change = std::mem::take(&mut state.change);
                if change.is_empty() {
                    continue;
                }
                return Some(change);
            }
            state = self
                .wake
                .wait_timeout(state, due - now)
                .map_or_else(|e| e.into_inner().0, |(s, _)| s);
        }
    }

    fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The watcher's handler: every event goes straight into [`Pending`], so that nothing
/// queues up while a build runs.
struct Sink(Arc<Pending>);

impl notify::EventHandler for Sink {
    fn handle_event(&mut self, event: notify::Result<notify::Event>) {
        self.0.record(event);
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Watches `folders` of the project `root` (canonical) and every real folder under them.
/// Links are not followed: a link to `/usr` must not add thousands of watches outside
/// the project (the build refuses what such a link leads to anyway). A watched folder
/// that is itself a link is watched only when it leads to a folder inside the project.
/// The returned watcher must be kept alive; its changes arrive in the [`Pending`].
pub fn start(
    root: &Path,
    folders: &[&str],
) -> Result<(notify::RecommendedWatcher, Arc<Pending>), Box<Diagnostic>> {
    let pending = Arc::new(Pending::default());
    let config = notify::Config::default().with_follow_symlinks(false);
    let sink = Sink(Arc::clone(&pending));
    let mut watcher = notify::RecommendedWatcher::new(sink, config).map_err(|e| {
        Box::new(Diagnostic::error(
            root.display().to_string(),
            format!("cannot watch for changes: {e}"),
        ))
    })?;
    for folder in folders {
        let path = root.join(folder);
        let inside = path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(root) && real.is_dir());
        if inside && let Err(e) = watcher.watch(&path, RecursiveMode::Recursive) {
            return Err(Box::new(
                Diagnostic::error(*folder, format!("cannot watch for changes: {e}"))
                    .hint("on Linux, raise fs.inotify.max_user_watches"),
            ));
        }
    }
    Ok((watcher, pending))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(path: &str) -> notify::Result<notify::Event> {
        Ok(
            notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
                .add_path(PathBuf::from(path)),
        )
    }

    #[test]
    fn paths_beyond_the_cap_become_everything() {
        let pending = Pending::default();
        for i in 0..MAX_PATHS {
            pending.record(event(&format!("/p/content/{i}.md")));
        }
        // The same paths again add nothing.
        for i in 0..MAX_PATHS {
            pending.record(event(&format!("/p/content/{i}.md")));
        }
        assert_eq!(pending.lock().change.paths.len(), MAX_PATHS);
        assert!(!pending.lock().change.everything);
        for i in 0..100_000 {
            pending.record(event(&format!("/p/content/new-{i}.md")));
        }
        let change = pending.next().expect("a change");
        assert!(change.everything);
        assert!(
            change.paths.is_empty(),
            "nothing kept once everything changed"
        );
    }

    #[test]
    fn reads_are_no_change_and_a_lost_event_is_everything() {
        let pending = Pending::default();
        let read = notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(PathBuf::from("/p/content/a.md"));
        pending.record(Ok(read));
        assert!(pending.lock().times.is_none());
        let lost = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        pending.record(Ok(lost));
        assert!(pending.next().expect("a change").everything);
    }

    #[test]
    fn a_stream_that_never_pauses_is_still_built() {
        let pending = Arc::new(Pending::default());
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let (pending, stop) = (Arc::clone(&pending), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    pending.record(event("/p/content/a.md"));
                    pending.record(event("/p/content/b.md"));
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        };
        // Without the maximum delay this would wait as long as the writer writes.
        let change = pending.next().expect("a change");
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap();
        assert_eq!(change.paths.len(), 2);
        assert!(!change.everything);
    }

    #[test]
    fn none_once_the_watcher_stops() {
        let pending = Arc::new(Pending::default());
        drop(Sink(Arc::clone(&pending)));
        assert_eq!(pending.next(), None);
    }
}
