"""The tables of the organisation model, as typed SQLAlchemy 2.x declarative classes.

Rows are not domain objects: repositories translate, so the domain stays free of ORM state and
the schema can be normalised for queries (one row per skill, channel, phone) the domain never sees.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from frontline.adapters.db.types import JsonColumn, UtcDateTime

CHILDREN = "all, delete-orphan"


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    roles: Mapped[list[UserRoleRow]] = relationship(cascade=CHILDREN, lazy="selectin")


class UserRoleRow(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class TeamRow(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    lead_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class SkillRow(Base):
    __tablename__ = "skills"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")


class AgentRow(Base):
    __tablename__ = "agents"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="RESTRICT"), index=True
    )
    skills: Mapped[list[AgentSkillRow]] = relationship(cascade=CHILDREN, lazy="selectin")
    capacities: Mapped[list[AgentCapacityRow]] = relationship(cascade=CHILDREN, lazy="selectin")


class AgentSkillRow(Base):
    __tablename__ = "agent_skills"
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    proficiency: Mapped[int]
    skill: Mapped[SkillRow] = relationship(lazy="selectin")


class AgentCapacityRow(Base):
    __tablename__ = "agent_capacities"
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    max_concurrent: Mapped[int]


class QueueRow(Base):
    __tablename__ = "queues"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    priority: Mapped[int] = mapped_column(default=0)
    sl_percent: Mapped[float] = mapped_column(Float())
    sl_threshold_seconds: Mapped[int]
    timezone: Mapped[str | None] = mapped_column(String(64))
    opening_windows: Mapped[Any | None] = mapped_column(JsonColumn)
    disposition_codes: Mapped[Any | None] = mapped_column(JsonColumn)  # None: the default list
    channels: Mapped[list[QueueChannelRow]] = relationship(cascade=CHILDREN, lazy="selectin")
    skills: Mapped[list[QueueSkillRow]] = relationship(cascade=CHILDREN, lazy="selectin")


class QueueChannelRow(Base):
    __tablename__ = "queue_channels"
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)


class QueueSkillRow(Base):
    __tablename__ = "queue_skills"
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    min_proficiency: Mapped[int]
    skill: Mapped[SkillRow] = relationship(lazy="selectin")


class CustomerRow(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    attributes: Mapped[Any] = mapped_column(JsonColumn)
    emails: Mapped[list[CustomerEmailRow]] = relationship(
        cascade=CHILDREN, lazy="selectin", order_by="CustomerEmailRow.position"
    )
    phones: Mapped[list[CustomerPhoneRow]] = relationship(
        cascade=CHILDREN, lazy="selectin", order_by="CustomerPhoneRow.position"
    )


class CustomerEmailRow(Base):
    __tablename__ = "customer_emails"
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(254), primary_key=True, index=True)
    position: Mapped[int]


class CustomerPhoneRow(Base):
    __tablename__ = "customer_phones"
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    position: Mapped[int]


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(index=True)
    actor_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int]
    changes: Mapped[Any] = mapped_column(JsonColumn)
