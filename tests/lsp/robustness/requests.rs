//! Request-level regressions from the hostile-editor run: positions past the end, odd
//! URIs and garbage documents are answered, and diagnostics converge to `check`.
// Verifies: REQ-LSP-CORE

use super::{still_answers, SPEC};
use crate::common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[tokio::test]
async fn positions_past_the_end_and_odd_uris_are_answered() {
    let fx = Fixture::new(SPEC);
    let mut client = start(&fx).await;
    let prd = fx.uri("docs/prd.md");
    let far = json!({ "line": 100_000, "character": 4_000_000 });
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
        "textDocument/prepareRename",
    ] {
        let answer = client
            .request(
                method,
                json!({ "textDocument": { "uri": prd }, "position": far }),
            )
            .await;
        assert!(answer.is_ok(), "{method}: {answer:?}");
    }
    let range = json!({ "start": far, "end": far });
    let actions = client.request("textDocument/codeAction", json!({ "textDocument": { "uri": prd }, "range": range, "context": { "diagnostics": [] } })).await;
    assert!(actions.is_ok(), "{actions:?}");
    let parent = fx.root().join("docs/../../outside.md");
    for uri in [
        "untitled:Untitled-1",
        "foo:bar/baz.md",
        &format!("file://{}", parent.display()),
        "file:///%zz/../x.md",
    ] {
        client
            .open(uri, "markdown", "# REQ-9: Odd\nsee REQ-1\n")
            .await;
        for method in ["textDocument/hover", "textDocument/documentSymbol"] {
            let answer = client
                .request(method, json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 5 } }))
                .await;
            // A URI that is not one (a bad percent escape) is refused as invalid params.
            match answer {
                Err(e) if uri.contains("%zz") => assert_eq!(e["code"], -32602, "{e}"),
                other => assert!(other.is_ok(), "{method} on {uri}: {other:?}"),
            }
        }
    }
    still_answers(&mut client).await;
    client.shutdown().await;
}

/// An alias used inside its own anchor (not YAML), and a valid contract with an alias
/// that contains itself and aliases that multiply. Both on disk, as contracts are found
/// when the workspace is indexed.
const ALIASES: &str = r#"
//- api/loop.yaml
openapi: 3.1.0
a: &a [*a, *a]
b: &b [*a, *a, *a]
paths: *a

//- api/openapi.yaml
openapi: 3.1.0
info: {title: t, version: "1"}
x: &a [1, 2]
y: &b [*a, *a, *a]
z: &c [*b, *b, *b]
paths:
  /p:
    get:
      operationId: getP
      x-requirements: [REQ-1]
      x-loop: &l {self: *l}
"#;

#[tokio::test]
async fn garbage_documents_are_answered() {
    let fx = Fixture::new(&format!("{SPEC}{ALIASES}"));
    let mut client = start(&fx).await;
    let nested: String = (0..2000)
        .map(|depth| format!("{}- REQ-1 level {depth}\n", "  ".repeat(depth)))
        .collect();
    let long_line = format!("see REQ-1 {}", "x".repeat(2 << 20));
    let docs = [
        ("api/openapi.yaml", "yaml", fx.text("api/openapi.yaml")),
        ("api/loop.yaml", "yaml", fx.text("api/loop.yaml")),
        ("docs/nested.md", "markdown", nested),
        ("docs/long.md", "markdown", long_line),
        (
            "docs/binary.md",
            "markdown",
            "\u{0}\u{1}\u{7f}REQ-1\u{0}".repeat(1000),
        ),
    ];
    for (path, language, text) in &docs {
        let uri = fx.uri(path);
        client.open(&uri, language, text).await;
        let hover = client
            .request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 8 } }))
            .await;
        assert!(hover.is_ok(), "{path}: {hover:?}");
        let symbols = client
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
        assert!(symbols.is_ok(), "{path}: {symbols:?}");
    }
    let nested_hover = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": fx.uri("docs/nested.md") }, "position": { "line": 1999, "character": 4000 } }))
        .await
        .unwrap();
    assert!(
        nested_hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**REQ-1**"),
        "{nested_hover}"
    );
    still_answers(&mut client).await;
    // Once the garbage buffers are closed, the diagnostics converge to a fresh `check`.
    for (path, _, _) in &docs {
        client
            .notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": fx.uri(path) } }),
            )
            .await;
    }
    let expected = check_findings(&fx);
    assert!(
        expected.contains(&(
            "api/openapi.yaml".into(),
            "unimplemented-operation".into(),
            7,
            4
        )),
        "{expected:?}"
    );
    for path in [
        "docs/brief.md",
        "docs/prd.md",
        "src/pay.rs",
        "api/openapi.yaml",
        "api/loop.yaml",
    ] {
        let want: BTreeSet<_> = expected
            .iter()
            .filter(|f| f.0 == path)
            .map(|f| (f.1.clone(), f.2, f.3))
            .collect();
        client
            .diagnostics_where(&fx.uri(path), |d| {
                let got: BTreeSet<_> = d
                    .iter()
                    .map(|x| {
                        (
                            x["code"].as_str().unwrap().to_string(),
                            start_of(&x["range"]).0,
                            start_of(&x["range"]).1,
                        )
                    })
                    .collect();
                got == want
            })
            .await;
    }
    client.shutdown().await;
}

/// `(path, code, line, column)` of what `throughline check` reports, 0-based (the
/// fixture is ASCII, so characters are UTF-16 units).
fn check_findings(fx: &Fixture) -> BTreeSet<(String, String, u64, u64)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["check", ".", "--format", "json"])
        .current_dir(fx.root())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = |k: &str| d[k].as_u64().unwrap() - 1;
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                at("line"),
                at("column"),
            )
        })
        .collect()
}
