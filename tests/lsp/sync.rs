//! Document sync, live diagnostics, workspace handling, encodings and robustness.
// Verifies: REQ-LSP-CORE, REQ-LSP-DIAGNOSTICS, REQ-LSP-WORKSPACE

use crate::common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const SPEC: &str = r#"
//- docs/brief.md
# RM-1: Roadmap
# BRIEF-1: Checkout
Derives from: RM-1
# BRIEF-5: Refunds
Derives from: RM-1

//- docs/prd.md
## REQ-1: Capture once
Derives from: BRIEF-1

## REQ-2: Refunds
Derives from: BRIEF-1

//- src/pay.rs
// Implements: REQ-1
fn capture() {}

#[cfg(test)]
mod tests {
    // Verifies: REQ-1
    #[test]
    fn captures() {}
}
"#;

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}@{}",
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"]
            )
        })
        .collect()
}

fn change(line: u32, character: u32, text: &str) -> Value {
    json!({ "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character } }, "text": text })
}

#[tokio::test]
async fn diagnostics_are_pushed_on_open_and_recomputed_across_files_before_saving() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let brief = fx.uri("docs/brief.md");
    let prd = fx.uri("docs/prd.md");
    // After indexing, every file with findings is published.
    let d = client.diagnostics_where(&brief, |d| !d.is_empty()).await;
    assert_eq!(codes(&d), ["uncovered@3"], "BRIEF-5 is uncovered");
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("no requirement derives from `BRIEF-5` (brief)"));
    assert_eq!(d[0]["source"], "throughline");

    // An unsaved edit in another file clears it.
    client.open(&prd, "markdown", &fx.text("docs/prd.md")).await;
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": prd, "version": 2 }, "contentChanges": [change(4, 21, ", BRIEF-5")] }),
        )
        .await;
    client.diagnostics_where(&brief, |d| d.is_empty()).await;
    assert_eq!(
        fx.text("docs/prd.md").matches("BRIEF-5").count(),
        0,
        "nothing was written to disk"
    );

    // Losing the last test shows missing-test while typing.
    let pay = fx.uri("src/pay.rs");
    client.open(&pay, "rust", &fx.text("src/pay.rs")).await;
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": pay, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 5, "character": 7 }, "end": { "line": 5, "character": 22 } }, "text": "" }] }),
        )
        .await;
    let d = client
        .diagnostics_where(&prd, |d| codes(d).contains(&"missing-test@0".to_string()))
        .await;
    assert_eq!(
        d.iter().find(|x| x["code"] == "missing-test").unwrap()["relatedInformation"][0]["message"],
        "implemented by function `capture`"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn opening_a_file_publishes_its_diagnostics_again() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let brief = fx.uri("docs/brief.md");
    let first = client.diagnostics_where(&brief, |d| !d.is_empty()).await;
    // Published while closed: no version. Opening it, unchanged, publishes the same
    // diagnostics again, now for version 1.
    client
        .open(&brief, "markdown", &fx.text("docs/brief.md"))
        .await;
    let again = client
        .wait_for("diagnostics for the opened file", |v| {
            v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["uri"] == brief
                && v["params"]["version"] == 1
        })
        .await;
    assert_eq!(again["params"]["diagnostics"].as_array().unwrap(), &first);
    client.shutdown().await;
}

#[tokio::test]
async fn pull_diagnostics_when_the_client_asks_for_them() {
    let fx = Fixture::new(SPEC);
    let mut caps = editor_caps();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    let (mut client, init) = Client::start(&[fx.root()], caps, json!({})).await;
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": fx.uri("docs/brief.md") } }),
        )
        .await
        .unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(codes(report["items"].as_array().unwrap()), ["uncovered@3"]);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let _ = client
        .request("workspace/symbol", json!({ "query": "" }))
        .await;
    assert!(
        !client
            .received
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "pull clients get no pushed duplicates"
    );
    client.shutdown().await;
}

