// Verifies: REQ-LSP-FRAMING
//! The whole transport in memory: a scripted client input, an echo server, and the
//! frames that reach "stdout".

use super::*;
use crate::stdio::{content_length, ndjson};
use serde_json::json;

/// Answers every request with `{"echo": method}`, until its input ends.
async fn echo_server(framing: Framing, transport: Transport) {
    let Transport {
        mut input,
        mut output,
        finished,
    } = transport;
    let mut decoder = framing.decoder(usize::MAX);
    let mut chunk = vec![0u8; 4096];
    let mut events = Vec::new();
    while let Ok(n @ 1..) = input.read(&mut chunk).await {
        decoder.push(&chunk[..n], &mut events);
        for event in events.drain(..) {
            let Event::Message(body) = event else {
                panic!("bad frame {event:?}")
            };
            let msg: Value = serde_json::from_slice(&body).unwrap();
            if let Some(id) = msg.get("id") {
                let answer =
                    json!({ "jsonrpc": "2.0", "id": id, "result": { "echo": msg["method"] } });
                let framed = framing.frame(&serde_json::to_vec(&answer).unwrap());
                output.write_all(&framed).await.unwrap();
            }
        }
    }
    drop(output);
    finished.await.unwrap();
}

/// Runs the transport over `input` and returns the messages written out, sorted by id.
async fn run(framing: Framing, limit: usize, extra: ExtraCheck, input: Vec<u8>) -> Vec<Value> {
    let (stdout, mut stdout_reader) = tokio::io::duplex(1 << 16);
    let options = Options {
        framing,
        limit,
        extra,
    };
    let transport = start(std::io::Cursor::new(input), stdout, options);
    let server = tokio::spawn(echo_server(framing, transport));
    let mut written = Vec::new();
    stdout_reader.read_to_end(&mut written).await.unwrap();
    server.await.unwrap();
    let mut decoder = framing.decoder(usize::MAX);
    let mut events = Vec::new();
    decoder.push(&written, &mut events);
    assert_eq!(decoder.finish(&mut events), None, "whole frames only");
    let mut out: Vec<Value> = events
        .into_iter()
        .map(|e| match e {
            Event::Message(m) => serde_json::from_slice(&m).unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    out.sort_by_key(|v| v["id"].to_string());
    out
}

fn any(_: &Value) -> Result<(), &'static str> {
    Ok(())
}

fn request(id: i64, method: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({ "jsonrpc": "2.0", "id": id, "method": method })).unwrap()
}

fn codes(out: &[Value]) -> Vec<(String, Value)> {
    out.iter()
        .map(|v| {
            (
                v["id"].to_string(),
                v.get("error")
                    .map_or(v["result"].clone(), |e| e["code"].clone()),
            )
        })
        .collect()
}

#[tokio::test]
async fn bad_lsp_frames_are_answered_and_the_next_request_is_served() {
    let mut input = Vec::new();
    for body in [
        &b"{not json"[..],
        b"[1,2]",
        br#"{"jsonrpc":"2.0","id":2,"method":7}"#,
    ] {
        input.extend(content_length::frame(body));
    }
    input.extend_from_slice(b"Content-Type: nothing else\r\n\r\ngarbage");
    input.extend(content_length::frame(&vec![b' '; 2000]));
    input.extend(content_length::frame(&request(3, "ping")));
    let out = run(Framing::ContentLength, 1000, any, input).await;
    assert_eq!(
        codes(&out),
        [
            ("2".to_string(), json!(-32600)),
            ("3".to_string(), json!({ "echo": "ping" })),
            ("null".to_string(), json!(-32700)),
            ("null".to_string(), json!(-32600)),
            ("null".to_string(), json!(-32600)),
        ]
    );
    let oversize = out.iter().find(|v| {
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("2000 bytes"))
    });
    assert!(oversize.is_some(), "{out:#?}");
}

#[tokio::test]
async fn the_extra_check_answers_requests_it_refuses() {
    fn integer_ids(v: &Value) -> Result<(), &'static str> {
        match v.get("id") {
            Some(Value::Number(n)) if n.as_i64().is_none() => Err("ids must be integers"),
            _ => Ok(()),
        }
    }
    let mut input = content_length::frame(br#"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#);
    input.extend(content_length::frame(&request(4, "after")));
    let out = run(Framing::ContentLength, 1000, integer_ids, input).await;
    assert_eq!(out[0]["id"], json!(1.5));
    assert_eq!(
        out[0]["error"]["message"],
        "Invalid request: ids must be integers"
    );
    assert_eq!(out[1]["result"]["echo"], "after");
}

#[tokio::test]
async fn ndjson_lines_that_are_not_messages_get_errors() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let big_string = "x".repeat(3 << 20);
    let big = json!({ "jsonrpc": "2.0", "id": 8, "method": big_string }).to_string();
    let mut input = Vec::new();
    for line in [
        &b"not json"[..],
        b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\"}",
        deep.as_bytes(),
        big.as_bytes(),
    ] {
        input.extend(ndjson::frame(line));
    }
    input.extend(ndjson::frame(&vec![b'y'; 5 << 20]));
    input.extend(ndjson::frame(&request(9, "last")));
    let out = run(Framing::Ndjson, 4 << 20, any, input).await;
    let summary: Vec<_> = codes(&out)
        .into_iter()
        .map(|(id, r)| (id, if r.is_object() { json!("answered") } else { r }))
        .collect();
    assert_eq!(
        summary,
        [
            ("8".to_string(), json!("answered")),
            ("9".to_string(), json!("answered")),
            ("null".to_string(), json!(-32700)),
            ("null".to_string(), json!(-32700)),
            ("null".to_string(), json!(-32700)),
            ("null".to_string(), json!(-32600)),
        ]
    );
}
