export type FraudOutcome = "approve" | "review" | "decline";

export interface FraudDecision {
  outcome: FraudOutcome;
  score: number | null;
  reasons: string[];
}

export interface ScreeningRequest {
  paymentId: string;
  merchantId: string;
  amount: number;
  currency: string;
  cardFingerprint: string;
  cardCountry: string;
  ipCountry: string;
}

export interface FraudClient {
  screen(request: ScreeningRequest): Promise<FraudDecision>;
}

/** Calls the Go fraud service. Failures hold the payment for review instead of capturing it. */
export class HttpFraudClient implements FraudClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 200,
  ) {}

  async screen(request: ScreeningRequest): Promise<FraudDecision> {
    try {
      const response = await fetch(new URL("/v1/screen", this.baseUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          payment_id: request.paymentId,
          merchant_id: request.merchantId,
          amount: request.amount,
          currency: request.currency,
          card_fingerprint: request.cardFingerprint,
          card_country: request.cardCountry,
          ip_country: request.ipCountry,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) throw new Error(`fraud service returned ${response.status}`);
      return (await response.json()) as FraudDecision;
    } catch {
      return { outcome: "review", score: null, reasons: ["screening_unavailable"] };
    }
  }
}
