"""Email conversation threading: which conversation a message belongs to, and reply headers.

Customers answer from phones, webmail and desktop clients that disagree on how to thread, so
the rules follow RFC 5322 §3.6.4 first (Message-ID, In-Reply-To, References) and fall back to
the normalised subject from the same sender within a time window only when no identifier
matches (clients that drop the headers, forwarded copies, "reply" by starting a new mail).
Pure: lookups go through `ConversationLookup`, and identifiers and clocks are passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

#: A msg-id is "<" id-left "@" id-right ">" (RFC 5322 §3.6.4); be lenient about the inside.
_MSG_ID = re.compile(r"<([^<>\s]+)>")
#: Reply markers that clients prepend: English "Re", German "AW", Nordic "SV", Dutch "Antw",
#: French "Ref", with optional counters such as "Re[2]:" or "Re^3:".
_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|sv|antw|ref)(?:\s*[\[(^]?\d+[\])]?)?\s*:\s*", re.I)
_FORWARD_PREFIX = re.compile(r"^\s*(?:fwd?|wg|tr|vs|doorst)\s*:\s*", re.I)
_MAILING_TAG = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")
_SPACES = re.compile(r"\s+")
_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")

#: Keep References bounded: the first id (the thread root) plus the most recent ones, as
#: common clients do, so a long exchange never produces an unbounded header.
MAX_REFERENCES = 20
DEFAULT_SUBJECT_WINDOW = timedelta(days=7)


def parse_message_ids(header_value: str | None) -> tuple[str, ...]:
    """Return the msg-ids of a Message-ID/In-Reply-To/References value, in order, with <>.

    Bare ids without angle brackets (seen from broken clients) are accepted when the value
    holds exactly one token containing "@".
    """
    if not header_value:
        return ()
    found = tuple(f"<{inner}>" for inner in _MSG_ID.findall(header_value))
    if found:
        return tuple(dict.fromkeys(found))
    bare = header_value.strip()
    if bare and "@" in bare and not _SPACES.search(bare):
        return (f"<{bare}>",)
    return ()


def strip_reply_prefixes(subject: str) -> str:
    """Remove any stack of leading reply markers and mailing-list tags ("[Ticket 12] Re: Re:")."""
    text = subject
    while True:
        stripped = _MAILING_TAG.sub("", _REPLY_PREFIX.sub("", text), count=1)
        if stripped == text:
            return text.strip()
        text = stripped


def normalise_subject(subject: str | None) -> str:
    """Key for the subject fallback: no reply/forward markers, spaces collapsed, casefolded."""
    text = subject or ""
    while True:
        stripped = _FORWARD_PREFIX.sub("", strip_reply_prefixes(text), count=1)
        if stripped == text:
            break
        text = stripped
    return _SPACES.sub(" ", text).strip().casefold()


def reply_subject(subject: str | None) -> str:
    """ "Re: " plus the original subject without stacking "Re: Re:" (RFC 5322 §3.6.5)."""
    base = _SPACES.sub(" ", strip_reply_prefixes(subject or "")).strip()
    return f"Re: {base}" if base else "Re:"


def make_message_id(unique: str, domain: str) -> str:
    """Format a msg-id on our domain; `unique` must be globally unique (the caller's uuid)."""
    if not _DOT_ATOM.match(unique):
        raise ValueError(f"message-id left part is not a dot-atom: {unique!r}")
    if not _DOT_ATOM.match(domain):
        raise ValueError(f"message-id domain is not a dot-atom: {domain!r}")
    return f"<{unique}@{domain}>"


@dataclass(frozen=True, slots=True)
class ThreadingFacts:
    """What threading needs to know about one inbound message."""

    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    sender: str
    received_at: datetime


class MatchedBy(StrEnum):
    """Which rule placed a message in its conversation; kept for audit and debugging."""

    MESSAGE_ID = "message-id"
    IN_REPLY_TO = "in-reply-to"
    REFERENCES = "references"
    SUBJECT = "subject"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class ConversationMatch:
    key: str
    matched_by: MatchedBy


class ConversationLookup(Protocol):
    """Where already-threaded messages are found (the database, or the in-memory index)."""

    def by_message_id(self, message_id: str) -> str | None: ...

    def by_subject(self, normalised_subject: str, sender: str, since: datetime) -> str | None: ...


def resolve_conversation(
    facts: ThreadingFacts,
    lookup: ConversationLookup,
    new_key: str,
    subject_window: timedelta = DEFAULT_SUBJECT_WINDOW,
) -> ConversationMatch:
    """Find the conversation of `facts`, or start `new_key`.

    Order: the message itself (a redelivery), In-Reply-To, References from the most recent
    to the root, then the normalised subject from the same sender within `subject_window`.
    An empty normalised subject never matches: "(no subject)" mails are unrelated.
    """
    if (key := lookup.by_message_id(facts.message_id)) is not None:
        return ConversationMatch(key, MatchedBy.MESSAGE_ID)
    for parent in facts.in_reply_to:
        if (key := lookup.by_message_id(parent)) is not None:
            return ConversationMatch(key, MatchedBy.IN_REPLY_TO)
    for ancestor in reversed(facts.references):
        if (key := lookup.by_message_id(ancestor)) is not None:
            return ConversationMatch(key, MatchedBy.REFERENCES)
    subject = normalise_subject(facts.subject)
    if subject:
        since = facts.received_at - subject_window
        key = lookup.by_subject(subject, facts.sender.casefold(), since)
        if key is not None:
            return ConversationMatch(key, MatchedBy.SUBJECT)
    return ConversationMatch(new_key, MatchedBy.NEW)


@dataclass(frozen=True, slots=True)
class ReplyHeaders:
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    subject: str


def build_reply_headers(
    parent_message_id: str,
    parent_references: tuple[str, ...],
    parent_in_reply_to: tuple[str, ...],
    parent_subject: str | None,
    new_message_id: str,
) -> ReplyHeaders:
    """Headers of a reply per RFC 5322 §3.6.4.

    References = the parent's References (or, when it has none, its single In-Reply-To)
    followed by the parent's Message-ID, trimmed to the root plus the newest ids.
    """
    ancestors = parent_references
    if not ancestors and len(parent_in_reply_to) == 1:
        ancestors = parent_in_reply_to
    chain = [ref for ref in dict.fromkeys(ancestors) if ref != parent_message_id]
    chain.append(parent_message_id)
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    return ReplyHeaders(
        message_id=new_message_id,
        in_reply_to=parent_message_id,
        references=tuple(chain),
        subject=reply_subject(parent_subject),
    )


@dataclass(slots=True)
class InMemoryConversationIndex:
    """A `ConversationLookup` kept in memory: the reference behaviour the database mirrors."""

    _by_id: dict[str, str] = field(default_factory=dict)
    _by_subject: dict[tuple[str, str], tuple[str, datetime]] = field(default_factory=dict)

    def by_message_id(self, message_id: str) -> str | None:
        return self._by_id.get(message_id)

    def by_subject(self, normalised_subject: str, sender: str, since: datetime) -> str | None:
        hit = self._by_subject.get((normalised_subject, sender))
        if hit is None or hit[1] < since:
            return None
        return hit[0]

    def record(self, facts: ThreadingFacts, key: str) -> None:
        """Remember a threaded message so later replies and redeliveries find it."""
        self._by_id[facts.message_id] = key
        subject = normalise_subject(facts.subject)
        if subject:
            entry = (subject, facts.sender.casefold())
            previous = self._by_subject.get(entry)
            if previous is None or previous[1] <= facts.received_at:
                self._by_subject[entry] = (key, facts.received_at)

    def link(self, message_id: str, key: str) -> None:
        """Remember one of our own outbound messages, so answers to it find the conversation."""
        self._by_id[message_id] = key

    def thread(self, facts: ThreadingFacts, new_key: str) -> ConversationMatch:
        """Resolve and record in one step."""
        match = resolve_conversation(facts, self, new_key)
        self.record(facts, match.key)
        return match
