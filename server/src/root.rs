//! Where a workspace starts: one rule for every command, the language server and the
//! editor plugins (README, "Finding the workspace").
//!
//! From a starting folder (a given path, or its folder when it is a file), walk up to the
//! nearest folder holding `throughline.toml`; failing that, the nearest holding `.git`;
//! failing that, the starting folder itself. An explicit root (`--root`) overrides it.

use crate::config::CONFIG_FILE;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a folder was chosen as the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// It holds `throughline.toml`.
    Config,
    /// It holds `.git` (a folder, or the file a worktree or submodule has), and no folder
    /// on the way up holds `throughline.toml`.
    Git,
    /// Nothing marks a root on the way up: the starting folder itself.
    Start,
    /// Given with `--root`.
    Explicit,
}

impl Marker {
    pub fn describe(self) -> &'static str {
        match self {
            Marker::Config => "holds throughline.toml",
            Marker::Git => "holds .git (no throughline.toml above the start)",
            Marker::Start => "no throughline.toml or .git above it",
            Marker::Explicit => "given with --root",
        }
    }
}

/// A workspace root, canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub marker: Marker,
}

/// Why no root could be had. Every one is a usage error (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootError {
    /// The path does not exist.
    Missing(PathBuf),
    /// `--root` names a file.
    RootIsFile(PathBuf),
    /// The path lies outside the root it must be inside.
    Outside { path: PathBuf, root: PathBuf },
    /// The path exists but cannot be resolved (permissions, a dangling link).
    Unreadable(PathBuf, String),
}

impl fmt::Display for RootError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RootError::Missing(p) => write!(f, "`{}` does not exist", p.display()),
            RootError::RootIsFile(p) => write!(
                f,
                "--root must be a directory, and `{}` is a file",
                p.display()
            ),
            RootError::Outside { path, root } => write!(
                f,
                "`{}` is outside the workspace {}",
                path.display(),
                root.display()
            ),
            RootError::Unreadable(p, e) => write!(f, "`{}`: {e}", p.display()),
        }
    }
}

impl std::error::Error for RootError {}

/// Implements: REQ-ROOT
/// The root for `start` (a file or a folder, which must exist) by the rule above.
pub fn discover(start: &Path) -> Result<Found, RootError> {
    let dir = start_dir(start)?;
    Ok(discover_from_dir(&dir))
}

/// The rule applied to a canonical folder that exists.
pub fn discover_from_dir(dir: &Path) -> Found {
    let ancestors = || dir.ancestors();
    if let Some(p) = ancestors().find(|a| a.join(CONFIG_FILE).is_file()) {
        return Found {
            path: p.to_path_buf(),
            marker: Marker::Config,
        };
    }
    if let Some(p) = ancestors().find(|a| a.join(".git").exists()) {
        return Found {
            path: p.to_path_buf(),
            marker: Marker::Git,
        };
    }
    Found {
        path: dir.to_path_buf(),
        marker: Marker::Start,
    }
}

/// An explicit root: it must exist and be a directory.
pub fn explicit(root: &Path) -> Result<Found, RootError> {
    let path = canonical(root)?;
    if !path.is_dir() {
        return Err(RootError::RootIsFile(root.to_path_buf()));
    }
    Ok(Found {
        path,
        marker: Marker::Explicit,
    })
}

/// The root for a command: `--root` when given, else discovered from `start` (or the
/// current directory), plus `start`'s place inside it as a workspace-relative path
/// (`None` when `start` is the root itself or not given).
pub fn locate(
    explicit_root: Option<&Path>,
    start: Option<&Path>,
) -> Result<(Found, Option<String>), RootError> {
    let found = match (explicit_root, start) {
        (Some(r), _) => explicit(r)?,
        (None, Some(s)) => discover(s)?,
        (None, None) => discover(Path::new("."))?,
    };
    let scope = match start {
        // With `--root`, a relative path is taken from the current directory when it names
        // something inside the root there, else from the root.
        Some(s) if explicit_root.is_some() && s.is_relative() => {
            match relative_to(&found.path, s) {
                Ok(rel) => rel,
                Err(_) if found.path.join(s).exists() => {
                    relative_to(&found.path, &found.path.join(s))?
                }
                Err(e) => return Err(e),
            }
        }
        Some(s) => relative_to(&found.path, s)?,
        None => None,
    };
    Ok((found, scope))
}

