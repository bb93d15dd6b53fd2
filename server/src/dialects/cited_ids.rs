//! Completion of Spec Kit and OpenSpec IDs where code cites them: `Implements: FR-0`
//! offers the feature's functional requirements and success criteria, and
//! `Verifies: openspec:au` the OpenSpec requirements. A Spec Kit ID is inserted bare when
//! the feature is decided (the file's own feature, a `specs/<feature>` path above the
//! cursor, `<feature>/` typed, or the only feature) and qualified (`001-albums/FR-001`)
//! otherwise, which is how `dialects::resolve` reads it back.

use super::{class_of, split, OPENSPEC, SPECKIT, SPECKIT_CRITERION, SPECKIT_REQUIREMENT};
use crate::features::completion::Candidate;
use crate::graph::Graph;

/// Candidates and the length of the partial token before the cursor, or `None` where no
/// Spec Kit or OpenSpec citation is being written.
/// Implements: REQ-DIALECT-SPECKIT, REQ-DIALECT-OPENSPEC
pub fn complete(
    graph: &Graph,
    rel: &str,
    before_cursor: &str,
    line_before: &str,
) -> Option<(Vec<Candidate>, usize)> {
    let token_len = line_before.len()
        - line_before
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || ":/_.-".contains(c))
            .len();
    let token = &line_before[line_before.len() - token_len..];
    let speckit_folder = graph.config.speckit_folder.as_deref();
    let own_feature = speckit_folder
        .and_then(|f| super::speckit::spec_file(rel, f))
        .map(|(feature, _)| feature);
    let cites = crate::sources::annotations::first_keyword(line_before).is_some();
    if !(cites || own_feature.is_some()) {
        return None;
    }
    if graph.config.openspec_folder.is_some() && token.len() >= 4 {
        let scheme = format!("{OPENSPEC}:");
        if scheme.starts_with(token) || token.starts_with(&scheme) {
            return Some((openspec(graph, token), token_len));
        }
    }
    let folder = speckit_folder?;
    let (qualifier, local) = match token.rsplit_once('/') {
        Some((q, l)) => (Some(q.rsplit('/').next().unwrap_or(q)), l),
        None => (None, token),
    };
    if !(local.starts_with("FR") || local.starts_with("SC")) {
        return None;
    }
    let decided = qualifier
        .or(own_feature)
        .map(str::to_string)
        .or_else(|| named_path(before_cursor, folder))
        .or_else(|| only_feature(graph));
    let mut out: Vec<Candidate> = graph
        .all_definitions()
        .filter_map(|(_, d)| {
            let (dialect, feature, id) = split(&d.id)?;
            let class = class_of(&d.id)?;
            let wanted = dialect == SPECKIT
                && (class == SPECKIT_REQUIREMENT || class == SPECKIT_CRITERION)
                && decided.as_deref().is_none_or(|f| f == feature)
                && id.starts_with(local);
            wanted.then(|| Candidate {
                id: match decided {
                    Some(_) => id.to_string(),
                    None => format!("{feature}/{id}"),
                },
                title: d.title.clone(),
                layer: Some(class.to_string()),
                rank: 0,
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    Some((out, local.len()))
}

/// OpenSpec requirements (not scenarios) whose canonical ID starts with `typed`.
fn openspec(graph: &Graph, typed: &str) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = graph
        .all_definitions()
        .filter(|(_, d)| d.id.starts_with(typed))
        .filter_map(|(_, d)| {
            let class = class_of(&d.id)?;
            (class == super::OPENSPEC_REQUIREMENT).then(|| Candidate {
                id: d.id.clone(),
                title: d.title.clone(),
                layer: Some(class.to_string()),
                rank: 0,
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// The feature of the last `<folder>/<feature>` path before the cursor.
fn named_path(before: &str, folder: &str) -> Option<String> {
    let needle = format!("{folder}/");
    let p = before.rfind(&needle)?;
    let rest = &before[p + needle.len()..];
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
        .count();
    let name = rest[..len].trim_end_matches('.');
    (!name.is_empty()).then(|| name.to_string())
}

fn only_feature(graph: &Graph) -> Option<String> {
    let mut features: Vec<&str> = graph
        .defined_ids()
        .filter_map(|id| split(id).filter(|s| s.0 == SPECKIT).map(|s| s.1))
        .collect();
    features.sort_unstable();
    features.dedup();
    (features.len() == 1).then(|| features[0].to_string())
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-SPECKIT
    use super::*;

    #[test]
    fn a_path_above_the_cursor_names_the_feature() {
        let before = "# See specs/001-albums/spec.md\n# Implements: FR";
        assert_eq!(named_path(before, "specs").as_deref(), Some("001-albums"));
        assert_eq!(named_path("# Implements: FR", "specs"), None);
    }
}
