//! Names for annotations' symbols. `check` reads code with the comment lexer and names
//! only the symbols its report shows; an export, a report and test results need more, so
//! each file the lexer read that holds a wanted annotation is resolved once, in parallel.

use crate::facts::Annotation;
use crate::graph::Graph;
use crate::ids::IdScanner;
use rayon::prelude::*;

/// Fills in the symbols of every annotation in files read without them; returns how
/// many files were resolved.
pub fn resolve_all(read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync), graph: &mut Graph) -> usize {
    resolve_where(read, graph, |_| true)
}

/// Fills in the symbols of the `wanted` annotations of every pending file that has one;
/// returns how many files were parsed. Shared by the export and `evidence::symbols`.
pub fn resolve_where(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    graph: &mut Graph,
    wanted: impl Fn(&Annotation) -> bool + Sync,
) -> usize {
    let pending: Vec<usize> = (0..graph.files.len())
        .filter(|&i| {
            graph.files[i].symbols_pending && graph.files[i].annotations.iter().any(&wanted)
        })
        .collect();
    if pending.is_empty() {
        return 0;
    }
    let scanner = IdScanner::new(&graph.config.prefixes());
    let resolved: Vec<_> = pending
        .par_iter()
        .map(|&i| {
            let facts =
                crate::check::resolve_file(read, &graph.files[i], &graph.config, &scanner, &wanted);
            (i, facts)
        })
        .collect();
    for (i, facts) in resolved {
        if let Some(f) = facts {
            graph.replace_symbols(i, f);
        }
    }
    pending.len()
}
