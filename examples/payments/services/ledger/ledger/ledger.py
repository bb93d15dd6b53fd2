"""Append-only double-entry ledger.

A posting's amount is signed: positive amounts are debits, negative amounts
are credits. A transaction is accepted only when its postings sum to zero in
every currency, so the trial balance is zero by construction.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

from ledger.money import Money

CARD_CLEARING = "card_clearing"


def merchant_account(merchant_id: str) -> str:
    return f"merchant:{merchant_id}"


class LedgerError(Exception):
    """Base class for ledger errors."""


class UnbalancedTransactionError(LedgerError):
    """Postings of a transaction do not sum to zero in some currency."""


class DuplicateCaptureError(LedgerError):
    """A capture was already recorded for this payment."""


class RefundExceedsCaptureError(LedgerError):
    """A refund would take the refunded total above the captured amount."""


@dataclass(frozen=True, slots=True)
class Posting:
    account: str
    amount: Money


@dataclass(frozen=True, slots=True)
class Transaction:
    id: str
    kind: str
    payment_id: str
    postings: tuple[Posting, ...]
    recorded_at: datetime


@dataclass(slots=True)
class _PaymentTotals:
    merchant_id: str
    captured: Money
    refunded: Money


# Implements: DES-LEDGER
class Ledger:
    """In-memory ledger; production wires the same logic to a Postgres table.

    Transactions can only be appended. There is deliberately no method that
    edits or removes one: corrections are new, reversing transactions.
    """

    def __init__(self) -> None:
        self._transactions: list[Transaction] = []
        self._balances: dict[tuple[str, str], int] = defaultdict(int)
        self._payments: dict[str, _PaymentTotals] = {}
        self._ids = itertools.count(1)

    def post(self, kind: str, payment_id: str, postings: list[Posting]) -> Transaction:
        """Validate and append one transaction.

        Implements: REQ-PAY-3
        """
        if len(postings) < 2:
            raise UnbalancedTransactionError("a transaction needs at least two postings")
        totals: dict[str, int] = defaultdict(int)
        for posting in postings:
            totals[posting.amount.currency] += posting.amount.amount
        unbalanced = {currency: total for currency, total in totals.items() if total != 0}
        if unbalanced:
            raise UnbalancedTransactionError(f"postings do not balance: {unbalanced}")

        txn = Transaction(
            id=f"txn_{next(self._ids):06d}",
            kind=kind,
            payment_id=payment_id,
            postings=tuple(postings),
            recorded_at=datetime.now(timezone.utc),
        )
        for posting in txn.postings:
            self._balances[(posting.account, posting.amount.currency)] += posting.amount.amount
        self._transactions.append(txn)
        return txn

    # Implements: REQ-PAY-1
    # Tracks: PAYM-102
    def record_capture(self, payment_id: str, merchant_id: str, amount: Money) -> Transaction:
        if payment_id in self._payments:
            raise DuplicateCaptureError(f"payment {payment_id} is already captured")
        if amount.amount <= 0:
            raise ValueError("capture amount must be positive")
        txn = self.post(
            "capture",
            payment_id,
            [
                Posting(CARD_CLEARING, amount),
                Posting(merchant_account(merchant_id), -amount),
            ],
        )
        self._payments[payment_id] = _PaymentTotals(
            merchant_id=merchant_id, captured=amount, refunded=Money.zero(amount.currency)
        )
        return txn

    # Implements: REQ-PAY-4
    def record_refund(self, payment_id: str, amount: Money) -> Transaction:
        totals = self._payments.get(payment_id)
        if totals is None:
            raise LedgerError(f"payment {payment_id} has no capture to refund")
        if amount.amount <= 0:
            raise ValueError("refund amount must be positive")
        remaining = totals.captured - totals.refunded
        if remaining < amount:
            raise RefundExceedsCaptureError(
                f"refund of {amount} exceeds remaining {remaining} on payment {payment_id}"
            )
        txn = self.post(
            "refund",
            payment_id,
            [
                Posting(merchant_account(totals.merchant_id), amount),
                Posting(CARD_CLEARING, -amount),
            ],
        )
        totals.refunded = totals.refunded + amount
        return txn

    def balance(self, account: str, currency: str) -> Money:
        return Money(self._balances[(account, currency)], currency)

    def refundable(self, payment_id: str) -> Money:
        totals = self._payments[payment_id]
        return totals.captured - totals.refunded

    def trial_balance(self) -> dict[str, int]:
        """Sum of all account balances per currency; always zero when healthy."""
        sums: dict[str, int] = defaultdict(int)
        for (_, currency), amount in self._balances.items():
            sums[currency] += amount
        return dict(sums)

    def transactions(self) -> Iterator[Transaction]:
        return iter(tuple(self._transactions))
