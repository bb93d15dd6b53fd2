//! `[workspace] imports` in the editor: another repository's export covers a brief here,
//! and its items show in the hover.
// Verifies: REQ-IMPORTS

use super::common::*;
use serde_json::json;

const PRODUCT: &str = r#"
//- throughline.toml
[workspace]
imports = ["vendor/traces/*.json"]
//- docs/briefs.md
# Briefs

## BRIEF-A: Covered by a service

## BRIEF-B: Covered by nobody
//- vendor/traces/svc.json
{"format": "throughline-export", "version": 1, "generator": "test", "generated_at": "2026-11-30T00:00:00Z",
 "repository": {"name": "svc"}, "layers": [],
 "items": [{"id": "REQ-SVC-1", "title": "The service does A", "layer": "requirement", "kind": "heading",
            "location": {"path": "docs/prd.md", "line": 3}, "fingerprint": "0123456789abcdef", "text": "The service does A",
            "derives_from": [{"id": "BRIEF-A", "location": {"path": "docs/prd.md", "line": 4}, "state": "reviewed"}]}],
 "annotations": [], "findings": [], "status": []}
//- vendor/traces/broken.json
{"format": "throughline-export",
"#;

#[tokio::test]
async fn an_imported_requirement_covers_a_local_brief_and_a_broken_import_is_shown() {
    let fx = Fixture::new(PRODUCT);
    let mut client = start(&fx).await;
    let briefs = fx.uri("docs/briefs.md");
    let diags = client
        .diagnostics_where(&briefs, |d| d.iter().any(|x| x["code"] == "uncovered"))
        .await;
    let uncovered: Vec<u64> = diags
        .iter()
        .filter(|d| d["code"] == "uncovered")
        .map(|d| start_of(&d["range"]).0)
        .collect();
    assert_eq!(uncovered, vec![4], "only BRIEF-B is uncovered: {diags:#?}");
    let broken = client
        .diagnostics_where(&fx.uri("vendor/traces/broken.json"), |d| !d.is_empty())
        .await;
    assert_eq!(broken[0]["code"], "invalid-import", "{broken:#?}");
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": briefs }, "position": { "line": 2, "character": 5 } }),
        )
        .await
        .expect("hover answers");
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("REQ-SVC-1"), "{text}");
    client.shutdown().await;
}
