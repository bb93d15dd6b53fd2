import type { FraudClient } from "./fraud.js";
import type { IdempotencyStore } from "./idempotency.js";
import type { LedgerClient } from "./ledger.js";
import type { PaymentRepository } from "./store.js";

export interface Deps {
  payments: PaymentRepository;
  idempotency: IdempotencyStore;
  fraud: FraudClient;
  ledger: LedgerClient;
}
