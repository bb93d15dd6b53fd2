//! `review`: accepting the current state of some links into the lock.

use super::fingerprint::Fingerprint;
use super::links::TraceLink;
use super::lock::{Entry, Lock};
use super::suspect::{current, stale_entries};
use crate::facts::AnnotationKind;
use crate::graph::Graph;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Which links a review accepts. Serialized as the argument of the language server's
/// review command.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Selection {
    /// Every link; stale entries are pruned.
    All,
    /// The links written in these items (their `Derives from:` lines or
    /// `x-requirements`): "this item was reviewed against its upstream".
    Items(Vec<String>),
    /// Every link naming one of these items as upstream: "everything below this item was
    /// reviewed against its current text".
    Upstream(Vec<String>),
    /// Links written in these files, or in files under these directories (workspace
    /// relative, `/`-separated).
    Paths(Vec<String>),
    /// Exactly these (upstream, downstream key) links.
    Links(Vec<(String, String)>),
    /// Only the code implementing these items, as it is now (`changed-implementation`):
    /// the body fingerprints of their reviewed code links, not the links' upstream
    /// versions.
    Implementations(Vec<String>),
}

/// Whether any of `selections` selects the link.
fn any_selects(selections: &[Selection], link: &TraceLink<'_>) -> bool {
    selections.iter().any(|s| s.selects(link))
}

impl Selection {
    fn selects(&self, link: &TraceLink<'_>) -> bool {
        match self {
            Selection::All => true,
            Selection::Items(ids) => link
                .downstream_item
                .is_some_and(|d| ids.iter().any(|i| i == d)),
            Selection::Upstream(ids) => ids.iter().any(|i| i == link.upstream),
            Selection::Paths(paths) => paths.iter().any(|p| under(link.path, p)),
            Selection::Links(pairs) => pairs
                .iter()
                .any(|(u, d)| u == link.upstream && *d == link.downstream),
            Selection::Implementations(_) => false,
        }
    }

    /// Whether this selection accepts the link's current implementation, with or
    /// without the link itself.
    fn selects_implementation(&self, link: &TraceLink<'_>) -> bool {
        match self {
            Selection::Implementations(ids) => ids.iter().any(|i| i == link.upstream),
            other => other.selects(link),
        }
    }

    /// Whether a stale entry (no current link) falls in this selection, judged by its key
    /// alone.
    fn selects_stale(&self, upstream: &str, downstream: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Items(ids) => ids.iter().any(|i| i == downstream),
            Selection::Upstream(ids) => ids.iter().any(|i| i == upstream),
            Selection::Paths(paths) => {
                let file = downstream.split('#').next().unwrap_or(downstream);
                paths.iter().any(|p| under(file, p))
            }
            Selection::Links(pairs) => pairs.iter().any(|(u, d)| u == upstream && d == downstream),
            Selection::Implementations(_) => false,
        }
    }
}

/// A link written as a code annotation: its key is the file's path.
fn is_code_link(link: &TraceLink<'_>) -> bool {
    link.downstream_item.is_none() && link.downstream == link.path
}

/// The files whose body fingerprints a review with `selections` must compute, for
/// `drift::implementation::fill_bodies`: those of the code links it selects, except
/// files whose bytes are those the lock recorded every link there at (nothing to record
/// anew), unless a selected link there has no entry yet.
pub fn files_to_fingerprint<'l>(
    graph: &Graph,
    old: &Lock,
    links: &'l [TraceLink<'_>],
    selections: &[Selection],
) -> HashSet<&'l str> {
    let selected: Vec<&TraceLink<'_>> = links
        .iter()
        .filter(|l| is_code_link(l) && selections.iter().any(|s| s.selects_implementation(l)))
        .collect();
    let new_links: HashSet<&str> = selected
        .iter()
        .filter(|l| old.get(l.upstream, &l.downstream).is_none())
        .map(|l| l.path)
        .collect();
    selected
        .into_iter()
        .map(|l| l.path)
        .filter(|p| {
            new_links.contains(p)
                || !old.file_unchanged(p, graph.file_facts(p).and_then(|f| f.content_hash))
        })
        .collect()
}

/// The body fingerprints of the definitions implementing `upstream` in `path`; `None`
/// while they are not computed.
fn current_bodies(graph: &Graph, upstream: &str, path: &str) -> Option<BTreeSet<Fingerprint>> {
    let facts = graph.file_facts(path)?;
    if facts.bodies_pending {
        return None;
    }
    Some(
        facts
            .annotations
            .iter()
            .filter(|a| a.kind == AnnotationKind::Implements && a.target.id == upstream)
            .filter_map(|a| a.body)
            .collect(),
    )
}

/// `path` is `dir` or lies under it.
fn under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty()
        || dir == "."
        || path == dir
        || path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

