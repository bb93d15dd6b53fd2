//! Which files an answer about an item shows symbols of while the fast path has left
//! them unparsed (`FileFacts::symbols_pending`): the front end parses those first, so
//! an answer given before the background parse ends is the same as one after it.

use crate::graph::Graph;
use std::collections::BTreeSet;

/// The files holding annotations of `id` or of anything derived from it (what hover,
/// the trace and the evidence sections list by symbol) that still wait for a parse.
pub fn files_for(graph: &Graph, id: &str) -> Vec<String> {
    let mut seen: BTreeSet<String> = BTreeSet::from([id.to_string()]);
    let mut stack = vec![id.to_string()];
    let mut files = BTreeSet::new();
    while let Some(x) = stack.pop() {
        for (f, _) in graph.annotations_to(&x) {
            if f.symbols_pending && f.origin.is_none() {
                files.insert(f.path.clone());
            }
        }
        for (_, l) in graph.links_to(&x) {
            if seen.insert(l.from.clone()) {
                stack.push(l.from.clone());
            }
        }
    }
    files.into_iter().collect()
}

// Verifies: REQ-LSP-FAST-START
#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facts::{
        Annotation, AnnotationKind, FileFacts, Link, Occurrence, SourceKind, Symbol,
    };
    use crate::text::Range;
    use std::sync::Arc;

    fn code(path: &str, id: &str, pending: bool) -> Arc<FileFacts> {
        let mut f = FileFacts::new(path.into(), SourceKind::Code("rust"), false);
        f.annotations.push(Annotation {
            kind: AnnotationKind::Implements,
            target: Occurrence {
                id: id.into(),
                range: Range::default(),
            },
            symbol: Symbol::pending(Range::default(), false),
            body: None,
        });
        f.symbols_pending = pending;
        Arc::new(f)
    }

    #[test]
    fn the_cone_below_an_item_counts_and_parsed_files_do_not() {
        let mut doc = FileFacts::new("docs/prd.md".into(), SourceKind::Markdown, false);
        doc.links.push(Link {
            from: "REQ-2".into(),
            to: Occurrence {
                id: "REQ-1".into(),
                range: Range::default(),
            },
        });
        let files = vec![
            Arc::new(doc),
            code("a.rs", "REQ-1", true),
            code("b.rs", "REQ-2", true),
            code("c.rs", "REQ-1", false),
            code("d.rs", "REQ-9", true),
        ];
        let graph = Graph::build(Arc::new(Config::default_config()), files);
        assert_eq!(files_for(&graph, "REQ-1"), ["a.rs", "b.rs"]);
        assert_eq!(files_for(&graph, "REQ-2"), ["b.rs"]);
        assert!(files_for(&graph, "REQ-404").is_empty());
    }
}
