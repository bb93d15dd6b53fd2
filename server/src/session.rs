//! A workspace index kept between questions, for a front end that answers many of them
//! (the MCP server): each `refresh` walks the workspace, re-reads only the files whose
//! size or modification time changed (or that are new), drops the ones that are gone,
//! and rebuilds the graph and findings only when something did change.
//!
//! The walk and a `stat` per file are the cost of a refresh that finds nothing new; on
//! the large synthetic workspace that is a small part of a full index (bench/README.md).
//! A file rewritten within the same mtime tick with the same size is not seen; Linux
//! file systems keep nanosecond times, so an agent's edits are.

use crate::config::{Config, ConfigError};
use crate::diagnostics::Diagnostic;
use crate::drift::LockState;
use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::ids::IdScanner;
use crate::workspace::{self, Extraction, IndexStats};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What identifies a version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// A file's last reading: its facts, or `None` when it holds no trace data.
type Entry = (Stamp, Option<Arc<FileFacts>>);

pub struct Session {
    pub root: PathBuf,
    files: FxHashMap<String, Entry>,
    config_stamp: Option<Stamp>,
    lock_stamp: Option<Stamp>,
    graph: Arc<Graph>,
    findings: Arc<Vec<Diagnostic>>,
    pub stats: IndexStats,
}

/// What the last refresh did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Files read again (new or changed).
    pub read: usize,
    /// Files gone since the previous refresh.
    pub removed: usize,
    /// Whether the graph and findings were rebuilt.
    pub rebuilt: bool,
}

impl Session {
    /// Indexes the workspace at `root`.
    /// Implements: REQ-MCP-SERVER
    pub fn open(root: &Path) -> Result<Session, ConfigError> {
        let config = Arc::new(Config::load(root)?);
        let mut session = Session {
            root: root.to_path_buf(),
            files: FxHashMap::default(),
            config_stamp: Stamp::of(&root.join("throughline.toml")),
            lock_stamp: Stamp::of(&root.join(crate::drift::lock::LOCK_FILE)),
            graph: Arc::new(Graph::build(config.clone(), Vec::new())),
            findings: Arc::new(Vec::new()),
            stats: IndexStats::default(),
        };
        session.reindex(config);
        Ok(session)
    }

    pub fn graph(&self) -> &Arc<Graph> {
        &self.graph
    }

    /// The findings `throughline check` reports (hints left out), sorted as it sorts them.
    pub fn findings(&self) -> &Arc<Vec<Diagnostic>> {
        &self.findings
    }

    /// Brings the index up to date with the files on disk. A changed `throughline.toml`
    /// re-reads everything (it decides how every file is read); a changed lock only
    /// re-runs the rules.
    pub fn refresh(&mut self) -> Result<Refreshed, ConfigError> {
        let config_stamp = Stamp::of(&self.root.join("throughline.toml"));
        if config_stamp != self.config_stamp {
            let config = Arc::new(Config::load(&self.root)?);
            self.config_stamp = config_stamp;
            self.files.clear();
            return Ok(self.reindex(config));
        }
        let config = self.graph.config.clone();
        let mut done = self.reindex(config.clone());
        let lock_stamp = Stamp::of(&self.root.join(crate::drift::lock::LOCK_FILE));
        if !done.rebuilt && lock_stamp != self.lock_stamp {
            self.rebuild(config);
            done.rebuilt = true;
        }
        Ok(done)
    }

