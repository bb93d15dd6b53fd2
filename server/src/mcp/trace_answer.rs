//! The `trace` tool's answer: an item with its text and state, its upstream chain and
//! everything downstream of it, flattened into lists an agent can read without walking a
//! tree (each entry keeps its depth, and code sites say which item they serve).

use super::answers::{state_of, suspect_ids, unknown_item, Answer, ItemState};
use crate::graph::Graph;
use crate::trace::{trace, TraceItem};
use schemars::JsonSchema;
use serde::Serialize;
use std::path::Path;

/// The most text of an item that is returned, in characters.
const TEXT_LIMIT: usize = 4000;

#[derive(Debug, Serialize, JsonSchema)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub layer: Option<String>,
    pub path: Option<String>,
    pub line: Option<u32>,
    /// The item's own text (its body), as written.
    pub text: String,
    pub status: ItemState,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Linked {
    pub id: String,
    pub title: String,
    pub layer: Option<String>,
    pub path: Option<String>,
    pub line: Option<u32>,
    /// 1 for a direct link, 2 for a link of a link, and so on.
    pub depth: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CodeSite {
    /// The item this code implements or verifies (the traced item or one below it).
    pub item: String,
    /// e.g. "test `sums_are_exact`".
    pub symbol: String,
    pub path: String,
    pub line: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Place {
    pub path: String,
    pub line: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Trace {
    pub item: Item,
    /// What the item derives from, nearest first.
    pub upstream: Vec<Linked>,
    /// Items that derive from it, directly or not.
    pub derived: Vec<Linked>,
    pub implementations: Vec<CodeSite>,
    pub tests: Vec<CodeSite>,
    /// Plain mentions of the item's ID.
    pub mentions: Vec<Place>,
}

/// Implements: REQ-MCP-SERVER
pub fn answer(graph: &Graph, root: &Path, id: &str) -> Answer<Trace> {
    let t = trace(graph, id).ok_or_else(|| unknown_item(graph, id))?;
    let suspect = suspect_ids(graph).unwrap_or_default();
    let mut upstream = Vec::new();
    flatten(&t.upstream, 1, &mut upstream, |i| &i.upstream);
    let mut derived = Vec::new();
    flatten(&t.derived, 1, &mut derived, |i| &i.derived);
    let (mut implementations, mut tests) = (Vec::new(), Vec::new());
    sites(&t, &mut implementations, &mut tests);
    let (path, line) = match &t.defined_at {
        Some(s) => (Some(s.path.clone()), Some(s.line)),
        None => (None, None),
    };
    let text = text_of(graph, root, id);
    let summary = format!(
        "{id} {}{}: {} upstream, {} derived, {} implementations, {} tests, {} mentions",
        t.title,
        path.as_ref()
            .map(|p| format!(" ({p}:{})", line.unwrap_or(0)))
            .unwrap_or_default(),
        upstream.len(),
        derived.len(),
        implementations.len(),
        tests.len(),
        t.mentioned_in.len()
    );
    let item = Item {
        id: t.id.clone(),
        title: t.title.clone(),
        layer: t.layer.clone(),
        path,
        line,
        text,
        status: state_of(graph, id, &suspect),
    };
    let mentions = t
        .mentioned_in
        .iter()
        .map(|s| Place {
            path: s.path.clone(),
            line: s.line,
        })
        .collect();
    Ok((
        Trace {
            item,
            upstream,
            derived,
            implementations,
            tests,
            mentions,
        },
        summary,
    ))
}

/// The files holding the code sites a trace of `id` shows.
pub fn code_paths(graph: &Graph, id: &str) -> Vec<String> {
    fn walk(item: &TraceItem, out: &mut Vec<String>) {
        let sites = item.implemented_by.iter().chain(&item.verified_by);
        out.extend(sites.map(|s| s.site.path.clone()));
        item.derived.iter().for_each(|d| walk(d, out));
    }
    let mut out = Vec::new();
    if let Some(t) = trace(graph, id) {
        walk(&t, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

fn flatten(
    items: &[TraceItem],
    depth: u32,
    out: &mut Vec<Linked>,
    next: fn(&TraceItem) -> &Vec<TraceItem>,
) {
    for i in items {
        out.push(Linked {
            id: i.id.clone(),
            title: i.title.clone(),
            layer: i.layer.clone(),
            path: i.defined_at.as_ref().map(|s| s.path.clone()),
            line: i.defined_at.as_ref().map(|s| s.line),
            depth,
        });
        flatten(next(i), depth + 1, out, next);
    }
}

fn sites(item: &TraceItem, implementations: &mut Vec<CodeSite>, tests: &mut Vec<CodeSite>) {
    let site = |s: &crate::trace::CodeSite| CodeSite {
        item: item.id.clone(),
        symbol: s.symbol.clone(),
        path: s.site.path.clone(),
        line: s.site.line,
    };
    implementations.extend(item.implemented_by.iter().map(site));
    tests.extend(item.verified_by.iter().map(site));
    for d in &item.derived {
        sites(d, implementations, tests);
    }
}

/// The item's body as written, read from its file (the facts keep only spans).
fn text_of(graph: &Graph, root: &Path, id: &str) -> String {
    let Some((f, d)) = graph.definition(id) else {
        return String::new();
    };
    let Ok(data) = std::fs::read(root.join(&f.path)) else {
        return String::new();
    };
    let (s, e) = (d.body.0.min(data.len()), d.body.1.min(data.len()));
    let text = String::from_utf8_lossy(&data[s..e.max(s)]);
    let text = text.trim();
    match text.char_indices().nth(TEXT_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
