//! `throughline routes --explain PATH`: how each route at a path was composed, prefix by
//! prefix with the file and line that wrote it, so that a surprising finding can be
//! traced to the mount that caused it in one command.

use super::compose::{FullPath, Resolution};
use super::path::{display, segments, Segment};
use super::report::{entries, RouteEntry};
use super::PathExpr;
use crate::graph::Graph;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Explained {
    #[serde(flatten)]
    pub route: RouteEntry,
    /// The full path that matched the query.
    pub full_path: String,
    pub steps: Vec<ExplainStep>,
}

#[derive(Debug, Serialize)]
pub struct ExplainStep {
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: u32,
    /// The prefix or path as written in code.
    pub written: String,
    /// `literal`, `configured`, `constant` or `unknown`.
    pub kind: &'static str,
    /// The value an expression resolved to.
    pub value: Option<String>,
}

/// Implements: REQ-ROUTES-FULL-PATH
/// The routes one of whose full paths is `query` (parameters match whatever their
/// names; a path with an unknown prefix matches by its known suffix).
pub fn explain(graph: &Graph, query: &str) -> Vec<Explained> {
    let want = segments(query);
    let by_at: Vec<RouteEntry> = entries(graph);
    let mut out = Vec::new();
    for r in &graph.api.routes {
        let Some((f, route)) = graph.route(r.at) else {
            continue;
        };
        for p in r.paths.iter().filter(|p| shape_matches(p, &want)) {
            let Some(entry) = by_at
                .iter()
                .find(|e| e.path == f.path && e.line == route.range.start.line + 1)
            else {
                continue;
            };
            out.push(Explained {
                route: entry.clone(),
                full_path: shown(p),
                steps: p.steps.iter().map(|s| step(graph, s)).collect(),
            });
        }
    }
    out.sort_by(|a, b| (&a.route.path, a.route.line).cmp(&(&b.route.path, b.route.line)));
    out
}

fn shown(p: &FullPath) -> String {
    match &p.unknown_prefix {
        Some(e) => format!("{{{e}}}{}", display(&p.segments)),
        None => display(&p.segments),
    }
}

fn step(graph: &Graph, s: &super::compose::Step) -> ExplainStep {
    let written = match &s.written {
        PathExpr::Lit(l) => format!("\"{l}\""),
        PathExpr::Expr(e) => e.clone(),
    };
    let (kind, value) = match &s.resolved {
        Resolution::Literal => ("literal", None),
        Resolution::Configured(v) => ("configured", Some(v.clone())),
        Resolution::Constant(v) => ("constant", Some(v.clone())),
        Resolution::Unknown => ("unknown", None),
    };
    ExplainStep {
        file: graph
            .files
            .get(s.file as usize)
            .map_or_else(String::new, |f| f.path.clone()),
        line: s.line,
        written,
        kind,
        value,
    }
}

fn shape_matches(p: &FullPath, want: &[Segment]) -> bool {
    let have = &p.segments;
    let want = if p.unknown_prefix.is_some() {
        if have.is_empty() || want.len() < have.len() {
            return false;
        }
        &want[want.len() - have.len()..]
    } else {
        want
    };
    have.len() == want.len()
        && have.iter().zip(want).all(|(a, b)| match (a, b) {
            (Segment::Lit(x), Segment::Lit(y)) => x == y,
            (Segment::Lit(_), _) | (_, Segment::Lit(_)) => false,
            _ => true,
        })
}

/// One block per route: its line as in `routes`, then each step indented.
pub fn render_text(found: &[Explained], query: &str) -> String {
    if found.is_empty() {
        return format!(
            "no route is served at {query}; `throughline routes` lists every full path\n"
        );
    }
    let mut s = String::new();
    for e in found {
        let r = &e.route;
        let methods = if r.methods.is_empty() {
            "ANY".to_string()
        } else {
            r.methods.join("|")
        };
        s.push_str(&format!(
            "{methods} {}  {}:{}  {}\n",
            e.full_path, r.path, r.line, r.status
        ));
        for st in &e.steps {
            let at = if st.line == 0 {
                st.file.clone()
            } else {
                format!("{}:{}", st.file, st.line)
            };
            let how = match (st.kind, &st.value) {
                ("configured", Some(v)) => format!(" = \"{v}\" ([contracts.prefixes])"),
                ("constant", Some(v)) => format!(" = \"{v}\" (constant)"),
                ("unknown", _) => " (only known at run time)".to_string(),
                _ => String::new(),
            };
            s.push_str(&format!("  {at:<40} {}{how}\n", st.written));
        }
    }
    s
}
