//! ID completion after `Implements:`, `Verifies:`, `Derives from:` and in comments/prose.

use crate::config::Need;
use crate::graph::Graph;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    pub layer: Option<String>,
    /// Lower sorts first.
    pub rank: u8,
}

/// What the text before the cursor asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Implements,
    Verifies,
    DerivesFrom,
    /// Anywhere else: any ID, but only once the user typed part of one.
    Free,
}

/// Splits the line before the cursor into the context and the partial ID being typed.
pub fn context(line_before: &str) -> (Context, &str) {
    let start = line_before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map_or(0, |i| {
            i + line_before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let partial = &line_before[start..];
    let lower = line_before[..start].to_ascii_lowercase();
    let keyword = [
        ("implements:", Context::Implements),
        ("@implements", Context::Implements),
        ("verifies:", Context::Verifies),
        ("@verifies", Context::Verifies),
        ("derives from:", Context::DerivesFrom),
    ]
    .iter()
    .filter_map(|(k, c)| lower.rfind(k).map(|i| (i + k.len(), *c)))
    .max_by_key(|(i, _)| *i);
    match keyword {
        // Only separators between the keyword and the partial ID: still in the list.
        Some((end, c)) if only_ids(&line_before[end..start]) => (c, partial),
        _ => (Context::Free, partial),
    }
}

/// Only IDs, separators and "and" between the keyword and the partial ID.
fn only_ids(between: &str) -> bool {
    between
        .split(|c: char| c.is_whitespace() || c == ',')
        .all(|w| {
            w.is_empty()
                || w.eq_ignore_ascii_case("and")
                || w.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Implements: REQ-LSP-EDITING
/// Candidates for the cursor context. `item_layer` is the layer of the Markdown item
/// being edited, for `Derives from:` (its allowed upstream layers rank first).
pub fn complete(
    graph: &Graph,
    line_before: &str,
    item_layer: Option<&str>,
    limit: usize,
) -> Vec<Candidate> {
    let (ctx, partial) = context(line_before);
    if ctx == Context::Free && partial.len() < 2 {
        return Vec::new();
    }
    let upper = partial.to_ascii_uppercase();
    let config = &graph.config;
    let wanted_upstream: Vec<&str> = item_layer
        .and_then(|l| config.layer_by_name(l))
        .map(|l| l.derives_from.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut out: Vec<Candidate> = graph
        .all_definitions()
        .filter(|(_, d)| d.id.starts_with(&upper) || (!upper.is_empty() && d.id.contains(&upper)))
        .map(|(_, d)| {
            let layer = config.layer_of(&d.id);
            let rank = match (ctx, layer) {
                (Context::Implements, Some(l)) if l.needs.contains(&Need::Implementation) => 0,
                (Context::Verifies, Some(l)) if l.needs.contains(&Need::Test) => 0,
                (Context::DerivesFrom, Some(l)) if wanted_upstream.contains(&l.name.as_str()) => 0,
                _ => 1,
            };
            Candidate {
                id: d.id.clone(),
                title: d.title.clone(),
                layer: layer.map(|l| l.name.clone()),
                rank,
            }
        })
        .collect();
    out.sort_by_key(|c| (c.rank, natural_key(&c.id)));
    out.dedup_by(|a, b| a.id == b.id);
    out.truncate(limit);
    out
}

/// Sorts `REQ-2` before `REQ-10`.
fn natural_key(id: &str) -> Vec<(String, u64)> {
    id.split('-')
        .map(|g| {
            (
                g.trim_start_matches(|c: char| c.is_ascii_digit())
                    .to_string(),
                g.parse().unwrap_or(0),
            )
        })
        .collect()
}

// Verifies: REQ-LSP-EDITING
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        assert_eq!(
            context("// Implements: REQ-"),
            (Context::Implements, "REQ-")
        );
        assert_eq!(
            context("// Implements: REQ-1, R"),
            (Context::Implements, "R")
        );
        assert_eq!(context("  \"\"\"Verifies: "), (Context::Verifies, ""));
        assert_eq!(
            context("Derives from: BRIEF-1, "),
            (Context::DerivesFrom, "")
        );
        assert_eq!(context("see RE"), (Context::Free, "RE"));
        assert_eq!(
            context("// Implements: REQ-1 because x"),
            (Context::Free, "x")
        );
        assert_eq!(context("é REQ"), (Context::Free, "REQ"));
    }

    #[test]
    fn natural_order() {
        let mut v = vec!["REQ-10", "REQ-2", "REQ-1"];
        v.sort_by_key(|s| natural_key(s));
        assert_eq!(v, ["REQ-1", "REQ-2", "REQ-10"]);
    }
}
