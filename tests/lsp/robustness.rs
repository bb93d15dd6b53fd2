//! A hostile client over stdio: bad frames, bad bodies and bad requests. After each, a
//! real request must still be answered.
// Verifies: REQ-LSP-FRAMING, REQ-LSP-CORE

use crate::common::*;
use serde_json::{json, Value};

mod requests;

const SPEC: &str = r#"
//- docs/brief.md
# RM-1: Roadmap
# BRIEF-1: Checkout
Derives from: RM-1

//- docs/prd.md
## REQ-1: Capture once
Derives from: BRIEF-1

//- src/pay.rs
// Implements: REQ-1
fn capture() {}

// Verifies: REQ-1
#[test]
fn captures() {}
"#;

fn frame(body: &str) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

fn request_body(id: i64, method: &str, params: Value) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string()
}

/// The server still answers: a real request, with a real answer.
async fn still_answers(client: &mut Client) {
    let found = client
        .request("workspace/symbol", json!({ "query": "REQ-1" }))
        .await
        .expect("workspace/symbol answered");
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["REQ-1: Capture once"]);
}

/// The next error reply that satisfies `pred`.
async fn error_reply(client: &mut Client, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    client
        .wait_for(what, |v| v.get("error").is_some() && pred(v))
        .await
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_a_parse_error_and_the_server_goes_on() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    client
        .write_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 5, "))
        .await;
    let reply = error_reply(&mut client, "parse error", |_| true).await;
    assert_eq!(reply["error"]["code"], -32700);
    assert_eq!(reply["id"], Value::Null);
    still_answers(&mut client).await;
    client.shutdown().await;
}

#[tokio::test]
async fn non_messages_get_invalid_request_where_they_have_an_id() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    client
        .write_raw(&frame(r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#))
        .await;
    let array = error_reply(&mut client, "array refused", |v| v["id"].is_null()).await;
    assert_eq!(array["error"]["code"], -32600);
    still_answers(&mut client).await;

    client
        .write_raw(&frame(r#"{"jsonrpc":"2.0","id":901,"method":42}"#))
        .await;
    let numeric = error_reply(&mut client, "numeric method refused", |v| v["id"] == 901).await;
    assert_eq!(numeric["error"]["code"], -32600);
    assert!(numeric["error"]["message"]
        .as_str()
        .unwrap()
        .contains("method"));
    // A notification with a numeric method is only logged; an id tower-lsp-server cannot
    // hold (not an i64) is refused with that id.
    client
        .write_raw(&frame(r#"{"jsonrpc":"2.0","method":42}"#))
        .await;
    client
        .write_raw(&frame(r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#))
        .await;
    let fractional = error_reply(&mut client, "fractional id refused", |v| v["id"] == 1.5).await;
    assert_eq!(fractional["error"]["code"], -32600);
    still_answers(&mut client).await;
    let stray = client
        .received
        .iter()
        .filter(|v| v.get("error").is_some())
        .count();
    assert_eq!(
        stray, 3,
        "one reply per refused request: {:#?}",
        client.received
    );
    client.shutdown().await;
}

/// A `textDocument/didOpen` body whose text holds `\ud800` escapes where `text` has `@`.
fn open_with_surrogates(uri: &str, text: &str) -> String {
    let body = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } } });
    body.to_string().replace('@', "\\ud800")
}

#[tokio::test]
async fn lone_surrogates_are_repaired_and_positions_stay_in_utf16() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let uri = fx.uri("docs/notes.md");
    // Line 2: one lone surrogate (one UTF-16 unit for the client), "ab ", then the ID at 4.
    client
        .write_raw(&frame(&open_with_surrogates(
            &uri,
            "# Notes\n\n@ab REQ-1 and REQ-77\n",
        )))
        .await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 5 } }),
        )
        .await
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**REQ-1** — Capture once"),
        "{hover}"
    );
    assert_eq!(start_of(&hover["range"]), (2, 4));
    let diags = client.diagnostics_where(&uri, |d| !d.is_empty()).await;
    assert_eq!(diags[0]["code"], "unknown-ref");
    assert_eq!(
        start_of(&diags[0]["range"]),
        (2, 14),
        "REQ-77 after `@ab REQ-1 and `"
    );

    // An emoji split at its UTF-16 boundary into two edits: two lone halves, each one
    // unit, so the ID moves by two units as it does in the client.
    for (at, half) in [(0, "\\ud83d"), (1, "\\ude00")] {
        let change = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": { "textDocument": { "uri": uri, "version": 2 + at }, "contentChanges": [{ "range": { "start": { "line": 2, "character": at }, "end": { "line": 2, "character": at } }, "text": "HALF" }] } });
        client
            .write_raw(&frame(&change.to_string().replace("HALF", half)))
            .await;
    }
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 7 } }),
        )
        .await
        .unwrap();
    assert_eq!(start_of(&hover["range"]), (2, 6), "{hover}");
    client.shutdown().await;
}

