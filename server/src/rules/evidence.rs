//! `failing-test`, `skipped-test`, `unrun-test` and `invalid-test-results`: what the
//! test results given to the run say about the items' tests (`crate::evidence`). Silent
//! when no results were given.

use super::Draft;
use crate::catalog;
use crate::evidence::Outcome;
use crate::facts::AnnotationKind;
use crate::graph::Graph;
use crate::text::{Pos, Range};

/// How many failing tests an item's finding lists.
const MAX_RELATED: usize = 5;

/// Implements: REQ-EVIDENCE-RULES
pub fn check(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    let ev = &graph.evidence;
    if !ev.given() {
        return;
    }
    for p in &ev.evidence.problems {
        let at = Pos {
            line: p.line.saturating_sub(1),
            col: p.column.saturating_sub(1),
        };
        let draft = Draft::at(
            &p.path,
            Range { start: at, end: at },
            format!("test results cannot be used: {}", p.message),
        )
        .help("fix the path or the file; the other results files are still used");
        emit(catalog::INVALID_TEST_RESULTS, draft);
    }
    let mut checked = std::collections::HashSet::new();
    for (df, d) in graph.all_definitions() {
        if !checked.insert(d.id.as_str()) {
            continue;
        }
        let tests: Vec<_> = graph
            .annotations_to(&d.id)
            .filter(|(_, a)| a.kind == AnnotationKind::Verifies)
            .collect();
        if tests.is_empty() {
            continue;
        }
        let mut failing = Vec::new();
        let mut ran = 0;
        let mut skipped = 0;
        for &(f, a) in &tests {
            match ev.result_of(f, a) {
                None => {
                    let draft = Draft::new(
                        f,
                        a.target.range,
                        format!(
                            "{} verifies `{}` but is not in the test results",
                            a.symbol.describe(),
                            d.id
                        ),
                    )
                    .help("run it in the job that writes the results, or check that the names match (docs/evidence.md)");
                    emit(catalog::UNRUN_TEST, draft);
                }
                Some(r) => {
                    ran += 1;
                    if r.outcome == Outcome::Skipped {
                        skipped += 1;
                    }
                    if r.outcome.is_failure() {
                        failing.push((f, a, r));
                    }
                }
            }
        }
        if let Some((_, a, r)) = failing.first() {
            let first = r.first();
            let why = first
                .and_then(|c| c.case.message.as_deref())
                .map(|m| format!(": {}", one_line(m)))
                .unwrap_or_default();
            let mut draft = Draft::new(
                df,
                d.range,
                format!(
                    "`{}` is verified by a failing test: {} {}{why}",
                    d.id,
                    a.symbol.describe(),
                    r.outcome.label()
                ),
            )
            .help("fix the code or the test, then run the tests again");
            for (f, a, r) in failing.iter().take(MAX_RELATED) {
                let case = r.first();
                let mut label = format!("{} {}", a.symbol.describe(), r.outcome.label());
                if let Some(c) = case {
                    label.push_str(&format!(" ({}:{})", c.results_file, c.case.line));
                    if let Some(m) = c.case.message.as_deref() {
                        label.push_str(&format!(": {}", one_line(m)));
                    }
                }
                draft = draft.related(f, a.target.range, label);
            }
            emit(catalog::FAILING_TEST, draft);
        } else if ran > 0 && skipped == ran {
            let draft = Draft::new(
                df,
                d.range,
                format!(
                    "every test of `{}` in the results was skipped ({skipped})",
                    d.id
                ),
            )
            .help("enable the tests, or write one that runs");
            let draft = tests
                .iter()
                .filter(|(f, a)| ev.result_of(f, a).is_some())
                .take(MAX_RELATED)
                .fold(draft, |dr, (f, a)| {
                    dr.related(
                        f,
                        a.target.range,
                        format!("{} skipped", a.symbol.describe()),
                    )
                });
            emit(catalog::SKIPPED_TEST, draft);
        }
    }
}

/// A message on one line, short enough for a diagnostic.
fn one_line(m: &str) -> String {
    let joined: Vec<&str> = m.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let s = joined.join(" ");
    match s.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
