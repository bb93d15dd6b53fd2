//! `throughline export` and `throughline report` on the demo, as a CI job runs them.

use crate::common::{check, findings, repo_path, run_in};
use std::collections::BTreeSet;

fn export_of(dir: &std::path::Path) -> serde_json::Value {
    let out = run_in(dir, &["export", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("the export is JSON")
}

// Verifies: REQ-EXPORT
#[test]
fn the_export_matches_its_published_schema_and_the_schema_file_is_current() {
    let demo = repo_path("examples/payments");
    let schema_out = run_in(&demo, &["export", "--schema"]);
    assert_eq!(schema_out.code, 0);
    let on_disk = std::fs::read_to_string(repo_path("docs/export.schema.json")).unwrap();
    assert_eq!(
        schema_out.stdout, on_disk,
        "docs/export.schema.json is out of date: run `throughline export --schema > docs/export.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&on_disk).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let export = export_of(&demo);
    let errors: Vec<String> = validator
        .iter_errors(&export)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(export["format"], "throughline-export");
    assert_eq!(export["version"], 1);
}

// Verifies: REQ-EXPORT
#[test]
fn the_export_holds_what_check_and_status_report() {
    let demo = repo_path("examples/payments");
    let export = export_of(&demo);
    // Findings: the same (code, path, line) as `check --format json`.
    let checked: BTreeSet<_> = findings(&check(&demo, &["--format", "json"]).stdout)
        .into_iter()
        .collect();
    let exported: BTreeSet<(String, String, u64)> = export["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["location"]["path"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(!checked.is_empty());
    assert_eq!(exported, checked);
    // Status: the same roll-up as `status --format json`.
    let status = run_in(&demo, &["status", ".", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(export["status"], status);
    // Items: every item `trace` knows, with its upstream links.
    let items = export["items"].as_array().unwrap();
    let req = items.iter().find(|i| i["id"] == "REQ-PAY-4").unwrap();
    assert_eq!(req["layer"], "requirement");
    assert_eq!(req["fingerprint"].as_str().unwrap().len(), 16);
    let ups: Vec<&str> = req["derives_from"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    let trace = run_in(&demo, &["trace", "REQ-PAY-4", ".", "--format", "json"]);
    let trace: serde_json::Value = serde_json::from_str(&trace.stdout).unwrap();
    let traced: Vec<&str> = trace["upstream"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ups, traced);
    // Annotations are named even though `check`'s fast path reads code without symbols:
    // every symbol `trace` shows for the item is in the export.
    let names: BTreeSet<String> = export["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["target"] == "REQ-PAY-4")
        .map(|a| {
            format!(
                "{}:{}",
                a["location"]["path"].as_str().unwrap(),
                a["location"]["line"]
            )
        })
        .collect();
    for site in trace["implemented_by"]
        .as_array()
        .unwrap()
        .iter()
        .chain(trace["verified_by"].as_array().unwrap())
    {
        let key = format!("{}:{}", site["path"].as_str().unwrap(), site["line"]);
        assert!(names.contains(&key), "{key} missing from {names:?}");
    }
    let unnamed = export["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["symbol_kind"] != "file" && a["symbol"] == "")
        .count();
    assert_eq!(unnamed, 0, "every annotation on a symbol names it");
}

// Verifies: REQ-EXPORT
#[test]
fn export_writes_to_a_file_with_output_and_says_why_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let demo = repo_path("examples/payments");
    let file = dir.path().join("trace.json");
    let out = run_in(&demo, &["export", ".", "--output", file.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(v["repository"]["name"], "payments");
    let bad = dir.path().join("missing/dir/trace.json");
    let out = run_in(&demo, &["export", ".", "--output", bad.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot write") && out.stderr.contains("trace.json"),
        "{}",
        out.stderr
    );
    let out = run_in(&demo, &["export", ".", "--format", "xml"]);
    assert_eq!(out.code, 2, "an unknown format is a usage error");
}

// Verifies: REQ-REPORT
#[test]
fn the_report_is_one_page_that_fetches_nothing_and_carries_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let demo = repo_path("examples/payments");
    let out = run_in(&demo, &["report", ".", "--output", page.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(
        html.contains("default-src 'none'"),
        "a CSP forbids every request"
    );
    for external in ["src=\"http", "href=\"http", "<link ", "@import", "url(http"] {
        assert!(!html.contains(external), "{external} in the page");
    }
    // The data block holds the export, parseable as the page's script parses it.
    let start = html
        .find("<script type=\"application/json\" id=\"data\">")
        .unwrap();
    let body = &html[start..];
    let json = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["export"]["format"], "throughline-export");
    let svg = data["graphs"]["RM-1"]["svg"].as_str().unwrap();
    assert!(
        svg.contains("data-key=\"REQ-PAY-1\""),
        "the chain picture draws RM-1's requirements"
    );
    // Without a source-url the links are relative to the page: the workspace root.
    assert_eq!(data["links"]["template"], serde_json::Value::Null);
}

// Verifies: REQ-REPORT
#[test]
fn source_url_templates_are_checked_and_used() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&repo_path("examples/payments"), dir.path());
    let config = dir.path().join("throughline.toml");
    let base = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{base}\n[report]\nsource-url = \"https://x.test/{{branch}}/{{path}}\"\n"),
    )
    .unwrap();
    let out = run_in(dir.path(), &["report", "."]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown placeholder `{branch}`"),
        "{}",
        out.stderr
    );
    std::fs::write(
        &config,
        format!(
            "{base}\n[report]\nsource-url = \"https://x.test/blob/{{rev}}/{{path}}#L{{line}}\"\n"
        ),
    )
    .unwrap();
    let out = run_in(dir.path(), &["report", ".", "-o", "r.html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("https://x.test/blob/{rev}/{path}#L{line}"));
    // Not a git repository: `{rev}` falls back to HEAD.
    assert!(html.contains("\"rev\":\"HEAD\""));
}

// Verifies: REQ-EXPORT, REQ-TRACKER-STATUS, REQ-EVIDENCE-RULES
#[test]
fn a_done_ticket_over_a_failing_requirement_is_closed_unverified_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&repo_path("examples/payments"), dir.path());
    // The demo's Jira export has PAYM-101 done; it tracks the capture requirement, whose ledger test
    // fails in these results (as pytest writes them).
    let junit = r#"<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="1" failures="1">
<testcase classname="services.ledger.tests.test_ledger" name="test_second_capture_of_same_payment_is_refused" time="0.01"><failure message="AssertionError: captured twice">x</failure></testcase>
</testsuite></testsuites>"#;
    std::fs::write(dir.path().join("pytest.xml"), junit).unwrap();
    let before = findings(&check(dir.path(), &["--format", "json"]).stdout);
    assert!(
        !before.iter().any(|(c, _, _)| c == "closed-unverified"),
        "{before:?}"
    );
    let out = check(
        dir.path(),
        &["--format", "json", "--test-results", "pytest.xml"],
    );
    let after = findings(&out.stdout);
    assert!(
        after.contains(&(
            "closed-unverified".to_string(),
            "services/api/src/payments.ts".to_string(),
            44
        )),
        "{after:?}"
    );
    // One finding per tracked item: the first requirement is failing; the second one's tests are not in
    // these results, so with results it is not verified either.
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let messages: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "closed-unverified")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "PAYM-101 is Done in jira, but REQ-PAY-1 is failing",
            "PAYM-101 is Done in jira, but REQ-PAY-5 is not verified"
        ]
    );
    let export = run_in(dir.path(), &["export", ".", "--test-results", "pytest.xml"]);
    let export: serde_json::Value = serde_json::from_str(&export.stdout).unwrap();
    let paym = export["trackers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "PAYM-101")
        .unwrap();
    assert_eq!(
        (paym["status"].as_str(), paym["category"].as_str()),
        (Some("Done"), Some("done"))
    );
    let failed = export["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["symbol"] == "test_second_capture_of_same_payment_is_refused")
        .unwrap();
    assert_eq!(failed["result"]["outcome"], "failed");
    assert_eq!(
        failed["result"]["message"],
        "AssertionError: captured twice"
    );
    assert_eq!(export["evidence"]["cases"], 1);
    assert_eq!(export["evidence"]["unmatched"], 0);
}
