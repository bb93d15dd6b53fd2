import type { RequestHandler } from "express";
import type { Deps } from "./deps.js";
import { HttpError } from "./errors.js";
import { parseAmount } from "./money.js";
import { merchantOf, toView } from "./payments.js";

const REFUNDABLE = new Set(["captured", "partially_refunded"]);

// Implements: REQ-PAY-4
export function createRefund(deps: Deps): RequestHandler {
  return async (req, res, next) => {
    try {
      const payment = deps.payments.get(merchantOf(res), req.params.id);
      if (!REFUNDABLE.has(payment.status)) {
        throw new HttpError(409, "payment_not_refundable", `a ${payment.status} payment cannot be refunded`);
      }
      const { amount } = parseAmount(req.body?.amount, req.body?.currency ?? payment.currency);
      if (req.body?.currency && req.body.currency !== payment.currency) {
        throw new HttpError(400, "currency_mismatch", `refunds must be in ${payment.currency}`);
      }
      const remaining = payment.amount - payment.refundedAmount;
      if (amount > remaining) {
        throw new HttpError(
          422,
          "refund_exceeds_capture",
          `refund of ${amount} exceeds the remaining refundable amount of ${remaining}`,
        );
      }

      // The ledger enforces the same limit; record there first so the two never disagree.
      await deps.ledger.recordRefund(payment.id, amount, payment.currency);
      const refund = deps.payments.addRefund(payment, amount);
      res.status(201).json({ id: refund.id, amount: refund.amount, currency: refund.currency, payment: toView(payment) });
    } catch (err) {
      next(err);
    }
  };
}
