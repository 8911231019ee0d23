"""The domain rules behind a queue's disposition list, without a server: what the API's
schema cannot see (spaces, control characters, the limit on codes, the default list)."""

from __future__ import annotations

import pytest

from frontline.domain.channels import Channel
from frontline.domain.live.dispositions import (
    DISPOSITIONS,
    MAX_CODES,
    check_disposition,
    check_disposition_list,
)
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.queues import Queue


def test_codes_keep_their_order_and_labels_are_trimmed() -> None:
    checked = check_disposition_list([("  sale ", " Sale closed "), ("quote", "Quote sent")])
    assert list(checked.items()) == [("sale", "Sale closed"), ("quote", "Quote sent")]


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ([], "at least one"),
        ([("a", "A"), ("a", "B")], "listed twice"),
        ([("x" * 41, "X")], "1-40 characters"),
        ([("two words", "X")], "without spaces"),
        ([("bell\x07", "X")], "control characters"),
        ([("ok", "")], "must not be empty"),
        ([(f"c{n}", "C") for n in range(MAX_CODES + 1)], f"at most {MAX_CODES}"),
    ],
)
def test_bad_lists_are_refused_with_the_reason(codes: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        check_disposition_list(codes)


def test_forty_characters_and_fifty_codes_are_the_limits() -> None:
    assert check_disposition_list([("x" * 40, "X")]) == {"x" * 40: "X"}
    assert len(check_disposition_list([(f"c{n}", "C") for n in range(MAX_CODES)])) == MAX_CODES


def test_each_queue_gets_its_own_copy_of_the_default_list() -> None:
    first = Queue("first", frozenset({Channel.CHAT}))
    second = Queue("second", frozenset({Channel.CHAT}))
    assert first.dispositions == DISPOSITIONS
    first.dispositions["extra"] = "Extra"
    assert "extra" not in second.dispositions and "extra" not in DISPOSITIONS


def test_an_unknown_code_names_every_allowed_one() -> None:
    allowed = {"sale": "Sale", "quote": "Quote"}
    assert check_disposition("quote", allowed) == "quote"
    with pytest.raises(InvalidValue, match="choose from sale, quote"):
        check_disposition("resolved", allowed)
