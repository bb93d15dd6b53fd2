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
            let found = |p: &str| match (&graph.paths, &graph.root) {
                (Some(paths), _) => exists_in(paths, &task.folder, p),
                (None, Some(root)) => exists(root, &task.folder, p),
                (None, None) => true,
            };
            if graph.paths.is_some() || graph.root.is_some() {
                let missing: Vec<&(String, crate::text::Range)> =
                    task.files.iter().filter(|(p, _)| !found(p)).collect();
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

/// Whether a file a task names exists: relative to the workspace root or to the feature's
/// folder, or as the end of a path in the workspace. Specs name files relative to a
/// package (`routers/dbs.py` for `backend/app/routers/dbs.py`) and headers by their
/// include path (`raft/oscore.hpp` for `include/raft/oscore.hpp`).
fn exists(root: &std::path::Path, folder: &str, path: &str) -> bool {
    if root.join(path).exists() || root.join(folder).join(path).exists() {
        return true;
    }
    let suffix = format!("/{path}");
    workspace_files(root).iter().any(|f| f.ends_with(&suffix))
}

/// `exists` over a list of the workspace's files (the tree of a base revision).
fn exists_in(paths: &[String], folder: &str, path: &str) -> bool {
    let path = path.trim_start_matches("./");
    let joined = format!("{}/{path}", folder.trim_end_matches('/'));
    let suffix = format!("/{path}");
    let dir = format!("{path}/");
    paths
        .iter()
        .any(|f| f == path || *f == joined || f.ends_with(&suffix) || f.starts_with(&dir))
}

/// Every file of the workspace (as `ignore` walks it: `.gitignore` applies, hidden files
/// and links are skipped), walked at most once per 10 seconds per root, and only when a
/// done task names a file that is not where it says: the language server rebuilds on
/// every edit.
fn workspace_files(root: &std::path::Path) -> std::sync::Arc<Vec<String>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    use std::time::{Duration, Instant};
    type Cache = Mutex<HashMap<std::path::PathBuf, (Instant, Arc<Vec<String>>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, files)) = map.get(root) {
        if at.elapsed() < Duration::from_secs(10) {
            return files.clone();
        }
    }
    let files: Vec<String> = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .take(200_000)
        .map(|e| {
            e.path()
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/")
        })
        .collect();
    let files = Arc::new(files);
    map.insert(root.to_path_buf(), (Instant::now(), files.clone()));
    files
}

/// Implements: REQ-DIALECT-OPENSPEC
/// `removed-by-change`: code that cites an OpenSpec requirement a pending change removes,
/// on the citation, with the removal as related location.
pub fn removals(graph: &Graph, emit: &mut impl FnMut(&'static str, Draft)) {
    for f in graph.files.iter().filter(|f| !f.removals.is_empty()) {
        let change = f
            .path
            .split("/changes/")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("a pending change");
        for occ in &f.removals {
            let shown = dialects::display(&occ.id).unwrap_or_else(|| occ.id.clone());
            for (af, a) in graph.annotations_to(&occ.id) {
                let draft = Draft::new(
                    af,
                    a.target.range,
                    format!("cites {shown}, which the pending change `{change}` removes"),
                )
                .help("move this code to the requirement that replaces it, or remove it with the change")
                .related(f, occ.range, "removed here");
                emit(catalog::REMOVED_BY_CHANGE, draft);
            }
        }
    }
}
