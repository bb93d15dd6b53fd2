import { randomUUID } from "node:crypto";
import { NotFoundError } from "./errors.js";

export type PaymentStatus = "captured" | "in_review" | "declined" | "partially_refunded" | "refunded";

export interface Payment {
  id: string;
  merchantId: string;
  amount: number;
  currency: string;
  cardFingerprint: string;
  status: PaymentStatus;
  refundedAmount: number;
  declineReasons: string[];
  createdAt: string;
}

export interface Refund {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  createdAt: string;
}

/** In-memory repository; production uses the payments table in Postgres. */
export class PaymentRepository {
  private readonly payments = new Map<string, Payment>();
  private readonly refunds = new Map<string, Refund[]>();

  insert(fields: Omit<Payment, "id" | "createdAt" | "refundedAmount">): Payment {
    const payment: Payment = {
      ...fields,
      id: `pay_${randomUUID().replaceAll("-", "")}`,
      refundedAmount: 0,
      createdAt: new Date().toISOString(),
    };
    this.payments.set(payment.id, payment);
    return payment;
  }

  /** Looks a payment up on behalf of a merchant; other merchants' payments do not exist. */
  get(merchantId: string, id: string): Payment {
    const payment = this.payments.get(id);
    if (!payment || payment.merchantId !== merchantId) throw new NotFoundError("payment");
    return payment;
  }

  addRefund(payment: Payment, amount: number): Refund {
    const refund: Refund = {
      id: `re_${randomUUID().replaceAll("-", "")}`,
      paymentId: payment.id,
      amount,
      currency: payment.currency,
      createdAt: new Date().toISOString(),
    };
    this.refunds.set(payment.id, [...(this.refunds.get(payment.id) ?? []), refund]);
    payment.refundedAmount += amount;
    payment.status = payment.refundedAmount === payment.amount ? "refunded" : "partially_refunded";
    return refund;
  }

  refundsOf(paymentId: string): readonly Refund[] {
    return this.refunds.get(paymentId) ?? [];
  }
}
