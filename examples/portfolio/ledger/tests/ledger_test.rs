use ledger::book;

// Verifies: REQ-LEDGER-1
#[test]
fn a_payment_books_two_balanced_entries() {
    let [a, b] = book("buyer", "merchant", 500);
    assert_eq!(a.amount + b.amount, 0);
}
