import { buildApp } from "./app.js";
import { HttpFraudClient } from "./fraud.js";
import { IdempotencyStore } from "./idempotency.js";
import { HttpLedgerClient } from "./ledger.js";
import { PaymentRepository } from "./store.js";

const port = Number(process.env.PORT ?? 8080);

const app = buildApp({
  payments: new PaymentRepository(),
  idempotency: new IdempotencyStore(),
  fraud: new HttpFraudClient(process.env.FRAUD_URL ?? "http://fraud:8081"),
  ledger: new HttpLedgerClient(process.env.LEDGER_URL ?? "http://ledger:8082"),
});

app.listen(port, () => {
  console.log(`payments api listening on :${port}`);
});
