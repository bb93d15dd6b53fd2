//! `[trackers.NAME]`: config errors, exports in each format, `closed-unverified` and
//! `invalid-tracker-export`, through `throughline check` as CI runs it.
// Verifies: REQ-TRACKER-LINKS, REQ-TRACKER-STATUS

use super::common::{check, findings};
use std::path::Path;

const TOML: &str = "\
[rules]
untraced = \"off\"

[trackers.jira]
pattern = \"PAY-[0-9]+\"
url = \"https://acme.atlassian.net/browse/{key}\"
export = \"tracker/jira.json\"
";

const PRD: &str = "\
# BRIEF-PAY: Payments
Tracks: PAY-10

## REQ-PAY-1: Capture once
Derives from: BRIEF-PAY
Tracks: PAY-1

## REQ-PAY-2: Refunds
Derives from: BRIEF-PAY
See PAY-2 for the discussion; REQ-PAY-1 is not a key.
";

const CODE: &str = "\
// Implements: REQ-PAY-1
// Tracks: PAY-3
pub fn capture() {}

// Implements: REQ-PAY-2
pub fn refund() {}
";

const TEST: &str = "\
// Verifies: REQ-PAY-2
#[test]
fn refunds() {}
";

fn jira_json(statuses: &[(&str, &str)]) -> String {
    let issues: Vec<String> = statuses
        .iter()
        .map(|(key, cat)| {
            format!(
                r#"{{"key": "{key}", "fields": {{"summary": "Work {key}", "status": {{"name": "{}", "statusCategory": {{"key": "{cat}"}}}}}}}}"#,
                if *cat == "done" { "Done" } else { "In Progress" }
            )
        })
        .collect();
    format!("{{\"issues\": [\n{}\n]}}\n", issues.join(",\n"))
}

