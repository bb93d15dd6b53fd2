//! `throughline mcp` over raw stdio: lines no SDK would send (not JSON, invalid UTF-8,
//! lone surrogates, deep nesting, a line over the size limit) each get a JSON-RPC error
//! or are repaired, and the next request is served. The answers themselves are tested
//! with the official Python SDK (tests/mcp).
// Verifies: REQ-MCP-SERVER, REQ-LSP-FRAMING

use crate::common::fixture;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Server {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl Server {
    fn start(ws: &std::path::Path, limit: Option<&str>) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_throughline"));
        cmd.args(["mcp", "."])
            .current_dir(ws)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(l) = limit {
            cmd.env("THROUGHLINE_MAX_MESSAGE", l);
        }
        let mut child = cmd.spawn().expect("throughline mcp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            stdin,
            lines,
        };
        s.send_raw(
            json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{
                "protocolVersion":"2025-06-18","capabilities":{},
                "clientInfo":{"name":"raw","version":"0"}}})
            .to_string()
            .as_bytes(),
        );
        let init = s.next();
        assert_eq!(init["id"], 0, "{init}");
        assert_eq!(
            init["result"]["serverInfo"]["name"], "throughline",
            "{init}"
        );
        s.send_raw(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        s
    }

    fn send_raw(&mut self, line: &[u8]) {
        self.stdin.write_all(line).unwrap();
        self.stdin.write_all(b"\n").unwrap();
        self.stdin.flush().unwrap();
    }

    fn next(&mut self) -> Value {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    }

    /// A `findings` call with `id`, and its answer.
    fn findings(&mut self, id: u64) -> Value {
        let call = json!({"jsonrpc":"2.0","id":id,"method":"tools/call",
            "params":{"name":"findings","arguments":{"limit":1}}});
        self.send_raw(call.to_string().as_bytes());
        let answer = self.next();
        assert_eq!(answer["id"], id, "{answer}");
        assert!(
            answer["result"]["structuredContent"]["total"].is_u64(),
            "{answer}"
        );
        answer
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The error reply to a bad line, then a served request.
fn refused_then_served(s: &mut Server, line: &[u8], id: u64) -> Value {
    s.send_raw(line);
    let reply = s.next();
    assert!(reply["error"]["code"].is_i64(), "{reply}");
    s.findings(id);
    reply
}

#[test]
fn bad_lines_get_json_rpc_errors_and_the_next_request_is_served() {
    let ws = fixture("chain-gaps");
    let mut s = Server::start(&ws, Some("1000000"));
    let r = refused_then_served(&mut s, b"this is not json", 1);
    assert_eq!(r["error"]["code"], -32700, "{r}");
    refused_then_served(
        &mut s,
        b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"\xff\xfe\"}",
        2,
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    refused_then_served(&mut s, deep.as_bytes(), 3);
    let huge = format!(
        r#"{{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{{"name":"trace","arguments":{{"id":"{}"}}}}}}"#,
        "x".repeat(2_000_000)
    );
    let r = refused_then_served(&mut s, huge.as_bytes(), 4);
    assert!(
        r["error"]["message"].as_str().unwrap().contains("limit"),
        "{r}"
    );
    let r = refused_then_served(&mut s, br#"{"jsonrpc":"2.0","id":5}"#, 5);
    assert_eq!(r["id"], 5, "{r}");
    let r = refused_then_served(
        &mut s,
        br#"{"jsonrpc":"1.0","id":60,"method":"tools/list"}"#,
        6,
    );
    assert_eq!(r["id"], 60, "{r}");
}

#[test]
fn a_lone_surrogate_is_repaired_and_the_call_answered() {
    let ws = fixture("chain-gaps");
    let mut s = Server::start(&ws, None);
    // `\ud800` alone is not a Unicode scalar: serde refuses it, so the transport
    // replaces it by U+FFFD and the call reaches the tool (an unknown ID).
    s.send_raw(
        br#"{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"trace","arguments":{"id":"REQ-\ud800"}}}"#,
    );
    let answer = s.next();
    assert_eq!(answer["id"], 11, "{answer}");
    assert_eq!(answer["result"]["isError"], true, "{answer}");
    let text = answer["result"]["content"][0]["text"].as_str().unwrap();
    assert!(text.contains("REQ-\u{FFFD}"), "{text}");
    // Unknown tools and methods are JSON-RPC errors; the server goes on.
    s.send_raw(br#"{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"nope"}}"#);
    let e = s.next();
    assert_eq!(e["error"]["code"], -32602, "{e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("nope"),
        "{e}"
    );
    s.send_raw(br#"{"jsonrpc":"2.0","id":13,"method":"no/such/method"}"#);
    let e = s.next();
    assert_eq!(e["id"], 13, "{e}");
    assert!(e["error"]["code"].is_i64(), "{e}");
    s.findings(14);
}

#[test]
fn a_workspace_with_a_broken_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("throughline.toml"), "no_such_key = 1\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["mcp", "."])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no_such_key"), "{err}");
}
