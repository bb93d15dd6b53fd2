import { buildApp } from "./app.js";
import type { FraudClient, FraudDecision, ScreeningRequest } from "./fraud.js";
import { IdempotencyStore } from "./idempotency.js";
import type { LedgerClient } from "./ledger.js";
import { PaymentRepository } from "./store.js";

/** Test doubles shared by the API test suites. */
export class FakeFraud implements FraudClient {
  decision: FraudDecision = { outcome: "approve", score: 0.05, reasons: [] };
  readonly requests: ScreeningRequest[] = [];

  async screen(request: ScreeningRequest): Promise<FraudDecision> {
    this.requests.push(request);
    return this.decision;
  }
}

export class FakeLedger implements LedgerClient {
  readonly captures: Array<{ paymentId: string; amount: number }> = [];
  readonly refunds: Array<{ paymentId: string; amount: number }> = [];

  async recordCapture(paymentId: string, _merchantId: string, amount: number): Promise<void> {
    this.captures.push({ paymentId, amount });
  }

  async recordRefund(paymentId: string, amount: number): Promise<void> {
    this.refunds.push({ paymentId, amount });
  }
}

export function testApp() {
  const fraud = new FakeFraud();
  const ledger = new FakeLedger();
  const payments = new PaymentRepository();
  const app = buildApp({ payments, idempotency: new IdempotencyStore(), fraud, ledger });
  return { app, fraud, ledger, payments };
}

export const validPayment = {
  amount: 5000,
  currency: "EUR",
  card_fingerprint: "fp_4f2a9c",
  card_country: "DE",
};
