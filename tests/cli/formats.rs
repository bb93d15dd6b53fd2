//! Machine formats: JSON, SARIF (validated against the 2.1.0 schema), JUnit, GitHub.
// Verifies: REQ-OUTPUT-FORMATS

use crate::common::{check, fixture, repo_path};

pub fn sarif_validator() -> jsonschema::Validator {
    // The OASIS schema's `run.language` pattern has a stray `]` that strict regex engines
    // reject as a schema error; later schema revisions fix it the same way.
    let text = std::fs::read_to_string(repo_path("tests/schemas/sarif-2.1.0.json"))
        .unwrap()
        .replace(
            "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
        );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::new(&schema).expect("the SARIF schema compiles")
}

#[test]
fn json_report_snapshot() {
    let out = check(&fixture("chain-gaps"), &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let root = fixture("chain-gaps").canonicalize().unwrap();
    assert_eq!(
        report["root"],
        root.to_str().unwrap(),
        "paths are relative to the root"
    );
    let root_json = serde_json::to_string(root.to_str().unwrap()).unwrap();
    insta::assert_snapshot!(
        "chain_gaps_json",
        out.stdout.replace(&root_json, "\"[root]\"")
    );
}

#[test]
fn sarif_validates_and_uses_codes_relative_uris_and_rule_metadata() {
    let out = check(&fixture("chain-gaps"), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");

    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for code in [
        "duplicate-id",
        "unknown-ref",
        "untraced",
        "uncovered",
        "missing-impl",
        "missing-test",
    ] {
        assert!(rules.contains(&code), "rule metadata for {code}");
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    let dup = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-id")
        .unwrap();
    let loc = &dup["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "docs/prd.md");
    assert_eq!(loc["region"]["startLine"], 16);
    assert_eq!(loc["region"]["startColumn"], 4);
    assert_eq!(dup["level"], "error");
    assert_eq!(
        dup["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    assert_eq!(out.code, 1);
}

#[test]
fn sarif_of_a_clean_workspace_is_valid_too() {
    let out = check(&fixture("chain-clean"), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(sarif_validator().is_valid(&sarif));
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn junit_has_a_suite_per_rule_and_fails_errors() {
    let out = check(&fixture("chain-gaps"), &["--format", "junit"]);
    let xml = &out.stdout;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut suites, mut cases, mut failures) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testsuite" => suites += 1,
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let rules = throughline::catalog::RULES.len();
    assert_eq!(suites, rules, "one suite per rule code");
    // 7 findings from 6 rules, plus one passing case for each rule with none.
    assert_eq!(cases, 7 + (rules - 6));
    assert_eq!(failures, 3, "only errors fail without --deny warnings");
    let denied = check(
        &fixture("chain-gaps"),
        &["--format", "junit", "--deny", "warnings"],
    );
    assert_eq!(denied.stdout.matches("<failure").count(), 7);
}

#[test]
fn github_annotations_are_workflow_commands() {
    let out = check(&fixture("chain-gaps"), &["--format", "github"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(
        lines.contains(&"::error file=src/app.py,line=11,col=15,endLine=11,endColumn=21,title=throughline unknown-ref::implemented item `REQ-33` is not defined%0Ahelp: did you mean `REQ-3`?"),
        "{}",
        out.stdout
    );
    assert!(lines.iter().filter(|l| l.starts_with("::warning ")).count() == 4);
}

#[test]
fn output_file_gets_the_report_and_stderr_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    let out = check(
        &fixture("chain-gaps"),
        &["--format", "sarif", "--output", target.to_str().unwrap()],
    );
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains("Found 3 errors, 4 warnings"),
        "{}",
        out.stderr
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["runs"][0]["results"].as_array().unwrap().len(), 7);
}
