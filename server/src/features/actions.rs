//! Code actions: quick fixes for diagnostics and the "add an annotation" refactor.

use super::stubs::{test_stub, Stub};
use super::{Edit, Texts};
use crate::catalog;
use crate::config::Need;
use crate::diagnostics::Diagnostic;
use crate::facts::{AnnotationKind, FileFacts};
use crate::graph::Graph;
use crate::text::{Pos, Range};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    Refactor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<Edit>,
    /// Files the action creates (before its edits apply).
    pub create: Vec<String>,
    /// The diagnostic it fixes.
    pub fixes: Option<Diagnostic>,
    pub preferred: bool,
}

/// The code definition under the cursor, found by the caller (a tree-sitter parse of the
/// open buffer): where to insert an annotation and with which comment marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeTarget {
    pub name: String,
    /// Start of the definition's first line.
    pub line: u32,
    pub indent: String,
    pub comment: &'static str,
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start.line <= b.end.line && b.start.line <= a.end.line
}

/// Implements: REQ-LSP-ACTIONS
/// Quick fixes for the diagnostics in `range`, plus the annotation refactor on `target`.
pub fn code_actions(
    graph: &Graph,
    texts: &dyn Texts,
    root: &Path,
    facts: &FileFacts,
    diagnostics: &[Diagnostic],
    range: Range,
    target: Option<&CodeTarget>,
) -> Vec<Action> {
    let mut out = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.path == facts.path && overlaps(d.range, range))
    {
        match d.code {
            catalog::UNKNOWN_REF => {
                if let Some(s) = &d.suggestion {
                    out.push(Action {
                        title: format!("Replace with `{s}`"),
                        kind: ActionKind::QuickFix,
                        edits: vec![Edit {
                            path: d.path.clone(),
                            range: d.range,
                            new_text: s.clone(),
                        }],
                        create: Vec::new(),
                        fixes: Some(d.clone()),
                        preferred: true,
                    });
                }
            }
            catalog::UNTRACED => out.extend(derives_from_fixes(graph, facts, d)),
            catalog::METHOD_MISMATCH
            | catalog::UNDOCUMENTED_ROUTE
            | catalog::UNIMPLEMENTED_OPERATION => {
                out.extend(
                    super::api::fixes(graph, texts, facts, d)
                        .into_iter()
                        .map(|f| Action {
                            title: f.title,
                            kind: ActionKind::QuickFix,
                            edits: f.edits,
                            create: Vec::new(),
                            fixes: Some(d.clone()),
                            preferred: f.preferred,
                        }),
                );
            }
            catalog::UNTRACED_CODE => out.extend(link_fixes(graph, texts, facts, d)),
            catalog::MISSING_TEST => {
                if let Some(id) = id_at(facts, d.range) {
                    if let Some(stub) = test_stub(graph, texts, root, &id) {
                        out.push(stub_action(stub, d));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(t) = target {
        out.extend(annotate_actions(graph, facts, t));
    }
    out
}

fn id_at(facts: &FileFacts, range: Range) -> Option<String> {
    facts
        .definitions
        .iter()
        .find(|d| d.range == range)
        .map(|d| d.id.clone())
}

/// "Add `Derives from: X`": candidates from the layers the item must derive from, the
/// ones whose titles share the most words with the item's title first.
fn derives_from_fixes(graph: &Graph, facts: &FileFacts, d: &Diagnostic) -> Vec<Action> {
    const MAX: usize = 5;
    let Some(def) = facts.definitions.iter().find(|x| x.range == d.range) else {
        return Vec::new();
    };
    let Some(layer) = graph.layer_of(&def.id) else {
        return Vec::new();
    };
    let prefixes: Vec<&str> = layer
        .derives_from
        .iter()
        .filter_map(|n| graph.config.layer_by_name(n))
        .map(|l| l.prefix.as_str())
        .collect();
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .collect()
    };
    let mine = words(&def.title);
    let mut candidates: Vec<(usize, &str, &str)> = graph
        .all_definitions()
        .filter(|(_, c)| prefixes.contains(&crate::ids::prefix_of(&c.id)))
        .map(|(_, c)| {
            (
                words(&c.title).iter().filter(|w| mine.contains(w)).count(),
                c.id.as_str(),
                c.title.as_str(),
            )
        })
        .collect();
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    candidates.dedup_by(|a, b| a.1 == b.1);
    let at = Pos {
        line: def.heading.end.line + 1,
        col: 0,
    };
    candidates
        .into_iter()
        .take(MAX)
        .enumerate()
        .map(|(i, (_, id, title))| Action {
            title: format!("Add `Derives from: {id}` ({title})"),
            kind: ActionKind::QuickFix,
            edits: vec![Edit {
                path: facts.path.clone(),
                range: Range { start: at, end: at },
                new_text: format!("Derives from: {id}\n"),
            }],
            create: Vec::new(),
            fixes: Some(d.clone()),
            preferred: i == 0,
        })
        .collect()
}

/// Implements: REQ-UNTRACED-CODE, REQ-SUGGEST
/// "Link to `REQ-PAY-3`: …" on `untraced-code`: the best `suggest` candidates, each
/// inserting its annotation line above the definition, at its indentation.
fn link_fixes(graph: &Graph, texts: &dyn Texts, facts: &FileFacts, d: &Diagnostic) -> Vec<Action> {
    const MAX: usize = 3;
    let Some(text) = texts.text(&facts.path) else {
        return Vec::new();
    };
    let line = d.range.start.line;
    let indent: String = text
        .lines()
        .nth(line as usize)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let at = Pos { line, col: 0 };
    super::suggest::suggest_in(graph, &text, &facts.path, line, MAX)
        .into_iter()
        .enumerate()
        .map(|(i, c)| Action {
            title: format!("Link to {}: {}", c.id, c.title),
            kind: ActionKind::QuickFix,
            edits: vec![Edit {
                path: facts.path.clone(),
                range: Range { start: at, end: at },
                new_text: format!("{indent}{}\n", c.annotation),
            }],
            create: Vec::new(),
            fixes: Some(d.clone()),
            preferred: i == 0,
        })
        .collect()
}

fn stub_action(stub: Stub, d: &Diagnostic) -> Action {
    Action {
        title: format!("Create missing test stub in {}", stub.path),
        kind: ActionKind::QuickFix,
        create: if stub.create {
            vec![stub.path.clone()]
        } else {
            Vec::new()
        },
        edits: vec![Edit {
            path: stub.path,
            range: Range {
                start: stub.at,
                end: stub.at,
            },
            new_text: stub.text,
        }],
        fixes: Some(d.clone()),
        preferred: true,
    }
}

/// "Add `Implements: X` to `fn`": unimplemented items first.
fn annotate_actions(graph: &Graph, facts: &FileFacts, t: &CodeTarget) -> Vec<Action> {
    const MAX: usize = 8;
    let (keyword, need, kind) = if facts.is_test_file {
        ("Verifies", Need::Test, AnnotationKind::Verifies)
    } else {
        (
            "Implements",
            Need::Implementation,
            AnnotationKind::Implements,
        )
    };
    let mut candidates: Vec<(bool, &str, &str)> = graph
        .all_definitions()
        .filter(|(_, d)| {
            graph
                .layer_of(&d.id)
                .is_some_and(|l| l.needs.contains(&need))
        })
        .map(|(_, d)| {
            (
                !graph.coverage(&d.id, kind).is_empty(),
                d.id.as_str(),
                d.title.as_str(),
            )
        })
        .collect();
    candidates.sort();
    candidates.dedup_by(|a, b| a.1 == b.1);
    let at = Pos {
        line: t.line,
        col: 0,
    };
    candidates
        .into_iter()
        .take(MAX)
        .map(|(_, id, title)| Action {
            title: format!("Add `{keyword}: {id}` to `{}` ({title})", t.name),
            kind: ActionKind::Refactor,
            edits: vec![Edit {
                path: facts.path.clone(),
                range: Range { start: at, end: at },
                new_text: format!("{}{} {keyword}: {id}\n", t.indent, t.comment),
            }],
            create: Vec::new(),
            fixes: None,
            preferred: false,
        })
        .collect()
}
