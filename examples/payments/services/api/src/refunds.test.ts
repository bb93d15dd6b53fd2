import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { testApp, validPayment } from "./fakes.js";

describe("POST /v1/payments/:id/refunds", () => {
  let ctx: ReturnType<typeof testApp>;
  let paymentId: string;

  beforeEach(async () => {
    ctx = testApp();
    const res = await request(ctx.app)
      .post("/v1/payments")
      .set("X-Merchant-Id", "m_123")
      .set("Idempotency-Key", "key-1")
      .send(validPayment);
    paymentId = res.body.id;
  });

  function refund(amount: number) {
    return request(ctx.app)
      .post(`/v1/payments/${paymentId}/refunds`)
      .set("X-Merchant-Id", "m_123")
      .send({ amount });
  }

  // Verifies: REQ-PAY-4
  it("allows partial refunds up to the captured amount", async () => {
    expect((await refund(3000)).body.payment.status).toBe("partially_refunded");
    expect((await refund(2000)).body.payment.status).toBe("refunded");
    expect(ctx.ledger.refunds.map((r) => r.amount)).toEqual([3000, 2000]);
  });

  // Verifies: REQ-PAY-4
  it("rejects a refund above the remaining amount and records nothing", async () => {
    await refund(3000);

    const res = await refund(3000);

    expect(res.status).toBe(422);
    expect(res.body.error).toBe("refund_exceeds_capture");
    expect(ctx.ledger.refunds).toHaveLength(1);
  });

  // Verifies: REQ-PAY-4
  it("refuses to refund a declined payment", async () => {
    ctx.fraud.decision = { outcome: "decline", score: 0.95, reasons: ["velocity_exceeded"] };
    const declined = await request(ctx.app)
      .post("/v1/payments")
      .set("X-Merchant-Id", "m_123")
      .set("Idempotency-Key", "key-2")
      .send(validPayment);

    const res = await request(ctx.app)
      .post(`/v1/payments/${declined.body.id}/refunds`)
      .set("X-Merchant-Id", "m_123")
      .send({ amount: 100 });

    expect(res.status).toBe(409);
    expect(ctx.ledger.refunds).toHaveLength(0);
  });
});
