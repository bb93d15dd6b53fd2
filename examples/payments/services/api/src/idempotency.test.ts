import { describe, expect, it } from "vitest";
import { IdempotencyConflictError, IdempotencyInFlightError, IdempotencyStore } from "./idempotency.js";

describe("IdempotencyStore", () => {
  // Verifies: REQ-PAY-1
  it("rejects a second request while the first is in flight", () => {
    const store = new IdempotencyStore();
    store.begin("m_1", "k", { amount: 1 });

    expect(() => store.begin("m_1", "k", { amount: 1 })).toThrow(IdempotencyInFlightError);
    expect(() => store.begin("m_1", "k", { amount: 2 })).toThrow(IdempotencyConflictError);
  });

  // Verifies: REQ-PAY-1
  it("scopes keys to the merchant", () => {
    const store = new IdempotencyStore();
    store.begin("m_1", "k", { amount: 1 });
    store.complete("m_1", "k", { status: 201, body: { id: "pay_1" } });

    expect(store.begin("m_2", "k", { amount: 1 })).toBeUndefined();
  });

  // Verifies: REQ-PAY-1
  it("remembers completed keys for 24 hours, then forgets them", () => {
    let now = 0;
    const store = new IdempotencyStore(undefined, () => now);
    store.begin("m_1", "k", { amount: 1 });
    store.complete("m_1", "k", { status: 201, body: { id: "pay_1" } });

    now = 24 * 60 * 60 * 1000 - 1;
    expect(store.begin("m_1", "k", { amount: 1 })).toEqual({ status: 201, body: { id: "pay_1" } });

    now += 1;
    expect(store.begin("m_1", "k", { amount: 1 })).toBeUndefined();
  });

  // Verifies: REQ-PAY-1
  it("releases a key so a failed request can be retried", () => {
    const store = new IdempotencyStore();
    store.begin("m_1", "k", { amount: 1 });
    store.release("m_1", "k");

    expect(store.begin("m_1", "k", { amount: 1 })).toBeUndefined();
  });
});
