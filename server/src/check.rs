//! One full run over a workspace: load config, index, build the graph, run the rules.

use crate::config::{Config, ConfigError};
use crate::diagnostics::Diagnostic;
use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::ids::IdScanner;
use crate::workspace::{self, Extraction, IndexStats, Outcome};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tracing::debug;

pub struct Run {
    pub graph: Graph,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: IndexStats,
}

/// Set to `1` to make `check` parse every code file with tree-sitter, as before the
/// lexer fast path; the end-to-end tests compare both.
pub const FULL_PARSE_ENV: &str = "THROUGHLINE_FULL_PARSE";

/// Indexes the workspace at `root` with a full extraction and checks it.
pub fn run(root: &Path) -> Result<Run, ConfigError> {
    run_with(root, Extraction::Full)
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
/// is the same as with `Extraction::Full`.
pub fn run_with(root: &Path, extraction: Extraction) -> Result<Run, ConfigError> {
    let started = Instant::now();
    let config = Arc::new(Config::load(root)?);
    let indexed = workspace::index_with(root, &config, extraction);
    debug!(
        elapsed = ?started.elapsed(),
        files = indexed.stats.files,
        parsed = indexed.stats.parsed,
        "indexed"
    );
    let mut graph = Graph::build(config, indexed.files.into_iter().map(Arc::new).collect());
    let mut diagnostics = check_graph(&graph);
    debug!(elapsed = ?started.elapsed(), "graph built and checked");
    if let Some(resolved) = resolve_symbols(root, &graph, &diagnostics) {
        graph = resolved;
        diagnostics = check_graph(&graph);
        debug!(elapsed = ?started.elapsed(), "symbols resolved and checked again");
    }
    Ok(Run {
        graph,
        diagnostics,
        stats: indexed.stats,
    })
}

fn check_graph(graph: &Graph) -> Vec<Diagnostic> {
    let mut diagnostics = crate::rules::check(graph);
    // Hints are for the editor; a quality gate reports what must or should change.
    diagnostics.retain(|d| d.severity != crate::catalog::Severity::Hint);
    diagnostics
}

/// Symbols only show in related information ("implemented by function `post`"). The
/// files that related information points at and that the fast path read are extracted
/// again with tree-sitter, and the graph is rebuilt with their full facts. Their
/// annotations are the same, so the rules find the same problems, now with symbols.
/// `None` when no reported file had pending symbols.
/// Implements: REQ-FAST-CHECK
fn resolve_symbols(root: &Path, graph: &Graph, diagnostics: &[Diagnostic]) -> Option<Graph> {
    let wanted: FxHashSet<&str> = diagnostics
        .iter()
        .flat_map(|d| d.related.iter().map(|r| r.path.as_str()))
        .collect();
    let pending: Vec<usize> = (0..graph.files.len())
        .filter(|&i| {
            graph.files[i].symbols_pending && wanted.contains(graph.files[i].path.as_str())
        })
        .collect();
    if pending.is_empty() {
        return None;
    }
    debug!(files = pending.len(), "resolving symbols");
    let scanner = IdScanner::new(&graph.config.prefixes());
    let full: Vec<(usize, Option<FileFacts>)> = pending
        .par_iter()
        .map(|&i| {
            let old = &graph.files[i];
            let data = std::fs::read(root.join(&old.path)).ok();
            let facts = data.and_then(|data| {
                match workspace::index_bytes(&old.path, &data, &graph.config, &scanner) {
                    Outcome::Facts(f, _) => Some(f),
                    _ => None,
                }
            });
            (i, facts)
        })
        .collect();
    let mut files = graph.files.clone();
    for (i, facts) in full {
        // A file that changed since it was read keeps its first facts (and placeholder
        // symbols) rather than mixing two versions in one report.
        match facts {
            Some(f) if same_annotations(&f, &files[i]) => files[i] = Arc::new(f),
            _ => {}
        }
    }
    Some(Graph::build(graph.config.clone(), files))
}

fn same_annotations(a: &FileFacts, b: &FileFacts) -> bool {
    a.annotations.len() == b.annotations.len()
        && a.annotations
            .iter()
            .zip(&b.annotations)
            .all(|(x, y)| x.kind == y.kind && x.target == y.target)
        && a.references == b.references
}
