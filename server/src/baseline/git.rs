//! The workspace as it was at a revision, read from the repository's object database
//! in-process with `gix` (never the `git` binary, which could run a repository's
//! configured commands, and is not needed in CI images).

use super::ignore::{TreeIgnores, IGNORE_ROOT};
use gix::bstr::ByteSlice;
use gix::ObjectId;
use std::path::{Path, PathBuf};

/// Why the base revision cannot be read: always a usage error (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// No repository holds the workspace.
    NotARepository(PathBuf),
    /// The revision names nothing in the repository.
    UnknownRevision { rev: String, detail: String },
    /// The revision lies beyond the history a shallow clone holds.
    Shallow { rev: String },
    /// The repository or one of its objects cannot be read.
    Read(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NotARepository(root) => write!(
                f,
                "--base needs a git repository, and {} is not inside one",
                root.display()
            ),
            GitError::UnknownRevision { rev, detail } => {
                write!(f, "unknown revision `{rev}`: {detail}")
            }
            GitError::Shallow { rev } => write!(
                f,
                "revision `{rev}` is missing from this shallow clone: its history is cut off before it \
                 (fetch more history, e.g. `git fetch --deepen=50` or `git fetch --unshallow`; in GitHub Actions, `fetch-depth: 0`)"
            ),
            GitError::Read(e) => write!(f, "cannot read the repository: {e}"),
        }
    }
}

/// One file of the workspace at the base revision.
#[derive(Debug, Clone)]
pub struct TreeFile {
    /// Relative to the workspace root, with `/` separators.
    pub path: String,
    pub oid: ObjectId,
}

/// The workspace's files at a revision, and the repository to read their contents from.
pub struct BaseTree {
    repo: gix::ThreadSafeRepository,
    /// The commit the revision resolved to.
    pub commit: ObjectId,
    /// Every regular file under the workspace at that commit (symbolic links and
    /// submodules are skipped, as the workspace walk skips them), before any filter.
    pub files: Vec<TreeFile>,
    /// `.gitignore` and `.ignore` rules of that tree, for the same filtering as the walk.
    pub ignores: TreeIgnores,
    by_path: std::collections::HashMap<String, ObjectId>,
}

/// The commit checked out in the repository holding `root`, if there is one (for
/// exports and report links); read as `open` reads, isolated.
pub fn head_commit(root: &Path) -> Option<String> {
    let trust = gix::sec::trust::Mapping {
        full: gix::open::Options::isolated(),
        reduced: gix::open::Options::isolated(),
    };
    let repo = gix::ThreadSafeRepository::discover_opts(root, Default::default(), trust).ok()?;
    resolve(&repo.to_thread_local(), "HEAD")
        .ok()
        .map(|id| id.to_string())
}

