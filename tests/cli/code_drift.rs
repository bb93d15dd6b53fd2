//! Drift in the other direction, end to end: `review` records each implementing
//! definition's body fingerprint; editing a function body reports
//! `changed-implementation` on the requirement's heading with the code as related
//! location; reformatting reports nothing; reviewing the item, the file or everything
//! accepts it; a lock written before body fingerprints gives no finding until the next
//! review records them.
// Verifies: REQ-DRIFT-CODE

use crate::common::{check, copy_dir, fixture, run_in};
use serde_json::Value;
use std::path::{Path, PathBuf};

const CODE: &str = "changed-implementation";

/// A scratch copy of the code-drift fixture, reviewed once.
fn reviewed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    copy_dir(&fixture("code-drift"), &root);
    let out = run_in(&root, &["review"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("reviewed 3 links: 0 suspect, 3 new"),
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

fn lock(root: &Path) -> String {
    std::fs::read_to_string(root.join("throughline.lock")).unwrap()
}

/// The lock's body lines (`UP FP @ DOWN`).
fn body_lines(root: &Path) -> Vec<String> {
    lock(root)
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(" @ "))
        .map(str::to_string)
        .collect()
}

/// The `changed-implementation` findings of `check --format json`.
fn changed(root: &Path) -> Vec<Value> {
    let out = check(root, &["--format", "json"]);
    assert_eq!(out.code, 0, "notes only: {}{}", out.stdout, out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == CODE)
        .cloned()
        .collect()
}

/// `(path, line)` of a finding and of each of its related locations.
fn places(d: &Value) -> (String, u64, Vec<(String, u64)>) {
    let at = |v: &Value| {
        (
            v["path"].as_str().unwrap().to_string(),
            v["line"].as_u64().unwrap(),
        )
    };
    let (path, line) = at(d);
    let related = d["related"].as_array().unwrap().iter().map(at).collect();
    (path, line, related)
}

/// The body of `capture` in src/ledger.py, changed: one more token.
fn change_capture(root: &Path) {
    edit(
        root,
        "src/ledger.py",
        "return amount\n",
        "return amount + 0\n",
    );
}

#[test]
fn editing_a_function_body_reports_it_on_the_requirement() {
    let (_dir, root) = reviewed_copy();
    assert_eq!(
        body_lines(&root).len(),
        3,
        "one body line per implementing definition (not the file-level `//!`):\n{}",
        lock(&root)
    );
    assert!(changed(&root).is_empty());
    change_capture(&root);
    let found = changed(&root);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "info");
    assert_eq!(
        places(&found[0]),
        (
            "docs/prd.md".to_string(),
            3,
            vec![("src/ledger.py".to_string(), 7)]
        ),
        "on REQ-1's heading, with the docstring annotation of `capture` as related location"
    );
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message
            .contains("`REQ-1` changed since it was reviewed: function `capture` in src/ledger.py"),
        "{message}"
    );
    // The fast path (no parse until the lock asks for bodies) agrees with the full parse.
    crate::fast_path::assert_same_reports(&root);

    // A Rust body too: the same finding now names two definitions in two files.
    edit(&root, "src/replay.rs", "k == key", "k.as_str() == key");
    let found = changed(&root);
    assert_eq!(found.len(), 1);
    assert_eq!(
        places(&found[0]).2,
        vec![
            ("src/ledger.py".to_string(), 7),
            ("src/replay.rs".to_string(), 3)
        ]
    );
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("2 definitions in src/ledger.py, src/replay.rs"));

    // Info by default: the gate passes; a team that raises it fails it.
    assert_eq!(check(&root, &["--deny", "warnings"]).code, 0);
    let toml = std::fs::read_to_string(root.join("throughline.toml")).unwrap();
    std::fs::write(
        root.join("throughline.toml"),
        format!("{toml}\n[rules]\nchanged-implementation = \"warning\"\n"),
    )
    .unwrap();
    let out = check(&root, &["--deny", "warnings"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("warning[changed-implementation]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("note: function `capture` changed since the review: src/ledger.py:7"),
        "{}",
        out.stdout
    );
}

#[test]
fn sarif_carries_the_finding_with_its_related_locations() {
    let (_dir, root) = reviewed_copy();
    change_capture(&root);
    let out = check(&root, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let result = results
        .iter()
        .find(|r| r["ruleId"] == CODE)
        .expect("a changed-implementation result");
    assert_eq!(result["level"], "note");
    let related = &result["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "src/ledger.py");
    assert_eq!(related["region"]["startLine"], 7);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == CODE));
}

#[test]
fn reformatting_and_comments_change_nothing() {
    let (_dir, root) = reviewed_copy();
    // Black's style: the call broken over lines with a trailing comma, plus comments.
    edit(
        &root,
        "src/ledger.py",
        "    return min(amount, CAPTURED.get(key, 0))\n",
        "    # never more than the capture\n    return min(\n        amount,\n        CAPTURED.get(key, 0),\n    )\n",
    );
    edit(
        &root,
        "src/ledger.py",
        "\"\"\"Implements: REQ-1\"\"\"",
        "\"\"\"Captures once per key.\n\n    Implements: REQ-1\n    \"\"\"",
    );
    edit(
        &root,
        "src/replay.rs",
        "pub fn replay(key: &str, seen: &[String]) -> bool {\n    seen.iter().any(|k| k == key)\n}",
        "pub fn replay(\n    key: &str,\n    seen: &[String],\n) -> bool {\n    // linear: lists are short\n    seen.iter().any(|k| k == key)\n}",
    );
    // Code outside the implementing definitions is not theirs.
    edit(&root, "src/ledger.py", "CAPTURED = {}", "CAPTURED = dict()");
    assert!(changed(&root).is_empty(), "{:?}", changed(&root));
}

#[test]
fn reviewing_the_item_the_file_or_everything_accepts_it() {
    let (_dir, root) = reviewed_copy();
    change_capture(&root);
    let out = run_in(&root, &["review", "REQ-1"]);
    assert!(
        out.stdout
            .contains("accepted the changed implementation of `REQ-1` in src/ledger.py"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("1 changed implementation"),
        "{}",
        out.stdout
    );
    assert!(changed(&root).is_empty());

    edit(&root, "src/ledger.py", "amount + 0", "amount + 1");
    let dry = run_in(&root, &["review", "--dry-run"]);
    assert!(
        dry.stdout.contains("1 changed implementation"),
        "{}",
        dry.stdout
    );
    assert_eq!(changed(&root).len(), 1, "a dry run writes nothing");
    let out = run_in(&root, &["review", "src/ledger.py"]);
    assert!(
        out.stdout.contains("1 changed implementation"),
        "{}",
        out.stdout
    );
    assert!(changed(&root).is_empty());

    edit(&root, "src/ledger.py", "amount + 1", "amount + 2");
    run_in(&root, &["review", "--upstream", "REQ-1"]);
    assert!(changed(&root).is_empty());

    edit(&root, "src/ledger.py", "amount + 2", "amount + 3");
    let before = lock(&root);
    let out = run_in(&root, &["review"]);
    assert!(
        out.stdout.contains("wrote throughline.lock"),
        "{}",
        out.stdout
    );
    assert!(changed(&root).is_empty());
    let after = lock(&root);
    let diff: Vec<&str> = after.lines().filter(|l| !before.contains(l)).collect();
    assert_eq!(
        diff.len(),
        2,
        "the changed definition's body line and its file's hash: {diff:?}"
    );
    assert!(diff[0].starts_with("REQ-1 ") && diff[0].ends_with(" @ src/ledger.py"));
    assert!(diff[1].starts_with("file ") && diff[1].ends_with(" ~ src/ledger.py"));
}

/// The lock's file lines (`file HASH ~ PATH`), as paths.
fn file_lines(root: &Path) -> Vec<String> {
    lock(root)
        .lines()
        .filter_map(|l| l.strip_prefix("file "))
        .filter_map(|l| l.split_once(" ~ ").map(|(_, p)| p.to_string()))
        .collect()
}

#[test]
fn a_partial_review_drops_the_file_line_and_the_other_links_stay_judged() {
    let (_dir, root) = reviewed_copy();
    assert_eq!(file_lines(&root), ["src/ledger.py", "src/replay.rs"]);
    change_capture(&root);
    // `REQ-1`'s bodies in ledger.py are recorded at the new bytes, `REQ-2`'s stay at the old:
    // no single hash of the file stands for both any more.
    run_in(&root, &["review", "--upstream", "REQ-1"]);
    assert_eq!(file_lines(&root), ["src/replay.rs"]);
    assert!(changed(&root).is_empty());
    edit(&root, "src/ledger.py", "min(amount,", "max(amount,");
    let found = changed(&root);
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"].as_str().unwrap().contains("`REQ-2`"));
    // Reviewing the whole file records every link there at these bytes again.
    run_in(&root, &["review", "src/ledger.py"]);
    assert_eq!(file_lines(&root), ["src/ledger.py", "src/replay.rs"]);
    assert!(changed(&root).is_empty());
    // The file line is a shortcut, not the truth: without it the files are parsed.
    let stripped: String = lock(&root)
        .lines()
        .filter(|l| !l.starts_with("file "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("throughline.lock"), stripped).unwrap();
    assert!(changed(&root).is_empty());
    edit(&root, "src/replay.rs", "k == key", "k != key");
    assert_eq!(changed(&root).len(), 1);
}

#[test]
fn a_lock_without_body_fingerprints_gives_no_finding_until_review_adds_them() {
    let (_dir, root) = reviewed_copy();
    // As written before code fingerprints: no `@` lines, no `file` lines.
    let old: String = lock(&root)
        .lines()
        .filter(|l| l.starts_with('#') || !(l.contains(" @ ") || l.starts_with("file ")))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("throughline.lock"), &old).unwrap();
    change_capture(&root);
    let out = check(&root, &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("No problems found"), "{}", out.stdout);

    let out = run_in(&root, &["review"]);
    assert!(
        out.stdout.contains("wrote throughline.lock"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("0 suspect, 0 new\n"),
        "no finding was accepted: {}",
        out.stdout
    );
    assert_eq!(body_lines(&root).len(), 3);
    assert!(changed(&root).is_empty());
    edit(&root, "src/ledger.py", "amount + 0", "amount + 1");
    assert_eq!(changed(&root).len(), 1, "recorded now, so judged now");
}
