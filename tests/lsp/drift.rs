//! Drift in the editor: live `suspect-link`, the hover diff, "Mark as reviewed" writing
//! the lock through the review command, reviewing every link of an item, the status
//! code lens, and a broken lock.
// Verifies: REQ-DRIFT-EDITOR, REQ-STATUS

use crate::common::*;
use serde_json::{json, Value};

const CHAIN: &str = r#"
//- docs/roadmap.md
## RM-1: Merchants take card payments

//- docs/brief.md
## BRIEF-1: Card checkout
Derives from: RM-1

One API for card payments.

//- docs/prd.md
## REQ-1: A payment is captured at most once
Derives from: BRIEF-1

Retrying a request with the same key must never create a second charge.

## REQ-2: Merchants can read a payment
Derives from: BRIEF-1

A payment can be read by its id.

//- src/pay.py
# Implements: REQ-1
def capture():
    pass

# Implements: REQ-2
def read():
    pass

//- tests/test_pay.py
# Verifies: REQ-1
def test_capture():
    pass
"#;

/// The fixture, reviewed by the CLI, then `REQ-1` edited on disk.
fn drifted() -> Fixture {
    let fixture = Fixture::new(CHAIN);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["review", "--root"])
        .arg(fixture.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let prd = fixture.root().join("docs/prd.md");
    let text = std::fs::read_to_string(&prd).unwrap();
    std::fs::write(
        &prd,
        text.replace("a second charge", "a second charge or refund"),
    )
    .unwrap();
    fixture
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn mark_as_reviewed_writes_the_lock_and_clears_the_link() {
    let fixture = drifted();
    let mut client = start(&fixture).await;
    let pay = fixture.uri("src/pay.py");
    let test = fixture.uri("tests/test_pay.py");
    let diags = client.diagnostics_where(&pay, |d| !d.is_empty()).await;
    assert_eq!(
        codes(&diags),
        ["suspect-link"],
        "only REQ-1's link in pay.py: {diags:#?}"
    );
    assert_eq!(start_of(&diags[0]["range"]), (0, 14));
    client
        .diagnostics_where(&test, |d| codes(d) == ["suspect-link"])
        .await;

    // Hover shows what changed.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": pay }, "position": { "line": 0, "character": 16 } }),
        )
        .await
        .unwrap();
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("`REQ-1` changed since this link was reviewed"),
        "{md}"
    );
    assert!(
        md.contains("- Retrying a request with the same key must never create a second charge.\n+ Retrying a request with the same key must never create a second charge or refund."),
        "{md}"
    );

    let actions = actions_at(&mut client, &pay, 0, 16).await;
    let fix = titled(&actions, "Mark as reviewed");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "suspect-link");
    let command = &fix["command"];
    assert_eq!(command["command"], "throughline.review");
    let before = fixture.text("throughline.lock");
    let result = client
        .request(
            "workspace/executeCommand",
            json!({ "command": command["command"], "arguments": command["arguments"] }),
        )
        .await
        .unwrap();
    assert_eq!(result["reviewed"], 1, "{result}");
    assert_eq!(result["accepted"], 1, "{result}");
    assert_eq!(result["wrote"], true, "{result}");
    let after = fixture.text("throughline.lock");
    let changed: Vec<&str> = after.lines().filter(|l| !before.contains(*l)).collect();
    assert!(
        changed
            .iter()
            .any(|l| l.starts_with("REQ-1 ") && l.ends_with(" <- src/pay.py")),
        "{changed:#?}"
    );
    assert!(
        after.lines().any(|l| l.starts_with("REQ-1 ")
            && l.ends_with("<- tests/test_pay.py")
            && before.contains(l)),
        "the test's link keeps its old review:\n{after}"
    );
    client.diagnostics_where(&pay, |d| d.is_empty()).await;
    let still = client.diagnostics_where(&test, |d| !d.is_empty()).await;
    assert_eq!(codes(&still), ["suspect-link"]);
    client.shutdown().await;
}

