//! `throughline trace ID`: an item's chain, upstream and downstream, with locations.
//! A plain function over the graph, shared by the CLI and (later) the language server.

use crate::facts::AnnotationKind;
use crate::graph::Graph;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Serialize)]
pub struct Site {
    pub path: String,
    /// 1-based.
    pub line: u32,
}

#[derive(Debug, Serialize)]
pub struct CodeSite {
    /// e.g. "test `sums_are_exact`".
    pub symbol: String,
    #[serde(flatten)]
    pub site: Site,
}

#[derive(Debug, Serialize)]
pub struct TraceItem {
    pub id: String,
    pub title: String,
    pub layer: Option<String>,
    /// `None` for an ID that is linked but not defined.
    pub defined_at: Option<Site>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<TraceItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<TraceItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub implemented_by: Vec<CodeSite>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verified_by: Vec<CodeSite>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mentioned_in: Vec<Site>,
}

/// Implements: REQ-TRACE-CMD
/// The chain of `id`, or `None` when nothing defines or mentions it.
pub fn trace(graph: &Graph, id: &str) -> Option<TraceItem> {
    if !graph.is_defined(id) {
        return None;
    }
    let mut item = node(graph, id);
    item.upstream = upstream(graph, id, &mut HashSet::from([id.to_string()]));
    fill_downstream(graph, &mut item, &mut HashSet::from([id.to_string()]));
    item.mentioned_in = graph
        .references_to(id)
        .map(|(f, r)| Site {
            path: f.path.clone(),
            line: r.occ.range.start.line + 1,
        })
        .collect();
    Some(item)
}

fn node(graph: &Graph, id: &str) -> TraceItem {
    let def = graph.definition(id);
    TraceItem {
        id: id.to_string(),
        title: def.map(|(_, d)| d.title.clone()).unwrap_or_default(),
        layer: graph.layer_of(id).map(|l| l.name.clone()),
        defined_at: def.map(|(f, d)| Site {
            path: f.path.clone(),
            line: d.range.start.line + 1,
        }),
        upstream: Vec::new(),
        derived: Vec::new(),
        implemented_by: Vec::new(),
        verified_by: Vec::new(),
        mentioned_in: Vec::new(),
    }
}

fn upstream(graph: &Graph, id: &str, seen: &mut HashSet<String>) -> Vec<TraceItem> {
    let mut out = Vec::new();
    for (_, link) in graph.links_from(id) {
        let up = &link.to.id;
        if !seen.insert(up.clone()) {
            continue;
        }
        let mut item = node(graph, up);
        item.upstream = upstream(graph, up, seen);
        out.push(item);
    }
    out
}

fn fill_downstream(graph: &Graph, item: &mut TraceItem, seen: &mut HashSet<String>) {
    for (f, a) in graph.annotations_to(&item.id) {
        let site = CodeSite {
            symbol: a.symbol.describe(),
            site: Site {
                path: f.path.clone(),
                line: a.target.range.start.line + 1,
            },
        };
        match a.kind {
            AnnotationKind::Implements => item.implemented_by.push(site),
            AnnotationKind::Verifies => item.verified_by.push(site),
        }
    }
    let derived: Vec<String> = graph
        .links_to(&item.id)
        .map(|(_, l)| l.from.clone())
        .collect();
    for d in derived {
        if !seen.insert(d.clone()) {
            continue;
        }
        let mut child = node(graph, &d);
        fill_downstream(graph, &mut child, seen);
        item.derived.push(child);
    }
}

/// Renders the trace as an indented tree.
pub fn render_text(item: &TraceItem) -> String {
    let mut out = String::new();
    out.push_str(&headline(item));
    out.push('\n');
    if !item.upstream.is_empty() {
        out.push_str("upstream:\n");
        render_upstream(&item.upstream, 1, &mut out);
    }
    if !(item.derived.is_empty() && item.implemented_by.is_empty() && item.verified_by.is_empty()) {
        out.push_str("downstream:\n");
        render_downstream(item, 1, &mut out);
    }
    if !item.mentioned_in.is_empty() {
        out.push_str("mentioned in:\n");
        for s in &item.mentioned_in {
            out.push_str(&format!("  {}:{}\n", s.path, s.line));
        }
    }
    out
}

fn headline(item: &TraceItem) -> String {
    let title = if item.title.is_empty() {
        String::new()
    } else {
        format!(" {}", item.title)
    };
    let layer = item
        .layer
        .as_deref()
        .map(|l| format!(" [{l}]"))
        .unwrap_or_default();
    let at = match &item.defined_at {
        Some(s) => format!("{}:{}", s.path, s.line),
        None => "(not defined)".into(),
    };
    format!("{}{title}{layer}  {at}", item.id)
}

fn render_upstream(items: &[TraceItem], depth: usize, out: &mut String) {
    for i in items {
        out.push_str(&format!("{}{}\n", "  ".repeat(depth), headline(i)));
        render_upstream(&i.upstream, depth + 1, out);
    }
}

fn render_downstream(item: &TraceItem, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for s in &item.implemented_by {
        out.push_str(&format!(
            "{pad}implemented by {}  {}:{}\n",
            s.symbol, s.site.path, s.site.line
        ));
    }
    for s in &item.verified_by {
        out.push_str(&format!(
            "{pad}verified by {}  {}:{}\n",
            s.symbol, s.site.path, s.site.line
        ));
    }
    for d in &item.derived {
        out.push_str(&format!("{pad}derived {}\n", headline(d)));
        render_downstream(d, depth + 1, out);
    }
}
