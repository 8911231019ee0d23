"""The interaction status machine and the message rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from frontline.domain.channels import Channel
from frontline.domain.live.dispositions import DISPOSITIONS, check_disposition, check_notes
from frontline.domain.live.interactions import (
    TRANSITIONS,
    EndedBy,
    Interaction,
    InteractionStatus,
    customer_status,
)
from frontline.domain.live.messages import MAX_MESSAGE_CHARS, check_message_text
from frontline.domain.org.errors import Conflict, InvalidValue

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
S = InteractionStatus


def chat() -> Interaction:
    return Interaction(7, Channel.CHAT, "general", 1, "Dana", "dana@example.com", AT)


def test_the_happy_path_ends_closed_with_its_disposition() -> None:
    interaction = chat()
    interaction.offer(3)
    interaction.accept(3, AT)
    interaction.end(EndedBy.CUSTOMER, AT)
    interaction.close("resolved", "ok", AT)
    assert interaction.status is S.CLOSED
    assert (interaction.agent_user_id, interaction.disposition) == (3, "resolved")
    assert interaction.ended_by is EndedBy.CUSTOMER


def test_only_the_agent_holding_the_offer_can_accept_it() -> None:
    interaction = chat()
    interaction.offer(3)
    with pytest.raises(Conflict):
        interaction.accept(4, AT)
    interaction.withdraw_offer()
    with pytest.raises(Conflict):
        interaction.accept(3, AT)


def test_a_transfer_keeps_the_arrival_and_the_first_answer_time() -> None:
    interaction = chat()
    interaction.offer(3)
    interaction.accept(3, AT)
    interaction.back_to_queue("billing")
    assert (interaction.status, interaction.queue, interaction.agent_user_id) == (
        S.WAITING,
        "billing",
        None,
    )
    later = datetime(2026, 3, 2, 9, 35, tzinfo=UTC)
    interaction.offer(5)
    interaction.accept(5, later)
    assert interaction.accepted_at == AT and interaction.created_at == AT


@pytest.mark.parametrize("final", [S.CLOSED, S.ABANDONED])
def test_finished_interactions_accept_nothing_more(final: InteractionStatus) -> None:
    interaction = chat()
    if final is S.ABANDONED:
        interaction.abandon(AT)
    else:
        interaction.offer(3)
        interaction.accept(3, AT)
        interaction.end(EndedBy.AGENT, AT)
        interaction.close("resolved", "", AT)
    assert TRANSITIONS[final] == frozenset()
    for move in (
        lambda: interaction.offer(3),
        lambda: interaction.abandon(AT),
        lambda: interaction.end(EndedBy.AGENT, AT),
    ):
        with pytest.raises(Conflict):
            move()


def test_an_active_chat_cannot_be_abandoned_it_is_ended() -> None:
    interaction = chat()
    interaction.offer(3)
    interaction.accept(3, AT)
    with pytest.raises(Conflict):
        interaction.abandon(AT)


def test_the_customer_sees_four_statuses() -> None:
    assert {customer_status(s) for s in S} == {"waiting", "active", "ended", "bot"}
    assert customer_status(S.SELF_SERVICE) == "bot"
    assert customer_status(S.OFFERED) == "waiting"
    assert customer_status(S.WRAP_UP) == "ended"


def test_message_text_is_kept_verbatim_within_the_rules() -> None:
    markup = '<script>alert("x")</script> & <b>'
    assert check_message_text(markup) == markup
    assert (
        check_message_text("line one\nline two\r\n\tindented") == "line one\nline two\r\n\tindented"
    )
    assert check_message_text("x" * MAX_MESSAGE_CHARS) == "x" * MAX_MESSAGE_CHARS
    for bad in ("", "   \n", "x" * (MAX_MESSAGE_CHARS + 1), "nul\x00", "bell\x07"):
        with pytest.raises(InvalidValue):
            check_message_text(bad)


def test_dispositions_are_a_closed_list() -> None:
    assert check_disposition("resolved") == "resolved"
    assert "resolved" in DISPOSITIONS
    with pytest.raises(InvalidValue):
        check_disposition("Resolved")
    with pytest.raises(InvalidValue):
        check_notes("x" * 4001)
