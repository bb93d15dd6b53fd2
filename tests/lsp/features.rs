//! One test per editor feature, on a small workspace with the whole chain.
// Verifies: REQ-LSP-NAV, REQ-LSP-HOVER, REQ-LSP-ACTIONS, REQ-LSP-EDITING

use crate::common::*;
use serde_json::{json, Value};

/// The chain: `RM-1` → `BRIEF-PAY` → `REQ-1` (implemented, tested), `REQ-4` (implemented
/// only), `REQ-2` (nothing), `REQ-3` (untraced); `BRIEF-5` is uncovered.
const CHAIN: &str = r#"
//- docs/roadmap.md
# RM-1: Payments

//- docs/brief.md
# BRIEF-PAY: Checkout brief
Derives from: RM-1

# BRIEF-5: Refund brief
Derives from: RM-1

//- docs/prd.md
# PRD

## REQ-1: Capture once 🙂
Derives from: BRIEF-PAY

Payments are captured at most once.

### REQ-1-A: Sub requirement
Derives from: BRIEF-PAY, REQ-1

## REQ-2: Refunds are tracked
Derives from: BRIEF-PAY

## REQ-3: Untraced requirement about checkout

## REQ-4: Implemented only
Derives from: BRIEF-PAY

//- docs/runbook.md
# Runbook

🙂需求 REQ-1 is the capture rule; REQ-11 is a typo.

//- src/pay.py
# Implements: REQ-1, REQ-1-A
def capture(payment):
    return payment


# Implements: REQ-4
def refund(payment):
    pass


def audit(payment):
    return None

//- tests/test_pay.py
def test_capture():
    """Verifies: REQ-1, REQ-1-A"""
    assert True
"#;

fn with_cursor(spec: &str, file: &str, needle: &str, offset_in_needle: usize) -> Fixture {
    // Places `$0` inside the first occurrence of `needle` in `file`.
    let header = format!("//- {file}\n");
    let start = spec.find(&header).expect("file in fixture") + header.len();
    let at = start + spec[start..].find(needle).expect("needle in file") + offset_in_needle;
    Fixture::new(&format!("{}$0{}", &spec[..at], &spec[at..]))
}

async fn at_cursor(client: &mut Client, fx: &Fixture, method: &str, extra: Value) -> Value {
    let (uri, position) = fx.cursor();
    let mut params = json!({ "textDocument": { "uri": uri }, "position": position });
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    client
        .request(method, params)
        .await
        .unwrap_or_else(|e| panic!("{method} failed: {e}"))
}

#[tokio::test]
async fn definition_from_code_annotation_to_heading() {
    let fx = with_cursor(CHAIN, "src/pay.py", "REQ-1,", 2);
    let mut client = start(&fx).await;
    let result = at_cursor(&mut client, &fx, "textDocument/definition", json!({})).await;
    let loc = &result[0];
    assert_eq!(loc["uri"], fx.uri("docs/prd.md"));
    assert_eq!(start_of(&loc["range"]), (2, 3));
    client.shutdown().await;
}

#[tokio::test]
async fn references_list_implementations_tests_links_and_mentions() {
    let fx = with_cursor(CHAIN, "docs/prd.md", "REQ-1:", 1);
    let mut client = start(&fx).await;
    let result = at_cursor(
        &mut client,
        &fx,
        "textDocument/references",
        json!({ "context": { "includeDeclaration": true } }),
    )
    .await;
    let mut got: Vec<(String, u64, u64)> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let (line, ch) = start_of(&l["range"]);
            (
                l["uri"]
                    .as_str()
                    .unwrap()
                    .rsplit_once(&*fx.root().to_string_lossy())
                    .unwrap()
                    .1
                    .to_string(),
                line,
                ch,
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("/docs/prd.md".to_string(), 2, 3),
            ("/docs/prd.md".to_string(), 8, 25),
            ("/docs/runbook.md".to_string(), 2, 5),
            ("/src/pay.py".to_string(), 0, 14),
            ("/tests/test_pay.py".to_string(), 1, 17),
        ]
    );
    client.shutdown().await;
}

