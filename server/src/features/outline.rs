//! Document symbols (the outline of a spec) and workspace symbols.

use super::FileRange;
use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::text::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    pub id: String,
    pub title: String,
    pub layer: Option<String>,
    /// The heading line.
    pub range: Range,
    /// The ID in the heading.
    pub selection: Range,
    pub children: Vec<OutlineItem>,
}

/// Implements: REQ-LSP-NAV
/// The items defined in a Markdown file, nested by heading level.
pub fn document_symbols(graph: &Graph, facts: &FileFacts) -> Vec<OutlineItem> {
    // (level, item) stack: a deeper heading nests under the last shallower one.
    let mut roots: Vec<OutlineItem> = Vec::new();
    let mut stack: Vec<(u8, OutlineItem)> = Vec::new();
    for d in &facts.definitions {
        let item = OutlineItem {
            id: d.id.clone(),
            title: d.title.clone(),
            layer: graph.layer_of(&d.id).map(|l| l.name.clone()),
            range: d.heading,
            selection: d.range,
            children: Vec::new(),
        };
        while let Some((_, done)) = stack.pop_if(|(level, _)| *level >= d.level) {
            attach(&mut stack, &mut roots, done);
        }
        stack.push((d.level, item));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [(u8, OutlineItem)], roots: &mut Vec<OutlineItem>, item: OutlineItem) {
    match stack.last_mut() {
        Some((_, parent)) => parent.children.push(item),
        None => roots.push(item),
    }
}

/// Items whose ID or title contains every word of the query (case-insensitive).
pub fn workspace_symbols(
    graph: &Graph,
    query: &str,
    limit: usize,
) -> Vec<(String, String, Option<String>, FileRange)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut out = Vec::new();
    for (f, d) in graph.all_definitions() {
        let hay = format!("{} {}", d.id, d.title).to_lowercase();
        if words.iter().all(|w| hay.contains(w.as_str())) {
            out.push((
                d.id.clone(),
                d.title.clone(),
                graph.layer_of(&d.id).map(|l| l.name.clone()),
                FileRange {
                    path: f.path.clone(),
                    range: d.range,
                },
            ));
            if out.len() >= limit {
                break;
            }
        }
    }
    out
}
