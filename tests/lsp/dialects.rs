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
    workspace_of("kiro")
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
    let items = completion_at(&mut client, &test, 1, 28).await;
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
    assert_eq!(
        labels_at(&mut client, &tasks, line, 25).await,
        ["3.1", "3.2"]
    );
    client.shutdown().await;
}

/// Reference locations as `path:line` (0-based), relative to `ws`.
fn places(ws: &Path, locs: &serde_json::Value) -> Vec<String> {
    let root = uri_of(ws);
    let mut out: Vec<String> = locs
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap();
            let rel = uri
                .strip_prefix(&root)
                .unwrap_or(uri)
                .trim_start_matches('/');
            format!("{rel}:{}", l["range"]["start"]["line"])
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn kiro_prose_mentions_navigate_and_are_found_as_references() {
    let (_dir, ws) = kiro_workspace();
    let (mut client, _) = Client::start(std::slice::from_ref(&ws), editor_caps(), json!({})).await;
    client
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .expect("indexed");
    let reqs = uri_of(&ws.join(".kiro/specs/user-auth/requirements.md"));
    // References of criterion 2.1 (line 28 of requirements.md): the task that cites it
    // and the design's prose mention "Sessions follow Requirement 2.1".
    let refs = client
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": reqs }, "position": { "line": 27, "character": 0 },
                    "context": { "includeDeclaration": false } }),
        )
        .await
        .expect("references");
    let got = places(&ws, &refs);
    assert!(
        got.contains(&".kiro/specs/user-auth/design.md:10".to_string()),
        "{got:?}"
    );
    // Criterion 1.2: the comment in src/auth/login.py mentions it (the feature comes
    // from the `Feature:` line above it).
    let refs = client
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": reqs }, "position": { "line": 15, "character": 0 },
                    "context": { "includeDeclaration": false } }),
        )
        .await
        .expect("references");
    let got = places(&ws, &refs);
    assert!(got.contains(&"src/auth/login.py:3".to_string()), "{got:?}");
    // Definition from the mention in design.md goes to the criterion.
    let design = uri_of(&ws.join(".kiro/specs/user-auth/design.md"));
    let text = std::fs::read_to_string(ws.join(".kiro/specs/user-auth/design.md")).unwrap();
    client.open(&design, "markdown", &text).await;
    let col = text.lines().nth(10).unwrap().find("2.1").unwrap() as u32;
    let def = client
        .request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": design }, "position": { "line": 10, "character": col } }),
        )
        .await
        .expect("definition");
    let loc = if def.is_array() { def[0].clone() } else { def };
    assert_eq!(loc["uri"], reqs, "{loc:#?}");
    assert_eq!(loc["range"]["start"]["line"], 27, "{loc:#?}");
    // The unknown `9.9` on the same line is prose about another product: no finding.
    let d = client.diagnostics_where(&design, |_| true).await;
    assert!(!d.iter().any(|x| x["code"] == "unknown-ref"), "{d:#?}");
    client.shutdown().await;
}

fn workspace_of(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures")
            .join(name),
        &ws,
    );
    let ws = ws.canonicalize().unwrap();
    (dir, ws)
}

async fn completion_at(
    client: &mut Client,
    uri: &str,
    line: u64,
    character: u64,
) -> Vec<serde_json::Value> {
    let items = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .await
        .expect("completion");
    items
        .as_array()
        .cloned()
        .unwrap_or_else(|| items["items"].as_array().cloned().unwrap_or_default())
}

async fn labels_at(client: &mut Client, uri: &str, line: u64, character: u64) -> Vec<String> {
    completion_at(client, uri, line, character)
        .await
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn speckit_ids_complete_bare_when_the_feature_is_known_and_qualified_otherwise() {
    // Verifies: REQ-DIALECT-SPECKIT
    let (_dir, ws) = workspace_of("speckit");
    let (mut client, _) = Client::start(std::slice::from_ref(&ws), editor_caps(), json!({})).await;
    client
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .expect("indexed");
    let new = uri_of(&ws.join("src/albums/new.py"));
    // Two features: without a path, the IDs are qualified.
    let text = "# Implements: FR-00\n# see specs/001-photo-albums/spec.md\n# Implements: FR-00\n";
    client.open(&new, "python", text).await;
    let got = labels_at(&mut client, &new, 0, 19).await;
    assert_eq!(
        got,
        [
            "001-photo-albums/FR-001",
            "001-photo-albums/FR-002",
            "001-photo-albums/FR-003",
            "002-sharing/FR-001"
        ]
    );
    // The path above names the feature: bare IDs of that feature only.
    let got = labels_at(&mut client, &new, 2, 19).await;
    assert_eq!(got, ["FR-001", "FR-002", "FR-003"]);
    client.shutdown().await;
}

#[tokio::test]
async fn openspec_requirements_complete_and_the_archive_navigates() {
    // Verifies: REQ-DIALECT-OPENSPEC
    let (_dir, ws) = workspace_of("openspec");
    let (mut client, _) = Client::start(std::slice::from_ref(&ws), editor_caps(), json!({})).await;
    client
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .expect("indexed");
    let new = uri_of(&ws.join("tests/test_new.py"));
    client
        .open(&new, "python", "# Verifies: openspec:auth/us\n")
        .await;
    let got = labels_at(&mut client, &new, 0, 28).await;
    assert_eq!(got, ["openspec:auth/user-login"]);
    // The archived change that first added User Login is found from the requirement.
    let spec = uri_of(&ws.join("openspec/specs/auth/spec.md"));
    let refs = client
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": spec }, "position": { "line": 8, "character": 18 },
                    "context": { "includeDeclaration": false } }),
        )
        .await
        .expect("references");
    let got = places(&ws, &refs);
    assert!(
        got.contains(&"openspec/changes/archive/2025-01-01-old/specs/auth/spec.md:2".to_string()),
        "{got:?}"
    );
    client.shutdown().await;
}
