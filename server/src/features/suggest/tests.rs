use super::*;
use crate::config::Config;
use crate::ids::IdScanner;
use crate::workspace::{index_bytes, Outcome};
use std::sync::Arc;

const PRD: &str = "\
# BRIEF-PAY: Card payments

# REQ-PAY-1: A payment is captured at most once
Derives from: BRIEF-PAY

Retried capture requests with the same idempotency key return the first response.

# REQ-PAY-2: Refunds return the money to the card
Derives from: BRIEF-PAY

A refund of a captured payment credits the card it was taken from.

# REQ-PAY-3: Webhooks are signed
Derives from: BRIEF-PAY

Every webhook event we send carries an HMAC signature header.

# DES-LEDGER: Double-entry ledger
Derives from: REQ-PAY-1

Each capture posts two ledger entries that balance.

# RB-1: Rotate the webhook secret

Steps to rotate the signing secret of webhooks.
";

fn graph() -> Graph {
    let config = Config::default_config();
    let scanner = IdScanner::new(&config.prefixes());
    let Outcome::Facts(facts, _) = index_bytes("docs/prd.md", PRD.as_bytes(), &config, &scanner)
    else {
        panic!("the PRD has facts");
    };
    Graph::build(Arc::new(config), vec![Arc::new(facts)])
}

fn ids<T>(found: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    found.iter().map(|c| id(c).to_string()).collect()
}

#[test]
fn search_ranks_items_by_their_title_and_text() {
    let g = graph();
    let hits = search(&g, "refund card", None, 3);
    assert_eq!(hits[0].id, "REQ-PAY-2");
    assert_eq!(hits[0].layer, "requirement");
    assert_eq!(hits[0].path, "docs/prd.md");
    assert_eq!(hits[0].line, 7, "0-based");
    // Words of the body count too: only `REQ-PAY-1`'s text has the idempotency key.
    assert_eq!(
        ids(&search(&g, "idempotency", None, 5), |h| &h.id),
        ["REQ-PAY-1"]
    );
    // Inflections fold: "signing" and "signed" meet at `sign`.
    let signing = search(&g, "signing webhooks", None, 5);
    assert_eq!(ids(&signing, |h| &h.id)[..2], ["REQ-PAY-3", "RB-1"]);
    assert!(signing[0].score >= signing[1].score);
}

#[test]
fn search_filters_by_layer_and_limit_and_finds_nothing_for_unrelated_words() {
    let g = graph();
    assert_eq!(
        ids(&search(&g, "webhook secret", Some("runbook"), 5), |h| &h.id),
        ["RB-1"]
    );
    assert_eq!(search(&g, "payment", None, 2).len(), 2);
    assert!(search(&g, "kubernetes", None, 5).is_empty());
    assert!(search(&g, "", None, 5).is_empty());
}

#[test]
fn suggest_ranks_what_a_function_implements_from_its_name_comments_and_body() {
    let g = graph();
    let code = "\
use crate::ledger::Ledger;

/// Gives the money back.
pub fn refund_payment(card: &Card, amount: u64) -> Result<()> {
    let credit = card.credit(amount)?;
    Ok(())
}

pub fn sign_webhook(event: &Event, secret: &[u8]) -> String {
    hmac(secret, event.body())
}
";
    let found = suggest_in(&g, code, "src/pay.rs", 3, 3);
    assert_eq!(found[0].id, "REQ-PAY-2", "{found:?}");
    assert_eq!(found[0].annotation, "// Implements: REQ-PAY-2");
    assert_eq!(found[0].title, "Refunds return the money to the card");
    // Any line inside the body names the same definition.
    assert_eq!(suggest_in(&g, code, "src/pay.rs", 5, 1)[0].id, "REQ-PAY-2");
    let webhook = suggest_in(&g, code, "src/pay.rs", 9, 3);
    assert_eq!(webhook[0].id, "REQ-PAY-3", "{webhook:?}");
    // Only items code implements: the runbook about webhooks is never offered.
    assert!(webhook.iter().all(|c| c.id != "RB-1"), "{webhook:?}");
    // A line outside every definition has nothing to suggest.
    assert!(suggest_in(&g, code, "src/pay.rs", 0, 3).is_empty());
}

#[test]
fn suggest_speaks_the_language_of_the_file_and_of_tests() {
    let g = graph();
    let py = "class Ledger:\n    def capture_once(self, idempotency_key):\n        return self.captured.get(idempotency_key)\n";
    let found = suggest_in(&g, py, "services/ledger.py", 1, 2);
    assert_eq!(found[0].id, "REQ-PAY-1", "{found:?}");
    assert_eq!(found[0].annotation, "# Implements: REQ-PAY-1");
    // A design item code implements is a candidate too.
    let ledger = suggest_in(&g, py, "services/ledger.py", 0, 5);
    assert!(ledger.iter().any(|c| c.id == "DES-LEDGER"), "{ledger:?}");
    let test = "def test_refund_credits_the_card():\n    assert refund(card).credited\n";
    let found = suggest_in(&g, test, "tests/test_refunds.py", 0, 1);
    assert_eq!(found[0].annotation, "# Verifies: REQ-PAY-2");
    // Not code at all.
    assert!(suggest_in(&g, PRD, "docs/prd.md", 3, 3).is_empty());
}
