"""Teams and skills."""

from __future__ import annotations

from pydantic import BaseModel

from frontline.domain.org.skills import Skill
from frontline.domain.org.teams import Team
from frontline.entrypoints.http.schemas.common import (
    Description,
    Id,
    InputModel,
    PatchModel,
    ShortName,
    Slug,
)


class TeamIn(InputModel):
    name: ShortName
    description: Description = ""
    lead_user_id: Id | None = None


class TeamPatch(PatchModel):
    nullable = frozenset({"lead_user_id"})
    name: ShortName | None = None
    description: Description | None = None
    lead_user_id: Id | None = None


class TeamOut(BaseModel):
    id: int
    name: str
    description: str
    lead_user_id: int | None

    @classmethod
    def of(cls, team: Team) -> TeamOut:
        return cls(
            id=team.id,
            name=team.name,
            description=team.description,
            lead_user_id=team.lead_user_id,
        )


class SkillIn(InputModel):
    name: Slug
    description: Description = ""


class SkillPatch(PatchModel):
    description: Description | None = None


class SkillOut(BaseModel):
    id: int
    name: str
    description: str

    @classmethod
    def of(cls, skill: Skill) -> SkillOut:
        return cls(id=skill.id, name=skill.name, description=skill.description)
