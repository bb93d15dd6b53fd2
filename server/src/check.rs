//! One full run over a workspace: load config, index, build the graph, run the rules.

use crate::config::{Config, ConfigError};
use crate::diagnostics::Diagnostic;
use crate::graph::Graph;
use crate::workspace::{self, IndexStats};
use std::path::Path;
use std::sync::Arc;

pub struct Run {
    pub graph: Graph,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: IndexStats,
}

/// Indexes the workspace at `root` and checks it.
pub fn run(root: &Path) -> Result<Run, ConfigError> {
    let config = Arc::new(Config::load(root)?);
    let indexed = workspace::index(root, &config);
    let graph = Graph::build(config, indexed.files.into_iter().map(Arc::new).collect());
    let mut diagnostics = crate::rules::check(&graph);
    // Hints are for the editor; a quality gate reports what must or should change.
    diagnostics.retain(|d| d.severity != crate::catalog::Severity::Hint);
    Ok(Run {
        graph,
        diagnostics,
        stats: indexed.stats,
    })
}
