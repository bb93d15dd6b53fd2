//! The persistent facts cache (docs/cache.md): each file's facts, keyed by its path,
//! size, mtime and content hash, in one file under `[cache] dir` (default
//! `.throughline/cache/`). The whole cache is keyed by the binary and the configuration,
//! so a new build or a changed `throughline.toml` starts from empty.
//!
//! A run `open`s it, asks `by_stamp` before reading a file and `by_hash` after, `record`s
//! what it extracted, and `save`s once. Saving replaces the file atomically; a run that
//! is killed, or two runs at once, leave one complete cache. A damaged entry is a miss.

pub mod config;
mod stamp;
mod store;

use crate::config::{Config, CONFIG_FILE};
use crate::facts::FileFacts;
use crate::workspace::Extraction;
use rustc_hash::FxHashMap;
pub use stamp::Stamp;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use store::{Entry, Payload};

const FILE: &str = "facts.bin";

/// Off for the whole process: `--no-cache`, or `THROUGHLINE_NO_CACHE=1`.
static DISABLED: AtomicBool = AtomicBool::new(false);

/// Turns the cache off for every run in this process (the CLI's `--no-cache`).
pub fn disable() {
    DISABLED.store(true, Ordering::Relaxed);
}

/// Whether runs use the cache unless told otherwise.
pub fn enabled() -> bool {
    !DISABLED.load(Ordering::Relaxed)
        && std::env::var_os("THROUGHLINE_NO_CACHE").is_none_or(|v| v != "1")
}

/// One run's view of the cache.
pub struct Cache {
    root: Option<PathBuf>,
    /// `None`: off (`--no-cache`, `[cache] enabled = false`, or no usable folder).
    file: Option<PathBuf>,
    key: u64,
    /// When this run started: entries it writes are judged racy against it next time.
    started: u64,
    loaded: Option<store::Loaded>,
    seen: Mutex<FxHashMap<String, Entry>>,
    changed: AtomicBool,
}

impl Cache {
    /// A cache that never hits and never writes.
    pub fn off() -> Cache {
        Cache {
            root: None,
            file: None,
            key: 0,
            started: 0,
            loaded: None,
            seen: Mutex::new(FxHashMap::default()),
            changed: AtomicBool::new(false),
        }
    }

    /// Opens the cache of the workspace at `root`, unless `use_cache` is false or the
    /// config turns it off. Never fails: an unreadable or foreign cache is empty.
    /// Implements: REQ-CACHE
    pub fn open(root: &Path, config: &Config, use_cache: bool) -> Cache {
        if !use_cache || !config.cache.enabled {
            return Cache::off();
        }
        let started = stamp::now();
        let dir = root.join(&config.cache.dir);
        if !inside(root, &dir) {
            tracing::warn!(dir = %dir.display(), "the cache folder leads out of the workspace; no cache");
            return Cache::off();
        }
        let file = dir.join(FILE);
        let key = key(root, config);
        let loaded = match std::fs::read(&file) {
            Ok(bytes) => {
                let parsed = store::parse(bytes, key);
                if parsed.is_none() {
                    tracing::debug!(file = %file.display(), "cache is of another build or config, or damaged; starting empty");
                }
                parsed
            }
            Err(_) => None,
        };
        Cache {
            root: Some(root.to_path_buf()),
            file: Some(file),
            key,
            started,
            loaded,
            seen: Mutex::new(FxHashMap::default()),
            changed: AtomicBool::new(false),
        }
    }

    pub fn is_on(&self) -> bool {
        self.file.is_some()
    }

    fn old(&self, rel: &str) -> Option<&Entry> {
        self.loaded.as_ref()?.entries.get(rel)
    }

    /// The cached facts of `rel` when its stamp is as cached and old enough to trust
    /// (`Some(None)`: cached as holding no trace data). `None`: read the file.
    pub fn by_stamp(
        &self,
        rel: &str,
        stamp: Option<Stamp>,
        extraction: Extraction,
    ) -> Option<Option<FileFacts>> {
        let stamp = stamp?;
        let loaded = self.loaded.as_ref()?;
        let e = self.old(rel)?;
        if e.stamp != stamp || !stamp.trusted(loaded.started) || !usable(e, extraction) {
            return None;
        }
        let facts = self.decode(rel, e)?;
        self.keep(rel, e.clone());
        Some(facts)
    }

    /// The cached facts of `rel` when its bytes hash as cached (a touched or checked-out
    /// file): no parse, and the new stamp is recorded.
    pub fn by_hash(
        &self,
        rel: &str,
        stamp: Option<Stamp>,
        hash: u64,
        extraction: Extraction,
    ) -> Option<Option<FileFacts>> {
        let e = self.old(rel)?;
        if e.hash != hash || !usable(e, extraction) {
            return None;
        }
        let facts = self.decode(rel, e)?;
        let mut kept = e.clone();
        if let Some(s) = stamp.filter(|s| *s != e.stamp) {
            kept.stamp = s;
            self.changed.store(true, Ordering::Relaxed);
        }
        self.keep(rel, kept);
        Some(facts)
    }

