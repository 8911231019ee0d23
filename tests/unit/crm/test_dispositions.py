"""Wrap-up codes per queue, required before an interaction closes."""

from __future__ import annotations

import pytest
from tests.unit.crm.conftest import utc

from frontline.domain.crm.dispositions import (
    DispositionCode,
    DispositionRequired,
    DispositionSet,
    WrapUp,
    check_can_close,
)
from frontline.domain.crm.errors import CrmInvalidValue

T = utc(2024, 3, 4, 9)
CARDS = DispositionSet(
    "cards",
    (
        DispositionCode("resolved", "Resolved"),
        DispositionCode("callback", "Callback booked"),
        DispositionCode("other", "Other", requires_note=True),
    ),
    max_codes=2,
)


def test_closing_needs_a_disposition_when_required() -> None:
    with pytest.raises(DispositionRequired, match="cards"):
        check_can_close(CARDS, None)
    with pytest.raises(DispositionRequired):
        check_can_close(CARDS, WrapUp((), T))
    check_can_close(CARDS, WrapUp((" Resolved ",), T))
    optional = DispositionSet("sales", (), required=False)
    check_can_close(optional, None)


@pytest.mark.parametrize(
    ("wrap_up", "message"),
    [
        (WrapUp(("refund",), T), "not a disposition of 'cards'"),
        (WrapUp(("other",), T), "needs a note"),
        (WrapUp(("resolved", "callback", "other"), T, "x"), "at most 2"),
    ],
)
def test_bad_wrap_ups_are_refused(wrap_up: WrapUp, message: str) -> None:
    with pytest.raises(CrmInvalidValue, match=message):
        check_can_close(CARDS, wrap_up)


def test_codes_are_checked_and_returned() -> None:
    chosen = CARDS.check(WrapUp(("other", "callback", "other"), T, "customer abroad"))
    assert [c.code for c in chosen] == ["other", "callback"]


def test_bad_sets_are_refused() -> None:
    with pytest.raises(CrmInvalidValue, match="twice"):
        DispositionSet("q", (DispositionCode("a", "A"), DispositionCode("A", "A again")))
    with pytest.raises(CrmInvalidValue, match="no codes"):
        DispositionSet("q", ())
    with pytest.raises(CrmInvalidValue, match="disposition code"):
        DispositionCode("not a slug!", "x")