fn workspace(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("throughline.toml", toml);
    write("docs/prd.md", PRD);
    write("src/pay.rs", CODE);
    write("tests/pay_test.rs", TEST);
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `(path, line)` of each finding with `code`, and the messages.
fn with_code(dir: &Path, code: &str) -> (Vec<(String, u64)>, Vec<String>) {
    let out = check(dir, &["--format", "json"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let hits: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect();
    (
        hits.iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect(),
        hits.iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect(),
    )
}

#[test]
fn closed_unverified_fires_on_closed_keys_of_unverified_items_only() {
    let dir = workspace(TOML);
    let all_done = [
        ("PAY-1", "done"),
        ("PAY-2", "done"),
        ("PAY-3", "done"),
        ("PAY-10", "indeterminate"),
    ];
    write(dir.path(), "tracker/jira.json", &jira_json(&all_done));
    let (at, messages) = with_code(dir.path(), "closed-unverified");
    // PAY-2's requirement is implemented and verified; PAY-10 is still in progress.
    assert_eq!(
        at,
        [
            ("docs/prd.md".to_string(), 6),
            ("src/pay.rs".to_string(), 2)
        ]
    );
    assert_eq!(
        messages[0],
        "PAY-1 is Done in jira, but REQ-PAY-1 is not verified"
    );
    // The brief's ticket closes too: its cone has the unverified requirement.
    let brief_done = [("PAY-10", "done"), ("PAY-2", "done")];
    write(dir.path(), "tracker/jira.json", &jira_json(&brief_done));
    let (at, messages) = with_code(dir.path(), "closed-unverified");
    assert_eq!(at, [("docs/prd.md".to_string(), 2)]);
    assert_eq!(
        messages[0],
        "PAY-10 is Done in jira, but REQ-PAY-1 below BRIEF-PAY is not verified"
    );
    // Once the first requirement is verified, nothing is left to flag.
    write(
        dir.path(),
        "tests/capture_test.rs",
        "// Verifies: REQ-PAY-1\n#[test]\nfn once() {}\n",
    );
    write(dir.path(), "tracker/jira.json", &jira_json(&all_done));
    assert!(with_code(dir.path(), "closed-unverified").0.is_empty());
    assert!(with_code(dir.path(), "invalid-tracker-export").0.is_empty());
}

#[test]
fn without_an_export_keys_have_no_status_and_nothing_fires() {
    let toml = TOML.replace("export = \"tracker/jira.json\"\n", "");
    let dir = workspace(&toml);
    let out = check(dir.path(), &["--format", "json", "--deny", "warnings"]);
    let codes: Vec<String> = findings(&out.stdout).into_iter().map(|f| f.0).collect();
    assert!(!codes.iter().any(|c| c == "closed-unverified"), "{codes:?}");
    assert!(
        !codes.iter().any(|c| c == "invalid-tracker-export"),
        "{codes:?}"
    );
    // Only the first requirement's missing test is left: keys are no findings.
    assert_eq!(codes, ["missing-test"]);
}

#[test]
fn jira_csv_and_gh_exports_give_statuses() {
    let toml = format!(
        "{}\n[trackers.github]\nrepo = \"acme/pay\"\nexport = \"tracker/issues.json\"\n",
        TOML.replace("tracker/jira.json", "tracker/jira.csv")
    );
    let dir = workspace(&toml);
    write(
        dir.path(),
        "tracker/jira.csv",
        "\u{feff}Summary,Issue key,Status,Status Category\n\"Capture, once\",PAY-1,Closed,Done\nRefunds,PAY-3,Doing,In Progress\n",
    );
    write(
        dir.path(),
        "tracker/issues.json",
        r#"[{"number": 7, "title": "Capture", "state": "CLOSED", "labels": []}, {"number": 8, "title": "Other", "state": "OPEN", "labels": []}]"#,
    );
    write(
        dir.path(),
        "src/more.rs",
        "// Implements: REQ-PAY-1\n// Tracks: #7, #8, acme/pay#7, other/repo#7\npub fn more() {}\n",
    );
    let (at, messages) = with_code(dir.path(), "closed-unverified");
    assert_eq!(
        at,
        [
            ("docs/prd.md".to_string(), 6),
            ("src/more.rs".to_string(), 2),
            ("src/more.rs".to_string(), 2),
        ],
        "{messages:?}"
    );
    assert_eq!(
        messages[0],
        "PAY-1 is Closed in jira, but REQ-PAY-1 is not verified"
    );
    assert_eq!(
        messages[1],
        "#7 is closed in github, but REQ-PAY-1 is not verified"
    );
    assert_eq!(
        messages[2],
        "acme/pay#7 is closed in github, but REQ-PAY-1 is not verified"
    );
}

#[test]
fn a_malformed_export_is_a_finding_with_its_position_and_the_rest_works() {
    let toml = format!(
        "{TOML}\n[trackers.github]\nrepo = \"acme/pay\"\nexport = \"tracker/issues.json\"\n"
    );
    let dir = workspace(&toml);
    write(
        dir.path(),
        "tracker/jira.json",
        "{\"issues\": [\n  {\"key\": \"PAY-1\",\n",
    );
    write(
        dir.path(),
        "tracker/issues.json",
        r#"[{"number": 7, "title": "Capture", "state": "CLOSED"}]"#,
    );
    write(
        dir.path(),
        "src/more.rs",
        "// Implements: REQ-PAY-1\n// Tracks: #7\npub fn more() {}\n",
    );
    let (at, messages) = with_code(dir.path(), "invalid-tracker-export");
    assert_eq!(at, [("tracker/jira.json".to_string(), 3)]);
    assert!(
        messages[0]
            .starts_with("tracker/jira.json:3:1: the export of tracker `jira` is malformed: EOF"),
        "{messages:?}"
    );
    let (at, _) = with_code(dir.path(), "closed-unverified");
    assert_eq!(at, [("src/more.rs".to_string(), 2)]);
    // A missing export is a finding too, and the human output shows it without a panic.
    std::fs::remove_file(dir.path().join("tracker/jira.json")).unwrap();
    let (_, messages) = with_code(dir.path(), "invalid-tracker-export");
    assert!(messages[0].contains("cannot be read"), "{messages:?}");
    let human = check(dir.path(), &[]);
    assert!(
        human.stdout.contains("invalid-tracker-export"),
        "{}",
        human.stdout
    );
}

#[test]
fn config_errors_name_the_table_and_exit_2() {
    let cases = [
        (
            TOML.replace("PAY-[0-9]+", "PAY-[0-9"),
            "throughline.toml: trackers.jira: `pattern` is not a valid regex",
        ),
        (TOML.replace("{key}", "{id}"), "unknown placeholder `{id}`"),
        (
            TOML.replace("tracker/jira.json", "../outside/jira.json"),
            "`export = \"../outside/jira.json\"` must be a relative path inside the workspace",
        ),
        (
            TOML.replace("tracker/jira.json", "/etc/jira.json"),
            "must be a relative path inside the workspace",
        ),
        (
            format!("{TOML}colour = \"red\"\n"),
            "unknown field `colour`",
        ),
        (
            "[trackers.ops]\nurl = \"https://ops/{key}\"\n".to_string(),
            "trackers.ops: `pattern` is required",
        ),
    ];
    for (toml, wanted) in cases {
        let dir = workspace(&toml);
        let out = check(dir.path(), &[]);
        assert_eq!(out.code, 2, "{toml}\n{}", out.stderr);
        assert!(
            out.stderr.contains(wanted),
            "{toml}\nwanted {wanted}\n{}",
            out.stderr
        );
    }
}
