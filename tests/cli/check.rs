//! `throughline check`: findings, exit codes and the human report.
// Verifies: REQ-CHECK-GATE, REQ-CHAIN-RULES, REQ-CONFIG, DLV-DEMO

use crate::common::{check, findings, fixture, repo_path};

#[test]
fn clean_chain_passes_with_no_findings() {
    let out = check(&fixture("chain-clean"), &["--format", "json"]);
    assert_eq!(findings(&out.stdout), vec![], "{}", out.stdout);
    assert_eq!(out.code, 0);
    let out = check(&fixture("chain-clean"), &["--deny", "warnings"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("No problems found in 9 files"),
        "{}",
        out.stdout
    );
}

#[test]
fn every_rule_fires_on_its_planted_gap() {
    let out = check(&fixture("chain-gaps"), &["--format", "json"]);
    let got = findings(&out.stdout);
    let want: Vec<(String, String, u64)> = [
        ("untraced", "docs/prd.md", 6),
        ("missing-test", "docs/prd.md", 10),
        ("missing-impl", "docs/prd.md", 13),
        ("unknown-ref", "docs/prd.md", 14),
        ("duplicate-id", "docs/prd.md", 16),
        ("uncovered", "docs/roadmap.md", 5),
        ("unknown-ref", "src/app.py", 11),
    ]
    .iter()
    .map(|(c, p, l)| (c.to_string(), p.to_string(), *l))
    .collect();
    assert_eq!(got, want);
    assert_eq!(out.code, 1, "errors fail the gate");
}

#[test]
fn human_report_shows_source_lines_markers_and_help() {
    let out = check(&fixture("chain-gaps"), &[]);
    insta::assert_snapshot!("chain_gaps_human", out.stdout);
    assert_eq!(out.code, 1);
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = fixture("languages");
    let out = check(&dir, &[]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("warning[untraced]"));
    let out = check(&dir, &["--deny", "warnings"]);
    assert_eq!(out.code, 1);
}

#[test]
fn custom_layers_globs_and_severities_apply() {
    let out = check(&fixture("custom-layers"), &["--format", "json"]);
    let got = findings(&out.stdout);
    assert_eq!(
        got,
        vec![
            ("uncovered".to_string(), "specs/epics.md".to_string(), 3),
            ("missing-test".to_string(), "specs/epics.md".to_string(), 8),
        ],
        "REQ-1 is no ID there, ignored/ is excluded, checks/ holds the tests"
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v["diagnostics"][1]["severity"], "error",
        "missing-test raised to error"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn demo_workspace_shows_exactly_its_documented_gaps() {
    let out = check(&repo_path("examples/payments"), &["--format", "json"]);
    let got = findings(&out.stdout);
    let want: Vec<(String, String, u64)> = [
        ("uncovered", "docs/briefs/payouts.md", 1),
        ("missing-test", "docs/prd.md", 108),
        ("missing-impl", "docs/prd.md", 121),
        ("unknown-ref", "docs/runbooks/duplicate-charges.md", 9),
        ("undocumented-route", "services/fraud/handler.go", 13),
    ]
    .iter()
    .map(|(c, p, l)| (c.to_string(), p.to_string(), *l))
    .collect();
    assert_eq!(got, want);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"][3]["suggestion"], "REQ-PAY-1");
    assert_eq!(out.code, 1);
}

#[test]
fn usage_problems_exit_with_2() {
    let dir = fixture("chain-clean");
    let out = crate::common::run_in(&dir, &["check", "does-not-exist"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`does-not-exist` does not exist"),
        "{}",
        out.stderr
    );
    let out = crate::common::run_in(&dir, &["check", "--format", "xml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid value 'xml'"), "{}", out.stderr);
}
