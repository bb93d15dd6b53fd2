//! Which findings a change introduced and which it fixed: the findings of now and of the
//! base revision, matched by a stable key instead of their line.
//!
//! A finding's key is its rule code, its file and its *subject*: the text its range
//! covers (the item ID of a heading, link or annotation; a route's path literal; a task's
//! line), or, for `untraced-code`, the definition's qualified name. None of these moves
//! when code moves, so a shifted line introduces nothing. Keys are counted as a
//! multiset: a second copy of a finding the base had once is new.

use crate::catalog;
use crate::diagnostics::Diagnostic;
use crate::graph::Graph;
use crate::output::Sources;
use rustc_hash::{FxHashMap, FxHashSet};

/// The findings of one side, with what identifies them.
pub struct Side<'a> {
    pub graph: &'a Graph,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: &'a mut Sources,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    code: &'static str,
    path: String,
    subject: String,
}

struct Keyed {
    key: Key,
    /// For `untraced-code`: the definition's body fingerprint. A finding whose body
    /// changed is new even though the base had one with the same key.
    version: Option<u64>,
    line: u32,
    diagnostic: Diagnostic,
}

/// What changed between the base revision and now.
#[derive(Debug, Default)]
pub struct Changes {
    /// Findings of now that the base did not have.
    pub new: Vec<Diagnostic>,
    /// Findings of the base that are gone now (positions are the base's).
    pub resolved: Vec<Diagnostic>,
}

/// Implements: REQ-GATE-BASE
/// Matches the findings of `now` against those of `base`.
pub fn compare(now: Side, base: Side) -> Changes {
    let now = keyed(now);
    let base = keyed(base);
    let (now_paired, base_paired) = pair(&now, &base);
    // Definitions still untraced whose body changed are reported as new, not also as
    // resolved.
    let still_untraced: FxHashSet<&Key> = now
        .iter()
        .filter(|k| k.version.is_some())
        .map(|k| &k.key)
        .collect();
    let resolved: Vec<bool> = base
        .iter()
        .enumerate()
        .map(|(b, k)| !base_paired[b] && !still_untraced.contains(&k.key))
        .collect();
    Changes {
        new: now
            .into_iter()
            .zip(now_paired)
            .filter(|(_, paired)| !paired)
            .map(|(k, _)| k.diagnostic)
            .collect(),
        resolved: base
            .into_iter()
            .zip(resolved)
            .filter(|(_, r)| *r)
            .map(|(k, _)| k.diagnostic)
            .collect(),
    }
}

/// Pairs each finding of now with one of the base with the same key (and version), as
/// a multiset: which of each side found a partner.
fn pair(now: &[Keyed], base: &[Keyed]) -> (Vec<bool>, Vec<bool>) {
    let mut base_by_key: FxHashMap<&Key, Vec<usize>> = FxHashMap::default();
    for (i, b) in base.iter().enumerate() {
        base_by_key.entry(&b.key).or_default().push(i);
    }
    let mut now_by_key: FxHashMap<&Key, Vec<usize>> = FxHashMap::default();
    for (i, n) in now.iter().enumerate() {
        now_by_key.entry(&n.key).or_default().push(i);
    }
    let mut now_paired = vec![false; now.len()];
    let mut base_paired = vec![false; base.len()];
    for (key, now_ids) in &now_by_key {
        let Some(base_ids) = base_by_key.get(key) else {
            continue;
        };
        // Findings that did not move pair first, so that of two copies where one is
        // new, the one on a new line is the one reported.
        for same_line in [true, false] {
            for &n in now_ids {
                if now_paired[n] {
                    continue;
                }
                let partner = base_ids.iter().copied().find(|&b| {
                    !base_paired[b]
                        && base[b].version == now[n].version
                        && (!same_line || base[b].line == now[n].line)
                });
                if let Some(b) = partner {
                    now_paired[n] = true;
                    base_paired[b] = true;
                }
            }
        }
    }
    (now_paired, base_paired)
}

fn keyed(side: Side) -> Vec<Keyed> {
    let Side {
        graph,
        diagnostics,
        sources,
    } = side;
    diagnostics
        .into_iter()
        .map(|d| {
            let governed = (d.code == catalog::UNTRACED_CODE)
                .then(|| crate::governance::finding_identity(graph, &d))
                .flatten();
            let (subject, version) = match governed {
                Some((name, fingerprint)) => (name, Some(fingerprint)),
                None => (subject(sources, &d), None),
            };
            Keyed {
                key: Key {
                    code: d.code,
                    path: d.path.clone(),
                    subject,
                },
                version,
                line: d.range.start.line,
                diagnostic: d,
            }
        })
        .collect()
}

/// The text a finding's range covers on its first line, trimmed; empty when the file
/// cannot be read or the range is empty (file-level problems).
fn subject(sources: &mut Sources, d: &Diagnostic) -> String {
    let Some(line) = sources.line(&d.path, d.range.start.line) else {
        return String::new();
    };
    let start = (d.range.start.col as usize).min(line.len());
    let end = if d.range.end.line == d.range.start.line {
        (d.range.end.col as usize).clamp(start, line.len())
    } else {
        line.len()
    };
    line.get(start..end).unwrap_or("").trim().to_string()
}
