//! One full run over a workspace: load config, index, build the graph, run the rules.

use crate::config::{Config, ConfigError};
use crate::diagnostics::Diagnostic;
use crate::drift::LockState;
use crate::facts::{Annotation, FileFacts};
use crate::graph::Graph;
use crate::ids::IdScanner;
use crate::sources::{code, shallow_symbols};
use crate::text::Range;
use crate::workspace::{self, Extraction, FileKind, IndexStats, Outcome};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tracing::debug;

pub struct Run {
    pub graph: Graph,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: IndexStats,
}

/// How a run judges drift, and whether it uses the cache.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Flag every link below a changed item, not only its direct links.
    pub transitive: bool,
    /// Read and write the facts cache (`--no-cache` clears it; docs/cache.md).
    pub use_cache: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            transitive: false,
            use_cache: crate::cache::enabled(),
        }
    }
}

/// Set to `1` to make `check` parse every code file with tree-sitter, as before the
/// lexer fast path; the end-to-end tests compare both.
pub const FULL_PARSE_ENV: &str = "THROUGHLINE_FULL_PARSE";

/// Indexes the workspace at `root` with a full extraction and checks it.
pub fn run(root: &Path) -> Result<Run, ConfigError> {
    run_with(root, Extraction::Full, Options::default())
}

/// The extraction `throughline check` uses: the fast path unless `FULL_PARSE_ENV` asks
/// for the full parse.
pub fn check_extraction() -> Extraction {
    match std::env::var_os(FULL_PARSE_ENV) {
        Some(v) if v == "1" => Extraction::Full,
        _ => Extraction::Fast,
    }
}

/// Indexes the workspace at `root` and checks it. With `Extraction::Fast`, the symbols of
/// the annotations the diagnostics mention are resolved before returning, so the report
/// is the same as with `Extraction::Full`. `throughline.lock` is read here; a broken lock
/// is left in `graph.lock` for the caller to report (the CLI stops, the editor shows it).
pub fn run_with(root: &Path, extraction: Extraction, options: Options) -> Result<Run, ConfigError> {
    run_impl(root, extraction, options, false).map(|(run, _)| run)
}

/// The workspace's files as they were read, by path: their git blob ids, and the facts of
/// those with trace data as extracted (before the graph resolved anything in them).
/// `check --base` reuses the facts of the files a revision has unchanged.
#[derive(Default)]
pub struct Files {
    pub ids: FxHashMap<String, gix::ObjectId>,
    pub facts: FxHashMap<String, Arc<FileFacts>>,
}

/// [`run_with`], also returning the files as read, for `check --base`.
pub fn run_with_files(
    root: &Path,
    extraction: Extraction,
    options: Options,
) -> Result<(Run, Files), ConfigError> {
    run_impl(root, extraction, options, true)
}

fn run_impl(
    root: &Path,
    extraction: Extraction,
    options: Options,
    keep: bool,
) -> Result<(Run, Files), ConfigError> {
    let started = Instant::now();
    let config = Arc::new(Config::load(root)?);
    let cache = crate::cache::Cache::open(root, &config, options.use_cache && !keep);
    let (indexed, ids) = if keep {
        workspace::index_with_ids(root, &config, extraction)
    } else {
        (
            workspace::index_cached(root, &config, extraction, &cache),
            Default::default(),
        )
    };
    // Saving overlaps the graph and the rules; it writes only when something changed.
    let saver = std::thread::spawn(move || cache.save());
    debug!(
        elapsed = ?started.elapsed(),
        files = indexed.stats.files,
        parsed = indexed.stats.parsed,
        cached = indexed.stats.cached,
        "indexed"
    );
    let state = State {
        lock: LockState::load(root),
        root: Some(root.to_path_buf()),
        paths: None,
    };
    let mut facts: Vec<Arc<FileFacts>> = indexed.files.into_iter().map(Arc::new).collect();
    let files = Files {
        facts: if keep {
            facts.iter().map(|f| (f.path.clone(), f.clone())).collect()
        } else {
            FxHashMap::default()
        },
        ids,
    };
    // Other repositories' exports: after `files`, which holds this workspace's own.
    facts.extend(crate::imports::load(root, &config));
    let read = |path: &str| std::fs::read(root.join(path)).ok();
    let run = finish(config, facts, indexed.stats, state, options, &read);
    let _ = saver.join();
    Ok((run, files))
}

/// What a run knows about the workspace besides its files' facts.
pub struct State {
    pub lock: LockState,
    /// The workspace on disk, for rules that check that a named file exists.
    pub root: Option<std::path::PathBuf>,
    /// Every file of the workspace, when it is not on disk (a base revision).
    pub paths: Option<Arc<Vec<String>>>,
}

