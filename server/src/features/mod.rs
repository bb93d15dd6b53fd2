//! Editor features as plain functions over the graph and facts, in domain types (byte
//! columns, workspace-relative paths). The LSP layer only converts positions and types.

pub mod actions;
pub mod api;
pub mod completion;
pub mod drift;
pub mod evidence;
pub mod hover;
pub mod links;
pub mod navigation;
pub mod outline;
pub mod rename;
pub mod stubs;
pub mod suggest;
pub mod waiting;

use crate::facts::{AnnotationKind, FileFacts};
use crate::text::{Pos, Range};
use std::sync::Arc;

/// A range in a workspace file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRange {
    pub path: String,
    pub range: Range,
}

/// A text edit in a workspace file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub path: String,
    pub range: Range,
    pub new_text: String,
}

/// Where file texts come from: open editor buffers first, then the disk (read-only).
pub trait Texts {
    fn text(&self, path: &str) -> Option<Arc<str>>;
}

/// What kind of occurrence sits under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccurrenceKind {
    Definition,
    Link,
    Annotation(AnnotationKind),
    Reference,
}

/// An ID occurrence in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub id: String,
    pub range: Range,
    pub kind: OccurrenceKind,
}

fn contains(range: Range, pos: Pos) -> bool {
    range.start <= pos && pos <= range.end
}

/// Every ID occurrence in a file, in position order.
pub fn occurrences(facts: &FileFacts) -> Vec<Occurrence> {
    let mut out: Vec<Occurrence> = Vec::new();
    out.extend(facts.definitions.iter().map(|d| Occurrence {
        id: d.id.clone(),
        range: d.range,
        kind: OccurrenceKind::Definition,
    }));
    out.extend(facts.links.iter().map(|l| Occurrence {
        id: l.to.id.clone(),
        range: l.to.range,
        kind: OccurrenceKind::Link,
    }));
    out.extend(facts.annotations.iter().map(|a| Occurrence {
        id: a.target.id.clone(),
        range: a.target.range,
        kind: OccurrenceKind::Annotation(a.kind),
    }));
    out.extend(facts.references.iter().map(|r| Occurrence {
        id: r.occ.id.clone(),
        range: r.occ.range,
        kind: OccurrenceKind::Reference,
    }));
    out.sort_by_key(|o| o.range);
    out
}

/// The ID occurrence under the cursor (the cursor may sit just after the ID).
pub fn occurrence_at(facts: &FileFacts, pos: Pos) -> Option<Occurrence> {
    occurrences(facts)
        .into_iter()
        .find(|o| contains(o.range, pos))
}

/// The IDs of `Implements:`/`Verifies:` annotations on the cursor's line, for hovers on
/// the keyword rather than the ID.
pub fn annotations_on_line(facts: &FileFacts, line: u32) -> Vec<String> {
    let mut ids: Vec<String> = facts
        .annotations
        .iter()
        .filter(|a| a.target.range.start.line == line)
        .map(|a| a.target.id.clone())
        .collect();
    ids.dedup();
    ids
}
