//! The check fast path (comment lexer, symbols resolved only for what is reported) must
//! give byte-identical reports to the full tree-sitter parse (`THROUGHLINE_FULL_PARSE=1`)
//! on every workspace we have: each fixture, the demo, this repository and a generated
//! benchmark workspace with string-literal decoys.

// Verifies: REQ-FAST-CHECK
use super::common::{fixture, repo_path};
use std::path::{Path, PathBuf};
use std::process::Command;

fn report(dir: &Path, format: &str, full_parse: bool) -> (Option<i32>, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_throughline"));
    cmd.args(["check", ".", "--format", format, "--color", "never"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("THROUGHLINE_FULL_PARSE");
    if full_parse {
        cmd.env("THROUGHLINE_FULL_PARSE", "1");
    }
    let out = cmd.output().expect("the throughline binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[track_caller]
pub fn assert_same_reports(dir: &Path) {
    for format in ["json", "human"] {
        let fast = report(dir, format, false);
        let full = report(dir, format, true);
        assert!(
            !fast.2.contains("panicked"),
            "{}: fast path panicked: {}",
            dir.display(),
            fast.2
        );
        assert_eq!(
            fast,
            full,
            "{} ({format}): the fast path's report differs from the full parse's",
            dir.display()
        );
    }
}

/// Every workspace under `tests/fixtures` (the contract fixtures are one per framework).
fn fixture_workspaces() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixture("")).unwrap().flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "contracts") {
            for sub in std::fs::read_dir(&path).unwrap().flatten() {
                if sub.path().is_dir() {
                    out.push(sub.path());
                }
            }
        }
        out.push(path);
    }
    out.sort();
    out
}

#[test]
fn fast_path_reports_equal_full_parse_on_fixtures_demo_and_repo() {
    let mut dirs = fixture_workspaces();
    assert!(dirs.len() > 10, "fixtures not found: {dirs:?}");
    dirs.push(repo_path("examples/payments"));
    dirs.push(repo_path("."));
    for dir in dirs {
        assert_same_reports(&dir);
    }
}

#[test]
fn fast_path_reports_equal_full_parse_on_a_generated_workspace() {
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").output().is_ok());
    let Some(python) = python else {
        eprintln!("skipped: no Python to run bench/gen_workspace.py");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let status = Command::new(python)
        .arg(repo_path("bench/gen_workspace.py"))
        .arg(&ws)
        .args(["--files", "400", "--reqs", "300", "--annotations", "2500"])
        .output()
        .expect("the generator runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_same_reports(&ws);
}
