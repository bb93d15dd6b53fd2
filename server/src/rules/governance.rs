//! `untraced-code`: functions, methods and classes under `[governance] require-trace`
//! that nothing traces.

use super::Draft;
use crate::catalog;
use crate::graph::Graph;

/// Implements: REQ-UNTRACED-CODE
pub fn check(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    for f in graph
        .files
        .iter()
        .filter(|f| !f.code_definitions.is_empty())
    {
        for d in crate::governance::untraced(f) {
            let draft = Draft::new(
                f,
                d.head,
                format!(
                    "{} `{}` is not traced: no `Implements:` on it or around it",
                    d.kind.label(),
                    d.name
                ),
            )
            .help("add a comment `Implements: ID` above it naming the item it implements (the editor's quick fix suggests some)");
            emit(catalog::UNTRACED_CODE, draft);
        }
    }
}
