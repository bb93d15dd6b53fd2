//! Changed implementations: drift in the other direction. A suspect link tells the code
//! that its requirement changed; this tells the requirement's owner that the code
//! implementing it changed since the link was reviewed.
//!
//! The lock records, for each code link, the body fingerprints (`drift::body`) of the
//! definitions implementing the upstream in that file. A definition whose current body
//! is not among them is new or changed. A definition that went away is not reported:
//! after a merge that kept both sides' lines, the lock holds bodies of both versions,
//! and only a definition that matches neither is news.
//!
//! `check`'s fast path reads code without a parse, so it has no body fingerprints;
//! [`fill_bodies`] parses the files whose links the lock has bodies for (and `review`
//! the files it is about to record), and nothing else. A file whose bytes still hash as
//! the lock's `file` line says is not parsed: its definitions are as reviewed.

use super::lock::Lock;
use crate::facts::{Annotation, AnnotationKind, FileFacts};
use crate::graph::Graph;
use crate::ids::IdScanner;
use crate::sources::code;
use crate::workspace::{self, FileKind, Outcome};
use rayon::prelude::*;
use std::collections::HashSet;

/// One code link whose implementation changed since its review.
#[derive(Debug, Clone)]
pub struct Changed<'g> {
    pub upstream: &'g str,
    /// The file, which is also the link's downstream key in the lock.
    pub path: &'g str,
    /// One `Implements:` annotation per definition whose body is not a reviewed one.
    pub definitions: Vec<&'g Annotation>,
}

/// Every code link whose lock entry has body fingerprints and whose file now holds a
/// definition with another body, in upstream and file order. Links the lock has no
/// bodies for (a lock written before body fingerprints, a new link) are never changed.
/// Only files whose bodies are known are visited: in `check`, the few that were parsed.
/// Implements: REQ-DRIFT-CODE
pub fn changed<'g>(graph: &'g Graph, lock: &Lock) -> Vec<Changed<'g>> {
    let mut out = Vec::new();
    if lock.bodies.is_empty() {
        return out;
    }
    for f in graph.files.iter().filter(|f| !f.bodies_pending) {
        let mut ups: Vec<&str> = implementing(f).map(|a| a.target.id.as_str()).collect();
        ups.sort_unstable();
        ups.dedup();
        out.extend(ups.into_iter().filter_map(|up| changed_in(lock, f, up)));
    }
    out.sort_by(|a, b| (a.upstream, a.path).cmp(&(b.upstream, b.path)));
    out
}

/// The changed code links of one upstream item (for its hover).
pub fn changed_below<'g>(graph: &'g Graph, lock: &Lock, upstream: &str) -> Vec<Changed<'g>> {
    let mut files: Vec<&'g FileFacts> = graph
        .annotations_to(upstream)
        .filter(|(f, a)| a.kind == AnnotationKind::Implements && !f.bodies_pending)
        .map(|(f, _)| f)
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    files
        .into_iter()
        .filter_map(|f| changed_in(lock, f, upstream))
        .collect()
}

/// The `Implements:` annotations of a file that have a body fingerprint.
fn implementing(facts: &FileFacts) -> impl Iterator<Item = &Annotation> {
    facts
        .annotations
        .iter()
        .filter(|a| a.kind == AnnotationKind::Implements && a.body.is_some())
}

/// The link from `facts`' file to `upstream`, if the lock has its bodies and one of the
/// file's definitions implementing it now has another (one annotation per definition).
fn changed_in<'g>(lock: &Lock, facts: &'g FileFacts, upstream: &str) -> Option<Changed<'g>> {
    let path = facts.path.as_str();
    let reviewed = lock.bodies(upstream, path)?;
    lock.get(upstream, path)?;
    let mut seen = HashSet::new();
    let definitions: Vec<&Annotation> = implementing(facts)
        .filter(|a| a.target.id == upstream)
        .filter(|a| {
            a.body
                .is_some_and(|b| !reviewed.contains(&b) && seen.insert(b))
        })
        .collect();
    let first = definitions.first()?;
    Some(Changed {
        upstream: &first.target.id,
        path,
        definitions,
    })
}

/// Whether `check` must know the file's bodies: the lock has body fingerprints for one
/// of its `Implements:` links, and the file's bytes are not those they were recorded at.
pub fn lock_needs_bodies(lock: &Lock, facts: &FileFacts) -> bool {
    !lock.bodies.is_empty()
        && !lock.file_unchanged(&facts.path, facts.content_hash)
        && facts.annotations.iter().any(|a| {
            a.kind == AnnotationKind::Implements && lock.bodies(&a.target.id, &facts.path).is_some()
        })
}

/// Computes the body fingerprints of the files that still lack them and that `wanted`
/// picks: one parse each (in parallel), then the facts are swapped in place like
/// `check`'s symbol resolution does. A file that changed on disk since it was read keeps
/// its pending bodies, so no finding mixes two versions of it. Returns how many files
/// were parsed.
/// Implements: REQ-DRIFT-CODE
pub fn fill_bodies(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    graph: &mut Graph,
    wanted: impl Fn(&FileFacts) -> bool + Sync,
) -> usize {
    let pending: Vec<usize> = (0..graph.files.len())
        .filter(|&i| graph.files[i].bodies_pending && wanted(&graph.files[i]))
        .collect();
    if pending.is_empty() {
        return 0;
    }
    let scanner = IdScanner::new(&graph.config.prefixes());
    let config = &graph.config;
    let files = &graph.files;
    let filled: Vec<(usize, FileFacts)> = pending
        .par_iter()
        .filter_map(|&i| Some((i, with_bodies(read, &files[i], config, &scanner)?)))
        .collect();
    for (i, facts) in filled {
        graph.replace_symbols(i, facts);
    }
    pending.len()
}

/// The facts of one fast-path file with every `Implements:` body computed: from a parse
/// for the annotations' comments, or else a full extraction of the file.
fn with_bodies(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    old: &FileFacts,
    config: &crate::config::Config,
    scanner: &IdScanner,
) -> Option<FileFacts> {
    let data = read(&old.path)?;
    let FileKind::Code(lang) = workspace::kind_for_path(&old.path) else {
        return None;
    };
    let text = String::from_utf8_lossy(&data);
    let mut facts = old.clone();
    let implements = |a: &Annotation| a.kind == AnnotationKind::Implements;
    if code::resolve_symbols(&text, lang, scanner, &mut facts, implements).is_ok()
        && !facts.bodies_pending
    {
        return Some(facts);
    }
    match workspace::index_bytes(&old.path, &data, config, scanner) {
        Outcome::Facts(f, _) => Some(f),
        _ => None,
    }
}