    /// Records what a read of `rel` extracted. Contracts and route files are not cached
    /// (their models are re-read each run); neither is a file read without a stamp.
    pub fn record(&self, rel: &str, stamp: Option<Stamp>, hash: u64, facts: Option<&FileFacts>) {
        let Some(stamp) = stamp.filter(|_| self.is_on()) else {
            return;
        };
        if facts.is_some_and(|f| f.contract.is_some() || f.routes.is_some() || f.origin.is_some()) {
            return;
        }
        let Ok(bytes) = postcard::to_allocvec(&facts) else {
            return;
        };
        let complete = facts.is_none_or(|f| !f.symbols_pending && !f.bodies_pending);
        self.keep(
            rel,
            Entry {
                stamp,
                hash,
                complete,
                payload: Payload::Fresh(bytes),
            },
        );
        self.changed.store(true, Ordering::Relaxed);
    }

    fn keep(&self, rel: &str, e: Entry) {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel.to_string(), e);
    }

    fn decode(&self, rel: &str, e: &Entry) -> Option<Option<FileFacts>> {
        let bytes = store::payload(self.loaded.as_ref().map(|l| l.bytes.as_slice()), &e.payload);
        let decoded = bytes.and_then(|b| postcard::from_bytes::<Option<FileFacts>>(b).ok());
        if decoded.is_none() {
            tracing::debug!(path = rel, "damaged cache entry ignored");
        }
        let mut facts = decoded?;
        if let Some(f) = &mut facts {
            f.path = rel.to_string();
        }
        Some(facts)
    }

    /// Writes the cache if this run saw anything new or missed a file it had. Files not
    /// seen this run (deleted, or no longer selected) are dropped from it.
    pub fn save(self) {
        let Some(file) = &self.file else {
            return;
        };
        let seen = self.seen.into_inner().unwrap_or_else(|p| p.into_inner());
        let old_count = self.loaded.as_ref().map_or(0, |l| l.entries.len());
        if !self.changed.load(Ordering::Relaxed) && seen.len() == old_count {
            return;
        }
        if let Err(e) = prepare_dir(file, self.root.as_deref()) {
            tracing::debug!(error = %e, "cache folder not usable; nothing saved");
            return;
        }
        let loaded = self.loaded.as_ref().map(|l| l.bytes.as_slice());
        match store::write(file, self.key, self.started, loaded, &seen) {
            Ok(()) => tracing::debug!(entries = seen.len(), "cache saved"),
            Err(e) => tracing::debug!(error = %e, "cache not saved"),
        }
    }
}

fn usable(e: &Entry, extraction: Extraction) -> bool {
    e.complete || extraction == Extraction::Fast
}

/// Creates the folder with a `.gitignore` of `*` (as ruff does), so the cache is never
/// committed, and a `CACHEDIR.TAG` for backup tools.
fn prepare_dir(file: &Path, root: Option<&Path>) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    if root.is_some_and(|r| !inside(r, dir)) {
        return Err(std::io::Error::other(
            "the cache folder leads out of the workspace",
        ));
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Created by throughline: its cache, never committed.\n*\n",
        )?;
    }
    remove_stale_temporaries(dir);
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        std::fs::write(
            &tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# throughline's facts cache (docs/cache.md)\n",
        )?;
    }
    Ok(())
}

/// Temporary files of saves that were killed before their rename; ten minutes old, so a
/// save still running in another process keeps its own.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let limit = std::time::Duration::from_secs(600);
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".facts-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > limit);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether `dir` (or, while it does not exist, its nearest existing ancestor) is inside
/// `root` once symlinks are resolved: a cache folder never leads out of the workspace.
fn inside(root: &Path, dir: &Path) -> bool {
    let Ok(root) = root.canonicalize() else {
        return false;
    };
    let mut probe = dir;
    loop {
        match probe.canonicalize() {
            Ok(real) => return real.starts_with(&root),
            Err(_) => match probe.parent() {
                Some(p) => probe = p,
                None => return false,
            },
        }
    }
}

/// What the cache is valid for: this build (`build.rs` hashes the sources it was built
/// from) and the configuration that shaped extraction (`throughline.toml`'s bytes and
/// which dialect folders are on).
fn key(root: &Path, config: &Config) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(env!("THROUGHLINE_BUILD_ID").as_bytes());
    h.update(&std::fs::read(root.join(CONFIG_FILE)).unwrap_or_default());
    for folder in [
        &config.kiro_folder,
        &config.speckit_folder,
        &config.openspec_folder,
    ] {
        h.update(b"\0");
        h.update(folder.as_deref().unwrap_or("-").as_bytes());
    }
    h.digest()
}
