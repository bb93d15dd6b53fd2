//! Status roll-up: for an upstream item (a roadmap item, a brief), how many of the
//! requirements in its cone are implemented, verified and free of suspect links.
//!
//! "Requirements" are the items of the first layers in the chain that code must satisfy:
//! layers with `needs` whose upstream layers have none (`requirement` in the default
//! chain; a design under a requirement is not counted again).

use super::suspect::Suspect;
use crate::facts::AnnotationKind;
use crate::graph::Graph;
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RequirementStatus {
    pub id: String,
    pub title: String,
    pub path: String,
    /// 1-based line of the heading.
    pub line: u32,
    pub implemented: bool,
    pub verified: bool,
    pub suspect: bool,
    /// With test results: how its tests did; `verified` then means `passed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tests: Option<crate::evidence::Verdict>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ItemStatus {
    pub id: String,
    pub title: String,
    pub path: String,
    pub line: u32,
    pub total: usize,
    pub implemented: usize,
    pub verified: usize,
    pub suspect: usize,
    /// With test results: the requirements with a failing test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failing: Option<usize>,
    pub requirements: Vec<RequirementStatus>,
}

impl ItemStatus {
    /// "5/7 requirements implemented · 4/7 verified · 1 suspect".
    pub fn summary(&self) -> String {
        let noun = if self.total == 1 {
            "requirement"
        } else {
            "requirements"
        };
        let failing = self
            .failing
            .map(|n| format!(" · {n} failing"))
            .unwrap_or_default();
        format!(
            "{}/{} {noun} implemented · {}/{} verified · {} suspect{failing}",
            self.implemented, self.total, self.verified, self.total, self.suspect
        )
    }
}

/// The items whose links a suspect touches, on either end.
pub fn suspect_items<'g>(suspects: &[Suspect<'g>]) -> HashSet<&'g str> {
    let mut out = HashSet::new();
    for s in suspects {
        out.insert(s.link.upstream);
        if let Some(d) = s.link.downstream_item {
            out.insert(d);
        }
    }
    out
}

/// Whether items with this ID are counted as requirements.
fn is_counted(graph: &Graph, id: &str) -> bool {
    let Some(layer) = graph.layer_of(id) else {
        return false;
    };
    !layer.needs.is_empty()
        && layer.derives_from.iter().all(|up| {
            graph
                .config
                .layers
                .iter()
                .filter(|l| &l.name == up)
                .all(|l| l.needs.is_empty())
        })
}

/// The counted requirements at or below `id`, in ID order.
fn cone(graph: &Graph, id: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut stack = vec![id.to_string()];
    while let Some(item) = stack.pop() {
        if !seen.insert(item.clone()) {
            continue;
        }
        if is_counted(graph, &item) {
            out.insert(item.clone());
            // Below a requirement are designs and tests, not more requirements.
            continue;
        }
        for (_, link) in graph.links_to(&item) {
            stack.push(link.from.clone());
        }
    }
    out
}

fn requirement(graph: &Graph, id: &str, suspect: &HashSet<&str>) -> RequirementStatus {
    let (path, title, line) = graph
        .definition(id)
        .map(|(f, d)| (f.path.clone(), d.title.clone(), d.heading.start.line + 1))
        .unwrap_or_default();
    // With results, "verified" means a test ran and passed (REQ-EVIDENCE-RULES).
    let tests = graph
        .evidence
        .given()
        .then(|| crate::evidence::verdict(graph, id));
    RequirementStatus {
        id: id.to_string(),
        title,
        path,
        line,
        implemented: graph.has_coverage(id, AnnotationKind::Implements),
        verified: graph.has_coverage(id, AnnotationKind::Verifies)
            && tests.is_none_or(|v| v == crate::evidence::Verdict::Passed),
        suspect: suspect.contains(id),
        tests,
    }
}

