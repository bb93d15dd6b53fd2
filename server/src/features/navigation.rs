//! Go to definition and find references.

use super::{occurrence_at, FileRange, OccurrenceKind};
use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::text::Pos;

/// Implements: REQ-LSP-NAV
/// Where the ID under the cursor is defined. On a definition itself, the other
/// definitions (duplicates) if any, else the definition itself.
/// Routes and operations navigate to each other (`api::definition`); `word` is the word
/// under the cursor, which may name an operation.
pub fn definition(
    graph: &Graph,
    facts: &FileFacts,
    pos: Pos,
    word: Option<&str>,
) -> Vec<FileRange> {
    let api = super::api::definition(graph, facts, pos, None);
    if !api.is_empty() {
        return api;
    }
    let Some(occ) = occurrence_at(facts, pos) else {
        return super::api::definition(graph, facts, pos, word);
    };
    graph
        .definitions(&occ.id)
        .map(|(f, d)| FileRange {
            path: f.path.clone(),
            range: d.range,
        })
        .collect()
}

/// Every occurrence of `id`: definitions (when asked), downstream links, implementations,
/// tests and mentions; upstream links written in the item's own body are included as
/// mentions of their targets, not of `id`.
pub fn references_of(graph: &Graph, id: &str, include_declaration: bool) -> Vec<FileRange> {
    let mut out = Vec::new();
    if include_declaration {
        out.extend(graph.definitions(id).map(|(f, d)| FileRange {
            path: f.path.clone(),
            range: d.range,
        }));
    }
    out.extend(graph.links_to(id).map(|(f, l)| FileRange {
        path: f.path.clone(),
        range: l.to.range,
    }));
    out.extend(graph.annotations_to(id).map(|(f, a)| FileRange {
        path: f.path.clone(),
        range: a.target.range,
    }));
    out.extend(graph.references_to(id).map(|(f, r)| FileRange {
        path: f.path.clone(),
        range: r.occ.range,
    }));
    // An operation's handlers are its implementations.
    out.extend(super::api::handlers_of(graph, id));
    out.sort_by(|a, b| (a.path.as_str(), a.range).cmp(&(b.path.as_str(), b.range)));
    out.dedup();
    out
}

/// References of the ID under the cursor.
pub fn references(
    graph: &Graph,
    facts: &FileFacts,
    pos: Pos,
    include_declaration: bool,
) -> Vec<FileRange> {
    match occurrence_at(facts, pos) {
        Some(occ) => references_of(graph, &occ.id, include_declaration),
        None => Vec::new(),
    }
}

/// Counts shown in a definition's code lens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LensCounts {
    pub implementations: usize,
    pub tests: usize,
    pub derived: usize,
}

/// A code lens on each definition in a file: "2 implementations · 1 test · 3 derived".
pub fn code_lenses(graph: &Graph, facts: &FileFacts) -> Vec<(FileRange, String, LensCounts)> {
    facts
        .definitions
        .iter()
        .map(|d| {
            let counts = lens_counts(graph, &d.id);
            let plural =
                |n: usize, w: &str, ws: &str| format!("{n} {}", if n == 1 { w } else { ws });
            let title = format!(
                "{} · {}{} · {}",
                plural(counts.implementations, "implementation", "implementations"),
                plural(counts.tests, "test", "tests"),
                super::evidence::lens_suffix(graph, &d.id),
                plural(counts.derived, "derived", "derived")
            );
            (
                FileRange {
                    path: facts.path.clone(),
                    range: d.range,
                },
                title,
                counts,
            )
        })
        .collect()
}

pub fn lens_counts(graph: &Graph, id: &str) -> LensCounts {
    use crate::facts::AnnotationKind::*;
    LensCounts {
        implementations: graph
            .annotations_to(id)
            .filter(|(_, a)| a.kind == Implements)
            .count()
            + super::api::handlers_of(graph, id).len(),
        tests: graph
            .annotations_to(id)
            .filter(|(_, a)| a.kind == Verifies)
            .count(),
        derived: graph.links_to(id).count(),
    }
}

/// Inlay hints: the title after each ID in code (annotations and comment references).
pub fn inlay_hints(
    graph: &Graph,
    facts: &FileFacts,
    first_line: u32,
    last_line: u32,
) -> Vec<(Pos, String)> {
    if matches!(facts.kind, crate::facts::SourceKind::Markdown) {
        return Vec::new();
    }
    super::occurrences(facts)
        .into_iter()
        .filter(|o| {
            matches!(
                o.kind,
                OccurrenceKind::Annotation(_) | OccurrenceKind::Reference
            )
        })
        .filter(|o| (first_line..=last_line).contains(&o.range.start.line))
        .filter_map(|o| {
            let (_, d) = graph.definition(&o.id)?;
            (!d.title.is_empty()).then(|| (o.range.end, format!(": {}", d.title)))
        })
        .collect()
}