#[tokio::test]
async fn hover_shows_title_layer_status_text_and_chain_with_links() {
    let fx = with_cursor(CHAIN, "src/pay.py", "REQ-1,", 0);
    let mut client = start(&fx).await;
    let hover = at_cursor(&mut client, &fx, "textDocument/hover", json!({})).await;
    let md = hover["contents"]["value"].as_str().unwrap();
    for expected in [
        "**REQ-1** — Capture once 🙂",
        "*requirement* · implemented · verified",
        "Payments are captured at most once.",
        "**Upstream**",
        "**BRIEF-PAY** Checkout brief",
        "  - **RM-1** Payments",
        "**Derived**\n\n- **REQ-1-A** Sub requirement",
        "**Implemented by**",
        "- function `capture` — [src/pay.py:1](file://",
        "**Verified by**",
        "- test `test_capture` — [tests/test_pay.py:2](file://",
    ] {
        assert!(md.contains(expected), "hover lacks {expected:?}:\n{md}");
    }
    assert_eq!(start_of(&hover["range"]), (0, 14));

    // Hovering the keyword of an annotation line shows the requirement's text too.
    let hover = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": fx.uri("src/pay.py") }, "position": { "line": 5, "character": 3 } }))
        .await
        .unwrap();
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**REQ-4** — Implemented only"), "{md}");
    assert!(md.contains("not verified"), "{md}");
    client.shutdown().await;
}

#[tokio::test]
async fn completion_offers_ids_with_titles_after_keywords() {
    let spec = CHAIN.replace(
        "def audit(payment):",
        "# Implements: RE\ndef audit(payment):",
    );
    let fx = with_cursor(&spec, "src/pay.py", "Implements: RE\n", 14);
    let mut client = start(&fx).await;
    let result = at_cursor(&mut client, &fx, "textDocument/completion", json!({})).await;
    let items = result["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["REQ-1", "REQ-1-A", "REQ-2", "REQ-3", "REQ-4"]);
    let req2 = items.iter().find(|i| i["label"] == "REQ-2").unwrap();
    assert_eq!(req2["detail"], "Refunds are tracked");
    assert_eq!(req2["labelDetails"]["description"], "requirement");
    assert_eq!(
        start_of(&req2["textEdit"]["range"]),
        (10, 14),
        "replaces the typed `RE`"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn rename_changes_the_definition_and_every_occurrence() {
    let fx = with_cursor(CHAIN, "tests/test_pay.py", "REQ-1,", 1);
    let mut client = start(&fx).await;
    let prepared = at_cursor(&mut client, &fx, "textDocument/prepareRename", json!({})).await;
    assert_eq!(prepared["placeholder"], "REQ-1");
    assert_eq!(start_of(&prepared["range"]), (1, 17));
    let edit = at_cursor(
        &mut client,
        &fx,
        "textDocument/rename",
        json!({ "newName": "REQ-100" }),
    )
    .await;
    let changes = edit["changes"].as_object().unwrap();
    let count = |file: &str| {
        changes
            .get(&fx.uri(file))
            .map_or(0, |v| v.as_array().unwrap().len())
    };
    assert_eq!(
        (
            count("docs/prd.md"),
            count("docs/runbook.md"),
            count("src/pay.py"),
            count("tests/test_pay.py")
        ),
        (2, 1, 1, 1)
    );
    assert!(changes
        .values()
        .flat_map(|v| v.as_array().unwrap())
        .all(|e| e["newText"] == "REQ-100"));

    let (uri, position) = fx.cursor();
    let err = client
        .request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": position, "newName": "REQ-2" }),
        )
        .await
        .unwrap_err();
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("`REQ-2` is already defined"),
        "{err}"
    );
    let err = client
        .request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": position, "newName": "req one" }),
        )
        .await
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("not a valid ID"),
        "{err}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn code_lens_counts_implementations_tests_and_derived_items() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": fx.uri("docs/prd.md") } }),
        )
        .await
        .unwrap();
    let titles: Vec<(u64, &str)> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                start_of(&l["range"]).0,
                l["command"]["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(titles[0], (2, "1 implementation · 1 test · 1 derived"));
    assert_eq!(titles[2], (10, "0 implementations · 0 tests · 0 derived"));
    let refs = &lenses[0]["command"]["arguments"][2];
    assert_eq!(
        refs.as_array().unwrap().len(),
        4,
        "clicking shows the references: {refs}"
    );
    assert_eq!(
        lenses[0]["command"]["command"],
        "throughline.showReferences"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn inlay_hints_show_titles_after_ids_in_code() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let hints = client
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": fx.uri("src/pay.py") }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 20, "character": 0 } } }),
        )
        .await
        .unwrap();
    let got: Vec<(u64, u64, &str)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["position"]["character"].as_u64().unwrap(),
                h["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (0, 19, ": Capture once 🙂"),
            (0, 28, ": Sub requirement"),
            (5, 19, ": Implemented only")
        ]
    );
    client.shutdown().await;
}

