//! The server's state: workspace roots with their facts, and open documents. Owned by
//! the writer thread alone; requests read immutable `Snapshot`s of it.

use super::convert::Encoding;
use crate::config::{Config, Overrides, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::drift::{LockState, LOCK_FILE};
use crate::facts::FileFacts;
use crate::features::Texts;
use crate::graph::Graph;
use crate::ids::IdScanner;
use crate::workspace::{self, Outcome};
use ropey::Rope;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One workspace root: found from a client's workspace folder or from a file opened
/// outside every root (`crate::root`).
pub struct Root {
    pub path: PathBuf,
    /// Whether the root's folder is walked. A file opened where nothing marks a root
    /// (no `throughline.toml`, no `.git` above it) gets a root of its own that holds only
    /// the open buffers: walking its folder could mean walking a home directory.
    pub walk: bool,
    pub config: Arc<Config>,
    /// Why `throughline.toml` could not be used (the default or last good config applies).
    pub config_error: Option<String>,
    scanner: IdScanner,
    /// Facts of every file with trace data, from disk or from an open buffer. Files
    /// read from disk start as the fast path left them (`lsp::full_parse`).
    pub(super) facts: HashMap<String, Arc<FileFacts>>,
    /// The facts cache of the last reindex, kept until the background parse has added
    /// the full facts to it (`lsp::full_parse`).
    pub(super) cache: Option<crate::cache::Cache>,
    /// `throughline.lock`, from disk or from an open buffer.
    pub lock: Arc<LockState>,
    /// Editor settings laid over `throughline.toml`.
    pub overrides: Arc<Overrides>,
    /// Test results from `[evidence] test-results`, reloaded when one changes.
    pub evidence: Arc<crate::evidence::Evidence>,
    /// Tracker exports' statuses, re-read when an export or the config changes.
    trackers: Arc<crate::trackers::Statuses>,
}

/// An open editor buffer.
pub struct Doc {
    pub rope: Rope,
    pub text: Arc<str>,
    pub version: i32,
}

/// An immutable view for requests.
pub struct Snapshot {
    /// The last mutation applied.
    pub seq: u64,
    pub encoding: Encoding,
    pub roots: Vec<RootSnapshot>,
    /// Open buffers by absolute path.
    pub docs: Arc<HashMap<PathBuf, Arc<str>>>,
}

pub struct RootSnapshot {
    pub path: PathBuf,
    pub graph: Arc<Graph>,
    /// Diagnostics by workspace-relative path.
    pub diagnostics: Arc<BTreeMap<String, Vec<Diagnostic>>>,
}

impl Snapshot {
    pub fn empty(encoding: Encoding) -> Snapshot {
        Snapshot {
            seq: 0,
            encoding,
            roots: Vec::new(),
            docs: Arc::new(HashMap::new()),
        }
    }

    /// The root containing `path` (the innermost one) and the path relative to it.
    pub fn locate(&self, path: &Path) -> Option<(&RootSnapshot, String)> {
        self.locate_index(path)
            .map(|(i, rel)| (&self.roots[i], rel))
    }

    /// Like `locate`, with the root's index.
    pub fn locate_index(&self, path: &Path) -> Option<(usize, String)> {
        innermost_root(self.roots.iter().map(|r| r.path.as_path()), path)
    }

    /// A text source for one root: open buffers first, then the disk.
    pub fn texts<'a>(&'a self, root: &'a Path) -> SnapshotTexts<'a> {
        SnapshotTexts {
            root,
            docs: &self.docs,
        }
    }
}

pub struct SnapshotTexts<'a> {
    root: &'a Path,
    docs: &'a HashMap<PathBuf, Arc<str>>,
}

impl Texts for SnapshotTexts<'_> {
    fn text(&self, path: &str) -> Option<Arc<str>> {
        let abs = self.root.join(path);
        if let Some(t) = self.docs.get(&abs) {
            return Some(t.clone());
        }
        let bytes = std::fs::read(&abs).ok()?;
        Some(Arc::from(String::from_utf8_lossy(&bytes).as_ref()))
    }
}

