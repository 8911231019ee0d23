"""A wrap-up's disposition label on the timeline: the queue's own name for the code, else the
default list's, else none (the desktop then shows the code made readable)."""

from __future__ import annotations

from frontline.adapters.db.repositories.crm_timeline import disposition_label

SALES = [{"code": "quote_sent", "label": "Quote sent"}, {"code": "resolved", "label": "Won"}]


def test_the_queue_list_names_the_code_first() -> None:
    assert disposition_label("quote_sent", SALES) == "Quote sent"
    assert disposition_label("resolved", SALES) == "Won"  # the queue's word beats the default


def test_queues_without_a_list_or_gone_use_the_default_list() -> None:
    assert disposition_label("follow_up", None) == "Follow-up needed"
    assert disposition_label("no_response", SALES) == "Customer stopped responding"


def test_a_code_no_list_knows_has_no_label() -> None:
    assert disposition_label("refund_issued", SALES) is None
    assert disposition_label("refund_issued", None) is None
