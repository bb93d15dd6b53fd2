//! Test results as evidence (`REQ-EVIDENCE-JUNIT`, docs/evidence.md): JUnit XML files
//! named by `--test-results` and `[evidence] test-results`, read into [`Evidence`],
//! matched to the `Verifies:` annotations of the graph ([`attach`]), and asked per
//! annotation ([`GraphEvidence::result_of`]) or per item ([`verdict`]). Plain data, so
//! every front end (CLI, editor, export) shows the same answer.

pub mod config;
pub mod junit;
pub mod load;
pub mod matching;
pub mod symbols;

pub use junit::{Outcome, TestCase};
pub use load::load;

use crate::facts::{Annotation, AnnotationKind, FileFacts};
use crate::graph::Graph;
use serde::Serialize;
use std::sync::Arc;

/// One test case with the results file it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    #[serde(flatten)]
    pub case: TestCase,
    /// The results file: workspace-relative when inside the workspace, else as given.
    pub results_file: String,
}

/// A results file that could not be used, with the position where that shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// As in [`Case::results_file`].
    pub path: String,
    /// 1-based; 0 when the problem is not at a position (a missing file).
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The results read for one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evidence {
    /// Whether any results were asked for (configured or given); without, nothing
    /// about "verified" changes.
    pub given: bool,
    /// The results files read, in order.
    pub files: Vec<String>,
    pub cases: Vec<Case>,
    pub problems: Vec<Problem>,
}

/// What the results say about one annotated test.
#[derive(Debug, Clone, Serialize)]
pub struct TestResult<'e> {
    /// The worst outcome of its cases (a parametrised test runs as several).
    pub outcome: Outcome,
    pub cases: Vec<&'e Case>,
}

impl TestResult<'_> {
    /// The first case with the overall outcome: the one to show.
    pub fn first(&self) -> Option<&Case> {
        self.cases
            .iter()
            .copied()
            .find(|c| c.case.outcome == self.outcome)
    }
}

/// An item's tests, judged by the results.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No results were given: "verified" means an annotated test exists.
    NoResults,
    /// A test ran and passed, and none failed.
    Passed,
    /// A test failed or errored.
    Failed,
    /// Every test that ran was skipped.
    Skipped,
    /// Results were given, but none of the item's tests is in them.
    Unrun,
    /// Results were given, and the item has no test at all.
    Untested,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::NoResults => "no results",
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::Skipped => "skipped",
            Verdict::Unrun => "not run",
            Verdict::Untested => "no test",
        }
    }
}

/// The evidence attached to a graph: the results and which cases ran which annotation.
#[derive(Debug, Clone, Default)]
pub struct GraphEvidence {
    pub evidence: Arc<Evidence>,
    matches: matching::Matches,
}

impl GraphEvidence {
    pub fn given(&self) -> bool {
        self.evidence.given
    }

    /// The result of a `Verifies:` annotation in `file`; `None` when no results were
    /// given or no case ran it (see `given` to tell the two apart).
    pub fn result_of(&self, file: &FileFacts, a: &Annotation) -> Option<TestResult<'_>> {
        if a.kind != AnnotationKind::Verifies {
            return None;
        }
        let list = self.matches.get(&file.path)?;
        let (_, indices) = list.iter().find(|(p, _)| *p == a.target.range.start)?;
        let cases: Vec<&Case> = indices
            .iter()
            .filter_map(|&i| self.evidence.cases.get(i as usize))
            .collect();
        // Skipped only when every case was; a failure anywhere fails the test.
        let outcome = cases
            .iter()
            .map(|c| c.case.outcome)
            .max_by_key(|o| match o {
                Outcome::Skipped => 0,
                Outcome::Passed => 1,
                Outcome::Failed => 2,
                Outcome::Errored => 3,
            })?;
        Some(TestResult { outcome, cases })
    }
}

/// Matches `evidence` against the graph's annotations and attaches it; the rules, status
/// and hover read it from `graph.evidence`. Symbols must be real for the test files
/// (`symbols::resolve` on the fast path).
/// Implements: REQ-EVIDENCE-JUNIT
pub fn attach(graph: &mut Graph, evidence: Arc<Evidence>) {
    let matches = if evidence.cases.is_empty() {
        Default::default()
    } else {
        matching::match_cases(&graph.files, &evidence.cases)
    };
    graph.evidence = GraphEvidence { evidence, matches };
}

/// The verdict on item `id` from the tests that count for it (`Graph::coverage`).
/// Implements: REQ-EVIDENCE-RULES
pub fn verdict(graph: &Graph, id: &str) -> Verdict {
    let ev = &graph.evidence;
    if !ev.given() {
        return Verdict::NoResults;
    }
    let tests = graph.coverage(id, AnnotationKind::Verifies);
    if tests.is_empty() {
        return Verdict::Untested;
    }
    let results: Vec<Outcome> = tests
        .into_iter()
        .filter_map(|(f, a)| ev.result_of(f, a).map(|r| r.outcome))
        .collect();
    if results.iter().any(|o| o.is_failure()) {
        Verdict::Failed
    } else if results.contains(&Outcome::Passed) {
        Verdict::Passed
    } else if results.is_empty() {
        Verdict::Unrun
    } else {
        Verdict::Skipped
    }
}

/// `check`'s step for evidence: loads the results (`cli` from `--test-results`, plus the
/// configured globs), parses the test files the fast path left without symbols, attaches
/// the results and adds the evidence findings to the run's. Without results configured
/// or given, the run is unchanged.
/// Implements: REQ-EVIDENCE-RULES
pub fn apply(root: &std::path::Path, run: &mut crate::check::Run, cli: &[std::path::PathBuf]) {
    let evidence = load(root, &run.graph.config, cli);
    if !evidence.given {
        return;
    }
    let read = |path: &str| std::fs::read(root.join(path)).ok();
    symbols::resolve(&read, &mut run.graph);
    attach(&mut run.graph, Arc::new(evidence));
    run.diagnostics
        .retain(|d| !crate::rules::RECHECKED_WITH_EVIDENCE.contains(&d.code));
    let mut found = crate::rules::evidence_findings(&run.graph);
    found.retain(|d| d.severity != crate::catalog::Severity::Hint);
    run.diagnostics.extend(found);
    run.diagnostics.sort_by(|a, b| {
        (a.path.as_str(), a.range, a.code).cmp(&(b.path.as_str(), b.range, b.code))
    });
}
