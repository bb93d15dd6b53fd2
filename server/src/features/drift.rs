//! Drift in the editor: what changed behind a suspect link (hover), which implementing
//! definitions changed below an item (hover), reviewing links and implementations (code
//! actions that run the `review` command), and status roll-ups (code lens, hover).

use crate::diagnostics::Diagnostic;
use crate::drift::implementation::changed_below;
use crate::drift::links::{file_links, links};
use crate::drift::review::Selection;
use crate::drift::status::{status_of, suspect_items, ItemStatus};
use crate::drift::suspect::{suspects, Suspect};
use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::text::{Pos, Range};
use std::collections::HashSet;

/// The direct suspects among the links written in `facts`' file (what the editor
/// reports; it does not flag transitively).
fn suspects_in_file<'g>(graph: &'g Graph, facts: &FileFacts) -> Vec<Suspect<'g>> {
    let (Some(lock), Some(fi)) = (graph.lock.lock(), graph.file_index(&facts.path)) else {
        return Vec::new();
    };
    suspects(graph, lock, &file_links(graph, fi as usize), false)
}

fn touches(range: Range, pos: Pos) -> bool {
    range.start <= pos && pos <= range.end
}

/// Hover section for a suspect link under the cursor: the upstream's reviewed text
/// against its current text, as a diff.
/// Implements: REQ-DRIFT-EDITOR
pub fn suspect_hover(graph: &Graph, facts: &FileFacts, pos: Pos) -> Option<(Range, String)> {
    let Suspect {
        link,
        reviewed,
        current: now,
        ..
    } = suspects_in_file(graph, facts)
        .into_iter()
        .find(|s| touches(s.link.range, pos))?;
    let up = link.upstream;
    let mut md = format!(
        "**`{up}` changed since this link was reviewed** (reviewed version `{}`, now `{now}`)\n\n",
        reviewed.map(|f| f.to_string()).unwrap_or_default()
    );
    let old = reviewed.and_then(|fp| graph.lock.lock()?.text(up, fp).map(str::to_string));
    let new = graph.definition(up).map(|(_, d)| d.content.clone());
    match (old, new) {
        (Some(old), Some(new)) => {
            md.push_str("```diff\n");
            md.push_str(&line_diff(&old, &new));
            md.push_str("```\n\n");
        }
        _ => md.push_str(
            "The reviewed text is not in `throughline.lock`, so no diff can be shown.\n\n",
        ),
    }
    md.push_str("Check this link against the new text, then use **Mark as reviewed**.");
    Some((link.range, md))
}

/// Hover section for an item whose implementing code changed since its links were
/// reviewed: which definitions, each a clickable `file:line` link.
/// Implements: REQ-DRIFT-CODE
pub fn changed_implementation_section(
    graph: &Graph,
    root: &std::path::Path,
    id: &str,
) -> Option<String> {
    let changed = changed_below(graph, graph.lock.lock()?, id);
    if changed.is_empty() {
        return None;
    }
    let mut md = String::from("**Implementation changed since it was reviewed**\n\n");
    for c in &changed {
        for a in &c.definitions {
            // The annotation's line, as "Implemented by" and the related location show.
            let line = a.target.range.start.line + 1;
            md.push_str(&format!(
                "- {} — {}\n",
                a.symbol.describe(),
                super::hover::link(root, c.path, line)
            ));
        }
    }
    md.push_str(
        "\nCheck the code against the item, then use **Accept the changed implementation**.",
    );
    Some(md)
}

/// A unified diff of normalized texts (one line per paragraph or list item), with one
/// line of context around each change.
pub fn line_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    for group in diff.grouped_ops(1) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                out.push(sign);
                out.push(' ');
                out.push_str(change.value().trim_end_matches('\n'));
                out.push('\n');
            }
        }
    }
    out
}

/// A code action that reviews links by running the server's review command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewAction {
    pub title: String,
    pub selections: Vec<Selection>,
    /// The `suspect-link` diagnostic it resolves, for a quick fix.
    pub fixes: Option<Diagnostic>,
}