/// Opens the repository that holds `root` (the workspace root, canonical) and lists the
/// workspace's files at `rev`. Only the repository's own files are read: no system,
/// global or user configuration, no environment, no `git` process.
pub fn open(root: &Path, rev: &str) -> Result<BaseTree, GitError> {
    let trust = gix::sec::trust::Mapping {
        full: gix::open::Options::isolated(),
        reduced: gix::open::Options::isolated(),
    };
    let repo = gix::ThreadSafeRepository::discover_opts(root, Default::default(), trust)
        .map_err(|_| GitError::NotARepository(root.to_path_buf()))?;
    let local = repo.to_thread_local();
    let workdir = local
        .workdir()
        .ok_or_else(|| GitError::NotARepository(root.to_path_buf()))?;
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    // The workspace may be a folder of the repository (its throughline.toml below the
    // repository's root): tree paths are mapped by this prefix.
    let prefix = root
        .strip_prefix(&workdir)
        .map_err(|_| GitError::NotARepository(root.to_path_buf()))?;
    let prefix: Vec<String> = prefix
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let commit = resolve(&local, rev)?;
    let read = |e: gix::Error| GitError::Read(e.to_string());
    let tree = local
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|e| GitError::Read(format!("the tree of `{rev}` ({commit}): {e}")))?;
    let mut ignores = TreeIgnores::default();
    // Ignore files of the folders above the workspace apply too, as in the walk.
    let mut dir_tree = Some(tree);
    for depth in 0..prefix.len() {
        let Some(t) = dir_tree.take() else { break };
        for name in [".ignore", ".gitignore"] {
            if let Some(blob) = t
                .find_entry(name)
                .and_then(|e| local.find_blob(e.object_id()).ok())
            {
                ignores.add(&prefix[..depth].join("/"), name, &blob.data);
            }
        }
        dir_tree = t
            .find_entry(prefix[depth].as_str())
            .filter(|e| e.mode().is_tree())
            .and_then(|e| e.object().ok())
            .map(|o| o.into_tree());
    }
    if let Ok(exclude) = std::fs::read(local.git_dir().join("info").join("exclude")) {
        ignores.add(IGNORE_ROOT, "info/exclude", &exclude);
    }
    let base = prefix.join("/");
    let mut files = Vec::new();
    // `None`: the workspace folder did not exist at that revision, so it had no files.
    if let Some(workspace) = dir_tree {
        for e in workspace.traverse().breadthfirst.files().map_err(read)? {
            // Symbolic links and submodules are skipped: the walk does not follow them.
            if !e.mode.is_blob() {
                continue;
            }
            let path = e.filepath.to_str_lossy().into_owned();
            let (dir, name) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
            if name == ".gitignore" || name == ".ignore" {
                if let Ok(blob) = local.find_blob(e.oid) {
                    let full = if base.is_empty() || dir.is_empty() {
                        format!("{base}{dir}")
                    } else {
                        format!("{base}/{dir}")
                    };
                    ignores.add(&full, name, &blob.data);
                }
            }
            files.push(TreeFile { path, oid: e.oid });
        }
    }
    ignores.finish(&base);
    let by_path = files.iter().map(|f| (f.path.clone(), f.oid)).collect();
    Ok(BaseTree {
        repo,
        commit,
        files,
        ignores,
        by_path,
    })
}

/// The commit `rev` names (`HEAD~1`, a branch, a tag, a full or short hash).
fn resolve(repo: &gix::Repository, rev: &str) -> Result<ObjectId, GitError> {
    let found = repo
        .rev_parse_single(rev)
        .map_err(|e| e.to_string())
        .and_then(|id| {
            id.object()
                .and_then(|o| o.peel_to_commit())
                .map(|c| c.id)
                .map_err(|e| e.to_string())
        });
    let detail = match found {
        Ok(id) => return Ok(id),
        Err(detail) => detail,
    };
    let unknown = |detail: String| GitError::UnknownRevision {
        rev: rev.to_string(),
        detail,
    };
    // `HEAD~3`: the starting point resolves and the walk from it failed.
    let start = rev.find(['~', '^']).map_or(rev, |i| &rev[..i]);
    let walked_off = start.len() < rev.len()
        && repo
            .rev_parse_single(if start.is_empty() { "HEAD" } else { start })
            .is_ok();
    let is_hash = rev.len() >= 4 && rev.bytes().all(|b| b.is_ascii_hexdigit());
    if repo.is_shallow().unwrap_or(false) && (walked_off || is_hash) {
        return Err(GitError::Shallow {
            rev: rev.to_string(),
        });
    }
    Err(if walked_off {
        unknown(format!("the history of `{start}` has no such ancestor"))
    } else if is_hash {
        unknown("no object of the repository has this hash".into())
    } else {
        unknown(format!(
            "no branch, tag or commit of that name ({})",
            first_line(&detail)
        ))
    })
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}

impl BaseTree {
    /// The blob of a workspace-relative path at the revision.
    pub fn oid(&self, path: &str) -> Option<ObjectId> {
        self.by_path.get(path).copied()
    }

    /// A handle for reading blobs on one thread.
    pub fn reader(&self) -> Reader {
        let mut repo = self.repo.to_thread_local();
        // Most blobs are read once: a small object cache per thread is enough.
        repo.object_cache_size_if_unset(4 * 1024 * 1024);
        Reader { repo }
    }
}

/// Reads blobs of the base revision; one per thread (`gix::Repository` is not `Sync`).
pub struct Reader {
    repo: gix::Repository,
}

impl Reader {
    pub fn read(&self, oid: ObjectId) -> Result<Vec<u8>, String> {
        self.repo
            .find_blob(oid)
            .map(|mut b| b.take_data())
            .map_err(|e| e.to_string())
    }
}
