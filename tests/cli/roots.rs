//! One rule finds the workspace: every command run from a subfolder, from outside the
//! workspace and with `--root` sees the same workspace, and the errors are clear.
// Verifies: REQ-ROOT

use crate::common::{copy_dir, findings, fixture, run_in, Output};
use std::path::{Path, PathBuf};

/// `tmp/ws` is the chain-gaps fixture (findings in `docs/` and in `src/`) with an empty
/// `docs/deep/er` to start from; `tmp/outside` lies beside it.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&fixture("chain-gaps"), &ws);
    std::fs::create_dir_all(ws.join("docs/deep/er")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    (dir, ws)
}

fn ok(out: &Output) {
    assert!(
        out.code == 0 || out.code == 1,
        "exit {}:\n{}{}",
        out.code,
        out.stdout,
        out.stderr
    );
}

fn usage(out: &Output, says: &str) {
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains(says),
        "expected {says:?} in:\n{}",
        out.stderr
    );
}

fn json_findings(dir: &Path, args: &[&str]) -> Vec<(String, String, u64)> {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let out = run_in(dir, &all);
    ok(&out);
    findings(&out.stdout)
}

#[test]
fn check_finds_the_root_from_a_subfolder_from_outside_and_with_root() {
    let (dir, ws) = workspace();
    let whole = json_findings(&ws, &["check"]);
    assert!(whole.len() >= 2, "the fixture has gaps: {whole:?}");
    assert!(
        whole.iter().any(|f| f.1.starts_with("docs/"))
            && whole.iter().any(|f| !f.1.starts_with("docs/")),
        "findings in docs/ and elsewhere: {whole:?}"
    );
    // From two levels down with no path: the whole workspace, paths relative to its root.
    assert_eq!(json_findings(&ws.join("docs/deep/er"), &["check"]), whole);
    // From outside, naming the workspace.
    assert_eq!(json_findings(dir.path(), &["check", "ws"]), whole);
    assert_eq!(
        json_findings(&dir.path().join("outside"), &["check", "../ws"]),
        whole
    );
    // --root, before or after the command, from a folder that is not the workspace.
    assert_eq!(json_findings(dir.path(), &["--root", "ws", "check"]), whole);
    assert_eq!(
        json_findings(&dir.path().join("outside"), &["check", "--root", "../ws"]),
        whole
    );
}

#[test]
fn a_path_inside_the_workspace_reports_only_what_lies_there() {
    let (dir, ws) = workspace();
    let whole = json_findings(&ws, &["check"]);
    let in_docs: Vec<_> = whole
        .iter()
        .filter(|f| f.1.starts_with("docs/"))
        .cloned()
        .collect();
    assert_eq!(json_findings(dir.path(), &["check", "ws/docs"]), in_docs);
    assert_eq!(
        json_findings(&ws.join("src"), &["check", "../docs"]),
        in_docs
    );
    let prd: Vec<_> = whole
        .iter()
        .filter(|f| f.1 == "docs/prd.md")
        .cloned()
        .collect();
    assert!(!prd.is_empty(), "{whole:?}");
    assert_eq!(json_findings(dir.path(), &["check", "ws/docs/prd.md"]), prd);
    // With --root, the path is taken relative to the current directory or to the root,
    // even when the current directory has a folder of that name outside the root.
    assert_eq!(
        json_findings(dir.path(), &["check", "--root", "ws", "docs"]),
        in_docs
    );
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    assert_eq!(
        json_findings(dir.path(), &["check", "--root", "ws", "docs"]),
        in_docs
    );
    // The human report shows the same findings, each headed by its file.
    let human = run_in(dir.path(), &["check", "ws/docs/prd.md"]);
    ok(&human);
    let heads = human
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("--> "))
        .collect::<Vec<_>>();
    assert_eq!(heads.len(), prd.len(), "{}", human.stdout);
    assert!(
        heads.iter().all(|l| l.contains("docs/prd.md:")),
        "{}",
        human.stdout
    );
}