#[tokio::test]
async fn document_and_workspace_symbols() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": fx.uri("docs/prd.md") } }),
        )
        .await
        .unwrap();
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "REQ-1: Capture once 🙂",
            "REQ-2: Refunds are tracked",
            "REQ-3: Untraced requirement about checkout",
            "REQ-4: Implemented only"
        ]
    );
    assert_eq!(
        symbols[0]["children"][0]["name"],
        "REQ-1-A: Sub requirement"
    );
    assert_eq!(symbols[0]["detail"], "requirement");

    let found = client
        .request("workspace/symbol", json!({ "query": "refund" }))
        .await
        .unwrap();
    let mut names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["BRIEF-5: Refund brief", "REQ-2: Refunds are tracked"]
    );
    client.shutdown().await;
}

#[tokio::test]
async fn show_trace_command_returns_the_chain_as_json() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let trace = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "throughline.showTrace", "arguments": ["REQ-1"] }),
        )
        .await
        .unwrap();
    assert_eq!(trace["id"], "REQ-1");
    assert_eq!(trace["upstream"][0]["id"], "BRIEF-PAY");
    assert_eq!(trace["upstream"][0]["upstream"][0]["id"], "RM-1");
    assert_eq!(trace["derived"][0]["id"], "REQ-1-A");
    assert_eq!(trace["implemented_by"][0]["symbol"], "function `capture`");
    assert_eq!(trace["implemented_by"][0]["uri"], fx.uri("src/pay.py"));
    assert_eq!(trace["verified_by"][0]["line"], 2);
    let err = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "throughline.nope", "arguments": [] }),
        )
        .await
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("unknown command"));
    client.shutdown().await;
}

#[tokio::test]
async fn quick_fix_replaces_an_unknown_id_with_the_closest() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let actions = actions_at(&mut client, &fx.uri("docs/runbook.md"), 2, 34).await;
    let fix = titled(&actions, "Replace with `REQ-1`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "unknown-ref");
    let edits = &fix["edit"]["changes"][fx.uri("docs/runbook.md")];
    assert_eq!(edits[0]["newText"], "REQ-1");
    assert_eq!(start_of(&edits[0]["range"]), (2, 32));
    client.shutdown().await;
}

#[tokio::test]
async fn quick_fix_adds_derives_from_for_untraced_items() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let actions = actions_at(&mut client, &fx.uri("docs/prd.md"), 13, 4).await;
    // "checkout" in `REQ-3`'s title matches the checkout brief, which ranks first.
    let fix = titled(&actions, "Add `Derives from: BRIEF-PAY` (Checkout brief)");
    assert_eq!(fix["isPreferred"], true);
    let edit = &fix["edit"]["changes"][fx.uri("docs/prd.md")][0];
    assert_eq!(edit["newText"], "Derives from: BRIEF-PAY\n");
    assert_eq!(start_of(&edit["range"]), (14, 0));
    titled(&actions, "Add `Derives from: BRIEF-5` (Refund brief)");
    client.shutdown().await;
}

