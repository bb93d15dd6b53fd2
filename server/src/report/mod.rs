//! `throughline report`: one self-contained HTML page (inline CSS, JS and SVG; no
//! network requests) built from the export, plus what only a page needs: the chain
//! pictures per roadmap item and the suspect links' diffs. docs/report.md.

mod chain_svg;
pub mod config;
mod graphs;
mod html;

use crate::cli::publish::Published;
use crate::drift::{links, suspect};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the page's script reads, besides the export.
#[derive(Serialize)]
struct PageData<'a> {
    export: &'a crate::export::model::Export,
    /// Inline SVG per top-level item (roadmap), by its ID.
    graphs: BTreeMap<String, graphs::Picture>,
    suspects: Vec<SuspectView>,
    links: Links,
}

/// How the page turns a location into a link.
#[derive(Serialize)]
struct Links {
    /// `[report] source-url`, when set.
    template: Option<String>,
    /// `{rev}`: the commit, else `HEAD`.
    rev: String,
    /// Without a template: the workspace root relative to the page, so file links
    /// open the sources next to it.
    base: String,
}

#[derive(Serialize)]
struct SuspectView {
    upstream: String,
    downstream: String,
    path: String,
    line: u32,
    /// The upstream's text as reviewed, when the lock holds it.
    reviewed: Option<String>,
    current: String,
    diff: Option<String>,
}

/// The page for a published workspace; `base` is the root relative to where the page is
/// written (`""` when it is written at the root).
/// Implements: REQ-REPORT
pub fn page(published: &Published, base: &str) -> String {
    let graph = &published.run.graph;
    let export = &published.export;
    let data = PageData {
        export,
        graphs: graphs::pictures(export),
        suspects: suspects(graph),
        links: Links {
            template: graph.config.report.source_url.clone(),
            rev: export
                .repository
                .revision
                .clone()
                .unwrap_or_else(|| "HEAD".to_string()),
            base: base.to_string(),
        },
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".to_string());
    html::assemble(&export.repository.name, &json)
}

fn suspects(graph: &crate::graph::Graph) -> Vec<SuspectView> {
    let Some(lock) = graph.lock.lock() else {
        return Vec::new();
    };
    let all = links::links(graph);
    suspect::suspects(graph, lock, &all, graph.transitive)
        .into_iter()
        .map(|s| {
            let current = graph
                .definition(s.link.upstream)
                .map(|(_, d)| d.content.clone())
                .unwrap_or_default();
            let reviewed = s
                .reviewed
                .and_then(|fp| lock.text(s.link.upstream, fp))
                .map(str::to_string);
            let diff = reviewed
                .as_deref()
                .map(|old| crate::features::drift::line_diff(old, &current));
            SuspectView {
                upstream: s.link.upstream.to_string(),
                downstream: s.link.downstream.clone(),
                path: s.link.path.to_string(),
                line: s.link.range.start.line + 1,
                reviewed,
                current,
                diff,
            }
        })
        .collect()
}
