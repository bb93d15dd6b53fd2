//! Names for every annotation's symbol. `check` reads code with the comment lexer and
//! names only the symbols its report shows; an export and a report show them all, so
//! each file the lexer read is resolved once, in parallel.

use crate::graph::Graph;
use crate::ids::IdScanner;
use rayon::prelude::*;

/// Fills in the symbols of every annotation in files read without them; returns how
/// many files were resolved.
pub fn resolve_all(read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync), graph: &mut Graph) -> usize {
    let pending: Vec<usize> = (0..graph.files.len())
        .filter(|&i| graph.files[i].symbols_pending && !graph.files[i].annotations.is_empty())
        .collect();
    if pending.is_empty() {
        return 0;
    }
    let scanner = IdScanner::new(&graph.config.prefixes());
    let resolved: Vec<_> = pending
        .par_iter()
        .map(|&i| {
            let facts =
                crate::check::resolve_file(read, &graph.files[i], &graph.config, &scanner, |_| {
                    true
                });
            (i, facts)
        })
        .collect();
    let mut n = 0;
    for (i, facts) in resolved {
        if let Some(f) = facts {
            n += usize::from(graph.replace_symbols(i, f));
        }
    }
    n
}
