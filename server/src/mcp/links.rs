//! The `search` and `suggest_links` tools: how an agent finds what to cite. The ranking
//! is `features::suggest`'s (BM25 over item titles and text); this shapes it, with
//! 1-based lines, and checks the place it is asked about.

use super::answers::Answer;
use crate::features::suggest;
use crate::graph::Graph;
use schemars::JsonSchema;
use serde::Serialize;
use std::path::{Component, Path};

#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub layer: String,
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// BM25 score; comparable within one answer only.
    pub score: f64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Search {
    pub items: Vec<SearchHit>,
}

/// Implements: REQ-MCP-SERVER, REQ-SUGGEST
pub fn search(graph: &Graph, query: &str, layer: Option<&str>, limit: usize) -> Answer<Search> {
    if query.trim().is_empty() {
        return Err("`query` is empty: give words from the title or text of the item".into());
    }
    if let Some(name) = layer {
        if !graph.config.layers.iter().any(|l| l.name == name) {
            let names: Vec<&str> = graph
                .config
                .layers
                .iter()
                .map(|l| l.name.as_str())
                .collect();
            return Err(format!(
                "unknown layer `{name}`; the layers are: {}",
                names.join(", ")
            ));
        }
    }
    let items: Vec<SearchHit> = suggest::search(graph, query, layer, limit)
        .into_iter()
        .map(|h| SearchHit {
            id: h.id,
            title: h.title,
            layer: h.layer,
            path: h.path,
            line: h.line + 1,
            score: h.score,
        })
        .collect();
    let mut text = match items.len() {
        0 => format!("nothing matches `{query}`"),
        n => format!("{n} items match `{query}`"),
    };
    for i in items.iter().take(10) {
        text.push_str(&format!("\n{} {} ({}:{})", i.id, i.title, i.path, i.line));
    }
    Ok((Search { items }, text))
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    /// BM25 score; comparable within one answer only.
    pub score: f64,
    /// The exact comment line to insert above the definition.
    pub annotation: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Suggestions {
    pub candidates: Vec<Candidate>,
}

/// Implements: REQ-MCP-SERVER, REQ-SUGGEST
pub fn suggest_links(graph: &Graph, root: &Path, path: &str, line: u32) -> Answer<Suggestions> {
    let rel = inside(path)?;
    let unreadable = |e: std::io::Error| format!("cannot read `{rel}` in the workspace: {e}");
    let real = root.join(&rel).canonicalize().map_err(unreadable)?;
    // A symbolic link may lead out of the workspace: read only what is inside it.
    if !root.canonicalize().is_ok_and(|r| real.starts_with(r)) {
        return Err(format!("`{rel}` leads out of the workspace"));
    }
    let data = std::fs::read(&real).map_err(unreadable)?;
    let text = String::from_utf8_lossy(&data);
    let lines = text.lines().count() as u32;
    if line == 0 || line > lines.max(1) {
        return Err(format!(
            "line {line} is not in `{rel}`, which has {lines} lines (lines start at 1)"
        ));
    }
    let candidates: Vec<Candidate> = suggest::suggest_in(graph, &text, &rel, line - 1, 5)
        .into_iter()
        .map(|c| Candidate {
            id: c.id,
            title: c.title,
            score: c.score,
            annotation: c.annotation,
        })
        .collect();
    let mut text = match candidates.len() {
        0 => format!("no candidates: no function, method or class of code encloses {rel}:{line}, or no item matches it"),
        n => format!("{n} candidates for {rel}:{line}"),
    };
    for c in &candidates {
        text.push_str(&format!(
            "\n{}: {}  ->  {}",
            c.id,
            c.title,
            c.annotation.trim()
        ));
    }
    Ok((Suggestions { candidates }, text))
}

/// `path` as a workspace-relative path with `/`, refusing absolute paths and `..`:
/// the tool reads only inside the workspace.
fn inside(path: &str) -> Result<String, String> {
    let p = Path::new(path.trim());
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => {
                return Err(format!(
                    "`{path}` is not a workspace-relative path (no leading `/`, no `..`)"
                ))
            }
        }
    }
    if parts.is_empty() {
        return Err("`path` is empty".into());
    }
    Ok(parts.join("/"))
}
