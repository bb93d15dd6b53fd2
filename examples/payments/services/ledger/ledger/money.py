"""Money values held as integer minor units."""

from __future__ import annotations

from dataclasses import dataclass

# ISO 4217 minor-unit exponents of the currencies we settle in.
MINOR_UNIT_EXPONENT: dict[str, int] = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}


class CurrencyError(ValueError):
    """Raised for unsupported currencies or mixed-currency arithmetic."""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in integer minor units of a supported currency.

    Negative amounts are allowed here because ledger postings are signed;
    the API layer rejects non-positive amounts from clients.

    Implements: REQ-PAY-2
    """

    amount: int
    currency: str

    def __post_init__(self) -> None:
        # bool is a subclass of int; True is not a valid amount.
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(f"amount must be an int of minor units, got {self.amount!r}")
        if self.currency not in MINOR_UNIT_EXPONENT:
            raise CurrencyError(f"unsupported currency {self.currency!r}")

    @classmethod
    def parse(cls, text: str, currency: str) -> Money:
        """Convert a decimal string such as "12.34" to minor units, exactly."""
        if currency not in MINOR_UNIT_EXPONENT:
            raise CurrencyError(f"unsupported currency {currency!r}")
        exponent = MINOR_UNIT_EXPONENT[currency]
        sign = -1 if text.startswith("-") else 1
        whole, _, fraction = text.lstrip("+-").partition(".")
        if not whole.isdigit() or (fraction and not fraction.isdigit()):
            raise ValueError(f"not a decimal amount: {text!r}")
        if len(fraction) > exponent:
            raise ValueError(f"{text!r} has more than {exponent} decimal places for {currency}")
        minor = int(whole) * 10**exponent + int(fraction.ljust(exponent, "0") or "0")
        return cls(sign * minor, currency)

    def _check_same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyError(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check_same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check_same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._check_same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check_same_currency(other)
        return self.amount <= other.amount

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    def __str__(self) -> str:
        exponent = MINOR_UNIT_EXPONENT[self.currency]
        sign = "-" if self.amount < 0 else ""
        if exponent == 0:
            return f"{sign}{abs(self.amount)} {self.currency}"
        whole, fraction = divmod(abs(self.amount), 10**exponent)
        return f"{sign}{whole}.{fraction:0{exponent}d} {self.currency}"