/// Builds the graph from indexed facts and checks it; `read` gives a file's current
/// bytes (from the disk, or from a revision's tree) for the symbols the report shows.
pub fn finish(
    config: Arc<Config>,
    files: Vec<Arc<FileFacts>>,
    stats: IndexStats,
    state: State,
    options: Options,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Run {
    let started = Instant::now();
    let mut graph = Graph::build(config, files);
    graph.root = state.root;
    graph.paths = state.paths;
    graph.lock = Arc::new(state.lock);
    graph.transitive = options.transitive;
    graph.trackers = Arc::new(crate::trackers::load_statuses(&graph.config, read));
    // The fast path parsed nothing; the lock's body fingerprints need their files parsed.
    let state = Arc::clone(&graph.lock);
    if let Some(lock) = state.lock().filter(|l| !l.bodies.is_empty()) {
        let parsed = crate::drift::implementation::fill_bodies(read, &mut graph, |f| {
            crate::drift::implementation::lock_needs_bodies(lock, f)
        });
        debug!(elapsed = ?started.elapsed(), files = parsed, "body fingerprints");
    }
    let mut diagnostics = check_graph(&graph);
    debug!(elapsed = ?started.elapsed(), "graph built and checked");
    if resolve_symbols(read, &mut graph, &diagnostics) {
        diagnostics = check_graph(&graph);
        debug!(elapsed = ?started.elapsed(), "symbols resolved and checked again");
    }
    Run {
        graph,
        diagnostics,
        stats,
    }
}

fn check_graph(graph: &Graph) -> Vec<Diagnostic> {
    let mut diagnostics = crate::rules::check(graph);
    // Hints are for the editor; a quality gate reports what must or should change.
    diagnostics.retain(|d| d.severity != crate::catalog::Severity::Hint);
    diagnostics
}

/// Symbols only show in related information ("implemented by function `post`"). The
/// annotations that related information points at, in files the fast path read, get
/// their symbols from a parse of their file; the facts are swapped in place (their lists
/// are unchanged, so the graph's indices stay valid) and the rules run again.
/// False when no reported annotation had a pending symbol.
/// Implements: REQ-FAST-CHECK
fn resolve_symbols(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    graph: &mut Graph,
    diagnostics: &[Diagnostic],
) -> bool {
    let wanted: FxHashSet<(&str, Range)> = diagnostics
        .iter()
        .flat_map(|d| d.related.iter().map(|r| (r.path.as_str(), r.range)))
        .collect();
    let paths: FxHashSet<&str> = wanted.iter().map(|(p, _)| *p).collect();
    let pending: Vec<usize> = (0..graph.files.len())
        .filter(|&i| graph.files[i].symbols_pending && paths.contains(graph.files[i].path.as_str()))
        .collect();
    if pending.is_empty() {
        return false;
    }
    debug!(files = pending.len(), "resolving symbols");
    let scanner = IdScanner::new(&graph.config.prefixes());
    let resolved: Vec<(usize, Option<FileFacts>)> = pending
        .par_iter()
        .map(|&i| {
            let old = &graph.files[i];
            let is_wanted = |a: &Annotation| wanted.contains(&(old.path.as_str(), a.target.range));
            (
                i,
                resolve_file(read, old, &graph.config, &scanner, is_wanted),
            )
        })
        .collect();
    for (i, facts) in resolved {
        if let Some(f) = facts {
            graph.replace_symbols(i, f);
        }
    }
    true
}

/// The facts of one fast-path file with the wanted symbols filled in: from the lexer's
/// outline where it is sure, else from a parse (the cheap resolution or else a full
/// extraction). `None` (placeholders stay) when the file changed
/// since it was read, so no report mixes two versions of it.
pub(crate) fn resolve_file(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    old: &FileFacts,
    config: &Config,
    scanner: &IdScanner,
    wanted: impl Fn(&Annotation) -> bool,
) -> Option<FileFacts> {
    let data = read(&old.path)?;
    let FileKind::Code(lang) = workspace::kind_for_path(&old.path) else {
        return None;
    };
    let text = String::from_utf8_lossy(&data);
    let mut facts = old.clone();
    // The outline leaves `facts` untouched when it gives up; when the parse gives up too,
    // a full extraction replaces them.
    if shallow_symbols::resolve_symbols(&text, lang, scanner, &mut facts, &wanted).is_ok() {
        return Some(facts);
    }
    if code::resolve_symbols(&text, lang, scanner, &mut facts, wanted).is_ok() {
        return Some(facts);
    }
    match workspace::index_bytes(&old.path, &data, config, scanner) {
        Outcome::Facts(f, _) => Some(f),
        _ => None,
    }
}
