import pytest

from ledger import CurrencyError, Money


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("12.34", "USD", 1234),
        ("12.3", "EUR", 1230),
        ("12", "GBP", 1200),
        ("0.07", "USD", 7),
        ("1500", "JPY", 1500),
        ("-4.50", "EUR", -450),
    ],
)
def test_parse_converts_exactly(text: str, currency: str, minor: int) -> None:
    """Verifies: REQ-PAY-2"""
    assert Money.parse(text, currency) == Money(minor, currency)


@pytest.mark.parametrize(
    ("text", "currency"),
    [("12.345", "USD"), ("12.5", "JPY"), ("1e3", "USD"), ("", "USD"), ("12,00", "EUR")],
)
def test_parse_rejects_inexact_or_malformed(text: str, currency: str) -> None:
    """Verifies: REQ-PAY-2"""
    with pytest.raises(ValueError):
        Money.parse(text, currency)


# Verifies: REQ-PAY-2
def test_amounts_must_be_integers() -> None:
    with pytest.raises(TypeError):
        Money(12.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True, "USD")  # type: ignore[arg-type]


# Verifies: REQ-PAY-2
def test_unsupported_currency_is_rejected() -> None:
    with pytest.raises(CurrencyError):
        Money(100, "XYZ")


# Verifies: REQ-PAY-2
def test_mixed_currency_arithmetic_is_an_error() -> None:
    with pytest.raises(CurrencyError):
        Money(100, "USD") + Money(100, "EUR")


def test_str_formats_major_units() -> None:
    assert str(Money(1234, "USD")) == "12.34 USD"
    assert str(Money(-5, "EUR")) == "-0.05 EUR"
    assert str(Money(1500, "JPY")) == "1500 JPY"