    /// Walks, re-reads what changed, and rebuilds if anything did.
    fn reindex(&mut self, config: Arc<Config>) -> Refreshed {
        let scanner = IdScanner::new(&config.prefixes());
        let seen: Mutex<Vec<(String, Entry, bool)>> = Mutex::new(Vec::new());
        let mut stats = IndexStats::default();
        let old = &self.files;
        workspace::walk(&self.root, &config, &mut stats, &|path, rel| {
            let Some(stamp) = Stamp::of(path) else {
                return;
            };
            let entry = match old.get(&rel) {
                Some((s, facts)) if *s == stamp => ((stamp, facts.clone()), false),
                _ => (
                    (stamp, read(path, &rel, &config, &scanner, Extraction::Fast)),
                    true,
                ),
            };
            lock(&seen).push((rel, entry.0, entry.1));
        });
        let seen = seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let read = seen.iter().filter(|s| s.2).count();
        let now: rustc_hash::FxHashSet<&str> = seen.iter().map(|s| s.0.as_str()).collect();
        let removed = self
            .files
            .keys()
            .filter(|k| !now.contains(k.as_str()))
            .count();
        stats.files = seen.len() as u64;
        self.stats = stats;
        let first = self.graph.files.is_empty() && self.files.is_empty();
        self.files = seen.into_iter().map(|(rel, e, _)| (rel, e)).collect();
        let rebuilt = first || read > 0 || removed > 0;
        if rebuilt {
            self.rebuild(config);
        }
        Refreshed {
            read,
            removed,
            rebuilt,
        }
    }

    /// Names the symbols of the annotations in `paths`: files are first read the way
    /// `check` reads them (the lexer, symbols left pending), and a caller that shows
    /// symbols (`trace`) asks for the few files it shows. A file changed on disk since
    /// it was read is left for the next refresh. True when the graph was rebuilt.
    pub fn name_symbols<'p>(&mut self, paths: impl IntoIterator<Item = &'p str>) -> bool {
        let config = self.graph.config.clone();
        let scanner = IdScanner::new(&config.prefixes());
        let mut changed = false;
        for rel in paths {
            let Some((stamp, Some(facts))) = self.files.get(rel) else {
                continue;
            };
            let path = self.root.join(rel);
            if !facts.symbols_pending || Stamp::of(&path) != Some(*stamp) {
                continue;
            }
            let stamp = *stamp;
            let full = read(&path, rel, &config, &scanner, Extraction::Full);
            self.files.insert(rel.to_string(), (stamp, full));
            changed = true;
        }
        if changed {
            self.rebuild(config);
        }
        changed
    }

    fn rebuild(&mut self, config: Arc<Config>) {
        let mut files: Vec<Arc<FileFacts>> =
            self.files.values().filter_map(|(_, f)| f.clone()).collect();
        // Imports are re-read with every rebuild (they are not walked: `vendor/`).
        files.extend(crate::imports::load(&self.root, &config));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut graph = Graph::build(config, files);
        graph.root = Some(self.root.clone());
        self.lock_stamp = Stamp::of(&self.root.join(crate::drift::lock::LOCK_FILE));
        graph.lock = Arc::new(LockState::load(&self.root));
        let root = self.root.clone();
        let read_export = move |path: &str| std::fs::read(root.join(path)).ok();
        graph.trackers = Arc::new(crate::trackers::load_statuses(&graph.config, &read_export));
        // As in `check`: the lexer read computes no code bodies; the lock's body
        // fingerprints (`changed-implementation`) need those files parsed.
        let state = Arc::clone(&graph.lock);
        if let Some(lock) = state.lock().filter(|l| !l.bodies.is_empty()) {
            let root = self.root.clone();
            let read = move |path: &str| std::fs::read(root.join(path)).ok();
            crate::drift::implementation::fill_bodies(&read, &mut graph, |f| {
                crate::drift::implementation::lock_needs_bodies(lock, f)
            });
        }
        let mut findings = crate::rules::check(&graph);
        findings.retain(|d| d.severity != crate::catalog::Severity::Hint);
        self.graph = Arc::new(graph);
        self.findings = Arc::new(findings);
    }
}

/// One file's facts, read as `extraction` says, by the same code as `check`'s walk (a
/// panicking extractor costs the file an `internal-error` finding, not the server).
fn read(
    path: &Path,
    rel: &str,
    config: &Config,
    scanner: &IdScanner,
    extraction: Extraction,
) -> Option<Arc<FileFacts>> {
    let data = std::fs::read(path).ok()?;
    workspace::Counters::default()
        .index(rel, &data, config, scanner, extraction)
        .map(Arc::new)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
