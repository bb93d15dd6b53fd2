export interface LedgerClient {
  recordCapture(paymentId: string, merchantId: string, amount: number, currency: string): Promise<void>;
  recordRefund(paymentId: string, amount: number, currency: string): Promise<void>;
}

/** Thin client for the Python ledger service. */
export class HttpLedgerClient implements LedgerClient {
  constructor(private readonly baseUrl: string) {}

  async recordCapture(paymentId: string, merchantId: string, amount: number, currency: string): Promise<void> {
    await this.post("/v1/captures", { payment_id: paymentId, merchant_id: merchantId, amount, currency });
  }

  async recordRefund(paymentId: string, amount: number, currency: string): Promise<void> {
    await this.post("/v1/refunds", { payment_id: paymentId, amount, currency });
  }

  private async post(path: string, body: unknown): Promise<void> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`ledger rejected ${path}: ${response.status} ${await response.text()}`);
    }
  }
}