#[test]
fn review_status_trace_and_routes_work_from_anywhere() {
    let (dir, ws) = workspace();
    // review: the workspace as a path, a file inside it, and from a subfolder.
    let out = run_in(dir.path(), &["review", "ws", "--dry-run"]);
    ok(&out);
    assert!(out.stdout.contains("reviewed "), "{}", out.stdout);
    let whole = out.stdout.clone();
    let out = run_in(
        &dir.path().join("outside"),
        &["review", "../ws/docs/prd.md", "--dry-run"],
    );
    ok(&out);
    assert!(out.stdout.contains("reviewed "), "{}", out.stdout);
    assert_ne!(
        out.stdout, whole,
        "a file reviews fewer links than the workspace"
    );
    let out = run_in(&ws.join("docs/deep"), &["review", "--dry-run"]);
    assert_eq!(
        out.stdout, whole,
        "no target from a subfolder: the whole workspace"
    );
    let out = run_in(&ws.join("docs/deep"), &["review"]);
    ok(&out);
    assert!(
        ws.join("throughline.lock").is_file(),
        "the lock is written at the root"
    );
    assert!(!ws.join("docs/deep/throughline.lock").exists());
    // status, from outside and from a subfolder, is the same table.
    let a = run_in(dir.path(), &["status", "ws"]);
    let b = run_in(&ws.join("docs/deep/er"), &["status"]);
    ok(&a);
    assert_eq!(a.stdout, b.stdout);
    assert!(!a.stdout.trim().is_empty());
    // trace: the ID, then an optional path; --root too.
    let id = first_defined_id(&ws);
    let t1 = run_in(dir.path(), &["trace", &id, "ws"]);
    let t2 = run_in(&ws.join("src"), &["trace", &id]);
    let t3 = run_in(dir.path(), &["trace", &id, "--root", "ws"]);
    assert_eq!(t1.code, 0, "{}", t1.stderr);
    assert_eq!(t1.stdout, t2.stdout);
    assert_eq!(t1.stdout, t3.stdout);
    // routes: same list from outside and from within.
    let r1 = run_in(dir.path(), &["routes", "ws", "--format", "json"]);
    let r2 = run_in(&ws.join("docs"), &["routes", "--format", "json"]);
    assert_eq!(r1.code, 0, "{}", r1.stderr);
    assert_eq!(r1.stdout, r2.stdout);
}

/// The first item `check` knows, read from the fixture's PRD heading.
fn first_defined_id(ws: &Path) -> String {
    let prd = std::fs::read_to_string(ws.join("docs/prd.md")).unwrap();
    let heading = prd
        .lines()
        .find(|l| l.starts_with("## "))
        .expect("a heading");
    heading[3..].split(':').next().unwrap().trim().to_string()
}

#[test]
fn without_a_config_the_git_folder_or_the_start_is_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    copy_dir(&fixture("chain-gaps"), &repo.join("product"));
    std::fs::remove_file(repo.join("product/throughline.toml")).unwrap();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let from_git_root = json_findings(&repo, &["check"]);
    assert!(!from_git_root.is_empty());
    assert!(
        from_git_root.iter().all(|f| f.1.starts_with("product/")),
        "{from_git_root:?}"
    );
    // From inside, the .git folder above marks the root: same paths.
    assert_eq!(
        json_findings(&repo.join("product/docs"), &["check"]),
        from_git_root
    );
    // Without .git either, the starting folder is the root (if nothing above marks one).
    std::fs::remove_dir(repo.join(".git")).unwrap();
    let marked_above = repo
        .canonicalize()
        .unwrap()
        .ancestors()
        .any(|a| a.join("throughline.toml").is_file() || a.join(".git").exists());
    assert!(
        !marked_above,
        "the temporary folder {} must lie outside every workspace (set TMPDIR)",
        repo.display()
    );
    let here = json_findings(&repo.join("product"), &["check"]);
    assert!(
        here.iter().all(|f| !f.1.starts_with("product/")),
        "{here:?}"
    );
    assert_eq!(here.len(), from_git_root.len());
}

#[test]
fn bad_places_are_usage_errors() {
    let (dir, ws) = workspace();
    for cmd in ["check", "status", "routes"] {
        usage(
            &run_in(dir.path(), &[cmd, "no/such/place"]),
            "does not exist",
        );
    }
    usage(
        &run_in(dir.path(), &["trace", "REQ-1", "nowhere"]),
        "does not exist",
    );
    usage(
        &run_in(dir.path(), &["review", "nowhere/x.md"]),
        "neither a defined item nor an existing",
    );
    let file = ws.join("docs/prd.md");
    let file = file.to_str().unwrap();
    for cmd in ["check", "status", "review", "routes"] {
        usage(
            &run_in(dir.path(), &[cmd, "--root", file]),
            "--root must be a directory",
        );
    }
    usage(
        &run_in(dir.path(), &["--root", "missing", "check"]),
        "does not exist",
    );
    usage(
        &run_in(dir.path(), &["check", "--root", "ws", "outside"]),
        "is outside the workspace",
    );
    usage(
        &run_in(dir.path(), &["review", "--root", "ws", "outside"]),
        "is outside the workspace",
    );
    // A name that exists here and in the workspace means the workspace's.
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    let out = run_in(dir.path(), &["review", "--root", "ws", "docs", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("reviewed "), "{}", out.stdout);
}
