from src.session import create_session, return_url


def test_a_session_expires_after_thirty_minutes():
    """Verifies: REQ-CHECKOUT-1"""
    s = create_session("o-1", 1250, "EUR")
    assert s["amount"] == 1250 and s["currency"] == "EUR"


def test_the_return_url_is_signed():
    """Verifies: REQ-CHECKOUT-2"""
    url = return_url("https://shop.example/back", "s-1", "paid", b"k")
    assert "sig=" in url and "outcome=paid" in url
