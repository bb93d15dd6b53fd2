//! The contract features in the editor: navigation between routes and operations, hover,
//! live diagnostics, the three quick fixes, and a broken contract while typing.
// Verifies: REQ-CONTRACT-EDITOR

use crate::common::*;
use serde_json::{json, Value};

/// A small Express service and its contract: GET /payments/{id} matches, PUT
/// /payments/{id}/capture is a method mismatch (the contract has POST), GET /receipts is
/// undocumented, and `listRefunds` is unimplemented.
const API: &str = r#"
//- throughline.toml
[[layers]]
name = "requirement"
prefix = "REQ"

//- docs/prd.md
## REQ-1: Merchants can read a payment

//- api/openapi.yaml
openapi: 3.1.0
servers:
  - url: https://api.example.com/v1
paths:
  /payments/{paymentId}:
    get:
      operationId: getPayment
      summary: Fetch one payment
      x-requirements: [REQ-1]
      parameters:
        - {name: paymentId, in: path, required: true}
      responses:
        '200': {description: The payment}
  /payments/{paymentId}/capture:
    post:
      operationId: capturePayment
      x-requirements: [REQ-1]
      responses: {}
  /refunds:
    get:
      operationId: listRefunds
      x-requirements: [REQ-1]
      responses: {}

//- src/app.js
const express = require('express');
const app = express();
app.get('/v1/payments/:id', show);
app.put('/v1/payments/:id/capture', capture);
app.get('/v1/receipts', receipts);
// The handler for getPayment is above.
"#;

async fn request(client: &mut Client, method: &str, uri: &str, line: u64, character: u64) -> Value {
    client
        .request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

#[tokio::test]
async fn routes_and_operations_navigate_to_each_other() {
    let fx = Fixture::new(API);
    let mut client = start(&fx).await;
    let app = fx.uri("src/app.js");
    // Route → operation (on the operationId).
    let defs = request(&mut client, "textDocument/definition", &app, 2, 10).await;
    assert_eq!(defs[0]["uri"], fx.uri("api/openapi.yaml"));
    assert_eq!(start_of(&defs[0]["range"]), (6, 19));
    // Operation → handler.
    let spec = fx.uri("api/openapi.yaml");
    let defs = request(&mut client, "textDocument/definition", &spec, 6, 22).await;
    assert_eq!(defs[0]["uri"], app);
    assert_eq!(start_of(&defs[0]["range"]), (2, 8));
    // An operationId mentioned in a comment → the operation.
    let defs = request(&mut client, "textDocument/definition", &app, 5, 22).await;
    assert_eq!(defs[0]["uri"], spec);
    assert_eq!(start_of(&defs[0]["range"]), (6, 19));
    client.shutdown().await;
}

#[tokio::test]
async fn hover_on_a_route_shows_its_operation() {
    let fx = Fixture::new(API);
    let mut client = start(&fx).await;
    let hover = request(
        &mut client,
        "textDocument/hover",
        &fx.uri("src/app.js"),
        2,
        12,
    )
    .await;
    let md = hover["contents"]["value"].as_str().unwrap();
    for want in [
        "GET /payments/{paymentId}",
        "getPayment",
        "Fetch one payment",
        "`paymentId` (path, required)",
        "`200` The payment",
        "**REQ-1** Merchants can read a payment",
    ] {
        assert!(md.contains(want), "{want:?} not in hover:\n{md}");
    }
    client.shutdown().await;
}

#[tokio::test]
async fn contract_diagnostics_and_their_quick_fixes() {
    let fx = Fixture::new(API);
    let mut client = start(&fx).await;
    let app = fx.uri("src/app.js");
    let spec = fx.uri("api/openapi.yaml");
    let diags = client
        .diagnostics_where(&app, |d| {
            d.iter().any(|x| x["code"] == "undocumented-route")
        })
        .await;
    let codes: Vec<(&str, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(codes.contains(&("method-mismatch", 3)), "{codes:?}");
    assert!(codes.contains(&("undocumented-route", 4)), "{codes:?}");
    assert!(
        codes.contains(&("param-name-mismatch", 2)),
        "hint in the editor: {codes:?}"
    );

    // method-mismatch: either side.
    let actions = actions_at(&mut client, &app, 3, 10).await;
    let code_side = titled(&actions, "Change the route's method to POST");
    let edit = &code_side["edit"]["changes"][app.as_str()][0];
    assert_eq!(edit["newText"], "post");
    assert_eq!(start_of(&edit["range"]), (3, 4));
    let spec_side = titled(
        &actions,
        "Change the contract's `POST /payments/{paymentId}/capture` to `put`",
    );
    assert_eq!(
        spec_side["edit"]["changes"][spec.as_str()][0]["newText"],
        "put"
    );

    // undocumented-route: a stub operation in the contract, without the base path.
    let actions = actions_at(&mut client, &app, 4, 10).await;
    let fix = titled(&actions, "Add `GET /receipts` to api/openapi.yaml");
    let edit = &fix["edit"]["changes"][spec.as_str()][0];
    let text = edit["newText"].as_str().unwrap();
    assert!(
        text.starts_with("  /receipts:\n    get:\n      operationId: getReceipts\n"),
        "{text}"
    );
    assert_eq!(start_of(&edit["range"]), (23, 0), "after the last path");

    // unimplemented-operation: a handler in the neighbours' framework and style.
    let actions = actions_at(&mut client, &spec, 19, 4).await;
    let fix = titled(
        &actions,
        "Create a handler stub for `GET /refunds` in src/app.js (express)",
    );
    let edit = &fix["edit"]["changes"][app.as_str()][0];
    let text = edit["newText"].as_str().unwrap();
    assert!(
        text.starts_with("app.get('/v1/refunds', (req, res) => {"),
        "{text}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn a_broken_contract_is_reported_and_its_last_good_model_stays() {
    let fx = Fixture::new(API);
    let mut client = start(&fx).await;
    let spec = fx.uri("api/openapi.yaml");
    let app = fx.uri("src/app.js");
    client
        .diagnostics_where(&app, |d| d.iter().any(|x| x["code"] == "method-mismatch"))
        .await;
    let broken = fx
        .text("api/openapi.yaml")
        .replace("paths:\n", "paths:\n  /x: [oops\n");
    client.open(&spec, "yaml", &broken).await;
    let diags = client
        .diagnostics_where(&spec, |d| d.iter().any(|x| x["code"] == "invalid-contract"))
        .await;
    let bad = diags
        .iter()
        .find(|d| d["code"] == "invalid-contract")
        .unwrap();
    assert!(bad["message"]
        .as_str()
        .unwrap()
        .contains("cannot be parsed"));
    // The routes still match the last readable operations: no flood of undocumented routes.
    let app_diags = client
        .diagnostics_where(&app, |d| d.iter().any(|x| x["code"] == "method-mismatch"))
        .await;
    assert_eq!(
        app_diags
            .iter()
            .filter(|d| d["code"] == "undocumented-route")
            .count(),
        1,
        "{app_diags:#?}"
    );
    client.shutdown().await;
}
