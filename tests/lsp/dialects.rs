//! The Kiro dialect in the editor: live diagnostics on a tasks.md, definition and hover
//! from the criteria a test's `Validates:` comment and a task cite, and an edit that
//! renumbers criteria flagging the task that cited them.
// Verifies: REQ-DIALECT-KIRO, REQ-DIALECT-CHECKS

use crate::common::*;
use serde_json::json;
use std::path::Path;

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

fn kiro_workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/kiro"),
        &ws,
    );
    let ws = ws.canonicalize().unwrap();
    (dir, ws)
}

#[tokio::test]
async fn kiro_items_navigate_hover_and_report_while_typing() {
    let (_dir, ws) = kiro_workspace();
    let (mut client, _) = Client::start(std::slice::from_ref(&ws), editor_caps(), json!({})).await;
    let tasks = uri_of(&ws.join(".kiro/specs/user-auth/tasks.md"));
    let test = uri_of(&ws.join("tests/test_login.py"));
    let reqs = uri_of(&ws.join(".kiro/specs/user-auth/requirements.md"));
    // Pushed for the unopened tasks.md: the two done tasks without evidence.
    let d = client
        .diagnostics_where(&tasks, |d| {
            d.iter().filter(|x| x["code"] == "done-unverified").count() == 2
        })
        .await;
    assert!(
        d.iter().any(|x| x["message"]
            .as_str()
            .unwrap()
            .contains("src/auth/session.py")),
        "{d:#?}"
    );
    // Definition from `1.2` in `**Validates: Requirements 1.1, 1.2**` (line 6 of the test).
    let text = std::fs::read_to_string(ws.join("tests/test_login.py")).unwrap();
    client.open(&test, "python", &text).await;
    let line = text
        .lines()
        .position(|l| l.contains("Validates: Requirements 1.1, 1.2"))
        .unwrap();
    let col = text.lines().nth(line).unwrap().find("1.2").unwrap() as u32 + 1;
    let def = client
        .request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": test }, "position": { "line": line, "character": col } }),
        )
        .await
        .expect("definition");
    let loc = if def.is_array() { def[0].clone() } else { def };
    assert_eq!(loc["uri"], reqs, "{loc:#?}");
    assert_eq!(
        loc["range"]["start"]["line"], 15,
        "criterion 1.2 is the second item of requirement 1"
    );
    // Hover on a task's citation shows the criterion.
    let tasks_text = std::fs::read_to_string(ws.join(".kiro/specs/user-auth/tasks.md")).unwrap();
    client.open(&tasks, "markdown", &tasks_text).await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": tasks }, "position": { "line": 4, "character": 19 } }),
        )
        .await
        .expect("hover");
    let shown = hover.to_string();
    assert!(
        shown.contains("WHEN a user submits a correct password"),
        "{shown}"
    );
    // Typing: untick task 2, and its finding goes away before saving.
    let at = tasks_text
        .lines()
        .position(|l| l.starts_with("- [x] 2."))
        .unwrap() as u32;
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": tasks, "version": 2 }, "contentChanges": [
                { "range": { "start": { "line": at, "character": 3 }, "end": { "line": at, "character": 4 } }, "text": " " }
            ] }),
        )
        .await;
    let d = client
        .diagnostics_where(&tasks, |d| {
            d.iter().filter(|x| x["code"] == "done-unverified").count() == 1
        })
        .await;
    assert!(
        !d.iter()
            .any(|x| x["message"].as_str().unwrap().contains("session.py")),
        "{d:#?}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn kiro_criteria_complete_where_they_are_cited() {
    let (_dir, ws) = kiro_workspace();
    let (mut client, _) = Client::start(std::slice::from_ref(&ws), editor_caps(), json!({})).await;
    client
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .expect("indexed");
    let test = uri_of(&ws.join("tests/test_new.py"));
    let text = "# Feature: user-auth\n# Validates: Requirements 1.\n";
    client.open(&test, "python", text).await;
    let items = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": test }, "position": { "line": 1, "character": 28 } }),
        )
        .await
        .expect("completion");
    let items = items
        .as_array()
        .cloned()
        .unwrap_or_else(|| items["items"].as_array().cloned().unwrap_or_default());
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["1.1", "1.2", "1.3"], "{items:#?}");
    // The typed `1.` is replaced, not appended to.
    assert_eq!(
        items[0]["textEdit"]["range"]["start"]["character"], 26,
        "{:#?}",
        items[0]
    );
    assert_eq!(
        items[1]["detail"],
        "WHEN a user submits a wrong password THEN the system SHALL refuse the sign-in"
    );
    // In a tasks.md the feature is the file's own; `3` narrows to requirement 3.
    let tasks = uri_of(&ws.join(".kiro/specs/user-auth/tasks.md"));
    let text = std::fs::read_to_string(ws.join(".kiro/specs/user-auth/tasks.md")).unwrap()
        + "  - _Requirements: 2.1, 3\n";
    let line = text.lines().count() as u64 - 1;
    client.open(&tasks, "markdown", &text).await;
    let items = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": tasks }, "position": { "line": line, "character": 25 } }),
        )
        .await
        .expect("completion");
    let items = items
        .as_array()
        .cloned()
        .unwrap_or_else(|| items["items"].as_array().cloned().unwrap_or_default());
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["3.1", "3.2"], "{items:#?}");
    client.shutdown().await;
}