/// Final diagnostics after a burst of edits equal a fresh `check` of the same content.
#[tokio::test]
async fn a_burst_of_500_changes_ends_exactly_where_a_fresh_check_does() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let prd = fx.uri("docs/prd.md");
    let original = fx.text("docs/prd.md");
    client.open(&prd, "markdown", &original).await;
    // Type 100 new requirements, character by character in chunks: 500 notifications.
    let mut text = original.clone();
    let mut version = 1;
    for i in 0..100 {
        let line = text.lines().count() as u32;
        let parts = [
            format!("\n## REQ-{}", 10 + i),
            ": Typed".to_string(),
            format!(" {i}\n"),
            "Derives from: ".to_string(),
            if i % 3 == 0 {
                "BRIEF-5\n".to_string()
            } else {
                "BRIEF-9\n".to_string()
            },
        ];
        let mut col_line = line;
        let mut col = 0u32;
        for p in parts {
            version += 1;
            client
                .notify(
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": prd, "version": version }, "contentChanges": [change(col_line, col, &p)] }),
                )
                .await;
            text.push_str(&p);
            for ch in p.chars() {
                if ch == '\n' {
                    col_line += 1;
                    col = 0;
                } else {
                    col += ch.len_utf16() as u32;
                }
            }
        }
    }
    assert_eq!(version, 501);

    // The same content, checked from scratch by the CLI.
    let copy = tempfile::tempdir().unwrap();
    for rel in ["docs/brief.md", "src/pay.rs"] {
        std::fs::create_dir_all(copy.path().join(rel).parent().unwrap()).unwrap();
        std::fs::copy(fx.root().join(rel), copy.path().join(rel)).unwrap();
    }
    std::fs::create_dir_all(copy.path().join("docs")).unwrap();
    std::fs::write(copy.path().join("docs/prd.md"), &text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["check", ".", "--format", "json"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for d in report["diagnostics"].as_array().unwrap() {
        let key = format!(
            "{}@{}:{} {}",
            d["code"].as_str().unwrap(),
            d["line"].as_u64().unwrap() - 1,
            d["column"].as_u64().unwrap() - 1,
            d["message"].as_str().unwrap()
        );
        expected
            .entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .insert(key);
    }
    assert!(
        expected["docs/prd.md"].len() > 100,
        "the burst produced many findings"
    );
    for path in ["docs/brief.md", "docs/prd.md", "src/pay.rs"] {
        let want = expected.get(path).cloned().unwrap_or_default();
        let got = client
            .diagnostics_where(&fx.uri(path), |d| {
                let got: BTreeSet<String> = d
                    .iter()
                    .map(|x| {
                        let msg = x["message"]
                            .as_str()
                            .unwrap()
                            .split("\nhelp:")
                            .next()
                            .unwrap()
                            .to_string();
                        format!(
                            "{}@{}:{} {}",
                            x["code"].as_str().unwrap(),
                            x["range"]["start"]["line"],
                            x["range"]["start"]["character"],
                            msg
                        )
                    })
                    .collect();
                got == want
            })
            .await;
        assert_eq!(got.len(), want.len());
    }
    client.shutdown().await;
}

#[tokio::test]
async fn file_watchers_are_registered_and_disk_changes_apply() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let reg = client
        .wait_for("watcher registration", |m| {
            m["method"] == "client/registerCapability"
        })
        .await;
    assert_eq!(
        reg["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let prd = fx.uri("docs/prd.md");
    client
        .diagnostics_where(&prd, |d| codes(d) == ["missing-impl@3", "missing-test@3"])
        .await;
    // `REQ-2` gets an implementation on disk, outside the editor.
    std::fs::write(
        fx.root().join("src/refund.rs"),
        "// Implements: REQ-2\nfn refund() {}\n",
    )
    .unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": fx.uri("src/refund.rs"), "type": 1 }] }),
        )
        .await;
    client
        .diagnostics_where(&prd, |d| codes(d) == ["missing-test@3"])
        .await;
    // ...and loses it again.
    std::fs::remove_file(fx.root().join("src/refund.rs")).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": fx.uri("src/refund.rs"), "type": 3 }] }),
        )
        .await;
    client
        .diagnostics_where(&prd, |d| codes(d) == ["missing-impl@3", "missing-test@3"])
        .await;
    client.shutdown().await;
}

