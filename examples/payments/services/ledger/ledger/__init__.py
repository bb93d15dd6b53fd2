"""Double-entry ledger for the payments service."""

from ledger.ledger import (
    DuplicateCaptureError,
    Ledger,
    LedgerError,
    Posting,
    RefundExceedsCaptureError,
    Transaction,
    UnbalancedTransactionError,
)
from ledger.money import CurrencyError, Money

__all__ = [
    "CurrencyError",
    "DuplicateCaptureError",
    "Ledger",
    "LedgerError",
    "Money",
    "Posting",
    "RefundExceedsCaptureError",
    "Transaction",
    "UnbalancedTransactionError",
]
