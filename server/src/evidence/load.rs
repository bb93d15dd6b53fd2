//! Finding and reading the results files: `--test-results` paths or globs (relative to
//! the current directory) and `[evidence] test-results` globs (relative to the
//! workspace). Each file is read on its own; one that cannot be used becomes a
//! [`Problem`] and the others still count.

use super::{junit, Case, Evidence, Problem};
use crate::config::Config;
use globset::{Glob, GlobBuilder, GlobMatcher};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Results files larger than this are not read (a JUnit file of 10,000 cases is ~2 MB).
pub const MAX_RESULTS_SIZE: u64 = 256 * 1024 * 1024;

/// A glob as results paths use it: `*` stays inside one folder, `**` crosses them.
pub fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

fn has_meta(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Loads the results for the workspace at `root`: `cli` (as given on the command line,
/// relative to the current directory) and the config's globs. `Evidence::given` is true
/// when a path was given on the command line or a configured glob found a file.
/// Implements: REQ-EVIDENCE-JUNIT
pub fn load(root: &Path, config: &Config, cli: &[PathBuf]) -> Evidence {
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
    let mut problems = Vec::new();
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for p in cli {
        let text = p.to_string_lossy();
        let abs = cwd.join(p);
        if has_meta(&text) {
            let matched = expand(&abs.to_string_lossy());
            if matched.is_empty() {
                problems.push(missing(&text, "no file matches this --test-results glob"));
            }
            found.extend(matched.into_iter().map(|m| {
                let shown = shown(root, &m, None);
                (m, shown)
            }));
        } else if abs.is_file() {
            let shown = shown(root, &abs, Some(&text));
            found.push((abs, shown));
        } else {
            problems.push(missing(&text, "no such file (--test-results)"));
        }
    }
    for g in &config.evidence.test_results {
        for m in expand(&root.join(g).to_string_lossy()) {
            let shown = shown(root, &m, None);
            found.push((m, shown));
        }
    }
    let given = !cli.is_empty() || !found.is_empty();
    // The same file named twice (a path and a glob) is read once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|(p, _)| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    let read: Vec<Result<Vec<Case>, Problem>> = found
        .par_iter()
        .map(|(path, shown)| read_one(path, shown))
        .collect();
    let mut evidence = Evidence {
        given,
        files: found.iter().map(|(_, s)| s.clone()).collect(),
        ..Default::default()
    };
    for r in read {
        match r {
            Ok(cases) => evidence.cases.extend(cases),
            Err(p) => problems.push(p),
        }
    }
    evidence.problems = problems;
    evidence
}

fn missing(path: &str, message: &str) -> Problem {
    Problem {
        path: path.to_string(),
        line: 0,
        column: 0,
        message: message.to_string(),
    }
}

/// Reads one results file into cases, or the problem that stops it.
pub fn read_one(path: &Path, shown: &str) -> Result<Vec<Case>, Problem> {
    let problem = |line, column, message: String| Problem {
        path: shown.to_string(),
        line,
        column,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| problem(0, 0, format!("cannot read: {e}")))?;
    if meta.len() > MAX_RESULTS_SIZE {
        return Err(problem(
            0,
            0,
            format!(
                "{} MB is larger than the {} MB read for a results file; split the report",
                meta.len() / (1024 * 1024),
                MAX_RESULTS_SIZE / (1024 * 1024)
            ),
        ));
    }
    let data = std::fs::read(path).map_err(|e| problem(0, 0, format!("cannot read: {e}")))?;
    let cases = junit::parse(&data).map_err(|e| problem(e.line, e.column, e.message))?;
    Ok(cases
        .into_iter()
        .map(|case| Case {
            case,
            results_file: shown.to_string(),
        })
        .collect())
}

/// How a results file is named in findings: workspace-relative when inside `root`, else
/// as given on the command line (or in full).
fn shown(root: &Path, path: &Path, given: Option<&str>) -> String {
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    match canon.strip_prefix(&canon_root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => given.map_or_else(|| path.to_string_lossy().into_owned(), str::to_string),
    }
}

/// The files an absolute glob matches, walking from its longest folder without glob
/// characters; no symlinks are followed, and ignore files do not apply (reports are
/// usually ignored).
fn expand(pattern: &str) -> Vec<PathBuf> {
    let pattern = pattern.replace('\\', "/");
    let Ok(matcher) = glob(&pattern).map(|g| g.compile_matcher()) else {
        return Vec::new();
    };
    let base: String = {
        let mut parts = Vec::new();
        for part in pattern.split('/') {
            if has_meta(part) {
                break;
            }
            parts.push(part);
        }
        parts.join("/")
    };
    let base = if base.is_empty() {
        "/".to_string()
    } else {
        base
    };
    if !has_meta(&pattern) {
        let p = PathBuf::from(&pattern);
        return if p.is_file() { vec![p] } else { Vec::new() };
    }
    walk(Path::new(&base), &matcher)
}

fn walk(base: &Path, matcher: &GlobMatcher) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(base)
        .standard_filters(false)
        .follow_links(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| matcher.is_match(p.to_string_lossy().replace('\\', "/")))
        .collect();
    out.sort();
    out
}

/// Whether a workspace-relative path is one of the configured results files (the
/// language server reloads the results when one changes).
pub fn is_results_file(config: &Config, rel: &str) -> bool {
    config
        .evidence
        .test_results
        .iter()
        .filter_map(|g| glob(g).ok())
        .any(|g| g.compile_matcher().is_match(rel))
}

// Verifies: REQ-EVIDENCE-JUNIT
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_file_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.xml");
        // Sparse: no disk space is used, and nothing is read.
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_RESULTS_SIZE + 1).unwrap();
        let e = read_one(&path, "huge.xml").unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("huge.xml", 0));
        assert!(
            e.message.contains("larger than the 256 MB"),
            "{}",
            e.message
        );
    }

    #[test]
    fn configured_globs_select_results_files_and_stay_in_one_folder_per_star() {
        let config =
            Config::parse("[evidence]\ntest-results = [\"reports/*.xml\"]\n", "t").unwrap();
        assert!(is_results_file(&config, "reports/junit.xml"));
        assert!(!is_results_file(&config, "reports/deep/junit.xml"));
        assert!(!is_results_file(&config, "src/junit.xml"));
    }

    #[test]
    fn globs_expand_below_their_literal_folder() {
        let dir = tempfile::tempdir().unwrap();
        for p in ["r/a.xml", "r/x/b.xml", "r/c.txt", "other/d.xml"] {
            let abs = dir.path().join(p);
            std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
            std::fs::write(abs, "<testsuites/>").unwrap();
        }
        let root = dir.path().to_string_lossy().replace('\\', "/");
        let names = |pattern: &str| -> Vec<String> {
            expand(&format!("{root}/{pattern}"))
                .iter()
                .map(|p| shown(dir.path(), p, None))
                .collect()
        };
        assert_eq!(names("r/**/*.xml"), ["r/a.xml", "r/x/b.xml"]);
        assert_eq!(names("r/*.xml"), ["r/a.xml"]);
        assert!(names("none/*.xml").is_empty());
    }
}
