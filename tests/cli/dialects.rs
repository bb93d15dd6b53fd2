//! The Kiro dialect end to end: `check` on a Kiro workspace reports exactly the planted
//! gaps (written before the dialect ran, in `expected.txt`), the feature of a marker is
//! found by the documented order, `[dialects]` turns the dialect off or moves it, and
//! renumbered criteria make the links that cite them suspect.
// Verifies: REQ-DIALECT-MODEL, REQ-DIALECT-KIRO, REQ-DIALECT-CHECKS

use crate::common::{copy_dir, findings, fixture, run_in};
use std::path::Path;

fn report(dir: &Path) -> Vec<String> {
    let out = run_in(dir, &["check", "--format", "json"]);
    assert!(
        out.code == 0 || out.code == 1,
        "{}{}",
        out.stdout,
        out.stderr
    );
    let mut got: Vec<String> = findings(&out.stdout)
        .into_iter()
        .map(|(code, path, line)| format!("{code} {path}:{line}"))
        .collect();
    got.sort();
    got
}

fn expected(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut want: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    want.sort();
    want
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn kiro_workspace_reports_exactly_the_planted_gaps() {
    let dir = fixture("kiro");
    assert_eq!(report(&dir), expected(&dir));
    // The messages say what people wrote, not the canonical IDs.
    let out = run_in(&dir, &["check"]);
    assert!(
        out.stdout
            .contains("criterion 2.1 of user-auth has no test"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("no task cites criterion 4.1 of user-auth"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("`src/auth/session.py` does not exist"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("which Kiro feature this marker means cannot be decided: billing, user-auth"));
    assert!(out
        .stdout
        .contains("`Feature: user-auth` and `Validates: Requirements 2.1`"));
}

const ONE_FEATURE: &str = "### Requirement 1: Export\n\n#### Acceptance Criteria\n\n1. WHEN asked THEN the system SHALL export\n2. WHEN the export fails THEN the system SHALL retry\n";

#[test]
fn a_marker_without_a_feature_means_the_only_feature() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    write(ws, ".kiro/specs/export/requirements.md", ONE_FEATURE);
    write(
        ws,
        "tests/test_export.py",
        "# Validates: Requirements 1.1-1.2\ndef test_export():\n    pass\n",
    );
    assert_eq!(
        report(ws),
        Vec::<String>::new(),
        "both criteria are verified"
    );
    // A second feature makes the same marker ambiguous, and it verifies nothing.
    write(ws, ".kiro/specs/import/requirements.md", ONE_FEATURE);
    let got = report(ws);
    assert!(
        got.contains(&"ambiguous-ref tests/test_export.py:1".to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&"missing-test .kiro/specs/export/requirements.md:5".to_string()),
        "{got:?}"
    );
    // Naming the feature earlier in the file decides it again.
    write(
        ws,
        "tests/test_export.py",
        "# Feature: export\n\n\n# Validates: Requirements 1.1, 1.2\ndef test_export():\n    pass\n",
    );
    let got = report(ws);
    assert!(
        !got.iter().any(|f| f.contains("export/requirements.md")),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|f| f.starts_with("ambiguous-ref")),
        "{got:?}"
    );
    // A range past the last criterion names one that does not exist.
    write(
        ws,
        "tests/test_export.py",
        "# Feature: export\n# Validates: Requirements 1.1-1.3\ndef test_export():\n    pass\n",
    );
    assert!(report(ws).contains(&"unknown-ref tests/test_export.py:2".to_string()));
}

#[test]
fn dialects_can_be_turned_off_or_moved() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&fixture("kiro"), &ws);
    write(
        &ws,
        "throughline.toml",
        "[dialects.kiro]\nenabled = false\n",
    );
    assert_eq!(report(&ws), Vec::<String>::new(), "off: nothing is read");
    // Moved: the specs live in docs/specs, a folder that is not hidden.
    std::fs::rename(ws.join(".kiro/specs"), ws.join("docs-specs")).unwrap();
    write(
        &ws,
        "throughline.toml",
        "[dialects.kiro]\nfolder = \"docs-specs\"\n",
    );
    let want: Vec<String> = expected(&fixture("kiro"))
        .into_iter()
        .map(|l| l.replace(".kiro/specs/", "docs-specs/"))
        .filter(|l| !l.contains("test_billing.py") && !l.contains("test_login.py"))
        .collect();
    let got = report(&ws);
    // The docstring that names `.kiro/specs/billing` no longer names a feature path.
    for w in &want {
        assert!(got.contains(w), "missing {w} in {got:?}");
    }
    // A folder outside the workspace is refused.
    write(
        &ws,
        "throughline.toml",
        "[dialects.kiro]\nfolder = \"../elsewhere\"\n",
    );
    let out = run_in(&ws, &["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("must be a relative path inside the workspace"),
        "{}",
        out.stderr
    );
    write(
        &ws,
        "throughline.toml",
        "[dialects.kiro]\nfolders = \"x\"\n",
    );
    assert_eq!(run_in(&ws, &["check"]).code, 2, "unknown keys are errors");
}

#[test]
fn renumbered_criteria_make_their_citations_suspect() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&fixture("kiro"), &ws);
    let out = run_in(&ws, &["review"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!report(&ws).iter().any(|f| f.starts_with("suspect-link")));
    // A new first criterion of requirement 1 shifts 1.1 to 1.2 and 1.2 to 1.3.
    let req = ws.join(".kiro/specs/user-auth/requirements.md");
    let text = std::fs::read_to_string(&req).unwrap();
    let text = text.replacen(
        "1. WHEN a user submits a correct password",
        "1. WHEN the form loads THEN the system SHALL show it\n2. WHEN a user submits a correct password",
        1,
    );
    std::fs::write(&req, text).unwrap();
    let suspects: Vec<String> = report(&ws)
        .into_iter()
        .filter(|f| f.starts_with("suspect-link"))
        .collect();
    // Task 1 cites 1.1 and 1.2 (line 5); property 1 cites 1.1 and 1.3 (design.md:9).
    assert!(
        suspects.contains(&"suspect-link .kiro/specs/user-auth/tasks.md:5".to_string()),
        "{suspects:?}"
    );
    assert!(
        suspects.contains(&"suspect-link .kiro/specs/user-auth/design.md:9".to_string()),
        "{suspects:?}"
    );
}

