"""Where the fulfiller's answers come from inside the platform: public knowledge-base articles
and customer records (HTTP backends are an adapter: ``frontline.adapters.flow_backends``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from frontline.service.crm.kb import search_public_articles
from frontline.service.crm.ports import CrmUnitOfWork
from frontline.service.pagination import Page
from frontline.service.ports import CustomerFilter, UnitOfWork
from frontline.service.selfservice.ports import JsonDict

_MARKUP = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s?)|\*\*|__|`", re.MULTILINE)
MAX_ANSWER_CHARS = 1500


def plain_text(markdown: str) -> str:
    """Article bodies are Markdown; the bot says or shows them as plain sentences."""
    text = _MARKUP.sub("", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return text[:MAX_ANSWER_CHARS]


class KnowledgeBaseArticles:
    """The best *public* article for a key such as an intent name (``card_arrival``)."""

    def __init__(self, uow: Callable[[], CrmUnitOfWork]) -> None:
        self.uow = uow

    def public_article(self, key: str) -> tuple[str, str] | None:
        words = key.replace("_", " ").replace("-", " ")
        hits = search_public_articles(self.uow(), words, limit=1)
        if not hits:
            return None
        work = self.uow()
        with work:
            article = work.kb.get(int(hits[0]["article_id"]))
        if article is None or article.audience != "public":
            return None
        return article.title, plain_text(article.body)


class PlatformCustomers:
    """Customer records by phone number, for ``lookup`` nodes with ``source: customer``."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self.uow = uow

    def by_phone(self, phone: str) -> JsonDict | None:
        with self.uow() as work:
            found = work.customers.list(CustomerFilter(phone=phone), Page(limit=1)).items
        if not found:
            return None
        customer = found[0]
        first, _, last = customer.name.partition(" ")
        record: dict[str, Any] = {
            "id": customer.id,
            "name": customer.name,
            "first_name": first,
            "last_name": last,
            "emails": list(customer.emails),
            "phones": list(customer.phones),
            **{str(k): v for k, v in customer.attributes.items()},
        }
        return record
