//! `untraced-code` in the editor: live on unannotated definitions under
//! `[governance] require-trace`, with quick fixes that link them to the items the
//! suggestions engine ranks first.
// Verifies: REQ-UNTRACED-CODE, REQ-SUGGEST

use super::common::*;

const GOVERNED: &str = r#"
//- throughline.toml
[governance]
require-trace = ["src/**"]
//- docs/prd.md
# BRIEF-PAY: Card payments

# REQ-PAY-1: A payment is captured at most once
Derives from: BRIEF-PAY

# REQ-PAY-2: Refunds return the money to the card
Derives from: BRIEF-PAY

# REQ-PAY-3: Webhooks are signed
Derives from: BRIEF-PAY
//- src/pay.rs
// Implements: REQ-PAY-1
pub fn capture() {}

pub struct Payments;

impl Payments {
    /// Gives the money back to the card.
    pub fn refund_to_card(&self, card: &Card) {
        card.credit_refund();
    }
}
//- scripts/tool.rs
fn not_governed() {}
"#;

#[tokio::test]
async fn untraced_code_is_live_and_its_quick_fix_links_the_best_candidate() {
    let fx = Fixture::new(GOVERNED);
    let mut client = start(&fx).await;
    let uri = fx.uri("src/pay.rs");
    let diags = client
        .diagnostics_where(&uri, |d| d.iter().any(|x| x["code"] == "untraced-code"))
        .await;
    let untraced: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "untraced-code")
        .collect();
    // `capture` is annotated; the method inside the impl is not (and nothing around it is).
    assert_eq!(untraced.len(), 1, "{diags:#?}");
    assert_eq!(start_of(&untraced[0]["range"]), (7, 4));
    assert!(
        untraced[0]["message"]
            .as_str()
            .unwrap()
            .contains("method `Payments::refund_to_card`"),
        "{diags:#?}"
    );
    let actions = actions_at(&mut client, &uri, 7, 10).await;
    let fix = titled(
        &actions,
        "Link to REQ-PAY-2: Refunds return the money to the card",
    );
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "untraced-code");
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "    // Implements: REQ-PAY-2\n");
    assert_eq!(start_of(&edit["range"]), (7, 0));
    // At most three candidates are offered.
    let links = actions
        .iter()
        .filter(|a| a["title"].as_str().unwrap().starts_with("Link to "))
        .count();
    assert!((1..=3).contains(&links), "{links}");
    // Files outside require-trace are not governed.
    let other = client
        .diagnostics_where(&fx.uri("scripts/tool.rs"), |_| true)
        .await;
    assert!(
        other.iter().all(|d| d["code"] != "untraced-code"),
        "{other:#?}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn annotating_the_definition_in_the_open_buffer_clears_untraced_code() {
    let fx = Fixture::new(GOVERNED);
    let mut client = start(&fx).await;
    let uri = fx.uri("src/pay.rs");
    client
        .diagnostics_where(&uri, |d| d.iter().any(|x| x["code"] == "untraced-code"))
        .await;
    // An annotation on the impl covers the methods inside it.
    let text = fx.text("src/pay.rs").replace(
        "impl Payments {",
        "// Implements: REQ-PAY-2\nimpl Payments {",
    );
    client.open(&uri, "rust", &text).await;
    client
        .diagnostics_where(&uri, |d| d.iter().all(|x| x["code"] != "untraced-code"))
        .await;
    client.shutdown().await;
}