#[test]
fn trace_and_status_show_dialect_items() {
    let dir = fixture("kiro");
    let out = run_in(&dir, &["trace", "kiro:user-auth/1.1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("kiro-criterion"), "{}", out.stdout);
    assert!(out.stdout.contains("tests/test_login.py"), "{}", out.stdout);
    assert!(
        out.stdout.contains(".kiro/specs/user-auth/tasks.md"),
        "{}",
        out.stdout
    );
    let out = run_in(&dir, &["status", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("kiro:user-auth/1.1"), "{}", out.stdout);
}

// Verifies: REQ-DIALECT-SPECKIT
#[test]
fn spec_kit_workspace_reports_exactly_the_planted_gaps() {
    let dir = fixture("speckit");
    assert_eq!(report(&dir), expected(&dir));
    let out = run_in(&dir, &["check"]);
    assert!(
        out.stdout
            .contains("a question is still open: date or name?"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("no task cites US2 of 001-photo-albums"),
        "{}",
        out.stdout
    );
}

#[test]
fn spec_kit_citations_resolve_to_the_only_feature_and_the_dialect_can_be_off() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    write(
        ws,
        "specs/003-export/spec.md",
        "## Requirements\n\n- **FR-001**: System MUST export\n- **FR-002**: System MUST retry\n",
    );
    write(ws, "tests/test_export.py", "# Verifies: FR-001\ndef test_a():\n    pass\n\n\n# @verifies FR-002\ndef test_b():\n    pass\n");
    assert_eq!(
        report(ws),
        Vec::<String>::new(),
        "both requirements are verified"
    );
    write(
        ws,
        "tests/test_export.py",
        "# Verifies: FR-001\ndef test_a():\n    pass\n",
    );
    assert_eq!(
        report(ws),
        vec!["missing-test specs/003-export/spec.md:4".to_string()]
    );
    write(
        ws,
        "throughline.toml",
        "[dialects.speckit]\nenabled = false\n",
    );
    assert_eq!(report(ws), Vec::<String>::new(), "off: nothing is read");
}

// Verifies: REQ-DIALECT-OPENSPEC
#[test]
fn openspec_workspace_reports_exactly_the_planted_gaps() {
    let dir = fixture("openspec");
    assert_eq!(report(&dir), expected(&dir));
    let out = run_in(&dir, &["check"]);
    assert!(
        out.stdout
            .contains("which the pending change `add-2fa` removes"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("requirement `logout` of auth has no scenario"),
        "{}",
        out.stdout
    );
    // The archive is history: its removal of a requirement that no longer exists is not
    // reported, and nothing in it is read.
    assert!(
        !out.stdout.contains("something-long-gone"),
        "{}",
        out.stdout
    );
    // Once the change is archived, its delta rules no longer apply.
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    copy_dir(&dir, &ws);
    std::fs::rename(
        ws.join("openspec/changes/add-2fa"),
        ws.join("openspec/changes/archive/2026-12-01-add-2fa"),
    )
    .unwrap();
    assert_eq!(
        report(&ws),
        vec![
            "missing-scenario openspec/specs/auth/spec.md:20".to_string(),
            "unknown-ref tests/test_auth.py:6".to_string()
        ]
    );
}
