"""Pages of list results: every list endpoint returns a slice plus the total behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")

MAX_LIMIT = 500


@dataclass(frozen=True)
class Page:
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.offset < 0:
            raise ValueError("offset must not be negative")


@dataclass(frozen=True)
class PageResult(Generic[T]):
    items: list[T]
    total: int
    page: Page

    def map(self, convert: Callable[[T], U]) -> PageResult[U]:
        return PageResult([convert(item) for item in self.items], self.total, self.page)
