//! Suspect links: the upstream changed since the link was reviewed.
//!
//! Suspicion travels one hop at a time: a changed brief makes its requirements'
//! `Derives from:` lines suspect, and a requirement's code and tests only become suspect
//! when the requirement's own text changes (typically while it is re-reviewed). With
//! `transitive`, every link below a changed item is flagged at once.

use super::fingerprint::Fingerprint;
use super::links::TraceLink;
use super::lock::Lock;
use crate::graph::Graph;
use std::collections::{HashMap, HashSet, VecDeque};

#[derive(Debug, Clone)]
pub struct Suspect<'g> {
    pub link: TraceLink<'g>,
    /// The version the link was reviewed against; `None` for a link flagged only
    /// because something further up changed (`transitive`).
    pub reviewed: Option<Fingerprint>,
    pub current: Fingerprint,
    /// For a transitive suspect: the changed item further up the chain.
    pub changed: Option<&'g str>,
}

/// The current fingerprint of an item (its first definition's).
pub fn current(graph: &Graph, id: &str) -> Option<Fingerprint> {
    graph.definition(id).map(|(_, d)| d.fingerprint)
}

/// Links whose upstream changed since their review. A link the lock does not know is
/// accepted as it is (it has not been reviewed yet, so nothing can have drifted).
/// Implements: REQ-DRIFT
pub fn suspects<'g>(
    graph: &'g Graph,
    lock: &Lock,
    links: &[TraceLink<'g>],
    transitive: bool,
) -> Vec<Suspect<'g>> {
    let mut out: Vec<Suspect<'g>> = Vec::new();
    let mut flagged: HashSet<usize> = HashSet::new();
    for (i, link) in links.iter().enumerate() {
        let Some(now) = current(graph, link.upstream) else {
            continue;
        };
        if let Some(entry) = lock.get(link.upstream, &link.downstream) {
            if entry.fingerprint != now {
                flagged.insert(i);
                out.push(Suspect {
                    link: link.clone(),
                    reviewed: Some(entry.fingerprint),
                    current: now,
                    changed: None,
                });
            }
        }
    }
    if !transitive {
        return out;
    }
    // Breadth-first down the chain from the items directly below a change.
    let mut by_upstream: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, l) in links.iter().enumerate() {
        by_upstream.entry(l.upstream).or_default().push(i);
    }
    let mut queue: VecDeque<(&'g str, &'g str)> = VecDeque::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for s in &out {
        if let Some(item) = s.link.downstream_item {
            if seen.insert(item) {
                queue.push_back((item, s.link.upstream));
            }
        }
    }
    let mut extra = Vec::new();
    while let Some((item, origin)) = queue.pop_front() {
        for &i in by_upstream.get(item).into_iter().flatten() {
            if !flagged.insert(i) {
                continue;
            }
            let link = &links[i];
            let Some(now) = current(graph, link.upstream) else {
                continue;
            };
            extra.push(Suspect {
                link: link.clone(),
                reviewed: lock
                    .get(link.upstream, &link.downstream)
                    .map(|e| e.fingerprint),
                current: now,
                changed: Some(origin),
            });
            if let Some(next) = link.downstream_item {
                if seen.insert(next) {
                    queue.push_back((next, origin));
                }
            }
        }
    }
    out.extend(extra);
    out
}

/// Lock entries that name no current link: the upstream or the downstream was deleted,
/// renamed or moved. `review` prunes them.
pub fn stale_entries<'l>(
    lock: &'l Lock,
    links: &[TraceLink<'_>],
) -> Vec<(&'l (String, String), &'l super::lock::Entry)> {
    let current: HashSet<(&str, &str)> = links
        .iter()
        .map(|l| (l.upstream, l.downstream.as_str()))
        .collect();
    lock.links
        .iter()
        .filter(|((up, down), _)| !current.contains(&(up.as_str(), down.as_str())))
        .collect()
}
