"""Threading rules of RFC 5322 §3.6.4, plus the subject fallback and reply subjects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.domain.email_thread import (
    MAX_REFERENCES,
    InMemoryConversationIndex,
    MatchedBy,
    ThreadingFacts,
    build_reply_headers,
    make_message_id,
    normalise_subject,
    parse_message_ids,
    reply_subject,
    resolve_conversation,
)

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)


def facts(
    message_id: str,
    *,
    in_reply_to: tuple[str, ...] = (),
    references: tuple[str, ...] = (),
    subject: str = "Card blocked",
    sender: str = "ana@example.org",
    at: datetime = T0,
) -> ThreadingFacts:
    return ThreadingFacts(message_id, in_reply_to, references, subject, sender, at)


class TestParseMessageIds:
    def test_references_keep_order_and_brackets(self) -> None:
        value = "<a@x.example>\r\n <b@y.example> <c@z.example>"
        assert parse_message_ids(value) == ("<a@x.example>", "<b@y.example>", "<c@z.example>")

    def test_duplicates_are_dropped_keeping_first_position(self) -> None:
        assert parse_message_ids("<a@x> <b@x> <a@x>") == ("<a@x>", "<b@x>")

    def test_comments_and_phrases_around_ids_are_ignored(self) -> None:
        # RFC 5322 §4.5.4 (obsolete syntax) allows phrases in In-Reply-To.
        value = 'Your message of "Mon" (comment) <1234@local.machine.example>'
        assert parse_message_ids(value) == ("<1234@local.machine.example>",)

    def test_single_bare_id_is_accepted(self) -> None:
        assert parse_message_ids("  abc.123@mail.example ") == ("<abc.123@mail.example>",)

    @pytest.mark.parametrize("value", [None, "", "   ", "no id here", "two bare@a ids@b"])
    def test_values_without_ids_give_nothing(self, value: str | None) -> None:
        assert parse_message_ids(value) == ()


class TestSubjects:
    @pytest.mark.parametrize(
        ("subject", "expected"),
        [
            ("Card blocked", "Re: Card blocked"),
            ("Re: Card blocked", "Re: Card blocked"),
            ("RE: re: Re: Card blocked", "Re: Card blocked"),
            ("AW: Sv: Antw: Card blocked", "Re: Card blocked"),
            ("Re[2]: Card blocked", "Re: Card blocked"),
            ("Re:Card   blocked", "Re: Card blocked"),
            ("[Ticket #12] Re: Card blocked", "Re: Card blocked"),
            ("Fwd: Card blocked", "Re: Fwd: Card blocked"),
            ("", "Re:"),
            ("Regarding my card", "Re: Regarding my card"),
        ],
    )
    def test_reply_subject_never_stacks(self, subject: str, expected: str) -> None:
        assert reply_subject(subject) == expected

    @pytest.mark.parametrize(
        "subject",
        ["Card  Blocked", "RE: card blocked", "Fwd: Re: CARD blocked", "WG: AW: card blocked"],
    )
    def test_normalised_subject_ignores_markers_case_and_spacing(self, subject: str) -> None:
        assert normalise_subject(subject) == "card blocked"

    def test_word_starting_with_re_is_not_a_marker(self) -> None:
        assert normalise_subject("Refund please") == "refund please"

    @given(st.text(max_size=60))
    def test_reply_subject_is_idempotent(self, subject: str) -> None:
        once = reply_subject(subject)
        assert reply_subject(once) == once
        assert once.startswith("Re:")


class TestMessageIds:
    def test_message_id_is_on_our_domain(self) -> None:
        assert make_message_id("0f3a", "mail.frontline.example") == "<0f3a@mail.frontline.example>"

    @pytest.mark.parametrize(("left", "domain"), [("a b", "x.example"), ("a", "x..example")])
    def test_invalid_parts_are_refused(self, left: str, domain: str) -> None:
        with pytest.raises(ValueError, match="dot-atom"):
            make_message_id(left, domain)


class TestReplyHeaders:
    def test_rfc5322_appendix_a_2_example(self) -> None:
        # RFC 5322 Appendix A.2: the reply to <1234@local.machine.example> has
        # In-Reply-To and References of that id; the reply to the reply References both.
        first = build_reply_headers(
            "<1234@local.machine.example>", (), (), "Saying Hello", "<3456@example.net>"
        )
        assert first.in_reply_to == "<1234@local.machine.example>"
        assert first.references == ("<1234@local.machine.example>",)
        assert first.subject == "Re: Saying Hello"
        second = build_reply_headers(
            "<3456@example.net>",
            first.references,
            (first.in_reply_to,),
            first.subject,
            "<abcd.1234@local.machine.test>",
        )
        assert second.in_reply_to == "<3456@example.net>"
        assert second.references == ("<1234@local.machine.example>", "<3456@example.net>")
        assert second.subject == "Re: Saying Hello"

    def test_parent_without_references_uses_its_single_in_reply_to(self) -> None:
        headers = build_reply_headers("<b@x>", (), ("<a@x>",), "s", "<c@y>")
        assert headers.references == ("<a@x>", "<b@x>")

    def test_parent_with_several_in_reply_to_does_not_guess(self) -> None:
        headers = build_reply_headers("<b@x>", (), ("<a@x>", "<z@x>"), "s", "<c@y>")
        assert headers.references == ("<b@x>",)

    def test_long_chains_keep_root_and_newest(self) -> None:
        chain = tuple(f"<m{i}@x>" for i in range(40))
        headers = build_reply_headers("<m40@x>", chain, (), "s", "<new@y>")
        assert len(headers.references) == MAX_REFERENCES
        assert headers.references[0] == "<m0@x>"
        assert headers.references[-1] == "<m40@x>"
        assert headers.references[-2] == "<m39@x>"


class TestResolveConversation:
    def test_reply_chain_of_three_lands_in_one_conversation(self) -> None:
        index = InMemoryConversationIndex()
        first = index.thread(facts("<1@c>"), "conv-1")
        index.link("<agent-1@us>", first.key)  # our answer
        second = index.thread(
            facts("<2@c>", in_reply_to=("<agent-1@us>",), references=("<1@c>", "<agent-1@us>")),
            "conv-2",
        )
        third = index.thread(facts("<3@c>", references=("<1@c>", "<agent-1@us>", "<2@c>")), "c3")
        assert (first.matched_by, second.matched_by, third.matched_by) == (
            MatchedBy.NEW,
            MatchedBy.IN_REPLY_TO,
            MatchedBy.REFERENCES,
        )
        assert first.key == second.key == third.key == "conv-1"

    def test_redelivery_of_the_same_message_is_recognised(self) -> None:
        index = InMemoryConversationIndex()
        index.thread(facts("<1@c>"), "conv-1")
        again = resolve_conversation(facts("<1@c>"), index, "conv-9")
        assert again.matched_by is MatchedBy.MESSAGE_ID
        assert again.key == "conv-1"

    def test_most_recent_reference_wins(self) -> None:
        index = InMemoryConversationIndex()
        index.link("<old@c>", "conv-old")
        index.link("<new@c>", "conv-new")
        match = resolve_conversation(facts("<x@c>", references=("<old@c>", "<new@c>")), index, "n")
        assert match.key == "conv-new"

    def test_subject_fallback_same_sender_within_window(self) -> None:
        index = InMemoryConversationIndex()
        index.thread(facts("<1@c>", subject="Card blocked"), "conv-1")
        later = facts("<2@c>", subject="RE: card  BLOCKED", at=T0 + timedelta(days=2))
        match = resolve_conversation(later, index, "conv-2")
        assert (match.key, match.matched_by) == ("conv-1", MatchedBy.SUBJECT)

    def test_subject_fallback_is_sender_specific(self) -> None:
        index = InMemoryConversationIndex()
        index.thread(facts("<1@c>"), "conv-1")
        other = facts("<2@c>", sender="bob@example.org")
        assert resolve_conversation(other, index, "conv-2").matched_by is MatchedBy.NEW

    def test_sender_match_ignores_case(self) -> None:
        index = InMemoryConversationIndex()
        index.thread(facts("<1@c>", sender="Ana@Example.org"), "conv-1")
        assert resolve_conversation(facts("<2@c>"), index, "n").key == "conv-1"

    def test_subject_fallback_expires_after_window(self) -> None:
        index = InMemoryConversationIndex()
        index.thread(facts("<1@c>"), "conv-1")
        late = facts("<2@c>", at=T0 + timedelta(days=7, seconds=1))
        assert resolve_conversation(late, index, "conv-2").key == "conv-2"
        just_in = facts("<3@c>", at=T0 + timedelta(days=7))
        assert resolve_conversation(just_in, index, "conv-3").key == "conv-1"

    def test_empty_subjects_never_match_each_other(self) -> None:
        index = InMemoryConversationIndex()
        index.thread(facts("<1@c>", subject=""), "conv-1")
        match = resolve_conversation(facts("<2@c>", subject="Re: "), index, "conv-2")
        assert match.matched_by is MatchedBy.NEW

    def test_unknown_parent_falls_back_to_subject(self) -> None:
        index = InMemoryConversationIndex()
        index.thread(facts("<1@c>"), "conv-1")
        orphan = facts("<2@c>", in_reply_to=("<lost@elsewhere>",), subject="Re: Card blocked")
        assert resolve_conversation(orphan, index, "n").matched_by is MatchedBy.SUBJECT
