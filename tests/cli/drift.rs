//! Drift end to end: `review` writes the lock, an edited upstream makes exactly its
//! direct downstream suspect, reflowing changes nothing, `--transitive` flags the cone,
//! stale entries are reported and pruned, broken locks are clear errors, `status` rolls
//! up, and the pre-commit hook refuses an unreviewed change.
// Verifies: REQ-FINGERPRINTS, REQ-LOCK-FILE, REQ-DRIFT, REQ-REVIEW, REQ-STATUS, DLV-PRECOMMIT

use crate::common::{check, copy_dir, findings, fixture, repo_path, run_in};
use std::path::{Path, PathBuf};

/// A scratch copy of the drift fixture, reviewed once so every link is in the lock.
fn reviewed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    copy_dir(&fixture("drift"), &root);
    let out = run_in(&root, &["review"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("reviewed 12 links: 0 suspect, 12 new"),
        "{}",
        out.stdout
    );
    (dir, root)
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The `suspect-link` findings as `(path, line)`, sorted.
fn suspects(root: &Path, extra: &[&str]) -> Vec<(String, u64)> {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let out = check(root, &args);
    assert_eq!(out.code, 0, "warnings only: {}{}", out.stdout, out.stderr);
    findings(&out.stdout)
        .into_iter()
        .filter(|(code, _, _)| code == "suspect-link")
        .map(|(_, path, line)| (path, line))
        .collect()
}

fn at(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(p, l)| (p.to_string(), *l)).collect()
}

#[test]
fn editing_a_requirement_flags_exactly_its_direct_downstream() {
    let (_dir, root) = reviewed_copy();
    assert_eq!(suspects(&root, &[]), vec![]);
    edit(
        &root,
        "docs/prd.md",
        "a second charge",
        "a second charge or refund",
    );
    assert_eq!(
        suspects(&root, &[]),
        at(&[
            ("docs/design.md", 5),
            ("docs/test-plan.md", 5),
            ("src/app.js", 12),
            ("tests/app.test.js", 1),
        ]),
        "REQ-1's design, test-plan case, implementation and test; not DES-1's code, not REQ-2's links"
    );
    // The comment lexer and the full parse give the same keys, hence the same suspects.
    crate::fast_path::assert_same_reports(&root);
    let out = check(&root, &["--deny", "warnings"]);
    assert_eq!(out.code, 1, "the gate fails on suspect links");
    assert!(
        out.stdout
            .contains("`REQ-1` changed since this link was reviewed"),
        "{}",
        out.stdout
    );
}

#[test]
fn reflowing_and_reformatting_change_nothing() {
    let (_dir, root) = reviewed_copy();
    edit(
        &root,
        "docs/prd.md",
        "Clients send an `Idempotency-Key` header with every request. Retrying a request\nwith the same key must never create a second charge.",
        "Clients send an `Idempotency-Key` header with\nevery request.   Retrying a request with the same key must never\ncreate a second charge.",
    );
    edit(&root, "docs/prd.md", "- The same key", "* The same key");
    edit(&root, "docs/prd.md", "- A key reused", "* A key reused");
    assert_eq!(suspects(&root, &[]), vec![]);
}