/// The innermost of `roots` that contains `path`: its index and the relative path.
pub fn innermost_root<'a>(
    roots: impl Iterator<Item = &'a Path>,
    path: &Path,
) -> Option<(usize, String)> {
    roots
        .enumerate()
        .filter_map(|(i, r)| {
            path.strip_prefix(r)
                .ok()
                .map(|rel| (i, r.as_os_str().len(), rel))
        })
        .max_by_key(|(_, len, _)| *len)
        .map(|(i, _, rel)| (i, rel_string(rel)))
}

pub fn rel_string(rel: &Path) -> String {
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

impl Root {
    /// Loads the config and indexes the folder from disk.
    pub fn load(path: PathBuf, overrides: Arc<Overrides>) -> Root {
        Root::load_with(path, overrides, true)
    }

    /// A root that indexes only what is opened in it (see `walk`).
    pub fn load_unwalked(path: PathBuf, overrides: Arc<Overrides>) -> Root {
        Root::load_with(path, overrides, false)
    }

    fn load_with(path: PathBuf, overrides: Arc<Overrides>, walk: bool) -> Root {
        let (config, config_error) = match Config::load(&path) {
            Ok(c) => (c, None),
            Err(e) => (Config::default_config(), Some(e.0)),
        };
        let config = apply_overrides(config, &overrides);
        let evidence = crate::evidence::load(&path, &config, &[]);
        let mut root = Root {
            scanner: IdScanner::new(&config.prefixes()),
            config: Arc::new(config),
            config_error,
            lock: Arc::new(LockState::load(&path)),
            evidence: Arc::new(evidence),
            overrides,
            path,
            walk,
            facts: HashMap::new(),
            cache: None,
            trackers: Arc::default(),
        };
        root.reindex();
        root
    }

    pub fn reindex(&mut self) {
        self.reload_trackers();
        if !self.walk {
            // Open buffers are laid back on by the writer after every reindex.
            self.facts.clear();
            return;
        }
        // As `check` does: the comment lexer, or the cache; symbols are parsed later.
        let cache = crate::cache::Cache::open(&self.path, &self.config, crate::cache::enabled());
        let indexed = workspace::index_cached(
            &self.path,
            &self.config,
            workspace::Extraction::Fast,
            &cache,
        );
        self.cache = Some(cache);
        self.facts = indexed
            .files
            .into_iter()
            .map(|f| (f.path.clone(), Arc::new(f)))
            .collect();
        // Other repositories' exports (`[workspace] imports`), read at each reindex.
        for f in crate::imports::load(&self.path, &self.config) {
            self.facts.insert(f.path.clone(), f);
        }
        self.parse_for_lock();
        self.parse_for_evidence();
    }

    /// Re-reads the config; on success reindexes with it. Returns whether it changed.
    pub fn reload_config(&mut self) {
        match Config::load(&self.path) {
            Ok(c) => {
                let c = apply_overrides(c, &self.overrides);
                self.scanner = IdScanner::new(&c.prefixes());
                self.config = Arc::new(c);
                self.config_error = None;
            }
            // Keep the last good config while the user edits the file.
            Err(e) => self.config_error = Some(e.0),
        }
        self.evidence = Arc::new(crate::evidence::load(&self.path, &self.config, &[]));
        self.reindex();
    }

    /// Whether the config's globs select this file.
    pub fn selects(&self, rel: &str) -> bool {
        self.config.include.is_match(rel)
            && !self.config.exclude.is_match(rel)
            && workspace::visible(rel, &self.config.dialect_folders())
    }

    /// Re-reads the tracker exports from the disk.
    fn reload_trackers(&mut self) {
        self.reload_trackers_with("", None);
    }

    /// Re-reads the tracker exports, `rel` from `bytes` (an open buffer) when given.
    fn reload_trackers_with(&mut self, rel: &str, bytes: Option<&[u8]>) {
        let root = self.path.clone();
        let read = |p: &str| match bytes {
            Some(b) if p == rel => Some(b.to_vec()),
            _ => std::fs::read(root.join(p)).ok(),
        };
        self.trackers = Arc::new(crate::trackers::load_statuses(&self.config, &read));
    }

    /// Re-extracts one file from `bytes` (an open buffer or the disk), or drops it.
    pub fn update_file(&mut self, rel: &str, bytes: Option<&[u8]>) {
        if self.config.trackers.is_export(rel) {
            self.reload_trackers_with(rel, bytes);
        }
        if rel == LOCK_FILE {
            self.lock = Arc::new(bytes.map_or(LockState::Missing, LockState::from_bytes));
            self.parse_for_lock();
            return;
        }
        if crate::evidence::load::is_results_file(&self.config, rel) {
            self.evidence = Arc::new(crate::evidence::load(&self.path, &self.config, &[]));
            self.parse_for_evidence();
        }
        let facts = match bytes {
            Some(b) if self.selects(rel) => {
                match std::panic::catch_unwind(|| {
                    workspace::index_bytes(rel, b, &self.config, &self.scanner)
                }) {
                    Ok(Outcome::Facts(f, _)) if !f.is_empty() => Some(f),
                    _ => None,
                }
            }
            _ => None,
        };
        match facts {
            Some(mut f) => {
                // A contract that stops parsing mid-edit keeps its last readable model
                // (operations, links), so the rest of the workspace does not flicker.
                if f.contract.is_none()
                    && f.problems
                        .iter()
                        .any(|p| p.code == crate::catalog::INVALID_CONTRACT)
                {
                    if let Some(old) = self.facts.get(rel).filter(|o| o.contract.is_some()) {
                        f.contract = old.contract.clone();
                        f.definitions = old.definitions.clone();
                        f.links = old.links.clone();
                    }
                }
                self.facts.insert(rel.to_string(), Arc::new(f));
            }
            None => {
                self.facts.remove(rel);
            }
        }
    }

    /// Builds the graph and runs the rules. Files whose symbols the diagnostics show
    /// (related information) and that still wait for a parse are parsed first, so what
    /// is published never shows a placeholder.
    pub fn snapshot(&mut self) -> RootSnapshot {
        let snap = self.build();
        let waiting: std::collections::BTreeSet<String> = snap
            .diagnostics
            .values()
            .flatten()
            .flat_map(|d| d.related.iter().map(|r| r.path.as_str()))
            .filter(|p| {
                self.facts
                    .get(*p)
                    .is_some_and(|f| f.symbols_pending && f.origin.is_none())
            })
            .map(str::to_string)
            .collect();
        let refs: Vec<&str> = waiting.iter().map(String::as_str).collect();
        if refs.is_empty() || self.parse_now(&refs) == 0 {
            return snap;
        }
        self.build()
    }

    fn build(&self) -> RootSnapshot {
        let t = std::time::Instant::now();
        let mut graph = Graph::build(self.config.clone(), self.facts.values().cloned().collect());
        graph.root = Some(self.path.clone());
        graph.lock = self.lock.clone();
        crate::evidence::attach(&mut graph, self.evidence.clone());
        graph.trackers = self.trackers.clone();
        let built = t.elapsed();
        let mut diagnostics: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for d in crate::rules::check(&graph) {
            diagnostics.entry(d.path.clone()).or_default().push(d);
        }
        tracing::debug!(
            graph_ms = built.as_secs_f64() * 1e3,
            rules_ms = (t.elapsed() - built).as_secs_f64() * 1e3,
            "rebuilt"
        );
        if let Some(e) = &self.config_error {
            diagnostics
                .entry(CONFIG_FILE.to_string())
                .or_default()
                .push(config_diagnostic(e));
        }
        RootSnapshot {
            path: self.path.clone(),
            graph: Arc::new(graph),
            diagnostics: Arc::new(diagnostics),
        }
    }
}

/// Lays editor settings over a config; what cannot be applied is logged, not fatal.
fn apply_overrides(config: Config, overrides: &Overrides) -> Config {
    let (config, warnings) = config.with_overrides(overrides);
    for w in warnings {
        tracing::warn!("editor setting ignored: {w}");
    }
    config
}

/// A config problem as a diagnostic on `throughline.toml`, at the line TOML reports.
fn config_diagnostic(message: &str) -> Diagnostic {
    let line = message
        .split("line ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(0, |n| n.saturating_sub(1));
    let pos = crate::text::Pos { line, col: 0 };
    Diagnostic {
        code: crate::catalog::INVALID_CONFIG,
        severity: crate::catalog::Severity::Error,
        path: CONFIG_FILE.to_string(),
        range: crate::text::Range {
            start: pos,
            end: crate::text::Pos {
                line,
                col: u32::MAX / 2,
            },
        },
        message: message.to_string(),
        help: Some(
            "the last valid configuration (or the default) stays in use until this is fixed".into(),
        ),
        related: Vec::new(),
        suggestion: None,
    }
}
