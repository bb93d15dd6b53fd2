//! Editor settings (as the VS Code extension sends them) laid over `throughline.toml`:
//! at start-up in `initializationOptions`, live in `didChangeConfiguration`.
// Verifies: REQ-CONFIG

use crate::common::*;
use serde_json::{json, Value};

const WS: &str = r#"
//- throughline.toml
[[layers]]
name = "requirement"
prefix = "REQ"
needs = ["test"]

//- docs/prd.md
## REQ-1: Payments are captured once

Unlike REQ-9, this one is written.

//- src/pay.py
# Implements: REQ-1
def capture():
    pass

//- legacy/old.py
# Implements: REQ-404
def old():
    pass
"#;

fn codes(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[tokio::test]
async fn editor_settings_override_severities_and_excludes_live() {
    let fixture = Fixture::new(WS);
    let options = json!({
        "rules": { "missing-test": "off", "no-such-rule": "error", "unknown-ref": "loud" },
        "workspace": { "exclude": ["legacy/**"] }
    });
    let mut client = start_with(&fixture, editor_caps(), options).await;
    let prd = fixture.uri("docs/prd.md");
    let legacy = fixture.uri("legacy/old.py");
    // The file is indexed (its item is found) but `missing-test` is off, and the excluded
    // file's unknown ID is not reported; bad entries are ignored, not fatal.
    let symbols = client
        .request("workspace/symbol", json!({ "query": "REQ-1" }))
        .await
        .unwrap();
    assert_eq!(symbols.as_array().unwrap().len(), 1, "{symbols}");
    let diags = client.diagnostics_where(&prd, |d| !d.is_empty()).await;
    assert_eq!(
        codes(&diags),
        [("unknown-ref".to_string(), 1)],
        "no missing-test: {diags:#?}"
    );
    client.diagnostics_where(&legacy, |d| d.is_empty()).await;

    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "throughline": { "rules": { "missing-test": "error" } } } }),
        )
        .await;
    let diags = client.diagnostics_where(&prd, |d| d.len() == 2).await;
    assert_eq!(
        codes(&diags),
        [
            ("missing-test".to_string(), 1),
            ("unknown-ref".to_string(), 1)
        ],
        "missing-test is now an error: {diags:#?}"
    );
    let diags = client.diagnostics_where(&legacy, |d| !d.is_empty()).await;
    assert_eq!(
        codes(&diags),
        [("unknown-ref".to_string(), 1)],
        "no longer excluded: {diags:#?}"
    );
    client.shutdown().await;
}
