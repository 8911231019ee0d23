"""Prompt text in one or several languages, with ``{placeholders}`` filled from the flow's data.

Placeholders name a dotted path (``{data.account.balance}``, ``{customer.first_name}``) and are
resolved by walking plain mappings. Nothing is evaluated: ``str.format`` would let a flow author
reach object attributes, so this module substitutes with a regular expression instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}")

ANY_LANGUAGE = ""
"""The language key of a text written once for every language."""


@dataclass(frozen=True, slots=True)
class Text:
    """A text with one variant per language tag (``en-US``), or one for all (`ANY_LANGUAGE`)."""

    variants: tuple[tuple[str, str], ...]

    @classmethod
    def plain(cls, text: str) -> Text:
        return cls(((ANY_LANGUAGE, text),))

    def pick(self, language: str, default_language: str) -> tuple[str, str]:
        """The variant for ``language``, else the default language, else the first; with its tag.

        The returned tag is the language the words are really in, so a voice renders Spanish
        words with a Spanish voice even when the caller chose a language the text lacks.
        """
        by_language = dict(self.variants)
        for wanted in (language, default_language):
            if wanted in by_language:
                return by_language[wanted], wanted
        if ANY_LANGUAGE in by_language:
            return by_language[ANY_LANGUAGE], language
        tag, text = self.variants[0]
        return text, tag

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(tag for tag, _ in self.variants if tag != ANY_LANGUAGE)


def resolve_path(scope: Mapping[str, object], path: str) -> object:
    """The value at a dotted ``path`` through nested mappings, or None when any step is missing."""
    value: object = scope
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def display(value: object) -> str:
    """How a value reads in a prompt: booleans as yes/no, missing values as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def fill(template: str, scope: Mapping[str, object]) -> str:
    """Replace each ``{path}`` by the displayed value at that path in ``scope``."""
    return _PLACEHOLDER.sub(lambda match: display(resolve_path(scope, match.group(1))), template)


def placeholders(template: str) -> list[str]:
    """The paths a template refers to (used by validation to check their roots)."""
    return _PLACEHOLDER.findall(template)
