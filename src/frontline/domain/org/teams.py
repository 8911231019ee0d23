"""Teams group agents under a lead; team leads see the agents of the teams they lead."""

from __future__ import annotations

from dataclasses import dataclass

from frontline.domain.org.text import clean_text


@dataclass
class Team:
    name: str
    lead_user_id: int | None = None
    description: str = ""
    id: int = 0

    def __post_init__(self) -> None:
        self.name = clean_text(self.name, "name", max_length=100)
        self.description = clean_text(
            self.description, "description", max_length=1000, min_length=0
        )
