//! Tracker keys in the editor: document links, hover with the exported status, and
//! `closed-unverified` following the export as it changes.
// Verifies: REQ-TRACKER-LINKS, REQ-TRACKER-STATUS

use super::common::*;
use serde_json::{json, Value};

const SPEC: &str = r#"
//- throughline.toml
[rules]
untraced = "off"

[trackers.jira]
pattern = "PAY-[0-9]+"
url = "https://acme.atlassian.net/browse/{key}"
export = "tracker/jira.json"

[trackers.github]
repo = "acme/pay"
//- docs/prd.md
# BRIEF-PAY: Payments

## REQ-1: Capture once
Derives from: BRIEF-PAY
Agreed in PAY-1 (REQ-1 is no key).
Tracks: #7, other/lib#3
//- src/pay.rs
// Implements: REQ-1
// Tracks: PAY-2
pub fn capture() {}
//- tracker/jira.json
{"issues": [
  {"key": "PAY-1", "fields": {"summary": "Capture payments once", "status": {"name": "In Review", "statusCategory": {"key": "indeterminate"}}}},
  {"key": "PAY-2", "fields": {"summary": "Capture code", "status": {"name": "Done", "statusCategory": {"key": "done"}}}}
]}
"#;

async fn links(client: &mut Client, uri: &str) -> Vec<Value> {
    let v = client
        .request(
            "textDocument/documentLink",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    v.as_array().cloned().unwrap_or_default()
}

fn targets(links: &[Value]) -> Vec<(String, (u64, u64))> {
    links
        .iter()
        .map(|l| {
            (
                l["target"].as_str().unwrap().to_string(),
                start_of(&l["range"]),
            )
        })
        .collect()
}

#[tokio::test]
async fn keys_are_document_links_and_ids_are_not() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let prd = links(&mut client, &fx.uri("docs/prd.md")).await;
    assert_eq!(
        targets(&prd),
        [
            (
                "https://acme.atlassian.net/browse/PAY-1".to_string(),
                (4, 10)
            ),
            ("https://github.com/acme/pay/issues/7".to_string(), (5, 8)),
            ("https://github.com/other/lib/issues/3".to_string(), (5, 12)),
        ]
    );
    assert_eq!(
        prd[0]["tooltip"],
        "PAY-1 · In Review — Capture payments once"
    );
    assert_eq!(prd[1]["tooltip"], "#7 (github)");
    let code = links(&mut client, &fx.uri("src/pay.rs")).await;
    assert_eq!(
        targets(&code),
        [(
            "https://acme.atlassian.net/browse/PAY-2".to_string(),
            (1, 11)
        )]
    );
    client.shutdown().await;
}

#[tokio::test]
async fn hover_shows_the_exported_status_on_keys_and_items() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let hover = |line: u64, character: u64| json!({ "textDocument": { "uri": fx.uri("docs/prd.md") }, "position": { "line": line, "character": character } });
    let on_key = client
        .request("textDocument/hover", hover(4, 12))
        .await
        .unwrap();
    let md = on_key["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**PAY-1** — Capture payments once\n\nStatus: **In Review**"),
        "{md}"
    );
    assert!(
        md.contains("[open](https://acme.atlassian.net/browse/PAY-1)"),
        "{md}"
    );
    assert!(md.contains("Tracks `REQ-1`"), "{md}");
    let on_item = client
        .request("textDocument/hover", hover(2, 4))
        .await
        .unwrap();
    let md = on_item["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**REQ-1** — Capture once"), "{md}");
    for line in [
        "- [PAY-1](https://acme.atlassian.net/browse/PAY-1) — In Review — Capture payments once",
        "- [PAY-2](https://acme.atlassian.net/browse/PAY-2) — Done — Capture code",
        "- [#7](https://github.com/acme/pay/issues/7)",
    ] {
        assert!(md.contains(line), "wanted {line} in\n{md}");
    }
    client.shutdown().await;
}

#[tokio::test]
async fn closed_unverified_follows_the_export() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let code = fx.uri("src/pay.rs");
    let diags = client
        .diagnostics_where(&code, |d| {
            d.iter().any(|x| x["code"] == "closed-unverified")
        })
        .await;
    let hit = diags
        .iter()
        .find(|d| d["code"] == "closed-unverified")
        .unwrap();
    assert_eq!(start_of(&hit["range"]), (1, 11));
    assert!(
        hit["message"]
            .as_str()
            .unwrap()
            .starts_with("PAY-2 is Done in jira, but REQ-1 is not verified\n"),
        "{hit:#?}"
    );
    // PAY-2 is reopened in a new export: the warning goes.
    let export = fx.text("tracker/jira.json").replace(
        r#""name": "Done", "statusCategory": {"key": "done"}"#,
        r#""name": "Reopened", "statusCategory": {"key": "new"}"#,
    );
    std::fs::write(fx.root().join("tracker/jira.json"), export).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": fx.uri("tracker/jira.json"), "type": 2 }] }),
        )
        .await;
    client
        .diagnostics_where(&code, |d| {
            d.iter().all(|x| x["code"] != "closed-unverified")
        })
        .await;
    client.shutdown().await;
}