#[tokio::test]
async fn refactor_adds_an_implements_annotation_to_the_function_under_the_cursor() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let actions = actions_at(&mut client, &fx.uri("src/pay.py"), 11, 8).await;
    // Unimplemented items come first.
    let first = actions.iter().find(|a| a["kind"] == "refactor").unwrap();
    assert_eq!(
        first["title"],
        "Add `Implements: REQ-2` to `audit` (Refunds are tracked)"
    );
    let edit = &first["edit"]["changes"][fx.uri("src/pay.py")][0];
    assert_eq!(edit["newText"], "# Implements: REQ-2\n");
    assert_eq!(start_of(&edit["range"]), (10, 0));
    client.shutdown().await;
}

#[tokio::test]
async fn quick_fix_writes_a_missing_test_stub_that_clears_the_warning() {
    let fx = Fixture::new(CHAIN);
    let mut client = start(&fx).await;
    let prd = fx.uri("docs/prd.md");
    let diags = client
        .diagnostics_where(&prd, |d| d.iter().any(|x| x["code"] == "missing-test"))
        .await;
    let missing_req4 = diags
        .iter()
        .find(|d| d["code"] == "missing-test" && d["range"]["start"]["line"] == 15)
        .expect("REQ-4 missing-test");
    let related = &missing_req4["relatedInformation"][0];
    assert_eq!(related["message"], "implemented by function `refund`");
    assert_eq!(related["location"]["uri"], fx.uri("src/pay.py"));

    let actions = actions_at(&mut client, &prd, 15, 4).await;
    let fix = titled(&actions, "Create missing test stub in tests/test_pay.py");
    let edit = &fix["edit"]["changes"][fx.uri("tests/test_pay.py")][0];
    let text = edit["newText"].as_str().unwrap();
    assert!(
        text.contains("def test_req_4():\n    \"\"\"Verifies: REQ-4"),
        "{text}"
    );
    assert_eq!(start_of(&edit["range"]), (3, 0), "appended at the end");

    // Apply it as the editor would, then tell the server the file changed on disk.
    let mut content = fx.text("tests/test_pay.py");
    content.push_str(text);
    std::fs::write(fx.root().join("tests/test_pay.py"), content).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": fx.uri("tests/test_pay.py"), "type": 2 }] }),
        )
        .await;
    client
        .diagnostics_where(&prd, |d| {
            !d.iter()
                .any(|x| x["code"] == "missing-test" && x["range"]["start"]["line"] == 15)
        })
        .await;
    client.shutdown().await;
}

#[tokio::test]
async fn test_stub_creates_a_go_test_file_with_a_create_operation() {
    let fx = Fixture::new(
        r#"
//- prd.md
# REQ-9: Scores fraud
//- svc/fraud/rules.go
package fraud

// Implements: REQ-9
func Score() int { return 1 }
"#,
    );
    let mut client = start(&fx).await;
    let actions = actions_at(&mut client, &fx.uri("prd.md"), 0, 3).await;
    let fix = titled(
        &actions,
        "Create missing test stub in svc/fraud/rules_test.go",
    );
    let ops = fix["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], fx.uri("svc/fraud/rules_test.go"));
    let text = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(text.starts_with("package fraud\n\nimport \"testing\"\n// Verifies: REQ-9\nfunc TestReq9(t *testing.T) {"), "{text}");
    assert!(
        !fx.root().join("svc/fraud/rules_test.go").exists(),
        "nothing is written until the user accepts"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn the_in_process_harness_drives_the_same_backend() {
    let fx = with_cursor(CHAIN, "src/pay.py", "REQ-4", 1);
    let (mut client, init) = Client::in_process(&[fx.root()], editor_caps(), json!({})).await;
    assert_eq!(init["serverInfo"]["name"], "throughline");
    client
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .unwrap();
    let result = at_cursor(&mut client, &fx, "textDocument/definition", json!({})).await;
    assert_eq!(result[0]["uri"], fx.uri("docs/prd.md"));
    assert_eq!(start_of(&result[0]["range"]), (15, 3));
    let d = client
        .diagnostics_where(&fx.uri("docs/brief.md"), |d| !d.is_empty())
        .await;
    assert_eq!(d[0]["code"], "uncovered");
    client.shutdown().await;
}
