//! Test results in the editor: the configured results file changing on disk republishes
//! the diagnostics, and hover shows the result.
// Verifies: REQ-EVIDENCE-EDITOR

use crate::common::{start, Fixture};
use serde_json::json;

const PASSING: &str = r#"<testsuites><testsuite name="pytest">
<testcase classname="tests.test_pay" name="test_refunds" time="0.004"/>
</testsuite></testsuites>
"#;

const FAILING: &str = r#"<testsuites><testsuite name="pytest">
<testcase classname="tests.test_pay" name="test_refunds" time="0.004"><failure message="assert 2 == 3">boom</failure></testcase>
</testsuite></testsuites>
"#;

#[tokio::test]
async fn a_changed_results_file_republishes_failing_test() {
    let fx = Fixture::new(&format!(
        r#"
//- throughline.toml
[evidence]
test-results = ["reports/*.xml"]

[rules]
untraced = "off"
missing-impl = "off"
//- prd.md
# REQ-7: Refunds
//- tests/test_pay.py
# Verifies: REQ-7
def test_refunds():
    assert True
//- reports/pytest.xml
{PASSING}"#
    ));
    let mut client = start(&fx).await;
    let prd = fx.uri("prd.md");
    client
        .diagnostics_where(&prd, |d| !d.iter().any(|x| x["code"] == "failing-test"))
        .await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": prd }, "position": { "line": 0, "character": 4 } }),
        )
        .await
        .unwrap();
    let md = hover["contents"]["value"].as_str().unwrap().to_string();
    assert!(md.contains("verified (tests passed)"), "{md}");
    assert!(md.contains("test `test_refunds` — **passed**"), "{md}");

    std::fs::write(fx.root().join("reports/pytest.xml"), FAILING).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": fx.uri("reports/pytest.xml"), "type": 2 }] }),
        )
        .await;
    let diags = client
        .diagnostics_where(&prd, |d| d.iter().any(|x| x["code"] == "failing-test"))
        .await;
    let failing = diags.iter().find(|x| x["code"] == "failing-test").unwrap();
    assert_eq!(failing["severity"], 1);
    assert!(
        failing["message"]
            .as_str()
            .unwrap()
            .contains("assert 2 == 3"),
        "{failing}"
    );
    let related = &failing["relatedInformation"][0];
    assert!(related["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("tests/test_pay.py"));
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": prd } }),
        )
        .await
        .unwrap();
    let titles = lenses.to_string();
    assert!(titles.contains("1 test (1 failed)"), "{titles}");
    client.shutdown().await;
}
