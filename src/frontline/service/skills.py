"""Use cases for the skill catalogue. A skill in use by an agent or a queue cannot be deleted:
silently dropping it would change who is routed what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.domain.org.errors import Conflict
from frontline.domain.org.roles import Permission
from frontline.domain.org.skills import Skill
from frontline.domain.org.users import Principal
from frontline.service import audit_trail
from frontline.service.access import apply_changes, ensure, found
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import UnitOfWork

ENTITY = "skill"
EDITABLE = frozenset({"description"})


@dataclass(frozen=True)
class CreateSkill:
    name: str
    description: str = ""


@dataclass(frozen=True)
class UpdateSkill:
    skill_id: int
    changes: Mapping[str, Any]


def create_skill(uow: UnitOfWork, actor: Principal, cmd: CreateSkill) -> Skill:
    ensure(actor, Permission.SKILLS_MANAGE)
    skill = Skill(name=cmd.name, description=cmd.description)
    with uow:
        if uow.skills.get_by_name(skill.name) is not None:
            raise Conflict(f"a skill named {skill.name!r} already exists")
        skill = uow.skills.add(skill)
        audit_trail.record(uow, actor, ENTITY, skill.id, None, skill)
        uow.commit()
    return skill


def update_skill(uow: UnitOfWork, actor: Principal, cmd: UpdateSkill) -> Skill:
    ensure(actor, Permission.SKILLS_MANAGE)
    with uow:
        before = found(uow.skills.get(cmd.skill_id), ENTITY, cmd.skill_id)
        after = apply_changes(before, cmd.changes, EDITABLE)
        uow.skills.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()
    return after


def delete_skill(uow: UnitOfWork, actor: Principal, skill_id: int) -> None:
    ensure(actor, Permission.SKILLS_MANAGE)
    with uow:
        before = found(uow.skills.get(skill_id), ENTITY, skill_id)
        if uow.skills.in_use(skill_id):
            raise Conflict(f"skill {before.name!r} is used by agents or queues")
        uow.skills.delete(skill_id)
        audit_trail.record(uow, actor, ENTITY, skill_id, before, None)
        uow.commit()


def get_skill(uow: UnitOfWork, actor: Principal, skill_id: int) -> Skill:
    ensure(actor, Permission.SKILLS_READ)
    with uow:
        return found(uow.skills.get(skill_id), ENTITY, skill_id)


def list_skills(uow: UnitOfWork, actor: Principal, page: Page) -> PageResult[Skill]:
    ensure(actor, Permission.SKILLS_READ)
    with uow:
        return uow.skills.list(page)
