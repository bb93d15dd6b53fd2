import { createHash } from "node:crypto";
import { HttpError } from "./errors.js";

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  response?: StoredResponse;
  expiresAt: number;
}

export class IdempotencyConflictError extends HttpError {
  constructor() {
    super(422, "idempotency_key_reused", "this Idempotency-Key was used with a different request body");
  }
}

export class IdempotencyInFlightError extends HttpError {
  constructor() {
    super(409, "idempotency_key_in_flight", "a request with this Idempotency-Key is still being processed");
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Implements: DES-IDEMPOTENCY, REQ-PAY-1
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number = DAY_MS,
    private readonly now: () => number = Date.now,
  ) {}

  static fingerprint(body: unknown): string {
    return createHash("sha256").update(JSON.stringify(body ?? null)).digest("hex");
  }

  /**
   * Claims a key for a new request. Returns the stored response if the same
   * request already completed, so the caller can replay it verbatim.
   */
  begin(merchantId: string, key: string, body: unknown): StoredResponse | undefined {
    this.evictExpired();
    const id = this.id(merchantId, key);
    const fingerprint = IdempotencyStore.fingerprint(body);
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) throw new IdempotencyConflictError();
      if (!existing.response) throw new IdempotencyInFlightError();
      return existing.response;
    }
    this.entries.set(id, { fingerprint, expiresAt: this.now() + this.ttlMs });
    return undefined;
  }

  complete(merchantId: string, key: string, response: StoredResponse): void {
    const entry = this.entries.get(this.id(merchantId, key));
    if (entry) entry.response = response;
  }

  /** Releases a key after a server-side failure so the client can retry. */
  release(merchantId: string, key: string): void {
    this.entries.delete(this.id(merchantId, key));
  }

  private id(merchantId: string, key: string): string {
    return `${merchantId}\u0000${key}`;
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(id);
    }
  }
}
