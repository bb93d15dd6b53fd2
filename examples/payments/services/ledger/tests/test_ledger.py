import pytest

from ledger import (
    DuplicateCaptureError,
    Ledger,
    LedgerError,
    Money,
    Posting,
    RefundExceedsCaptureError,
    UnbalancedTransactionError,
)
from ledger.ledger import CARD_CLEARING, merchant_account


def test_unbalanced_transaction_is_rejected_and_not_recorded(ledger: Ledger) -> None:
    """Verifies: REQ-PAY-3"""
    with pytest.raises(UnbalancedTransactionError):
        ledger.post(
            "adjustment",
            "pay_1",
            [Posting("card_clearing", Money(100, "USD")), Posting("merchant:m_1", Money(-99, "USD"))],
        )
    assert list(ledger.transactions()) == []
    assert ledger.trial_balance() == {}


def test_balance_is_checked_per_currency(ledger: Ledger) -> None:
    """Verifies: REQ-PAY-3"""
    with pytest.raises(UnbalancedTransactionError):
        ledger.post(
            "adjustment",
            "pay_1",
            [Posting("a", Money(100, "USD")), Posting("b", Money(-100, "EUR"))],
        )


def test_trial_balance_stays_zero(ledger: Ledger) -> None:
    """Verifies: REQ-PAY-3"""
    ledger.record_capture("pay_1", "m_1", Money(5000, "EUR"))
    ledger.record_capture("pay_2", "m_2", Money(1999, "USD"))
    ledger.record_refund("pay_1", Money(1250, "EUR"))
    assert ledger.trial_balance() == {"EUR": 0, "USD": 0}
    assert ledger.balance(merchant_account("m_1"), "EUR") == Money(-3750, "EUR")
    assert ledger.balance(CARD_CLEARING, "EUR") == Money(3750, "EUR")


# Verifies: REQ-PAY-1
def test_second_capture_of_same_payment_is_refused(captured: Ledger) -> None:
    with pytest.raises(DuplicateCaptureError):
        captured.record_capture("pay_1", "m_123", Money(5000, "EUR"))
    assert len(list(captured.transactions())) == 1


# Verifies: REQ-PAY-4
def test_partial_refunds_up_to_captured_amount(captured: Ledger) -> None:
    captured.record_refund("pay_1", Money(3000, "EUR"))
    captured.record_refund("pay_1", Money(2000, "EUR"))
    assert captured.refundable("pay_1") == Money(0, "EUR")


# Verifies: REQ-PAY-4
def test_over_refund_is_rejected_and_records_nothing(captured: Ledger) -> None:
    captured.record_refund("pay_1", Money(3000, "EUR"))
    with pytest.raises(RefundExceedsCaptureError):
        captured.record_refund("pay_1", Money(2001, "EUR"))
    assert captured.refundable("pay_1") == Money(2000, "EUR")
    assert [t.kind for t in captured.transactions()] == ["capture", "refund"]


# Verifies: REQ-PAY-4
def test_refund_without_capture_is_rejected(ledger: Ledger) -> None:
    with pytest.raises(LedgerError):
        ledger.record_refund("pay_unknown", Money(100, "EUR"))
