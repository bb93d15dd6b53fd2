//! Test results in the editor (`REQ-EVIDENCE-EDITOR`): the hover's status word and a
//! "Test results" section, and the counts in the code lens. Silent without results.

use crate::evidence::{Outcome, Verdict};
use crate::facts::AnnotationKind;
use crate::graph::Graph;
use std::path::Path;

/// The hover's status word for an item that needs a test: with results, "verified"
/// only when a test ran and passed.
/// Implements: REQ-EVIDENCE-EDITOR
pub fn verified_word(graph: &Graph, id: &str) -> Option<&'static str> {
    if !graph.evidence.given() || !graph.has_coverage(id, AnnotationKind::Verifies) {
        return None;
    }
    Some(match crate::evidence::verdict(graph, id) {
        Verdict::Passed => "verified (tests passed)",
        Verdict::Failed => "not verified (a test failed)",
        Verdict::Skipped => "not verified (tests skipped)",
        Verdict::Unrun | Verdict::Untested | Verdict::NoResults => "not verified (tests not run)",
    })
}

/// "**Test results**" with one line per test of the item: its outcome, duration,
/// message and the results file's line.
/// Implements: REQ-EVIDENCE-EDITOR
pub fn results_section(graph: &Graph, root: &Path, id: &str) -> Option<String> {
    let ev = &graph.evidence;
    if !ev.given() {
        return None;
    }
    let tests = graph.coverage(id, AnnotationKind::Verifies);
    if tests.is_empty() {
        return None;
    }
    let mut md = String::from("**Test results**\n\n");
    for (f, a) in tests {
        let line = a.target.range.start.line + 1;
        let at = super::hover::link(root, &f.path, line);
        match ev.result_of(f, a) {
            None => md.push_str(&format!("- {} — not run — {at}\n", a.symbol.describe())),
            Some(r) => {
                let case = r.first();
                let time = case
                    .and_then(|c| c.case.duration)
                    .map(|d| format!(" in {d:.3} s"))
                    .unwrap_or_default();
                let why = case
                    .and_then(|c| c.case.message.as_deref())
                    .filter(|_| r.outcome != Outcome::Passed)
                    .map(|m| format!(": `{}`", m.lines().next().unwrap_or("").replace('`', "'")))
                    .unwrap_or_default();
                let runs = if r.cases.len() > 1 {
                    format!(" ({} runs)", r.cases.len())
                } else {
                    String::new()
                };
                let from = case
                    .map(|c| format!(" ({}:{})", c.results_file, c.case.line))
                    .unwrap_or_default();
                md.push_str(&format!(
                    "- {} — **{}**{runs}{time}{why}{from} — {at}\n",
                    a.symbol.describe(),
                    r.outcome.label()
                ));
            }
        }
    }
    Some(md)
}

/// The code lens's addition: " (2 passed · 1 failed)" for the item's own tests.
/// Implements: REQ-EVIDENCE-EDITOR
pub fn lens_suffix(graph: &Graph, id: &str) -> String {
    let ev = &graph.evidence;
    if !ev.given() {
        return String::new();
    }
    let mut counts = [0usize; 5];
    for (f, a) in graph
        .annotations_to(id)
        .filter(|(_, a)| a.kind == AnnotationKind::Verifies)
    {
        let slot = match ev.result_of(f, a).map(|r| r.outcome) {
            Some(Outcome::Passed) => 0,
            Some(Outcome::Failed | Outcome::Errored) => 1,
            Some(Outcome::Skipped) => 2,
            None => 3,
        };
        counts[slot] += 1;
    }
    let parts: Vec<String> = ["passed", "failed", "skipped", "not run"]
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(w, n)| format!("{n} {w}"))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(" · "))
    }
}
