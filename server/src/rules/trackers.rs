//! `closed-unverified`: a tracker item is closed while the chain item it tracks still has
//! requirements below it that are not implemented or not verified; and
//! `invalid-tracker-export` for an export that cannot be read.

use super::Draft;
use crate::catalog;
use crate::config::Need;
use crate::facts::AnnotationKind;
use crate::graph::Graph;
use crate::trackers::record;
use std::collections::HashSet;

/// What a requirement still lacks: "not implemented", "not verified". Evidence such as
/// failing tests joins here, one `if` per kind, so every tracker rule sees it.
pub fn gaps(graph: &Graph, id: &str) -> Vec<&'static str> {
    let Some(layer) = graph.layer_of(id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if layer.needs.contains(&Need::Implementation)
        && !graph.has_coverage(id, AnnotationKind::Implements)
    {
        out.push("not implemented");
    }
    if layer.needs.contains(&Need::Test) {
        // With test results, verified means a test ran and passed (REQ-EVIDENCE-RULES).
        let verdict = crate::evidence::verdict(graph, id);
        if verdict == crate::evidence::Verdict::Failed {
            out.push("failing");
        } else if !graph.has_coverage(id, AnnotationKind::Verifies)
            || !matches!(
                verdict,
                crate::evidence::Verdict::NoResults | crate::evidence::Verdict::Passed
            )
        {
            out.push("not verified");
        }
    }
    out
}

/// The requirements at or below `id` (the status roll-up's cone; `id` itself when it is
/// a requirement or nothing counted lies below it) with what each lacks.
fn open_requirements(graph: &Graph, id: &str) -> Vec<(String, Vec<&'static str>)> {
    let none = HashSet::new();
    let reqs: Vec<String> = match crate::drift::status::status_of(graph, id, &none) {
        Some(s) => s.requirements.into_iter().map(|r| r.id).collect(),
        None => vec![id.to_string()],
    };
    reqs.into_iter()
        .map(|r| {
            let g = gaps(graph, &r);
            (r, g)
        })
        .filter(|(_, g)| !g.is_empty())
        .collect()
}

/// Implements: REQ-TRACKER-STATUS
pub fn check(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    for p in &graph.trackers.problems {
        emit(
            catalog::INVALID_TRACKER_EXPORT,
            Draft::at(&p.path, p.range, p.message.clone()).help(
                "re-export the file (docs/trackers.md says how), or set `format` in its `[trackers.NAME]` table",
            ),
        );
    }
    for f in &graph.files {
        for m in &f.trackers {
            let Some(rec) = record(graph, m).filter(|r| r.status.is_closed()) else {
                continue;
            };
            for item in m.items.iter().filter(|i| graph.is_defined(i)) {
                let open = open_requirements(graph, item);
                let Some((first, what)) = open.first() else {
                    continue;
                };
                let below = if first == item {
                    String::new()
                } else {
                    format!(" below {item}")
                };
                let more = match open.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                let mut draft = Draft::new(
                    f,
                    m.range,
                    format!(
                        "{} is {} in {}, but {first}{below} is {}{more}",
                        m.key,
                        rec.status.name,
                        m.tracker,
                        what.join(" and ")
                    ),
                )
                .help("finish the work the ticket tracks (implement and test it), or reopen the ticket");
                for (req, what) in &open {
                    if let Some((df, d)) = graph.definition(req) {
                        draft = draft.related(df, d.range, format!("{req}: {}", what.join(", ")));
                    }
                }
                emit(catalog::CLOSED_UNVERIFIED, draft);
            }
        }
    }
}
