"""Checkout sessions."""

import hashlib
import hmac
import time

SESSION_SECONDS = 30 * 60


def create_session(order_id: str, amount: int, currency: str) -> dict:
    """Implements: REQ-CHECKOUT-1"""
    return {"order": order_id, "amount": amount, "currency": currency,
            "expires": time.time() + SESSION_SECONDS}


def return_url(base: str, session_id: str, outcome: str, key: bytes) -> str:
    """Implements: REQ-CHECKOUT-2"""
    payload = f"{session_id}:{outcome}".encode()
    sig = hmac.new(key, payload, hashlib.sha256).hexdigest()
    return f"{base}?session={session_id}&outcome={outcome}&sig={sig}"
