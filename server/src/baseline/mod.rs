//! `check --base REV`: the gate on what a change introduces.
//!
//! - [`git`]: the workspace's files at REV, from the object database (`gix`);
//! - [`ignore`]: the `.gitignore`/`.ignore` rules of that tree;
//! - [`diff`]: findings of now and of REV matched by a stable key.
//!
//! The base side is indexed and checked exactly as the workspace is (the same
//! extraction on the blobs' bytes, the same rules), under the current
//! `throughline.toml`: the question is what the change did under today's policy, so a
//! rule turned on in the same change does not fail it for findings that were there
//! before, and both sides read the same set of files.

pub mod diff;
pub mod git;
pub mod ignore;

use crate::check::{self, Options, Run, State};
use crate::config::Config;
use crate::drift::{LockState, LOCK_FILE};
use crate::facts::FileFacts;
use crate::ids::IdScanner;
use crate::output::Sources;
use crate::workspace::{self, Counters, Extraction, IndexStats};
use git::{BaseTree, GitError};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// The base revision's run, and a way to read its files for the report.
pub struct Base {
    pub run: Run,
    pub tree: Arc<BaseTree>,
}

/// Implements: REQ-GATE-BASE
/// Reads the workspace at `rev` and checks it with `config` (the current one). A file
/// whose blob is the same as the workspace's (`now`, from `check::run_with_files`) is not
/// read again: its facts are those the workspace's copy gave, as the same bytes under the
/// same configuration give the same facts.
pub fn run_at(
    root: &Path,
    rev: &str,
    config: Arc<Config>,
    extraction: Extraction,
    options: Options,
    now: &check::Files,
) -> Result<Base, GitError> {
    let tree = Arc::new(git::open(root, rev)?);
    let allowed = config.dialect_folders();
    let selected: Vec<&git::TreeFile> = tree
        .files
        .iter()
        .filter(|f| {
            workspace::visible(&f.path, &allowed)
                && config.include.is_match(&f.path)
                && !config.exclude.is_match(&f.path)
                && !tree.ignores.is_ignored(&f.path)
        })
        .collect();
    let (same, changed): (Vec<&git::TreeFile>, Vec<&git::TreeFile>) = selected
        .iter()
        .partition(|f| now.ids.get(&f.path) == Some(&f.oid));
    let mut files: Vec<Arc<FileFacts>> = same
        .iter()
        .filter_map(|f| now.facts.get(&f.path).cloned())
        .collect();
    let scanner = IdScanner::new(&config.prefixes());
    let counters = Counters::default();
    let results: Vec<Result<Option<FileFacts>, String>> = changed
        .par_iter()
        .map_init(
            || tree.reader(),
            |reader, f| {
                reader
                    .read(f.oid)
                    .map(|data| counters.index(&f.path, &data, &config, &scanner, extraction))
                    .map_err(|e| format!("{} at {rev}: cannot read: {e}", f.path))
            },
        )
        .collect();
    let mut stats = IndexStats {
        files: selected.len() as u64,
        ..IndexStats::default()
    };
    for r in results {
        match r {
            Ok(Some(f)) => files.push(Arc::new(f)),
            Ok(None) => {}
            Err(e) => stats.walk_errors.push(e),
        }
    }
    counters.add_to(&mut stats);
    // Both sides join the same imports, as both use today's throughline.toml.
    files.extend(crate::imports::load(root, &config));
    let lock =
        read_file(&tree, LOCK_FILE).map_or(LockState::Missing, |b| LockState::from_bytes(&b));
    let state = State {
        lock,
        root: None,
        paths: Some(Arc::new(selected.iter().map(|f| f.path.clone()).collect())),
    };
    let read = |path: &str| read_file(&tree, path);
    tracing::debug!(
        files = selected.len(),
        read = changed.len(),
        "base revision indexed"
    );
    let run = check::finish(config, files, stats, state, options, &read);
    Ok(Base { run, tree })
}

/// A file's bytes at the base revision.
fn read_file(tree: &BaseTree, path: &str) -> Option<Vec<u8>> {
    tree.reader().read(tree.oid(path)?).ok()
}

impl Base {
    /// Sources that read the base revision's files, for keys and snippets.
    pub fn sources(&self, root: &Path) -> Sources {
        let tree = self.tree.clone();
        Sources::with_loader(root, Box::new(move |path| read_file(&tree, path)))
    }
}

impl Base {
    /// The findings `now` introduces against this revision and those it fixed, matched
    /// by stable keys; `base_sources` reads this revision's files (for the keys, and for
    /// the caller's snippets of the resolved findings). `now.diagnostics` is left empty.
    /// Shared by `check --base` and the MCP tool `check_changes`.
    pub fn compare(
        &mut self,
        now: &mut Run,
        now_sources: &mut Sources,
        base_sources: &mut Sources,
    ) -> diff::Changes {
        diff::compare(
            diff::Side {
                graph: &now.graph,
                diagnostics: std::mem::take(&mut now.diagnostics),
                sources: now_sources,
            },
            diff::Side {
                graph: &self.run.graph,
                diagnostics: std::mem::take(&mut self.run.diagnostics),
                sources: base_sources,
            },
        )
    }
}
