import pytest

from ledger import Ledger, Money


@pytest.fixture
def ledger() -> Ledger:
    return Ledger()


@pytest.fixture
def captured(ledger: Ledger) -> Ledger:
    """A ledger holding one captured payment of 50.00 EUR."""
    ledger.record_capture("pay_1", "m_123", Money(5000, "EUR"))
    return ledger