#[tokio::test]
async fn config_changes_reload_and_a_broken_config_is_reported_in_place() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let prd = fx.uri("docs/prd.md");
    client
        .diagnostics_where(&prd, |d| codes(d) == ["missing-impl@3", "missing-test@3"])
        .await;
    let config = fx.root().join("throughline.toml");
    std::fs::write(&config, "[rules]\nmissing-test = \"off\"\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": fx.uri("throughline.toml"), "type": 1 }] }),
        )
        .await;
    client
        .diagnostics_where(&prd, |d| codes(d) == ["missing-impl@3"])
        .await;

    std::fs::write(
        &config,
        "[rules]\nmissing-test = \"off\"\nbogus = 1\n[workspace\n",
    )
    .unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": fx.uri("throughline.toml"), "type": 2 }] }),
        )
        .await;
    let d = client
        .diagnostics_where(&fx.uri("throughline.toml"), |d| !d.is_empty())
        .await;
    assert_eq!(d[0]["code"], "invalid-config");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("TOML parse error"),
        "{}",
        d[0]["message"]
    );
    // The last good config stays in use.
    let d = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": prd } }),
        )
        .await;
    assert!(d.is_ok());
    client
        .diagnostics_where(&prd, |d| codes(d) == ["missing-impl@3"])
        .await;
    client.shutdown().await;
}

