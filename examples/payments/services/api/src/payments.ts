import type { Request, RequestHandler, Response } from "express";
import type { Deps } from "./deps.js";
import { HttpError } from "./errors.js";
import type { FraudDecision } from "./fraud.js";
import { parseAmount } from "./money.js";
import type { Payment, PaymentStatus } from "./store.js";

export function merchantOf(res: Response): string {
  return res.locals.merchantId as string;
}

export function toView(payment: Payment) {
  return {
    id: payment.id,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    refunded_amount: payment.refundedAmount,
    decline_reasons: payment.declineReasons,
    created_at: payment.createdAt,
  };
}

function statusFor(decision: FraudDecision): PaymentStatus {
  switch (decision.outcome) {
    case "approve":
      return "captured";
    case "review":
      return "in_review";
    case "decline":
      return "declined";
  }
}

function requireString(req: Request, field: string): string {
  const value = (req.body ?? {})[field];
  if (typeof value !== "string" || value.length === 0) {
    throw new HttpError(400, "invalid_request", `${field} is required`);
  }
  return value;
}

// Implements: REQ-PAY-1, REQ-PAY-5
// Tracks: PAYM-101
export function createPayment(deps: Deps): RequestHandler {
  return async (req, res, next) => {
    const merchantId = merchantOf(res);
    const key = req.header("Idempotency-Key");
    if (!key) {
      next(new HttpError(400, "idempotency_key_required", "the Idempotency-Key header is required"));
      return;
    }

    let replay;
    try {
      replay = deps.idempotency.begin(merchantId, key, req.body);
    } catch (err) {
      next(err);
      return;
    }
    if (replay) {
      res.status(replay.status).set("Idempotent-Replayed", "true").json(replay.body);
      return;
    }

    try {
      const { amount, currency } = parseAmount(req.body?.amount, req.body?.currency);
      const cardFingerprint = requireString(req, "card_fingerprint");
      const cardCountry = requireString(req, "card_country");
      const payment = deps.payments.insert({
        merchantId,
        amount,
        currency,
        cardFingerprint,
        status: "in_review",
        declineReasons: [],
      });

      // Screen before any money moves; only an approved payment is captured.
      const decision = await deps.fraud.screen({
        paymentId: payment.id,
        merchantId,
        amount,
        currency,
        cardFingerprint,
        cardCountry,
        ipCountry: req.header("CF-IPCountry") ?? "XX",
      });
      payment.status = statusFor(decision);
      if (decision.outcome === "decline") payment.declineReasons = decision.reasons;
      if (decision.outcome === "approve") {
        await deps.ledger.recordCapture(payment.id, merchantId, amount, currency);
      }

      const response = { status: 201, body: toView(payment) };
      deps.idempotency.complete(merchantId, key, response);
      res.status(response.status).json(response.body);
    } catch (err) {
      if (err instanceof HttpError && err.status < 500) {
        // Client errors are final for this key: replay them like any other response.
        deps.idempotency.complete(merchantId, key, { status: err.status, body: { error: err.code, message: err.message } });
      } else {
        deps.idempotency.release(merchantId, key);
      }
      next(err);
    }
  };
}

/**
 * Returns the current state of one of the calling merchant's payments.
 * Payments of other merchants are reported as not found.
 *
 * @implements REQ-PAY-7
 */
export function getPayment(deps: Deps): RequestHandler {
  return (req, res, next) => {
    try {
      const payment = deps.payments.get(merchantOf(res), req.params.id);
      res.json(toView(payment));
    } catch (err) {
      next(err);
    }
  };
}
