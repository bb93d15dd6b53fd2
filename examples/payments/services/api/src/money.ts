import { HttpError } from "./errors.js";

/** Currencies we settle in, with their ISO 4217 minor-unit exponent. */
export const MINOR_UNIT_EXPONENT: Readonly<Record<string, number>> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
};

export interface Amount {
  /** Integer number of minor units, always positive. */
  amount: number;
  currency: string;
}

export class AmountError extends HttpError {
  constructor(message: string) {
    super(400, "invalid_amount", message);
  }
}

/**
 * Validates an amount supplied by a client. Amounts must already be integer
 * minor units; we never accept or round floating-point values.
 *
 * @implements REQ-PAY-2
 */
export function parseAmount(amount: unknown, currency: unknown): Amount {
  if (typeof currency !== "string" || !(currency in MINOR_UNIT_EXPONENT)) {
    throw new AmountError(`unsupported currency: ${String(currency)}`);
  }
  if (typeof amount !== "number" || !Number.isSafeInteger(amount)) {
    throw new AmountError("amount must be an integer number of minor units");
  }
  if (amount <= 0) {
    throw new AmountError("amount must be positive");
  }
  return { amount, currency };
}
