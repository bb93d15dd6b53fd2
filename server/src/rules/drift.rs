//! Drift rules: `suspect-link` on links whose upstream changed since their review,
//! `changed-implementation` on items whose implementing code changed since then,
//! `stale-lock-entry` and `invalid-lock` on `throughline.lock`.

use super::Draft;
use crate::catalog;
use crate::drift::implementation::changed;
use crate::drift::links::links;
use crate::drift::lock::Lock;
use crate::drift::suspect::{stale_entries, suspects};
use crate::drift::{LockState, LOCK_FILE};
use crate::graph::Graph;
use crate::text::{Pos, Range};

/// Implements: REQ-DRIFT
pub(super) fn check(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    let lock = match graph.lock.as_ref() {
        LockState::Missing => return,
        LockState::Loaded(lock) => lock,
        LockState::Broken(e) => {
            let line = e.lines.first().map_or(0, |l| l.saturating_sub(1));
            emit(
                catalog::INVALID_LOCK,
                Draft::at(LOCK_FILE, line_range(line, 0), e.message.clone())
                    .help("until it is fixed, no link is checked for drift"),
            );
            return;
        }
    };
    let all = links(graph);
    for s in suspects(graph, lock, &all, graph.transitive) {
        let Some(file) = graph.file_facts(s.link.path) else {
            continue;
        };
        let up = s.link.upstream;
        let message = match s.changed {
            None => format!("`{up}` changed since this link was reviewed"),
            Some(origin) => format!("`{origin}` changed above `{up}` since this link was reviewed"),
        };
        let command = match s.link.downstream_item {
            Some(item) => format!("throughline review {item}"),
            None => format!("throughline review {}", s.link.path),
        };
        let mut draft = Draft::new(file, s.link.range, message).help(format!(
            "check this against the new text (hover shows the change), then run `{command}` or use \"Mark as reviewed\""
        ));
        let changed = s.changed.unwrap_or(up);
        if let Some((df, d)) = graph.definition(changed) {
            draft = draft.related(df, d.heading, format!("`{changed}` is defined here"));
        }
        emit(catalog::SUSPECT_LINK, draft);
    }
    changed_implementations(graph, lock, emit);
    for ((up, down), entry) in stale_entries(lock, &all) {
        let why = if graph.is_defined(up) {
            format!("`{up}` has no link from `{down}` any more")
        } else {
            format!("`{up}` is no longer defined")
        };
        emit(
            catalog::STALE_LOCK_ENTRY,
            Draft::at(
                LOCK_FILE,
                line_range(entry.line, entry.width),
                format!("the reviewed link `{up} <- {down}` is stale: {why}"),
            )
            .help("run `throughline review` to prune it"),
        );
    }
}

fn line_range(line: u32, width: u32) -> Range {
    Range {
        start: Pos { line, col: 0 },
        end: Pos { line, col: width },
    }
}

/// One finding per upstream item, on its heading, with each changed definition as
/// related information: the item's owner is the one to hear of it.
/// Implements: REQ-DRIFT-CODE
fn changed_implementations(graph: &Graph, lock: &Lock, emit: &mut impl FnMut(&'static str, Draft)) {
    let all = changed(graph, lock);
    let mut i = 0;
    while i < all.len() {
        let up = all[i].upstream;
        let group: Vec<_> = all[i..].iter().take_while(|c| c.upstream == up).collect();
        i += group.len();
        let Some((df, d)) = graph.definition(up) else {
            continue;
        };
        let count: usize = group.iter().map(|c| c.definitions.len()).sum();
        let message = match (count, group.first().and_then(|c| c.definitions.first())) {
            (1, Some(a)) => format!(
                "the implementation of `{up}` changed since it was reviewed: {} in {}",
                a.symbol.describe(),
                group[0].path
            ),
            _ => {
                let files: Vec<&str> = group.iter().map(|c| c.path).collect();
                format!(
                    "the implementation of `{up}` changed since it was reviewed: {count} definitions in {}",
                    files.join(", ")
                )
            }
        };
        let mut draft = Draft::new(df, d.range, message).help(format!(
            "check that the code still does what `{up}` says (hover lists what changed), then run `throughline review {up}` or use \"Accept the changed implementation\""
        ));
        for c in &group {
            let Some(file) = graph.file_facts(c.path) else {
                continue;
            };
            for a in &c.definitions {
                draft = draft.related(
                    file,
                    a.target.range,
                    format!("{} changed since the review", a.symbol.describe()),
                );
            }
        }
        emit(catalog::CHANGED_IMPLEMENTATION, draft);
    }
}