fn roll_up(
    graph: &Graph,
    id: &str,
    reqs: &BTreeSet<String>,
    suspect: &HashSet<&str>,
) -> ItemStatus {
    let requirements: Vec<RequirementStatus> = reqs
        .iter()
        .map(|r| requirement(graph, r, suspect))
        .collect();
    let (path, title, line) = graph
        .definition(id)
        .map(|(f, d)| (f.path.clone(), d.title.clone(), d.heading.start.line + 1))
        .unwrap_or_default();
    ItemStatus {
        id: id.to_string(),
        title,
        path,
        line,
        total: requirements.len(),
        implemented: requirements.iter().filter(|r| r.implemented).count(),
        verified: requirements.iter().filter(|r| r.verified).count(),
        suspect: requirements.iter().filter(|r| r.suspect).count(),
        failing: graph.evidence.given().then(|| {
            requirements
                .iter()
                .filter(|r| r.tests == Some(crate::evidence::Verdict::Failed))
                .count()
        }),
        requirements,
    }
}

/// The roll-up of one item, when it has counted requirements below it and is not one
/// itself.
/// Implements: REQ-STATUS
pub fn status_of(graph: &Graph, id: &str, suspect: &HashSet<&str>) -> Option<ItemStatus> {
    if is_counted(graph, id) {
        return None;
    }
    let reqs = cone(graph, id);
    (!reqs.is_empty()).then(|| roll_up(graph, id, &reqs, suspect))
}

/// One roll-up per item of the top layers (no `derives-from`), in ID order, plus a last
/// group, with an empty ID, for requirements that no top item reaches.
/// Implements: REQ-STATUS
pub fn roadmap(graph: &Graph, suspect: &HashSet<&str>) -> Vec<ItemStatus> {
    let mut tops: Vec<&str> = graph
        .defined_ids()
        .filter(|id| {
            graph
                .layer_of(id)
                .is_some_and(|l| l.derives_from.is_empty())
        })
        .collect();
    tops.sort_unstable();
    let mut reached: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for id in tops {
        if let Some(s) = status_of(graph, id, suspect) {
            reached.extend(s.requirements.iter().map(|r| r.id.clone()));
            out.push(s);
        }
    }
    let orphans: BTreeSet<String> = graph
        .defined_ids()
        .filter(|id| is_counted(graph, id) && !reached.contains(*id))
        .map(str::to_string)
        .collect();
    if !orphans.is_empty() {
        let mut s = roll_up(graph, "", &orphans, suspect);
        s.title = "Not under any top-level item".to_string();
        out.push(s);
    }
    out
}

/// The `verified` cell: yes or no, or with results why not (`failed`, `skipped`, `not run`).
fn verified(r: &RequirementStatus) -> &'static str {
    use crate::evidence::Verdict;
    match r.tests {
        _ if r.verified => "yes",
        Some(v @ (Verdict::Failed | Verdict::Skipped | Verdict::Unrun)) => v.label(),
        _ => "no",
    }
}

/// `throughline status` as text: a heading line and a table per item.
pub fn render_text(items: &[ItemStatus]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if items.is_empty() {
        out.push_str("no requirements found\n");
        return out;
    }
    let mark = |b: bool| if b { "yes" } else { "no" };
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let name = if item.id.is_empty() {
            item.title.clone()
        } else {
            format!("{}: {}", item.id, item.title)
        };
        let _ = writeln!(out, "{name}");
        let _ = writeln!(out, "  {}", item.summary());
        let id_w = item
            .requirements
            .iter()
            .map(|r| r.id.len())
            .max()
            .unwrap_or(2)
            .max(2);
        let title_w = item
            .requirements
            .iter()
            .map(|r| r.title.chars().count().min(48))
            .max()
            .unwrap_or(5)
            .max(5);
        let _ = writeln!(
            out,
            "  {:id_w$}  {:title_w$}  implemented  verified  suspect",
            "ID", "title"
        );
        for r in &item.requirements {
            let title: String = r.title.chars().take(48).collect();
            let _ = writeln!(
                out,
                "  {:id_w$}  {:title_w$}  {:11}  {:8}  {}",
                r.id,
                title,
                mark(r.implemented),
                verified(r),
                mark(r.suspect)
            );
        }
    }
    out
}