#[tokio::test]
async fn an_item_action_reviews_every_link_below_it_and_status_shows_in_lens() {
    let fixture = drifted();
    let mut client = start(&fixture).await;
    let roadmap = fixture.uri("docs/roadmap.md");
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": roadmap } }),
        )
        .await
        .unwrap();
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["command"]["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"2/2 requirements implemented · 1/2 verified · 1 suspect"),
        "{titles:#?}"
    );

    let prd = fixture.uri("docs/prd.md");
    let actions = actions_at(&mut client, &prd, 0, 5).await;
    let all = titled(&actions, "Mark every link to `REQ-1` as reviewed (2 links)");
    let command = &all["command"];
    client
        .request(
            "workspace/executeCommand",
            json!({ "command": command["command"], "arguments": command["arguments"] }),
        )
        .await
        .unwrap();
    client
        .diagnostics_where(&fixture.uri("tests/test_pay.py"), |d| d.is_empty())
        .await;
    client
        .diagnostics_where(&fixture.uri("src/pay.py"), |d| d.is_empty())
        .await;
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": roadmap } }),
        )
        .await
        .unwrap();
    assert!(
        lenses
            .to_string()
            .contains("2/2 requirements implemented · 1/2 verified · 0 suspect"),
        "{lenses}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn edits_in_the_buffer_flag_and_unflag_live() {
    let fixture = drifted();
    let mut client = start(&fixture).await;
    let prd = fixture.uri("docs/prd.md");
    let pay = fixture.uri("src/pay.py");
    client.diagnostics_where(&pay, |d| !d.is_empty()).await;
    // Typing the reviewed text back (reflowed) makes the link clean again.
    let text = fixture.text("docs/prd.md").replace(
        "Retrying a request with the same key must never create a second charge or refund.",
        "Retrying a request with the same key\nmust never create a second charge.",
    );
    client
        .open(&prd, "markdown", &fixture.text("docs/prd.md"))
        .await;
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": prd, "version": 2 }, "contentChanges": [{ "text": text }] }),
        )
        .await;
    client.diagnostics_where(&pay, |d| d.is_empty()).await;
    // Changing the brief makes the requirements' `Derives from:` lines suspect.
    let brief = fixture.uri("docs/brief.md");
    let brief_text = fixture.text("docs/brief.md");
    client.open(&brief, "markdown", &brief_text).await;
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": brief, "version": 2 }, "contentChanges": [{ "text": brief_text.replace("One API", "A single API") }] }),
        )
        .await;
    let suspect = |d: &[Value]| -> Vec<u64> {
        d.iter()
            .filter(|d| d["code"] == "suspect-link")
            .map(|d| start_of(&d["range"]).0)
            .collect()
    };
    let diags = client
        .diagnostics_where(&prd, |d| suspect(d).len() == 2)
        .await;
    let lines = suspect(&diags);
    assert_eq!(lines, [1, 7]);
    client.shutdown().await;
}

#[tokio::test]
async fn a_broken_lock_is_reported_on_the_lock_file() {
    let fixture = drifted();
    let lock = fixture.root().join("throughline.lock");
    let text = std::fs::read_to_string(&lock).unwrap();
    std::fs::write(&lock, format!("{text}<<<<<<< HEAD\n")).unwrap();
    let mut client = start(&fixture).await;
    let diags = client
        .diagnostics_where(&fixture.uri("throughline.lock"), |d| !d.is_empty())
        .await;
    assert_eq!(codes(&diags), ["invalid-lock"]);
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("merge conflict"),
        "{diags:#?}"
    );
    // No drift is judged meanwhile, and the server keeps answering.
    client
        .diagnostics_where(&fixture.uri("src/pay.py"), |d| d.is_empty())
        .await;
    client.shutdown().await;
}
