//! Link suggestions and item search, protocol-free (the editor's quick fixes and the MCP
//! tools `suggest_links` and `search` call these).
//!
//! - [`suggest`]: for the code definition at a place, the items it most likely
//!   implements (or, in test code, verifies), each with the exact comment to insert;
//! - [`search`]: items ranked by relevance to a free-text query.
//!
//! Both rank with BM25 over each item's title and normalized text (`rank`), on words
//! that fold identifiers and prose together (`words`). Lines are 0-based, as everywhere
//! in the engine.

mod context;
mod rank;
mod words;

use crate::config::Need;
use crate::graph::Graph;
use rustc_hash::FxHashMap;

/// An item the definition may implement, best first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    /// BM25 score; comparable within one answer only.
    pub score: f64,
    /// The exact line to insert above the definition, in the file's comment syntax:
    /// `// Implements: REQ-PAY-3`, `# Verifies: REQ-PAY-3` in a Python test.
    pub annotation: String,
}

/// An item that matches a search.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    /// The layer's name (`requirement`).
    pub layer: String,
    /// Where the item is defined: workspace-relative path and 0-based line.
    pub path: String,
    pub line: u32,
    pub score: f64,
}

/// Implements: REQ-SUGGEST
/// Items ranked by how well their title and text match `query`, optionally only those
/// of the layer named `layer`; at most `limit`.
pub fn search(graph: &Graph, query: &str, layer: Option<&str>, limit: usize) -> Vec<Hit> {
    let index = rank::Index::build(graph, |l| layer.is_none_or(|name| l.name == name));
    let mut terms: FxHashMap<String, f64> = FxHashMap::default();
    for w in words::words(query) {
        *terms.entry(w).or_default() += 1.0;
    }
    index
        .rank(&terms)
        .into_iter()
        .take(limit)
        .map(|(i, score)| {
            let d = &index.docs[i];
            Hit {
                id: d.id.to_string(),
                title: d.title.to_string(),
                layer: d.layer.to_string(),
                path: d.path.to_string(),
                line: d.line,
                score,
            }
        })
        .collect()
}

/// Implements: REQ-SUGGEST
/// Suggestions for the definition enclosing 0-based `line` of the workspace file `path`,
/// read from the disk under `graph.root`. Empty when the file cannot be read, is not
/// code, or nothing encloses the line.
pub fn suggest(graph: &Graph, path: &str, line: u32, limit: usize) -> Vec<Candidate> {
    let Some(text) = graph
        .root
        .as_ref()
        .and_then(|root| std::fs::read(root.join(path)).ok())
    else {
        return Vec::new();
    };
    suggest_in(graph, &String::from_utf8_lossy(&text), path, line, limit)
}

/// [`suggest`] on the given text of `path` (an editor's unsaved buffer).
pub fn suggest_in(
    graph: &Graph,
    text: &str,
    path: &str,
    line: u32,
    limit: usize,
) -> Vec<Candidate> {
    let is_test_file = graph.config.tests.is_match(path);
    let Some(found) = context::at(text, path, line, is_test_file) else {
        return Vec::new();
    };
    let (keyword, need) = if found.is_test {
        ("Verifies", Need::Test)
    } else {
        ("Implements", Need::Implementation)
    };
    // Only items code can satisfy, written as their IDs (a dialect's IDs are cited in
    // its own syntax, which `Implements:` is not).
    let index = rank::Index::build(graph, |l| !l.dialect && l.needs.contains(&need));
    index
        .rank(&found.terms)
        .into_iter()
        .take(limit)
        .map(|(i, score)| {
            let d = &index.docs[i];
            Candidate {
                id: d.id.to_string(),
                title: d.title.to_string(),
                score,
                annotation: format!("{} {keyword}: {}", found.comment, d.id),
            }
        })
        .collect()
}

// Verifies: REQ-SUGGEST
#[cfg(test)]
mod tests;
