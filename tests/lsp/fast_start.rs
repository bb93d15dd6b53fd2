//! The server starts the way `check` runs (`REQ-LSP-FAST-START`): the fast path first,
//! symbols parsed in the background with `$/progress`, answers right before the parse
//! ends, and a second start that finds everything in the facts cache.

use crate::common::*;
use serde_json::{json, Value};

const WS: &str = r#"
//- throughline.toml
//- docs/prd.md
# PRD

## REQ-1: Capture once
Payments are captured at most once.

## REQ-2: Refunds
Refunds are recorded.

//- src/pay.py
# Implements: REQ-1
def capture(payment):
    return payment


class Ledger:
    # Implements: REQ-2
    def refund(self, payment):
        pass

//- tests/test_pay.py
def test_capture():
    """Verifies: REQ-1"""
"#;

fn hover_md(v: &Value) -> String {
    v["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn hover_on_req(client: &mut Client, fx: &Fixture, line: u64) -> String {
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": fx.uri("docs/prd.md") },
                    "position": { "line": line, "character": 5 } }),
        )
        .await
        .unwrap();
    hover_md(&hover)
}

// Verifies: REQ-LSP-FAST-START
#[tokio::test]
async fn answers_name_symbols_of_files_no_parse_has_reached_yet() {
    let fx = Fixture::new(WS);
    // No background parse and no cache: every code file stays as the lexer read it
    // until an answer needs it.
    let (mut client, _) = Client::start_env(
        &[fx.root()],
        editor_caps(),
        json!({}),
        &[
            ("THROUGHLINE_LSP_BACKGROUND", "off"),
            ("THROUGHLINE_NO_CACHE", "1"),
        ],
    )
    .await;
    let prd = fx.uri("docs/prd.md");
    // The refunds requirement has no test: the finding's related information names the method, which only
    // a parse of src/pay.py knows.
    let diags = client
        .diagnostics_where(&prd, |d| d.iter().any(|x| x["code"] == "missing-test"))
        .await;
    let related: Vec<String> = diags
        .iter()
        .filter(|d| d["code"] == "missing-test")
        .flat_map(|d| {
            d["relatedInformation"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|r| r["message"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        related
            .iter()
            .any(|m| m == "implemented by method `Ledger.refund`"),
        "{related:?}"
    );
    let md = hover_on_req(&mut client, &fx, 2).await;
    assert!(md.contains("function `capture`"), "{md}");
    assert!(md.contains("test `test_capture`"), "{md}");
    let trace = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "throughline.showTrace", "arguments": ["REQ-1"] }),
        )
        .await
        .unwrap();
    let text = trace.to_string();
    assert!(
        text.contains("capture") && text.contains("test_capture"),
        "{text}"
    );
    client.shutdown().await;
}

fn progress_of<'a>(received: &'a [Value], token: &str) -> Vec<&'a Value> {
    received
        .iter()
        .filter(|v| v["method"] == "$/progress" && v["params"]["token"] == token)
        .collect()
}

// Verifies: REQ-LSP-FAST-START, REQ-CACHE
#[tokio::test]
async fn symbols_are_parsed_in_the_background_with_progress_then_cached() {
    let fx = Fixture::new(WS);
    let mut client = start(&fx).await;
    let end = client
        .wait_for("the end of the symbol parse", |v| {
            v["method"] == "$/progress"
                && v["params"]["token"] == "throughline/symbols"
                && v["params"]["value"]["kind"] == "end"
        })
        .await;
    assert_eq!(end["params"]["value"]["message"], "Symbols ready");
    client.drain();
    let steps = progress_of(&client.received, "throughline/symbols");
    assert_eq!(steps[0]["params"]["value"]["kind"], "begin");
    assert_eq!(steps[0]["params"]["value"]["title"], "Parsing symbols");
    let report = steps
        .iter()
        .find(|v| v["params"]["value"]["kind"] == "report")
        .expect("a progress report");
    let message = report["params"]["value"]["message"].as_str().unwrap();
    assert!(
        message.ends_with(" files") && message.contains('/'),
        "{message}"
    );
    assert!(!progress_of(&client.received, "throughline/indexing").is_empty());
    let md = hover_on_req(&mut client, &fx, 5).await;
    assert!(md.contains("method `Ledger.refund`"), "{md}");
    client.shutdown().await;

    assert!(fx.root().join(".throughline/cache/facts.bin").is_file());
    // The second start finds every file complete in the cache: nothing to parse.
    let mut again = start(&fx).await;
    let md = hover_on_req(&mut again, &fx, 5).await;
    assert!(md.contains("method `Ledger.refund`"), "{md}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    again
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .unwrap();
    again.drain();
    assert!(
        progress_of(&again.received, "throughline/symbols").is_empty(),
        "second start parsed again: {:#?}",
        again.received
    );
    again.shutdown().await;
}
