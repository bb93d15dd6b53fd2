//! The double-entry ledger.

pub struct Entry {
    pub account: String,
    pub amount: i64,
}

/// Implements: REQ-LEDGER-1
pub fn book(payer: &str, merchant: &str, amount: i64) -> [Entry; 2] {
    [
        Entry { account: payer.to_string(), amount: -amount },
        Entry { account: merchant.to_string(), amount },
    ]
}

/// Implements: REQ-LEDGER-2
pub fn balance(entries: &[Entry], account: &str) -> i64 {
    entries.iter().filter(|e| e.account == account).map(|e| e.amount).sum()
}