/// What a review did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub lock: Lock,
    /// Links the selection covered.
    pub selected: usize,
    /// Of those, links that had no entry.
    pub added: usize,
    /// Of those, links reviewed against an older version (they were suspect).
    pub updated: Vec<(String, String)>,
    /// Entries removed because no current link matches them.
    pub pruned: Vec<(String, String)>,
    /// Code links whose changed implementation was accepted (they were
    /// `changed-implementation`).
    pub implementations: Vec<(String, String)>,
}

/// Accepts the selected links at their upstream's current version, and the selected
/// code links' implementations as they are now.
/// Implements: REQ-REVIEW, REQ-DRIFT-CODE
pub fn review(
    graph: &Graph,
    old: &Lock,
    links: &[TraceLink<'_>],
    selections: &[Selection],
) -> Outcome {
    let mut lock = old.clone();
    let mut out = Outcome::default();
    let mut seen = HashSet::new();
    for link in links.iter().filter(|l| any_selects(selections, l)) {
        let Some(now) = current(graph, link.upstream) else {
            continue;
        };
        if !seen.insert((link.upstream, link.downstream.as_str())) {
            continue;
        }
        out.selected += 1;
        let key = (link.upstream.to_string(), link.downstream.clone());
        match lock.links.get(&key) {
            None => out.added += 1,
            Some(e) if e.fingerprint != now => out.updated.push(key.clone()),
            Some(_) => {}
        }
        lock.links.insert(
            key,
            Entry {
                fingerprint: now,
                line: 0,
                width: 0,
            },
        );
        if let Some((_, def)) = graph.definition(link.upstream) {
            lock.texts
                .insert((link.upstream.to_string(), now), def.content.clone());
        }
    }
    // The implementations: of every selected code link, and of the items whose code
    // alone is accepted; only for links the lock has (a new link was added above).
    let mut bodies_seen = HashSet::new();
    // Per file, how many of its code links had their bodies recorded now.
    let mut recorded: HashMap<&str, usize> = HashMap::new();
    for link in links
        .iter()
        .filter(|l| is_code_link(l) && selections.iter().any(|s| s.selects_implementation(l)))
    {
        let key = (link.upstream.to_string(), link.downstream.clone());
        if !lock.links.contains_key(&key) || !bodies_seen.insert(key.clone()) {
            continue;
        }
        let Some(now) = current_bodies(graph, link.upstream, link.path) else {
            continue;
        };
        *recorded.entry(link.path).or_default() += 1;
        if lock
            .bodies(&key.0, &key.1)
            .is_some_and(|old| now.iter().any(|b| !old.contains(b)))
        {
            out.implementations.push(key.clone());
        }
        if now.is_empty() {
            lock.bodies.remove(&key);
        } else {
            lock.bodies.insert(key, now);
        }
    }
    for ((up, down), _) in stale_entries(old, links) {
        if selections.iter().any(|s| s.selects_stale(up, down)) {
            lock.links.remove(&(up.clone(), down.clone()));
            out.pruned.push((up.clone(), down.clone()));
        }
    }
    let links_now = &lock.links;
    lock.bodies.retain(|key, _| links_now.contains_key(key));
    // A file line holds only while every code link written in the file had its bodies
    // recorded at those bytes: set it where this review recorded them all, or some at
    // the bytes the line already names (the others were recorded at them too); drop it
    // where it recorded some at other bytes.
    // Files without body lines need none.
    let mut per_file: HashMap<&str, usize> = HashMap::new();
    for (_, down) in lock.links.keys() {
        *per_file.entry(down.as_str()).or_default() += 1;
    }
    let with_bodies: HashSet<&str> = lock.bodies.keys().map(|(_, d)| d.as_str()).collect();
    for (path, n) in &recorded {
        let hash = graph
            .file_facts(path)
            .and_then(|f| f.content_hash)
            .filter(|_| with_bodies.contains(path));
        let same_bytes = |h| old.file_unchanged(path, Some(h));
        match hash {
            Some(h) if per_file.get(path) == Some(n) || same_bytes(h) => {
                lock.files.insert(path.to_string(), [h].into());
            }
            _ => {
                lock.files.remove(*path);
            }
        }
    }
    lock.files
        .retain(|path, _| with_bodies.contains(path.as_str()));
    // Keep only the texts some entry still refers to.
    let used: HashSet<(&str, Fingerprint)> = lock
        .links
        .iter()
        .map(|((up, _), e)| (up.as_str(), e.fingerprint))
        .collect();
    let texts = std::mem::take(&mut lock.texts);
    lock.texts = texts
        .into_iter()
        .filter(|((up, fp), _)| used.contains(&(up.as_str(), *fp)))
        .collect();
    out.lock = lock;
    out
}

// Verifies: REQ-REVIEW
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_select_files_and_directories() {
        assert!(under("src/a.rs", "src"));
        assert!(under("src/a.rs", "src/"));
        assert!(under("src/a.rs", "src/a.rs"));
        assert!(under("src/a.rs", "."));
        assert!(!under("srcx/a.rs", "src"));
        assert!(!under("src/a.rs", "src/b.rs"));
    }
}
