//! Completion of Kiro criteria where they are cited: after `Validates: Requirements` in
//! code and tests, and after `_Requirements:` or `**Validates: Requirements**` in a
//! tasks.md or design.md. Candidates are the criteria of the feature in view, inserted
//! as Kiro writes them (`1.2`).

use super::refs::after_requirements_keyword;
use super::{class_of, split, KIRO, KIRO_CRITERION};
use crate::features::completion::Candidate;
use crate::graph::Graph;

/// Candidates and the length of the partial number before the cursor, or `None` where
/// no Kiro citation is being written.
/// Implements: REQ-DIALECT-KIRO
pub fn complete(
    graph: &Graph,
    rel: &str,
    before_cursor: &str,
    line_before: &str,
) -> Option<(Vec<Candidate>, usize)> {
    let folder = graph.config.kiro_folder.as_deref()?;
    let at = after_requirements_keyword(line_before)?;
    let head = line_before[..at]
        .trim_start()
        .trim_start_matches(['-', '*', ' ', '_', '/', '#']);
    if !(head.contains("Validates") || head.starts_with("Requirement")) {
        return None;
    }
    let list = &line_before[at..];
    if !list
        .chars()
        .all(|c| c.is_ascii_digit() || ".,-– ".contains(c))
    {
        return None;
    }
    let partial = list.len()
        - list
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    let typed = &list[list.len() - partial..];
    let feature = feature_in_view(graph, rel, folder, before_cursor)?;
    let mut out: Vec<(Vec<u32>, Candidate)> = graph
        .all_definitions()
        .filter_map(|(_, d)| {
            let (dialect, f, local) = split(&d.id)?;
            let ok = dialect == KIRO
                && f == feature
                && class_of(&d.id) == Some(KIRO_CRITERION)
                && local.starts_with(typed);
            ok.then(|| {
                let key = local.split('.').filter_map(|n| n.parse().ok()).collect();
                let candidate = Candidate {
                    id: local.to_string(),
                    title: d.title.clone(),
                    layer: Some(KIRO_CRITERION.to_string()),
                    rank: 0,
                };
                (key, candidate)
            })
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.dedup_by(|a, b| a.1.id == b.1.id);
    Some((out.into_iter().map(|(_, c)| c).collect(), partial))
}

/// The feature a citation at the cursor belongs to: the spec file's own feature, else the
/// last `Feature:` or `.kiro/specs/<feature>` above the cursor, else the only feature.
fn feature_in_view<'g>(graph: &'g Graph, rel: &str, folder: &str, before: &str) -> Option<String> {
    if let Some((feature, _)) = super::kiro::specs::spec_file(rel, folder) {
        return Some(feature.to_string());
    }
    let named = |needle: &str| {
        before.rfind(needle).map(|p| {
            let rest = before[p + needle.len()..].trim_start_matches([' ', '*', '`']);
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
                .count();
            (p, rest[..len].trim_end_matches('.').to_string())
        })
    };
    let path = format!("{folder}/");
    let chosen = match (named("Feature:"), named(&path)) {
        (Some(a), Some(b)) => Some(if a.0 > b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|x| x.1),
    };
    if let Some(f) = chosen.filter(|f| !f.is_empty()) {
        return Some(f);
    }
    let mut features = graph
        .defined_ids()
        .filter_map(|id| split(id).filter(|s| s.0 == KIRO).map(|s| s.1))
        .collect::<Vec<&'g str>>();
    features.sort_unstable();
    features.dedup();
    (features.len() == 1).then(|| features[0].to_string())
}
