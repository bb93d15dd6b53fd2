//! Test results as evidence: `check --test-results`, `[evidence] test-results`, `status`.
// Verifies: REQ-EVIDENCE-JUNIT, REQ-EVIDENCE-RULES

use super::common::{check, copy_dir, findings, fixture, run_in};
use serde_json::Value;

const EVIDENCE_CODES: [&str; 4] = [
    "failing-test",
    "skipped-test",
    "unrun-test",
    "invalid-test-results",
];

fn evidence_findings(json: &str) -> Vec<(String, String, u64)> {
    findings(json)
        .into_iter()
        .filter(|(c, _, _)| EVIDENCE_CODES.contains(&c.as_str()))
        .collect()
}

fn diagnostics(json: &str, code: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

/// The fixture's expected findings with `reports/pytest.xml`: one requirement's test
/// failed, one's was skipped, and one's is not in the results.
fn expected() -> Vec<(String, String, u64)> {
    vec![
        ("failing-test".into(), "docs/chain.md".into(), 9),
        ("skipped-test".into(), "docs/chain.md".into(), 12),
        ("unrun-test".into(), "tests/test_calc.py".into(), 24),
    ]
}

#[test]
fn failing_skipped_and_unrun_tests_are_reported() {
    let dir = fixture("evidence");
    let out = check(
        &dir,
        &["--test-results", "reports/pytest.xml", "--format", "json"],
    );
    assert_eq!(out.code, 1, "failing-test is an error:\n{}", out.stderr);
    assert_eq!(evidence_findings(&out.stdout), expected());
    let failing = &diagnostics(&out.stdout, "failing-test")[0];
    assert_eq!(failing["severity"], "error");
    let message = failing["message"].as_str().unwrap();
    assert!(
        message.contains("`REQ-FAIL`") && message.contains("assert 0 == 0.5"),
        "{message}"
    );
    let related = &failing["related"][0];
    assert_eq!(related["path"], "tests/test_calc.py");
    assert_eq!(related["line"], 13, "the test's `Verifies:` line");
    let label = related["message"].as_str().unwrap();
    assert!(
        label.contains("`TestDivide.test_by_zero` failed (reports/pytest.xml:6)")
            && label.contains("assert 0 == 0.5"),
        "{label}"
    );
    let unrun = &diagnostics(&out.stdout, "unrun-test")[0];
    assert_eq!(unrun["severity"], "info");
    assert!(unrun["message"].as_str().unwrap().contains("`test_root`"));
}

#[test]
fn the_full_parse_gives_the_same_findings() {
    let dir = fixture("evidence");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args([
            "check",
            ".",
            "--test-results",
            "reports/pytest.xml",
            "--format",
            "json",
        ])
        .current_dir(&dir)
        .env("THROUGHLINE_FULL_PARSE", "1")
        .output()
        .unwrap();
    assert_eq!(
        evidence_findings(&String::from_utf8_lossy(&out.stdout)),
        expected()
    );
}

#[test]
fn without_results_nothing_changes() {
    let out = check(&fixture("evidence"), &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(evidence_findings(&out.stdout).is_empty());
}

#[test]
fn globs_on_the_command_line_are_expanded() {
    let out = check(
        &fixture("evidence"),
        &["--test-results", "reports/*.xml", "--format", "json"],
    );
    assert_eq!(evidence_findings(&out.stdout), expected());
    let out = check(
        &fixture("evidence"),
        &["--test-results", "nowhere/*.xml", "--format", "json"],
    );
    assert_eq!(out.code, 1, "a glob that matches nothing is an error");
    let found = evidence_findings(&out.stdout);
    assert_eq!(
        found[0],
        ("invalid-test-results".into(), "nowhere/*.xml".into(), 1)
    );
    // Results were asked for and none came: every annotated test is unrun.
    assert_eq!(found.iter().filter(|f| f.0 == "unrun-test").count(), 4);
}

#[test]
fn broken_files_are_findings_and_the_others_still_count() {
    let out = check(
        &fixture("evidence"),
        &[
            "--test-results",
            "reports/pytest.xml",
            "broken/malformed.xml",
            "broken/truncated.xml",
            "broken/not-utf8.xml",
            "broken/missing.xml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 1);
    let invalid: Vec<(String, u64, String)> = diagnostics(&out.stdout, "invalid-test-results")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let paths: Vec<(&str, u64)> = invalid.iter().map(|(p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(
        paths,
        vec![
            ("broken/malformed.xml", 5),
            ("broken/missing.xml", 1),
            ("broken/not-utf8.xml", 2),
            ("broken/truncated.xml", 5),
        ]
    );
    assert!(invalid[0].2.contains("testcase"), "{:?}", invalid[0]);
    assert!(invalid[1].2.contains("no such file"), "{:?}", invalid[1]);
    assert!(invalid[2].2.contains("not valid UTF-8"), "{:?}", invalid[2]);
    assert!(invalid[3].2.contains("truncated"), "{:?}", invalid[3]);
    // The good file still counts.
    assert_eq!(diagnostics(&out.stdout, "failing-test").len(), 1);
    // The human format names the file and position too.
    let human = check(
        &fixture("evidence"),
        &["--test-results", "broken/truncated.xml"],
    );
    assert!(
        human.stdout.contains("broken/truncated.xml:5:1"),
        "{}",
        human.stdout
    );
}

fn workspace_with(toml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("evidence"), tmp.path());
    std::fs::write(tmp.path().join("throughline.toml"), toml).unwrap();
    tmp
}

#[test]
fn configured_globs_are_read() {
    let ws = workspace_with("[evidence]\ntest-results = [\"reports/**/*.xml\"]\n");
    let out = check(ws.path(), &["--format", "json"]);
    assert_eq!(evidence_findings(&out.stdout), expected());
    // A configured glob that finds nothing means no results: nothing changes.
    let ws = workspace_with("[evidence]\ntest-results = [\"later/*.xml\"]\n");
    let out = check(ws.path(), &["--format", "json"]);
    assert_eq!(out.code, 0);
    assert!(evidence_findings(&out.stdout).is_empty());
}

#[test]
fn unknown_keys_and_escaping_paths_are_refused() {
    let ws = workspace_with("[evidence]\ntest-result = [\"reports/*.xml\"]\n");
    let out = check(ws.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("throughline.toml") && out.stderr.contains("test-result"),
        "{}",
        out.stderr
    );
    for glob in ["../reports/*.xml", "/tmp/*.xml"] {
        let ws = workspace_with(&format!("[evidence]\ntest-results = [\"{glob}\"]\n"));
        let out = check(ws.path(), &[]);
        assert_eq!(out.code, 2, "{glob}");
        assert!(
            out.stderr.contains("outside the workspace"),
            "{}",
            out.stderr
        );
    }
}

fn requirement(status: &Value, id: &str) -> Value {
    status[0]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .cloned()
        .unwrap()
}

#[test]
fn status_counts_only_passed_tests_as_verified() {
    let dir = fixture("evidence");
    let with = run_in(
        &dir,
        &[
            "status",
            "--format",
            "json",
            "--test-results",
            "reports/pytest.xml",
        ],
    );
    assert_eq!(with.code, 0, "{}", with.stderr);
    let v: Value = serde_json::from_str(&with.stdout).unwrap();
    assert_eq!(v[0]["verified"], 1);
    assert_eq!(v[0]["failing"], 1);
    let verdicts: Vec<(Value, Value)> = ["REQ-PASS", "REQ-FAIL", "REQ-SKIP", "REQ-UNRUN"]
        .iter()
        .map(|id| requirement(&v, id))
        .map(|r| (r["verified"].clone(), r["tests"].clone()))
        .collect();
    let want = [
        (true, "passed"),
        (false, "failed"),
        (false, "skipped"),
        (false, "unrun"),
    ];
    let want: Vec<(Value, Value)> = want
        .iter()
        .map(|(b, s)| ((*b).into(), (*s).into()))
        .collect();
    assert_eq!(verdicts, want);
    let text = run_in(&dir, &["status", "--test-results", "reports/pytest.xml"]);
    assert!(
        text.stdout.contains("1/4 verified · 0 suspect · 1 failing"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("failed"), "{}", text.stdout);
    // Without results: every annotated test verifies, and no verdicts are shown.
    let without = run_in(&dir, &["status", "--format", "json"]);
    let v: Value = serde_json::from_str(&without.stdout).unwrap();
    assert_eq!(v[0]["verified"], 4);
    assert!(v[0].get("failing").is_none());
    assert!(requirement(&v, "REQ-FAIL").get("tests").is_none());
}

#[test]
fn a_results_file_outside_the_workspace_is_named_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("results.xml");
    std::fs::copy(fixture("evidence").join("reports/pytest.xml"), &outside).unwrap();
    let out = check(
        &fixture("evidence"),
        &[
            "--test-results",
            outside.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let failing = &diagnostics(&out.stdout, "failing-test")[0];
    let label = failing["related"][0]["message"].as_str().unwrap();
    assert!(
        label.contains(&format!("{}:6", outside.display())),
        "{label}"
    );
}
