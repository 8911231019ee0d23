"""X-Twilio-Signature: the published example vector, and refusals."""

from __future__ import annotations

from frontline.adapters.voice.signature import compute_signature, is_valid_signature

# The example from the carrier's security documentation.
TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}
EXPECTED = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_published_example_vector() -> None:
    assert compute_signature(TOKEN, URL, PARAMS) == EXPECTED
    assert is_valid_signature(TOKEN, URL, PARAMS, EXPECTED)


def test_parameter_order_does_not_matter() -> None:
    assert compute_signature(TOKEN, URL, list(reversed(PARAMS.items()))) == EXPECTED


def test_tampering_is_detected() -> None:
    assert not is_valid_signature(TOKEN, URL, {**PARAMS, "Digits": "1235"}, EXPECTED)
    assert not is_valid_signature(TOKEN, URL.replace("foo=1", "foo=2"), PARAMS, EXPECTED)
    assert not is_valid_signature("54321", URL, PARAMS, EXPECTED)
    assert not is_valid_signature(TOKEN, URL, {**PARAMS, "Extra": ""}, EXPECTED)


def test_missing_or_garbage_signature_is_refused() -> None:
    assert not is_valid_signature(TOKEN, URL, PARAMS, None)
    assert not is_valid_signature(TOKEN, URL, PARAMS, "")
    assert not is_valid_signature(TOKEN, URL, PARAMS, "zürich")
    assert not is_valid_signature("", URL, PARAMS, EXPECTED)


def test_default_port_spellings_are_equivalent() -> None:
    with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
    assert is_valid_signature(TOKEN, with_port, PARAMS, EXPECTED)
    signed_with_port = compute_signature(TOKEN, with_port, PARAMS)
    assert is_valid_signature(TOKEN, URL, PARAMS, signed_with_port)
    other_port = "https://mycompany.com:8443/myapp.php?foo=1&bar=2"
    assert not is_valid_signature(TOKEN, other_port, PARAMS, EXPECTED)
