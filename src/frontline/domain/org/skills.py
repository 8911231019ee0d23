"""Skills: what an agent can handle (a language, a product, a tier) and queues require."""

from __future__ import annotations

from dataclasses import dataclass

from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.text import clean_slug, clean_text

MIN_PROFICIENCY = 1
MAX_PROFICIENCY = 5


@dataclass
class Skill:
    name: str
    description: str = ""
    id: int = 0

    def __post_init__(self) -> None:
        self.name = clean_slug(self.name, "skill name")
        self.description = clean_text(
            self.description, "description", max_length=1000, min_length=0
        )


def check_proficiency(level: int, field: str = "proficiency") -> int:
    """Proficiency is the usual 1 (learning) to 5 (expert) scale routing weighs agents by."""
    if not MIN_PROFICIENCY <= level <= MAX_PROFICIENCY:
        raise InvalidValue(f"{field} must be between {MIN_PROFICIENCY} and {MAX_PROFICIENCY}")
    return level