/// `path`, which must exist, as a path relative to `root` (`None` for the root itself).
pub fn relative_to(root: &Path, path: &Path) -> Result<Option<String>, RootError> {
    let abs = canonical(path)?;
    let rel = abs.strip_prefix(root).map_err(|_| RootError::Outside {
        path: path.to_path_buf(),
        root: root.to_path_buf(),
    })?;
    let s = rel
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/");
    Ok((!s.is_empty()).then_some(s))
}

/// Whether workspace-relative `path` lies in `scope` (a file, or a folder and below).
pub fn in_scope(scope: &str, path: &str) -> bool {
    path == scope
        || path
            .strip_prefix(scope)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn canonical(path: &Path) -> Result<PathBuf, RootError> {
    path.canonicalize().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            RootError::Missing(path.to_path_buf())
        } else {
            RootError::Unreadable(path.to_path_buf(), e.to_string())
        }
    })
}

fn start_dir(start: &Path) -> Result<PathBuf, RootError> {
    let abs = canonical(start)?;
    if abs.is_dir() {
        return Ok(abs);
    }
    // A file starts from its folder; a canonical file path always has one.
    Ok(abs.parent().map_or(abs.clone(), Path::to_path_buf))
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-ROOT
    use super::*;
    use std::fs;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in ["repo/ws/a/b", "repo/plain/c", "loose/d"] {
            fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        fs::create_dir(dir.path().join("repo/.git")).unwrap();
        fs::write(dir.path().join("repo/ws/throughline.toml"), "").unwrap();
        fs::write(dir.path().join("repo/ws/a/b/file.md"), "# x\n").unwrap();
        dir
    }

    fn canon(p: PathBuf) -> PathBuf {
        p.canonicalize().unwrap()
    }

    #[test]
    fn the_nearest_config_wins_then_git_then_the_start() {
        let t = tree();
        let base = t.path();
        let ws = canon(base.join("repo/ws"));
        let f = discover(&base.join("repo/ws/a/b")).unwrap();
        assert_eq!((f.path, f.marker), (ws.clone(), Marker::Config));
        let f = discover(&base.join("repo/ws/a/b/file.md")).unwrap();
        assert_eq!(f.path, ws, "a file starts from its folder");
        let f = discover(&base.join("repo/plain/c")).unwrap();
        assert_eq!((f.path, f.marker), (canon(base.join("repo")), Marker::Git));
        let d = canon(base.join("loose/d"));
        assert!(
            !d.ancestors()
                .any(|a| a.join(CONFIG_FILE).is_file() || a.join(".git").exists()),
            "the temporary folder must lie outside every workspace (set TMPDIR)"
        );
        let f = discover(&d).unwrap();
        assert_eq!((f.path, f.marker), (d, Marker::Start));
    }

    #[test]
    fn a_git_file_marks_a_root_too() {
        let t = tree();
        fs::write(t.path().join("repo/plain/.git"), "gitdir: elsewhere\n").unwrap();
        let f = discover(&t.path().join("repo/plain/c")).unwrap();
        assert_eq!(f.path, canon(t.path().join("repo/plain")));
    }

    #[test]
    fn explicit_roots_and_scopes() {
        let t = tree();
        let base = t.path();
        let file = base.join("repo/ws/a/b/file.md");
        assert!(matches!(explicit(&file), Err(RootError::RootIsFile(_))));
        assert!(matches!(
            explicit(&base.join("nope")),
            Err(RootError::Missing(_))
        ));
        let (found, scope) = locate(Some(&base.join("repo")), Some(&file)).unwrap();
        assert_eq!(found.marker, Marker::Explicit);
        assert_eq!(scope.as_deref(), Some("ws/a/b/file.md"));
        let err = locate(Some(&base.join("repo/ws")), Some(&base.join("loose"))).unwrap_err();
        assert!(matches!(err, RootError::Outside { .. }), "{err}");
        let (found, scope) = locate(None, Some(&base.join("repo/ws"))).unwrap();
        assert_eq!((found.marker, scope), (Marker::Config, None));
    }

    #[test]
    fn scopes_match_whole_components() {
        assert!(in_scope("docs", "docs/prd.md"));
        assert!(in_scope("docs/prd.md", "docs/prd.md"));
        assert!(!in_scope("doc", "docs/prd.md"));
        assert!(!in_scope("docs/prd.md", "docs/prd.md.bak"));
    }
}
