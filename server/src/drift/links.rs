//! The trace links of a workspace, as drift sees them: an upstream item and a
//! downstream location with a key that survives unrelated edits.
//!
//! Downstream keys, as written in the lock:
//! - an item (a `Derives from:` line, an operation's `x-requirements`): its ID;
//! - a code annotation: its file's path. Not the symbol: `check` reads most code with a
//!   comment lexer that does not know symbols (see `sources::lexer`), and a key must be
//!   the same whichever way the file was read. Several annotations naming one upstream in
//!   one file share the key, and are reviewed (and flagged) together;
//! - a route serving an operation: `path#METHOD /path as written`.
//!
//! Line numbers are deliberately not part of a key: inserting a function above another
//! must not turn its reviewed links into new, unreviewed ones.

use crate::graph::Graph;
use crate::routes::matching::RouteStatus;
use crate::routes::PathExpr;
use crate::text::Range;

/// One link from a downstream location to an upstream item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLink<'g> {
    pub upstream: &'g str,
    /// The key the lock records this link under.
    pub downstream: String,
    /// The downstream item's ID, when the downstream is an item (so suspicion can
    /// travel on from it).
    pub downstream_item: Option<&'g str>,
    /// Where the link is written: the file and the upstream ID's occurrence (or the
    /// route declaration).
    pub path: &'g str,
    pub range: Range,
}

/// Every link whose upstream is a defined item, in file and position order. Several
/// occurrences may share a key (two annotations on one function); each is listed.
/// Implements: REQ-DRIFT
pub fn links(graph: &Graph) -> Vec<TraceLink<'_>> {
    (0..graph.files.len())
        .flat_map(|fi| file_links(graph, fi))
        .collect()
}

/// The links written in one file (by its index in `graph.files`).
pub fn file_links(graph: &Graph, fi: usize) -> Vec<TraceLink<'_>> {
    let mut out = Vec::new();
    let Some(f) = graph.files.get(fi) else {
        return out;
    };
    for l in &f.links {
        if graph.is_defined(&l.to.id) {
            out.push(TraceLink {
                upstream: &l.to.id,
                downstream: l.from.clone(),
                downstream_item: Some(&l.from),
                path: &f.path,
                range: l.to.range,
            });
        }
    }
    for a in &f.annotations {
        if graph.is_defined(&a.target.id) {
            out.push(TraceLink {
                upstream: &a.target.id,
                downstream: f.path.clone(),
                downstream_item: None,
                path: &f.path,
                range: a.target.range,
            });
        }
    }
    if let Some(routes) = f.routes.as_deref() {
        for (ri, route) in routes.routes.iter().enumerate() {
            let at = crate::routes::matching::RouteRef {
                file: fi as u32,
                route: ri as u32,
            };
            let Some(RouteStatus::Documented(ops)) = graph.api.route(at).map(|r| &r.status) else {
                continue;
            };
            let path = match &route.path {
                PathExpr::Lit(s) | PathExpr::Expr(s) => s.as_str(),
            };
            let key = format!("{}#{} {path}", f.path, route.methods_label());
            for op in ops {
                if let Some((_, o)) = graph.operation(*op) {
                    out.push(TraceLink {
                        upstream: &o.id,
                        downstream: key.clone(),
                        downstream_item: None,
                        path: &f.path,
                        range: route.range,
                    });
                }
            }
        }
    }
    out
}
