//! `done-unverified`: a dialect task marked done whose evidence is missing.

use super::Draft;
use crate::catalog;
use crate::dialects::{self, KIRO_CRITERION, KIRO_REQUIREMENT};
use crate::facts::{AnnotationKind, TaskState};
use crate::graph::Graph;
use crate::ids::prefix_of;

/// Implements: REQ-DIALECT-CHECKS
/// For each task ticked done and not optional: a file it names that does not exist
/// (relative to the workspace root or to its feature's folder), or criteria it cites of
/// which no test verifies any.
pub fn check(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    for f in &graph.files {
        for task in &f.tasks {
            if task.state != TaskState::Done || task.optional {
                continue;
            }
            let shown = dialects::display(&task.id).unwrap_or_else(|| task.id.clone());
            if let Some(root) = &graph.root {
                let missing: Vec<&(String, crate::text::Range)> = task
                    .files
                    .iter()
                    .filter(|(p, _)| !exists(root, &task.folder, p))
                    .collect();
                if let Some((first, range)) = missing.first() {
                    let names: Vec<String> =
                        missing.iter().map(|(p, _)| format!("`{p}`")).collect();
                    let draft = Draft::new(
                        f,
                        task.range,
                        format!(
                            "{shown} is marked done, but {} {} not exist",
                            names.join(", "),
                            if names.len() == 1 { "does" } else { "do" }
                        ),
                    )
                    .help(format!(
                        "create `{first}`, fix the path, or untick the task"
                    ))
                    .related(f, *range, "named here");
                    emit(catalog::DONE_UNVERIFIED, draft);
                    continue;
                }
            }
            let cited: Vec<&str> = graph
                .links_from(&task.id)
                .map(|(_, l)| l.to.id.as_str())
                .filter(|id| {
                    [KIRO_CRITERION, KIRO_REQUIREMENT].contains(&prefix_of(id))
                        && graph.is_defined(id)
                })
                .collect();
            if !cited.is_empty()
                && !cited
                    .iter()
                    .any(|c| graph.has_coverage(c, AnnotationKind::Verifies))
            {
                let list: Vec<String> = cited
                    .iter()
                    .take(6)
                    .map(|c| dialects::display(c).unwrap_or_else(|| c.to_string()))
                    .collect();
                let mut draft = Draft::new(
                    f,
                    task.range,
                    format!(
                        "{shown} is marked done, but no test verifies anything it cites ({})",
                        list.join(", ")
                    ),
                )
                .help("annotate a test with a `Validates: Requirements …` comment, or untick the task");
                if let Some((df, d)) = graph.definition(cited[0]) {
                    draft = draft.related(df, d.range, "cited criterion");
                }
                emit(catalog::DONE_UNVERIFIED, draft);
            }
        }
    }
}

/// Whether a file a task names exists: relative to the workspace root, to the feature's
/// folder, or (as C and C++ specs name headers by their include path) below `include/`
/// or `src/`.
fn exists(root: &std::path::Path, folder: &str, path: &str) -> bool {
    [root.join(path), root.join(folder).join(path)]
        .into_iter()
        .chain(["include", "src"].map(|d| root.join(d).join(path)))
        .any(|p| p.exists())
}