#[test]
fn review_makes_the_workspace_clean_and_reports_what_it_accepted() {
    let (_dir, root) = reviewed_copy();
    edit(
        &root,
        "docs/prd.md",
        "a second charge",
        "a second charge or refund",
    );
    let dry = run_in(&root, &["review", "--dry-run"]);
    assert!(
        dry.stdout.contains("reviewed 12 links: 4 suspect, 0 new"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("not written"), "{}", dry.stdout);
    assert_eq!(suspects(&root, &[]).len(), 4, "a dry run writes nothing");

    // Reviewing one file accepts only the links written there.
    let out = run_in(&root, &["review", "src/app.js"]);
    assert!(
        out.stdout.contains("reviewed 4 links: 1 suspect, 0 new"),
        "{}",
        out.stdout
    );
    assert_eq!(suspects(&root, &[]).len(), 3);
    // An item: its own upstream links (TC-1's `Derives from:` line).
    let out = run_in(&root, &["review", "TC-1"]);
    assert!(
        out.stdout.contains("reviewed 1 link: 1 suspect"),
        "{}",
        out.stdout
    );
    assert_eq!(
        suspects(&root, &[]),
        at(&[("docs/design.md", 5), ("tests/app.test.js", 1)])
    );
    // Everything below an item.
    let out = run_in(&root, &["review", "--upstream", "REQ-1"]);
    assert!(out.stdout.contains("2 suspect"), "{}", out.stdout);
    assert_eq!(suspects(&root, &[]), vec![]);
    let again = run_in(&root, &["review"]);
    assert!(
        again.stdout.contains("throughline.lock is up to date"),
        "{}",
        again.stdout
    );

    let bad = run_in(&root, &["review", "NOPE-9"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("neither a defined item nor an existing file"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_changed_brief_flags_one_hop_and_transitive_flags_the_cone() {
    let (_dir, root) = reviewed_copy();
    edit(
        &root,
        "docs/brief.md",
        "Retried requests\nare safe.",
        "Retried requests\nare safe and cheap.",
    );
    assert_eq!(
        suspects(&root, &[]),
        at(&[("docs/prd.md", 5), ("docs/prd.md", 15)]),
        "only the requirements' `Derives from:` lines"
    );
    assert_eq!(
        suspects(&root, &["--transitive"]),
        at(&[
            ("api/openapi.yaml", 7),
            ("docs/design.md", 5),
            ("docs/prd.md", 5),
            ("docs/prd.md", 15),
            ("docs/test-plan.md", 5),
            ("src/app.js", 4),
            ("src/app.js", 5),
            ("src/app.js", 7),
            ("src/app.js", 12),
            ("tests/app.test.js", 1),
            ("tests/app.test.js", 6),
        ]),
        "every link below BRIEF-1: requirements, design and its code, test plan, operation and its route, code and tests"
    );
    let out = check(&root, &["--transitive"]);
    assert!(
        out.stdout
            .contains("`BRIEF-1` changed above `REQ-1` since this link was reviewed"),
        "{}",
        out.stdout
    );

    // Reviewing the requirement without changing it clears its line; its code stays
    // clean because the requirement itself did not change.
    run_in(&root, &["review", "REQ-1", "REQ-2"]);
    assert_eq!(suspects(&root, &[]), vec![]);
}

#[test]
fn an_operation_change_flags_its_route() {
    let (_dir, root) = reviewed_copy();
    edit(
        &root,
        "api/openapi.yaml",
        "'200': {description: The payment}",
        "'200': {description: The payment}\n        '404': {description: No such payment}",
    );
    assert_eq!(suspects(&root, &[]), at(&[("src/app.js", 5)]));
}

#[test]
fn stale_entries_are_reported_and_pruned_by_review() {
    let (_dir, root) = reviewed_copy();
    // Delete `TC-1` and the test of `REQ-2`.
    edit(
        &root,
        "docs/test-plan.md",
        "## TC-1: A retried checkout charges once\n\nDerives from: REQ-1\n",
        "",
    );
    edit(&root, "tests/app.test.js", "// Verifies: REQ-2\n", "");
    let out = check(&root, &["--format", "json"]);
    let stale: Vec<(String, String, u64)> = findings(&out.stdout)
        .into_iter()
        .filter(|(code, _, _)| code == "stale-lock-entry")
        .collect();
    assert_eq!(stale.len(), 2, "{}", out.stdout);
    assert!(stale.iter().all(|(_, p, _)| p == "throughline.lock"));
    let human = check(&root, &["--color", "never"]);
    assert!(
        human.stdout.contains("`REQ-1 <- TC-1` is stale"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("`REQ-2 <- tests/app.test.js` is stale"),
        "{}",
        human.stdout
    );

    let out = run_in(&root, &["review"]);
    assert!(
        out.stdout.contains("pruned 2 stale entries:"),
        "{}",
        out.stdout
    );
    let lock = std::fs::read_to_string(root.join("throughline.lock")).unwrap();
    assert!(!lock.contains("<- TC-1"), "{lock}");
    let out = check(&root, &["--format", "json"]);
    assert!(
        findings(&out.stdout)
            .iter()
            .all(|(c, _, _)| c != "stale-lock-entry"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_corrupt_lock_is_a_clear_error() {
    let (_dir, root) = reviewed_copy();
    let path = root.join("throughline.lock");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\nBRIEF-1 ", "\nBRIEF-1 0000 ", 1);
    let line = broken
        .lines()
        .position(|l| l.starts_with("BRIEF-1 0000 "))
        .unwrap()
        + 1;
    std::fs::write(&path, &broken).unwrap();
    let out = check(&root, &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains(&format!(
            "throughline.lock:{line}: `0000` is not a fingerprint"
        )),
        "{}",
        out.stderr
    );
    let review = run_in(&root, &["review"]);
    assert_eq!(
        review.code, 2,
        "review refuses to overwrite a lock it cannot read"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn a_merge_conflict_left_in_the_lock_names_its_lines() {
    let (_dir, root) = reviewed_copy();
    let path = root.join("throughline.lock");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let ours = lines[6].to_string();
    let theirs = ours.replacen(|c: char| c.is_ascii_hexdigit(), "0", 1);
    lines.splice(
        6..7,
        ["<<<<<<< HEAD", &ours, "=======", &theirs, ">>>>>>> feature"],
    );
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = check(&root, &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("unresolved merge conflict markers on lines 7, 9, 11"),
        "{}",
        out.stderr
    );
}

#[test]
fn status_rolls_up_requirements_per_roadmap_item() {
    let (_dir, root) = reviewed_copy();
    edit(&root, "tests/app.test.js", "// Verifies: REQ-2\n", "");
    edit(
        &root,
        "docs/prd.md",
        "a second charge",
        "a second charge or refund",
    );
    let out = run_in(&root, &["status"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("RM-1: Merchants take card payments\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("2/2 requirements implemented · 1/2 verified · 1 suspect"),
        "{}",
        out.stdout
    );
    let json = run_in(&root, &["status", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v[0]["id"], "RM-1");
    assert_eq!(v[0]["total"], 2);
    assert_eq!(v[0]["verified"], 1);
    let reqs = v[0]["requirements"].as_array().unwrap();
    assert_eq!(reqs[0]["id"], "REQ-1");
    assert_eq!(reqs[0]["suspect"], true);
    assert_eq!(reqs[1]["id"], "REQ-2");
    assert_eq!(reqs[1]["verified"], false);
    assert_eq!(reqs[1]["suspect"], false);
}

#[test]
fn the_pre_commit_hook_refuses_an_unreviewed_requirement_change() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("git is needed for the hook test");
    }
    let (_dir, root) = reviewed_copy();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(&root)
            .env("PATH", path_with_binary())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(git(&["init", "-q"]).0, 0);
    let hook = repo_path("scripts/pre-commit");
    std::fs::copy(&hook, root.join(".git/hooks/pre-commit")).unwrap();
    git(&["add", "-A"]);
    let (code, err) = git(&["commit", "-q", "-m", "reviewed chain"]);
    assert_eq!(code, 0, "a clean chain commits: {err}");
    edit(
        &root,
        "docs/prd.md",
        "a second charge",
        "a second charge or refund",
    );
    git(&["add", "-A"]);
    let (code, err) = git(&["commit", "-q", "-m", "change REQ-1"]);
    assert_ne!(code, 0, "the hook refuses the commit");
    assert!(err.contains("suspect-link"), "{err}");
    run_in(&root, &["review"]);
    git(&["add", "-A"]);
    let (code, err) = git(&["commit", "-q", "-m", "change REQ-1, reviewed"]);
    assert_eq!(code, 0, "after review the commit goes through: {err}");
}

/// `PATH` with the built binary's directory first, as an installed `throughline`.
fn path_with_binary() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_throughline"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut paths = vec![bin];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}
