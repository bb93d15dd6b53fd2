import request from "supertest";
import { describe, expect, it } from "vitest";
import { testApp, validPayment } from "./fakes.js";

function pay(app: ReturnType<typeof testApp>["app"], key: string, body: object = validPayment) {
  return request(app)
    .post("/v1/payments")
    .set("X-Merchant-Id", "m_123")
    .set("Idempotency-Key", key)
    .send(body);
}

describe("POST /v1/payments", () => {
  // Verifies: REQ-PAY-1
  it("replays the original response when a request is retried with the same key", async () => {
    const { app, ledger } = testApp();

    const first = await pay(app, "key-1");
    const retry = await pay(app, "key-1");

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(ledger.captures).toHaveLength(1);
  });

  // Verifies: REQ-PAY-1
  it("rejects a key reused with a different body", async () => {
    const { app, ledger } = testApp();

    await pay(app, "key-1");
    const reused = await pay(app, "key-1", { ...validPayment, amount: 9000 });

    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe("idempotency_key_reused");
    expect(ledger.captures).toHaveLength(1);
  });

  // Verifies: REQ-PAY-1
  it("requires an idempotency key", async () => {
    const { app } = testApp();

    const res = await request(app).post("/v1/payments").set("X-Merchant-Id", "m_123").send(validPayment);

    expect(res.status).toBe(400);
    expect(res.body.error).toBe("idempotency_key_required");
  });

  // Verifies: REQ-PAY-2
  it("rejects amounts that are not positive integer minor units", async () => {
    const { app, fraud } = testApp();

    for (const amount of [12.5, -100, 0, "5000"]) {
      const res = await pay(app, `key-${String(amount)}`, { ...validPayment, amount });

      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_amount");
    }
    expect(fraud.requests).toHaveLength(0);
  });

  // Verifies: REQ-PAY-2
  it("rejects unsupported currencies", async () => {
    const { app } = testApp();

    const res = await pay(app, "key-1", { ...validPayment, currency: "XYZ" });

    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_amount");
  });

  // Verifies: REQ-PAY-5
  it("does not capture a payment the fraud service declines", async () => {
    const { app, fraud, ledger } = testApp();
    fraud.decision = { outcome: "decline", score: 0.93, reasons: ["geo_mismatch", "large_amount"] };

    const res = await pay(app, "key-1");

    expect(res.status).toBe(201);
    expect(res.body.status).toBe("declined");
    expect(res.body.decline_reasons).toEqual(["geo_mismatch", "large_amount"]);
    expect(ledger.captures).toHaveLength(0);
  });

  // Verifies: REQ-PAY-5
  it("holds a payment for review instead of capturing it", async () => {
    const { app, fraud, ledger } = testApp();
    fraud.decision = { outcome: "review", score: 0.7, reasons: ["large_amount"] };

    const res = await pay(app, "key-1");

    expect(res.body.status).toBe("in_review");
    expect(ledger.captures).toHaveLength(0);
  });
});
