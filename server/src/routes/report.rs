//! `throughline routes`: every route found in code, its full paths and what it serves.

use super::matching::RouteStatus;
use super::path::display;
use crate::graph::Graph;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RouteEntry {
    pub methods: Vec<String>,
    pub paths: Vec<String>,
    pub path: String,
    pub line: u32,
    pub handler: Option<String>,
    pub framework: &'static str,
    /// `documented`, `undocumented`, `unknown` (no part of its path is known statically),
    /// `method-mismatch` or `ignored`.
    pub status: &'static str,
    /// A prefix only the environment knows: the route was matched by its known suffix.
    pub uncertain: bool,
    /// The operations it serves (or, for a mismatch, those on its path).
    pub operations: Vec<String>,
}

/// Implements: REQ-ROUTES
/// All routes, in path/line order.
pub fn entries(graph: &Graph) -> Vec<RouteEntry> {
    let mut out: Vec<RouteEntry> = graph
        .api
        .routes
        .iter()
        .filter_map(|r| {
            let (f, route) = graph.route(r.at)?;
            let (status, ops) = match &r.status {
                RouteStatus::Documented(ops) => ("documented", ops.as_slice()),
                RouteStatus::MethodMismatch(ops) => ("method-mismatch", ops.as_slice()),
                RouteStatus::Undocumented if r.unknown => ("unknown", &[][..]),
                RouteStatus::Undocumented => ("undocumented", &[][..]),
                RouteStatus::Ignored => ("ignored", &[][..]),
            };
            Some(RouteEntry {
                methods: route.methods.clone(),
                paths: r
                    .paths
                    .iter()
                    .map(|p| match &p.unknown_prefix {
                        Some(e) => format!("{{{e}}}{}", display(&p.segments)),
                        None => display(&p.segments),
                    })
                    .collect(),
                path: f.path.clone(),
                line: route.range.start.line + 1,
                handler: route.handler.clone(),
                framework: route.framework,
                status,
                uncertain: r.uncertain,
                operations: ops
                    .iter()
                    .filter_map(|o| graph.operation(*o).map(|(_, op)| op.id.clone()))
                    .collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    out
}

/// One line per route: `GET|POST /api/x  src/app.js:12  documented getX`.
pub fn render_text(entries: &[RouteEntry]) -> String {
    let mut s = String::new();
    for e in entries {
        let methods = if e.methods.is_empty() {
            "ANY".to_string()
        } else {
            e.methods.join("|")
        };
        s.push_str(&format!(
            "{methods:<8} {:<40} {}:{}  {}{}",
            e.paths.join(", "),
            e.path,
            e.line,
            e.status,
            if e.uncertain {
                " (by known suffix)"
            } else {
                ""
            }
        ));
        if !e.operations.is_empty() {
            s.push_str(&format!(" {}", e.operations.join(", ")));
        }
        s.push('\n');
    }
    s
}
