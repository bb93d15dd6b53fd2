//! Renaming an ID across the workspace: its definitions and every occurrence.

use super::{navigation::references_of, occurrence_at, Edit};
use crate::facts::FileFacts;
use crate::graph::Graph;
use crate::ids::IdScanner;
use crate::text::{Pos, Range};

/// The range and ID under the cursor, if it can be renamed.
pub fn prepare_rename(facts: &FileFacts, pos: Pos) -> Option<(Range, String)> {
    occurrence_at(facts, pos).map(|o| (o.range, o.id))
}

/// Implements: REQ-LSP-EDITING
/// Edits renaming `old` to `new` everywhere, or why that is not allowed.
pub fn rename(graph: &Graph, old: &str, new: &str) -> Result<Vec<Edit>, String> {
    let new = new.trim();
    let scanner = IdScanner::new(&graph.config.prefixes());
    if scanner.id_at_start(new) != Some(new) {
        let prefixes = graph.config.prefixes().join(", ");
        return Err(format!(
            "`{new}` is not a valid ID: use PREFIX-KEY with a configured prefix ({prefixes})"
        ));
    }
    if new != old && graph.is_defined(new) {
        return Err(format!("`{new}` is already defined"));
    }
    Ok(references_of(graph, old, true)
        .into_iter()
        .map(|r| Edit {
            path: r.path,
            range: r.range,
            new_text: new.to_string(),
        })
        .collect())
}
