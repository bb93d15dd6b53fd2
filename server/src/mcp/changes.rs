//! The `check_changes` tool: what the working tree introduces against a git revision,
//! exactly as `throughline check --base REV` reports it (the same runs, the same
//! matching by stable keys), shaped as `findings` shapes findings.

use super::answers::{finding, Answer, Finding};
use crate::baseline;
use crate::catalog::Severity;
use crate::check::{self, Options};
use crate::output::Sources;
use crate::workspace::Extraction;
use schemars::JsonSchema;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Serialize, JsonSchema)]
pub struct Changes {
    /// The revision compared against, as given.
    pub base: String,
    /// Findings that exist now and did not at `base`.
    pub introduced: Vec<Finding>,
    /// Findings `base` had that are fixed now (their places are `base`'s).
    pub resolved: Vec<Finding>,
    /// No introduced error or warning.
    pub ok: bool,
}

/// Implements: REQ-MCP-SERVER, REQ-GATE-BASE
pub fn answer(root: &Path, rev: &str) -> Answer<Changes> {
    let (mut now, files) = check::run_with_files(root, Extraction::Fast, Options::default())
        .map_err(|e| e.to_string())?;
    let config = now.graph.config.clone();
    let mut base = baseline::run_at(
        root,
        rev,
        config,
        Extraction::Fast,
        Options::default(),
        &files,
    )
    .map_err(|e| e.to_string())?;
    let mut base_sources = base.sources(root);
    let changes = base.compare(&mut now, &mut Sources::new(root), &mut base_sources);
    let introduced: Vec<Finding> = changes.new.iter().map(|d| finding(&now.graph, d)).collect();
    let resolved: Vec<Finding> = changes
        .resolved
        .iter()
        .map(|d| finding(&base.run.graph, d))
        .collect();
    let ok = !changes
        .new
        .iter()
        .any(|d| matches!(d.severity, Severity::Error | Severity::Warning));
    let mut text = format!(
        "against {rev}: {} introduced, {} resolved{}",
        introduced.len(),
        resolved.len(),
        if ok { "" } else { " (not ok)" }
    );
    for f in introduced.iter().take(20) {
        text.push_str(&format!(
            "\nnew {}:{} {} {}",
            f.path, f.line, f.code, f.message
        ));
    }
    Ok((
        Changes {
            base: rev.to_string(),
            introduced,
            resolved,
            ok,
        },
        text,
    ))
}