/// "Mark as reviewed" on each suspect link in `range`; on an item's heading, accept its
/// changed implementation, review the item against its upstream, and every link below it.
/// Implements: REQ-DRIFT-EDITOR, REQ-DRIFT-CODE
pub fn review_actions(
    graph: &Graph,
    facts: &FileFacts,
    diagnostics: &[Diagnostic],
    range: Range,
) -> Vec<ReviewAction> {
    let mut out = Vec::new();
    if graph.lock.lock().is_none() {
        return out;
    }
    let overlaps = |r: Range| r.start <= range.end && range.start <= r.end;
    let mut seen = HashSet::new();
    for Suspect { link, .. } in suspects_in_file(graph, facts) {
        if !overlaps(link.range) || !seen.insert((link.upstream, link.downstream.clone())) {
            continue;
        }
        let fixes = diagnostics
            .iter()
            .find(|d| d.code == crate::catalog::SUSPECT_LINK && d.range == link.range)
            .cloned();
        out.push(ReviewAction {
            title: format!("Mark as reviewed against the new `{}`", link.upstream),
            selections: vec![Selection::Links(vec![(
                link.upstream.to_string(),
                link.downstream.clone(),
            )])],
            fixes,
        });
    }
    let headings: Vec<_> = facts
        .definitions
        .iter()
        .filter(|d| overlaps(d.heading))
        .collect();
    let all = if headings.is_empty() {
        Vec::new()
    } else {
        links(graph)
    };
    let lock = graph.lock.lock();
    for d in headings {
        let changed: usize = lock
            .map(|l| changed_below(graph, l, &d.id))
            .unwrap_or_default()
            .iter()
            .map(|c| c.definitions.len())
            .sum();
        if changed > 0 {
            let fixes = diagnostics
                .iter()
                .find(|x| x.code == crate::catalog::CHANGED_IMPLEMENTATION && x.range == d.range)
                .cloned();
            out.push(ReviewAction {
                title: format!(
                    "Accept the changed implementation of `{}` ({changed} definition{})",
                    d.id,
                    if changed == 1 { "" } else { "s" }
                ),
                selections: vec![Selection::Implementations(vec![d.id.clone()])],
                fixes,
            });
        }
        let own = all
            .iter()
            .filter(|l| l.downstream_item == Some(d.id.as_str()))
            .count();
        let below = all.iter().filter(|l| l.upstream == d.id).count();
        if own > 0 {
            out.push(ReviewAction {
                title: format!(
                    "Review `{}` against its upstream ({own} link{})",
                    d.id,
                    if own == 1 { "" } else { "s" }
                ),
                selections: vec![Selection::Items(vec![d.id.clone()])],
                fixes: None,
            });
        }
        if below > 0 {
            out.push(ReviewAction {
                title: format!(
                    "Mark every link to `{}` as reviewed ({below} link{})",
                    d.id,
                    if below == 1 { "" } else { "s" }
                ),
                selections: vec![Selection::Upstream(vec![d.id.clone()])],
                fixes: None,
            });
        }
    }
    out
}

/// Items touched by a suspect link anywhere in the workspace.
pub fn workspace_suspect_items(graph: &Graph) -> HashSet<String> {
    let Some(lock) = graph.lock.lock() else {
        return HashSet::new();
    };
    let all = links(graph);
    suspect_items(&suspects(graph, lock, &all, false))
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Status roll-ups for the items defined in `facts` that have requirements below them.
/// Implements: REQ-STATUS
pub fn status_lenses(graph: &Graph, facts: &FileFacts) -> Vec<(Range, ItemStatus)> {
    // Only items above the requirements get a roll-up; skip the workspace-wide suspect
    // scan for files that define none (a PRD, a contract).
    if !facts
        .definitions
        .iter()
        .any(|d| graph.layer_of(&d.id).is_some_and(|l| l.needs.is_empty()))
    {
        return Vec::new();
    }
    let owned = workspace_suspect_items(graph);
    let suspect: HashSet<&str> = owned.iter().map(String::as_str).collect();
    facts
        .definitions
        .iter()
        .filter_map(|d| Some((d.range, status_of(graph, &d.id, &suspect)?)))
        .collect()
}

// Verifies: REQ-DRIFT-EDITOR
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_diff_shows_changed_paragraphs_with_context() {
        let old = "Title\nFirst paragraph.\nSecond paragraph.\nThird.\nFourth.";
        let new = "Title\nFirst paragraph.\nSecond paragraph, changed.\nThird.\nFourth.";
        assert_eq!(
            line_diff(old, new),
            "  First paragraph.\n- Second paragraph.\n+ Second paragraph, changed.\n  Third.\n"
        );
    }
}
