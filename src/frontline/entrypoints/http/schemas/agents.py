"""Agent profiles: skills with proficiency and capacity per channel."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from frontline.domain.channels import Channel
from frontline.domain.org.agents import DEFAULT_CAPACITY, MAX_CAPACITY, MAX_SKILLS, Agent
from frontline.entrypoints.http.schemas.common import Id, InputModel, PatchModel, Slug

Level = Annotated[int, Field(ge=1, le=5)]
Limit = Annotated[int, Field(ge=0, le=MAX_CAPACITY)]


class SkillLevel(InputModel):
    skill: Slug
    proficiency: Level


def _no_duplicates(levels: list[SkillLevel] | None) -> list[SkillLevel] | None:
    names = [level.skill.lower() for level in levels or []]
    if len(names) != len(set(names)):
        raise ValueError("each skill may appear only once")
    return levels


class Capacity(InputModel):
    """How many contacts of each channel the agent may handle at the same time."""

    voice: Annotated[int, Field(ge=0, le=1)] = DEFAULT_CAPACITY[Channel.VOICE]
    chat: Limit = DEFAULT_CAPACITY[Channel.CHAT]
    email: Limit = DEFAULT_CAPACITY[Channel.EMAIL]
    sms: Limit = DEFAULT_CAPACITY[Channel.SMS]

    def to_domain(self) -> dict[Channel, int]:
        return {channel: getattr(self, channel.value) for channel in Channel}


class AgentIn(InputModel):
    user_id: Id
    team_id: Id | None = None
    skills: list[SkillLevel] = Field(default_factory=list, max_length=MAX_SKILLS)
    capacity: Capacity = Field(default_factory=Capacity)

    _unique = field_validator("skills")(_no_duplicates)


class AgentPatch(PatchModel):
    nullable = frozenset({"team_id"})
    team_id: Id | None = None
    capacity: Capacity | None = None
    skills: list[SkillLevel] | None = Field(default=None, max_length=MAX_SKILLS)

    _unique = field_validator("skills")(_no_duplicates)


class SkillsIn(InputModel):
    skills: list[SkillLevel] = Field(max_length=MAX_SKILLS)

    _unique = field_validator("skills")(_no_duplicates)


def levels(skills: list[SkillLevel]) -> dict[str, int]:
    return {level.skill.lower(): level.proficiency for level in skills}


class SkillLevelOut(BaseModel):
    skill: str
    proficiency: int


class AgentOut(BaseModel):
    id: int
    user_id: int
    team_id: int | None
    skills: list[SkillLevelOut]
    capacity: dict[Channel, int]

    @classmethod
    def of(cls, agent: Agent) -> AgentOut:
        return cls(
            id=agent.id,
            user_id=agent.user_id,
            team_id=agent.team_id,
            skills=[SkillLevelOut(skill=s, proficiency=p) for s, p in sorted(agent.skills.items())],
            capacity=dict(agent.capacity),
        )
