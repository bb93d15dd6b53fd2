//! One full run over a workspace: load config, index, build the graph, run the rules.

use crate::config::{Config, ConfigError};
use crate::diagnostics::Diagnostic;
use crate::drift::LockState;
use crate::graph::Graph;
use crate::workspace::{self, IndexStats};
use std::path::Path;
use std::sync::Arc;

pub struct Run {
    pub graph: Graph,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: IndexStats,
}

/// How a run judges drift.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Flag every link below a changed item, not only its direct links.
    pub transitive: bool,
}

/// Indexes the workspace at `root` and checks it.
pub fn run(root: &Path) -> Result<Run, ConfigError> {
    run_with(root, Options::default())
}

/// Like `run`, with options. `throughline.lock` is read here; a broken lock is left in
/// `graph.lock` for the caller to report (the CLI stops, the editor shows it).
pub fn run_with(root: &Path, options: Options) -> Result<Run, ConfigError> {
    let config = Arc::new(Config::load(root)?);
    let indexed = workspace::index(root, &config);
    let mut graph = Graph::build(config, indexed.files.into_iter().map(Arc::new).collect());
    graph.lock = Arc::new(LockState::load(root));
    graph.transitive = options.transitive;
    let mut diagnostics = crate::rules::check(&graph);
    // Hints are for the editor; a quality gate reports what must or should change.
    diagnostics.retain(|d| d.severity != crate::catalog::Severity::Hint);
    Ok(Run {
        graph,
        diagnostics,
        stats: indexed.stats,
    })
}