#[tokio::test]
async fn garbage_and_headers_without_content_length_are_skipped_to_the_next_frame() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    // A didOpen behind a header block without Content-Length: skipped, so the document
    // stays unknown (changes apply in order, so a later hover would see it).
    let uri = fx.uri("docs/lost.md");
    let lost = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": "see REQ-1\n" } } });
    let mut bytes = format!("Content-Type: application/vscode-jsonrpc\r\n\r\n{lost}").into_bytes();
    bytes.extend_from_slice(b"this is not a header\r\n\r\n\x00\xff\xfe garbage ");
    bytes.extend_from_slice(b"Content-Length: twelve\r\n\r\n");
    client.write_raw(&bytes).await;
    still_answers(&mut client).await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 5 } }),
        )
        .await;
    assert_eq!(
        hover,
        Ok(Value::Null),
        "a body without a frame is not served"
    );
    // The same didOpen, framed, is.
    client.write_raw(&frame(&lost.to_string())).await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 5 } }),
        )
        .await
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**REQ-1**"),
        "{hover}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn an_oversized_message_is_refused_and_skipped() {
    let fx = Fixture::new(SPEC);
    let env = [("THROUGHLINE_MAX_MESSAGE", "4096")];
    let (mut client, _) = Client::start_env(&[fx.root()], editor_caps(), json!({}), &env).await;
    let uri = fx.uri("docs/big.md");
    let big = format!("# Big\n\nsee REQ-1\n{}\n", "filler ".repeat(2000));
    let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": big } } });
    client.write_raw(&frame(&open.to_string())).await;
    let refused = error_reply(&mut client, "oversize refused", |v| v["id"].is_null()).await;
    assert_eq!(refused["error"]["code"], -32600);
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("over the limit of 4096 bytes"),
        "{message}"
    );
    still_answers(&mut client).await;
    // The skipped didOpen never reached the server: the file is unknown to it.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 5 } }),
        )
        .await;
    assert_eq!(hover, Ok(Value::Null));
    client.shutdown().await;
}

#[tokio::test]
async fn extra_headers_shared_writes_and_single_bytes_all_work() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let symbols = |id| request_body(id, "workspace/symbol", json!({ "query": "BRIEF" }));
    let body = symbols(701);
    let with_type = format!("Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}", body.len());
    client.write_raw(with_type.as_bytes()).await;
    let mut two = frame(&symbols(702));
    two.extend(frame(&symbols(703)));
    client.write_raw(&two).await;
    for byte in frame(&symbols(704)) {
        client.write_raw(&[byte]).await;
    }
    for id in 701..=704 {
        let reply = client.wait_for("symbols reply", |v| v["id"] == id).await;
        assert_eq!(reply["result"][0]["name"], "BRIEF-1: Checkout", "{reply}");
    }
    still_answers(&mut client).await;
    client.shutdown().await;
}

#[tokio::test]
async fn end_of_input_in_the_middle_of_a_body_ends_the_server_cleanly() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    client
        .write_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",")
        .await;
    let status = client.close_and_wait().await;
    assert_eq!(status.code(), Some(0), "{status:?}");
}