#[tokio::test]
async fn indexing_reports_progress() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    client
        .wait_for("progress create", |m| {
            m["method"] == "window/workDoneProgress/create"
        })
        .await;
    client
        .wait_for("progress begin", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
        })
        .await;
    let end = client
        .wait_for("progress end", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
        })
        .await;
    assert_eq!(
        end["params"]["value"]["message"],
        "Indexed 1 workspace folder(s)"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn multi_root_workspaces_resolve_ids_per_folder() {
    let a = Fixture::new(
        "//- prd.md\n# REQ-1: In folder A\n//- src/a.py\n# Implements: REQ-1\ndef a(): pass\n",
    );
    let b = Fixture::new("//- specs/prd.md\n\n\n# REQ-1: In folder B\n//- b.py\n# Implements: REQ-1\ndef b(): pass\n");
    let (mut client, _) = Client::start(&[a.root(), b.root()], editor_caps(), json!({})).await;
    for (fx, file, want_file, want_line) in [
        (&a, "src/a.py", "prd.md", 0),
        (&b, "b.py", "specs/prd.md", 2),
    ] {
        let result = client
            .request("textDocument/definition", json!({ "textDocument": { "uri": fx.uri(file) }, "position": { "line": 0, "character": 15 } }))
            .await
            .unwrap();
        assert_eq!(result[0]["uri"], fx.uri(want_file));
        assert_eq!(result[0]["range"]["start"]["line"], want_line);
    }
    // Folders can come and go.
    client
        .notify("workspace/didChangeWorkspaceFolders", json!({ "event": { "added": [], "removed": [{ "uri": uri_of(&b.root()), "name": "b" }] } }))
        .await;
    let result = client
        .request("textDocument/definition", json!({ "textDocument": { "uri": b.uri("b.py") }, "position": { "line": 0, "character": 15 } }))
        .await
        .unwrap();
    assert_eq!(result, Value::Null);
    client.shutdown().await;
}

const UNICODE: &str = "//- prd.md\n# REQ-1: Capture\n//- notes.md\n🙂需求 see REQ-1 here\n";

#[tokio::test]
async fn utf16_positions_by_default_with_emoji_and_cjk() {
    let fx = Fixture::new(UNICODE);
    let (mut client, init) = Client::start(&[fx.root()], editor_caps(), json!({})).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    // 🙂 is 2 UTF-16 units, each CJK character 1: `REQ-1` starts at 9.
    let result = client
        .request("textDocument/definition", json!({ "textDocument": { "uri": fx.uri("notes.md") }, "position": { "line": 0, "character": 9 } }))
        .await
        .unwrap();
    assert_eq!(result[0]["uri"], fx.uri("prd.md"));
    let refs = client
        .request("textDocument/references", json!({ "textDocument": { "uri": fx.uri("prd.md") }, "position": { "line": 0, "character": 3 }, "context": { "includeDeclaration": false } }))
        .await
        .unwrap();
    assert_eq!(refs[0]["range"]["start"]["character"], 9);
    assert_eq!(refs[0]["range"]["end"]["character"], 14);
    client.shutdown().await;
}

#[tokio::test]
async fn utf8_positions_when_the_client_offers_them() {
    let fx = Fixture::new(UNICODE);
    let mut caps = editor_caps();
    caps["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
    let (mut client, init) = Client::start(&[fx.root()], caps, json!({})).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let refs = client
        .request("textDocument/references", json!({ "textDocument": { "uri": fx.uri("prd.md") }, "position": { "line": 0, "character": 3 }, "context": { "includeDeclaration": false } }))
        .await
        .unwrap();
    // 🙂 is 4 bytes, each CJK character 3.
    assert_eq!(refs[0]["range"]["start"]["character"], 15);
    client.shutdown().await;
}

#[tokio::test]
async fn bad_input_never_stops_the_server() {
    let fx = Fixture::new(SPEC);
    let (mut client, _) = {
        // A request before initialize is refused, not fatal.
        let mut child_client = Client::start(&[fx.root()], editor_caps(), json!({})).await;
        child_client
            .0
            .request("workspace/symbol", json!({ "query": "" }))
            .await
            .unwrap();
        child_client
    };
    let unknown = "file:///nowhere/at/all.md";
    let hover = client.request("textDocument/hover", json!({ "textDocument": { "uri": unknown }, "position": { "line": 0, "character": 0 } })).await;
    assert_eq!(hover, Ok(Value::Null));
    let past_end = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": fx.uri("docs/prd.md") }, "position": { "line": 9999, "character": 9999 } }))
        .await;
    assert!(past_end.is_ok());
    // Edits to a document that was never opened, a binary buffer, a change past the end.
    client
        .notify("textDocument/didChange", json!({ "textDocument": { "uri": fx.uri("docs/nope.md"), "version": 3 }, "contentChanges": [{ "text": "x" }] }))
        .await;
    client
        .open(&fx.uri("docs/blob.md"), "markdown", "\u{0}\u{1}REQ-1\u{0}")
        .await;
    client
        .open(&fx.uri("docs/new.md"), "markdown", "# REQ-7: New\n")
        .await;
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": fx.uri("docs/new.md"), "version": 2 }, "contentChanges": [change(500, 500, "\nsee REQ-1")] }),
        )
        .await;
    client.request("textDocument/codeAction", json!({ "textDocument": { "uri": fx.uri("docs/new.md") }, "range": { "start": { "line": 99, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [] } })).await.unwrap();
    // Still answering, with the unsaved buffer applied.
    let hover = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": fx.uri("docs/new.md") }, "position": { "line": 2, "character": 6 } }))
        .await
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**REQ-1** — Capture once"),
        "{hover}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn requests_before_initialize_are_refused() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.md"},"position":{"line":0,"character":0}}}"#;
    stdin
        .write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
    stdin.flush().await.unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut reply = String::new();
    let mut buf = vec![0u8; 4096];
    while !reply.contains("\"code\"") {
        let n = tokio::time::timeout(TIMEOUT, stdout.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "server closed stdout: {reply}");
        reply.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(reply.contains("\"code\":-32002"), "{reply}");
    drop(stdin);
    let status = tokio::time::timeout(TIMEOUT, child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.code() != Some(101), "no panic: {status:?}");
}
