import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { Deps } from "./deps.js";
import { HttpError } from "./errors.js";
import { createPayment, getPayment } from "./payments.js";
import { createRefund } from "./refunds.js";

/**
 * The edge gateway authenticates the merchant's API key and forwards the
 * merchant id in a header; requests that bypass the gateway have none.
 */
const requireMerchant: RequestHandler = (req, res, next) => {
  const merchantId = req.header("X-Merchant-Id");
  if (!merchantId) {
    res.status(401).json({ error: "unauthenticated", message: "missing merchant identity" });
    return;
  }
  res.locals.merchantId = merchantId;
  next();
};

const handleErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.code, message: err.message });
    return;
  }
  console.error(err);
  res.status(500).json({ error: "internal", message: "internal error" });
};

export function buildApp(deps: Deps) {
  const app = express();
  app.use(express.json({ limit: "16kb" }));
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  const v1 = express.Router();
  v1.use(requireMerchant);
  v1.post("/payments", createPayment(deps));
  v1.get("/payments/:id", getPayment(deps));
  v1.post("/payments/:id/refunds", createRefund(deps));
  app.use("/v1", v1);

  app.use(handleErrors);
  return app;
}
